"""Pure helpers that build the triage object of shared/contract/triage.md."""
from __future__ import annotations

from typing import Any

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


def municipality_of(code: str | None, name: str | None) -> dict[str, str] | None:
    """The triage's municipality object, once both code and name are known."""
    if code and name:
        return {"code": code, "name": name}
    return None


def build_triage(
    message: dict[str, Any],
    need: str | None,
    base: dict[str, Any] | None = None,
    municipality: dict[str, str] | None = None,
    handoff: bool = False,
) -> dict[str, Any]:
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


def referral_fields(referral: dict[str, Any]) -> dict[str, Any]:
    """Keep the contract's referral fields (extra detail stays in the text)."""
    keys = ("id", "name", "phone", "url", "municipality_code")
    return {key: referral.get(key) for key in keys}
