"""Tests of scripts/nlu_report.py: the count of held-out messages the bot would ask back, and the floor's macro-F1."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nlu_report
import pytest


def parsed(final: str, *ranking: str) -> dict[str, Any]:
    return {"intent": {"name": final}, "intent_ranking": [{"name": name, "confidence": 0.1} for name in ranking]}


def test_the_scored_intent_skips_the_fallback() -> None:
    assert nlu_report.scored_intent(parsed("nlu_fallback", "nlu_fallback", "bbz", "bijstand")) == "bbz"


def test_only_messages_ending_in_the_fallback_count_as_asked_back() -> None:
    results = [parsed("nlu_fallback", "nlu_fallback", "bbz", "bijstand"),      # asked back, right
               parsed("nlu_fallback", "nlu_fallback", "werk", "bijstand"),     # asked back, wrong
               parsed("crisis_violence", "crisis_violence", "huiselijk_geweld"),  # answered
               parsed("bbz", "bbz", "nlu_fallback")]                           # answered
    intents = ["bbz", "bijstand", "huiselijk_geweld", "bbz"]
    assert nlu_report.count_asked_back(results, intents) == (1, 1, 4)


def test_a_disclosure_answered_as_crisis_violence_counts_as_huiselijk_geweld(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def row(gold: str, predicted: str) -> dict[str, Any]:
        return {"text": "x", "intent": gold, "intent_prediction": {"name": predicted, "confidence": 1.0}}

    errors = [row("huiselijk_geweld", "crisis_violence"), row("bbz", "crisis_violence")]
    successes = [row("huiselijk_geweld", "huiselijk_geweld"), row("bbz", "bbz"),
                 row("crisis_violence", "crisis_violence")]
    (tmp_path / "intent_errors.json").write_text(json.dumps(errors))
    (tmp_path / "intent_successes.json").write_text(json.dumps(successes))
    monkeypatch.setattr(nlu_report, "OUT", tmp_path)
    macro, moved = nlu_report.need_macro_f1()
    assert moved == 1  # the bbz message answered as a crisis stays an error
    assert macro == pytest.approx((1.0 + 2 / 3 + 2 / 3) / 3)
