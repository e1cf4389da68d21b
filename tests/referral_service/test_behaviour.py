"""Byte-for-byte behaviour: the API, lookup and admin answers over every need and a sample of places.

The snapshot (fixtures/behaviour.json, a SHA-256 per request) was taken before the
referral service was split into domain packages (issue 17); a restructuring must
leave every answer as it was. Only what differs per run is masked: CSRF tokens,
the lookup's elapsed time. The clock is frozen, so "open now" is stable.

    UPDATE_BEHAVIOUR=1 pytest tests/referral_service/test_behaviour.py   # only for a wanted change
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask

from referral_service.extensions import db

from .conftest import REPO, make_app
from .lookup import fake_rasa
from .lookup.conftest import add_users, logged_in

SNAPSHOT = Path(__file__).parent / "fixtures" / "behaviour.json"
# A Tuesday morning and a Sunday night in Amsterdam: services open and closed.
MOMENTS = ("2026-03-10T09:30:00+01:00", "2026-03-15T23:00:00+01:00")
PLACES = ["GM0090", "GM0150", "GM0344", "GM0363", "GM0518", "GM0599", "GM0014", "GM1680", "GM0453", "GM1900"]
NEEDS = sorted(p.stem for p in (REPO / "data" / "regelingen" / "needs").glob("*.yml"))
SCHEMES = sorted(p.stem for p in (REPO / "data" / "regelingen" / "schemes").glob("*.yml"))
SENTENCES = ["ik woon in Drachten", "Den Bosch", "postcode 9203 AB", "ik kom uit bergen", "geen plaats hier", "x" * 3]
QUESTIONS = ["Kan ik nog Tozo aanvragen?", "Ik wil niet meer leven", "ik heb schulden", "hij slaat me"]
MASKS = [
    (re.compile(r'name="csrf_token" value="[^"]*"'), 'name="csrf_token" value="*"'),
    (re.compile(r'<meta name="csrf-token" content="[^"]*"'), '<meta name="csrf-token" content="*"'),
    (re.compile(r'"elapsed_ms":\s*[0-9.]+'), '"elapsed_ms":0'),
]


def api_paths() -> list[str]:
    """Every API request of the snapshot."""
    paths = ["/api/v1/needs", "/api/v1/schemes", "/api/v1/municipalities?limit=400", "/api/v1/handoff"]
    paths += [f"/api/v1/needs/{n}" for n in NEEDS] + [f"/api/v1/schemes/{s}" for s in SCHEMES]
    paths += [f"/api/v1/municipalities/{m}" for m in PLACES] + [f"/api/v1/handoff?municipality={m}" for m in PLACES]
    paths += [f"/api/v1/municipalities?q={q}" for q in ("berg", "den", "sud", "Súdwest")]
    paths += [f"/api/v1/postcodes/{pc}" for pc in ("9203", "9203AB", "1011 AB", "0999", "12")]
    paths += [f"/api/v1/resolve?q={s}" for s in SENTENCES]
    paths += ["/api/v1/needs/onbekend", "/api/v1/referrals?need=tozo&municipality=GM9999", "/api/v1/answers/x!"]
    for need in NEEDS:
        paths += [f"/api/v1/referrals?need={need}", f"/api/v1/answers/{need}"]
        paths += [f"/api/v1/referrals?need={need}&municipality={m}" for m in PLACES]
        paths += [f"/api/v1/answers/{need}?municipality={m}" for m in PLACES]
    return paths


def admin_paths() -> list[str]:
    """Every admin page of the snapshot."""
    local = sorted(p.stem for p in (REPO / "data" / "regelingen" / "services" / "local").glob("*.yml"))
    paths = ["/admin/", "/admin/municipalities", "/admin/stale", "/admin/audit"]
    paths += [f"/admin/schemes/{s}" for s in SCHEMES] + [f"/admin/municipalities/{m}" for m in PLACES]
    return paths + [f"/admin/services/{s}" for s in service_ids(local)]


def service_ids(local: list[str]) -> list[str]:
    """A few service ids: national ones and one of each local file."""
    import yaml

    ids = [s["id"] for s in yaml.safe_load((REPO / "data/regelingen/services/national.yml").read_text())["services"]]
    for code in local:
        data = yaml.safe_load((REPO / f"data/regelingen/services/local/{code}.yml").read_text())
        ids.append(data["services"][0]["id"])
    return ids[:6] + ids[-len(local) :]


def digest(response: Any) -> str:
    """Status, content type and the masked body, hashed; a zip by the contents of its members."""
    body = response.get_data()
    if response.mimetype == "application/zip":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = json.dumps({n: hashlib.sha256(archive.read(n)).hexdigest() for n in archive.namelist()}).encode()
    text = body.decode("utf-8", errors="replace")
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    head = f"{response.status_code} {response.content_type}\n"
    return hashlib.sha256((head + text).encode()).hexdigest()


@pytest.fixture(scope="module")
def real_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app over the real data/regelingen (SQLite: the snapshot is of the views), Rasa unreachable."""
    from referral_service.catalogue.files import read_data
    from referral_service.catalogue.load import load_into

    app = make_app(f"sqlite:///{tmp_path_factory.mktemp('behaviour') / 'app.db'}")
    app.config.update(RASA_URL=fake_rasa.closed_port_url(), RASA_JWT_SECRET=fake_rasa.SECRET)
    # The admin overview shows when the data was loaded.
    with app.app_context(), time_machine.travel(MOMENTS[0], tick=False):
        db.create_all()
        load_into(db.session, read_data(REPO / "data" / "regelingen"))
        db.session.remove()
    add_users(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def lookup_requests() -> list[dict[str, Any]]:
    """Lookup bodies: every need chosen by staff at a few places, and free questions."""
    bodies: list[dict[str, Any]] = [{"question": q, "place": None} for q in QUESTIONS]
    for need in [*NEEDS, "out_of_scope"]:
        bodies += [{"question": "vraag van een beller", "place": p, "need": need} for p in (None, "Drachten", "Zwolle")]
    return [*bodies, {"question": "", "place": None}, {"question": "x", "place": "y" * 500}]


def observe(app: Flask) -> dict[str, str]:
    """The digest of every request of the snapshot."""
    seen: dict[str, str] = {}
    anonymous, staff, admin = app.test_client(), logged_in(app, "balie"), logged_in(app, "beheer")
    for path in api_paths():
        seen[f"GET {path}"] = digest(anonymous.get(path))
    for body in lookup_requests():
        response = staff.post("/api/v1/lookup", json=body, headers={"X-CSRF-Token": staff.csrf})
        seen[f"POST /api/v1/lookup {json.dumps(body, sort_keys=True)}"] = digest(response)
    seen["GET /staff/"] = digest(staff.get("/staff/"))
    form = {"csrf_token": staff.csrf, "question": "ik heb schulden", "place": "Drachten"}
    seen["POST /staff/ schulden Drachten"] = digest(staff.post("/staff/", data=form))
    for path in admin_paths():
        seen[f"GET {path}"] = digest(admin.get(path))
    return seen


def test_answers_are_byte_for_byte_as_before(real_app: Flask) -> None:
    seen = {}
    for moment in MOMENTS:
        with time_machine.travel(moment, tick=False):
            seen |= {f"{moment} {key}": value for key, value in observe(real_app).items()}
    if os.environ.get("UPDATE_BEHAVIOUR") == "1":
        SNAPSHOT.write_text(json.dumps(seen, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = sorted(k for k in expected.keys() | seen.keys() if expected.get(k) != seen.get(k))
    assert not changed, f"{len(changed)} answers changed, e.g. {changed[:5]}"
