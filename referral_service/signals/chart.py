"""A need's weekly trend as SVG geometry, drawn by the template on the server (no script, no library).

A few lines of arithmetic instead of a charting library: the page needs one line per need,
and a library would mean JavaScript (the CSP allows no inline script) or a server-side
plotting stack for 14 small lines. A week under the threshold (None) is a gap in the line.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 28


@dataclass(frozen=True)
class Mark:
    """A position on one axis with its label."""

    at: float
    label: str


@dataclass(frozen=True)
class Point:
    """One shown week: where it is drawn and what it says."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """What the template draws: line segments (each a points attribute), dots and axis labels."""

    segments: list[str]
    points: list[Point]
    y_marks: list[Mark]
    x_marks: list[Mark]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = HEIGHT - BOTTOM


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 x 10^k that is at least `value` (the top of the y axis)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def week_label(monday: dt.date) -> str:
    """'wk 49' for the axis."""
    return f"wk {monday.isocalendar()[1]}"


def x_at(index: int, count: int) -> float:
    """The x of week `index` of `count`."""
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span * index / (count - 1) if count > 1 else span / 2), 1)


def y_at(value: int, top: int) -> float:
    """The y of `value` on an axis from 0 to `top`."""
    span = HEIGHT - TOP - BOTTOM
    return round(HEIGHT - BOTTOM - span * value / top, 1)


def segments(points: list[Point | None]) -> list[str]:
    """Runs of consecutive shown weeks as SVG points attributes; a run of one is drawn as a dot only."""
    runs: list[list[Point]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [" ".join(f"{p.x},{p.y}" for p in run) for run in runs if len(run) > 1]


def draw(weeks: list[dt.date], counts: list[int | None]) -> Chart:
    """The chart of one need: shown counts only, the y axis from 0 to a round number above the highest."""
    top = nice_ceiling(max((c for c in counts if c is not None), default=1))
    points = [
        None if count is None else Point(x_at(i, len(counts)), y_at(count, top), f"{week_label(weeks[i])}: {count}")
        for i, count in enumerate(counts)
    ]
    y_marks = [Mark(y_at(v, top), str(v)) for v in sorted({0, top // 2, top})]
    last = len(weeks) - 1
    x_marks = [Mark(x_at(i, len(weeks)), week_label(weeks[i])) for i in sorted({0, last // 2, last})]
    return Chart(segments(points), [p for p in points if p is not None], y_marks, x_marks)
