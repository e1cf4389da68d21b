"""Pure validation of the YAML data files (English messages); errors name file, record and field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import rules
from .rules import FieldError

if TYPE_CHECKING:
    from .registry import Entity

Converter = Callable[[Any], Any]


@dataclass
class Problems:
    """Collects every validation error, so one run reports them all."""

    errors: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        """Record one error at a location like "schemes/tozo.yml: scheme 'tozo'"."""
        self.errors.append(f"{where}: {message}")


def text(value: Any) -> str:
    """A non-empty string, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError(f"must be a non-empty text, got {value!r}")
    return value.strip()


def identifier(value: Any) -> str:
    """A natural key of lowercase letters, digits and underscores."""
    if not isinstance(value, str) or not rules.is_identifier(value):
        raise FieldError(f"must match [a-z0-9_]+, got {value!r}")
    return value


def service_id(value: Any) -> str:
    """A service key (letters, digits, '_' and '-')."""
    if not isinstance(value, str) or not rules.SERVICE_ID.fullmatch(value):
        raise FieldError(f"must match [A-Za-z0-9_-]+, got {value!r}")
    return value


def date(value: Any) -> dt.date:
    """A date, written as YYYY-MM-DD."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise FieldError(f"must be a date YYYY-MM-DD, got {value!r}") from None


def url(value: Any) -> str:
    """An http(s) URL."""
    if not isinstance(value, str) or not rules.URL.fullmatch(value):
        raise FieldError(f"must be an http(s) URL, got {value!r}")
    return value


def phone(value: Any) -> str:
    """A phone number as people dial it (rules.is_phone)."""
    if not isinstance(value, str) or not rules.is_phone(value):
        raise FieldError(
            f'must be a phone number in quotes like "0800-8115" or "020 123 4567" (a Dutch number; digits, '
            f"spaces, + and -), got {value!r}"
        )
    return value


def email(value: Any) -> str:
    """An e-mail address."""
    if not isinstance(value, str) or not rules.EMAIL.fullmatch(value):
        raise FieldError(f"must be an e-mail address like info@gemeente.nl, got {value!r}")
    return value


def boolean(value: Any) -> bool:
    """A YAML true/false."""
    if not isinstance(value, bool):
        raise FieldError(f"must be true or false, got {value!r}")
    return value


def status(value: Any) -> str:
    """Scheme status."""
    if value not in rules.STATUSES:
        raise FieldError(f"must be 'active' or 'ended', got {value!r}")
    return str(value)


def list_of(item: Converter) -> Converter:
    """A list whose items all pass `item`."""

    def convert(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise FieldError(f"must be a list, got {value!r}")
        out = []
        for index, element in enumerate(value):
            try:
                out.append(item(element))
            except FieldError as exc:
                raise FieldError(f"item {index + 1}: {exc}") from None
        return out

    return convert


def mapping(spec: dict[str, tuple[bool, Converter]]) -> Converter:
    """A mapping with exactly the fields of `spec` (required flag, converter)."""

    def convert(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise FieldError(f"must be a mapping, got {value!r}")
        unknown = sorted(set(value) - set(spec))
        if unknown:
            raise FieldError(f"unknown key {unknown[0]!r}")
        out: dict[str, Any] = {}
        for key, (required, conv) in spec.items():
            if value.get(key) is None:
                if required:
                    raise FieldError(f"key {key!r} is required")
                out[key] = None
                continue
            try:
                out[key] = conv(value[key])
            except FieldError as exc:
                raise FieldError(f"key {key!r}: {exc}") from None
        return out

    return convert


def iso_date_text(value: Any) -> str:
    """A date kept as text YYYY-MM-DD (inside JSON data such as sources)."""
    return date(value).isoformat()


def hhmm(value: Any) -> str:
    """A clock time HH:MM, 24:00 allowed as closing time."""
    if not isinstance(value, str) or not rules.TIME.fullmatch(value):
        raise FieldError(f'must be a time "HH:MM", got {value!r}')
    return value


def day(value: Any) -> str:
    """A weekday abbreviation mo..su."""
    if value not in rules.DAYS:
        raise FieldError(f"must be one of {', '.join(rules.DAYS)}, got {value!r}")
    return str(value)


def opening_period(value: Any) -> dict[str, Any]:
    """One opening-hours rule: days, opens, closes (opens before closes)."""
    rule: dict[str, Any] = mapping({"days": (True, list_of(day)), "opens": (True, hhmm), "closes": (True, hhmm)})(value)
    if not rules.opens_before_closes(rule["opens"], rule["closes"]):
        raise FieldError(f"opens {rule['opens']} must be before closes {rule['closes']}")
    return rule


def partial_date(value: Any) -> str:
    """A page date as shown: YYYY, YYYY-MM or YYYY-MM-DD (kept as text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1900 <= value <= 2100:
        return str(value)
    if not isinstance(value, str) or not rules.PARTIAL_DATE.fullmatch(value):
        raise FieldError(f"must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value


def source(value: Any) -> dict[str, Any]:
    """A source: url plus the date shown on the page (may be null)."""
    return mapping({"url": (True, url), "source_date": (False, partial_date)})(value)


period = mapping({"label": (True, text), "start": (False, iso_date_text), "end": (False, iso_date_text)})


def area(value: Any) -> Any:
    """'national' or {municipalities: [GMxxxx, ...]}."""
    if value == "national":
        return "national"
    return mapping({"municipalities": (True, list_of(municipality_code))})(value)


def municipality_code(value: Any) -> str:
    """A CBS municipality code GMxxxx."""
    if not isinstance(value, str) or not rules.is_gm_code(value):
        raise FieldError(f"must be a municipality code like GM0090, got {value!r}")
    return value


def check_record(problems: Problems, where: str, data: Any, entity: Entity) -> dict[str, Any] | None:
    """Validate one record against the entity's fields; None (and errors added) when invalid."""
    if not isinstance(data, dict):
        problems.add(where, f"must be a mapping, got {type(data).__name__}")
        return None
    out: dict[str, Any] = {}
    before = len(problems.errors)
    for key in sorted(set(data) - set(entity.names)):
        problems.add(where, f"field {key!r}: unknown field")
    for f in entity.fields:
        value = data.get(f.name)
        if value is None:
            if f.required:
                problems.add(where, f"field {f.name!r}: is required")
            out[f.name] = f.kind.absent()
            continue
        try:
            out[f.name] = f.check(value)
        except FieldError as exc:
            problems.add(where, f"field {f.name!r}: {exc}")
    return out if len(problems.errors) == before else None
