"""The staff lookup itself: NLU, crisis, municipality, the bot's answer and the referrals.

The municipality comes from the place box, else the question, else the staff
member's home municipality (``User.home_municipality``, set in /admin/users).

The messages and the triage come from ``build_answer`` (the code path of
``GET /api/v1/answers/<need>``), so staff read exactly what the bot would send.
Nothing here logs the question or the place: they may hold personal data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select

from ..answering import queries
from ..answering.build import build_answer
from ..answering.triage import Triage, TriageMunicipality, referral_fields
from ..auth import current_user
from ..errors import not_found
from ..extensions import db
from ..models import Municipality, Need, Scheme, Service
from ..places.resolver import Place, Resolution, resolve
from . import present, rasa_client
from .crisis import (
    CRISIS_LABELS,
    CRISIS_LINES,
    CRISIS_NEEDS,
    CRISIS_SERVICES,
    POSSIBLE,
    Risk,
    assess,
    crisis_from_intent,
    most_urgent,
    risk_line,
)
from .validation import LookupRequest

log = logging.getLogger(__name__)
OUT_OF_SCOPE = "out_of_scope"
OUT_OF_SCOPE_NAME = "Buiten onderwerp"


@dataclass(frozen=True)
class Nlu:
    """What Rasa said about the question ('rasa'), or that it could not be asked ('unavailable')."""

    status: str
    intent: str | None = None
    confidence: float = 0.0
    crisis: str | None = None


def classify(question: str) -> Nlu:
    """Ask Rasa's /model/parse; an 'unavailable' Nlu on any failure."""
    try:
        parsed = rasa_client.from_config(current_app.config).parse(question)
    except rasa_client.RasaUnavailableError as exc:
        log.warning("Rasa /model/parse unavailable for the staff lookup (%s)", exc)
        return Nlu("unavailable")
    crisis = most_urgent([crisis_from_intent(parsed.intent), *parsed.entity_values("crisis")])
    return Nlu("rasa", parsed.intent, parsed.confidence, crisis)


def need_ids() -> set[str]:
    """Ids of every need in the database."""
    return set(db.session.scalars(select(Need.id)))


def choose_need(override: str | None, nlu: Nlu, known: set[str]) -> str | None:
    """The manual need, else Rasa's need intent, out_of_scope, or the need of a crisis intent."""
    if override is not None:
        if override not in known | {OUT_OF_SCOPE}:
            raise not_found("need", override)
        return override
    if nlu.intent in known or nlu.intent == OUT_OF_SCOPE:
        return nlu.intent
    kind = crisis_from_intent(nlu.intent)
    crisis_need = CRISIS_NEEDS[kind] if kind else None
    return crisis_need if crisis_need in known else None


def confidence(override: str | None, nlu: Nlu) -> float:
    """1.0 for a need staff chose; Rasa's confidence; 0.0 without NLU."""
    if override is not None:
        return 1.0
    return nlu.confidence if nlu.status == "rasa" else 0.0


def find_place(place: str | None, question: str) -> tuple[str, Resolution]:
    """Resolve the place box when filled, else the question text: (source, resolution)."""
    index = current_app.extensions["resolver_index"].get(db.session)
    source, text = ("place", place) if place else ("question", question)
    return source, resolve(index, text)


def home_municipality() -> Municipality | None:
    """The logged-in staff member's home municipality, when set and (still) known."""
    user = current_user()
    code = user.home_municipality if user else None
    return db.session.get(Municipality, code) if code else None


def find_place_or_home(place: str | None, question: str) -> tuple[str, Resolution]:
    """The place box or the question; when neither names a municipality, the staff member's home one."""
    source, found = find_place(place, question)
    if place or found.place or found.candidates:
        return source, found
    home = home_municipality()
    if home is None:
        return source, found
    return "home", Resolution(Place(home.code, home.name, home.province), "home_municipality", None)


def place_info(source: str, found: Resolution) -> dict[str, Any]:
    """How the municipality was found, and the candidates when it was ambiguous."""
    return {
        "source": source,
        "matched_by": found.matched_by,
        "matched_text": found.matched_text,
        "candidates": [{"code": p.code, "name": p.name, "province": p.province} for p in found.candidates],
    }


def need_referrals(need_id: str, code: str | None) -> list[dict[str, Any]]:
    """Full referral objects for a need (same helper as the answers route; rows come from the identity map)."""
    need = db.session.get(Need, need_id)
    municipality = db.session.get(Municipality, code) if code else None
    return queries.referrals(db.session, need, municipality) if need else []


def crisis_referrals(kind: str | None) -> list[dict[str, Any]]:
    """The national crisis lines for `kind`, in the order to give them."""
    if kind is None:
        return []
    ids = CRISIS_SERVICES[kind]
    rows = {s.id: s for s in db.session.scalars(select(Service).where(Service.id.in_(ids)))}
    return [queries.referral_dict(rows[i], None) for i in ids if i in rows]


def merge_referrals(first: list[dict[str, Any]], rest: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`first`, then the ones of `rest` not already listed."""
    seen = {r["id"] for r in first}
    return first + [r for r in rest if r["id"] not in seen]


def scheme_cards(ids: list[str]) -> list[dict[str, Any]]:
    """Staff cards of the schemes, in the order of `ids`."""
    if not ids:
        return []
    rows = {s.id: s for s in db.session.scalars(select(Scheme).where(Scheme.id.in_(ids)))}
    return [present.scheme_card(queries.scheme_dict(rows[i])) for i in ids if i in rows]


def need_label(need: str | None, answer: dict[str, Any] | None) -> dict[str, str] | None:
    """{'id', 'name'} of the need for the page, or None."""
    if answer is not None:
        return dict(answer["need"])
    return {"id": OUT_OF_SCOPE, "name": OUT_OF_SCOPE_NAME} if need == OUT_OF_SCOPE else None


def triage(
    need: str | None,
    answer: dict[str, Any] | None,
    municipality: TriageMunicipality | None,
    crisis: str | None,
    referrals: list[dict[str, Any]],
    score: float,
) -> Triage:
    """The triage object of docs/triage-contract.md."""
    base = answer["triage"] if answer else {"schemes": [], "scheme_status": {}}
    return {
        "need": need,
        "schemes": base["schemes"],
        "scheme_status": base["scheme_status"],
        "municipality": municipality,
        "crisis": crisis,
        "referrals": [referral_fields(r) for r in referrals],
        "confidence": score,
        "handoff": False,
    }


def run_lookup(req: LookupRequest) -> dict[str, Any]:
    """The full lookup response for a checked request (see docs/interfaces.md)."""
    nlu = classify(req.question)
    local = assess(req.question)
    crisis = most_urgent([nlu.crisis, local.crisis])
    need = choose_need(req.need, nlu, need_ids())
    source, found = find_place_or_home(req.place, req.question)
    code = found.place.code if found.place else None
    answer = build_answer(need, code) if need and need != OUT_OF_SCOPE else None
    referrals = merge_referrals(crisis_referrals(crisis), need_referrals(need, code) if need and answer else [])
    result = core_fields(req, nlu, need, answer, found, crisis, referrals)
    return result | extras(need, answer, crisis, source, found, result) | risk_fields(crisis, local)


def core_fields(
    req: LookupRequest,
    nlu: Nlu,
    need: str | None,
    answer: dict[str, Any] | None,
    found: Resolution,
    crisis: str | None,
    referrals: list[dict[str, Any]],
) -> dict[str, Any]:
    """The fields the issue asks for: question, triage, messages, scheme cards, referrals, intent, nlu."""
    municipality = TriageMunicipality(code=found.place.code, name=found.place.name) if found.place else None
    return {
        "question": req.question,
        "triage": triage(need, answer, municipality, crisis, referrals, confidence(req.need, nlu)),
        "messages": answer["messages"] if answer else [],
        "schemes": scheme_cards(answer["triage"]["schemes"]) if answer else [],
        "referrals": [present.referral_view(r) for r in referrals],
        "intent": {"name": nlu.intent, "confidence": nlu.confidence} if nlu.status == "rasa" else None,
        "nlu": nlu.status,
    }


def extras(
    need: str | None,
    answer: dict[str, Any] | None,
    crisis: str | None,
    source: str,
    found: Resolution,
    result: dict[str, Any],
) -> dict[str, Any]:
    """Fields for the page: need label, crisis banner text, place details, copy text."""
    label = need_label(need, answer)
    line = CRISIS_LINES[crisis] if crisis else None
    return {
        "need": label,
        "crisis_label": CRISIS_LABELS[crisis] if crisis else None,
        "crisis_line": line,
        "place": place_info(source, found),
        "copy_text": present.copy_text(label["name"] if label else None, line, result),
    }


def risk_fields(crisis: str | None, local: Risk) -> dict[str, Any]:
    """The risk for the page: 'crisis', or 'possible' with what staff ask, or None.

    A possible risk stays out of the triage (its crisis is null, as the contract says):
    the bot, too, only adds a check to its normal answer.
    """
    if crisis:
        return {"risk": "crisis", "risk_line": None}
    if local.level == POSSIBLE:
        return {"risk": "possible", "risk_line": risk_line(local.category)}
    return {"risk": None, "risk_line": None}
