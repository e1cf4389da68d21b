"""Writing signals: one anonymous count per chat turn or staff lookup, and the unclassified messages.

A signal is counted, not stored as a row per turn: an upsert adds one to the count of its
day and combination (`SignalCount`), and in the same transaction to its week in the roll-up the
reports read (`SignalWeek`, rollup.py). The key columns are NOT NULL, because an upsert needs a
unique key and SQL treats NULLs as distinct; "none" is stored as '' and read back as None.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, request
from sqlalchemy import delete

from ..extensions import DbSession, db
from ..models import SignalCount, UnclassifiedMessage
from .rollup import add_up, add_weeks

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CHANNELS = ("chat", "staff")
CRISIS_KINDS = ("suicide", "violence", "emergency")
REASONS = ("asked_back", "out_of_scope")
# Unclassified messages are kept at most this many days (the day they came in counts as the first).
RETENTION_DAYS = 30
NONE = ""
FLAGS = ("asked_person", "local_referral_found", "asked_back", "out_of_scope")


@dataclass(frozen=True)
class Signal:
    """What one turn or lookup says about a need; no text, no sender, no time of day."""

    channel: str
    need: str | None = None
    municipality_code: str | None = None
    crisis: str | None = None
    asked_person: bool = False
    local_referral_found: bool = False
    asked_back: bool = False
    out_of_scope: bool = False

    def key(self, day: dt.date, demo: bool = False) -> dict[str, Any]:
        """The columns of its SignalCount row ('' for none)."""
        return {
            "day": day,
            "municipality_code": self.municipality_code or NONE,
            "need": self.need or NONE,
            "crisis": self.crisis or NONE,
            "channel": self.channel,
            **{flag: getattr(self, flag) for flag in FLAGS},
            "demo": demo,
        }


def today() -> dt.date:
    """Today in the Netherlands: the only time a signal keeps."""
    return dt.datetime.now(AMSTERDAM).date()


def upsert(session: DbSession, rows: list[dict[str, Any]]) -> None:
    """Add each row's count to its day and combination, and to its weeks in the roll-up (no commit)."""
    add_up(session, SignalCount, rows, ("count",))
    add_weeks(session, rows)


def add_signal(session: DbSession, signal: Signal, day: dt.date | None = None) -> None:
    """Count one signal (the caller commits)."""
    upsert(session, [signal.key(day or today()) | {"count": 1}])


def add_unclassified(
    session: DbSession, text: str, reason: str, municipality_code: str | None, day: dt.date | None = None
) -> None:
    """Keep one redacted message the bot could not place, and drop those past the retention (the caller commits)."""
    day = day or today()
    session.add(UnclassifiedMessage(day=day, reason=reason, municipality_code=municipality_code, text=text))
    purge(session, day)


def oldest_kept(day: dt.date | None = None) -> dt.date:
    """The first day whose unclassified messages are still kept."""
    return (day or today()) - dt.timedelta(days=RETENTION_DAYS - 1)


def purge(session: DbSession, day: dt.date | None = None) -> int:
    """Delete unclassified messages older than the retention; the number deleted (no commit)."""
    result = session.execute(delete(UnclassifiedMessage).where(UnclassifiedMessage.day < oldest_kept(day)))
    return int(getattr(result, "rowcount", 0) or 0)


def lookup_signal(result: dict[str, Any]) -> Signal:
    """The signal of one staff lookup, from its response (lookup/service.run_lookup)."""
    triage = result["triage"]
    out_of_scope = triage["need"] == "out_of_scope"
    municipality = triage.get("municipality")
    return Signal(
        channel="staff",
        need=None if out_of_scope else triage["need"],
        municipality_code=municipality["code"] if municipality else None,
        crisis=triage["crisis"],
        asked_person=bool(triage.get("handoff")) or (result.get("intent") or {}).get("name") == "human_handoff",
        local_referral_found=any(r.get("municipality_code") for r in triage["referrals"]),
        out_of_scope=out_of_scope,
    )


def record_lookup(session: DbSession, result: dict[str, Any]) -> None:
    """Count a staff lookup; a failure is logged (no question, no place) and never reaches the lookup."""
    try:
        add_signal(session, lookup_signal(result))
        session.commit()
    except Exception as exc:  # any failure: a signal must never break the lookup it describes
        session.rollback()
        log.warning("staff lookup signal not recorded (%s)", type(exc).__name__)


def after_lookup(response: Response) -> Response:
    """Flask after_request hook: count each answered staff lookup (POST /api/v1/lookup) in-process.

    A hook here rather than a call in lookup/api.py keeps the lookup package unaware of signals;
    the response is the lookup's JSON, so the signal reads exactly what staff were shown.
    """
    if request.endpoint == "api.lookup" and response.status_code == 200 and response.is_json:
        record_lookup(db.session, response.get_json())
    return response
