"""The triage object as docs/triage-contract.md defines it, read from the document itself.

Both deployables that build the object test their one declaration of it against
this (tests/actions/test_triage.py, tests/referral_service/answering/test_triage.py),
so a field added to the contract fails both until it is declared. Pure Python:
it runs in the bot's and the referral service's virtualenvs alike.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

CONTRACT = Path(__file__).resolve().parents[1] / "docs" / "triage-contract.md"
# A row of a Markdown table whose first cell is a `code` name: (name, second cell, third cell).
ROW = re.compile(r"^\| `(\w+)` \| ([^|]*) \|(?: ([^|]*) \|)?$", re.MULTILINE)


def section(title: str) -> str:
    """The text of the contract's `## title` section."""
    text = CONTRACT.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


@cache
def fields() -> dict[str, str]:
    """Field name -> its type as the contract writes it ('string or null', 'list of objects', ...)."""
    return {name: kind.strip() for name, kind, _ in ROW.findall(section("The object"))}


def meaning(field: str) -> str:
    """The meaning cell of one field of the object."""
    return next(text for name, _, text in ROW.findall(section("The object")) if name == field)


def referral_fields() -> list[str]:
    """The keys of a referral, in order: `{"id", "name", ...}` in the referrals row."""
    braces = re.search(r"\{[^}]*\}", meaning("referrals"))
    assert braces, "the referrals row lists its keys in {...}"
    return re.findall(r'"(\w+)"', braces[0])


def municipality_fields() -> list[str]:
    """The keys of the municipality object: `{"code": ..., "name": ...}` in the municipality row."""
    return re.findall(r'"(\w+)":', meaning("municipality"))


def crisis_kinds() -> set[str]:
    """The crisis kinds: the quoted values of the crisis row."""
    return set(re.findall(r'"(\w+)"', meaning("crisis")))


def need_ids() -> set[str]:
    """The need ids that must exist (the first column of the 'Need ids' table)."""
    return {name for name, _, _ in ROW.findall(section("Need ids"))}
