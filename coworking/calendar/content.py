"""What a booking's calendar event says, in the reader's language (one definition for the
feeds and the single-booking download)."""

from __future__ import annotations

import hashlib
import zoneinfo
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import cache, lru_cache
from pathlib import Path
from threading import Lock

import babel
import icalendar
from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from coworking.bookings.models import Booking
from coworking.calendar.ics import EventData, booking_event, calendar, spans
from coworking.i18n import local_datetime, local_time

try:
    import tzdata
except ImportError:  # zoneinfo then reads the system's database only
    tzdata = None

REFRESH = timedelta(hours=1)
# Serialised events kept per process (~0.5 kB each plus the key): a booking's event is built
# once per state and language, and a feed re-renders only what changed.
EVENT_CACHE_SIZE = 8192


def event_text(data: EventData, *, with_member: bool = False) -> tuple[str, str]:
    summary = _("Desk %(desk)s at %(workspace)s", desk=data.desk_code, workspace=data.workspace_name)
    if with_member:
        summary = f"{data.member_name} · {summary}"
    description = _(
        "%(desk)s, %(workspace)s (%(city)s), %(start)s–%(end)s (%(zone)s).",
        desk=data.desk_code,
        workspace=data.workspace_name,
        city=data.city,
        start=local_datetime(data.starts_at, data.timezone, "short"),
        end=local_time(data.ends_at, data.timezone),
        zone=data.timezone,
    )
    if data.note:
        description += "\n" + data.note
    return summary, description


@cache
def _runtime(root_path: str) -> str:
    hasher = hashlib.sha256()
    for path in sorted(Path(root_path, "translations").rglob("*.mo")):
        hasher.update(str(path.relative_to(root_path)).encode() + b"\0" + path.read_bytes())
    versions = f"icalendar {icalendar.__version__}; babel {babel.__version__}; tzdata {_tzdata_version()}"
    return f"{versions}; catalogs {hasher.hexdigest()[:16]}"


def _tzdata_version() -> str:
    """The IANA release zoneinfo reads: the system's (first on TZPATH) or the tzdata package's."""
    for directory in zoneinfo.TZPATH:
        index = Path(directory, "tzdata.zi")
        if index.is_file():
            with index.open("rb") as handle:
                return handle.readline().decode("ascii", "replace").strip()
    return tzdata.IANA_VERSION if tzdata is not None else "unknown"


def runtime_fingerprint() -> str:
    """What shapes a feed's bytes besides the code and the data: the versions of icalendar,
    Babel and the time zone database, and the compiled catalogs (read once per process).
    In the feeds' validators, so a deploy that changes any of them gives new ETags."""
    return _runtime(current_app.root_path)


_SENTINEL = "00000000-0000-0000-0000-000000000000"


def link_template() -> tuple[str, str]:
    """The booking page's absolute URL around the booking's UUID: (before, after). One
    url_for per feed instead of one per event (the host comes from the request)."""
    before, _sep, after = url_for("bookings.detail", booking_id=_SENTINEL, _external=True).rpartition(_SENTINEL)
    return before, after


@lru_cache(maxsize=EVENT_CACHE_SIZE)
def _event_ical(data: EventData, with_member: bool, uid_domain: str, link: tuple[str, str], locale: str) -> bytes:
    """One VEVENT's bytes. Everything they depend on is in the arguments (``locale`` is the
    one in force, for the texts), so the cache can never serve another state's event."""
    summary, description = event_text(data, with_member=with_member)
    url = f"{link[0]}{data.uuid}{link[1]}"
    return booking_event(data, uid_domain=uid_domain, summary=summary, description=description, url=url).to_ical()


def events_ical(data: Iterable[EventData], *, name: str | None, with_member: bool = False, feed: bool = False) -> bytes:
    """The iCalendar bytes for these events (linking to the booking page), in the current
    locale."""
    items = list(data)
    domain = current_app.config["CALENDAR_UID_DOMAIN"]
    link = link_template()
    locale = str(get_locale())
    events = [_event_ical(item, with_member, domain, link, locale) for item in items]
    return calendar(events, spans(items), name=name, refresh=REFRESH if feed else None)


def ics_for(bookings: list[Booking], *, name: str | None, with_member: bool = False, feed: bool = False) -> bytes:
    """The iCalendar bytes for these bookings (events link to the booking page)."""
    return events_ical(
        [EventData.of(b, with_member=with_member) for b in bookings], name=name, with_member=with_member, feed=feed
    )


class RenderedFeeds:
    """Rendered feeds by their strong ETag, least recently used first out, at most
    ``max_bytes`` of bodies per process. Sound because the ETag is computed, before
    rendering, from everything the bytes depend on (views._feed_parts): equal ETags, equal
    bytes. Serves the clients that poll without If-None-Match (or with an older ETag) while
    nothing changed; any change gives a new ETag, hence a fresh render."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = Lock()

    def get_or_render(self, etag: str, render: Callable[[], bytes]) -> bytes:
        with self._lock:
            body = self._bodies.get(etag)
            if body is not None:
                self._bodies.move_to_end(etag)
                return body
        body = render()
        if len(body) <= self.max_bytes // 16:
            with self._lock:
                if etag not in self._bodies:
                    self._bodies[etag] = body
                    self._size += len(body)
                while self._size > self.max_bytes:
                    _etag, old = self._bodies.popitem(last=False)
                    self._size -= len(old)
        return body

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self._size = 0


FEEDS = RenderedFeeds(max_bytes=16 * 1024 * 1024)
