"""The rules of catalogue values, written once: the data files, the admin forms, the API and its document use them.

Patterns are anchored with fullmatch and use [0-9], not \\d, so Python and JSON Schema read them alike.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import shortnumberinfo

GM_CODE = re.compile(r"GM[0-9]{4}")
IDENTIFIER = re.compile(r"[a-z0-9_]{1,64}")
SERVICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]|24:00")
PARTIAL_DATE = re.compile(r"(19|20)[0-9]{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
# The data files keep some older http links; editors add https ones only.
URL = re.compile(r"https?://\S+")
HTTPS_URL = re.compile(r"https://[^\s/]+\.\S+")
# A postcode as the API takes it: 9203, 9203AB or 9203 AB.
POSTCODE = re.compile(r"[1-9][0-9]{3} ?([A-Za-z]{2})?")
PHONE_CHARACTERS = re.compile(r"[0-9 +-]+")
# libphonenumber's Dutch short numbers lack 113 (suicide prevention), which residents are told to call.
EXTRA_SHORT_NUMBERS = {"113"}
STATUSES = ("active", "ended")
DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


class FieldError(ValueError):
    """A value that does not fit its field; the message is for whoever wrote it (English in files, Dutch in forms)."""


def json_pattern(regex: re.Pattern[str]) -> str:
    """The regex as an anchored JSON Schema pattern."""
    return f"^({regex.pattern})$"


def is_gm_code(value: str) -> bool:
    """A CBS municipality code like GM0090."""
    return GM_CODE.fullmatch(value) is not None


def is_identifier(value: str) -> bool:
    """A natural key of lowercase letters, digits and underscores (at most 64, the key column)."""
    return IDENTIFIER.fullmatch(value) is not None


def dialable(value: str) -> bool:
    """A number people dial in the Netherlands (full or short), valid in libphonenumber's numbering plan."""
    if value.replace(" ", "").replace("-", "") in EXTRA_SHORT_NUMBERS:
        return True
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number(number)


def is_phone(value: str) -> bool:
    """The one phone rule: only digits, spaces, + and -, and a number that can be dialled."""
    return PHONE_CHARACTERS.fullmatch(value) is not None and dialable(value)


def opens_before_closes(opens: str, closes: str) -> bool:
    """Both HH:MM (24:00 may close) and the opening first; "HH:MM" text compares like the times."""
    return TIME.fullmatch(opens) is not None and TIME.fullmatch(closes) is not None and opens < closes
