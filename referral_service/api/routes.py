"""Views of the REST API v1; shapes are documented in openapi.py and docs/interfaces.md."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..answering import queries
from ..answering.build import (
    build_answer,
    current_referrals,
    get_municipality,
    get_need,
    known_municipality,
    known_need,
)
from ..answering.cache import data_cache
from ..answering.contact import desk_dict, handoff_contact, handoff_messages
from ..catalogue import rules
from ..errors import ApiError, bad_request, check_id, not_found, query_code, query_int, query_text
from ..extensions import db
from ..models import MunicipalityAlias, MunicipalityDesk, Scheme, Town
from ..places.resolver import resolve as resolve_text
from . import bp
from .openapi import document


@bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3 document of this API."""
    return jsonify(document())


@bp.get("/health")
def health() -> Any:
    """Liveness plus a database round trip."""
    try:
        db.session.execute(select(1))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "error", "database": "unavailable"}), 503
    return jsonify({"status": "ok", "database": "ok"})


@bp.get("/needs")
def needs() -> Any:
    """All needs."""
    return jsonify({"needs": [queries.need_dict(n) for n in queries.all_needs(db.session)]})


@bp.get("/needs/<need_id>")
def need(need_id: str) -> Any:
    """One need."""
    return jsonify(queries.need_dict(get_need(need_id)))


@bp.get("/schemes")
def schemes() -> Any:
    """All schemes."""
    rows = db.session.scalars(select(Scheme).order_by(Scheme.id))
    return jsonify({"schemes": [queries.scheme_dict(s) for s in rows]})


@bp.get("/schemes/<scheme_id>")
def scheme(scheme_id: str) -> Any:
    """One scheme."""
    found = db.session.get(Scheme, check_id(scheme_id, "scheme"))
    if found is None:
        raise not_found("scheme", scheme_id)
    return jsonify(queries.scheme_dict(found))


@bp.get("/municipalities")
def municipalities() -> Any:
    """Search municipalities by name or alias."""
    q = query_text("q", max_length=100)
    limit = query_int("limit", 20, 1, 400)
    found = queries.search_municipalities(db.session, q, limit)
    return jsonify({"municipalities": [queries.municipality_dict(m) for m in found]})


@bp.get("/municipalities/<code>")
def municipality(code: str) -> Any:
    """One municipality with its aliases and towns."""
    m = get_municipality(code)
    aliases = db.session.scalars(
        select(MunicipalityAlias.alias)
        .where(MunicipalityAlias.municipality_code == m.code)
        .order_by(MunicipalityAlias.position)
    )
    towns = db.session.scalars(select(Town.name).where(Town.municipality_code == m.code).order_by(Town.name))
    return jsonify(queries.municipality_dict(m) | {"aliases": list(aliases), "towns": list(towns)})


@bp.get("/municipalities/<code>/desk")
def municipality_desk(code: str) -> Any:
    """The municipality's own desk: central number, website, visiting address, appointment page, hours if known."""
    m = get_municipality(code)
    desk = db.session.get(MunicipalityDesk, m.code)
    if desk is None:
        raise not_found("municipality desk", m.code)
    return jsonify(desk_dict(m, desk))


@bp.get("/postcodes/<pc>")
def postcode(pc: str) -> Any:
    """The municipality of a postcode ('9203', '9203AB' or '9203 AB')."""
    if not rules.POSTCODE.fullmatch(pc):
        raise bad_request(f"postcode must look like 9203 or 9203 AB, got {pc[:20]!r}")
    m = queries.postcode_municipality(db.session, pc[:4])
    if m is None:
        raise not_found("postcode", pc[:4])
    return jsonify({"postcode": pc[:4], "municipality": queries.municipality_dict(m)})


@bp.get("/resolve")
def resolve() -> Any:
    """Find the municipality in free text."""
    q = query_text("q", required=True)
    assert q is not None
    index = current_app.extensions["resolver_index"].get(db.session)
    found = resolve_text(index, q)
    result = None
    if found.place:
        result = {
            "code": found.place.code,
            "name": found.place.name,
            "province": found.place.province,
            "matched_by": found.matched_by,
            "matched_text": found.matched_text,
        }
    candidates = [{"code": p.code, "name": p.name, "province": p.province} for p in found.candidates]
    return jsonify({"query": q, "result": result, "candidates": candidates})


@bp.get("/referrals")
def referrals() -> Any:
    """Services for a need: local ones of the municipality first, then national."""
    kept = data_cache().current(db.session)
    need_id = known_need(kept, query_text("need", required=True) or "")
    code = query_code("municipality")
    code = known_municipality(kept, code) if code else None
    return jsonify({"need": need_id, "municipality": code, "referrals": current_referrals(kept, need_id, code)})


@bp.get("/answers/<need_id>")
def answers(need_id: str) -> Any:
    """The answer the bot gives for a need (messages + triage)."""
    return jsonify(build_answer(need_id, query_code("municipality")))


@bp.get("/handoff")
def handoff() -> Any:
    """Whom a resident can call: the central line, else the municipality's own desk, else null."""
    code = query_code("municipality")
    m = get_municipality(code) if code else None
    contact = handoff_contact(db.session, current_app.config["CENTRAL_LINE"], m)
    return jsonify({"contact": contact, "messages": handoff_messages(contact)})


__all__ = ["ApiError"]
