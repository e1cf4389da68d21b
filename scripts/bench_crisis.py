"""Benchmark the crisis safety net on messages it was not built from (``make bench-crisis``).

Run with the bot virtualenv's Python from the repository root::

    .venv-bot/bin/python scripts/bench_crisis.py

Scores the patterns and the risk model together (``crisis.assess``, as the bot
and the staff lookup run them) on the crisis evaluation set in tests/crisis_eval
(written apart from the training corpus, never trained or tuned on) and on the
NLU held-out split, and writes the results into docs/benchmarks.md between the
markers ``<!-- bench-crisis:start -->`` and ``<!-- bench-crisis:end -->``.
"""
from __future__ import annotations

import statistics
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bot"))

# bot/ is put on the path above; the referral venv's mypy (which checks scripts/) does not see it.
from crisis.evaluate import (  # type: ignore[import-not-found]  # noqa: E402
    CATEGORIES,
    Scores,
    eval_examples,
    evaluate,
    evaluate_round,
    rounds,
)
from crisis.model import load_model  # type: ignore[import-not-found]  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
MARK_START, MARK_END = "<!-- bench-crisis:start -->", "<!-- bench-crisis:end -->"
GOALS = {"suicide": 0.99, "emergency": 0.99}
OVERALL_GOAL, NEAR_MISS_GOAL, HELDOUT_GOAL = 0.97, 0.02, 0.005


def pct(hits: int, total: int) -> str:
    """'97.3% (218/224)'."""
    return f"{100 * hits / total:.1f}% ({hits}/{total})" if total else "n/a"


def met(ok: bool) -> str:
    """Goal cell."""
    return "met" if ok else "**not met**"


def recall_rows(scores: Scores) -> list[str]:
    """Table rows of recall per category and overall, with the goals."""
    rows = []
    for category in CATEGORIES:
        tally = scores.recall[category]
        goal = GOALS.get(category, OVERALL_GOAL)
        result = pct(tally.hits, tally.total)
        rows.append(f"| recall {category} | {result} | >= {goal:.0%} | {met(tally.rate >= goal)} |")
    overall = scores.overall_recall
    rows.append(f"| recall, all crisis categories | {pct(overall.hits, overall.total)} | >= 97% "
                f"| {met(overall.rate >= OVERALL_GOAL)} |")
    checked = ", ".join(f"{c} {pct(scores.with_check[c].hits, scores.with_check[c].total)}" for c in CATEGORIES)
    rows.append(f"| a line in the reply at all (crisis reply or possible-risk check) | {checked} | | |")
    line = scores.right_line
    rows.append(f"| right line in the reply, of detected crises | {pct(line.hits, line.total)} | 100% "
                f"| {met(line.hits == line.total)} |")
    return rows


def alarm_rows(scores: Scores) -> list[str]:
    """Table rows of false alarms."""
    near, held, crisis_intents = scores.near_miss_alarms, scores.heldout_alarms, scores.heldout_crisis_recall
    return [
        f"| false alarms (crisis reply) on near misses | {pct(near.hits, near.total)} | <= 2% "
        f"| {met(near.rate <= NEAR_MISS_GOAL)} |",
        f"| false alarms on the NLU held-out split's ordinary questions | {pct(held.hits, held.total)} | <= 0.5% "
        f"| {met(held.rate <= HELDOUT_GOAL)} |",
        f"| possible-risk check on near misses | {pct(scores.near_miss_possible.hits, near.total)} | | |",
        f"| possible-risk check on ordinary questions | {pct(scores.heldout_possible.hits, held.total)} | | |",
        f"| held-out crisis intents answered as crisis | {pct(crisis_intents.hits, crisis_intents.total)} | | |",
    ]


# Each round's first score, before anything changed because of it (the model then in use, and its
# training-corpus round): the clean figures. Later scores of a round were taken after it was known.
FIRST_MEASURED = {
    "round3": "first scored 2026-12-07 with the corpus-round-5 model: recall 91.2% (suicide 84.7%, self-harm 94.0%, "
              "emergency 93.2%, violence 96.2%), false alarms on near misses 3.8%",
    "round4": "first scored 2026-12-07 with the corpus-round-6 model: recall 92.2% (suicide 89.6%, self-harm 92.4%, "
              "emergency 94.4%, violence 93.5%), false alarms on near misses 2.1%",
}


def round_lines() -> list[str]:
    """One line per round of the evaluation set: its size, recall and near-miss false alarms."""
    lines = []
    for directory in rounds():
        scores = evaluate_round(directory)
        overall, near = scores.overall_recall, scores.near_miss_alarms
        per = ", ".join(f"{c} {pct(scores.recall[c].hits, scores.recall[c].total)}" for c in CATEGORIES)
        lines.append(f"- {directory.name}: recall {pct(overall.hits, overall.total)} ({per}); "
                     f"false alarms on near misses {pct(near.hits, near.total)}"
                     + (f" ({FIRST_MEASURED[directory.name]})" if directory.name in FIRST_MEASURED else ""))
    return lines


def section(scores: Scores) -> str:
    """The Markdown section for docs/benchmarks.md."""
    model = load_model()
    ms = sorted(1000 * s for s in scores.seconds)
    languages = ", ".join(f"{lang} {pct(t.hits, t.total)}" for lang, t in sorted(scores.recall_by_language.items()))
    cost = (f"{statistics.mean(ms):.2f} ms mean, p50 {ms[len(ms) // 2]:.2f} ms, p95 {ms[int(len(ms) * 0.95)]:.2f} ms "
            f"over {len(ms)} messages (patterns, model and, for a flagged message, the language)")
    return "\n".join([
        MARK_START,
        f"## Crisis safety net (`make bench-crisis`, {date.today().isoformat()})",
        "",
        f"Patterns and risk model together (crisis threshold {model.crisis_threshold:.2f}, possible-risk "
        f"threshold {model.possible_threshold:.2f}), on {len(eval_examples()) - scores.seen_in_training} "
        "messages of tests/crisis_eval (all rounds; written apart from the training corpus by other writers, "
        f"never trained or tuned on; {scores.seen_in_training} that are word for word also training messages, "
        "such as very short ones, are left out) and on the NLU held-out split.",
        "",
        "| measure | result | goal | |",
        "|---|---|---|---|",
        *recall_rows(scores),
        *alarm_rows(scores),
        "",
        f"Recall by language: {languages}.",
        "",
        "By round of the evaluation set (each written by other writers, who saw neither the corpus nor the "
        "earlier rounds):",
        "",
        *round_lines(),
        "",
        f"Cost per message: {cost}.",
        MARK_END,
    ])


def write(text: str) -> None:
    """Replace the section between the markers (or add it after the title)."""
    doc = DOCS.read_text(encoding="utf-8")
    if MARK_START in doc:
        head, rest = doc.split(MARK_START, 1)
        doc = head + text + rest.split(MARK_END, 1)[1]
    else:
        title, _, body = doc.partition("\n")
        doc = f"{title}\n\n{text}\n{body}"
    DOCS.write_text(doc, encoding="utf-8")


def main() -> int:
    """Score, print and write the section."""
    text = section(evaluate())
    print(text)
    write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
