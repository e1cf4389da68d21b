"""Personal data out of what a resident writes: pure helpers, no Rasa.

``redact(text)`` replaces, in this order:

- IBANs with a valid mod-97 check (python-stdnum ``stdnum.iban``) -> ``[IBAN]``
- e-mail addresses -> ``[E-MAIL]``
- a date of birth -> ``[GEBOORTEDATUM]``: a full date (day, month, year) after
  "geboren"/"geboortedatum", or any full date whose year lies 14 or more years
  back (no resident of a recent scheme date is 14 years old; "per 1 juli 2022" stays)
- phone numbers valid for the Netherlands or with a country code
  (phonenumbers' ``PhoneNumberMatcher``, region NL, leniency VALID) -> ``[TELEFOON]``
- BSNs with a valid 11-check (``stdnum.nl.bsn``; 9 digits, dots, spaces or dashes
  between groups allowed) -> ``[BSN]``
- a postcode with a house number ("1234 AB 12", "Kerkstraat 12, 1234 AB") -> ``1234 [ADRES]``:
  the four digits stay, since they name a district of thousands of addresses and the bot
  needs them to find the municipality; a postcode alone stays
- the name after "ik heet" or "mijn naam is": the next word, and after it
  capitalised words and Dutch infixes (van, de, el, ...) -> ``[NAAM]``

A number with a wrong check digit (BSN 123456789, an IBAN with a typo) is not
one and stays. The Dutch de-identifier ``deduce`` was tried for names, dates and
addresses: 3.x needs ``regex>=2024.11`` and Rasa 3.6 pins ``regex<2022.11``;
2.5.0 fits but builds its lookup lists on every start (about 60 s of CPU here),
so the three rules above are small and written out instead.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import phonenumbers
from stdnum import iban
from stdnum.nl import bsn

BSN, IBAN, PHONE, EMAIL, BIRTH, ADDRESS, NAME = (
    "[BSN]", "[IBAN]", "[TELEFOON]", "[E-MAIL]", "[GEBOORTEDATUM]", "[ADRES]", "[NAAM]")

_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")
_IBAN_TAIL = re.compile(r"(?: ?[A-Za-z0-9])+")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_BSN = re.compile(r"(?<![\w.-])\d(?:[ .-]?\d){7,8}(?![\w]|[.-]\d)")
# A postcode: four digits and two letters, not a number and a short word ("1234 of").
_SHORT_WORD = r"(?i:of|en|in|op|om|is|te|de|al|na|nu|er|ik|je|we|ze|zo|uw|ca)(?![A-Za-z])"
_PC = rf"(?<![\w-])[1-9]\d{{3}}(?:(?! ?{_SHORT_WORD}) ?[A-Za-z]{{2}})"
_PC4 = re.compile(r"[1-9]\d{3}(?= ?[A-Za-z]{2})")
_NUMBER = r"(?<![\w-])\d{1,5}(?: ?[A-Za-z](?![A-Za-z]))?"
_ADDRESS = re.compile(
    rf"(?<![\w])(?:(?:[A-Za-z][\w'.-]*\s+)?{_NUMBER}\s*,?\s*{_PC}(?![A-Za-z])"
    rf"|{_PC}\s*,?\s*(?:(?:nr\.?|nummer|huisnummer)\s*)?{_NUMBER})(?![\w])")
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
           "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_DATE = re.compile(
    rf"(?<![\w])(?P<birth>(?i:geboren(?:\s+(?:op|in))?|geboortedatum:?)\s+)?"
    rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?P<y1>\d{{4}})|\d{{1,2}}\s+(?i:{_MONTHS})\.?\s+(?P<y2>\d{{4}}))(?![\w])")
_INFIX = r"(?i:van|de|der|den|het|ter|ten|te|el|al|la|le|di|da|du|op|in|'t)"
_NAME = re.compile(
    rf"(?P<lead>(?i:\bik\s+heet|\bmijn\s+naam\s+is)\s+)"
    rf"(?P<name>(?:{_INFIX}\s+)*[^\s,.!?;:]+(?:\s+(?:{_INFIX}\s+)*[A-Z][^\s,.!?;:]*)*)")
BIRTH_YEARS_BACK = 14


def _ibans(text: str) -> str:
    out, pos = [], 0
    for start in _IBAN_START.finditer(text):
        if start.start() < pos:
            continue
        tail = _IBAN_TAIL.match(text, start.end())
        if not tail:
            continue
        candidate = text[start.start():tail.end()]
        # The longest prefix that is a valid IBAN and ends at a word's end.
        for end in range(len(candidate), 0, -1):
            piece = candidate[:end]
            nxt = candidate[end:end + 1]
            if not piece[-1].isspace() and not nxt.isalnum() and iban.is_valid(piece):
                out.append(text[pos:start.start()] + IBAN)
                pos = start.start() + end
                break
    return "".join(out) + text[pos:]


def _bsns(text: str) -> str:
    return _BSN.sub(lambda m: BSN if bsn.is_valid(re.sub(r"\D", "", m.group())) else m.group(), text)


def _dates(text: str, today: dt.date | None = None) -> str:
    latest = (today or dt.date.today()).year - BIRTH_YEARS_BACK

    def replace(match: re.Match[str]) -> str:
        year = int(match.group("y1") or match.group("y2"))
        if match.group("birth"):
            return match.group("birth") + BIRTH
        return BIRTH if 1900 <= year <= latest else match.group()

    return _DATE.sub(replace, text)


def _phones(text: str) -> str:
    matches = list(phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID))
    for match in reversed(matches):
        text = text[:match.start] + PHONE + text[match.end:]
    return text


def _address(match: re.Match[str]) -> str:
    """An address as its postcode's four digits and the placeholder: '9201 [ADRES]'."""
    pc4 = _PC4.search(match.group())
    return f"{pc4.group()} {ADDRESS}" if pc4 else ADDRESS


def redact(text: str, today: dt.date | None = None) -> str:
    """The text with personal data replaced by placeholders such as ``[BSN]``."""
    if not text:
        return text
    text = _ibans(text)
    text = _EMAIL.sub(EMAIL, text)
    text = _dates(text, today)
    text = _phones(text)
    text = _bsns(text)
    text = _ADDRESS.sub(_address, text)
    return _NAME.sub(lambda m: m.group("lead") + NAME, text)


def redact_value(value: Any) -> Any:
    """Every string inside a value (dicts, lists) redacted; other values as they are."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact_value(item) for item in value)
    return value


def redact_parse_data(parse_data: dict[str, Any]) -> dict[str, Any]:
    """A copy of an NLU result whose text and entities hold no personal data.

    An entity found inside personal data (the town "Vries" in "Jan de Vries") is
    dropped: its words are gone from the redacted text; a postcode of a redacted
    address keeps its four digits. Other entity values are redacted.
    """
    clean = dict(parse_data)
    text = clean.get("text")
    original: str = text if isinstance(text, str) else ""
    redacted = redact(original)
    clean["text"] = redacted if original else clean.get("text")
    kept = []
    for entity in clean.get("entities") or []:
        if not isinstance(entity, dict):
            continue
        start, end = entity.get("start"), entity.get("end")
        words = original[start:end] if isinstance(start, int) and isinstance(end, int) else ""
        if words and words not in redacted:
            pc4 = _PC4.match(words)
            if pc4 and pc4.group() in redacted:  # a postcode of a redacted address: its district stays
                kept.append({**entity, "value": pc4.group()})
            continue
        kept.append({**entity, "value": redact_value(entity.get("value"))})
    if "entities" in clean:
        clean["entities"] = kept
    return clean
