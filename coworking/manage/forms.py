"""The forms of the workspace administration pages. Limits come from the services' own
constants (``workspaces.desks``, ``workspaces.services``, ``BookingPolicy.LIMITS``): a form
only gives the manager an early, translated word; the service decides."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp

from coworking.workspaces import desks, floors
from coworking.workspaces.labels import KIND_LABELS
from coworking.workspaces.rules import DESK_KINDS, BookingPolicy
from coworking.workspaces.services import DETAIL_LIMITS

LANGUAGE_CHOICES = [
    SelectChoice("en", "English"),
    SelectChoice("nl", "Nederlands"),
    SelectChoice("fr", "Français"),
    SelectChoice("de", "Deutsch"),
]
HHMM = Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Use hours and minutes, e.g. 09:00."))


class DetailsForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=DETAIL_LIMITS["name"])])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=DETAIL_LIMITS["city"])])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=DETAIL_LIMITS["address"])])
    default_language = SelectField(_l("Language of its mails"), choices=LANGUAGE_CHOICES)
    mail_from = StringField(
        _l("Mailbox its booking mails come from (empty: the cooperative's)"),
        validators=[Optional(), Email(), Length(max=320)],
    )


WINDOWS_PER_DAY = 3  # the page shows two, and a third where a day has one (set through the API)
WINDOWS_SHOWN = 2


class HoursForm(FlaskForm):
    """Up to three opening windows per weekday (``open_<day>_<n>``, ``close_<day>_<n>``); a
    window left empty is none. Built below for the seven days."""


for _day in range(7):
    for _n in range(WINDOWS_PER_DAY):
        setattr(HoursForm, f"open_{_day}_{_n}", StringField(_l("Opens"), validators=[Optional(), HHMM]))
        setattr(HoursForm, f"close_{_day}_{_n}", StringField(_l("Closes"), validators=[Optional(), HHMM]))


# What each setting of the booking policy means, as the page explains it.
POLICY_HELP = {
    "slot_minutes": (
        _l("Time slot (minutes)"),
        _l("Bookings start and end on this grid: with 30, at 09:00 or 09:30, never 09:10. Must divide a day."),
    ),
    "min_notice_minutes": (
        _l("Minimum notice (minutes)"),
        _l("How long before its start a booking must be made at the latest. 0: up to the last moment."),
    ),
    "max_advance_days": (
        _l("Booking window (days)"),
        _l("How many days ahead members may book."),
    ),
    "max_length_minutes": (
        _l("Longest booking (minutes)"),
        _l("The longest a single booking may last; a multiple of the time slot."),
    ),
    "max_active_bookings": (
        _l("Upcoming bookings per member"),
        _l("How many bookings here a member may hold that have not ended yet."),
    ),
    "cancel_cutoff_minutes": (
        _l("Cancellation cut-off (minutes)"),
        _l(
            "Members may cancel until this long before the start (and always within a few minutes of booking). "
            "Managers may cancel until the start."
        ),
    ),
    "check_in_required": (
        _l("Check-in required"),
        _l("Members must check in; a booking not checked in by the end of the grace is released for others."),
    ),
    "check_in_opens_minutes": (
        _l("Check-in opens (minutes before the start)"),
        _l("How early before its start a member may check in."),
    ),
    "check_in_grace_minutes": (
        _l("Check-in grace (minutes after the start)"),
        _l("When check-in is required: how long after the start a booking waits before it is released."),
    ),
}


class PolicyForm(FlaskForm):
    """Every setting of ``BookingPolicy``, with the limits it has."""


for _name, (_low, _high) in BookingPolicy.LIMITS.items():
    setattr(
        PolicyForm,
        _name,
        IntegerField(POLICY_HELP[_name][0], validators=[InputRequired(), NumberRange(_low, _high)]),
    )
for _name in BookingPolicy.FLAGS:
    setattr(PolicyForm, _name, BooleanField(POLICY_HELP[_name][0]))

KIND_CHOICES = [SelectChoice(kind, KIND_LABELS[kind]) for kind in DESK_KINDS]


class DeskForm(FlaskForm):
    """Add a desk, or change one's code, kind, zone and amenities."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=desks.CODE_MAX)])
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES)
    zone = StringField(_l("Zone"), validators=[Optional(), Length(max=desks.ZONE_MAX)])
    amenities = StringField(_l("Amenities (separated by commas)"), validators=[Optional(), Length(max=1100)])
    capacity = IntegerField(
        _l("Capacity (people)"), default=1, validators=[Optional(), NumberRange(1, desks.CAPACITY_MAX)]
    )
    in_service_from = DateField(_l("In service from (empty: today)"), validators=[Optional()])


class ServiceForm(FlaskForm):
    """A desk's service period: from when, and from when it is out of service (the API's
    ``in_service_until`` is the day before)."""

    in_service_from = DateField(_l("In service from"), validators=[InputRequired()])
    out_of_service_from = DateField(_l("Out of service from (empty: stays in service)"), validators=[Optional()])
    reason = StringField(
        _l("Reason (told to members whose bookings this cancels)"),
        validators=[
            Optional(),
            Length(max=desks.REASON_MAX),
        ],
    )


class ClosureForm(FlaskForm):
    start_date = DateField(_l("First closed day"), validators=[InputRequired()])
    end_date = DateField(_l("Last closed day"), validators=[InputRequired()])
    reason = StringField(_l("Reason (members see it)"), validators=[Optional(), Length(max=300)])
    action = HiddenField(default="preview")


class ManagerCancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason (the member is told)"), validators=[DataRequired(), Length(max=300)])


class BookForMemberForm(FlaskForm):
    member = StringField(_l("Member (email address or member number)"), validators=[DataRequired(), Length(max=254)])
    day = DateField(_l("Day"), validators=[InputRequired()])
    desk = SelectField(_l("Desk"), coerce=int, validators=[InputRequired()])
    start = StringField(_l("From"), validators=[DataRequired(), HHMM])
    end = StringField(_l("Until"), validators=[DataRequired(), HHMM])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])


class LiftForm(FlaskForm):
    """Lifting a closure: the button, with CSRF."""


class FloorForm(FlaskForm):
    name = StringField(_l("Name of the floor"), validators=[DataRequired(), Length(max=floors.NAME_MAX)])


class PlanForm(FlaskForm):
    """The plan image: a file (checked by ``workspaces.plans``, not by its name)."""

    plan = FileField(_l("Plan image (SVG, PNG or JPEG, at most 5 MB)"))


class PlaceForm(FlaskForm):
    """A desk's place on the plan in percent of its width and height (the page's no-JavaScript
    way, and what dragging and the arrow keys send); ``action``: ``here`` puts the desk on
    this floor (in the middle), ``remove`` takes it off the floor."""

    x = DecimalField(_l("From the left (%)"), places=1, validators=[Optional(), NumberRange(0, 100)])
    y = DecimalField(_l("From the top (%)"), places=1, validators=[Optional(), NumberRange(0, 100)])
    action = HiddenField(default="move")


class ButtonForm(FlaskForm):
    """A button that changes something (move a floor, remove it): CSRF only."""

    step = HiddenField()
