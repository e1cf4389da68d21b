"""Text normalisation for the crisis patterns and model: lower case, no accents, chat spelling.

Positions map back to the original text, so a match can be shown where it was written.
"""
from __future__ import annotations

import re
import unicodedata

# Token rewrites applied after character normalisation (chat shorthand).
_REWRITES = (
    (r"\bm n\b", "mijn"),
    (r"\bmn\b", "mijn"),
    (r"\bmijne\b", "mijn"),
    (r"\bk\b", "ik"),
    (r"\bwordt\b", "word"),
    (r"\bnie\b", "niet"),
    (r"\bmij\b", "me"),
    (r"\bmijzelf\b", "mezelf"),
    (r"\bme zelf\b", "mezelf"),
    (r"\bdon t\b", "dont"),
    (r"\bcan t\b", "cant"),
    (r"\bi m\b", "im"),
)


def _strip_accent(char: str) -> str:
    """Return the character without diacritics ("ï" -> "i")."""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _char_normalise(text: str) -> tuple[list[str], list[int]]:
    """Lowercase, strip accents, punctuation -> space, runs of 3+ letters -> 2."""
    chars: list[str] = []
    index: list[int] = []
    for pos, raw in enumerate(text):
        for char in _strip_accent(raw.lower()) or " ":
            char = char if char.isalnum() else " "
            if char == " " and (not chars or chars[-1] == " "):
                continue
            if char.isalpha() and len(chars) >= 2 and chars[-1] == chars[-2] == char:
                continue
            chars.append(char)
            index.append(pos)
    return chars, index


def _rewrite(text: str, index: list[int], pattern: str, repl: str) -> tuple[str, list[int]]:
    """Apply one token rewrite while keeping the map to original positions."""
    out, out_index, last = [], [], 0
    for match in re.finditer(pattern, text):
        out.append(text[last:match.start()])
        out_index.extend(index[last:match.start()])
        out.append(repl)
        out_index.extend([index[match.start()]] * (len(repl) - 1) + [index[match.end() - 1]])
        last = match.end()
    out.append(text[last:])
    out_index.extend(index[last:])
    return "".join(out), out_index


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return it with, per character, its original index."""
    chars, index = _char_normalise(text)
    while chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    normal = "".join(chars)
    for pattern, repl in _REWRITES:
        normal, index = _rewrite(normal, index, pattern, repl)
    return normal, index


def normalise(text: str) -> str:
    """Normalised form of ``text`` that the patterns are written against."""
    return normalise_with_map(text)[0]
