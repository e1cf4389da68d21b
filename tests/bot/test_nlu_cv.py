"""Tests of scripts/nlu_cv.py's scoring: the bot's FallbackClassifier and CrisisDetector, in the bot's order."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

pytest.importorskip("rasa")

import nlu_cv

ROOT = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((ROOT / "bot" / "config.yml").read_text(encoding="utf-8"))
THRESHOLD = nlu_cv.component(CONFIG, "FallbackClassifier")["threshold"]


def ranking(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def evaluation(texts: list[str], labels: list[str]) -> Any:
    return nlu_cv.Evaluation.of(SimpleNamespace(texts=texts, labels=labels), CONFIG)


def test_a_confident_prediction_is_kept() -> None:
    outcome = evaluation(["ik heb schulden"], ["schuldhulp"]).outcome(
        "ik heb schulden", ranking(("schuldhulp", 0.9), ("bijstand", 0.05)))
    assert outcome == ("schuldhulp", False)


@pytest.mark.parametrize(
    "scores",
    [
        pytest.param((THRESHOLD - 0.01, 0.1), id="below-the-threshold"),
        pytest.param((0.45, 0.44), id="top-two-too-close"),
    ],
)
def test_a_low_or_ambiguous_prediction_is_asked_back_but_scored_as_its_top_intent(
        scores: tuple[float, float]) -> None:
    outcome = evaluation(["geld"], ["bijstand"]).outcome("geld", ranking(("bijstand", scores[0]),
                                                                         ("schuldhulp", scores[1])))
    assert outcome == ("bijstand", True)


def test_a_crisis_signal_overrides_the_fallback() -> None:
    outcome = evaluation(["ik wil dood"], ["crisis_suicide"]).outcome(
        "ik wil dood", ranking(("schuldhulp", 0.2), ("eenzaamheid", 0.19)))
    assert outcome == ("crisis_suicide", False)


def test_an_unsupported_crisis_intent_demoted_to_the_fallback_is_asked_back() -> None:
    # Above the fallback threshold, so only the crisis detector (which runs after it) asks back here.
    outcome = evaluation(["soepkeuken"], ["voedselhulp"]).outcome(
        "soepkeuken", ranking(("crisis_violence", 0.6), ("voedselhulp", THRESHOLD - 0.1)))
    assert outcome == ("voedselhulp", True)


def test_score_counts_the_messages_asked_back_and_those_that_were_right() -> None:
    texts, labels = ["ik heb schulden", "geld", "hulp"], ["schuldhulp", "bijstand", "werk"]
    rankings = [ranking(("schuldhulp", 0.9), ("werk", 0.05)),
                ranking(("bijstand", 0.3), ("werk", 0.2)),
                ranking(("schuldhulp", 0.3), ("werk", 0.29))]
    scores = evaluation(texts, labels).score(rankings)
    assert scores["accuracy"] == pytest.approx(2 / 3)
    assert (scores["asked_back"], scores["asked_back_right"]) == (2, 1)


def test_the_table_marks_only_the_row_with_every_setting_of_the_bot(capsys: pytest.CaptureFixture[str]) -> None:
    current = {"word_max_ngram": 2, "max_ngram": 4, "C": 10.0, "weight": 0.4}
    scores = {"macro_f1": 0.9, "accuracy": 0.9, "asked_back": 1, "asked_back_right": 0}
    rows = [{"model": "ensemble", **current, **scores},
            {"model": "ensemble", **current, "C": 30.0, **scores},
            {"model": "linear", **current, "weight": None, **scores}]
    nlu_cv.print_table(rows, current)
    marked = [line for line in capsys.readouterr().out.splitlines() if "<- bot/config.yml" in line]
    assert len(marked) == 1
    assert " 10 " in marked[0]


def test_the_grid_options_parse_as_lists_and_are_left_for_main_to_fill_from_bot_config() -> None:
    args = nlu_cv.parse_args(["--C", "3,30", "--char-ngrams", "5"])
    assert (args.C, args.char_ngrams, args.word_ngrams) == ([3.0, 30.0], [5], [1, 2])
    assert nlu_cv.parse_args([]).C is None  # main() fills in bot/config.yml's value
