"""Checks of the NLU training data (bot/data/nlu) and the held-out split."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from components import gen_lookups, split_heldout
from components.split_heldout import load_blocks, normalise, parse_examples
from crisis.patterns import detect_crisis

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "bot" / "data" / "nlu"
HELDOUT = ROOT / "bot" / "tests" / "nlu_heldout" / "heldout.yml"
INTERFACES = ROOT / "docs" / "interfaces.md"

NEEDS = [
    "tozo", "tonk", "now", "tvl", "tofa", "bbz", "belastingschuld", "bijstand", "schuldhulp",
    "eenzaamheid", "mentale_gezondheid", "huiselijk_geweld", "werk", "voedselhulp",
]
FEATURE_FILES = [*NEEDS, "crisis", "smalltalk", "out_of_scope", "handoff", "municipality", "dialogue", "lookups"]
MIN_TOTAL = {
    **dict.fromkeys(NEEDS, 75),
    **dict.fromkeys(["crisis_suicide", "crisis_violence", "crisis_emergency"], 40),
    **dict.fromkeys(["greet", "thank", "goodbye", "bot_challenge", "human_handoff"], 40),
    "out_of_scope": 80,
    "inform_municipality": 60,
    **dict.fromkeys(["affirm", "deny", "dont_know", "refuse_to_say"], 25),
}
MIN_TRAIN_NEED = 60
ENTITIES = {"postcode", "scheme"}
ANNOTATION = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _intents(paths: list[Path]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        for block in load_blocks(path):
            if "intent" in block:
                result[block["intent"]] += parse_examples(block["examples"])
    return dict(result)


TRAIN = _intents(split_heldout.training_files())
HELD = _intents([HELDOUT])


def _interface_intents() -> set[str]:
    text = INTERFACES.read_text(encoding="utf-8")
    section = text.split("## Intents and entities (bot)")[1].split("Entities:")[0]
    return set(re.findall(r"`([a-z_]+)`", section)) - {"nlu_fallback"}


def _lookups() -> dict[str, list[str]]:
    blocks = yaml.safe_load((NLU_DIR / "lookups.yml").read_text(encoding="utf-8"))["nlu"]
    return {b.get("lookup") or b.get("regex"): parse_examples(b["examples"]) for b in blocks}


@pytest.mark.parametrize("feature", FEATURE_FILES)
def test_one_file_per_feature(feature: str) -> None:
    path = NLU_DIR / f"{feature}.yml"
    assert path.exists()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["version"] == "3.1"


def test_every_interface_intent_is_trained_and_held_out() -> None:
    expected = _interface_intents()
    assert set(NEEDS) <= expected
    assert set(TRAIN) == expected
    assert set(HELD) == expected


@pytest.mark.parametrize(("intent", "minimum"), sorted(MIN_TOTAL.items()))
def test_minimum_examples(intent: str, minimum: int) -> None:
    assert len(TRAIN[intent]) + len(HELD[intent]) >= minimum
    if intent in NEEDS:
        assert len(TRAIN[intent]) >= MIN_TRAIN_NEED


@pytest.mark.parametrize("intent", sorted(MIN_TOTAL))
def test_heldout_is_a_fifth(intent: str) -> None:
    total = len(TRAIN[intent]) + len(HELD[intent])
    assert len(HELD[intent]) == max(round(total * split_heldout.FRACTION), 1)


def test_no_overlap_with_heldout() -> None:
    train = {normalise(e) for examples in TRAIN.values() for e in examples}
    held = {normalise(e) for examples in HELD.values() for e in examples}
    assert train & held == set()
    assert split_heldout.overlap() == set()


def test_no_duplicate_examples_within_or_across_intents() -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for data in (TRAIN, HELD):
        for intent, examples in data.items():
            for example in examples:
                owners[normalise(example)].append(intent)
    duplicates = {text: intents for text, intents in owners.items() if len(intents) > 1}
    assert duplicates == {}


def test_entity_annotations_use_known_entities_and_values() -> None:
    lookups = _lookups()
    known = {"scheme": {value.lower() for value in lookups["scheme"]}}
    postcode = re.compile(lookups["postcode"][0], re.IGNORECASE)
    for data in (TRAIN, HELD):
        for example in (e for examples in data.values() for e in examples):
            for value, entity in ANNOTATION.findall(example):
                assert entity in ENTITIES, example
                if entity == "postcode":
                    assert postcode.fullmatch(value), example
                else:
                    assert value.lower() in known[entity], example


@pytest.mark.parametrize("scheme", ["tozo", "tonk", "now", "tvl", "tofa", "bbz"])
def test_scheme_intents_annotate_their_scheme(scheme: str) -> None:
    annotated = [e for e in TRAIN[scheme] if "](scheme)" in e]
    assert len(annotated) >= 10


def test_lookups_file_is_up_to_date() -> None:
    assert (NLU_DIR / "lookups.yml").read_text(encoding="utf-8") == gen_lookups.render()


def test_the_bot_keeps_no_place_names() -> None:
    # The referral service's /resolve is the one place finder (actions/places.py).
    assert set(_lookups()) == {"scheme", "postcode"}
    assert not [e for e in TRAIN["inform_municipality"] if "](municipality)" in e or "](town)" in e]


@pytest.mark.parametrize(
    ("text", "found"),
    [("9203 AB", "9203 AB"), ("mijn postcode is 9203ab", "9203ab"), ("tozo 2020 en 2021", None), ("1000 km", None)],
)
def test_postcode_regex(text: str, found: str | None) -> None:
    match = re.search(_lookups()["postcode"][0], text, re.IGNORECASE)
    assert (match.group() if match else None) == found


@pytest.mark.parametrize("kind", ["suicide", "violence", "emergency"])
def test_crisis_examples_are_caught_by_the_detector(kind: str) -> None:
    examples = TRAIN[f"crisis_{kind}"] + HELD[f"crisis_{kind}"]
    missed = [e for e in examples if detect_crisis(e) != kind]
    assert missed == []


def _word_lists() -> dict[str, tuple[Path, list[str]]]:
    """The lex_<intent> lookup tables: name -> (file, entries)."""
    return {b["lookup"]: (path, parse_examples(b["examples"])) for path in split_heldout.training_files()
            for b in load_blocks(path) if str(b.get("lookup", "")).startswith("lex_")}


def test_every_word_list_sits_with_its_intent() -> None:
    lists = _word_lists()
    for name, (path, _) in lists.items():
        assert name[len("lex_"):] in {b.get("intent") for b in load_blocks(path)}, name
    without = {i for i in TRAIN if f"lex_{i}" not in lists}
    # Crisis words stay with the crisis detector; places are the referral service's resolver's.
    assert without == {"crisis_suicide", "crisis_violence", "crisis_emergency", "inform_municipality"}


def test_word_list_entries_are_plain_and_in_one_list_only() -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for name, (_, entries) in _word_lists().items():
        for entry in entries:
            owners[entry].append(name)
    assert {e: n for e, n in owners.items() if len(n) > 1} == {}
    # Lowercase words, spaces, apostrophes and hyphens: nothing a regex would read differently.
    assert [e for e in owners if e != e.lower() or "_" in e or not re.fullmatch(r"\w[\w' -]*\w", e)] == []


# Rasa's loaders import modules through deprecated importlib and pkg_resources APIs.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_rasa_loads_training_and_heldout_data() -> None:
    pytest.importorskip("rasa")
    from rasa.shared.nlu.training_data.loading import load_data

    training = load_data(str(NLU_DIR))
    assert set(training.intents) == set(TRAIN)
    assert len(training.intent_examples) == sum(len(v) for v in TRAIN.values())
    assert {t["name"] for t in training.lookup_tables} >= {"scheme"}
    held = load_data(str(HELDOUT))
    assert len(held.intent_examples) == sum(len(v) for v in HELD.values())


def _write_training(path: Path, examples: list[str]) -> None:
    path.write_text(split_heldout.render_file([("intent", "werk", examples)], "test"), encoding="utf-8")


@pytest.fixture
def training(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty split in tmp_path; returns the path of its one training file (intent werk)."""
    nlu_dir = tmp_path / "nlu"
    nlu_dir.mkdir()
    monkeypatch.setattr(split_heldout, "NLU_DIR", nlu_dir)
    monkeypatch.setattr(split_heldout, "HELDOUT", tmp_path / "heldout.yml")
    return nlu_dir / "werk.yml"


def test_split_keeps_heldout_examples_held_out_when_data_grows(training: Path) -> None:
    _write_training(training, [f"ik zoek werk nummer {i}" for i in range(40)])
    assert split_heldout.write_split() == {"werk": (32, 8)}
    first = set(split_heldout.heldout_by_intent()["werk"])
    # 60 new examples with the smallest hashes: a plain re-selection by hash
    # would hold out only new ones and move the old held-out ones into training.
    new = sorted((f"baan gezocht {i}" for i in range(2000)), key=split_heldout.rank)[:60]
    grown = parse_examples(load_blocks(training)[0]["examples"]) + new
    _write_training(training, grown)
    assert split_heldout.write_split() == {"werk": (80, 20)}
    second = set(split_heldout.heldout_by_intent()["werk"])
    assert first <= second
    train = set(parse_examples(load_blocks(training)[0]["examples"]))
    assert not train & second
    # Idempotent.
    assert split_heldout.write_split() == {"werk": (80, 20)}
    assert set(split_heldout.heldout_by_intent()["werk"]) == second


def test_split_drops_a_training_copy_of_a_heldout_example(training: Path) -> None:
    _write_training(training, [f"ik zoek werk nummer {i}" for i in range(10)])
    split_heldout.write_split()
    [held] = split_heldout.heldout_by_intent()["werk"][:1]
    _write_training(training, [*parse_examples(load_blocks(training)[0]["examples"]), held.upper()])
    split_heldout.write_split()
    assert normalise(held) not in {normalise(e) for e in parse_examples(load_blocks(training)[0]["examples"])}
    assert split_heldout.overlap() == set()
