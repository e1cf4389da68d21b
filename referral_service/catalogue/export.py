"""Writes the database back out as the data files (schemes, needs, services, aliases, municipal desks)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from ..extensions import DbSession
from ..models import MunicipalityAlias, MunicipalityDesk, Need, Scheme, Service
from . import desks
from .registry import DESK, NEED, SCHEME, SERVICE, Entity


class _Dumper(yaml.SafeDumper):
    """Block-style YAML that keeps long Dutch texts readable."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = ">" if len(value) > 80 and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump(path: Path, data: Any) -> None:
    """Write one YAML file (UTF-8, keys in our order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
    path.write_text(text, encoding="utf-8")


def dated_periods(periods: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Periods with real dates again, so they are written unquoted as in the source."""
    return [{k: dt.date.fromisoformat(v) if k in ("start", "end") and v else v for k, v in p.items()} for p in periods]


def record(entity: Entity, obj: Any, own: dict[str, Any]) -> dict[str, Any]:
    """The object's fields in file order; `own` holds the values that are not an attribute of the same name."""
    return {name: own[name] if name in own else getattr(obj, name) for name in entity.names}


def scheme_record(scheme: Scheme) -> dict[str, Any]:
    """A scheme as in schemes/<id>.yml."""
    return record(SCHEME, scheme, {"periods": dated_periods(scheme.periods)})


def need_record(need: Need) -> dict[str, Any]:
    """A need as in needs/<id>.yml."""
    return record(NEED, need, {})


def service_record(service: Service) -> dict[str, Any]:
    """A service as listed in services/national.yml or services/local/<code>.yml."""
    area = "national" if service.national else {"municipalities": service.municipalities}
    return record(SERVICE, service, {"organisation": service.organisation_name, "area": area})


def desk_record(desk: MunicipalityDesk) -> dict[str, Any]:
    """A municipal desk with the fields of its row in gemeente_contact.csv and its hours."""
    return record(DESK, desk, {})


def export_all(session: DbSession, root: Path | str) -> list[Path]:
    """Write every scheme, need, service file, aliassen.yml and the desks' two files under `root`; return the paths."""
    root = Path(root)
    written = []
    for scheme in session.scalars(select(Scheme).order_by(Scheme.id)):
        written.append(root / "schemes" / f"{scheme.id}.yml")
        dump(written[-1], scheme_record(scheme))
    for need in session.scalars(select(Need).order_by(Need.id)):
        written.append(root / "needs" / f"{need.id}.yml")
        dump(written[-1], need_record(need))
    written += export_services(session, root)
    written.append(root / "gebieden" / "aliassen.yml")
    dump(written[-1], {"aliases": export_aliases(session)})
    return written + export_desks(session, root / "gebieden")


def export_desks(session: DbSession, folder: Path) -> list[Path]:
    """gemeente_contact.csv in the register's columns and format, and openingstijden.yml with the known hours."""
    found = [desk_record(d) for d in session.scalars(select(MunicipalityDesk).order_by(MunicipalityDesk.code))]
    contact, hours = folder / desks.CONTACT_FILE, folder / desks.HOURS_FILE
    folder.mkdir(parents=True, exist_ok=True)
    with contact.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=desks.COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(desks.contact_row(d) for d in found)
    dump(hours, desks.hours_document(found))
    return [contact, hours]


def export_services(session: DbSession, root: Path) -> list[Path]:
    """One file per origin: national.yml and local/<code>.yml."""
    by_file: dict[str, list[dict[str, Any]]] = {}
    for service in session.scalars(select(Service).order_by(Service.source_file, Service.id)):
        by_file.setdefault(service.source_file, []).append(service_record(service))
    paths = []
    for origin, services in by_file.items():
        name = "national.yml" if origin == "national" else f"local/{origin}.yml"
        paths.append(root / "services" / name)
        dump(paths[-1], {"services": services})
    return paths


def export_aliases(session: DbSession) -> dict[str, list[str]]:
    """Aliases per municipality code, in file order."""
    aliases: dict[str, list[str]] = {}
    rows = session.scalars(
        select(MunicipalityAlias).order_by(MunicipalityAlias.municipality_code, MunicipalityAlias.position)
    )
    for row in rows:
        aliases.setdefault(row.municipality_code, []).append(row.alias)
    return aliases
