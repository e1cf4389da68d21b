"""What the admin can edit: per entity type, how to load, snapshot, change and version it.

A snapshot is a dict of field -> JSON-able value (dates as ISO text); the audit log
stores these values, forms produce them, and `apply` writes them back to the model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from ..catalogue.load import set_links
from ..extensions import db
from ..models import (
    Municipality,
    MunicipalityAlias,
    Scheme,
    SchemeAlternative,
    Service,
    ServiceArea,
    ServiceNeed,
    utcnow,
)

SCHEME_FIELDS = {
    "name": "Naam",
    "full_name": "Volledige naam",
    "status": "Status",
    "ended_on": "Einddatum",
    "summary": "Samenvatting",
    "what_to_do_now": "Wat nu te doen",
    "staff_notes": "Notities voor medewerkers",
    "alternatives": "Alternatieven",
    "official_url": "Officiële website",
    "last_verified": "Laatst gecontroleerd",
}
SERVICE_FIELDS = {
    "name": "Naam",
    "phone": "Telefoonnummer",
    "url": "Website",
    "email": "E-mailadres",
    "address": "Adres",
    "opening_hours": "Openingstijden",
    "hours_note": "Toelichting openingstijden",
    "how_to_apply": "Hoe aanvragen",
    "eligibility": "Voor wie",
    "needs": "Onderwerpen",
    "last_verified": "Laatst gecontroleerd",
}
DATE_FIELDS = {"ended_on", "last_verified"}


@dataclass(frozen=True)
class Entity:
    """One editable entity type of the audit log ('scheme', 'service', 'service_area', 'alias')."""

    kind: str
    label: str
    fields: dict[str, str]
    load: Callable[[str], Any]
    snapshot: Callable[[Any], dict[str, Any]]
    apply: Callable[[Any, dict[str, Any]], None]
    version: Callable[[Any], str]
    endpoint: str


def iso(value: dt.date | None) -> str | None:
    """A date as ISO text."""
    return value.isoformat() if value else None


def _set_columns(obj: Any, values: dict[str, Any], skip: set[str]) -> None:
    for field, value in values.items():
        if field in skip:
            continue
        if field in DATE_FIELDS and value is not None:
            value = dt.date.fromisoformat(value)
        if getattr(obj, field) != value:
            setattr(obj, field, value)
    # Links are other tables: touching the row makes every save bump version_id.
    obj.updated_at = utcnow()


def scheme_snapshot(scheme: Scheme) -> dict[str, Any]:
    """The editable fields of a scheme."""
    data = {f: getattr(scheme, f) for f in SCHEME_FIELDS}
    return data | {"ended_on": iso(scheme.ended_on), "last_verified": iso(scheme.last_verified)}


def apply_scheme(scheme: Scheme, values: dict[str, Any]) -> None:
    """Write scheme values, alternatives first (their flush must not bump the version twice)."""
    if "alternatives" in values:
        make = lambda ident, pos: SchemeAlternative(scheme_id=scheme.id, alternative_id=ident, position=pos)  # noqa: E731
        set_links(db.session, scheme, "alternative_links", make, values["alternatives"], scheme.alternatives)
    _set_columns(scheme, values, {"alternatives"})


def service_snapshot(service: Service) -> dict[str, Any]:
    """The editable fields of a service (not its area)."""
    data = {f: getattr(service, f) for f in SERVICE_FIELDS}
    return data | {"last_verified": iso(service.last_verified)}


def apply_service(service: Service, values: dict[str, Any]) -> None:
    """Write service values and its needs."""
    if "needs" in values:
        make = lambda ident, pos: ServiceNeed(need_id=ident, position=pos)  # noqa: E731
        set_links(db.session, service, "need_links", make, values["needs"], service.needs)
    _set_columns(service, values, {"needs"})


def area_snapshot(service: Service) -> dict[str, Any]:
    """'national' or the list of GM codes."""
    return {"area": "national" if service.national else service.municipalities}


def apply_area(service: Service, values: dict[str, Any]) -> None:
    """Write the service area; the export file follows the area."""
    area = values["area"]
    codes = [] if area == "national" else list(area)
    make = lambda code, pos: ServiceArea(municipality_code=code, position=pos)  # noqa: E731
    set_links(db.session, service, "area_links", make, codes, service.municipalities)
    service.national = area == "national"
    if service.national:
        service.source_file = "national"
    elif service.source_file not in codes:
        service.source_file = codes[0]
    service.updated_at = utcnow()


def alias_list(code: str) -> list[str]:
    """The aliases of a municipality, in order."""
    stmt = select(MunicipalityAlias.alias).where(MunicipalityAlias.municipality_code == code)
    return list(db.session.scalars(stmt.order_by(MunicipalityAlias.position, MunicipalityAlias.alias)))


def alias_snapshot(m: Municipality) -> dict[str, Any]:
    """The aliases of a municipality."""
    return {"aliases": alias_list(m.code)}


def apply_aliases(m: Municipality, values: dict[str, Any]) -> None:
    """Replace the alias rows of a municipality."""
    db.session.execute(delete(MunicipalityAlias).where(MunicipalityAlias.municipality_code == m.code))
    rows = [MunicipalityAlias(municipality_code=m.code, alias=a, position=i) for i, a in enumerate(values["aliases"])]
    db.session.add_all(rows)


def alias_version(m: Municipality) -> str:
    """Aliases have no version column: a hash of the current list stands in for it."""
    return hashlib.sha256(json.dumps(alias_list(m.code)).encode()).hexdigest()[:16]


ENTITIES = {
    "scheme": Entity(
        "scheme", "Regeling", SCHEME_FIELDS, lambda k: db.session.get(Scheme, k),
        scheme_snapshot, apply_scheme, lambda s: str(s.version_id), "admin.edit_scheme",
    ),
    "service": Entity(
        "service", "Dienst", SERVICE_FIELDS, lambda k: db.session.get(Service, k),
        service_snapshot, apply_service, lambda s: str(s.version_id), "admin.edit_service",
    ),
    "service_area": Entity(
        "service_area", "Werkgebied", {"area": "Werkgebied"}, lambda k: db.session.get(Service, k),
        area_snapshot, apply_area, lambda s: str(s.version_id), "admin.edit_area",
    ),
    "alias": Entity(
        "alias", "Andere namen van gemeente", {"aliases": "Andere namen"}, lambda k: db.session.get(Municipality, k),
        alias_snapshot, apply_aliases, alias_version, "admin.municipality",
    ),
}  # fmt: skip
