"""The booking form on a workspace's day page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

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


class CancelForm(FlaskForm):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=300)])
