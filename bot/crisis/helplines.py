"""The crisis lines and every text that gives them, from ``lines.yml``, the one place their numbers are written.

Needs PyYAML only (no risk model), so the staff lookup and the chat widget of
the referral service load this file by path without the rest of the package.
A text names a line as ``{kind.field}`` (``{suicide.phone}``); a name that is
not in the file raises at the first read, so a typo cannot reach a resident.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

LINES_FILE = Path(__file__).with_name("lines.yml")
# The fields of a referral in the triage contract (docs/triage-contract.md); a crisis line is national.
REFERRAL_FIELDS = ("id", "name", "phone", "url")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LINES_FILE.read_text(encoding="utf-8"))
    return data


def services() -> dict[str, dict[str, str | None]]:
    """The line of each crisis kind: id, name, phone, url (the triage's referral fields), some also short and chat."""
    found: dict[str, dict[str, str | None]] = _data()["services"]
    return found


def kinds() -> dict[str, dict[str, Any]]:
    """Per crisis kind: the need its reply's triage carries and the kinds of the lines it gives, in order."""
    found: dict[str, dict[str, Any]] = _data()["kinds"]
    return found


@lru_cache(maxsize=1)
def lines() -> dict[str, dict[str, str]]:
    """Every text that gives a line, by use (reply, english, check, check_english, staff, widget), numbers filled in."""
    fill = {kind: SimpleNamespace(**service) for kind, service in services().items()}
    texts: dict[str, dict[str, str]] = _data()["texts"]
    return {use: {key: text.format_map(fill) for key, text in group.items()} for use, group in texts.items()}


def referrals(kind: str) -> list[dict[str, str | None]]:
    """The triage referrals of a crisis reply: its lines in order, national (no municipality)."""
    given = [services()[line] for line in kinds()[kind]["lines"]]
    return [{field: line[field] for field in REFERRAL_FIELDS} | {"municipality_code": None} for line in given]
