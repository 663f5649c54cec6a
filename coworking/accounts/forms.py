"""Account forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from coworking import errors
from coworking.accounts.services import MIN_PASSWORD_LENGTH, check_password_strength


def strong_password(_form, field) -> None:
    """The strength rule lives in accounts.services; the form only shows it next to the field."""
    try:
        check_password_strength(field.data or "")
    except errors.ValidationFailed:
        raise ValidationError(_l("Use at least %(n)d characters, not all the same.", n=MIN_PASSWORD_LENGTH)) from None


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Remember me on this device"))


class RegisterForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), strong_password])
    confirm = PasswordField(
        _l("Repeat the password"), validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))]
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), strong_password])
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))]
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), strong_password])
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))]
    )


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Language"), validators=[Optional()])
    home_workspace = SelectField(_l("Home workspace"), validators=[Optional()])


class VisibilityForm(FlaskForm):
    """Whether other members see the member's first name on the desks they book ("who's in")."""

    visible = BooleanField(_l("Show my first name to other members on the desks I book"), false_values=("", "0"))
    next = HiddenField()


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), validators=[DataRequired()])
