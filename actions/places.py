"""The one place finder of the bot: every message's place comes from the referral service's GET /api/v1/resolve.

The bot keeps no place names of its own. Each action that answers a resident
(a need, the municipality question, a hand-off) first resolves the messages no
such action has seen yet: the latest one, then the ones answered by Rasa alone
since the last of these actions (a crisis reply, small talk). So a place named
in a crisis message, whose reply never waits for the action server, is still
remembered by the next action that runs.

A place said of someone else ("mijn moeder woont in Zwolle") is used for that
turn's answer, but does not replace a municipality the conversation already
has (the resident's own, or the site's): see keeps_own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.client import ReferralClient, ReferralServiceError

# The actions that resolve the messages before them; a message older than the last of these was seen.
PLACE_ACTIONS = frozenset({"action_answer_need", "action_set_municipality", "action_handoff"})
# Entities a button's payload carries ("/inform_municipality{"municipality": "Bergen (NH)"}").
PLACE_ENTITIES = frozenset({"municipality", "postcode"})
# GET /api/v1/resolve takes at most 200 characters (openapi.py); longer texts go in pieces.
MAX_QUERY = 200
# Earlier unseen messages looked at, at most: each costs one call.
LOOK_BACK = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Who a place is said of. Hand-written cues, not a parser: the action server loads no language
# model, and these few phrasings ("mijn moeder", "ze woont") are what residents write.
_OTHER_PERSON = re.compile(
    r"\b(?:mijn|m'n|onze|ons|zijn|haar|hun)\s+(?:schoon)?(?:moeder|vader|ma|pa|ouders|zoon|dochter|kind|kinderen"
    r"|broer|zus|zuster|oma|opa|tante|oom|neef|nicht|vriend|vriendin|buurman|buurvrouw|buren|cli[eë]nt|collega"
    r"|kennis|familie)\b|\b(?:hij|zij|ze)\s+(?:woont|wonen|zit|zitten|komt|komen)\b",
    re.IGNORECASE,
)
_OWN_PERSON = re.compile(r"\b(?:ik|wij|we|mij|me|mijzelf|onszelf|zelf)\b", re.IGNORECASE)
# The part of a sentence a place belongs to: after the last comma, semicolon or "en"/"maar" before it.
_CLAUSE_BREAK = re.compile(r"[,;:]|\s(?:en|maar|want|of)\s", re.IGNORECASE)


@dataclass(frozen=True)
class Resolution:
    """What the place finder found in the unseen messages: one municipality, or the latest message's choices."""

    place: dict[str, Any] | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    down: bool = False
    for_other: bool = False


def message_text(message: dict[str, Any]) -> str:
    """The text to resolve: what the resident wrote, or the place a button's payload carries."""
    text = str(message.get("text") or "")
    if not text.startswith("/"):
        return text
    values = [str(e["value"]) for e in message.get("entities") or [] if e.get("entity") in PLACE_ENTITIES]
    return " ".join(values)


def pieces(text: str, limit: int = MAX_QUERY) -> list[str]:
    """The text in parts the resolver accepts: whole sentences where they fit, else cut between words."""
    parts: list[str] = []
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        while len(sentence) > limit:
            cut = sentence.rfind(" ", 0, limit + 1)
            cut = cut if cut > 0 else limit
            parts.append(sentence[:cut])
            sentence = sentence[cut:].strip()
        if parts and len(parts[-1]) + 1 + len(sentence) <= limit:
            parts[-1] = f"{parts[-1]} {sentence}"
        elif sentence:
            parts.append(sentence)
    return parts


async def resolve_text(client: ReferralClient, text: str) -> dict[str, Any]:
    """The resolver's answer for a text of any length: the first part with a municipality, else the first choices."""
    candidates: list[dict[str, Any]] = []
    for part in pieces(text):
        resolved = await client.resolve(part)
        if resolved.get("result"):
            return {"result": resolved["result"], "candidates": []}
        candidates = candidates or list(resolved.get("candidates") or [])
    return {"result": None, "candidates": candidates}


def unseen_messages(tracker: Tracker) -> list[dict[str, Any]]:
    """User messages since the last place action (or the session start), the latest first, at most 1 + LOOK_BACK."""
    found: list[dict[str, Any]] = []
    for event in reversed(tracker.events or []):
        kind = event.get("event")
        if kind == "session_started" or (kind == "action" and event.get("name") in PLACE_ACTIONS):
            break
        if kind == "user":
            found.append({"text": event.get("text"), **(event.get("parse_data") or {})})
    latest = [tracker.latest_message] if tracker.latest_message else []
    return (latest + found[1:])[: 1 + LOOK_BACK] if found else latest


def said_of_other(text: str, matched: str | None) -> bool:
    """Whether the place in `text` is said of someone else: "mijn moeder woont in Zwolle", not "wij wonen in"."""
    at = text.lower().find((matched or "").lower()) if matched else -1
    if at < 0:
        return False
    sentence = _SENTENCE_END.split(text[:at])[-1]
    clause = _CLAUSE_BREAK.split(sentence)[-1]
    return bool(_OTHER_PERSON.search(clause)) and not _OWN_PERSON.search(clause)


async def resolve_message(client: ReferralClient, message: dict[str, Any]) -> Resolution:
    """The place in one message; ReferralServiceError when the referral service cannot tell."""
    text = message_text(message)
    if not text.strip():
        return Resolution()
    resolved = await resolve_text(client, text)
    found = resolved["result"]
    if found:
        return Resolution(place=found, for_other=said_of_other(text, found.get("matched_text")))
    return Resolution(candidates=resolved["candidates"])


async def find_place(client: ReferralClient, tracker: Tracker) -> Resolution:
    """The municipality in the unseen messages, the latest first; choices only from the latest one."""
    for position, message in enumerate(unseen_messages(tracker)):
        try:
            found = await resolve_message(client, message)
        except ReferralServiceError:
            return Resolution(down=True)
        if found.place:
            return found
        if position == 0 and found.candidates:
            return found
    return Resolution()


def keeps_own(tracker: Tracker, found: Resolution) -> bool:
    """A place said of someone else does not replace the municipality the conversation already has."""
    own = tracker.get_slot("municipality_code")
    return bool(found.for_other and found.place and own and found.place["code"] != own)


def remember(tracker: Tracker, found: Resolution) -> list[EventType]:
    """Slot events for the place found, unless it is someone else's and the resident's own is known."""
    if found.place is None or keeps_own(tracker, found):
        return []
    return municipality_events(found.place)


def other_note(tracker: Tracker, found: Resolution) -> str | None:
    """Says whose municipality the help is for when it is not the one the bot keeps for the resident."""
    if not keeps_own(tracker, found) or found.place is None:
        return None
    return (f"U vraagt voor iemand in de gemeente {found.place['name']}. Daarom noem ik de hulp daar. "
            f"Voor uzelf onthoud ik de gemeente {tracker.get_slot('municipality_name')}.")


def which_of_two(tracker: Tracker, found: Resolution) -> tuple[str, list[dict[str, str]]]:
    """A question and buttons for someone else's place said with no question: help there, or at home?"""
    assert found.place is not None
    names = [found.place["name"], str(tracker.get_slot("municipality_name"))]
    question = f"Zoekt u hulp in de gemeente {names[0]} of in de gemeente {names[1]}?"
    return question, [{"title": name, "payload": f'/inform_municipality{{"municipality": "{name}"}}'} for name in names]


def municipality_events(found: dict[str, Any]) -> list[EventType]:
    """Slot events that remember the resolved municipality."""
    return [SlotSet("municipality_code", found["code"]), SlotSet("municipality_name", found["name"])]


def candidate_buttons(candidates: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Buttons that let the resident pick one of several municipalities."""
    return [{"title": f"{c['name']} ({c['province']})",
             "payload": f'/inform_municipality{{"municipality": "{c["name"]}"}}'} for c in candidates[:4]]
