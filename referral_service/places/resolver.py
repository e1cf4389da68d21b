"""Finds the municipality in free text: names, aliases, former names, towns, postcodes, typos."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dutch_words import ARTICLE_LIKE, COMMON_WORDS, PLACE_CUES, TWO_LETTER_WORDS
from .fuzzy import MIN_FUZZY_LENGTH, closest

KIND_RANK = {"name": 0, "alias": 1, "former": 2, "town": 3}
TOKEN_RE = re.compile(r"[^\W_]+")
POSTCODE_RE = re.compile(r"(?<![\d.,])([1-9]\d{3})(\s?)([A-Za-z]{2})(?![A-Za-z0-9])")
PC4_ONLY_RE = re.compile(r"^\s*([1-9]\d{3})\s*$")
PC4_AFTER_WORD_RE = re.compile(r"postcode\W{0,3}([1-9]\d{3})(?!\d)", re.IGNORECASE)
PROVINCES = {
    "groningen": "Groningen",
    "friesland": "Fryslân",
    "fryslan": "Fryslân",
    "drenthe": "Drenthe",
    "overijssel": "Overijssel",
    "flevoland": "Flevoland",
    "gelderland": "Gelderland",
    "gld": "Gelderland",
    "utrecht": "Utrecht",
    "noord holland": "Noord-Holland",
    "nh": "Noord-Holland",
    "zuid holland": "Zuid-Holland",
    "zh": "Zuid-Holland",
    "zeeland": "Zeeland",
    "noord brabant": "Noord-Brabant",
    "brabant": "Noord-Brabant",
    "limburg": "Limburg",
}


@dataclass(frozen=True)
class Place:
    """A current municipality."""

    code: str
    name: str
    province: str


@dataclass(frozen=True)
class Hit:
    """One way a normalised key points at a municipality."""

    code: str
    kind: str


@dataclass
class Token:
    """A word of the input: normalised text and its place in the original."""

    norm: str
    start: int
    end: int


@dataclass
class Match:
    """A stretch of tokens whose text is a known key."""

    start: int
    end: int
    key: str
    hits: list[Hit]
    fuzzy: bool = False
    common: bool = False

    @property
    def rank(self) -> int:
        """Best kind of the hits (name beats alias beats former beats town)."""
        return min(KIND_RANK[h.kind] for h in self.hits)


@dataclass
class Resolution:
    """The outcome: one place (with how it was found), or candidates, or nothing."""

    place: Place | None = None
    matched_by: str | None = None
    matched_text: str | None = None
    candidates: list[Place] = field(default_factory=list)


@dataclass
class ResolverIndex:
    """Lookup tables built once from the database (or the CSV files in tests)."""

    places: dict[str, Place]
    keys: dict[str, list[Hit]]
    postcodes: dict[str, str]
    by_first: dict[str, list[str]]
    max_tokens: int


def normalise(text: str) -> str:
    """Lower case, accents removed, every non-letter/digit run made one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(TOKEN_RE.findall(plain))


def variants(name: str) -> set[str]:
    """Spellings people use for one name: with/without hyphen spaces, 's, Sint/St."""
    base = normalise(re.sub(r"\((.*?)\)", r" \1 ", name))
    out = {base, normalise(re.sub(r"\(.*?\)", " ", name))}
    for form in list(out):
        words = form.split()
        if words and words[0] in ("s", "t") and len(words) > 1:
            out.add(" ".join(words[1:]))
        out |= {form.replace("sint ", "st "), form.replace("st ", "sint ")}
    out |= {form.replace(" ", "") for form in out}
    return {v for v in out if v}


def build_index(
    places: Iterable[Place],
    aliases: Iterable[tuple[str, str]],
    former: Iterable[tuple[str, str, str]],
    towns: Iterable[tuple[str, str]],
    postcodes: Iterable[tuple[str, str]],
) -> ResolverIndex:
    """Index of every key: names, aliases (code, alias), former (name, new code, relation), towns (name, code)."""
    place_map = {p.code: p for p in places}
    keys: dict[str, list[Hit]] = {}
    entries = [(p.name, p.code, "name") for p in place_map.values()]
    entries += [(alias, code, "alias") for code, alias in aliases]
    # 'part' rows only received a few villages; the 'successor' row (or an equal split) is the answer.
    entries += [(name, code, "former") for name, code, rel in former if rel.startswith(("successor", "split"))]
    entries += [(name, code, "town") for name, code in towns]
    for name, code, kind in entries:
        for key in variants(name):
            hits = keys.setdefault(key, [])
            if Hit(code, kind) not in hits:
                hits.append(Hit(code, kind))
    by_first: dict[str, list[str]] = {}
    for key in keys:
        by_first.setdefault(key[0], []).append(key)
    max_tokens = max((len(k.split()) for k in keys), default=1)
    return ResolverIndex(place_map, keys, dict(postcodes), by_first, max_tokens)


def tokenize(text: str) -> list[Token]:
    """Words of the text with their character spans."""
    return [Token(normalise(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def find_postcode(index: ResolverIndex, text: str) -> tuple[str, str] | None:
    """(pc4, matched text) for '9203 AB', '9203AB', a bare '9203' or 'postcode 9203'."""
    for m in POSTCODE_RE.finditer(text):
        suffix = m.group(3)
        # "2021 is" or "1200 en" are a year or an amount followed by a word, not a postcode.
        if m.group(2) and suffix.lower() in TWO_LETTER_WORDS and not suffix.isupper():
            continue
        if m.group(1) in index.postcodes:
            return m.group(1), m.group()
    for regex in (PC4_ONLY_RE, PC4_AFTER_WORD_RE):
        found = regex.search(text)
        # A bare 19xx/20xx is far more often a year than a postcode.
        year_like = regex is PC4_ONLY_RE and found is not None and found.group(1).startswith(("19", "20"))
        if found and not year_like and found.group(1) in index.postcodes:
            return found.group(1), found.group().strip()
    return None


def allowed(tokens: list[Token], start: int, end: int) -> bool:
    """A place made only of common words needs the whole message or a cue word before it."""
    words = [t.norm for t in tokens[start:end]]
    if any(w.isdigit() for w in words):
        return False
    if not all(w in COMMON_WORDS or len(w) <= 2 for w in words):
        return True
    if len(tokens) == end - start:
        return True
    cue = start > 0 and tokens[start - 1].norm in PLACE_CUES
    return cue and not any(w in ARTICLE_LIKE for w in words)


def exact_matches(index: ResolverIndex, tokens: list[Token]) -> list[Match]:
    """Every window of tokens (also glued together) that is a known key."""
    found = []
    for size in range(min(index.max_tokens, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            words = [t.norm for t in tokens[start : start + size]]
            for key in {" ".join(words), "".join(words)}:
                if key in index.keys and allowed(tokens, start, start + size):
                    common = all(t.norm in COMMON_WORDS for t in tokens[start : start + size])
                    found.append(Match(start, start + size, key, index.keys[key], common=common))
    return found


def fuzzy_matches(index: ResolverIndex, tokens: list[Token]) -> list[Match]:
    """Misspelt keys: windows of >= 5 letters, same first letter, few edits away."""
    found = []
    for size in range(min(3, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            words = [t.norm for t in tokens[start : start + size]]
            if not fuzzy_candidate(words):
                continue
            word = " ".join(words)
            keys, _ = closest(word, index.by_first.get(word[0], []))
            hits = list(dict.fromkeys(h for k in keys for h in index.keys[k]))
            if hits:
                found.append(Match(start, start + size, keys[0], hits, fuzzy=True))
    return found


def fuzzy_candidate(words: list[str]) -> bool:
    """Only unusual words are worth a typo search: never numbers or everyday Dutch."""
    if any(w.isdigit() for w in words) or len(" ".join(words)) < MIN_FUZZY_LENGTH:
        return False
    if len(words) == 1:
        return words[0] not in COMMON_WORDS
    return words[-1] not in COMMON_WORDS and any(len(w) >= 4 and w not in COMMON_WORDS for w in words)


def choose(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches, longest and best-ranked first."""
    chosen: list[Match] = []
    for m in sorted(
        matches, key=lambda m: (m.fuzzy, m.common, m.key in PROVINCES, -(m.end - m.start), m.rank, m.start)
    ):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return chosen


def context(
    index: ResolverIndex, tokens: list[Token], primary: Match, others: list[Match]
) -> tuple[set[str], set[str]]:
    """Provinces and municipality codes mentioned outside the primary match."""
    words = [t.norm for i, t in enumerate(tokens) if not primary.start <= i < primary.end]
    provinces = {PROVINCES[w] for w in words if w in PROVINCES}
    provinces |= {PROVINCES[f"{a} {b}"] for a, b in itertools.pairwise(words) if f"{a} {b}" in PROVINCES}
    codes = {m.hits[0].code for m in others if len({h.code for h in m.hits}) == 1}
    return provinces, codes


def unique(codes: Iterable[str]) -> list[str]:
    """Codes without repeats, first occurrence first."""
    return list(dict.fromkeys(codes))


def decide(index: ResolverIndex, tokens: list[Token], text: str, chosen: list[Match]) -> Resolution:
    """One place when the words point at one; otherwise the candidates."""
    primary = chosen[0]
    matched_text = text[tokens[primary.start].start : tokens[primary.end - 1].end]
    provinces, codes = context(index, tokens, primary, chosen[1:])
    all_codes = unique(h.code for h in primary.hits)
    hinted = [c for c in all_codes if c in codes or index.places[c].province in provinces]
    best = unique(h.code for h in primary.hits if KIND_RANK[h.kind] == primary.rank)
    pick = hinted if len(hinted) == 1 else best if len(best) == 1 else None
    if pick is None:
        return Resolution(candidates=[index.places[c] for c in (hinted or best)])
    kind = (
        "fuzzy"
        if primary.fuzzy
        else next(h.kind for h in sorted(primary.hits, key=lambda h: KIND_RANK[h.kind]) if h.code == pick[0])
    )
    return Resolution(index.places[pick[0]], kind, matched_text)


def resolve(index: ResolverIndex, text: str) -> Resolution:
    """Resolve free text to a municipality (see the module docstring for what counts)."""
    postcode = find_postcode(index, text)
    if postcode:
        return Resolution(index.places[index.postcodes[postcode[0]]], "postcode", postcode[1])
    tokens = tokenize(text)
    matches = exact_matches(index, tokens) or fuzzy_matches(index, tokens)
    if not matches:
        return Resolution()
    return decide(index, tokens, text, choose(matches))
