"""Rounding for people and JSON, in one place. Figures and money stay exact inside the app
(``int`` seconds, ``Fraction``, ``Decimal``) and are rounded only where they leave it: here,
halves away from zero, as people round (2.625 → 2.63, −6.845 → −6.85)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

HOUR = 3600


def round_half_up(value: Fraction, places: int) -> Fraction:
    """Rounded to ``places`` decimals, halves away from zero (2.625 → 2.63), as people do."""
    value = Fraction(value)
    return Fraction(_half_up(value.numerator, value.denominator, places), 10**places)


def decimal_places(value: Fraction | Decimal | int, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals as a ``Decimal`` with exactly that many places."""
    numerator, denominator = _exact(value)
    return Decimal(_half_up(numerator, denominator, places)).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def _half_up(numerator: int, denominator: int, places: int) -> int:
    """numerator ÷ denominator × 10**places, rounded half away from zero, in integers
    (⌊|n| × scale ÷ d + ½⌋ = ⌊(2 |n| scale + d) ÷ 2d⌋)."""
    magnitude = (2 * abs(numerator) * 10**places + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def _exact(value) -> tuple[int, int]:
    if not isinstance(value, int | Fraction):  # Decimal and float convert exactly
        value = Fraction(value)
    return value.numerator, value.denominator


def hours(seconds: int | Fraction, places: int = 2) -> float:
    numerator, denominator = _exact(seconds)
    # An int ÷ an int is correctly rounded: the same float as float(round_half_up(...)).
    return _half_up(numerator, denominator * HOUR, places) / 10**places


def known_hours(seconds: int | Fraction | None, places: int = 2) -> float | None:
    """``hours``, or None for a figure that is not available."""
    return None if seconds is None else hours(seconds, places)


def ratio(value: Fraction | None, places: int = 4) -> float | None:
    if value is None:
        return None
    return _half_up(*_exact(value), places) / 10**places
