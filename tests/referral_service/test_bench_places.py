"""The place-finding evaluation set is well-formed, and the bench's scoring counts right."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from bench_places import (
    EVAL_DIR,
    KINDS,
    MARK_END,
    MARK_START,
    NONE_KINDS,
    Case,
    load_set,
    outcome,
    rates,
    returned_codes,
    rounds,
    score,
    write_section,
)

REPO = Path(__file__).resolve().parents[2]
MUNICIPALITIES = REPO / "data" / "regelingen" / "gebieden" / "gemeenten.csv"


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_set(EVAL_DIR)


def test_every_expected_code_is_a_municipality(cases: list[Case]) -> None:
    with MUNICIPALITIES.open(encoding="utf-8") as f:
        codes = {row["code"] for row in csv.DictReader(f)}
    unknown = [(c.text, code) for c in cases for code in c.expect if code not in codes]
    assert not unknown


def test_kinds_are_known_and_agree_with_the_expectation(cases: list[Case]) -> None:
    assert {c.kind for c in cases} <= set(KINDS)
    assert all((c.kind in NONE_KINDS) == (not c.expect) for c in cases)
    assert all(len(c.expect) > 1 for c in cases if c.kind == "ambiguous")


@pytest.mark.parametrize("folder", rounds(EVAL_DIR), ids=lambda p: p.name)
def test_no_text_twice_in_a_round(folder: Path) -> None:
    # Independent writers of two rounds may both write "hoi"; one writer should not repeat.
    counts = Counter(c.text.strip().lower() for c in load_set(folder))
    assert [t for t, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("folder", rounds(EVAL_DIR), ids=lambda p: p.name)
def test_size_and_share_without_a_place(folder: Path) -> None:
    cases = load_set(folder)
    assert len(cases) >= 400
    assert sum(not c.expect for c in cases) / len(cases) >= 0.25


def test_the_rounds_hold_every_message() -> None:
    assert sorted(EVAL_DIR.glob("*.yml")) == []
    assert len(rounds(EVAL_DIR)) >= 2


@pytest.mark.parametrize(
    ("expect", "got", "result"),
    [
        ((), (), "clear"),
        ((), ("GM0344",), "false"),
        (("GM0344",), ("GM0344",), "found"),
        (("GM0344",), (), "missed"),
        (("GM0344",), ("GM0363",), "wrong"),
        (("GM0373", "GM0893"), ("GM0893", "GM0373"), "found"),
        (("GM0373", "GM0893"), ("GM0373",), "guessed"),
        (("GM1674",), ("GM0277", "GM1674"), "asked"),
        (("GM0373", "GM0893"), ("GM0373", "GM0748"), "wrong"),
    ],
)
def test_outcome(expect: tuple[str, ...], got: tuple[str, ...], result: str) -> None:
    assert outcome(expect, got) == result


@dataclass
class FakePlace:
    code: str


@dataclass
class FakeResolution:
    place: FakePlace | None
    candidates: list[FakePlace]


def test_returned_codes_reads_the_place_then_the_candidates() -> None:
    assert returned_codes(FakeResolution(FakePlace("GM0344"), [])) == ("GM0344",)
    both = FakeResolution(None, [FakePlace("GM0373"), FakePlace("GM0893")])
    assert returned_codes(both) == ("GM0373", "GM0893")
    assert returned_codes(FakeResolution(None, [])) == ()
    assert returned_codes(None) == ()


def test_score_counts_shares_over_places_and_nones() -> None:
    utrecht, bergen = ("GM0344",), ("GM0373", "GM0893")
    results = [
        (Case("ik woon in utrecht", utrecht, "lowercase"), utrecht),
        (Case("utreht", utrecht, "misspelling"), ()),
        (Case("bergen", bergen, "ambiguous"), ("GM0373",)),
        (Case("ik woon in assen", ("GM0106",), "official"), ("GM0363",)),
        (Case("meneer Van Assen", (), "trap_surname"), ("GM0106",)),
        (Case("ik moet 9000 euro betalen", (), "trap_number"), ()),
        (Case("ik heb echt geen geld", (), "trap_word"), ()),
        (Case("hoi", (), "no_place"), ()),
    ]
    scores = score(results)
    assert scores.per_kind["misspelling"] == Counter(missed=1)
    assert rates(scores) == (0.25, 0.25, 0.25)
    assert [result for _, _, result in scores.misses] == ["missed", "guessed", "wrong", "false"]


def test_write_section_replaces_only_its_own_section(tmp_path: Path) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\nother\n", encoding="utf-8")
    write_section(f"{MARK_START}\nfirst\n{MARK_END}", docs)
    write_section(f"{MARK_START}\nsecond\n{MARK_END}", docs)
    text = docs.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nother\n")
    assert "second" in text
    assert "first" not in text
    assert text.count(MARK_START) == 1
