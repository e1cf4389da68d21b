"""The admin's forms: raw form text <-> snapshot values, with Dutch errors per field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from ..catalogue.form_text import choices, gm_codes
from ..catalogue.registry import ALIAS, DESK, SCHEME, SERVICE, Entity
from ..catalogue.rules import FieldError
from ..extensions import db
from ..models import Municipality, MunicipalityAlias, Need, Scheme


class Parsed:
    """Values parsed from a form, and a Dutch error per field that failed."""

    def __init__(self, form: MultiDict[str, str]) -> None:
        self.form = form
        self.values: dict[str, Any] = {}
        self.errors: dict[str, str] = {}

    def take(self, name: str, parse: Callable[..., Any], *args: Any) -> None:
        """Parse one field with `parse(raw, *args)`, recording the value or the error."""
        try:
            self.values[name] = parse(self.form.get(name), *args)
        except FieldError as exc:
            self.errors[name] = str(exc)

    def take_list(self, name: str, allowed: set[str], label: str) -> None:
        """A multi-select field (checkboxes)."""
        try:
            self.values[name] = choices(self.form.getlist(name), allowed, label)
        except FieldError as exc:
            self.errors[name] = str(exc)


def parse_fields(fields: Entity, form: MultiDict[str, str], allowed: dict[str, set[str]]) -> Parsed:
    """Every field of the entity's form, in form order; link fields choose from `allowed`."""
    p = Parsed(form)
    for name in fields.form:
        field = fields[name]
        if field.store == "link":
            p.take_list(name, allowed[name], field.label)
        else:
            p.take(name, field.parse)
    # Checked last, as the form always did: an empty required choice after the other fields' errors.
    for name in fields.form:
        field = fields[name]
        if field.store == "link" and field.required and name not in p.errors and not p.values.get(name):
            p.errors[name] = field.missing_text
    return p


def parse_scheme(form: MultiDict[str, str], scheme_id: str) -> Parsed:
    """Validate the scheme form."""
    others = set(db.session.scalars(select(Scheme.id).where(Scheme.id != scheme_id)))
    p = parse_fields(SCHEME, form, {"alternatives": others})
    check_end_date(p)
    return p


def check_end_date(p: Parsed) -> None:
    """Ended schemes need an end date; running ones have none."""
    if "ended_on" in p.errors:
        return
    if p.values.get("status") == "ended" and not p.values.get("ended_on"):
        p.errors["ended_on"] = "Einddatum is verplicht als de regeling gestopt is."
    if p.values.get("status") == "active" and p.values.get("ended_on"):
        p.errors["ended_on"] = "Laat de einddatum leeg als de regeling nog loopt."


def parse_service(form: MultiDict[str, str]) -> Parsed:
    """Validate the service form."""
    return parse_fields(SERVICE, form, {"needs": set(db.session.scalars(select(Need.id)))})


def parse_desk(form: MultiDict[str, str]) -> Parsed:
    """Validate the form of a municipality's desk (number, site, hours, ...)."""
    return parse_fields(DESK, form, {})


def parse_area(form: MultiDict[str, str]) -> Parsed:
    """Validate the service-area form: national, or a list of current GM codes."""
    p = Parsed(form)
    if form.get("scope") == "national":
        p.values["area"] = "national"
        return p
    known = set(db.session.scalars(select(Municipality.code)))
    try:
        p.values["area"] = gm_codes(form.get("codes"), known)
    except FieldError as exc:
        p.errors["codes"] = str(exc)
    return p


def alias_owner(alias: str) -> str | None:
    """The name of the municipality that already has this name or alias, if any."""
    lowered = alias.lower()
    by_name = select(Municipality.name).where(func.lower(Municipality.name) == lowered)
    by_alias = (
        select(Municipality.name)
        .join(MunicipalityAlias, MunicipalityAlias.municipality_code == Municipality.code)
        .where(func.lower(MunicipalityAlias.alias) == lowered)
    )
    return db.session.scalar(by_name.limit(1)) or db.session.scalar(by_alias.limit(1))


def parse_alias_change(form: MultiDict[str, str], current: list[str]) -> Parsed:
    """Add or remove one alias; the result is the new full list."""
    p = Parsed(form)
    if form.get("action") == "remove":
        gone = form.get("alias", "")
        if gone not in current:
            p.errors["alias"] = "Deze naam staat niet (meer) in de lijst."
        p.values["aliases"] = [a for a in current if a != gone]
        return p
    try:
        alias = ALIAS["alias"].parse(form.get("alias"))
    except FieldError as exc:
        p.errors["alias"] = str(exc)
        return p
    owner = alias_owner(alias)
    if owner:
        p.errors["alias"] = f"De naam '{alias}' hoort al bij gemeente {owner}."
    p.values["aliases"] = [*current, alias]
    return p


def form_text(values: dict[str, Any]) -> dict[str, Any]:
    """Snapshot values as the raw text the form fields show."""
    raw: dict[str, Any] = {k: ("" if v is None else v) for k, v in values.items()}
    if "opening_hours" in values:
        raw["opening_hours"] = SERVICE["opening_hours"].kind.as_text(values["opening_hours"])
    return raw
