"""SQL statements per request: a fixed number however much data exists, and one once the answer is kept."""

from __future__ import annotations

import pytest
from flask import Flask

from referral_service.catalogue.load import bump_version
from referral_service.extensions import db
from referral_service.models import Need, NeedScheme, Scheme, SchemeAlternative

from .conftest import statements_for


def add_schemes(first: int, count: int) -> None:
    """Ended schemes first..first+count, each with two active alternatives, all linked to need 'n'."""
    need = db.session.get(Need, "n") or Need(id="n", name="N", answer="Antwoord.")
    db.session.add(need)
    for i in range(first, first + count):
        ended, alts = f"oud{i}", [f"nieuw{i}a", f"nieuw{i}b"]
        db.session.add(Scheme(id=ended, name=ended, status="ended", summary="De regeling is gestopt."))
        db.session.add_all(Scheme(id=a, name=a, status="active", summary="Loopt nog.") for a in alts)
        db.session.flush()
        db.session.add_all(SchemeAlternative(scheme_id=ended, alternative_id=a, position=p) for p, a in enumerate(alts))
        db.session.add(NeedScheme(need_id="n", scheme_id=ended, position=i))
    bump_version(db.session)  # as every writer does: the next request builds the answer anew
    db.session.commit()


def add_needs(first: int, count: int) -> None:
    """Needs first..first+count, each about one scheme of its own."""
    for i in range(first, first + count):
        db.session.add(Scheme(id=f"s{i}", name=f"S{i}", status="active", summary="Loopt."))
        db.session.add(Need(id=f"n{i}", name=f"N{i}", answer="Antwoord."))
        db.session.flush()
        db.session.add(NeedScheme(need_id=f"n{i}", scheme_id=f"s{i}", position=0))
    bump_version(db.session)
    db.session.commit()


def test_answer_query_count_does_not_grow_with_schemes(empty_app: Flask) -> None:
    add_schemes(0, 2)
    few, body = statements_for(empty_app, "/api/v1/answers/n")
    add_schemes(2, 20)
    many, body = statements_for(empty_app, "/api/v1/answers/n")
    assert len(body["triage"]["schemes"]) == 22 * 3, "every ended scheme and both its alternatives"
    assert many == few


def test_needs_query_count_does_not_grow_with_needs(empty_app: Flask) -> None:
    add_needs(0, 2)
    few, body = statements_for(empty_app, "/api/v1/needs")
    add_needs(2, 20)
    many, body = statements_for(empty_app, "/api/v1/needs")
    assert [n["schemes"] for n in body["needs"]][:3] == [["s0"], ["s1"], ["s10"]]
    assert many == few, "the scheme links of all needs come in one SELECT"


@pytest.mark.parametrize("path", ["/api/v1/answers/n", "/api/v1/referrals?need=n", "/api/v1/resolve?q=Utrecht"])
def test_a_kept_answer_costs_one_statement_the_version_read(empty_app: Flask, path: str) -> None:
    add_schemes(0, 2)
    cold, first = statements_for(empty_app, path)
    warm, second = statements_for(empty_app, path)
    assert cold > 1
    assert warm == 1
    assert second == first
