"""Languages: which locale a request uses, locale-aware formatting of dates, times, numbers
and money, and the translated text of an error code (the texts live with the codes in
``coworking.errors``). The template filters are registered by ``coworking.web.filters``."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from fractions import Fraction
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_timezone_name
from babel.numbers import format_currency, format_decimal, format_percent
from flask import request, session
from flask_babel import get_locale, gettext
from flask_login import current_user

from coworking.errors import message_for
from coworking.rounding import HOUR, decimal_places

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


def current_locale() -> Locale:
    return get_locale() or Locale("en")


def current_language() -> str:
    """The language of this request's pages, e.g. "nl"."""
    return str(current_locale().language)


def local_datetime(instant: datetime, tz: str | ZoneInfo, fmt: str = "medium") -> str:
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return format_datetime(instant.astimezone(zone), fmt, tzinfo=zone, locale=current_locale())


def local_time(value: datetime | time, tz: str | ZoneInfo | None = None) -> str:
    if isinstance(value, datetime):
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        value = value.astimezone(zone).time()
    return format_time(value, "short", locale=current_locale())


def local_date(value: date | datetime, fmt: str = "full", tz: str | ZoneInfo | None = None) -> str:
    if isinstance(value, datetime):
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        value = value.astimezone(zone).date()
    return format_date(value, fmt, locale=current_locale())


def zone_label(tz: str) -> str:
    """E.g. "Europe/Brussels (Central European Time)" in the page's language."""
    try:
        return f"{tz} ({get_timezone_name(ZoneInfo(tz), locale=current_locale())})"
    except LookupError:
        return tz


def country_name(code: str) -> str:
    return current_locale().territories.get(code, code)


# --- numbers: every figure a page shows goes through these -------------------------------------

NOTHING = "–"  # a figure that does not exist (no capacity, no plan): never shown as 0


def number(value, digits: int = 0) -> str:
    """Exactly ``digits`` decimals, e.g. 1,234.50."""
    return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=current_locale())


def decimal(value, digits: int = 2) -> str:
    """An exact figure rounded half up to at most ``digits`` decimals (2.5, 1,234.57, 3)."""
    if value is None:
        return NOTHING
    return format_decimal(decimal_places(value, digits), format="#,##0." + "#" * digits, locale=current_locale())


def amount(value) -> str:
    """Money without its currency sign, rounded half up to cents once (1,234.50)."""
    if value is None:
        return NOTHING
    return format_decimal(decimal_places(value, 2), format="#,##0.00", locale=current_locale())


def money(value, currency: str) -> str:
    """Money with its currency, as the locale writes it (€1,234.50, 1.234,50 €)."""
    return format_currency(value, currency, locale=current_locale())


def percent(value) -> str:
    """A share in the locale's percent format with at most one decimal (23.9 %, 25 %)."""
    if value is None:
        return NOTHING
    locale = current_locale()
    pattern = re.sub(r"0(?!.*0)", "0.#", locale.percent_formats[None].pattern)
    return format_percent(float(decimal_places(value, 3)), format=pattern, locale=locale)


def hours_of(seconds) -> str:
    """Seconds as hours with at most two decimals (7.5); "–" for a figure not available."""
    if seconds is None:
        return NOTHING
    return decimal(Fraction(seconds, HOUR), 2)


def duration(seconds) -> str:
    """A lead time: hours up to two days, then days (one decimal)."""
    hours = Fraction(seconds, HOUR)
    if hours < 48:
        return gettext("%(hours)s h", hours=decimal(hours, 1))
    return gettext("%(days)s days", days=decimal(hours / 24, 1))


FORMATTERS = {
    "local_datetime": local_datetime,
    "local_time": local_time,
    "local_date": local_date,
    "zone_label": zone_label,
    "country_name": country_name,
    "number": number,
    "decimal": decimal,
    "amount": amount,
    "money": money,
    "percent": percent,
    "hours_of": hours_of,
    "duration": duration,
}
