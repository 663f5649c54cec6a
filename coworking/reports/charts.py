"""Geometry for the small server-drawn SVG charts (pure: numbers in, coordinates out). The
templates draw them as inline SVG with a title and a description; every number a chart shows
is also in a table next to it."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# The SVG fills the page's width (width 100%, the viewBox keeps its proportions), so these are
# proportions, not pixels: labels are sized in app.css relative to this width.
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 76, 10, 22, 34  # room for "100 %" at the phone label size
MAX_LABELS = 6


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # e.g. the period start, for the bar's <title>
    value: float  # 0–1


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    y_ticks: list[Tick]  # position is y
    x_ticks: list[Tick]  # position is x (bar centre)
    baseline: float
    left: float
    right: float


def _round(value: float) -> float:
    return round(value, 1)


def bar_chart(points: list[tuple[str, Fraction | float]], percent_labels: list[str], x_labels: list[str]) -> BarChart:
    """Bars for values 0–1 (occupancy). ``percent_labels`` are the y-axis texts for 0, 25, 50,
    75 and 100 %; ``x_labels`` one short text per point (a few are shown under the axis)."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_h
    n = max(len(points), 1)
    slot = plot_w / n
    gap = min(slot * 0.2, 4)
    bars = []
    for i, (label, value) in enumerate(points):
        v = min(max(float(value), 0.0), 1.0)
        h = plot_h * v
        bars.append(
            Bar(_round(LEFT + i * slot + gap / 2), _round(baseline - h), _round(slot - gap), _round(h), label, v)
        )
    y_ticks = [Tick(_round(baseline - plot_h * q / 4), text) for q, text in enumerate(percent_labels)]
    step = max(1, -(-n // MAX_LABELS))
    x_ticks = [Tick(_round(LEFT + (i + 0.5) * slot), x_labels[i]) for i in range(0, len(x_labels), step)]
    return BarChart(WIDTH, HEIGHT, bars, y_ticks, x_ticks, baseline, LEFT, WIDTH - RIGHT)


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str  # for <polyline points="...">
    dots: list[tuple[float, float]]


def sparkline(values: list[Fraction | float], width: int = 120, height: int = 32) -> Sparkline:
    """A line through values 0–1, left to right (one dot when there is a single value)."""
    pad = 3
    n = len(values)
    coords = []
    for i, value in enumerate(values):
        x = pad + (width - 2 * pad) * (i / (n - 1) if n > 1 else 0.5)
        y = pad + (height - 2 * pad) * (1 - min(max(float(value), 0.0), 1.0))
        coords.append((_round(x), _round(y)))
    return Sparkline(width, height, " ".join(f"{x},{y}" for x, y in coords), coords)
