"""Composes the bot's answer for a need from database texts (pure, no I/O)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .hours import hours_sentence
from .triage import AnswerTriage, municipality_fields, referral_fields

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
# Words that already tell a reader plainly that a scheme has ended.
ENDED_WORDS = re.compile(r"\b(gestopt|gestop|beëindigd|afgelopen|bestaat niet meer|voorbij)\b", re.IGNORECASE)


def dutch_date(value: str | dt.date | None) -> str | None:
    """'2021-10-01' -> '1 oktober 2021'."""
    if value is None:
        return None
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def ended_text(scheme: dict[str, Any]) -> str:
    """The scheme summary, led by a plain 'has ended' sentence when the summary lacks one."""
    summary: str = scheme["summary"]
    if ENDED_WORDS.search(summary):
        return summary
    when = dutch_date(scheme.get("ended_on"))
    lead = f"De {scheme['name']} is gestopt" + (f" op {when}." if when else ".")
    return f"{lead} {summary}"


def first_sentences(text: str, count: int = 2) -> str:
    """The first sentences of a text: residents read on small phone screens."""
    sentences = re.split(r"(?<=[.?!])\s+", text.strip())
    return " ".join(sentences[:count])


def referral_line(referral: dict[str, Any]) -> str:
    """'- Geldfit: 0800-8115 (Dag en nacht)'; a name alone when no number is known; hours only when known."""
    line = f"- {referral['name']}"
    contact = referral.get("phone") or referral.get("url")
    if contact:
        line += f": {contact}"
    hours = referral.get("hours_note") or hours_sentence(referral.get("opening_hours") or [])
    if referral.get("phone") and hours:
        line += f" ({hours})"
    return line


SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def sentence_key(sentence: str) -> str:
    """A sentence compared without case, spaces and end marks."""
    return " ".join(sentence.lower().rstrip(".?!").split())


def without_repeats(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages with every sentence said before in the reply left out (texts come from several records)."""
    seen: set[str] = set()
    out = []
    for message in messages:
        sentences = SENTENCE_END.split(message["text"].strip())
        kept = []
        for sentence in sentences:
            key = sentence_key(sentence)
            if key and key not in seen:
                seen.add(key)
                kept.append(sentence)
        if len(kept) == len(sentences):
            out.append(message)  # unchanged, line breaks and all
        elif kept or message.get("buttons"):
            out.append(message | {"text": " ".join(kept)})
    return out


def referrals_message(referrals: list[dict[str, Any]]) -> dict[str, Any] | None:
    """'U kunt terecht bij: ...' listing every referral, local ones first."""
    if not referrals:
        return None
    lines = "\n".join(referral_line(r) for r in referrals)
    # "kind" lets the bot resend only this part once the municipality is known.
    return {"text": f"U kunt terecht bij:\n{lines}", "kind": "referrals"}


def scheme_messages(
    need: dict[str, Any], schemes: dict[str, dict[str, Any]], need_ids: set[str]
) -> list[dict[str, Any]]:
    """Ended schemes first said as ended, then what to do now, then the current alternatives."""
    own = [schemes[s] for s in need["schemes"] if s in schemes]
    ended = [s for s in own if s["status"] == "ended"]
    messages = [{"text": ended_text(s)} for s in ended]
    messages += [{"text": s["what_to_do_now"]} for s in ended if s.get("what_to_do_now")]
    alt_ids = [a for s in ended for a in s["alternatives"]] + [s["id"] for s in own if s["status"] == "active"]
    for alt_id in dict.fromkeys(alt_ids):
        alt = schemes.get(alt_id)
        if alt is None or alt["status"] != "active":
            continue
        # Short pointer; the button leads to the full answer for that scheme.
        message: dict[str, Any] = {"text": first_sentences(alt["summary"])}
        if alt_id in need_ids and alt_id != need["id"]:
            message["buttons"] = [{"title": f"Meer over {alt['name']}", "payload": f"/{alt_id}"}]
        messages.append(message)
    return messages


def plain_messages(need: dict[str, Any], schemes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The need's own answer, then the next step of its first scheme."""
    messages = [{"text": need["answer"]}]
    first = next((schemes[s] for s in need["schemes"] if s in schemes), None)
    if first and first.get("what_to_do_now"):
        messages.append({"text": first["what_to_do_now"]})
    return messages


def triage_schemes(need: dict[str, Any], schemes: dict[str, dict[str, Any]]) -> list[str]:
    """The need's schemes plus the alternatives of ended ones."""
    ids = list(need["schemes"])
    for sid in need["schemes"]:
        scheme = schemes.get(sid)
        if scheme and scheme["status"] == "ended":
            ids += scheme["alternatives"]
    return [s for s in dict.fromkeys(ids) if s in schemes]


def compose(
    need: dict[str, Any],
    schemes: dict[str, dict[str, Any]],
    municipality: dict[str, str] | None,
    referrals: list[dict[str, Any]],
    need_ids: set[str],
) -> dict[str, Any]:
    """The answer document of GET /api/v1/answers/<need> (see docs/interfaces.md)."""
    has_ended = any(schemes[s]["status"] == "ended" for s in need["schemes"] if s in schemes)
    messages = scheme_messages(need, schemes, need_ids) if has_ended else plain_messages(need, schemes)
    messages = without_repeats(messages)
    listing = referrals_message(referrals)
    if listing:
        messages.append(listing)
    ids = triage_schemes(need, schemes)
    triage: AnswerTriage = {
        "need": need["id"],
        "schemes": ids,
        "scheme_status": {s: schemes[s]["status"] for s in ids},
        "municipality": municipality_fields(municipality),
        "referrals": [referral_fields(r) for r in referrals],
    }
    return {
        "need": {"id": need["id"], "name": need["name"]},
        "messages": messages,
        "needs_municipality": bool(need["local"]),
        "triage": triage,
    }
