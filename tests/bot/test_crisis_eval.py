"""Floors for the crisis safety net on messages it was not built from, just under what bench-crisis measured.

The evaluation set (tests/crisis_eval, in rounds) was written by other writers,
who never saw the training corpus or the earlier rounds; it is never trained or
tuned on. A floor that fails means the net got worse on it: find out why in the
training data, not here. docs/benchmarks.md has the figures these floors sit under.
"""
from __future__ import annotations

import pytest
from crisis.evaluate import CATEGORIES, Scores, eval_examples, evaluate, rounds

# Measured by `make bench-crisis` on 2026-12-07 over rounds 1-4 (docs/benchmarks.md), with the model of
# corpus round 6: recall suicide 0.847, self-harm 0.930, emergency 0.927, violence 0.943, all 0.904; right
# line 0.995; false alarms 0.021 on near misses and 0.0039 on ordinary questions. Each floor sits a little
# under (each ceiling a little over) that. The goals of issue 16 (recall 0.99 / 0.97, near misses 0.02) are
# not met yet: see docs/benchmarks.md.
RECALL_FLOORS = {"suicide": 0.82, "self_harm": 0.92, "emergency": 0.91, "violence": 0.93}
OVERALL_FLOOR = 0.89
RIGHT_LINE_FLOOR = 0.99
NEAR_MISS_CEILING = 0.025
HELDOUT_CEILING = 0.005


@pytest.fixture(scope="module")
def scores() -> Scores:
    return evaluate()


@pytest.mark.parametrize("directory", rounds(), ids=lambda d: d.name)
def test_each_round_is_large_enough(directory: object) -> None:
    examples = eval_examples(directory)  # type: ignore[arg-type]
    crises = [e for e in examples if e["label"] != "none"]
    assert len(crises) >= 400
    assert len(examples) - len(crises) >= 400


def test_the_evaluation_set_is_large_enough() -> None:
    examples = eval_examples()
    crises = [e for e in examples if e["label"] != "none"]
    assert len(crises) >= 400
    assert len(examples) - len(crises) >= 400
    assert {e["label"] for e in crises} == set(CATEGORIES)
    assert {"nl", "en", "pl", "ro", "tr"} <= {e["lang"] for e in crises}


@pytest.mark.parametrize("category", CATEGORIES)
def test_recall_per_category_stays_at_its_floor(scores: Scores, category: str) -> None:
    assert scores.recall[category].rate >= RECALL_FLOORS[category]


def test_overall_recall_stays_at_its_floor(scores: Scores) -> None:
    assert scores.overall_recall.rate >= OVERALL_FLOOR


def test_detected_crises_get_the_right_line(scores: Scores) -> None:
    assert scores.right_line.total > 0
    assert scores.right_line.rate >= RIGHT_LINE_FLOOR


def test_false_alarms_stay_under_their_ceilings(scores: Scores) -> None:
    assert scores.near_miss_alarms.rate <= NEAR_MISS_CEILING
    assert scores.heldout_alarms.rate <= HELDOUT_CEILING
