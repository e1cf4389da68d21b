"""`flask signals demo|purge` and `flask nlu unclassified --export`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from flask import Flask
from sqlalchemy import func, select

from referral_service.extensions import db
from referral_service.models import SignalCount, UnclassifiedMessage
from referral_service.signals import aggregate, demo
from referral_service.signals.aggregate import Filters
from referral_service.signals.record import Signal, add_unclassified

from .conftest import TODAY, add, login


def test_demo_fills_a_year_marked_demo_and_the_page_says_so(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["signals", "demo"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(SignalCount).where(SignalCount.demo.is_(False))) == 0
    first = db.session.scalar(select(func.min(SignalCount.day)))
    assert first == TODAY - dt.timedelta(days=365)
    report = aggregate.build(db.session, Filters(weeks=12))
    assert report.demo
    assert any(t.rising for t in report.trends)
    html = login(app, "analist").get("/admin/signals/").get_data(as_text=True)
    assert "Voorbeeldgegevens." in html
    assert app.test_cli_runner().invoke(args=["signals", "demo", "--remove"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(SignalCount)) == 0


def test_demo_is_refused_when_real_signals_exist(app: Flask) -> None:
    add(Signal("chat", "tozo"), TODAY, 1)
    result = app.test_cli_runner().invoke(args=["signals", "demo"])
    assert result.exit_code != 0
    assert "real signals" in result.output
    assert db.session.scalar(select(func.count()).select_from(SignalCount)) == 1
    try:
        demo.fill(db.session)
    except demo.DemoRefusedError:
        pass
    else:
        raise AssertionError("fill did not refuse")


def test_purge_deletes_only_texts_past_30_days(app: Flask) -> None:
    for age in (0, 29, 30, 100):
        day = TODAY - dt.timedelta(days=age)
        db.session.add(UnclassifiedMessage(day=day, reason="asked_back", text=f"{age}"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["signals", "purge"])
    assert "deleted 2 unclassified messages" in result.output
    assert sorted(db.session.scalars(select(UnclassifiedMessage.text))) == ["0", "29"]


def test_export_writes_rasa_nlu_yaml_for_labelling(app: Flask, tmp_path: Path) -> None:
    add_unclassified(db.session, "wat moet ik met [BSN] doen", "asked_back", None)
    add_unclassified(db.session, "wat moet ik met [BSN] doen", "asked_back", None)  # once in the file
    add_unclassified(db.session, "zie [NAAM](persoon)\nen meer", "asked_back", None)
    add_unclassified(db.session, "wanneer komt het grofvuil", "out_of_scope", "GM0090")
    db.session.add(UnclassifiedMessage(day=TODAY - dt.timedelta(days=40), reason="asked_back", text="te oud"))
    db.session.commit()
    target = tmp_path / "onbekend.yml"
    result = app.test_cli_runner().invoke(args=["nlu", "unclassified", "--export", str(target)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["version"] == "3.1"
    examples = {i["intent"]: i["examples"].splitlines() for i in data["nlu"]}
    assert examples == {
        "TODO_asked_back": ["- wat moet ik met [BSN] doen", "- zie [NAAM] (persoon) en meer"],
        "TODO_out_of_scope": ["- wanneer komt het grofvuil"],
    }


def test_export_with_nothing_kept_is_still_valid(app: Flask, tmp_path: Path) -> None:
    target = tmp_path / "leeg.yml"
    app.test_cli_runner().invoke(args=["nlu", "unclassified", "--export", str(target)])
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == {"version": "3.1", "nlu": []}
