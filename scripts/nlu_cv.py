"""Stratified k-fold cross-validation of the intent classifiers (DIET, linear model, their average) on training data.

Reads only bot/data/nlu and bot/config.yml, never the held-out split, which stays unseen for judging the choice.
Run from the repository root: ``.venv-bot/bin/python scripts/nlu_cv.py --help``.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib
import itertools
import json
import logging
import os
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
SPACY_META = BOT / "spacy_nl" / "meta.json"
RASA = Path(sys.executable).parent / "rasa"
SPLIT_SEED = 0  # every setting is scored on the same folds

Ranking = dict[str, float]  # intent -> confidence
Folds = list[tuple[list[int], list[int]]]  # (training indices, test indices) per fold
GRID = ("word_max_ngram", "max_ngram", "C")  # the linear model's settings the grid varies


def log(message: str) -> None:
    """Print one progress line with a timestamp."""
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def bot_module(name: str) -> Any:
    """A module of bot/components, imported as Rasa imports it (with bot/ on the path)."""
    if str(BOT) not in sys.path:
        sys.path.insert(0, str(BOT))
    return importlib.import_module(f"components.{name}")


def component(config: dict[str, Any], name: str, defaults: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings of the pipeline component whose class is ``name``, over ``defaults``."""
    entry = next(c for c in config["pipeline"] if c["name"].rsplit(".", 1)[-1] == name)
    return {**(defaults or {}), **{key: value for key, value in entry.items() if key != "name"}}


def diet_config(config: dict[str, Any], epochs: int | None) -> dict[str, Any]:
    """The bot's config cut right after the DIETClassifier, which keeps its full ranking."""
    pipeline = config["pipeline"]
    end = next(i for i, c in enumerate(pipeline) if c["name"] == "DIETClassifier")
    diet = {**pipeline[end], "ranking_length": 0}
    if epochs is not None:
        diet["epochs"] = epochs
    return {**config, "assistant_id": "nlu-cv", "pipeline": [*pipeline[:end], diet], "policies": []}


@dataclass
class NluData:
    """The intent examples of bot/data/nlu, with the lookup tables, regexes and synonyms."""

    training: Any  # rasa TrainingData
    examples: list[Any]  # its intent examples (rasa Messages)
    texts: list[str]
    labels: list[str]
    tables: dict[str, list[str]]  # lookup table name -> entries, as the linear component reads them
    regexes: dict[str, str]  # regex name -> pattern

    def subset_yaml(self, indices: list[int]) -> str:
        """Training data of some examples, with all lookup tables, regexes and synonyms, as Rasa YAML."""
        from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
        from rasa.shared.nlu.training_data.training_data import TrainingData

        full = self.training
        subset = TrainingData([self.examples[i] for i in indices], entity_synonyms=full.entity_synonyms,
                              regex_features=full.regex_features, lookup_tables=full.lookup_tables)
        return str(RasaYAMLWriter().dumps(subset))


def load_nlu() -> NluData:
    """The bot's training NLU data (bot/data/nlu only)."""
    from rasa.shared.nlu.training_data.loading import load_data

    training = load_data(str(BOT / "data" / "nlu"))
    examples = [m for m in training.intent_examples if m.get("text") and m.get("intent")]
    return NluData(training, examples, [m.get("text") for m in examples], [m.get("intent") for m in examples],
                   {t["name"]: list(t["elements"]) for t in training.lookup_tables},
                   {r["name"]: r["pattern"] for r in training.regex_features})


def cache_key(data: NluData, config: dict[str, Any], folds: int) -> str:
    """Hash of what the out-of-fold DIET rankings depend on: data, DIET config, spaCy pipeline, folds."""
    spacy = SPACY_META.read_text(encoding="utf-8") if SPACY_META.is_file() else ""
    content = {"texts": data.texts, "labels": data.labels, "tables": data.tables, "regexes": data.regexes,
               "synonyms": data.training.entity_synonyms, "config": config, "spacy": spacy, "folds": folds}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def write_json(path: Path, content: Any, indent: int | None = None) -> None:
    """Write JSON via a temporary file, so an interrupted run leaves no half-written cache."""
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(content, ensure_ascii=False, indent=indent), encoding="utf-8")
    partial.replace(path)


def train_model(work: Path, logfile: Path) -> Path:
    """``rasa train nlu`` in bot/ with a throw-away Rasa cache (bot/.rasa is left alone)."""
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(work / "cache"), "RASA_TELEMETRY_ENABLED": "false"}
    command = [str(RASA), "train", "nlu", "--config", str(work / "config.yml"), "--nlu", str(work / "nlu.yml"),
               "--out", str(work), "--fixed-model-name", "fold"]
    with logfile.open("w") as out:
        code = subprocess.run(command, cwd=BOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if code.returncode != 0:
        raise SystemExit(f"ERROR: 'rasa train nlu' failed; see {logfile}")
    return work / "fold.tar.gz"


def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    """Every text's parse result (intent, ranking, entities) from a trained model, loaded in this process (cwd bot/)."""
    from rasa.core.agent import Agent

    with warnings.catch_warnings():  # the domain's slot-mapping notice, already shown at training
        warnings.simplefilter("ignore", UserWarning)
        agent = Agent.load(str(model))

    async def results() -> list[dict[str, Any]]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(results())


def parse(model: Path, texts: list[str]) -> list[Ranking]:
    """Every text's full intent ranking from a trained model."""
    return [{e["name"]: float(e["confidence"]) for e in r["intent_ranking"]} for r in parse_all(model, texts)]


def diet_fold(data: NluData, config: dict[str, Any], train: list[int], test: list[int],
              logfile: Path) -> dict[str, Ranking]:
    """Train DIET on a fold's training part and rank its test part; the model goes with the temp dir."""
    with tempfile.TemporaryDirectory(prefix="nlu-cv-") as tmp:
        work = Path(tmp)
        (work / "nlu.yml").write_text(data.subset_yaml(train), encoding="utf-8")
        (work / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        rankings = parse(train_model(work, logfile), [data.texts[i] for i in test])
    return {str(i): ranking for i, ranking in zip(test, rankings, strict=True)}


def diet_rankings(data: NluData, config: dict[str, Any], folds: Folds, cache: Path) -> dict[int, Ranking]:
    """Out-of-fold DIET rankings of every example; each fold is trained once, then read from ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    rankings: dict[int, Ranking] = {}
    for k, fold in enumerate(folds):
        path = cache / f"fold{k}.json"
        if path.is_file():
            log(f"DIET fold {k + 1}/{len(folds)}: cached ({path})")
        else:
            log(f"DIET fold {k + 1}/{len(folds)}: training on {len(fold[0])}, ranking {len(fold[1])} examples")
            write_json(path, diet_fold(data, config, *fold, cache / f"fold{k}.log"))
        rankings.update({int(i): r for i, r in json.loads(path.read_text(encoding="utf-8")).items()})
    return rankings


def linear_probabilities(data: NluData, folds: Folds, config: dict[str, Any]) -> dict[int, Ranking]:
    """Out-of-fold probabilities of the component's linear model, fitted per fold."""
    ensemble = bot_module("linear_ensemble")
    matcher = ensemble.TableMatcher(data.tables, data.regexes)
    probabilities: dict[int, Ranking] = {}
    for train, test in folds:
        model = ensemble.LinearModel(config, matcher).fit([data.texts[i] for i in train],
                                                          [data.labels[i] for i in train])
        probabilities.update(zip(test, model.probabilities([data.texts[i] for i in test]), strict=True))
    return probabilities


@dataclass
class Evaluation:
    """Scores rankings by where the bot's pipeline ends: its FallbackClassifier, then its CrisisDetector."""

    texts: list[str]
    labels: list[str]
    fallback: Any  # Rasa's FallbackClassifier, configured from bot/config.yml
    detector: Any  # the bot's CrisisDetector, configured from bot/config.yml

    def score(self, rankings: list[list[dict[str, Any]]]) -> dict[str, float]:
        """Macro-F1 and accuracy over all examples, and how many the bot would ask back."""
        outcomes = [self.outcome(text, ranking) for text, ranking in zip(self.texts, rankings, strict=True)]
        predicted = [intent for intent, _ in outcomes]
        asked = [i for i, (_, asks_back) in enumerate(outcomes) if asks_back]
        return {"macro_f1": float(f1_score(self.labels, predicted, average="macro", zero_division=0)),
                "accuracy": float(accuracy_score(self.labels, predicted)), "asked_back": len(asked),
                "asked_back_right": sum(predicted[i] == self.labels[i] for i in asked)}

    def outcome(self, text: str, ranking: list[dict[str, Any]]) -> tuple[str, bool]:
        """The scored intent (nlu_fallback skipped, as `rasa test nlu` does) and whether the bot asks back.

        Both components run as in the bot's pipeline, in its order, so a crisis signal overrides the
        fallback and an unsupported crisis intent the detector demotes to nlu_fallback counts as asked back.
        """
        from rasa.shared.nlu.training_data.message import Message

        message = Message(data={"text": text, "intent": dict(ranking[0]), "intent_ranking": list(ranking)})
        self.fallback.process([message])
        self.detector.process([message])
        intent = next(e["name"] for e in message.get("intent_ranking") if e["name"] != "nlu_fallback")
        return str(intent), message.get("intent")["name"] == "nlu_fallback"

    @classmethod
    def of(cls, data: NluData, config: dict[str, Any]) -> Evaluation:
        """The bot's FallbackClassifier and CrisisDetector with their settings from ``config``."""
        from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier

        detector_class = bot_module("crisis_detector").CrisisDetector
        detector = detector_class(component(config, "CrisisDetector", detector_class.get_default_config()))
        fallback = FallbackClassifier(component(config, "FallbackClassifier", FallbackClassifier.get_default_config()))
        return cls(data.texts, data.labels, fallback, detector)


def setting_rows(data: NluData, folds: Folds, diet: list[list[dict[str, Any]]], ensemble: dict[str, Any],
                 weights: list[float], scorer: Evaluation) -> list[dict[str, Any]]:
    """Linear alone and averaged with DIET at each weight, for one setting of the linear model."""
    combine = bot_module("linear_ensemble").combine
    linear = linear_probabilities(data, folds, ensemble)
    probabilities = [linear[i] for i in range(len(data.texts))]
    length, setting = int(ensemble["ranking_length"]), {key: ensemble[key] for key in GRID}
    rows = [{"model": "linear", **setting, "weight": None,
             **scorer.score([combine([], p, 0.0, length) for p in probabilities])}]
    for weight in weights:
        averaged = [combine(d, p, weight, length) for d, p in zip(diet, probabilities, strict=True)]
        rows.append({"model": "ensemble", **setting, "weight": weight, **scorer.score(averaged)})
    return rows


def results_table(data: NluData, folds: Folds, diet: dict[int, Ranking], config: dict[str, Any],
                  ensemble: dict[str, Any], args: argparse.Namespace) -> list[dict[str, Any]]:
    """DIET alone (its ranking cut as in the bot), then the linear model and the ensemble per grid setting."""
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier

    length = int(component(config, "DIETClassifier", DIETClassifier.get_default_config())["ranking_length"])
    ranked = [sorted(diet[i].items(), key=lambda item: -item[1])[: length or None] for i in range(len(data.texts))]
    diet_ranked = [[{"name": name, "confidence": value} for name, value in items] for items in ranked]
    scorer = Evaluation.of(data, config)
    rows = [{"model": "DIET", **dict.fromkeys(GRID), "weight": None, **scorer.score(diet_ranked)}]
    for values in itertools.product(args.word_ngrams, args.char_ngrams, args.C):
        setting = dict(zip(GRID, values, strict=True))
        log(f"linear model, {setting}: fitting {len(folds)} folds")
        rows += setting_rows(data, folds, diet_ranked, {**ensemble, **setting}, args.weights, scorer)
    return rows


def print_table(rows: list[dict[str, Any]], current: dict[str, Any]) -> None:
    """The scores, one line per model and setting; the setting in bot/config.yml is marked."""
    names = {"DIET": "DIET alone", "linear": "linear alone", "ensemble": "DIET + linear"}
    print(f"\n{'model':<14} {'words':>5} {'chars':>5} {'C':>5} {'weight':>6} {'macro-F1':>9} {'accuracy':>9}"
          "  asked back (right)")
    for row in rows:
        chosen = row["model"] == "ensemble" and all(row[key] == current[key] for key in (*GRID, "weight"))
        words, chars, c = (("-" if row[key] is None else f"{row[key]:g}") for key in GRID)
        weight = "-" if row["weight"] is None else f"{row['weight']:.2f}"
        print(f"{names[row['model']]:<14} {words:>5} {chars:>5} {c:>5} {weight:>6} {row['macro_f1']:>9.4f}"
              f" {row['accuracy']:>9.4f}  {row['asked_back']:>5} ({row['asked_back_right']})"
              + ("  <- bot/config.yml" if chosen else ""))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--folds", type=int, default=5, help="number of stratified folds (default 5)")
    parser.add_argument("--epochs", type=int, help="DIET epochs instead of bot/config.yml's (for a quick run)")
    parser.add_argument("--weights", type=lambda text: [float(w) for w in text.split(",")], default=[0.3, 0.4, 0.5],
                        help="DIET's shares of the average to score (default 0.3,0.4,0.5)")
    parser.add_argument("--word-ngrams", type=lambda text: [int(n) for n in text.split(",")], default=[1, 2],
                        help="longest word n-grams of the linear model to score (default 1,2)")
    parser.add_argument("--char-ngrams", type=lambda text: [int(n) for n in text.split(",")], default=None,
                        help="longest character n-grams of the linear model to score (default: bot/config.yml's)")
    parser.add_argument("--C", type=lambda text: [float(c) for c in text.split(",")], default=None,
                        help="the linear model's inverse regularisation strengths to score (default: bot/config.yml's)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "nlu-cv", help="cache and results directory")
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    return args


def quiet_rasa() -> None:
    """Rasa logs warnings only (parsing would log every message), and libraries' deprecations are not shown."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with warnings.catch_warnings(record=True):  # swallowed; sanic, imported here, would show deprecations again
        importlib.import_module("rasa.core.agent")
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def main(argv: list[str] | None = None) -> int:
    """Run both steps, print the table and write it to --out/results.json."""
    args = parse_args(argv)
    os.chdir(BOT)  # as Rasa runs: SpacyNLP's ``model: spacy_nl`` is relative to bot/ (all paths here are absolute)
    quiet_rasa()
    config = yaml.safe_load((BOT / "config.yml").read_text(encoding="utf-8"))
    data = load_nlu()
    splitter = StratifiedKFold(args.folds, shuffle=True, random_state=SPLIT_SEED)
    folds = [(train.tolist(), test.tolist()) for train, test in splitter.split(data.labels, data.labels)]
    log(f"{len(data.texts)} training examples, {len(set(data.labels))} intents, {args.folds} folds")
    fold_config = diet_config(config, args.epochs)
    cache = args.out / f"diet-{cache_key(data, fold_config, len(folds))}"
    diet = diet_rankings(data, fold_config, folds, cache)
    ensemble = component(config, "LinearEnsembleClassifier",
                         bot_module("linear_ensemble").LinearEnsembleClassifier.get_default_config())
    args.char_ngrams = args.char_ngrams or [int(ensemble["max_ngram"])]
    args.C = args.C or [float(ensemble["C"])]
    rows = results_table(data, folds, diet, config, ensemble, args)
    print_table(rows, ensemble)
    results = {"folds": args.folds, "examples": len(data.texts), "diet_cache": str(cache),
               "diet": component(fold_config, "DIETClassifier"), "linear": ensemble, "rows": rows}
    write_json(args.out / "results.json", results, indent=1)
    log(f"written {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
