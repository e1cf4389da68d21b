"""The bot's answer and the referrals for a need and a municipality: one code path for the API, the lookup and the bot.

Both are built once per data version and kept in the process (cache.py). "Open now" depends on
the clock, so each call works it out again from the kept opening hours.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sqlalchemy import select

from ..errors import check_code, check_id, not_found
from ..extensions import db
from ..models import Municipality, Need, Scheme
from . import queries
from .answers import compose
from .cache import Generation, data_cache
from .hours import open_now


def build_answer(need_id: str, code: str | None) -> dict[str, Any]:
    """Answer document for a need and an optional municipality code; a copy, so callers may change it."""
    kept = data_cache().current(db.session)
    need_id = known_need(kept, need_id)
    code = known_municipality(kept, code) if code else None
    return copy.deepcopy(kept.get(("answer", need_id, code), lambda: compose_answer(kept, need_id, code)))


def compose_answer(kept: Generation, need_id: str, code: str | None) -> dict[str, Any]:
    """Read the texts of a known need and place and compose the answer (what the cache keeps)."""
    m = get_municipality(code) if code else None
    schemes = {s.id: queries.scheme_dict(s) for s in db.session.scalars(select(Scheme))}
    place = {"code": m.code, "name": m.name} if m else None
    # The answer shows no "open now", so the kept referrals serve as they are.
    referrals = kept_referrals(kept, need_id, code)
    need = queries.need_dict(get_need(need_id))
    return compose(need, schemes, place, referrals, set(known_ids(kept)["needs"]))


def current_referrals(
    kept: Generation, need_id: str, code: str | None, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Referrals of a known need and place, with "open now" as of `now` (default: this moment)."""
    at = now or dt.datetime.now(dt.timezone.utc)
    return [{**r, "open_now": open_now(r["opening_hours"], at)} for r in kept_referrals(kept, need_id, code)]


def kept_referrals(kept: Generation, need_id: str, code: str | None) -> list[dict[str, Any]]:
    """Referrals of a known need and place as built for this data version (their "open now" is stale)."""
    return kept.get(("referrals", need_id, code), lambda: read_referrals(need_id, code))


def read_referrals(need_id: str, code: str | None) -> list[dict[str, Any]]:
    """Read the referrals of a need and place from the tables (what the cache keeps)."""
    return queries.referrals(db.session, get_need(need_id), get_municipality(code) if code else None)


def known_ids(kept: Generation) -> dict[str, frozenset[str]]:
    """Ids of every need and codes of every municipality, read once per data version."""
    return kept.get(
        "known_ids",
        lambda: {
            "needs": frozenset(db.session.scalars(select(Need.id))),
            "municipalities": frozenset(db.session.scalars(select(Municipality.code))),
        },
    )


def known_need(kept: Generation, need_id: str) -> str:
    """A need id that exists, or 400/404 (the same errors as get_need, without a query)."""
    checked = check_id(need_id, "need")
    if checked not in known_ids(kept)["needs"]:
        raise not_found("need", need_id)
    return checked


def known_municipality(kept: Generation, code: str) -> str:
    """A municipality code that exists, or 400/404 (the same errors as get_municipality, without a query)."""
    checked = check_code(code)
    if checked not in known_ids(kept)["municipalities"]:
        raise not_found("municipality", code)
    return checked


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
