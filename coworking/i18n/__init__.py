"""Languages: which locale a request uses, locale-aware formatting of dates, times, numbers
and money, and the translated text of an error code (the texts live with the codes in
``coworking.errors``). The template filters are registered by ``coworking.web.filters``."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_timezone_name
from babel.numbers import format_currency, format_decimal
from flask import request, session
from flask_babel import get_locale, gettext
from flask_login import current_user

from coworking.errors import message_for

LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}


def error_message(code: str, fallback: str = "") -> str:
    """The member-facing text of an error code (``coworking.errors.MESSAGES``), translated."""
    message = message_for(code)
    return gettext(message) if message is not None else fallback


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


def current_language() -> str:
    """The language of this request's pages, e.g. "nl"."""
    return str(_locale().language)


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
