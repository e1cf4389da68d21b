"""The signals as the page, the CSV and GET /api/v1/signals show them: weekly counts, shares, rising needs.

Read from the weekly roll-up (SignalWeek, rollup.py), summed in SQL: two small queries a report.

Small counts: every count under MIN_COUNT (0 included) leaves this module as None, shown as
"<5"; charts and exports leave it out. A share is given only when its count is shown.

Weeks are ISO weeks (Monday to Sunday) that have ended: a running week would always look low.
A need is *rising* when its count in the last ended week is at least RISE_MIN and at least
RISE_FACTOR times its mean over the BASE_WEEKS weeks before (weeks without signals count as 0).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select

from ..extensions import DbSession
from ..models import Need, SignalWeek
from .record import NONE, today
from .rollup import ALL, week_start

MIN_COUNT = 5
RISE_FACTOR = 1.5
RISE_MIN = 10
BASE_WEEKS = 8
DEFAULT_WEEKS, MAX_WEEKS = 12, 52
RISING_RULE = (
    f"a need rises when its count in the last ended week is at least {RISE_MIN} and at least "
    f"{RISE_FACTOR} times its mean over the {BASE_WEEKS} weeks before"
)
SHARES = ("crisis", "asked_person", "asked_back", "out_of_scope")


@dataclass(frozen=True)
class Filters:
    """What the reader chose: one municipality or all, one channel or both, how many weeks."""

    municipality: str | None = None
    channel: str | None = None
    weeks: int = DEFAULT_WEEKS


@dataclass(frozen=True)
class Share:
    """A count of turns with a property, and its share of all turns; None when under MIN_COUNT."""

    name: str
    count: int | None
    share: float | None


@dataclass(frozen=True)
class Trend:
    """One need's weekly counts (None under MIN_COUNT) and whether it rises."""

    need: str
    name: str
    counts: list[int | None]
    rising: bool


@dataclass(frozen=True)
class Report:
    """Everything shown for one choice of filters; holds no count under MIN_COUNT."""

    filters: Filters
    weeks: list[dt.date]
    trends: list[Trend]
    total: int | None
    shares: list[Share]
    demo: bool
    rising: list[Trend] = field(default_factory=list)


def shown(count: int) -> int | None:
    """The count, or None when it is under MIN_COUNT."""
    return count if count >= MIN_COUNT else None


def ended_weeks(count: int, day: dt.date | None = None) -> list[dt.date]:
    """The Mondays of the last `count` weeks that have ended, oldest first."""
    current = week_start(day or today())
    return [current - dt.timedelta(weeks=k) for k in range(count, 0, -1)]


def iso_week(monday: dt.date) -> str:
    """'2026-W49'."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def filtered(stmt: Any, filters: Filters, start: dt.date, end: dt.date) -> Any:
    """The statement limited to the weeks in [start, end) of the chosen municipality (or ALL) and channel."""
    place = filters.municipality or ALL
    stmt = stmt.where(SignalWeek.municipality_code == place, SignalWeek.week >= start, SignalWeek.week < end)
    if filters.channel:
        stmt = stmt.where(SignalWeek.channel == filters.channel)
    return stmt


def weekly_counts(session: DbSession, filters: Filters, mondays: list[dt.date]) -> dict[str, list[int]]:
    """Need -> raw counts per week of `mondays` (one GROUP BY week, need over the roll-up)."""
    index = {monday: i for i, monday in enumerate(mondays)}
    stmt = select(SignalWeek.week, SignalWeek.need, func.sum(SignalWeek.count)).where(SignalWeek.need != NONE)
    stmt = filtered(stmt, filters, mondays[0], mondays[-1] + dt.timedelta(weeks=1))
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(mondays))
    for week, need, total in session.execute(stmt.group_by(SignalWeek.week, SignalWeek.need)):
        counts[need][index[week]] = int(total)
    return counts


def is_rising(counts: list[int]) -> bool:
    """The rule of RISING_RULE over BASE_WEEKS + 1 raw weekly counts, the last ended week last."""
    this_week, base = counts[-1], counts[-BASE_WEEKS - 1 : -1]
    return this_week >= RISE_MIN and this_week >= RISE_FACTOR * (sum(base) / BASE_WEEKS)


def share_counts(session: DbSession, filters: Filters, start: dt.date, end: dt.date) -> dict[str, int]:
    """All turns, those with each property of SHARES, and the demo ones, in one pass."""
    columns = {
        "total": func.sum(SignalWeek.count),
        **{name: func.sum(getattr(SignalWeek, name)) for name in SHARES},
        "demo": func.sum(case((SignalWeek.demo, SignalWeek.count), else_=0)),
    }
    row = session.execute(filtered(select(*columns.values()), filters, start, end)).one()
    return {name: int(value or 0) for name, value in zip(columns, row, strict=True)}


def shares(raw: dict[str, int]) -> list[Share]:
    """Each share, kept out when its count or the total is under MIN_COUNT."""
    total = shown(raw["total"])
    result = []
    for name in SHARES:
        count = shown(raw[name]) if total else None
        result.append(Share(name, count, round(count / raw["total"], 4) if count else None))
    return result


def trend(need: str, name: str, raw: list[int], weeks: int) -> Trend:
    """A need's last `weeks` counts as shown, and whether it rises (judged on all of `raw`)."""
    return Trend(need, name, [shown(count) for count in raw[-weeks:]], is_rising(raw))


def need_names(session: DbSession) -> dict[str, str]:
    """Need id -> name, by name."""
    return dict(session.execute(select(Need.id, Need.name).order_by(Need.name)).tuples().all())


def build(session: DbSession, filters: Filters, day: dt.date | None = None) -> Report:
    """The report for `filters`, the weeks ending before the week of `day` (today)."""
    weeks = ended_weeks(filters.weeks, day)
    span = ended_weeks(max(filters.weeks, BASE_WEEKS + 1), day)
    raw = weekly_counts(session, filters, span)
    names = need_names(session)
    names |= {need: need for need in sorted(raw) if need not in names}  # a need since removed keeps its id
    trends = [trend(need, name, raw.get(need, [0] * len(span)), len(weeks)) for need, name in names.items()]
    counts = share_counts(session, filters, weeks[0], weeks[-1] + dt.timedelta(weeks=1))
    report = Report(filters, weeks, trends, shown(counts["total"]), shares(counts), counts["demo"] > 0)
    report.rising.extend(t for t in trends if t.rising)
    return report
