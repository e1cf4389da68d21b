"""Form field parsing with Dutch error messages, and opening hours as simple text lines.

Every parser takes the raw form text and returns the value in the shape the audit log
stores (dates as ISO text, empty as None) or raises FieldError with a Dutch message.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..answering.hours import RuleSyntaxError, day_runs, parse_rule

PHONE_RE = re.compile(r"^[0-9 +-]{3,20}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
CODE_RE = re.compile(r"^GM\d{4}$")
# Dutch day abbreviations as editors write them (mo..su in the data, see hours.py).
DAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
HOURS_EXAMPLE = "schrijf zoals 'ma-vr 09:00-17:00' of 'za 10:00-12:00'"
# Dutch messages for the problems hours.parse_rule reports; {} is the bad part.
RULE_MESSAGES = {
    "format": HOURS_EXAMPLE,
    "day": "onbekende dag '{}' (gebruik ma, di, wo, do, vr, za, zo)",
    "day_order": "'{}': de eerste dag moet vóór de laatste komen",
}


class FieldError(ValueError):
    """A Dutch message about one form field."""


def text(raw: str | None, label: str, required: bool = False, max_length: int = 5000) -> str | None:
    """Trimmed text; None when empty."""
    value = (raw or "").strip().replace("\r\n", "\n")
    if not value:
        if required:
            raise FieldError(f"{label} is verplicht.")
        return None
    if len(value) > max_length:
        raise FieldError(f"{label} is te lang: hoogstens {max_length} tekens.")
    return value


def date(raw: str | None, label: str, required: bool = False) -> str | None:
    """A date JJJJ-MM-DD (ISO text), not in the future."""
    value = text(raw, label, required)
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError(f"{label}: schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2021-10-01.") from None
    if day > dt.date.today():
        raise FieldError(f"{label} ligt in de toekomst.")
    return day.isoformat()


def https_url(raw: str | None, label: str = "Website") -> str | None:
    """An https:// link without spaces."""
    value = text(raw, label, max_length=500)
    if value is not None and not re.match(r"^https://[^\s/]+\.[^\s]+$", value):
        raise FieldError(f"{label} moet beginnen met https:// en mag geen spaties hebben.")
    return value


def phone(raw: str | None) -> str | None:
    """A phone number as people dial it."""
    value = text(raw, "Telefoonnummer", max_length=40)
    if value is not None and (not PHONE_RE.match(value) or not re.search(r"\d{3}", value.replace(" ", ""))):
        raise FieldError("Telefoonnummer: gebruik alleen cijfers, spaties, + en -.")
    return value


def email(raw: str | None) -> str | None:
    """An e-mail address."""
    value = text(raw, "E-mailadres", max_length=200)
    if value is not None and not EMAIL_RE.match(value):
        raise FieldError("E-mailadres klopt niet. Schrijf het zoals info@gemeente.nl.")
    return value


def choices(values: list[str], allowed: set[str], label: str) -> list[str]:
    """Chosen ids, each known, each once, in the order given."""
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise FieldError(f"{label}: onbekend: {', '.join(unknown)}.")
    return list(dict.fromkeys(values))


def gm_codes(raw: str | None, known: set[str]) -> list[str]:
    """GM codes separated by commas, spaces or new lines; each must be a current municipality."""
    codes = [c.upper() for c in re.split(r"[\s,;]+", raw or "") if c]
    bad = [c for c in codes if not CODE_RE.match(c)]
    if bad:
        raise FieldError(f"Gemeentecode {bad[0]} klopt niet. Een code ziet eruit als GM0363.")
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise FieldError(f"Gemeentecode {', '.join(unknown)} is onbekend (geen huidige gemeente).")
    if not codes:
        raise FieldError("Kies landelijk of vul minstens één gemeentecode in.")
    return list(dict.fromkeys(codes))


def hours_rule(line: str) -> dict[str, Any]:
    """'ma-vr 09:00-17:00' -> {'days': [mo..fr], 'opens': '09:00', 'closes': '17:00'}."""
    try:
        rule = parse_rule(line, DAYS_NL)
    except RuleSyntaxError as exc:
        raise FieldError(RULE_MESSAGES[exc.problem].format(exc.text)) from None
    opens, closes = rule["opens"], rule["closes"]
    if not TIME_RE.match(opens) or not TIME_RE.match(closes) or opens >= closes:
        raise FieldError(f"tijd {opens}-{closes} klopt niet: de begintijd moet vóór de eindtijd liggen")
    return rule


def opening_hours(raw: str | None) -> list[dict[str, Any]]:
    """One rule per line; an empty field means 'unknown' (an empty list)."""
    rules = []
    for number, line in enumerate((raw or "").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rules.append(hours_rule(line))
        except FieldError as exc:
            raise FieldError(f"Openingstijden regel {number}: {exc}.") from None
    return rules


def days_text(days: list[str]) -> str:
    """[mo, tu, we, th, fr] -> 'ma-vr'; [mo, we] -> 'ma,wo'."""
    runs = day_runs(days)
    return ",".join(DAYS_NL[r[0]] if len(r) == 1 else f"{DAYS_NL[r[0]]}-{DAYS_NL[r[-1]]}" for r in runs)


def hours_text(rules: list[dict[str, Any]]) -> str:
    """Structured hours back to the lines an editor types."""
    return "\n".join(f"{days_text(r['days'])} {r['opens']}-{r['closes']}" for r in rules)
