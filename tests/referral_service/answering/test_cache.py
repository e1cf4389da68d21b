"""Kept answers and referrals: gone after a save or a load by another app on the same database; open_now per request.

Two apps on one database stand for two gunicorn workers: each has its own engine and its own cache.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask
from sqlalchemy.orm import Session

from referral_service.admin.changes import save
from referral_service.admin.entities import ENTITIES
from referral_service.answering.cache import VERSION
from referral_service.catalogue.files import read_data
from referral_service.catalogue.load import bump_version
from referral_service.catalogue.sync import load_fresh
from referral_service.extensions import db

from ..conftest import Databases, make_app
from .conftest import statements_for

REFERRALS = "/api/v1/referrals?need=schuldhulp&municipality=GM0090"
ANSWER = "/api/v1/answers/schuldhulp?municipality=GM0090"
AMSTERDAM = dt.timezone(dt.timedelta(hours=1))  # winter time, as in March before the switch


@pytest.fixture
def two_apps(databases: Databases, data_dir: Path) -> Iterator[tuple[Flask, Flask]]:
    """A serving app and another app (another worker) on one freshly loaded database."""
    url = databases.new_url()
    serving, other = make_app(url), make_app(url)
    with serving.app_context():
        db.create_all()
        load_fresh(db.session, read_data(data_dir))
        db.session.remove()
    yield serving, other
    for app in (serving, other):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def geldfit_phones(app: Flask) -> tuple[str, bool]:
    """Geldfit's phone in the referrals, and whether the answer's messages name that number."""
    client = app.test_client()
    referrals = client.get(REFERRALS).get_json()["referrals"]
    phone = next(r["phone"] for r in referrals if r["id"] == "geldfit")
    messages = client.get(ANSWER).get_json()["messages"]
    return phone, any(phone in m["text"] for m in messages)


def assert_kept(app: Flask) -> None:
    """Both requests are served from the cache: the version read is their only statement."""
    assert statements_for(app, REFERRALS)[0] == 1
    assert statements_for(app, ANSWER)[0] == 1


def test_a_save_in_another_app_reaches_the_kept_answers(two_apps: tuple[Flask, Flask]) -> None:
    serving, other = two_apps
    assert geldfit_phones(serving) == ("0800-8115", True)
    assert_kept(serving)
    with other.app_context():
        entity = ENTITIES["service"]
        service = entity.load("geldfit")
        assert save(entity, service, "geldfit", entity.version(service), {"phone": "0800-1234"}, "redactie")
    assert geldfit_phones(serving) == ("0800-1234", True)


def test_an_alias_saved_in_another_app_reaches_the_kept_resolver(two_apps: tuple[Flask, Flask]) -> None:
    serving, other = two_apps
    path = "/api/v1/resolve?q=Drachtster Gea"
    assert serving.test_client().get(path).get_json()["result"] is None
    assert statements_for(serving, path)[0] == 1
    with other.app_context():
        entity = ENTITIES["alias"]
        place = entity.load("GM0090")
        aliases = entity.snapshot(place)["aliases"] + ["Drachtster Gea"]
        assert save(entity, place, "GM0090", entity.version(place), {"aliases": aliases}, "redactie")
    assert serving.test_client().get(path).get_json()["result"]["code"] == "GM0090"


def test_a_data_apply_by_another_app_reaches_the_kept_answers(
    two_apps: tuple[Flask, Flask], data_dir: Path, tmp_path: Path
) -> None:
    serving, other = two_apps
    changed = tmp_path / "regelingen"
    shutil.copytree(data_dir, changed)
    national = changed / "services" / "national.yml"
    national.write_text(national.read_text().replace('"0800-8115"', '"0800-1234"'))
    assert geldfit_phones(serving) == ("0800-8115", True)
    assert_kept(serving)
    result = other.test_cli_runner().invoke(args=["data", "apply", str(changed)])
    assert result.exit_code == 0, result.output
    assert geldfit_phones(serving) == ("0800-1234", True)


def luisterlijn_open(app: Flask) -> Any:
    """open_now of De Luisterlijn (weekdays 09:00-17:00) and the statements the request sent."""
    count, body = statements_for(app, "/api/v1/referrals?need=eenzaamheid")
    return count, next(r["open_now"] for r in body["referrals"] if r["id"] == "luisterlijn")


def test_open_now_follows_the_clock_in_kept_referrals(two_apps: tuple[Flask, Flask]) -> None:
    serving, _ = two_apps
    moments = [
        (dt.datetime(2026, 3, 10, 9, 30, tzinfo=AMSTERDAM), True),  # Tuesday morning
        (dt.datetime(2026, 3, 15, 23, 0, tzinfo=AMSTERDAM), False),  # Sunday night
        (dt.datetime(2026, 3, 10, 16, 59, tzinfo=AMSTERDAM), True),
        (dt.datetime(2026, 3, 10, 17, 0, tzinfo=AMSTERDAM), False),
    ]
    with time_machine.travel(moments[0][0], tick=False) as traveller:
        assert luisterlijn_open(serving)[1] is True  # builds and keeps the referrals
        for moment, expected in moments:
            traveller.move_to(moment)
            assert luisterlijn_open(serving) == (1, expected), moment


def test_two_bumps_at_once_give_two_versions(two_apps: tuple[Flask, Flask]) -> None:
    serving, other = two_apps
    engines = []
    for app in (serving, other):
        with app.app_context():
            engines.append(db.engine)
    with Session(engines[0]) as first, Session(engines[1]) as second:
        before = first.scalar(VERSION)
        bump_version(first)  # not committed yet: the row stays locked
        racing = threading.Thread(target=lambda: (bump_version(second), second.commit()))
        racing.start()
        time.sleep(0.5)  # the second bump has read the row and waits for the lock
        first.commit()
        racing.join(timeout=30)
        after = first.scalar(VERSION)
        first.rollback()  # ends the reading transaction before the schema is dropped
    assert after == before + 2, "a read-modify-write bump would lose one"
