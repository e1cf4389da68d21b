"""The bot's answer for a need and a municipality: one code path for the API, the lookup and the bot."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..errors import check_code, check_id, not_found
from ..extensions import db
from ..models import Municipality, Need, Scheme
from . import queries
from .answers import compose


def build_answer(need_id: str, code: str | None) -> dict[str, Any]:
    """Answer document for a need and an optional municipality code."""
    n = get_need(need_id)
    m = get_municipality(code) if code else None
    scheme_rows = db.session.scalars(select(Scheme))
    scheme_map = {s.id: queries.scheme_dict(s) for s in scheme_rows}
    need_ids = set(db.session.scalars(select(Need.id)))
    place = {"code": m.code, "name": m.name} if m else None
    return compose(queries.need_dict(n), scheme_map, place, queries.referrals(db.session, n, m), need_ids)


def get_need(need_id: str) -> Need:
    """A need by id, or 400/404."""
    found = db.session.get(Need, check_id(need_id, "need"))
    if found is None:
        raise not_found("need", need_id)
    return found


def get_municipality(code: str) -> Municipality:
    """A municipality by CBS code, or 400/404."""
    found = db.session.get(Municipality, check_code(code))
    if found is None:
        raise not_found("municipality", code)
    return found
