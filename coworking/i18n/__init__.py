"""Languages: which locale a request uses, locale-aware formatting for templates, and the
member-facing wording of every domain error code."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_timezone_name
from babel.numbers import format_currency, format_decimal
from flask import request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}

# The friendly, translated text for each stable error code (API clients get the code).
ERROR_MESSAGES = {
    "desk_taken": _l("Sorry, someone else has just booked this desk for that time. Please pick another desk or time."),
    "member_busy": _l("You already have a booking at that time. One desk at a time!"),
    "invalid_interval": _l("The end time must be after the start time."),
    "misaligned": _l("Please choose start and end times from the list."),
    "outside_opening_hours": _l("The workspace is not open for all of that time."),
    "closed": _l("The workspace is closed that day."),
    "in_the_past": _l("That time has already passed."),
    "too_soon": _l("That is too soon: this workspace needs more notice."),
    "too_far_ahead": _l("That is too far ahead: bookings for that day are not open yet."),
    "too_long": _l("That booking is longer than this workspace allows."),
    "limit_reached": _l("You have reached the maximum number of upcoming bookings at this workspace."),
    "desk_out_of_service": _l("This desk is not in service that day."),
    "nonexistent_local_time": _l("That time does not exist on that day: the clocks go forward."),
    "ambiguous_local_time": _l("That time happens twice on that day (the clocks go back). Please choose another time."),
    "cancellation_closed": _l("It is too late to cancel this booking."),
    "validation_error": _l("Some of the information is not valid. Please check and try again."),
    "conflict": _l("That already exists."),
    "unauthorized": _l("Please log in."),
    "forbidden": _l("You are not allowed to do that."),
    "not_found": _l("We could not find that page."),
    "login_required": _l("Please log in to see this page."),
    "email_not_verified": _l(
        "Please confirm your email address first: follow the link we mailed you (your profile page can send a new one)."
    ),
    "month_closed": _l("That month is closed: its figures are frozen. An admin can reopen it, with a reason."),
    "month_not_finished": _l("That month is not over yet in every workspace: it can be closed once it has ended."),
    "rate_limited": _l("Too many attempts. Please wait a little and try again."),
    "unavailable": _l("The service is briefly unavailable. Please try again in a moment."),
}


def error_message(code: str, fallback: str = "") -> str:
    message = ERROR_MESSAGES.get(code)
    return str(message) if message is not None else fallback


# English pages use British conventions (day-month order, 24-hour clock), as the cooperative
# is European; the other languages use their main locale.
FORMAT_LOCALES = {"en": "en_GB"}


def locale_for(language: str | None) -> str:
    """The Babel locale that formats pages in ``language`` (e.g. "en" → "en_GB")."""
    language = language if language in LANGUAGE_NAMES else "en"
    return FORMAT_LOCALES.get(language, language)


def select_locale() -> str:
    """The user's setting, else the language chosen with the switcher, else Accept-Language."""
    languages = tuple(LANGUAGE_NAMES)
    if current_user and current_user.is_authenticated and current_user.language in languages:
        language = current_user.language
    elif session.get("language") in languages:
        language = session["language"]
    else:
        language = request.accept_languages.best_match(languages) or "en"
    return locale_for(language)


def _locale() -> Locale:
    return get_locale() or Locale("en")


def local_datetime(instant: datetime, tz: str | ZoneInfo, fmt: str = "medium") -> str:
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return format_datetime(instant.astimezone(zone), fmt, tzinfo=zone, locale=_locale())


def local_time(value: datetime | time, tz: str | ZoneInfo | None = None) -> str:
    if isinstance(value, datetime):
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        value = value.astimezone(zone).time()
    return format_time(value, "short", locale=_locale())


def local_date(value: date | datetime, fmt: str = "full", tz: str | ZoneInfo | None = None) -> str:
    if isinstance(value, datetime):
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        value = value.astimezone(zone).date()
    return format_date(value, fmt, locale=_locale())


def zone_label(tz: str) -> str:
    """E.g. "Europe/Brussels (Central European Time)" in the page's language."""
    try:
        return f"{tz} ({get_timezone_name(ZoneInfo(tz), locale=_locale())})"
    except LookupError:
        return tz


def country_name(code: str) -> str:
    return _locale().territories.get(code, code)


def number(value, digits: int = 0) -> str:
    return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=_locale())


def money(value, currency: str) -> str:
    return format_currency(value, currency, locale=_locale())


def init_app(app) -> None:
    from flask_babel import gettext

    from coworking.extensions import babel, login_manager

    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    login_manager.login_message = "Please log in to see this page."  # translated by the callback
    login_manager.localize_callback = gettext
    app.jinja_env.filters.update(
        local_datetime=local_datetime,
        local_time=local_time,
        local_date=local_date,
        zone_label=zone_label,
        country_name=country_name,
        number=number,
        money=money,
    )

    @app.context_processor
    def _languages():
        return {"LANGUAGE_NAMES": LANGUAGE_NAMES, "current_language": str(_locale().language)}
