"""Plans the demo's bookings: who books which desk when, when they made the booking, and
whether they cancelled it later. Nothing is written here; ``coworking.demo.history`` plays the
plan through the booking services, in the order it happened.

The plan keeps what the booking rules will check at the moment each booking is made: opening
hours and the slot grid, closures, desks in service, the longest booking, the notice and how
far ahead bookings open, the limit on upcoming bookings, and never two bookings of one desk or
one member at once. A cancelled booking holds its desk and its member until it is cancelled;
after that, someone may book the slot again.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from coworking.bookings.rules import cutoff_at
from coworking.demo import data
from coworking.demo.members import Member
from coworking.demo.sites import PlannedClosure, Site
from coworking.workspaces.models import Desk
from coworking.workspaces.rules import to_utc

CANCEL_RATE = 0.07
FOREVER = datetime.max.replace(tzinfo=UTC)  # a booking never cancelled holds its desk for good
# Members book from two weeks to half an hour before the start (or the notice, when longer).
LEAD_MINUTES = 14 * 24 * 60


@dataclass
class PlannedBooking:
    site: Site
    desk: Desk
    member: Member
    starts_at: datetime
    ends_at: datetime
    made: datetime  # when its member booked it
    note: str
    cancelled: datetime | None = None  # when its member cancels it
    cancel_reason: str | None = None


class _Timing(NamedTuple):
    made: datetime
    held_until: datetime  # its cancellation, the works' announcement, or FOREVER
    cancelled: datetime | None = None  # when its member cancels it
    reason: str | None = None


def _peak(spans: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> int:
    """The most of ``spans`` (half-open) that are under way at one instant of [start, end)."""
    events = []
    for a, b in spans:
        if a < end and start < b:
            events.append((max(a, start), 1))
            events.append((b, -1))
    events.sort()  # at the same instant an end (-1) comes before a start (+1)
    peak = current = 0
    for _, step in events:
        current += step
        peak = max(peak, current)
    return peak


class BookingPlanner:
    """Plans the bookings day by day, keeping per desk and per member what is taken and when.

    Work desks first (each attending member books a morning, an afternoon, a day or a few hours;
    in a workspace closed over lunch a day is two bookings), then meeting rooms and phone
    booths for members who are free at that time. About 7 % of bookings end up cancelled by
    their member; bookings on days later closed for works are cancelled by the closure.
    """

    def __init__(self, rng: random.Random, sites: list[Site], members: list[Member], now: datetime):
        self.rng = rng
        self.sites = sites
        self.members = members
        self.now = now
        self.plans: list[PlannedBooking] = []
        # Per (member, day offset): (starts_at, ends_at, made, held until) of their bookings; a
        # day's neighbours are checked too, as workspaces' local days straddle different UTC hours.
        self.member_taken: dict[tuple[int, int], list[tuple[datetime, datetime, datetime, datetime]]] = defaultdict(
            list
        )
        self.offset = 0
        # Per (member, workspace): when each booking counted as upcoming, from being made to
        # its end or cancellation (the rules limit how many count at once).
        self.upcoming: dict[tuple[int, int], list[tuple[datetime, datetime]]] = defaultdict(list)
        # Per desk, the current day: (start, end) in local minutes, made, held until.
        self.desk_taken: dict[int, list[tuple[int, int, datetime, datetime]]] = {}
        self.by_home = defaultdict(list)
        for m in members:
            self.by_home[m.home].append(m)

    def plan(self) -> list[PlannedBooking]:
        for offset in range(-data.PAST_DAYS, data.FUTURE_DAYS + 1):
            self.offset = offset
            visitors: dict[int, list[Member]] = defaultdict(list)
            attending: dict[int, list[Member]] = defaultdict(list)
            for member in self.members:
                site_index = member.home
                if member.traveller and self.rng.random() < 0.12:
                    site_index = self.rng.randrange(len(self.sites))
                site = self.sites[site_index]
                day = site.today + timedelta(days=offset)
                if self.rng.random() < self._attendance(member, day, offset):
                    (attending if site_index == member.home else visitors)[site_index].append(member)
            for i, site in enumerate(self.sites):
                self._plan_day(i, site, site.today + timedelta(days=offset), attending[i] + visitors[i])
        return self.plans

    @staticmethod
    def _attendance(member: Member, day: date, offset: int) -> float:
        if day.weekday() == data.SUN:
            return 0.0
        p = member.days_per_week / 5 * (0.15 if day.weekday() == data.SAT else 0.85)
        if offset > 0:  # fewer bookings made yet the further ahead
            p *= 0.9 if offset <= 2 else 0.7 if offset <= 7 else 0.4 if offset <= 14 else 0.15
        return p

    # One workspace, one local day.

    def _plan_day(self, index: int, site: Site, day: date, people: list[Member]) -> None:
        windows = self._windows(site, day)
        if not windows:
            return
        self.desk_taken = {}
        works = site.works_days.get(day)
        desks = [d for d in site.desks if d.in_service_on(day)]
        hot = [d for d in desks if d.kind == "hot_desk"]
        for member in people:
            if member.fixed_desk is not None and member.home == index and member.fixed_desk.in_service_on(day):
                choices = [member.fixed_desk]
            else:
                choices = hot[member.favourite % len(hot) :] + hot[: member.favourite % len(hot)] if hot else []
                choices = choices[:1] + self.rng.sample(choices[1:], len(choices) - 1)
            for start, end in self._member_spans(member, site, windows):
                for desk in choices:
                    if self._try_book(site, day, desk, member, start, end, works):
                        break
        everyone = self.by_home[index] + [m for m in people if m.home != index]
        for desk in desks:
            if desk.kind == "meeting_room":
                self._small_bookings(site, day, desk, everyone, windows, works, count=(0, 3), minutes=(60, 120))
            elif desk.kind == "phone_booth":
                self._small_bookings(site, day, desk, everyone, windows, works, count=(0, 3), minutes=(30, 60))

    def _windows(self, site: Site, day: date) -> list[tuple[int, int]]:
        """Opening windows in local minutes; none on a closed day (works days keep theirs: their
        bookings were made before the works were announced, and the closure cancels them)."""
        if day in site.closed_days and day not in site.works_days:
            return []
        return [
            (h.opens_at.hour * 60 + h.opens_at.minute, h.closes_at.hour * 60 + h.closes_at.minute)
            for h in site.workspace.opening_hours
            if h.weekday == day.weekday()
        ]

    def _member_spans(self, member: Member, site: Site, windows: list[tuple[int, int]]):
        """The local-minute spans a member wants today, after their habit and the hours."""
        habit = member.habit if self.rng.random() < 0.8 else self.rng.choice(("day", "morning", "afternoon", "short"))
        jitter = self.rng.choice((0, 0, 30, 60))
        if habit == "day":
            wants = [(8 * 60 + 30 + jitter, 17 * 60 + jitter + self.rng.choice((0, 30, 60)))]
        elif habit == "morning":
            wants = [(8 * 60 + 30 + jitter, 12 * 60 + 30 + self.rng.choice((0, 30)))]
        elif habit == "afternoon":
            wants = [(13 * 60 + jitter, 17 * 60 + 30 + jitter)]
        else:
            start = self.rng.randrange(9 * 60, 16 * 60, 30)
            wants = [(start, start + self.rng.choice((60, 90, 120, 180)))]
        if habit == "day" and len(windows) > 1:
            wants = list(windows)  # closed over lunch: book the morning and the afternoon
        spans = []
        for want in wants:
            span = self._fit(want, windows, site.workspace.slot_minutes, site.workspace.max_length_minutes)
            if span:
                spans.append(span)
        return spans

    @staticmethod
    def _fit(want: tuple[int, int], windows, slot: int, max_length: int) -> tuple[int, int] | None:
        """Clamp a wish to the window it overlaps most, on the slot grid, within the length limit."""
        start, end = want[0] // slot * slot, -(-want[1] // slot) * slot
        opens, closes = max(windows, key=lambda w: min(end, w[1]) - max(start, w[0]))
        if min(end, closes) - max(start, opens) < min(60, closes - opens):
            return None  # e.g. an afternoon person on a Saturday morning opening
        start = max(opens, min(start, closes - slot))
        end = min(closes, max(end, start + slot))
        end = min(end, start + max_length)
        return (start, end) if start < end else None

    def _small_bookings(self, site, day, desk, people, windows, works, *, count, minutes) -> None:
        slot = site.workspace.slot_minutes
        for _ in range(self.rng.randint(*count)):
            opens, closes = self.rng.choice(windows)
            length = max(slot, self.rng.randrange(minutes[0], minutes[1] + 1, 30) // slot * slot)
            if closes - opens < length:
                continue
            start = opens + self.rng.randrange(0, closes - opens - length + 1, slot)
            for member in self.rng.sample(people, min(4, len(people))):
                if self._try_book(site, day, desk, member, start, start + length, works):
                    break

    def _try_book(
        self, site: Site, day: date, desk: Desk, member: Member, start: int, end: int, works: PlannedClosure | None
    ) -> bool:
        """Plan a booking if desk and member are free while it would hold them and the member
        may book it then. True if planned, even one cancelled later."""
        for a, b, _, held in self.desk_taken.get(desk.id, ()):
            if a < end and start < b and held == FOREVER:
                return False  # the quick answer: taken for good
        ws = site.workspace
        starts_at = to_utc(datetime.combine(day, time(start // 60, start % 60)), site.tz)
        ends_at = to_utc(datetime.combine(day, time(end // 60, end % 60)), site.tz)
        timing = self._timing(site, day, starts_at, works)
        if timing is None:
            return False
        made, held_until = timing.made, timing.held_until
        for a, b, since, held in self.desk_taken.get(desk.id, ()):
            if a < end and start < b and since < held_until and made < held:
                return False
        member_id = member.user.id
        for near in (self.offset - 1, self.offset, self.offset + 1):
            for a, b, since, held in self.member_taken.get((member_id, near), ()):
                if a < ends_at and starts_at < b and since < held_until and made < held:
                    return False
        # The limit on upcoming bookings: never reached while this one counts, and at ``now``
        # the member still has room to book one more.
        upcoming = self.upcoming[(member_id, ws.id)]
        counts_until = min(ends_at, held_until)
        limit = ws.max_active_bookings
        if made < counts_until and _peak(upcoming, made, counts_until) >= limit:
            return False
        if made <= self.now < counts_until and sum(1 for a, b in upcoming if a <= self.now < b) >= limit - 1:
            return False

        self.desk_taken.setdefault(desk.id, []).append((start, end, made, held_until))
        self.member_taken[(member_id, self.offset)].append((starts_at, ends_at, made, held_until))
        if made < counts_until:
            upcoming.append((made, counts_until))
        note = self.rng.choice(data.NOTES) if self.rng.random() < 0.08 else ""
        self.plans.append(
            PlannedBooking(site, desk, member, starts_at, ends_at, made, note, timing.cancelled, timing.reason)
        )
        return True

    def _timing(self, site: Site, day: date, starts_at: datetime, works: PlannedClosure | None) -> _Timing | None:
        """When a booking starting at ``starts_at`` is made and whether its member cancels it;
        None when no moment fits the rules."""
        rng = self.rng
        ws = site.workspace
        notice = ws.min_notice_minutes
        made = starts_at - timedelta(minutes=rng.randint(max(notice, 30), LEAD_MINUTES))
        if made > self.now:
            made = self.now - timedelta(minutes=rng.randint(notice + 1, notice + 3 * 24 * 60))
        # Bookings open ``max_advance_days`` ahead, counted in the workspace's local days.
        opened = datetime.combine(day - timedelta(days=ws.max_advance_days), time(), tzinfo=site.tz).astimezone(UTC)
        made = max(made, opened)
        if works is not None:
            # Booked before the works were announced; the closure cancels it.
            if made >= works.announced:
                made = max(opened, works.announced - timedelta(hours=rng.randint(1, 200)))
            return _Timing(made, works.announced) if made < works.announced else None
        latest = min(self.now, cutoff_at(starts_at, ws.policy))
        if rng.random() < CANCEL_RATE and latest - made > timedelta(minutes=1):
            cancelled = made + timedelta(minutes=1) + (latest - made - timedelta(minutes=1)) * rng.random()
            return _Timing(made, cancelled, cancelled, rng.choice(data.CANCEL_REASONS))
        return _Timing(made, FOREVER)
