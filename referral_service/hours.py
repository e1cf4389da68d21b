"""Opening hours as data: is a service open at a given moment (Europe/Amsterdam)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY_CODES = ("mo", "tu", "we", "th", "fr", "sa", "su")


def open_now(opening_hours: list[dict[str, Any]], now: dt.datetime | None = None) -> bool | None:
    """True/False from the rules; None when the hours are unknown (empty list)."""
    if not opening_hours:
        return None
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(AMSTERDAM)
    day = DAY_CODES[local.weekday()]
    clock = local.strftime("%H:%M")
    # "HH:MM" strings compare correctly as text, and "24:00" sorts after every real time.
    return any(day in rule["days"] and rule["opens"] <= clock < rule["closes"] for rule in opening_hours)
