"""Evaluate the trained model on the held-out NLU split and report per-intent F1.

Run with the bot virtualenv's Python after training. The held-out examples are
never trained on (bot/components/split_heldout.py keeps them apart). Exits
non-zero when macro-F1 falls below the regression floor.

Since issue 16, a message that shows someone is being hurt is a crisis
"violence" (the bot answers it with Veilig Thuis and 112, triage need
``huiselijk_geweld``). The held-out split predates that and is not relabelled,
so a huiselijk_geweld example answered as crisis_violence counts as
huiselijk_geweld in the macro-F1 the floor applies to; Rasa's own figure,
without that, is printed beside it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
HELDOUT = BOT / "tests" / "nlu_heldout" / "heldout.yml"
OUT = ROOT / "build" / "nlu-heldout"
MODEL = BOT / "models" / "steunwijzer.tar.gz"
FALLBACK = "nlu_fallback"
# Regression floor, set below the last measured macro-F1 (see docs/benchmarks.md).
MACRO_F1_FLOOR = 0.90
# Held-out label -> a prediction that gives the same answer and need since issue 16.
SAME_NEED = {("huiselijk_geweld", "crisis_violence")}


def evaluate(model: Path) -> dict:
    """Run `rasa test nlu` on the held-out file; return Rasa's intent report."""
    rasa = str(Path(sys.executable).parent / "rasa")
    command = [rasa, "test", "nlu", "--nlu", str(HELDOUT), "--model", str(model), "--out", str(OUT), "--no-plot",
               "--successes"]
    with (ROOT / "build" / "nlu-heldout.log").open("w") as log:
        subprocess.run(command, cwd=BOT, stdout=log, stderr=subprocess.STDOUT, check=True)
    return dict(json.loads((OUT / "intent_report.json").read_text()))


def need_macro_f1() -> tuple[float, int]:
    """Macro-F1 over `rasa test nlu`'s predictions with SAME_NEED counted right; and how many were."""
    from sklearn.metrics import f1_score

    rows = [row for name in ("intent_errors.json", "intent_successes.json")
            for row in json.loads((OUT / name).read_text())]
    gold = [row["intent"] for row in rows]
    predicted = [row["intent_prediction"]["name"] for row in rows]
    mapped = [g if (g, p) in SAME_NEED else p for g, p in zip(gold, predicted, strict=True)]
    moved = sum(m != p for m, p in zip(mapped, predicted, strict=True))
    return float(f1_score(gold, mapped, average="macro")), moved


def table(report: dict) -> list[str]:
    """Per-intent lines, worst F1 first."""
    intents = {k: v for k, v in report.items() if isinstance(v, dict) and "support" in v and "avg" not in k}
    rows = sorted(intents.items(), key=lambda item: item[1]["f1-score"])
    return [f"  {name:<22} F1 {v['f1-score']:.3f}  (precision {v['precision']:.2f}, recall {v['recall']:.2f}, "
            f"n={v['support']})" for name, v in rows]


def heldout_examples() -> list[tuple[str, str]]:
    """The held-out (text, intent) pairs, entity markup removed, as Rasa reads them."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [(m.get("text"), m.get("intent")) for m in load_data(str(HELDOUT)).intent_examples]


def scored_intent(parsed: dict[str, Any]) -> str:
    """The intent `rasa test nlu` scores: the top of the ranking that is not nlu_fallback."""
    return str(next(e["name"] for e in parsed["intent_ranking"] if e["name"] != FALLBACK))


def asked_back(model: Path) -> tuple[int, int, int]:
    """Held-out messages the bot would ask back: (right ones, wrong ones, all messages).

    Parses every message with the whole model, so Rasa's FallbackClassifier (threshold and
    ambiguity rule) and the crisis detector after it decide, as in the bot.
    """
    from nlu_cv import parse_all, quiet_rasa

    quiet_rasa()  # before Rasa's own import, which brings TensorFlow and its start-up log
    examples = heldout_examples()
    # As when Rasa runs in bot/: SpacyNLP's ``model: spacy_nl`` and the ``components.`` modules are found there.
    os.chdir(BOT)
    sys.path.insert(0, str(BOT))
    parsed = parse_all(model, [text for text, _ in examples])
    return count_asked_back(parsed, [intent for _, intent in examples])


def count_asked_back(parsed: list[dict[str, Any]], intents: list[str]) -> tuple[int, int, int]:
    """Of the parse results whose final intent is nlu_fallback: (right ones, wrong ones), and all results."""
    asked = [(p, intent) for p, intent in zip(parsed, intents, strict=True) if p["intent"]["name"] == FALLBACK]
    right = sum(scored_intent(p) == intent for p, intent in asked)
    return right, len(asked) - right, len(parsed)


def main() -> int:
    """Print the report; fail below the floor."""
    report = evaluate(MODEL)
    macro, moved = need_macro_f1()
    print("Held-out intent F1 (worst first; Rasa's report):")
    print("\n".join(table(report)))
    print(f"accuracy {report['accuracy']:.3f}, macro-F1 {float(report['macro avg']['f1-score']):.3f} (Rasa's report)")
    print(f"macro-F1 {macro:.3f} with {moved} huiselijk_geweld examples answered as crisis violence counted as "
          f"huiselijk_geweld (floor {MACRO_F1_FLOOR})")
    # `rasa test nlu` scores the top intent even where the bot would ask back; show how often it would.
    right, wrong, total = asked_back(MODEL)
    print(f"asked back (fallback or crisis detector): {right + wrong} of {total} held-out messages "
          f"({(right + wrong) / total:.1%}; {wrong} would have been wrong, {right} right)")
    return 0 if macro >= MACRO_F1_FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
