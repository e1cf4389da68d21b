"""REST API v1: shapes and errors."""

from __future__ import annotations

from typing import Any

import pytest


def test_health(client: Any) -> None:
    assert client.get("/api/v1/health").get_json() == {"status": "ok", "database": "ok"}


def test_needs_and_schemes(client: Any) -> None:
    assert {n["id"] for n in client.get("/api/v1/needs").get_json()["needs"]} >= {"tozo", "schuldhulp"}
    tozo = client.get("/api/v1/schemes/tozo").get_json()
    assert tozo["status"] == "ended"
    assert tozo["ended_on"] == "2021-10-01"
    assert tozo["alternatives"] == ["bbz"]
    assert client.get("/api/v1/needs/tozo").get_json()["schemes"] == ["tozo", "bbz"]


@pytest.mark.parametrize(("q", "first"), [("smal", "GM0090"), ("den haag", "GM0518"), ("BERGEN (L", "GM0893")])
def test_municipality_search(client: Any, q: str, first: str) -> None:
    found = client.get("/api/v1/municipalities", query_string={"q": q, "limit": 5}).get_json()["municipalities"]
    assert found[0]["code"] == first


def test_municipality_get(client: Any) -> None:
    body = client.get("/api/v1/municipalities/GM0090").get_json()
    assert body["name"] == "Smallingerland"
    assert "Drachten" in body["towns"]


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v1/municipalities/GM9999", 404, "unknown municipality 'GM9999'"),
        ("/api/v1/municipalities/gm0090", 400, "municipality code must look like GM0090"),
        ("/api/v1/needs/onbekend", 404, "unknown need 'onbekend'"),
        ("/api/v1/needs/Tozo!", 400, "need id must match"),
        ("/api/v1/schemes/nope", 404, "unknown scheme 'nope'"),
        ("/api/v1/resolve", 400, "query parameter 'q' is required"),
        ("/api/v1/resolve?q=" + "a" * 201, 400, "longer than 200 characters"),
        ("/api/v1/referrals?municipality=GM0090", 400, "query parameter 'need' is required"),
        ("/api/v1/referrals?need=tozo&municipality=0090", 400, "municipality code must look like GM0090"),
        ("/api/v1/answers/tozo?municipality=GM9999", 404, "unknown municipality"),
        ("/api/v1/municipalities?limit=abc", 400, "'limit' must be a whole number"),
        ("/api/v1/postcodes/92", 400, "postcode must look like"),
        ("/api/v1/postcodes/0999", 400, "postcode must look like"),
        ("/api/v1/postcodes/92 03AB", 400, "postcode must look like"),
        ("/api/v1/handoff?municipality=GM0090%20", 400, "municipality code must look like GM0090"),
        ("/api/v1/answers/tozo?municipality=%20", 400, "municipality code must look like GM0090"),
        ("/api/v1/nothing-here", 404, ""),
    ],
)
def test_errors(client: Any, url: str, status: int, message: str) -> None:
    response = client.get(url)
    error = response.get_json()["error"]
    assert response.status_code == status == error["status"]
    assert message in error["message"]


@pytest.mark.parametrize(
    ("q", "code", "by"),
    [
        ("ik woon in drachten", "GM0090", "town"),
        ("9203 AB", "GM0090", "postcode"),
        ("gemeente Den Bosch", "GM0796", "alias"),
    ],
)
def test_resolve(client: Any, q: str, code: str, by: str) -> None:
    body = client.get("/api/v1/resolve", query_string={"q": q}).get_json()
    assert body["query"] == q
    assert body["result"]["code"] == code
    assert body["result"]["matched_by"] == by


def test_resolve_ambiguous(client: Any) -> None:
    body = client.get("/api/v1/resolve?q=Haaren").get_json()
    assert body["result"] is None
    assert len(body["candidates"]) == 4


@pytest.mark.parametrize("postcode", ["9203 AB", "9203ab", "9203"])
def test_postcode(client: Any, postcode: str) -> None:
    body = client.get(f"/api/v1/postcodes/{postcode}").get_json()
    assert body["postcode"] == "9203"
    assert body["municipality"]["code"] == "GM0090"


def test_an_empty_municipality_means_none(client: Any) -> None:
    assert client.get("/api/v1/referrals?need=schuldhulp&municipality=").get_json()["municipality"] is None


def test_undeclared_methods_get_405_with_allow(client: Any) -> None:
    response = client.open("/api/v1/needs", method="TRACE")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_referrals_start_with_the_municipalitys_own_desk(client: Any) -> None:
    body = client.get("/api/v1/referrals?need=schuldhulp&municipality=GM0090").get_json()
    ids = [r["id"] for r in body["referrals"]]
    assert ids == ["gemeente-GM0090", "carins_geldzaken", "geldfit"]
    own = body["referrals"][0]
    assert own["name"] == "Gemeente Smallingerland"
    assert own["phone"] == "0512 58 12 34"
    assert own["url"] == "https://www.smallingerland.nl"
    assert own["address"] == "Gauke Boelensstraat 2, 9203 RM Drachten"
    assert own["appointment_url"] == "https://smallingerland.nl/afspraak_maken#select/"
    assert (own["opening_hours"], own["open_now"]) == ([], None)
    assert body["referrals"][2]["municipality_code"] is None


def test_referrals_without_municipality_are_national(client: Any) -> None:
    body = client.get("/api/v1/referrals?need=schuldhulp").get_json()
    assert [r["id"] for r in body["referrals"]] == ["geldfit"]
    assert body["municipality"] is None


def test_no_derived_referral_when_not_municipal(client: Any) -> None:
    body = client.get("/api/v1/referrals?need=eenzaamheid&municipality=GM0090").get_json()
    assert [r["id"] for r in body["referrals"]] == ["luisterlijn"]


def test_openapi_lists_every_api_route(client: Any, loaded_app: Any) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    routes = {
        r.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
        for r in loaded_app.url_map.iter_rules()
        if r.rule.startswith("/api/v1/") and "openapi" not in r.rule
    }
    routes = {r.replace("{pc}", "{postcode}") for r in routes}
    assert routes == set(doc["paths"])


def test_staff_and_admin_pages_need_a_login(client: Any) -> None:
    assert client.get("/staff/").status_code == 302
    assert client.get("/admin/").status_code == 302
