"""B1 hints for texts residents read: long sentences and long words (advice, never a blocker)."""

from __future__ import annotations

import re

MAX_SENTENCE_WORDS = 15
MAX_WORD_LETTERS = 14
# More than this share of long sentences (and at least two) makes a text hard to read as a whole.
MAX_LONG_SHARE = 1 / 3
# Long words residents know, or names we cannot shorten.
LONG_WORD_WHITELIST = frozenset(
    {
        "belastingdienst",
        "zelfmoordpreventie",
        "schuldhulpverlening",
        "huiselijk",
        "rijksoverheid",
        "overbruggingsregeling",
        "telefoonnummer",
        "woonlastenfonds",
        "uitkeringsinstantie",
    }
)
SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
URL_OR_MAIL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


def sentences(text: str) -> list[str]:
    """The sentences of a text (split after . ? ! and at line breaks)."""
    return [s for s in (part.strip() for part in SENTENCE_END.split(text)) if s]


def words(sentence: str) -> list[str]:
    """The words of a sentence, without links, e-mail addresses and numbers."""
    return WORD.findall(URL_OR_MAIL.sub(" ", sentence))


def long_words(text: str) -> list[str]:
    """Words over MAX_WORD_LETTERS letters, not whitelisted, each once, in order."""
    found = [w for w in words(text) if len(w.replace("-", "")) > MAX_WORD_LETTERS]
    return list(dict.fromkeys(w for w in found if w.lower() not in LONG_WORD_WHITELIST))


def b1_hints(text: str | None) -> list[str]:
    """Dutch hints for a resident text; an empty list when it reads well."""
    parts = sentences(text or "")
    hints = []
    counts = [len(words(s)) for s in parts]
    for number, count in enumerate(counts, start=1):
        if count > MAX_SENTENCE_WORDS:
            hints.append(f"Zin {number} heeft {count} woorden. Maak hem korter.")
    for word in long_words(text or ""):
        hints.append(f"Het woord '{word}' is lang. Kies een korter woord of splits het.")
    long_count = sum(c > MAX_SENTENCE_WORDS for c in counts)
    if long_count >= 2 and long_count / len(counts) > MAX_LONG_SHARE:
        hints.append(f"{long_count} van de {len(counts)} zinnen zijn lang. Schrijf meer korte zinnen.")
    return hints
