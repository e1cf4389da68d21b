"""Finds the municipality in free text: names, aliases, districts, former names, towns, postcodes, typos.

Every message goes through resolve(), so a name counts only where it is meant as a place:
everyday words that are also place names ("best", "buren") need a clear sign (signals.py),
numbers count as postcodes only outside amounts, years, house and phone numbers (postcodes.py),
and only unusual words (wordfreq, frequency.py) are searched for typos.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dutch_words import COMMON_WORDS, NAME_GLUE, ORDINARY_PLACE_WORDS, PROVINCES
from .frequency import RARE, zipf
from .fuzzy import MIN_FUZZY_LENGTH, closest, max_distance
from .postcodes import find_postcode as find_postcode_in
from .signals import ALWAYS, ARTICLES, CLEAR, Token, allowed, capital_meaningful, need_of, own_place

KIND_RANK = {"name": 0, "alias": 1, "former": 2, "town": 3}
TOKEN_RE = re.compile(r"[^\W_]+")
SENTENCE_END = '.!?:;\n("“'
# Never a place on their own: the country and provinces that are no municipality ("in Zeeland").
NOT_PLACES = frozenset({"nederland", "holland", "zeeland", "friesland", "brabant", "limburg", "drenthe"})


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
class Match:
    """A stretch of tokens whose text is a known key."""

    start: int
    end: int
    key: str
    hits: list[Hit]
    fuzzy: bool = False
    need: int = ALWAYS
    own: bool = False

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
    max_tokens: int
    needs: dict[str, int] = field(default_factory=dict)
    # Typo targets by first letter and length, so a typo is compared with few keys.
    typo_targets: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    def is_place(self, word: str) -> bool:
        """A word that names a place without doubt (used to read '3511 Utrecht' as a postcode)."""
        return word in self.keys and self.needs.get(word, ALWAYS) != CLEAR


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
        # "Ouderkerk a/d Amstel" for "Ouderkerk aan de Amstel".
        out |= {re.sub(r" aan den? ", " a d ", form)}
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
        for key in variants(name) - NOT_PLACES:
            hits = keys.setdefault(key, [])
            if Hit(code, kind) not in hits:
                hits.append(Hit(code, kind))
    max_tokens = max((len(k.split()) for k in keys), default=1)
    needs = key_needs(keys)
    return ResolverIndex(place_map, keys, dict(postcodes), max_tokens, needs, typo_targets(needs))


def typo_targets(needs: dict[str, int]) -> dict[tuple[str, int], list[str]]:
    """Keys a typo may stand for (no everyday words), by first letter and length."""
    targets: dict[tuple[str, int], list[str]] = {}
    for key, need in needs.items():
        if need != CLEAR and len(key) >= MIN_FUZZY_LENGTH:
            targets.setdefault((key[0], len(key)), []).append(key)
    return targets


def key_needs(keys: dict[str, list[Hit]]) -> dict[str, int]:
    """What each key needs to count; a glued key ("dewijk") needs what its spaced form needs."""
    needs = {key: need_of(key, all(h.kind == "town" for h in hits)) for key, hits in keys.items()}
    for key in keys:
        glued = key.replace(" ", "")
        if glued != key and glued in needs:
            needs[glued] = max(needs[glued], needs[key])
    return needs


def tokenize(text: str) -> list[Token]:
    """Words of the text with their character spans and how they were written."""
    tokens = []
    for m in TOKEN_RE.finditer(text):
        before = text[: m.start()].rstrip()
        first = not before or before[-1] in SENTENCE_END
        tokens.append(Token(normalise(m.group()), m.start(), m.end(), m.group()[0].isupper(), first))
    return tokens


def find_postcode(index: ResolverIndex, text: str) -> tuple[str, str] | None:
    """(pc4, matched text) for '9203 AB', '9203AB', 'postcode 9203' or a 4-digit postcode said in passing."""
    return find_postcode_in(text, index.postcodes, index.is_place)


def exact_matches(index: ResolverIndex, tokens: list[Token], capitals: bool) -> list[Match]:
    """Every window of tokens (also glued together) that is a known key meant as a place."""
    found = []
    for size in range(min(index.max_tokens, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            words = [t.norm for t in tokens[start : start + size]]
            for key in {" ".join(words), "".join(words)}:
                need = index.needs.get(key, ALWAYS)
                if key in index.keys and allowed(tokens, start, start + size, need, capitals):
                    own = own_place(tokens, start)
                    found.append(Match(start, start + size, key, index.keys[key], need=need, own=own))
    return found


def fuzzy_matches(index: ResolverIndex, tokens: list[Token], capitals: bool) -> list[Match]:
    """Misspelt keys: unusual words of >= 5 letters, same first letter, few edits away."""
    found = []
    for size in range(min(3, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            words = [t.norm for t in tokens[start : start + size]]
            if not fuzzy_candidate(words):
                continue
            word = " ".join(words)
            limit = max_distance(len(word))
            lengths = range(len(word) - limit, len(word) + limit + 1)
            keys, _ = closest(word, [k for n in lengths for k in index.typo_targets.get((word[0], n), [])])
            hits = list(dict.fromkeys(h for k in keys for h in index.keys[k]))
            # A short word is a typo of a place only where a place is expected ("gemeente utrech").
            need = ALWAYS if len(word) > 6 else CLEAR
            if hits and allowed(tokens, start, start + size, need, capitals):
                found.append(Match(start, start + size, keys[0], hits, fuzzy=True))
    return found


def fuzzy_candidate(words: list[str]) -> bool:
    """Only unusual words are worth a typo search: never numbers or words people often write."""
    if any(w.isdigit() for w in words) or len(" ".join(words)) < MIN_FUZZY_LENGTH:
        return False
    # A name may start with an article ("den bosh") but never ends in a link word.
    if words[-1] in NAME_GLUE or (words[0] in NAME_GLUE and words[0] not in ARTICLES):
        return False
    content = [w for w in words if w not in NAME_GLUE]
    if any(w in COMMON_WORDS or w in ORDINARY_PLACE_WORDS for w in content):
        return False
    return any(zipf(w) < RARE for w in content)


def choose(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches, longest and best-ranked first."""
    chosen: list[Match] = []
    # The writer's own place ("ik woon in ...") before a place named for someone else.
    order = sorted(
        matches, key=lambda m: (m.fuzzy, not m.own, m.need, m.key in PROVINCES, m.start - m.end, m.rank, m.start)
    )
    for m in order:
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
    """Resolve free text to a municipality: a postcode first, then names, towns and districts, then typos."""
    postcode = find_postcode(index, text)
    if postcode:
        return Resolution(index.places[index.postcodes[postcode[0]]], "postcode", postcode[1])
    tokens = tokenize(text)
    capitals = capital_meaningful(text)
    matches = exact_matches(index, tokens, capitals) or fuzzy_matches(index, tokens, capitals)
    if not matches:
        return Resolution()
    return decide(index, tokens, text, choose(matches))
