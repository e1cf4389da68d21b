"""What editors type in the admin's forms: parsed with Dutch messages, and shown back as text.

Field.parse (registry.py) trims the text and applies required and the maximum length with
`text`, then hands the non-empty text and the field's label to the field's parser here. Values
come back in the shape the audit log stores (dates as ISO text). The rules are in rules.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..answering.hours import RuleSyntaxError, day_runs, parse_rule
from . import rules
from .rules import FieldError

# Dutch day abbreviations as editors write them (mo..su in the data, see hours.py).
DAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")
HOURS_EXAMPLE = "schrijf zoals 'ma-vr 09:00-17:00' of 'za 10:00-12:00'"
# Dutch messages for the problems hours.parse_rule reports; {} is the bad part.
RULE_MESSAGES = {
    "format": HOURS_EXAMPLE,
    "day": "onbekende dag '{}' (gebruik ma, di, wo, do, vr, za, zo)",
    "day_order": "'{}': de eerste dag moet vóór de laatste komen",
}


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


def as_is(value: str, _label: str) -> str:
    """Text needs no more than trimming."""
    return value


def date(value: str, label: str) -> str:
    """A date JJJJ-MM-DD (ISO text), not in the future."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError(f"{label}: schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2021-10-01.") from None
    if day > dt.date.today():
        raise FieldError(f"{label} ligt in de toekomst.")
    return day.isoformat()


def https_url(value: str, label: str) -> str:
    """An https:// link without spaces."""
    if not rules.HTTPS_URL.fullmatch(value):
        raise FieldError(f"{label} moet beginnen met https:// en mag geen spaties hebben.")
    return value


def phone(value: str, label: str) -> str:
    """A phone number as people dial it (rules.is_phone)."""
    if not rules.PHONE_CHARACTERS.fullmatch(value):
        raise FieldError(f"{label}: gebruik alleen cijfers, spaties, + en -.")
    if not rules.dialable(value):
        raise FieldError(f"{label} klopt niet. Schrijf het hele nummer, zoals 0800-8115 of 020 123 4567.")
    return value


def email(value: str, label: str) -> str:
    """An e-mail address."""
    if not rules.EMAIL.fullmatch(value):
        raise FieldError(f"{label} klopt niet. Schrijf het zoals info@gemeente.nl.")
    return value


def checkbox(value: str, label: str) -> bool:
    """A ticked checkbox (the form sends "1"; an unticked one sends nothing)."""
    if value not in ("1", "on"):
        raise FieldError(f"{label}: zet het vinkje aan of uit.")
    return True


STATUS_MISSING = "Kies of de regeling loopt of gestopt is."


def status(value: str, _label: str) -> str:
    """active or ended (radio buttons)."""
    if value not in rules.STATUSES:
        raise FieldError(STATUS_MISSING)
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
    bad = [c for c in codes if not rules.is_gm_code(c)]
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
    if not rules.opens_before_closes(opens, closes):
        raise FieldError(f"tijd {opens}-{closes} klopt niet: de begintijd moet vóór de eindtijd liggen")
    return rule


def opening_hours(value: str | None, label: str = "Openingstijden") -> list[dict[str, Any]]:
    """One rule per line; an empty field means 'unknown' (an empty list)."""
    found = []
    for number, line in enumerate((value or "").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append(hours_rule(line))
        except FieldError as exc:
            raise FieldError(f"{label} regel {number}: {exc}.") from None
    return found


def days_text(days: list[str]) -> str:
    """[mo, tu, we, th, fr] -> 'ma-vr'; [mo, we] -> 'ma,wo'."""
    runs = day_runs(days)
    return ",".join(DAYS_NL[r[0]] if len(r) == 1 else f"{DAYS_NL[r[0]]}-{DAYS_NL[r[-1]]}" for r in runs)


def hours_text(found: list[dict[str, Any]]) -> str:
    """Structured hours back to the lines an editor types."""
    return "\n".join(f"{days_text(r['days'])} {r['opens']}-{r['closes']}" for r in found)
