"""The municipal desks' two files: the register's gemeente_contact.csv and the admins' openingstijden.yml.

The CSV is a copy of columns of the Register van Overheidsorganisaties, kept in the register's own
way of writing (dates DD-MM-YYYY, area codes in brackets), so a newer export can be copied over it.
Reading turns a number into the way people dial it, which is what the phone rule and the admin
accept; writing gives the file back in the same columns and date format.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .registry import DESK
from .rules import FieldError
from .validate import Problems, check_record, list_of, opening_period

CONTACT_FILE = "gemeente_contact.csv"
HOURS_FILE = "openingstijden.yml"
COLUMNS = ("code", "phone", "email", "website", "visit_address", "appointment_url", "verified")
REGISTER_DATE = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")
check_hours = list_of(opening_period)


def register_phone(raw: str) -> str:
    """'(0512) 58 12 34' -> '0512 58 12 34'; the 14-numbers '(014) 030' and '0140529' -> '14 030', '14 0529'."""
    digits = re.sub(r"[^0-9]", "", raw)
    # No Dutch area code starts with 014: the register wrote a 14 + area code number with a leading 0.
    if digits.startswith("014") and len(digits) in (6, 7):
        return f"14 {digits[3:]}"
    return " ".join(raw.replace("(", " ").replace(")", " ").split())


def register_email(raw: str) -> str | None:
    """The register's e-mail column; None for the contact-form links some municipalities put there."""
    # Delft, Leiden and Vlaardingen give a web page (https://...) instead of an address; the website stands for it.
    return None if raw.lower().startswith(("http://", "https://")) else raw


def register_date(raw: str) -> dt.date:
    """'13-04-2026' (the register's way) -> a date."""
    match = REGISTER_DATE.fullmatch(raw)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass  # 31-02-2026: the right shape, not a day
    raise FieldError(f"must be a date DD-MM-YYYY as the register writes it, got {raw!r}")


def hours_by_code(raw: Any, problems: Problems) -> dict[str, list[dict[str, Any]]]:
    """openingstijden.yml: {opening_hours: {GMxxxx: [rules]}}, checked; {} when the file is absent (raw None)."""
    where = f"gebieden/{HOURS_FILE}"
    if raw is None:
        return {}
    mapping = raw.get("opening_hours") if isinstance(raw, dict) else None
    if not isinstance(mapping, dict):
        problems.add(where, "must contain a mapping 'opening_hours: {GMxxxx: [rules]}'")
        return {}
    hours = {}
    for code, rules in mapping.items():
        try:
            hours[str(code)] = check_hours(rules)
        except FieldError as exc:
            problems.add(where, f"opening hours of {code!r}: {exc}")
    return hours


def desk_record(row: dict[str, str], hours: list[dict[str, Any]], problems: Problems) -> dict[str, Any] | None:
    """One CSV row (and the desk's hours) as a checked record; None (and a problem) when invalid."""
    where = f"gebieden/{CONTACT_FILE}: desk {row['code']!r}"
    raw: dict[str, Any] = {c: (row[c] or "").strip() or None for c in COLUMNS}
    raw["phone"] = register_phone(raw["phone"]) if raw["phone"] else None
    raw["email"] = register_email(raw["email"]) if raw["email"] else None
    try:
        raw["verified"] = register_date(raw["verified"]) if raw["verified"] else None
    except FieldError as exc:
        problems.add(where, f"field 'verified': {exc}")
        return None
    return check_record(problems, where, raw | {"opening_hours": hours}, DESK)


def desk_records(rows: list[dict[str, str]], raw_hours: Any, problems: Problems) -> list[dict[str, Any]]:
    """Every desk of the CSV with its hours; each municipality once, hours only for a desk in the CSV."""
    hours = hours_by_code(raw_hours, problems)
    records, seen = [], set()
    for row in rows:
        if row["code"] in seen:
            problems.add(f"gebieden/{CONTACT_FILE}: desk {row['code']!r}", "field 'code': duplicate municipality code")
            continue
        seen.add(row["code"])
        record = desk_record(row, hours.get(row["code"], []), problems)
        if record is not None:
            records.append(record)
    for code in sorted(set(hours) - seen):
        problems.add(f"gebieden/{HOURS_FILE}", f"no desk for {code!r} in {CONTACT_FILE}")
    return records


def contact_row(desk: dict[str, Any]) -> dict[str, str]:
    """A desk record as a CSV row of the register's columns (empty text for no value)."""
    verified = desk["verified"]
    row = {c: "" if desk[c] is None else str(desk[c]) for c in COLUMNS}
    return row | {"verified": verified.strftime("%d-%m-%Y") if verified else ""}


def hours_document(desks: list[dict[str, Any]]) -> dict[str, Any]:
    """openingstijden.yml's content: the desks whose hours are known, by code."""
    return {"opening_hours": {d["code"]: d["opening_hours"] for d in desks if d["opening_hours"]}}
