"""Presentation helpers of the staff lookup: scheme cards, referral extras, the copy text (Dutch)."""

from __future__ import annotations

import re
from typing import Any

from ..answering.answers import dutch_date

CARD_FIELDS = (
    "id",
    "name",
    "full_name",
    "status",
    "summary",
    "what_to_do_now",
    "staff_notes",
    "ended_on",
    "alternatives",
    "official_url",
    "last_verified",
)
DAY_LABELS = {"mo": "ma", "tu": "di", "we": "wo", "th": "do", "fr": "vr", "sa": "za", "su": "zo"}
DAY_ORDER = tuple(DAY_LABELS)
OPEN_LABELS = {True: "Nu open", False: "Nu gesloten", None: "Openingstijden onbekend"}


def status_label(scheme: dict[str, Any]) -> str:
    """'Gestopt op 1 oktober 2021', 'Gestopt' or 'Loopt'."""
    if scheme["status"] != "ended":
        return "Loopt"
    when = dutch_date(scheme.get("ended_on"))
    return f"Gestopt op {when}" if when else "Gestopt"


def scheme_card(scheme: dict[str, Any]) -> dict[str, Any]:
    """A scheme as the staff card shows it: the card fields plus a status label."""
    extra = {"status_label": status_label(scheme), "last_verified_text": dutch_date(scheme.get("last_verified"))}
    return {f: scheme.get(f) for f in CARD_FIELDS} | extra


def day_span(days: list[str]) -> str:
    """['mo','tu','we','th','fr'] -> 'ma-vr'; all seven -> 'elke dag'; else 'ma, wo'."""
    ordered = [d for d in DAY_ORDER if d in days]
    if len(ordered) == len(DAY_ORDER):
        return "elke dag"
    positions = [DAY_ORDER.index(d) for d in ordered]
    if len(ordered) > 2 and positions == list(range(positions[0], positions[-1] + 1)):
        return f"{DAY_LABELS[ordered[0]]}-{DAY_LABELS[ordered[-1]]}"
    return ", ".join(DAY_LABELS[d] for d in ordered)


def hours_text(opening_hours: list[dict[str, Any]]) -> str | None:
    """'ma-vr 09:00-17:00; za 10:00-12:00', 'dag en nacht', or None when unknown."""
    parts = []
    for rule in opening_hours:
        span = day_span(rule["days"])
        if span == "elke dag" and (rule["opens"], rule["closes"]) == ("00:00", "24:00"):
            parts.append("dag en nacht")
        else:
            parts.append(f"{span} {rule['opens']}-{rule['closes']}")
    return "; ".join(parts) or None


def tel_href(phone: str | None) -> str | None:
    """'0800-0113' -> 'tel:08000113'; None without a number."""
    if not phone:
        return None
    digits = re.sub(r"[^\d+]", "", phone)
    return f"tel:{digits}" if digits else None


def referral_view(referral: dict[str, Any]) -> dict[str, Any]:
    """A full referral object plus what the page shows: tel link, hours text, open label."""
    return referral | {
        "tel": tel_href(referral.get("phone")),
        "hours_text": hours_text(referral.get("opening_hours") or []),
        "open_label": OPEN_LABELS[referral.get("open_now")],
    }


def referral_copy_line(referral: dict[str, Any]) -> str:
    """'- Geldfit: 0800-8115 (Dag en nacht) - Nu open'."""
    line = f"- {referral['name']}"
    contact = referral.get("phone") or referral.get("url")
    if contact:
        line += f": {contact}"
    hours = referral.get("hours_note") or referral.get("hours_text")
    if hours:
        line += f" ({hours})"
    return f"{line} - {referral['open_label']}"


def copy_text(need_name: str | None, crisis_line: str | None, result: dict[str, Any]) -> str:
    """The plain-text summary behind the 'Kopieer' button: need, status, text, referrals."""
    lines = [f"Onderwerp: {need_name or 'onbekend'}"]
    if crisis_line:
        lines.append(f"CRISIS - {crisis_line}")
    lines += [f"Regeling: {s['name']} - {s['status_label']}" for s in result["schemes"]]
    # The referral listing of the messages is repeated below with hours and open status.
    texts = [m["text"] for m in result["messages"] if m.get("kind") != "referrals"]
    if texts:
        lines += ["", "Tekst:", *texts]
    if result["referrals"]:
        lines += ["", "Verwijzen naar:", *(referral_copy_line(r) for r in result["referrals"])]
    return "\n".join(lines)
