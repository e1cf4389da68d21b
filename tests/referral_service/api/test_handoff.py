"""GET /api/v1/handoff: the central line when configured, else the municipality's own desk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from referral_service import create_app
from referral_service.extensions import db
from referral_service.models import Municipality, Organisation, Service, ServiceArea

from ..conftest import Databases

UNSET = {"CENTRAL_LINE_PHONE": None, "CENTRAL_LINE_URL": None, "CENTRAL_LINE_HOURS": None, "CENTRAL_LINE_NAME": None}


def handoff_app(databases: Databases, **central: str) -> Iterator[Flask]:
    """An app with one municipality and its desk; CENTRAL_LINE_* only as given (not from the environment)."""
    settings = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": databases.new_url(), **UNSET, **central}
    app = create_app(settings)
    with app.app_context():
        db.create_all()
        db.session.add(Municipality(code="GM0090", name="Smallingerland", province="Fryslân", province_code="PV21"))
        db.session.add(Organisation(name="Gemeente Smallingerland"))
        desk = Service(
            id="smallingerland_gemeente",
            name="Gemeente Smallingerland",
            organisation_name="Gemeente Smallingerland",
            phone="0512 58 12 34",
            url="https://www.smallingerland.nl",
            opening_hours=[],
        )
        desk.area_links = [ServiceArea(municipality_code="GM0090")]
        db.session.add(desk)
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def local_app(databases: Databases) -> Iterator[Flask]:
    """No central line configured."""
    yield from handoff_app(databases)


@pytest.fixture
def central_app(databases: Databases) -> Iterator[Flask]:
    """A central line that is always open, so open_now does not depend on the clock."""
    yield from handoff_app(
        databases,
        CENTRAL_LINE_NAME="Informatiepunt Fryslân",
        CENTRAL_LINE_PHONE="14 0512",
        CENTRAL_LINE_URL="https://example.nl/contact",
        CENTRAL_LINE_HOURS="mo-su 00:00-24:00",
    )


def test_central_line_wins_with_or_without_municipality(central_app: Flask) -> None:
    expected = {
        "contact": {
            "kind": "central",
            "name": "Informatiepunt Fryslân",
            "phone": "14 0512",
            "url": "https://example.nl/contact",
            "hours_text": "dag en nacht",
            "opening_hours": [
                {"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "opens": "00:00", "closes": "24:00"}
            ],
            "open_now": True,
            "municipality_code": None,
        },
        "messages": [
            {
                "text": "Wilt u iemand spreken? Bel Informatiepunt Fryslân: 14 0512. Een medewerker helpt u verder. "
                "Bereikbaar: dag en nacht. Er is nu iemand bereikbaar."
            }
        ],
    }
    client = central_app.test_client()
    assert client.get("/api/v1/handoff").get_json() == expected
    assert client.get("/api/v1/handoff?municipality=GM0090").get_json() == expected


def test_municipal_desk_without_central_line(local_app: Flask) -> None:
    response = local_app.test_client().get("/api/v1/handoff?municipality=GM0090")
    assert response.status_code == 200
    assert response.get_json() == {
        "contact": {
            "kind": "municipality",
            "name": "Gemeente Smallingerland",
            "phone": "0512 58 12 34",
            "url": "https://www.smallingerland.nl",
            "hours_text": None,
            "opening_hours": [],
            "open_now": None,
            "municipality_code": "GM0090",
        },
        "messages": [
            {
                "text": "Wilt u iemand spreken? Bel Gemeente Smallingerland: 0512 58 12 34. "
                "Of kijk op https://www.smallingerland.nl."
            }
        ],
    }


def test_no_contact_without_central_line_or_municipality(local_app: Flask) -> None:
    response = local_app.test_client().get("/api/v1/handoff")
    assert response.status_code == 200
    assert response.get_json() == {"contact": None, "messages": []}


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?municipality=GM9999", 404, "unknown municipality 'GM9999'"),
        ("?municipality=gm0090", 400, "municipality code must look like GM0090, got 'gm0090'"),
        ("?municipality=" + "G" * 21, 400, "query parameter 'municipality' is longer than 20 characters"),
    ],
)
def test_handoff_errors(central_app: Flask, query: str, status: int, message: str) -> None:
    response = central_app.test_client().get("/api/v1/handoff" + query)
    assert response.status_code == status
    assert response.get_json() == {
        "error": {"status": status, "code": "not_found" if status == 404 else "bad_request", "message": message}
    }


def test_handoff_is_in_the_openapi_document(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/handoff"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["municipality"]
    assert set(operation["responses"]) == {"200", "400", "404"}
    contact = document["components"]["schemas"]["Contact"]
    assert contact["required"] == [
        "kind",
        "name",
        "phone",
        "url",
        "hours_text",
        "opening_hours",
        "open_now",
        "municipality_code",
    ]
