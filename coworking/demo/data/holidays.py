"""Public holidays of the demo's countries (the workspace's region where it matters).

Computed, not listed, so the demo works around any date: fixed days, days counted from
Easter, and the few national rules (bank holidays, substitute days, King's Day, Midsummer)."""

from __future__ import annotations

from datetime import date, timedelta

from coworking.demo.data import FRI, MON, SAT, SUN


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` of the month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


# Fixed-date holidays per country: (month, day, name).
_FIXED = {
    "PT": (
        (1, 1, "New Year's Day"),
        (4, 25, "Freedom Day"),
        (5, 1, "Labour Day"),
        (6, 10, "Portugal Day"),
        (6, 13, "Saint Anthony (Lisbon)"),
        (8, 15, "Assumption"),
        (10, 5, "Republic Day"),
        (11, 1, "All Saints' Day"),
        (12, 1, "Restoration of Independence"),
        (12, 8, "Immaculate Conception"),
        (12, 25, "Christmas Day"),
    ),
    "GB": ((1, 1, "New Year's Day"), (12, 25, "Christmas Day"), (12, 26, "Boxing Day")),
    "BE": (
        (1, 1, "New Year's Day"),
        (5, 1, "Labour Day"),
        (7, 21, "National Day"),
        (8, 15, "Assumption"),
        (11, 1, "All Saints' Day"),
        (11, 11, "Armistice Day"),
        (12, 25, "Christmas Day"),
    ),
    "NL": ((1, 1, "New Year's Day"), (12, 25, "Christmas Day"), (12, 26, "Second Christmas Day")),
    "DE": (
        (1, 1, "New Year's Day"),
        (3, 8, "International Women's Day (Berlin)"),
        (5, 1, "Labour Day"),
        (10, 3, "German Unity Day"),
        (12, 25, "Christmas Day"),
        (12, 26, "Second Christmas Day"),
    ),
    "FR": (
        (1, 1, "New Year's Day"),
        (5, 1, "Labour Day"),
        (5, 8, "Victory in Europe Day"),
        (7, 14, "Bastille Day"),
        (8, 15, "Assumption"),
        (11, 1, "All Saints' Day"),
        (11, 11, "Armistice Day"),
        (12, 25, "Christmas Day"),
    ),
    "CH": (
        (1, 1, "New Year's Day"),
        (1, 2, "Berchtold's Day"),
        (5, 1, "Labour Day (Zürich)"),
        (8, 1, "Swiss National Day"),
        (12, 25, "Christmas Day"),
        (12, 26, "St Stephen's Day"),
    ),
    "DK": (
        (1, 1, "New Year's Day"),
        (6, 5, "Constitution Day"),
        (12, 24, "Christmas Eve"),
        (12, 25, "Christmas Day"),
        (12, 26, "Second Christmas Day"),
    ),
    "FI": (
        (1, 1, "New Year's Day"),
        (1, 6, "Epiphany"),
        (5, 1, "May Day"),
        (12, 6, "Independence Day"),
        (12, 24, "Christmas Eve"),
        (12, 25, "Christmas Day"),
        (12, 26, "St Stephen's Day"),
    ),
}

# Days relative to Easter Sunday: (offset, name).
_EASTER = {
    "PT": ((-2, "Good Friday"), (60, "Corpus Christi")),
    "GB": ((-2, "Good Friday"), (1, "Easter Monday")),
    "BE": ((1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "NL": ((1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "DE": ((-2, "Good Friday"), (1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "FR": ((1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "CH": ((-2, "Good Friday"), (1, "Easter Monday"), (39, "Ascension Day"), (50, "Whit Monday")),
    "DK": (
        (-3, "Maundy Thursday"),
        (-2, "Good Friday"),
        (1, "Easter Monday"),
        (39, "Ascension Day"),
        (50, "Whit Monday"),
    ),
    "FI": ((-2, "Good Friday"), (1, "Easter Monday"), (39, "Ascension Day")),
}


def public_holidays(country: str, year: int) -> dict[date, str]:
    """The country's public holidays in ``year`` (the workspace's region where it matters)."""
    days = {date(year, m, d): name for m, d, name in _FIXED[country]}
    easter = easter_sunday(year)
    for offset, name in _EASTER[country]:
        days[easter + timedelta(days=offset)] = name
    if country == "NL":
        kings_day = date(year, 4, 27)
        days[kings_day - timedelta(days=1) if kings_day.weekday() == SUN else kings_day] = "King's Day"
    if country == "FI":
        # Midsummer Eve: the Friday between 19 and 25 June.
        days[date(year, 6, 19) + timedelta(days=(FRI - date(year, 6, 19).weekday()) % 7)] = "Midsummer Eve"
    if country == "GB":
        days[_nth_weekday(year, 5, MON, 1)] = "Early May bank holiday"
        days[_nth_weekday(year, 5, MON, -1)] = "Spring bank holiday"
        days[_nth_weekday(year, 8, MON, -1)] = "Summer bank holiday"
        # A fixed holiday on a weekend moves to the next free weekday (a "substitute day").
        for m, d, name in _FIXED["GB"]:
            day = date(year, m, d)
            if day.weekday() >= SAT:
                substitute = day
                while substitute.weekday() >= SAT or substitute in days:
                    substitute += timedelta(days=1)
                days[substitute] = f"{name} (substitute day)"
    return days
