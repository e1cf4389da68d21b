"""Opening hours as data: typed rules parsed, open at a moment (Europe/Amsterdam), a B1 sentence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY_CODES = ("mo", "tu", "we", "th", "fr", "sa", "su")
DAY_NAMES_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
# A typed rule like 'ma-vr 09:00-17:00'; the day words come from the caller (Dutch or codes).
RULE_RE = re.compile(r"^(?P<days>[a-z,\- ]+?)\s+(?P<opens>\d{2}:\d{2})\s*-\s*(?P<closes>\d{2}:\d{2})$")


class RuleSyntaxError(ValueError):
    """A typed rule that does not parse; `problem` is 'format', 'day' or 'day_order', `text` the bad part.

    Callers turn it into their own message (Dutch for editors, English for settings).
    """

    def __init__(self, problem: str, text: str) -> None:
        super().__init__(f"{problem}: {text!r}")
        self.problem, self.text = problem, text


def open_now(opening_hours: list[dict[str, Any]], now: dt.datetime | None = None) -> bool | None:
    """True/False from the rules; None when the hours are unknown (empty list)."""
    if not opening_hours:
        return None
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(AMSTERDAM)
    day = DAY_CODES[local.weekday()]
    clock = local.strftime("%H:%M")
    # "HH:MM" strings compare correctly as text, and "24:00" sorts after every real time.
    return any(day in rule["days"] and rule["opens"] <= clock < rule["closes"] for rule in opening_hours)


def parse_days(spec: str, names: Sequence[str]) -> list[str]:
    """'ma-vr,zo' -> day codes, where `names` are the seven words for mo..su; ranges '-', lists ','."""
    days: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        ends = [e.strip() for e in part.split("-")]
        if len(ends) > 2 or any(e not in names for e in ends):
            raise RuleSyntaxError("day", part)
        first, last = names.index(ends[0]), names.index(ends[-1])
        if last < first:
            raise RuleSyntaxError("day_order", part)
        days += [DAY_CODES[i] for i in range(first, last + 1) if DAY_CODES[i] not in days]
    return days


def parse_rule(line: str, names: Sequence[str]) -> dict[str, Any]:
    """'ma-vr 09:00-17:00' -> {'days': [mo..fr], 'opens', 'closes'}; the caller checks the times."""
    match = RULE_RE.match(line.strip().lower())
    if not match:
        raise RuleSyntaxError("format", line.strip())
    return {"days": parse_days(match["days"], names), "opens": match["opens"], "closes": match["closes"]}


def dutch_list(items: list[str]) -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b en c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def day_runs(days: list[str]) -> list[list[int]]:
    """Day codes as runs of consecutive weekday numbers: [mo, tu, we, fr] -> [[0, 1, 2], [4]]."""
    runs: list[list[int]] = []
    for i in sorted(DAY_CODES.index(d) for d in set(days)):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def days_sentence(days: list[str]) -> str:
    """[mo..fr] -> 'maandag tot en met vrijdag'; [mo, we] -> 'maandag en woensdag'; all -> 'elke dag'."""
    runs = day_runs(days)
    if runs and len(runs[0]) == len(DAY_CODES):
        return "elke dag"
    # Two days in a row read better as 'zaterdag en zondag' than as a range.
    words = [[DAY_NAMES_NL[i] for i in run] for run in runs]
    parts = [f"{w[0]} tot en met {w[-1]}" if len(w) > 2 else dutch_list(w) for w in words]
    return dutch_list(parts)


def clock_text(hhmm: str) -> str:
    """'08:30' -> '8.30' (how Dutch texts write times)."""
    hours, minutes = hhmm.split(":")
    return f"{int(hours)}.{minutes}"


def rule_sentence(rule: dict[str, Any]) -> str:
    """One rule in B1 Dutch: 'maandag tot en met vrijdag van 8.30 tot 17.00 uur'."""
    days = days_sentence(rule["days"])
    if (rule["opens"], rule["closes"]) == ("00:00", "24:00"):
        return "dag en nacht" if days == "elke dag" else f"{days} de hele dag"
    return f"{days} van {clock_text(rule['opens'])} tot {clock_text(rule['closes'])} uur"


def hours_sentence(opening_hours: list[dict[str, Any]]) -> str | None:
    """All rules as one B1 Dutch phrase for residents; None when the hours are unknown."""
    if not opening_hours:
        return None
    return dutch_list([rule_sentence(rule) for rule in opening_hours])
