"""Forms of a desk's outages on its management page (``outage_views``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from coworking.workspaces.outages import REASON_MAX


class OutageForm(FlaskForm):
    """ "Out of service from … until … because …": first a preview of the bookings it cancels,
    then ``action=confirm``. Its own ids: the desk page has other forms (a ``reason`` too)."""

    first_day = DateField(_l("From (the first day out)"), validators=[InputRequired()], id="outage-first-day")
    last_day = DateField(_l("Until (the last day out)"), validators=[InputRequired()], id="outage-last-day")
    reason = StringField(
        _l("Because (members see it)"), validators=[DataRequired(), Length(max=REASON_MAX)], id="outage-reason"
    )
    action = HiddenField(default="preview", id="outage-action")


class LiftOutageForm(FlaskForm):
    """Lifting an outage: the button, with CSRF."""
