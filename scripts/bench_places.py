"""Place finding on its evaluation set (`make bench-places`), issue 19 point 3.

Loads tests/places_eval/round*/*.yml (each round written apart from the resolver and never tuned on it), builds the
resolver index from data/regelingen and resolves every message. Counts places found, false places
(a place or candidates for a message without one), wrong places, a table per kind and the cost per
message, and writes them with the goals to docs/benchmarks.md. A benchmark, not a test.

Scoring of an ambiguous place (`expect` is a list): found only when the resolver offers exactly those
candidates, because the bot must then ask (issue 19: "Two matches: ask with buttons"). A single place
out of the list is a guess and counts as `guessed`, not found; candidates that hold every expected
place plus others count as `asked`, also not found.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "places_eval"
DOCS = ROOT / "docs" / "benchmarks.md"
MARK_START, MARK_END = "<!-- bench-places:start -->", "<!-- bench-places:end -->"
GOAL_FOUND, GOAL_FALSE = 0.98, 0.01
# Each round's first measurement, before anything was changed because of it: the clean figures.
# (places found, false places, date); later runs of a round are no longer measurements on unseen text.
FIRST_MEASURED = {
    "round1": (0.972, 0.014, "2026-12-07"),
    "round2": (0.932, 0.009, "2026-12-07"),
    "round3": (0.873, 0.018, "2026-12-07"),
    "round4": (0.942, 0.018, "2026-12-07"),
}
PLACE_KINDS = (
    "official",
    "lowercase",
    "chat",
    "misspelling",
    "town",
    "district",
    "former",
    "postcode",
    "other_person",
    "place_need",
    "ambiguous",
)
NONE_KINDS = ("trap_number", "trap_word", "trap_surname", "no_place")
KINDS = PLACE_KINDS + NONE_KINDS
# Outcomes of a message with a place; "clear" and "false" are those of a message without one.
PLACE_OUTCOMES = ("found", "missed", "wrong", "guessed", "asked")


@dataclass(frozen=True)
class Case:
    """One message of the set and the municipality codes it should give (empty: no place)."""

    text: str
    expect: tuple[str, ...]
    kind: str
    round: str = ""  # the folder it came from (round1, round2, ...)


class Coded(Protocol):
    """Anything with a CBS code (the resolver's place)."""

    @property
    def code(self) -> str: ...


class ResolutionLike(Protocol):
    """The two parts of the resolver's answer the bench reads."""

    @property
    def place(self) -> Coded | None: ...

    @property
    def candidates(self) -> Sequence[Coded]: ...


def parse_case(item: dict[str, object], round_name: str = "") -> Case:
    """One YAML entry as a Case; `expect` is a code, `none` or a list of codes."""
    expect = item["expect"]
    codes = () if expect == "none" else tuple(expect) if isinstance(expect, list) else (str(expect),)
    return Case(str(item["text"]), codes, str(item["kind"]), round_name)


def rounds(folder: Path = EVAL_DIR) -> list[Path]:
    """The evaluation set's rounds, each written by another writer at a later time."""
    return sorted(p for p in folder.glob("round*") if p.is_dir())


def load_set(folder: Path = EVAL_DIR) -> list[Case]:
    """Every message of every YAML file in the folder and its rounds, in file order."""
    cases: list[Case] = []
    for path in sorted(folder.rglob("*.yml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        cases += [parse_case(item, path.parent.name) for item in items]
    return cases


def returned_codes(resolution: ResolutionLike | None) -> tuple[str, ...]:
    """The codes the resolver gave: its place, else its candidates, else none."""
    if resolution is None:
        return ()
    if resolution.place is not None:
        return (resolution.place.code,)
    return tuple(c.code for c in resolution.candidates or ())


def outcome(expect: Sequence[str], got: Sequence[str]) -> str:
    """How one answer scores (see the module docstring for ambiguous places)."""
    if not expect:
        return "false" if got else "clear"
    want, have = set(expect), set(got)
    if not have:
        return "missed"
    if have == want:
        return "found"
    if have < want:
        return "guessed"
    return "asked" if want < have else "wrong"


@dataclass
class Scores:
    """Outcome counts, overall and per kind, and the misses to list."""

    per_kind: dict[str, Counter[str]]
    misses: list[tuple[Case, tuple[str, ...], str]]
    results: list[tuple[Case, tuple[str, ...]]] = field(default_factory=list)

    def total(self, kinds: Iterable[str]) -> Counter[str]:
        """The outcome counts summed over some kinds."""
        out: Counter[str] = Counter()
        for kind in kinds:
            out.update(self.per_kind.get(kind, Counter()))
        return out


def score(results: Iterable[tuple[Case, tuple[str, ...]]]) -> Scores:
    """Count the outcome of every (case, returned codes) pair."""
    scores = Scores({}, [], list(results))
    for case, got in scores.results:
        result = outcome(case.expect, got)
        scores.per_kind.setdefault(case.kind, Counter())[result] += 1
        if result not in ("found", "clear"):
            scores.misses.append((case, got, result))
    return scores


def share(part: int, whole: int) -> float:
    """part / whole, 0 for an empty whole."""
    return part / whole if whole else 0.0


def rates(scores: Scores) -> tuple[float, float, float]:
    """Places found, false places and wrong places, as shares."""
    places, nones = scores.total(PLACE_KINDS), scores.total(NONE_KINDS)
    n_places, n_nones = sum(places.values()), sum(nones.values())
    return share(places["found"], n_places), share(nones["false"], n_nones), share(places["wrong"], n_places)


def round_lines(everything: Scores, folder: Path = EVAL_DIR) -> list[str]:
    """One line per round, from the run over all of them: its size, places found and false places."""
    lines = []
    for directory in rounds(folder):
        scores = score((case, got) for case, got in everything.results if case.round == directory.name)
        found, false, _ = rates(scores)
        size = sum(sum(c.values()) for c in scores.per_kind.values())
        line = f"- {directory.name}: {size} messages, places found {found:.1%}, false places {false:.1%}"
        if directory.name in FIRST_MEASURED:
            first_found, first_false, day = FIRST_MEASURED[directory.name]
            line += f" (first measured {day}, before any change: {first_found:.1%}, {first_false:.1%})"
        lines.append(line)
    return lines


def run(cases: list[Case]) -> tuple[Scores, list[float], float]:
    """Resolve every message; the scores, the milliseconds per message and the index build in seconds."""
    # Run as `python scripts/bench_places.py`, so the repository root is not on the path by itself.
    sys.path.insert(0, str(ROOT))
    from referral_service.places.from_files import index_from_files
    from referral_service.places.resolver import resolve

    start = time.perf_counter()
    index = index_from_files()
    build = time.perf_counter() - start
    resolve(index, "ik woon in Utrecht")  # warm-up: first-call costs are not per message
    results, cost = [], []
    for case in cases:
        start = time.perf_counter()
        resolution = resolve(index, case.text)
        cost.append((time.perf_counter() - start) * 1000)
        results.append((case, returned_codes(resolution)))
    return score(results), cost, build


def met(ok: bool) -> str:
    """The goal column."""
    return "met" if ok else "**not met**"


def kind_rows(scores: Scores) -> list[str]:
    """One table row per kind."""
    rows = []
    for kind in KINDS:
        counts = scores.per_kind.get(kind, Counter())
        n = sum(counts.values())
        if kind in PLACE_KINDS:
            cells = [f"{share(counts['found'], n):.1%}"] + [str(counts[o]) for o in PLACE_OUTCOMES[1:]] + ["-"]
        else:
            cells = [f"{share(counts['clear'], n):.1%}", "-", "-", "-", "-", str(counts["false"])]
        rows.append(f"| {kind} | {n} | " + " | ".join(cells) + " |")
    return rows


def section(scores: Scores, cost: list[float], build: float) -> str:
    """The Markdown section for docs/benchmarks.md."""
    found, false, wrong = rates(scores)
    n_places, n_nones = sum(scores.total(PLACE_KINDS).values()), sum(scores.total(NONE_KINDS).values())
    p50, p95 = statistics.median(cost), statistics.quantiles(cost, n=20)[18]
    return "\n".join(
        [
            MARK_START,
            f"## Place finding (`make bench-places`, {date.today().isoformat()})",
            "",
            f"`referral_service.places.resolver.resolve` on {n_places + n_nones} messages of tests/places_eval "
            f"({n_places} naming a place, {n_nones} without one: traps of amounts, years, phone numbers, ordinary "
            "words, surnames, and messages with no place). The set was written apart from the resolver, its tests "
            "and the bot's NLU data, and is never tuned on these results. An ambiguous place counts as found only "
            "when exactly its candidates come back (the bot must ask); one of them alone is `guessed`, more "
            "candidates than expected is `asked`; neither counts as found.",
            "",
            "| measure | result | goal | |",
            "|---|---|---|---|",
            f"| places found | {found:.1%} | >= {GOAL_FOUND:.0%} | {met(found >= GOAL_FOUND)} |",
            f"| false places | {false:.1%} | <= {GOAL_FALSE:.0%} | {met(false <= GOAL_FALSE)} |",
            f"| wrong places | {wrong:.1%} | | |",
            "",
            "| kind | messages | found / clear | missed | wrong | guessed | asked | false places |",
            "|---|---|---|---|---|---|---|---|",
            *kind_rows(scores),
            "",
            "By round (each written by another writer, who saw neither the resolver nor the earlier rounds; a round "
            "is measured once before anything is changed because of it):",
            "",
            *round_lines(scores),
            "",
            f"Cost per message: p50 {p50:.2f} ms, p95 {p95:.2f} ms on {platform_line()}; building the index from "
            f"data/regelingen took {build:.2f} s. `scripts/bench_places.py --list-misses` prints the misses.",
            MARK_END,
        ]
    )


def platform_line() -> str:
    """Where the cost was measured."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(text: str, docs: Path = DOCS) -> None:
    """Replace the section between the markers, or add it at the end of the file."""
    doc = docs.read_text(encoding="utf-8")
    if MARK_START in doc and MARK_END in doc:
        head, rest = doc.split(MARK_START, 1)
        doc = head + text + rest.split(MARK_END, 1)[1]
    else:
        doc = doc.rstrip("\n") + "\n\n" + text + "\n"
    docs.write_text(doc, encoding="utf-8")


def print_misses(scores: Scores) -> None:
    """Every message that was not found or not clear, with what came back (for the lead)."""
    for case, got, result in scores.misses:
        want = ", ".join(case.expect) or "none"
        print(f"{result:8} {case.kind:13} expect {want:22} got {', '.join(got) or '-':22} {case.text}")


def main(argv: list[str] | None = None) -> None:
    """Run the bench, write docs/benchmarks.md and print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--list-misses", action="store_true", help="print every miss, false and wrong place")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args(argv)
    scores, cost, build = run(load_set())
    text = section(scores, cost, build)
    if not args.no_write:
        write_section(text)
    print(text)
    if args.list_misses:
        print_misses(scores)


if __name__ == "__main__":
    main()
