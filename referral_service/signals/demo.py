"""`flask signals demo`: a year of generated signals, marked demo, to try /admin/signals (and for the benchmark).

Refused when the database holds any real signal or unclassified message: demo counts must
never mix with real ones. The page shows a banner while demo rows exist; `--remove` deletes them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select

from ..extensions import DbSession
from ..models import Municipality, Need, SignalCount, SignalWeek, UnclassifiedMessage
from .record import CHANNELS, CRISIS_KINDS, NONE, RETENTION_DAYS, today
from .rollup import week_start, weekly

SEED = 20
CHUNK = 5000
# A rising need in the last ended week, so the page shows its mark.
RISING_NEED, RISING_FACTOR = "schuldhulp", 2.5
WEEKDAY_FACTOR = (1.2, 1.15, 1.1, 1.05, 1.0, 0.55, 0.45)
EXAMPLES = (
    ("asked_back", "kan ik hulp krijgen met de aanvraag van mijn zoon"),
    ("asked_back", "wat moet ik doen met die brief"),
    ("asked_back", "mijn uitkering is gestopt na de verhuizing naar 9203 [ADRES]"),
    ("asked_back", "ik heet [NAAM] en ik snap het formulier niet"),
    ("out_of_scope", "wanneer wordt het grofvuil opgehaald"),
    ("out_of_scope", "hoe vraag ik een parkeervergunning aan"),
    ("out_of_scope", "mijn paspoort is verlopen"),
)


class DemoRefusedError(Exception):
    """Demo data cannot be made: the database holds real signals, or no needs."""


@dataclass(frozen=True)
class Turn:
    """One generated turn, as the key of its count."""

    municipality: str
    need: str
    crisis: str
    channel: str
    flags: tuple[bool, bool, bool, bool]


def has_real_signals(session: DbSession) -> bool:
    """True when any count or unclassified message is not demo."""
    real_count = session.scalar(select(SignalCount.day).where(SignalCount.demo.is_(False)).limit(1))
    real_text = session.scalar(select(UnclassifiedMessage.id).where(UnclassifiedMessage.demo.is_(False)).limit(1))
    return real_count is not None or real_text is not None


def remove(session: DbSession) -> None:
    """Delete every demo row, in the roll-up too (the caller commits)."""
    session.execute(delete(SignalCount).where(SignalCount.demo.is_(True)))
    session.execute(delete(SignalWeek).where(SignalWeek.demo.is_(True)))
    session.execute(delete(UnclassifiedMessage).where(UnclassifiedMessage.demo.is_(True)))


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth; the means here are small)."""
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def one_turn(rng: random.Random, code: str, needs: list[str], weights: list[float]) -> Turn:
    """A turn with plausible shares: 6% asked back, 4% out of scope, 1.5% crisis, 5% asked for a person."""
    channel = CHANNELS[0] if rng.random() < 0.85 else CHANNELS[1]
    place = code if rng.random() < 0.7 else NONE
    asked_back, out_of_scope = (True, False) if rng.random() < 0.06 else (False, rng.random() < 0.04)
    need = NONE if asked_back or out_of_scope else rng.choices(needs, weights)[0]
    crisis = rng.choice(CRISIS_KINDS) if rng.random() < 0.015 else NONE
    local = bool(place and need) and rng.random() < 0.6
    return Turn(place, need, crisis, channel, (rng.random() < 0.05, local, asked_back, out_of_scope))


def generate_counts(
    rng: random.Random, codes: list[str], needs: list[str], days: list[dt.date], rising_from: dt.date
) -> Counter[tuple[dt.date, Turn]]:
    """Counts per day and turn for `codes` (each with its own size), over `days`."""
    sizes = {code: rng.lognormvariate(1.2, 0.8) for code in codes}  # mean about 4.6 turns a day
    base = [rng.uniform(0.5, 3.0) for _ in needs]
    counts: Counter[tuple[dt.date, Turn]] = Counter()
    for day in days:
        weights = [
            w * (RISING_FACTOR if n == RISING_NEED and day >= rising_from else 1.0)
            for n, w in zip(needs, base, strict=True)
        ]
        for code in codes:
            for _ in range(poisson(rng, sizes[code] * WEEKDAY_FACTOR[day.weekday()])):
                counts[day, one_turn(rng, code, needs, weights)] += 1
    return counts


def rows(counts: Counter[tuple[dt.date, Turn]]) -> list[dict[str, Any]]:
    """SignalCount rows, demo."""
    keys = ("asked_person", "local_referral_found", "asked_back", "out_of_scope")
    return [
        {"day": day, "municipality_code": t.municipality, "need": t.need, "crisis": t.crisis, "channel": t.channel}
        | dict(zip(keys, t.flags, strict=True))
        | {"demo": True, "count": n}
        for (day, t), n in counts.items()
    ]


def unclassified(rng: random.Random, codes: list[str], last: dt.date) -> list[UnclassifiedMessage]:
    """A few invented, already redacted messages a day for the retention period."""
    days = [last - dt.timedelta(days=k) for k in range(RETENTION_DAYS)]
    return [
        UnclassifiedMessage(day=day, reason=reason, municipality_code=rng.choice(codes or [None]), text=text, demo=True)
        for day in days
        for reason, text in rng.sample(EXAMPLES, 3)
    ]


def fill(session: DbSession, days: int = 365, seed: int = SEED, day: dt.date | None = None) -> int:
    """Replace the demo rows with `days` days of generated signals up to yesterday; the number of rows (commits)."""
    if has_real_signals(session):
        raise DemoRefusedError("the database holds real signals; demo data would mix with them")
    needs = list(session.scalars(select(Need.id).order_by(Need.id)))
    if not needs:
        raise DemoRefusedError("the database holds no needs; load the data first (flask data load)")
    remove(session)
    reference = day or today()
    rng, last = random.Random(seed), reference - dt.timedelta(days=1)
    codes = list(session.scalars(select(Municipality.code).order_by(Municipality.code)))
    this_week = week_start(reference) - dt.timedelta(weeks=1)  # the last ended week rises
    counts = generate_counts(rng, codes or [NONE], needs, [last - dt.timedelta(days=k) for k in range(days)], this_week)
    new = rows(counts)
    # Plain inserts, no upsert: the demo rows were just removed and no real ones exist (refused above).
    for model, batch in ((SignalCount, new), (SignalWeek, weekly(new))):
        for start in range(0, len(batch), CHUNK):
            session.execute(insert(model), batch[start : start + CHUNK])
    session.add_all(unclassified(rng, codes, last))
    session.commit()
    return len(new)
