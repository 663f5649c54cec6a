"""The booking form on a workspace's day page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

PERIOD_CHOICES = [
    SelectChoice("morning", _l("Morning")),
    SelectChoice("afternoon", _l("Afternoon")),
    SelectChoice("day", _l("Whole day")),
    SelectChoice("now", _l("Now until closing")),
    SelectChoice("custom", _l("Choose times")),
]


class BookingForm(FlaskForm):
    day = HiddenField(validators=[DataRequired()])
    # When the page was shown (UTC, ISO 8601): tells a booking made meanwhile (a race) from one
    # the page already showed. It only chooses the wording of a refusal.
    shown_at = HiddenField()
    desk = SelectField(_l("Desk"), coerce=int, validators=[DataRequired()])
    period = RadioField(_l("When"), choices=PERIOD_CHOICES, default="morning", validators=[DataRequired()])
    start = SelectField(_l("From"), validators=[Optional()], validate_choice=False)
    end = SelectField(_l("Until"), validators=[Optional()], validate_choice=False)
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])
    guests = TextAreaField(_l("Guests (meeting rooms)"), validators=[Optional(), Length(max=5000)])


class GuestForm(FlaskForm):
    """The booking page's "add a guest": an email address or a member's name; ``member_id``
    when the member picked one of several members a name matched."""

    guest = StringField(_l("Name or email address"), validators=[Optional(), Length(max=254)])
    member_id = HiddenField()


class CancelForm(FlaskForm):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=300)])


WEEKDAY_CHOICES = [
    SelectChoice(0, _l("Mon")),
    SelectChoice(1, _l("Tue")),
    SelectChoice(2, _l("Wed")),
    SelectChoice(3, _l("Thu")),
    SelectChoice(4, _l("Fri")),
    SelectChoice(5, _l("Sat")),
    SelectChoice(6, _l("Sun")),
]


class SeriesForm(FlaskForm):
    """ "Book several days": the days are the calendar's checkboxes (``dates``, read from the
    request) or a weekly repeat."""

    desk = SelectField(_l("Desk"), coerce=int, validators=[DataRequired()])
    start = SelectField(_l("From"), validators=[DataRequired()], validate_choice=False)
    end = SelectField(_l("Until"), validators=[DataRequired()], validate_choice=False)
    mode = RadioField(
        _l("Which days"),
        choices=[
            SelectChoice("dates", _l("The days I tick in the calendar")),
            SelectChoice("weekly", _l("Every week on these days")),
        ],
        default="dates",
        validators=[DataRequired()],
    )
    weekdays = SelectMultipleField(
        _l("Weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],
    )
    first = DateField(_l("Starting"), validators=[Optional()])
    until = DateField(_l("Until (included)"), validators=[Optional()])
    on_conflict = RadioField(
        _l("If a day is not possible"),
        choices=[
            SelectChoice("fail", _l("Book nothing if a date is not possible")),
            SelectChoice("skip", _l("Book the possible dates and list the others")),
        ],
        default="skip",
        validators=[DataRequired()],
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])


class SeriesCancelForm(FlaskForm):
    since = HiddenField()
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=300)])
