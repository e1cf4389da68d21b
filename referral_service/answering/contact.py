"""The hand-off contact: the central line from the settings, else the municipality's own desk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..catalogue import validate
from ..catalogue.registry import DESK
from ..extensions import DbSession
from ..models import Municipality, MunicipalityDesk, Service, ServiceArea
from .hours import DAY_CODES, RuleSyntaxError, hours_sentence, open_now, parse_rule

DEFAULT_NAME = "Centraal informatiepunt"
OPEN_TEXT = {
    True: "Er is nu iemand bereikbaar.",
    False: "Nu is er niemand bereikbaar. Bel op de tijden hierboven. Is er gevaar? Bel dan altijd 112.",
}
HOURS_EXAMPLE = "mo-fr 08:30-17:00; sa 10:00-12:00"
# English messages for the problems hours.parse_rule reports (settings are read by operators).
RULE_MESSAGES = {
    "format": f"write each part like 'mo-fr 08:30-17:00' and separate parts with ';' (e.g. '{HOURS_EXAMPLE}')",
    "day": "unknown day {text!r} (use mo, tu, we, th, fr, sa, su; ranges with '-', lists with ',')",
    "day_order": "day range {text!r} runs backwards (write the first day first)",
}


@dataclass(frozen=True)
class Desk:
    """A municipality's own desk as the hand-off names it (from the register, hours as an admin set them)."""

    name: str
    phone: str
    url: str | None
    opening_hours: list[dict[str, Any]]


@dataclass(frozen=True)
class CentralLine:
    """The central phone line residents can call, as configured by CENTRAL_LINE_*."""

    name: str
    phone: str
    url: str | None
    opening_hours: list[dict[str, Any]]


def hours_part(part: str) -> dict[str, Any]:
    """One ';'-separated part of CENTRAL_LINE_HOURS as an opening_hours rule, or RuntimeError."""
    try:
        return validate.opening_period(parse_rule(part, DAY_CODES))
    except RuleSyntaxError as exc:
        problem = RULE_MESSAGES[exc.problem].format(text=exc.text)
    except validate.FieldError as exc:
        problem = str(exc)
    raise RuntimeError(f"CENTRAL_LINE_HOURS is invalid in part {part!r}: {problem}")


def parse_hours(raw: str | None) -> list[dict[str, Any]]:
    """'mo-fr 08:30-17:00; sa 10:00-12:00' -> opening_hours rules; empty or unset -> [] (unknown)."""
    return [hours_part(part) for part in (p.strip() for p in (raw or "").split(";")) if part]


def checked(name: str, convert: Callable[[Any], Any], value: str | None) -> Any:
    """`value` through a validate.py converter; None stays None; a bad value is a RuntimeError naming `name`."""
    if value is None:
        return None
    try:
        return convert(value)
    except validate.FieldError as exc:
        raise RuntimeError(f"{name} is invalid: {exc}") from None


def central_line(settings: Mapping[str, Any]) -> CentralLine | None:
    """The central line from the CENTRAL_LINE_* settings; None when CENTRAL_LINE_PHONE is unset or empty."""
    # The hours and URL are checked even without a phone, so a typo shows at start-up, not later.
    hours = parse_hours(settings.get("CENTRAL_LINE_HOURS"))
    url = checked("CENTRAL_LINE_URL", validate.url, (settings.get("CENTRAL_LINE_URL") or "").strip() or None)
    phone = checked("CENTRAL_LINE_PHONE", validate.phone, (settings.get("CENTRAL_LINE_PHONE") or "").strip() or None)
    if phone is None:
        return None
    return CentralLine(settings.get("CENTRAL_LINE_NAME") or DEFAULT_NAME, phone, url, hours)


def municipal_desk(session: DbSession, m: Municipality) -> Desk | Service | None:
    """The municipality's desk from the register (gemeente_contact.csv), else its own service with a phone."""
    desk = session.get(MunicipalityDesk, m.code)
    if desk is not None and desk.phone:
        return Desk(f"Gemeente {m.name}", desk.phone, desk.website, desk.opening_hours)
    return municipal_service(session, m)


def municipal_service(session: DbSession, m: Municipality) -> Service | None:
    """The first (by name, then id) local service of `m` run by 'Gemeente <name>' that has a phone."""
    in_area = select(ServiceArea.service_id).where(ServiceArea.municipality_code == m.code)
    stmt = (
        select(Service)
        .where(Service.id.in_(in_area), Service.organisation_name == f"Gemeente {m.name}", Service.phone.is_not(None))
        .order_by(Service.name, Service.id)
        .limit(1)
    )
    return session.scalars(stmt).first()


def desk_dict(m: Municipality, desk: MunicipalityDesk, now: dt.datetime | None = None) -> dict[str, Any]:
    """A municipality's desk as GET /api/v1/municipalities/<code>/desk answers it."""
    return {
        "name": f"Gemeente {m.name}",
        **DESK.as_json(desk),
        "hours_text": hours_sentence(desk.opening_hours),
        "open_now": open_now(desk.opening_hours, now),
    }


def contact_dict(
    kind: str, source: CentralLine | Desk | Service, code: str | None, now: dt.datetime | None
) -> dict[str, Any]:
    """The contact object of GET /api/v1/handoff."""
    return {
        "kind": kind,
        "name": source.name,
        "phone": source.phone,
        "url": source.url,
        "hours_text": hours_sentence(source.opening_hours),
        "opening_hours": source.opening_hours,
        "open_now": open_now(source.opening_hours, now),
        "municipality_code": code,
    }


def handoff_messages(contact: dict[str, Any] | None) -> list[dict[str, Any]]:
    """What the bot tells a resident who asks for a person (B1 Dutch); empty when no number is known."""
    if contact is None:
        return []
    intro = "Wilt u iemand spreken? " + (
        f"Bel {contact['name']}: {contact['phone']}. Een medewerker helpt u verder."
        if contact["kind"] == "central"
        else f"Bel {contact['name']}: {contact['phone']}."
    )
    lines = [intro]
    if contact["kind"] == "municipality" and contact.get("url"):
        lines.append(f"Of kijk op {contact['url']}.")
    # Hours only when known: no "not known" line, which tells a resident nothing.
    if contact["hours_text"]:
        lines.append(f"Bereikbaar: {contact['hours_text']}.")
    if contact["open_now"] is not None:
        lines.append(OPEN_TEXT[contact["open_now"]])
    return [{"text": " ".join(lines)}]


def handoff_contact(
    session: DbSession, central: CentralLine | None, m: Municipality | None, now: dt.datetime | None = None
) -> dict[str, Any] | None:
    """The central line when configured, else the desk of the municipality, else None."""
    if central is not None:
        return contact_dict("central", central, None, now)
    if m is None:
        return None
    desk = municipal_desk(session, m)
    return contact_dict("municipality", desk, m.code, now) if desk else None
