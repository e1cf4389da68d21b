"""Deterministic, stratified held-out split of the NLU training data.

Moves (not copies) a seeded 20% of the examples of every intent from
``bot/data/nlu/*.yml`` into ``bot/tests/nlu_heldout/heldout.yml``.

Held-out examples are sticky: an example that is held out stays held out,
whatever is added later (a held-out example never moves into training, which
would leak it into the model). When examples are added, the script tops the
held-out set of each intent up to round(20%) of the intent's total with the
training examples that have the smallest seeded hash (new examples are
effectively split 80/20). A training example whose text is already held out
(for any intent) is dropped from training and reported. Running it twice
changes nothing.

    python bot/components/split_heldout.py          # (re)write the split
    python bot/components/split_heldout.py --check  # exit 1 on overlap
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "bot" / "data" / "nlu"
HELDOUT = ROOT / "bot" / "tests" / "nlu_heldout" / "heldout.yml"
SKIP_FILES = {"lookups.yml"}          # generated, no intents
SEED = "steunwijzer-2024"
FRACTION = 0.2

# Canonical examples the bot must be trained on; never held out.
KEEP_IN_TRAINING = frozenset({
    "ja", "nee", "hallo", "hoi", "bedankt", "dank je", "doei", "tot ziens", "ok",
    "weet ik niet", "wil ik niet zeggen", "dat zeg ik liever niet",
    "ben jij een robot?", "ik wil een mens spreken", "medewerker", "bellen met iemand",
    "ik woon in drachten", "den bosch", "9203 ab", "smallingerland",
    "ik wil dood", "mijn man slaat me", "mijn vader heeft een hartaanval",
    "tozo", "tonk", "now", "tvl", "tofa", "bbz", "schulden hulp", "voedselbank",
})

_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def normalise(example: str) -> str:
    """Plain text of an example: no entity markup, lowercase, single spaces."""
    return " ".join(_ANNOTATION.sub(r"\1", example).lower().split())


def parse_examples(block_text: str) -> list[str]:
    """The '- ...' lines of a Rasa examples block, without the dash."""
    lines = (line.strip() for line in (block_text or "").splitlines())
    return [line[2:].strip() for line in lines if line.startswith("- ")]


def load_blocks(path: Path) -> list[dict]:
    """The 'nlu' blocks of one Rasa YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("nlu") or []


def training_files() -> list[Path]:
    """The training files that hold intents, sorted."""
    return sorted(p for p in NLU_DIR.glob("*.yml") if p.name not in SKIP_FILES)


def heldout_by_intent() -> dict[str, list[str]]:
    """Current held-out examples per intent (empty when there is no file)."""
    if not HELDOUT.exists():
        return {}
    return {b["intent"]: parse_examples(b["examples"]) for b in load_blocks(HELDOUT) if "intent" in b}


def rank(example: str) -> str:
    """Seeded, order-independent sort key of an example."""
    return hashlib.sha256(f"{SEED}|{normalise(example)}".encode()).hexdigest()


def target_count(total: int) -> int:
    """How many of ``total`` examples to hold out: round(20%), at least 1 of 5+."""
    count = round(total * FRACTION)
    return max(count, 1) if total >= 5 else count


def choose_heldout(examples: list[str], already: list[str] | None = None) -> set[str]:
    """The examples (raw strings) to move to held-out, besides ``already`` held out.

    ``examples`` are the training examples; ``already`` the ones held out now,
    which stay held out. Tops up to ``target_count`` of the total.
    """
    already = already or []
    count = target_count(len(examples) + len(already)) - len(already)
    candidates = [e for e in examples if normalise(e) not in KEEP_IN_TRAINING]
    return set(sorted(candidates, key=rank)[:max(count, 0)])


def render_block(key: str, name: str, examples: list[str]) -> str:
    """One Rasa NLU block as YAML text."""
    lines = [f"- {key}: {name}", "  examples: |"] + [f"    - {e}" for e in examples]
    return "\n".join(lines)


def render_file(blocks: list[tuple[str, str, list[str]]], comment: str) -> str:
    """A complete Rasa NLU YAML file."""
    body = "\n".join(render_block(*block) for block in blocks)
    return f'# {comment}\nversion: "3.1"\nnlu:\n{body}\n'


def block_key(block: dict) -> tuple[str, str]:
    """('intent'|'synonym'|'regex'|'lookup', name) of a block."""
    for key in ("intent", "synonym", "regex", "lookup"):
        if key in block:
            return key, block[key]
    raise ValueError(f"unknown NLU block: {block}")


def split_file(
    path: Path, back: dict[str, list[str]], all_held: set[str] | None = None
) -> tuple[str, dict[str, list[str]]]:
    """New text of one training file and the examples it holds out, per intent.

    ``back`` holds the current held-out examples per intent (consumed here);
    ``all_held`` the normalised texts of all of them, of every intent.
    """
    all_held = all_held if all_held is not None else {
        normalise(e) for es in back.values() for e in es}
    blocks, held = [], {}
    for block in load_blocks(path):
        key, name = block_key(block)
        examples = parse_examples(block.get("examples", ""))
        if key == "intent":
            already = _dedupe(back.pop(name, []))
            dropped = [e for e in examples if normalise(e) in all_held]
            if dropped:
                print(f"{name}: dropped from training, already held out: {dropped}", file=sys.stderr)
            examples = _dedupe([e for e in examples if normalise(e) not in all_held])
            extra = choose_heldout(examples, already)
            held[name] = sorted([*already, *extra], key=rank)
            examples = [e for e in examples if e not in extra]
        blocks.append((key, name, examples))
    comment = ("20% of each intent is held out in bot/tests/nlu_heldout/heldout.yml; "
               "add examples here, then run bot/components/split_heldout.py")
    return render_file(blocks, comment), held


def _dedupe(examples: list[str]) -> list[str]:
    """Drop repeated examples (same normalised text), keeping the first."""
    seen, result = set(), []
    for example in examples:
        if normalise(example) not in seen:
            seen.add(normalise(example))
            result.append(example)
    return result


def write_split() -> dict[str, tuple[int, int]]:
    """Rewrite all training files and heldout.yml; return (train, heldout) per intent."""
    back, heldout, counts = heldout_by_intent(), {}, {}
    all_held = {normalise(e) for es in back.values() for e in es}
    for path in training_files():
        text, held = split_file(path, back, all_held)
        path.write_text(text, encoding="utf-8")
        heldout.update(held)
    if back:
        raise SystemExit(f"held-out intents without a training file: {sorted(back)}")
    blocks = [("intent", name, examples) for name, examples in sorted(heldout.items())]
    HELDOUT.parent.mkdir(parents=True, exist_ok=True)
    HELDOUT.write_text(render_file(blocks, "Held-out NLU examples: never train on these. "
                                           "Written by bot/components/split_heldout.py"),
                       encoding="utf-8")
    for path in training_files():
        for block in load_blocks(path):
            if "intent" in block:
                name = block["intent"]
                counts[name] = (len(parse_examples(block["examples"])), len(heldout[name]))
    return counts


def overlap() -> set[str]:
    """Normalised texts that are both in training and in held-out data."""
    train = {normalise(e) for p in training_files() for b in load_blocks(p)
             if "intent" in b for e in parse_examples(b["examples"])}
    held = {normalise(e) for es in heldout_by_intent().values() for e in es}
    return train & held


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check for overlap")
    args = parser.parse_args(argv)
    if not args.check:
        for intent, (train, held) in sorted(write_split().items()):
            print(f"{intent:22} train {train:4}  heldout {held:3}")
    common = overlap()
    if common:
        print(f"OVERLAP ({len(common)}): {sorted(common)[:10]}", file=sys.stderr)
        return 1
    print("no overlap between training and held-out data")
    return 0


if __name__ == "__main__":
    sys.exit(main())
