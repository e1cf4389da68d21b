"""Postcodes anywhere in a sentence, told apart from amounts, years, house and phone numbers."""

from __future__ import annotations

import re
from collections.abc import Callable

from .dutch_words import AMOUNT_AFTER, AMOUNT_BEFORE, PLACE_CUES, STREET_ENDINGS, TWO_LETTER_WORDS, words

POSTCODE6_RE = re.compile(r"(?<![\d.,])([1-9]\d{3})(\s?)([A-Za-z]{2})(?![A-Za-z0-9])")
NAMED_RE = re.compile(r"\b(?:postcode|postcodegebied|pc)\b\W*(?:is\W+|=\W*)?([1-9]\d{3})(?![\d]|[.,]\d)", re.I)
BARE_RE = re.compile(r"(?<![\w.,€$+/-])([1-9]\d{3})(?![\w%€]|[.,/-]\d|,-|\.-)")
WORD_RE = re.compile(r"[^\W_]+")
# Signs that a message gives a postcode somewhere ("mijn postcode weet ik niet ...").
POSTCODE_WORD_RE = re.compile(r"\bpostcode", re.I)
# Words that may follow a postcode and still be an amount (a verb: "3000 heb ik nodig").
VERB_AFTER = words("heb had hebben moet moest kost kostte krijg kreeg kwijt betaal betaald")

# Words after a number that always make it an amount or a count.
UNITS = words("euro eur euros e k duizend miljoen procent pct netto bruto per pm km uur keer x")

Found = tuple[str, str]


def year_like(digits: str) -> bool:
    """19xx and 20xx are far more often a year than a postcode."""
    return digits.startswith(("19", "20"))


def word_before(text: str, start: int) -> str:
    """The word just before `start`, lower case ('' at the start or after punctuation)."""
    before = text[:start].rstrip(" ")
    if not before or not (before[-1].isalnum() or before[-1] in "€$"):
        return ""
    if before[-1] in "€$":
        return "eur"
    found = WORD_RE.findall(before[-40:])
    return found[-1].lower() if found else ""


def word_after(text: str, end: int) -> str:
    """The word just after `end`, lower case ('' at the end or before punctuation)."""
    after = text[end:].lstrip(" ")
    if after[:1] in ("€", "$"):
        return "eur"
    found = WORD_RE.match(after)
    return found.group().lower() if found else ""


def amount_context(text: str, start: int, end: int) -> bool:
    """The number reads as an amount, year, count, house or phone number."""
    before, after = word_before(text, start), word_after(text, end)
    if before in AMOUNT_BEFORE or before.isdigit() or after.isdigit():
        return True
    if any(before.endswith(ending) and len(before) > len(ending) for ending in STREET_ENDINGS):
        return True
    if after in UNITS:
        return True
    # After "in"/"uit" a link word ("ik woon in 3511 en ...") does not make the number an amount.
    return before not in PLACE_CUES and (after in AMOUNT_AFTER or after in VERB_AFTER)


def find_postcode6(text: str, known: dict[str, str]) -> Found | None:
    """'9203 AB' or '9203ab' anywhere (not '2021 is' or '1200 en')."""
    for m in POSTCODE6_RE.finditer(text):
        suffix = m.group(3)
        if suffix.lower() in TWO_LETTER_WORDS and not suffix.isupper():
            continue
        if word_before(text, m.start()) in ("eur", "euro") or m.group(1) not in known:
            continue
        return m.group(1), m.group()
    return None


def find_named(text: str, known: dict[str, str]) -> Found | None:
    """'postcode 3511', 'mijn postcode is 3511', 'pc: 3511'."""
    for m in NAMED_RE.finditer(text):
        if m.group(1) in known:
            return m.group(1), m.group()
    return None


def find_bare(text: str, known: dict[str, str], is_place: Callable[[str], bool]) -> Found | None:
    """A four-digit postcode said in passing ('9712 student, ...', 'ik woon in 3511')."""
    named = POSTCODE_WORD_RE.search(text) is not None
    alone = text.strip(" .,!?;:'\"()").isdigit()
    for m in BARE_RE.finditer(text):
        digits = m.group(1)
        if digits not in known or year_like(digits):
            continue
        if alone:
            return digits, digits
        if amount_context(text, m.start(), m.end()):
            continue
        before = word_before(text, m.start())
        # After a label ("schuld: 5000") a number is that label's value, not a postcode.
        free = before == "" and not text[: m.start()].rstrip().endswith(":")
        if named or free or before in PLACE_CUES or is_place(word_after(text, m.end())):
            return digits, digits
    return None


def find_postcode(text: str, known: dict[str, str], is_place: Callable[[str], bool]) -> Found | None:
    """(pc4, matched text) of the first postcode in the text, full postcodes first."""
    return find_postcode6(text, known) or find_named(text, known) or find_bare(text, known, is_place)
