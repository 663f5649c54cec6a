"""The heatmap's shades."""

from __future__ import annotations

import math
from fractions import Fraction


def heat_level(value: Fraction | None) -> int | None:
    """Shade for a heatmap cell, 0 (nothing booked) to 5 (over 80 %); None without capacity."""
    if value is None:
        return None
    return min(5, math.ceil(value * 5))
