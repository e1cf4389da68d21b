"""/admin/signals, its CSV and GET /api/v1/signals: weekly counts, "<5", shares, rising needs, who may see them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from flask import Flask, jsonify
from sqlalchemy import select

from referral_service.extensions import db
from referral_service.models import SignalCount
from referral_service.signals import aggregate, chart
from referral_service.signals.aggregate import Filters
from referral_service.signals.record import Signal, after_lookup, lookup_signal

from .conftest import LAST_WEEK, READ_TOKEN, TODAY, add, login

DEBT = Signal("chat", "schuldhulp", "GM0090", local_referral_found=True)
TOZO_STAFF = Signal("staff", "tozo", "GM0014")


def fill_weeks() -> None:
    """Schuldhulp: 6 a week for 8 weeks, then 20 (rising); tozo by staff: 3 in the last week (under 5)."""
    for k in range(1, 9):
        add(DEBT, LAST_WEEK - dt.timedelta(weeks=k), 6)
    add(DEBT, LAST_WEEK + dt.timedelta(days=2), 20)
    add(TOZO_STAFF, LAST_WEEK, 3)
    add(Signal("chat", None, None, crisis="suicide"), LAST_WEEK, 2)
    add(DEBT, TODAY, 50)  # the running week is not shown


def test_counts_under_five_never_leave_the_aggregate(app: Flask) -> None:
    fill_weeks()
    report = aggregate.build(db.session, Filters(weeks=9))
    by_need = {t.need: t for t in report.trends}
    assert by_need["schuldhulp"].counts == [6] * 8 + [20]
    assert by_need["tozo"].counts == [None] * 9
    assert by_need["schuldhulp"].rising
    assert not by_need["tozo"].rising
    assert report.total == 6 * 8 + 20 + 3 + 2
    shares = {s.name: s for s in report.shares}
    assert shares["crisis"].count is None
    assert shares["crisis"].share is None


@pytest.mark.parametrize(
    ("filters", "debt", "tozo"),
    [(Filters(channel="staff", weeks=1), None, None), (Filters(municipality="GM0090", weeks=1), 20, None)],
)
def test_filters_by_channel_and_municipality(app: Flask, filters: Filters, debt: int | None, tozo: None) -> None:
    fill_weeks()
    add(TOZO_STAFF, LAST_WEEK, 3)  # 6 tozo by staff in GM0014
    by_need = {t.need: t.counts for t in aggregate.build(db.session, filters).trends}
    assert by_need["schuldhulp"] == [debt]
    assert by_need["tozo"] == ([6] if filters.channel == "staff" else [tozo])


def test_rising_needs_a_base_of_eight_weeks() -> None:
    assert aggregate.is_rising([5] * 8 + [12])
    assert not aggregate.is_rising([10] * 8 + [14])
    assert not aggregate.is_rising([0] * 8 + [9])  # too few to call


def test_the_chart_leaves_small_weeks_out_as_gaps() -> None:
    weeks = aggregate.ended_weeks(4, TODAY)
    drawn = chart.draw(weeks, [6, None, 8, 9])
    assert len(drawn.points) == 3
    assert len(drawn.segments) == 1
    assert drawn.segments[0].count(",") == 2


@pytest.mark.parametrize("user", ["beheer", "analist"])
def test_admins_and_analysts_see_the_page_with_a_table_next_to_each_chart(app: Flask, user: str) -> None:
    fill_weeks()
    html = login(app, user).get("/admin/signals/?weeks=9").get_data(as_text=True)
    assert "<h1>Signalen" in html
    assert html.count('<svg class="trend"') == 1  # only schuldhulp has weeks of 5 or more
    assert html.count('<table class="weeks">') == 5  # one per need of the fixture data
    assert "&lt;5" in html
    assert re.search(r'schuldhulp.*?<strong class="rising">stijgt</strong>', html, re.S)
    assert 'role="img" aria-labelledby="svg-schuldhulp"' in html
    assert ("Berichten die de bot niet begreep" in html) == (user == "beheer")


@pytest.mark.parametrize(("user", "status"), [("balie", 403), ("redactie", 403), ("analist", 200), ("beheer", 200)])
def test_who_may_read(app: Flask, user: str, status: int) -> None:
    client = login(app, user)
    assert client.get("/admin/signals/").status_code == status
    assert client.get("/admin/signals/signalen.csv").status_code == status
    assert client.get("/api/v1/signals").status_code == status


@pytest.mark.parametrize(("user", "status"), [("analist", 403), ("beheer", 200)])
def test_only_admins_see_the_unclassified_messages(app: Flask, user: str, status: int) -> None:
    assert login(app, user).get("/admin/signals/unclassified").status_code == status


def test_logged_out_goes_to_the_login(app: Flask) -> None:
    assert app.test_client().get("/admin/signals/").status_code == 302


def test_the_csv_has_every_week_and_no_count_under_five(app: Flask) -> None:
    fill_weeks()
    response = login(app, "analist").get("/admin/signals/signalen.csv?weeks=9")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 9 * 5
    shown = [r["count"] for r in rows]
    assert all(c == "<5" or int(c) >= 5 for c in shown)
    assert [r["count"] for r in rows if r["need"] == "tozo"] == ["<5"] * 9


def test_the_api_gives_the_same_aggregates_with_the_read_token(app: Flask) -> None:
    fill_weeks()
    response = app.test_client().get(
        "/api/v1/signals?weeks=9&channel=chat", headers={"Authorization": f"Bearer {READ_TOKEN}"}
    )
    assert response.status_code == 200
    body = response.get_json()
    debt = next(n for n in body["needs"] if n["need"] == "schuldhulp")
    assert (debt["counts"], debt["rising"], body["threshold"]) == ([6] * 8 + [20], True, 5)
    assert body["shares"]["crisis"] == {"count": None, "share": None}
    assert all(c is None or c >= 5 for n in body["needs"] for c in n["counts"])


@pytest.mark.parametrize(
    ("query", "message"), [("weeks=0", "weeks must be"), ("channel=fax", "channel must be"), ("municipality=x", "GM")]
)
def test_the_api_names_a_wrong_filter(app: Flask, query: str, message: str) -> None:
    response = app.test_client().get(f"/api/v1/signals?{query}", headers={"Authorization": f"Bearer {READ_TOKEN}"})
    assert response.status_code == 400
    assert message in response.get_json()["error"]["message"]


def test_the_write_token_cannot_read(app: Flask) -> None:
    from .conftest import WRITE_TOKEN

    response = app.test_client().get("/api/v1/signals", headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert response.status_code == 401


def test_the_openapi_document_describes_both_operations(app: Flask) -> None:
    paths = app.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths["/signals"]) == {"get", "post"}


LOOKUP = {
    "triage": {
        "need": "schuldhulp",
        "municipality": {"code": "GM0090", "name": "Smallingerland"},
        "crisis": None,
        "referrals": [{"municipality_code": None}, {"municipality_code": "GM0090"}],
        "handoff": False,
    },
    "intent": {"name": "schuldhulp", "confidence": 0.9},
    "question": "ik heb schulden",
}


def test_a_staff_lookup_is_counted_by_the_after_request_hook(app: Flask) -> None:
    with app.test_request_context("/api/v1/lookup", method="POST"):
        after_lookup(jsonify(LOOKUP))
    with app.test_request_context("/api/v1/needs"):
        after_lookup(jsonify(LOOKUP))  # any other endpoint: not counted
    rows = db.session.scalars(select(SignalCount)).all()
    assert [(r.channel, r.need, r.municipality_code, r.local_referral_found, r.count) for r in rows] == [
        ("staff", "schuldhulp", "GM0090", True, 1)
    ]


def test_an_out_of_scope_lookup_has_no_need() -> None:
    signal = lookup_signal({"triage": LOOKUP["triage"] | {"need": "out_of_scope", "handoff": True}})
    assert (signal.need, signal.out_of_scope, signal.asked_person) == (None, True, True)
