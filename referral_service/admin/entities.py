"""What the admin can edit: per entity type, how to load, snapshot, change and version it.

A snapshot is a dict of field -> JSON-able value (dates as ISO text); the audit log
stores these values, forms produce them, and `apply` writes them back to the model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from ..catalogue import registry
from ..catalogue.load import set_links
from ..catalogue.registry import DESK, SCHEME, SERVICE
from ..extensions import db
from ..models import (
    Municipality,
    MunicipalityAlias,
    MunicipalityDesk,
    Scheme,
    SchemeAlternative,
    Service,
    ServiceArea,
    ServiceNeed,
    utcnow,
)

# Field name -> Dutch label of what editors change, in the order of the forms (from the field registry).
SCHEME_FIELDS = SCHEME.labels
SERVICE_FIELDS = SERVICE.labels


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


def snapshot(fields: registry.Entity, obj: Any) -> dict[str, Any]:
    """The fields editors change, as the audit log stores them (dates as ISO text)."""
    return {name: fields[name].kind.as_json(getattr(obj, name)) for name in fields.form}


def _set_columns(fields: registry.Entity, obj: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if fields[name].store != "column":
            continue
        stored = None if value is None else fields[name].kind.from_json(value)
        if getattr(obj, name) != stored:
            setattr(obj, name, stored)
    # Links are other tables: touching the row makes every save bump version_id.
    obj.updated_at = utcnow()


def scheme_snapshot(scheme: Scheme) -> dict[str, Any]:
    """The editable fields of a scheme."""
    return snapshot(SCHEME, scheme)


def apply_scheme(scheme: Scheme, values: dict[str, Any]) -> None:
    """Write scheme values, alternatives first (their flush must not bump the version twice)."""
    if "alternatives" in values:
        make = lambda ident, pos: SchemeAlternative(scheme_id=scheme.id, alternative_id=ident, position=pos)  # noqa: E731
        set_links(db.session, scheme, "alternative_links", make, values["alternatives"], scheme.alternatives)
    _set_columns(SCHEME, scheme, values)


def service_snapshot(service: Service) -> dict[str, Any]:
    """The editable fields of a service (not its area)."""
    return snapshot(SERVICE, service)


def apply_service(service: Service, values: dict[str, Any]) -> None:
    """Write service values and its needs."""
    if "needs" in values:
        make = lambda ident, pos: ServiceNeed(need_id=ident, position=pos)  # noqa: E731
        set_links(db.session, service, "need_links", make, values["needs"], service.needs)
    _set_columns(SERVICE, service, values)


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


def desk_snapshot(desk: MunicipalityDesk) -> dict[str, Any]:
    """The editable fields of a municipality's desk."""
    return snapshot(DESK, desk)


def apply_desk(desk: MunicipalityDesk, values: dict[str, Any]) -> None:
    """Write desk values (all plain columns)."""
    _set_columns(DESK, desk, values)


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
        "service_area", "Werkgebied", {"area": SERVICE["area"].label}, lambda k: db.session.get(Service, k),
        area_snapshot, apply_area, lambda s: str(s.version_id), "admin.edit_area",
    ),
    "desk": Entity(
        "desk", "Loket van de gemeente", DESK.labels, lambda k: db.session.get(MunicipalityDesk, k),
        desk_snapshot, apply_desk, lambda d: str(d.version_id), "admin.edit_desk",
    ),
    "alias": Entity(
        "alias", "Andere namen van gemeente", {"aliases": "Andere namen"}, lambda k: db.session.get(Municipality, k),
        alias_snapshot, apply_aliases, alias_version, "admin.municipality",
    ),
}  # fmt: skip
