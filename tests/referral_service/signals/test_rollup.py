"""The weekly roll-up the reports read agrees with the daily counts, threshold included."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from referral_service.extensions import db
from referral_service.models import SignalCount, SignalWeek
from referral_service.signals import aggregate, demo
from referral_service.signals.aggregate import Filters
from referral_service.signals.record import CHANNELS, Signal, add_signal
from referral_service.signals.rollup import ALL

from .conftest import LAST_WEEK, TODAY, add

# Weighted so that every filter below has weeks on both sides of the threshold.
PLACES, PLACE_WEIGHTS = ("GM0090", "GM0014", None), (5, 3, 2)
NEEDS, NEED_WEIGHTS = ("schuldhulp", "tozo", "bbz", None), (4, 3, 1, 2)
CHANNEL_WEIGHTS = (3, 1)
SIGNALS = 600
FILTERS = [
    Filters(weeks=9),
    Filters("GM0090", weeks=9),
    Filters(channel="staff", weeks=9),
    Filters("GM0014", "chat", weeks=9),
]


def random_signals(count: int, seed: int = 20) -> None:
    """`count` signals of every kind over the 9 ended weeks and the running one, committed once."""
    rng = random.Random(seed)
    for _ in range(count):
        need = rng.choices(NEEDS, NEED_WEIGHTS)[0]
        signal = Signal(
            channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
            need=need,
            municipality_code=rng.choices(PLACES, PLACE_WEIGHTS)[0],
            crisis=rng.choice((None, None, None, "suicide", "violence")),
            asked_person=rng.random() < 0.2,
            local_referral_found=rng.random() < 0.5,
            asked_back=need is None and rng.random() < 0.5,
            out_of_scope=need is None and rng.random() < 0.3,
        )
        add_signal(db.session, signal, LAST_WEEK + dt.timedelta(days=rng.randrange(-56, 10)))
    db.session.commit()


def expected_weeks() -> dict[tuple[Any, ...], list[int]]:
    """The roll-up worked out from the daily rows, written out plainly."""
    expected: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * 5)
    for row in db.session.scalars(select(SignalCount)):
        monday = row.day - dt.timedelta(days=row.day.weekday())
        flags = (bool(row.crisis), row.asked_person, row.asked_back, row.out_of_scope)
        added = [row.count, *(row.count if flag else 0 for flag in flags)]
        for place in (row.municipality_code, ALL):
            sums = expected[place, monday, row.channel, row.need, row.demo]
            sums[:] = [a + b for a, b in zip(sums, added, strict=True)]
    return expected


def stored_weeks() -> dict[tuple[Any, ...], list[int]]:
    """The roll-up as stored."""
    return {
        (r.municipality_code, r.week, r.channel, r.need, r.demo): [
            r.count,
            r.crisis,
            r.asked_person,
            r.asked_back,
            r.out_of_scope,
        ]
        for r in db.session.scalars(select(SignalWeek))
    }


def shown(count: int) -> int | None:
    """As the reports show it: None under 5."""
    return count if count >= 5 else None


def from_daily_rows(filters: Filters, weeks: list[dt.date]) -> tuple[dict[str, list[int | None]], dict[str, int]]:
    """Counts per need and week as shown, and the totals of the shares, straight from the daily rows."""
    stmt = select(SignalCount)
    if filters.municipality:
        stmt = stmt.where(SignalCount.municipality_code == filters.municipality)
    if filters.channel:
        stmt = stmt.where(SignalCount.channel == filters.channel)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    totals: dict[str, int] = defaultdict(int)
    for row in db.session.scalars(stmt):
        monday = row.day - dt.timedelta(days=row.day.weekday())
        if monday in weeks:
            counts[row.need][weeks.index(monday)] += row.count
            totals["total"] += row.count
            totals["crisis"] += row.count if row.crisis else 0
            for flag in aggregate.SHARES[1:]:
                totals[flag] += row.count if getattr(row, flag) else 0
    counts.pop("", None)
    return {need: [shown(c) for c in weekly] for need, weekly in counts.items()}, totals


def test_the_rollup_holds_the_sums_of_the_daily_rows(app: Flask) -> None:
    random_signals(SIGNALS)
    stored = stored_weeks()
    assert stored == expected_weeks()
    assert {key[0] for key in stored} == {"GM0090", "GM0014", "", ALL}
    assert sum(v[0] for k, v in stored.items() if k[0] == ALL) == SIGNALS


@pytest.mark.parametrize("filters", FILTERS)
def test_reports_from_the_rollup_equal_reports_from_the_daily_rows(app: Flask, filters: Filters) -> None:
    random_signals(SIGNALS)
    report = aggregate.build(db.session, filters)
    needs, totals = from_daily_rows(filters, report.weeks)
    assert any(count is None for counts in needs.values() for count in counts)  # the data has both sides of 5
    assert any(count is not None for counts in needs.values() for count in counts)
    for trend in report.trends:
        assert trend.counts == needs.get(trend.need, [None] * len(report.weeks)), trend.need
    assert report.total == shown(totals["total"])
    assert {s.name: s.count for s in report.shares} == {name: shown(totals[name]) for name in aggregate.SHARES}


def test_the_threshold_applies_to_the_sum_not_to_each_rollup_row(app: Flask) -> None:
    for place in ("GM0090", "GM0014"):
        add(Signal("chat", "tozo", place), LAST_WEEK, 3)
    add(Signal("staff", "tozo", "GM0090"), LAST_WEEK + dt.timedelta(days=6), 2)  # Sunday: the same week
    add(Signal("staff", "tozo", "GM0090"), LAST_WEEK + dt.timedelta(days=7), 9)  # Monday: the running week
    tozo = {f: next(t for t in aggregate.build(db.session, f).trends if t.need == "tozo") for f in FILTERS[:3]}
    assert tozo[FILTERS[0]].counts[-1] == 8  # 3 + 3 + 2 over all municipalities and channels
    assert tozo[FILTERS[1]].counts[-1] == 5  # GM0090: 3 by chat + 2 by staff
    assert tozo[FILTERS[2]].counts[-1] is None  # staff: 2
    gm0014 = aggregate.build(db.session, Filters("GM0014", weeks=1)).trends
    assert next(t for t in gm0014 if t.need == "tozo").counts == [None]  # 3


def test_demo_fills_and_removes_the_rollup_with_the_daily_rows(app: Flask) -> None:
    demo.fill(db.session, days=15, day=TODAY)
    assert stored_weeks() == expected_weeks()
    assert db.session.scalar(select(func.count()).select_from(SignalWeek).where(SignalWeek.demo.is_(False))) == 0
    demo.remove(db.session)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SignalWeek)) == 0
