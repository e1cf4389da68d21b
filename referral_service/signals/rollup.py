"""The weekly roll-up (SignalWeek) that /admin/signals, its CSV and GET /api/v1/signals read.

Why a roll-up: a year of daily counts is about 365,000 SignalCount rows for 342 municipalities
and 14 needs, and grouping them took 0.75-4.7 s per report (scripts/bench_signals.py); an index
cannot help, as a report over all municipalities reads every row of its weeks. Each count added
to SignalCount is added, in the same transaction (record.upsert), to its week's row for its
municipality and to its week's row for all municipalities together (municipality_code ALL), so
a year over all municipalities is at most weeks x channels x needs rows (about 1,600).

The roll-up only sums. The threshold of 5 is applied when reading (aggregate.py), on the same
sums the raw counts give, so "<5" does not change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import DbSession
from ..models import SignalWeek

# The municipality_code of the rows that count every municipality (and none) together.
ALL = "*"
# Per roll-up row: all turns, then those with each property the report shares out.
SUMS = ("count", "crisis", "asked_person", "asked_back", "out_of_scope")


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def add_up(session: DbSession, model: Any, rows: list[dict[str, Any]], summed: Iterable[str]) -> None:
    """INSERT ... ON CONFLICT (primary key) DO UPDATE adding each `summed` column to the stored row."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
    keys = [column.name for column in model.__table__.primary_key.columns]
    added = {name: getattr(model, name) + stmt.excluded[name] for name in summed}
    session.execute(stmt.on_conflict_do_update(index_elements=keys, set_=added), rows)


def sums(row: dict[str, Any]) -> tuple[int, ...]:
    """What one SignalCount row adds to its roll-up rows, in the order of SUMS ('' crisis is none)."""
    count = int(row["count"])
    return (count, count if row["crisis"] else 0, *(count if row[flag] else 0 for flag in SUMS[2:]))


def weekly(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The SignalWeek rows that SignalCount `rows` add up to: per municipality and for ALL, week, channel, need."""
    totals: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * len(SUMS))
    for row in rows:
        added = sums(row)
        for place in (row["municipality_code"], ALL):
            total = totals[place, week_start(row["day"]), row["channel"], row["need"], row["demo"]]
            total[:] = [a + b for a, b in zip(total, added, strict=True)]
    names = ("municipality_code", "week", "channel", "need", "demo")
    return [dict(zip(names, key, strict=True)) | dict(zip(SUMS, total, strict=True)) for key, total in totals.items()]


def add_weeks(session: DbSession, rows: list[dict[str, Any]]) -> None:
    """Add SignalCount `rows` to the roll-up (the caller adds them to SignalCount in the same transaction)."""
    add_up(session, SignalWeek, weekly(rows), SUMS)
