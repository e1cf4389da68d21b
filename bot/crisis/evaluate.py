"""Score the safety net on messages it was not built from: the crisis evaluation set and the NLU held-out split.

Used by ``scripts/bench_crisis.py`` (the benchmark that writes
docs/benchmarks.md) and by the floors in tests/bot/test_crisis_eval.py. The
evaluation set (tests/crisis_eval) was written by other writers, who never saw
the training corpus; nothing here trains or tunes on it.

Only counts leave this module, never the messages: nobody reads the misses
and tunes on them. A detected crisis has "the right line" when the reply for the detected kind
(bot/domain/crisis.yml) holds the number the message's category needs.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .language import language_of
from .model import NONE
from .normal import normalise
from .risk import CRISIS, POSSIBLE, assess
from .train import corpus_examples, intent_examples, nlu_examples

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "tests" / "crisis_eval"
HELDOUT = ROOT / "bot" / "tests" / "nlu_heldout" / "heldout.yml"
CRISIS_DOMAIN = ROOT / "bot" / "domain" / "crisis.yml"
CATEGORIES = ("suicide", "self_harm", "emergency", "violence")
# Any one of these numbers in the reply is the right line for the category.
NEEDED = {"suicide": ("113",), "self_harm": ("113", "112"), "emergency": ("112",), "violence": ("0800-2000", "112")}
# Held-out intents whose messages may rightly be crises: not counted as false alarms.
CRISIS_INTENTS = {"crisis_suicide", "crisis_violence", "crisis_emergency", "huiselijk_geweld"}


@dataclass
class Tally:
    """Hits out of a total."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        """Count one case."""
        self.hits += int(hit)
        self.total += 1

    @property
    def rate(self) -> float:
        """hits / total (0 when empty)."""
        return self.hits / self.total if self.total else 0.0


@dataclass
class Scores:
    """Everything the benchmark reports."""

    recall: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    with_check: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))  # crisis reply or check
    recall_by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    right_line: Tally = field(default_factory=Tally)
    near_miss_alarms: Tally = field(default_factory=Tally)
    near_miss_possible: Tally = field(default_factory=Tally)
    heldout_alarms: Tally = field(default_factory=Tally)
    heldout_possible: Tally = field(default_factory=Tally)
    heldout_crisis_recall: Tally = field(default_factory=Tally)
    seconds: list[float] = field(default_factory=list)
    seen_in_training: int = 0  # evaluation messages that are also training messages: left out

    @property
    def overall_recall(self) -> Tally:
        """Recall over every crisis category together."""
        return Tally(sum(t.hits for t in self.recall.values()), sum(t.total for t in self.recall.values()))


def eval_examples(directory: Path = EVAL_DIR) -> list[dict[str, str]]:
    """Every example of the evaluation set (all rounds under ``directory``): label, lang, text."""
    rows: list[dict[str, str]] = []
    for path in sorted(directory.rglob("*.yml")):
        rows.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["examples"])
    return rows


def unseen(examples: list[dict[str, str]]) -> tuple[list[dict[str, str]], int]:
    """The examples whose text (normalised) is not also a training text, and how many were."""
    training = {normalise(text) for text, _, _ in corpus_examples() + nlu_examples()}
    kept = [e for e in examples if normalise(e["text"]) not in training]
    return kept, len(examples) - len(kept)


def heldout_examples(path: Path = HELDOUT) -> list[tuple[str, str]]:
    """(intent, text) of the NLU held-out split, entity markup removed."""
    return intent_examples(path)


def reply_texts() -> dict[str, str]:
    """Crisis kind -> the text of its reply in the domain."""
    responses = yaml.safe_load(CRISIS_DOMAIN.read_text(encoding="utf-8"))["responses"]
    return {kind: responses[f"utter_crisis_{kind}"][0]["text"] for kind in ("suicide", "emergency", "violence")}


def timed_level(text: str, scores: Scores) -> tuple[str | None, str | None]:
    """The safety net's (level, crisis kind), timing what the bot's detector does per message."""
    started = time.perf_counter()
    risk = assess(text)
    if risk.level:
        language_of(text)
    scores.seconds.append(time.perf_counter() - started)
    return risk.level, risk.crisis


def score_eval(scores: Scores, examples: list[dict[str, str]], replies: dict[str, str]) -> None:
    """Recall per category and language, the right line, and near-miss alarms."""
    for example in examples:
        label, text = example["label"], example["text"]
        level, kind = timed_level(text, scores)
        if label == NONE:
            scores.near_miss_alarms.add(level == CRISIS)
            scores.near_miss_possible.add(level == POSSIBLE)
            continue
        scores.recall[label].add(level == CRISIS)
        scores.with_check[label].add(level is not None)
        scores.recall_by_language[example.get("lang", "nl")].add(level == CRISIS)
        if kind:
            scores.right_line.add(any(number in replies[kind] for number in NEEDED[label]))


def score_heldout(scores: Scores, rows: list[tuple[str, str]]) -> None:
    """False alarms on ordinary questions; recall on the held-out crisis intents."""
    for intent, text in rows:
        level, _ = timed_level(text, scores)
        if intent.startswith("crisis_"):
            scores.heldout_crisis_recall.add(level == CRISIS)
        elif intent not in CRISIS_INTENTS:
            scores.heldout_alarms.add(level == CRISIS)
            scores.heldout_possible.add(level == POSSIBLE)


def rounds(directory: Path = EVAL_DIR) -> list[Path]:
    """The evaluation set's rounds, each written by other writers at a later time."""
    return sorted(p for p in directory.iterdir() if p.is_dir())


def evaluate_round(directory: Path) -> Scores:
    """Score one round of the evaluation set alone (no held-out split)."""
    scores = Scores()
    examples, scores.seen_in_training = unseen(eval_examples(directory))
    score_eval(scores, examples, reply_texts())
    return scores


def evaluate(directory: Path = EVAL_DIR) -> Scores:
    """Score the evaluation set under ``directory`` and the held-out split."""
    scores = Scores()
    examples, scores.seen_in_training = unseen(eval_examples(directory))
    score_eval(scores, examples, reply_texts())
    score_heldout(scores, heldout_examples())
    return scores
