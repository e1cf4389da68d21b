"""The triage object of docs/triage-contract.md, declared once for the bot, and pure helpers that build it.

tests/actions/test_triage.py reads the field list and types from the document
itself, so this declaration and the contract cannot drift.
"""
from __future__ import annotations

from typing import Any, TypedDict, cast


class Municipality(TypedDict):
    """The municipality as the triage names it: CBS code and official name."""

    code: str
    name: str


class Referral(TypedDict):
    """A referral as the triage gives it (the referral service sends more; the rest stays in the text)."""

    id: str
    name: str
    phone: str | None
    url: str | None
    municipality_code: str | None


class Triage(TypedDict):
    """The triage object the bot sends as a custom message, once per classified turn."""

    need: str | None
    schemes: list[str]
    scheme_status: dict[str, str]
    municipality: Municipality | None
    crisis: str | None
    referrals: list[Referral]
    confidence: float
    handoff: bool


NEEDS = frozenset({
    "tozo", "tonk", "now", "tvl", "tofa", "bbz", "belastingschuld", "bijstand",
    "schuldhulp", "eenzaamheid", "mentale_gezondheid", "huiselijk_geweld", "werk",
    "voedselhulp",
})
CRISIS_KINDS = frozenset({"suicide", "violence", "emergency"})


def intent_of(message: dict[str, Any]) -> str | None:
    """Name of the classified intent of a parsed user message."""
    return (message.get("intent") or {}).get("name")


def confidence_of(message: dict[str, Any]) -> float:
    """Classifier confidence of a parsed user message, clamped to 0..1."""
    value = (message.get("intent") or {}).get("confidence") or 0.0
    return max(0.0, min(1.0, float(value)))


def crisis_of(message: dict[str, Any]) -> str | None:
    """Crisis kind the crisis detector found in the message, if any."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == "crisis" and entity.get("value") in CRISIS_KINDS:
            return str(entity["value"])
    return None


def municipality_of(code: str | None, name: str | None) -> Municipality | None:
    """The triage's municipality object, once both code and name are known."""
    if code and name:
        return Municipality(code=code, name=name)
    return None


def build_triage(
    message: dict[str, Any],
    need: str | None,
    base: dict[str, Any] | None = None,
    municipality: Municipality | None = None,
    handoff: bool = False,
) -> Triage:
    """Complete the referral service's partial triage with what the bot knows."""
    base = base or {}
    return {
        "need": need,
        "schemes": list(base.get("schemes") or []),
        "scheme_status": dict(base.get("scheme_status") or {}),
        "municipality": base.get("municipality") or municipality,
        "crisis": crisis_of(message),
        "referrals": [referral_fields(r) for r in base.get("referrals") or []],
        "confidence": confidence_of(message),
        "handoff": handoff,
    }


def referral_fields(referral: dict[str, Any]) -> Referral:
    """Keep the contract's referral fields, those of Referral (extra detail stays in the text)."""
    # .get, not [...]: a reply short of a field still gives a triage (null there) rather than no reply.
    return cast(Referral, {key: referral.get(key) for key in Referral.__annotations__})
