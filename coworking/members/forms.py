"""Forms of the members pages (Flask-WTF: every form carries a CSRF token). The rules are the
services'; a form only reads the input and shows a refusal beside its field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from coworking.accounts.forms import strong_password

ROLE_LABELS = {"member": _l("Member"), "manager": _l("Manager"), "admin": _l("Administrator")}


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (usable on a phone, unlike a multiple select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InviteForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    member_number = StringField(_l("Member number"), validators=[Optional(), Length(max=32)])
    role = RadioField(_l("Role"), default="member")
    home_workspace = SelectField(_l("Home workspace"), validators=[Optional()])
    workspaces = CheckboxesField(_l("Workspaces they manage"), validators=[Optional()])
    language = SelectField(_l("Language of the invitation"), validators=[Optional()])


class RoleForm(FlaskForm):
    role = RadioField(_l("Role"))
    workspaces = CheckboxesField(_l("Workspaces they manage"), validators=[Optional()])


class ConfirmForm(FlaskForm):
    """A button that changes state (deactivate, reactivate, a new invitation)."""


class EraseForm(FlaskForm):
    confirm_email = StringField(_l("Type the member's email address to confirm"), validators=[DataRequired()])


class AcceptInvitationForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), strong_password])
    confirm = PasswordField(
        _l("Repeat the password"), validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))]
    )


class OnboardingForm(FlaskForm):
    language = SelectField(_l("Language"), validators=[Optional()])
    home_workspace = RadioField(_l("Where do you usually work?"), validators=[Optional()])
    confirmations = BooleanField(_l("A confirmation when I book, with an invitation for my calendar"))
    cancellations = BooleanField(_l("A confirmation when I cancel a booking"))
    reminders = SelectField(_l("Reminder before a booking"))
    visible_to_members = BooleanField(_l("Show my first name to other members on the desks I book"))
    next = HiddenField()
    save = SubmitField(_l("Save and start"))
    later = SubmitField(_l("Later"))
