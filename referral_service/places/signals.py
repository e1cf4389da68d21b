"""Whether a stretch of words that spells a place name is meant as a place in its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dutch_words import (
    COMMON_WORDS,
    DETERMINERS,
    FIRST_NAMES,
    LIVING_VERBS,
    NAME_GLUE,
    NAME_PARTICLES,
    ORDINARY_PLACE_WORDS,
    PLACE_CUES,
    PROVINCES,
    STRONG_CUES,
    TITLES,
    words,
)
from .frequency import EVERYDAY, KNOWN, zipf

# How much a key needs before it counts (set per key when the index is built).
ALWAYS = 0  # a municipality's name, or a town no one writes as a word: "Zwolle", "Boornbergum"
SIGN = 1  # a town also known as a word: "Drachten", "Sneek" (a cue, a capital or the whole message)
CLEAR = 2  # an everyday word: "Best", "Buren", "Echt" (a clear cue, a mid-sentence capital or alone)
ARTICLES = frozenset({"de", "den", "het", "t"})
TOKEN_RE = re.compile(r"[^\W_]+")
# Words that may stand around a place in a message that gives only the place ("ik woon in Echt").
FILLER = words(
    """
    ik wij we ze hij zij u woon woont wonen woonde in uit te gemeente kom komt komen hallo hoi dag
    goedemorgen goedemiddag goedenavond is daar hier ja graag oh o eh uhm nou sinds kort al jaren
    vanuit mijn woonplaats postcode
    """
)


@dataclass
class Token:
    """A word of the input: normalised text, its place in the original, and how it was written."""

    norm: str
    start: int
    end: int
    capital: bool = False
    sentence_start: bool = False


def surname(tokens: list[Token], start: int) -> bool:
    """'meneer (J.) Van Assen', 'mevrouw De Bilt', 'ik sprak Jan van Assen': a person, not a place."""
    i = start - 1
    if i >= 0 and tokens[i].norm in ("van", "ter", "ten") and tokens[i].capital and not tokens[i].sentence_start:
        return True
    glue = tokens[start].norm in NAME_PARTICLES
    while i >= 0 and (tokens[i].norm in NAME_PARTICLES or len(tokens[i].norm) == 1) and start - i <= 4:
        glue = glue or tokens[i].norm in NAME_PARTICLES
        i -= 1
    if i < 0:
        return False
    if tokens[i].norm in TITLES:
        return True
    # A capitalised word that is no common word, then 'van': a first name ("Jan van Assen").
    first_name = tokens[i].capital and not tokens[i].sentence_start and tokens[i].norm not in COMMON_WORDS
    return glue and tokens[i + 1].norm == "van" and first_name


def alone(tokens: list[Token], start: int, end: int) -> bool:
    """The message gives only the place, perhaps with 'ik woon in' and a greeting."""
    return all(t.norm in FILLER for t in tokens[:start] + tokens[end:])


def cue(tokens: list[Token], start: int) -> str:
    """'strong' after 'gemeente'/'woonplaats', 'living' after 'woon ... in', 'weak' after 'in', else ''."""
    if start == 0:
        return ""
    before = tokens[start - 1].norm
    if before in STRONG_CUES:
        return "strong"
    if before in PLACE_CUES:
        return "living" if any(t.norm in LIVING_VERBS for t in tokens[: start - 1]) else "weak"
    return ""


def province_after(tokens: list[Token], end: int) -> bool:
    """A province follows the name ("Bergen in Noord-Holland", "Best (Brabant)"): a place is meant."""
    after = [t.norm for t in tokens[end : end + 3] if t.norm != "in"]
    return bool(after) and (after[0] in PROVINCES or " ".join(after[:2]) in PROVINCES)


def own_place(tokens: list[Token], start: int) -> bool:
    """'ik woon in X', 'wij wonen sinds kort in X', 'woon in X': the writer's own place, not someone else's."""
    for j in range(start - 1, max(start - 5, 0) - 1, -1):
        if tokens[j].norm in LIVING_VERBS:
            near = {t.norm for t in tokens[max(j - 1, 0) : j + 2]}
            return tokens[j].norm == "woon" or bool(near & {"ik", "wij", "we"})
    return False


def written_as_name(tokens: list[Token], start: int, end: int, capitals: bool) -> bool:
    """A capital on a word of the name, other than the first word of a sentence."""
    return capitals and any(t.capital and not t.sentence_start for t in tokens[start:end])


def allowed(tokens: list[Token], start: int, end: int, need: int, capitals: bool) -> bool:
    """Whether tokens[start:end], a key needing `need`, is meant as a place here."""
    if any(t.norm.isdigit() for t in tokens[start:end]) or surname(tokens, start):
        return False
    if need == ALWAYS:
        return True
    if start > 0 and tokens[start - 1].norm in DETERMINERS:
        return False
    return need == SIGN or province_after(tokens, end) or clear_sign(tokens, start, end, capitals)


def clear_sign(tokens: list[Token], start: int, end: int, capitals: bool) -> bool:
    """An everyday word as a place: after 'gemeente' or 'ik woon in', written as a name, or alone."""
    found = cue(tokens, start)
    named = written_as_name(tokens, start, end, capitals)
    words = [t.norm for t in tokens[start:end]]
    if words[0] in ARTICLES and not named:
        # "ik woon in de meern" is a place, "ik woon in de wijk" is not: the noun is an everyday word.
        rare_noun = all(zipf(w) < EVERYDAY for w in words[1:])
        return found == "strong" or (found == "living" and rare_noun) or end - start == len(tokens)
    # A function word ("een", "hem", "heel") after "woon in" is still that word ("ik woon in een flat"),
    # and a first name has its capital anyway ("ik ben Erica").
    living = found == "living" and not all(w in COMMON_WORDS for w in words)
    named = named and not all(w in FIRST_NAMES for w in words)
    return found == "strong" or living or named or alone(tokens, start, end)


def capital_meaningful(text: str) -> bool:
    """Capitals say something unless the text is mostly capitals or Every Word Starts With One."""
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) * 2 > len(letters):
        return False
    initials = [w[0] for w in TOKEN_RE.findall(text) if w[0].isalpha()]
    return len(initials) < 3 or sum(c.isupper() for c in initials) * 10 <= len(initials) * 6


def need_of(key: str, town_only: bool) -> int:
    """How much a key needs before it counts, from its words' frequencies and whether it is only a town."""
    words = key.split()
    content = [w for w in words if w not in NAME_GLUE] or words
    if all(w in ORDINARY_PLACE_WORDS or w in COMMON_WORDS or len(w) <= 2 for w in content):
        return CLEAR
    if not town_only:
        return ALWAYS
    lowest = min(zipf(w) for w in content)
    # "de hoeve", "de groeve", "de wilgen": an article and a known word read as a noun phrase.
    noun_phrase = words[0] in ARTICLES and lowest >= KNOWN
    return CLEAR if lowest >= EVERYDAY or noun_phrase else SIGN if lowest >= KNOWN else ALWAYS
