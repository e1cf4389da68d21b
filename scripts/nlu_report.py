"""Evaluate the trained model on the held-out NLU split and report per-intent F1.

Run with the bot virtualenv's Python after training. The held-out examples are
never trained on (bot/components/split_heldout.py keeps them apart). Exits
non-zero when macro-F1 falls below the regression floor.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
HELDOUT = BOT / "tests" / "nlu_heldout" / "heldout.yml"
OUT = ROOT / "build" / "nlu-heldout"
# Regression floor, set below the last measured macro-F1 (see docs/benchmarks.md).
MACRO_F1_FLOOR = 0.90


def evaluate(model: Path) -> dict:
    """Run `rasa test nlu` on the held-out file; return Rasa's intent report."""
    rasa = str(Path(sys.executable).parent / "rasa")
    command = [rasa, "test", "nlu", "--nlu", str(HELDOUT), "--model", str(model), "--out", str(OUT), "--no-plot",
               "--successes"]
    with (ROOT / "build" / "nlu-heldout.log").open("w") as log:
        subprocess.run(command, cwd=BOT, stdout=log, stderr=subprocess.STDOUT, check=True)
    return dict(json.loads((OUT / "intent_report.json").read_text()))


def table(report: dict) -> list[str]:
    """Per-intent lines, worst F1 first."""
    intents = {k: v for k, v in report.items() if isinstance(v, dict) and "support" in v and "avg" not in k}
    rows = sorted(intents.items(), key=lambda item: item[1]["f1-score"])
    return [f"  {name:<22} F1 {v['f1-score']:.3f}  (precision {v['precision']:.2f}, recall {v['recall']:.2f}, "
            f"n={v['support']})" for name, v in rows]


def fallback_threshold(config: Path = BOT / "config.yml") -> float:
    """The FallbackClassifier's confidence threshold in the bot's config."""
    pipeline = yaml.safe_load(config.read_text())["pipeline"]
    return float(next(c["threshold"] for c in pipeline if c["name"] == "FallbackClassifier"))


def below(threshold: float) -> tuple[int, int, int]:
    """Held-out messages whose top intent is under the threshold: (right ones, wrong ones, all messages)."""
    rows: list[dict[str, Any]] = []
    for name in ("intent_successes.json", "intent_errors.json"):
        rows += json.loads((OUT / name).read_text())
    low = [r for r in rows if r["intent_prediction"]["confidence"] < threshold]
    right = sum(r["intent_prediction"]["name"] == r["intent"] for r in low)
    return right, len(low) - right, len(rows)


def main() -> int:
    """Print the report; fail below the floor."""
    report = evaluate(BOT / "models" / "steunwijzer.tar.gz")
    macro = float(report["macro avg"]["f1-score"])
    print("Held-out intent F1 (worst first):")
    print("\n".join(table(report)))
    print(f"accuracy {report['accuracy']:.3f}, macro-F1 {macro:.3f} (floor {MACRO_F1_FLOOR})")
    # `rasa test nlu` scores the top intent even where the bot would ask back; show how often it would.
    threshold = fallback_threshold()
    right, wrong, total = below(threshold)
    print(f"below the fallback threshold {threshold}: {right + wrong} of {total} held-out messages "
          f"({(right + wrong) / total:.1%}; {wrong} would have been wrong, {right} right)")
    return 0 if macro >= MACRO_F1_FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
