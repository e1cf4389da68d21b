"""The admin's forms: raw form text <-> snapshot values, with Dutch errors per field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import Municipality, MunicipalityAlias, Need, Scheme
from . import fields as f
from .fields import FieldError

# Texts residents read (the answers and the referral lines): these get B1 hints.
RESIDENT_TEXTS = {"summary", "what_to_do_now", "hours_note", "how_to_apply"}


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
            self.values[name] = f.choices(self.form.getlist(name), allowed, label)
        except FieldError as exc:
            self.errors[name] = str(exc)


def status(raw: str | None) -> str:
    """active or ended."""
    if raw not in ("active", "ended"):
        raise FieldError("Kies of de regeling loopt of gestopt is.")
    return raw


def parse_scheme(form: MultiDict[str, str], scheme_id: str) -> Parsed:
    """Validate the scheme form."""
    p = Parsed(form)
    p.take("name", f.text, "Naam", True, 100)
    p.take("full_name", f.text, "Volledige naam", False, 300)
    p.take("status", status)
    p.take("ended_on", f.date, "Einddatum")
    for name, label in (("summary", "Samenvatting"), ("what_to_do_now", "Wat nu te doen")):
        p.take(name, f.text, label, name == "summary")
    p.take("staff_notes", f.text, "Notities voor medewerkers")
    others = set(db.session.scalars(select(Scheme.id).where(Scheme.id != scheme_id)))
    p.take_list("alternatives", others, "Alternatieven")
    p.take("official_url", f.https_url, "Officiële website")
    p.take("last_verified", f.date, "Laatst gecontroleerd")
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


def needs_required(p: Parsed) -> None:
    """A service serves at least one need."""
    if "needs" not in p.errors and not p.values.get("needs"):
        p.errors["needs"] = "Kies minstens één onderwerp."


def parse_service(form: MultiDict[str, str]) -> Parsed:
    """Validate the service form."""
    p = Parsed(form)
    p.take("name", f.text, "Naam", True, 200)
    p.take("phone", f.phone)
    p.take("url", f.https_url, "Website")
    p.take("email", f.email)
    p.take("address", f.text, "Adres", False, 300)
    p.take("opening_hours", f.opening_hours)
    p.take("hours_note", f.text, "Toelichting openingstijden", False, 300)
    p.take("how_to_apply", f.text, "Hoe aanvragen")
    p.take("eligibility", f.text, "Voor wie")
    p.take_list("needs", set(db.session.scalars(select(Need.id))), "Onderwerpen")
    p.take("last_verified", f.date, "Laatst gecontroleerd")
    needs_required(p)
    return p


def parse_area(form: MultiDict[str, str]) -> Parsed:
    """Validate the service-area form: national, or a list of current GM codes."""
    p = Parsed(form)
    if form.get("scope") == "national":
        p.values["area"] = "national"
        return p
    known = set(db.session.scalars(select(Municipality.code)))
    try:
        p.values["area"] = f.gm_codes(form.get("codes"), known)
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
        alias = f.text(form.get("alias"), "Andere naam", True, 100) or ""
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
        raw["opening_hours"] = f.hours_text(values["opening_hours"])
    return raw
