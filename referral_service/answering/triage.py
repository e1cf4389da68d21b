"""The triage object of docs/triage-contract.md, declared once for the referral service.

tests/referral_service/answering/test_triage.py reads the field list and types
from the document itself, so this declaration and the contract cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict


class TriageMunicipality(TypedDict):
    """The municipality as the triage names it: CBS code and official name."""

    code: str
    name: str


class Referral(TypedDict):
    """A referral as the triage gives it; the API's referrals carry more fields after these."""

    id: str
    name: str
    phone: str | None
    url: str | None
    municipality_code: str | None


class AnswerTriage(TypedDict):
    """The part of the triage an answer knows; the action server adds crisis, confidence and handoff."""

    need: str | None
    schemes: list[str]
    scheme_status: dict[str, str]
    municipality: TriageMunicipality | None
    referrals: list[Referral]


class Triage(AnswerTriage):
    """The whole triage object, as the staff lookup gives it."""

    crisis: str | None
    confidence: float
    handoff: bool


def municipality_fields(place: Mapping[str, Any] | None) -> TriageMunicipality | None:
    """The triage fields of a municipality, or None (mypy holds the keys to the declaration above)."""
    return TriageMunicipality(code=place["code"], name=place["name"]) if place else None


def referral_fields(full: Mapping[str, Any]) -> Referral:
    """The triage fields of a full referral (mypy holds the keys to the declaration above)."""
    return Referral(
        id=full["id"],
        name=full["name"],
        phone=full.get("phone"),
        url=full.get("url"),
        municipality_code=full.get("municipality_code"),
    )
