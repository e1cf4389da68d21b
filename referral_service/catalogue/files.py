"""Reads and validates the whole data folder into plain records (no database)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import desks, rules
from .registry import ALIAS, NEED, SCHEME, SERVICE, Entity
from .rules import FieldError
from .validate import Problems, check_record, date, list_of


class DataError(Exception):
    """The data folder has errors; str() lists every one of them."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class DataSet:
    """Everything in a data folder, validated and normalised."""

    schemes: list[dict[str, Any]] = field(default_factory=list)
    needs: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    municipalities: list[dict[str, Any]] = field(default_factory=list)
    former: list[dict[str, Any]] = field(default_factory=list)
    towns: list[dict[str, Any]] = field(default_factory=list)
    postcodes: list[dict[str, Any]] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    desks: list[dict[str, Any]] = field(default_factory=list)


def read_yaml(path: Path, root: Path, problems: Problems) -> Any:
    """Parse one YAML file; a syntax error becomes a problem, not a crash."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.add(rel(path, root), f"not valid YAML: {exc}")
        return None


def rel(path: Path, root: Path) -> str:
    """Path relative to the data folder, with forward slashes."""
    return path.relative_to(root).as_posix()


def read_csv(path: Path, root: Path, columns: list[str], problems: Problems) -> list[dict[str, str]]:
    """Rows of a CSV file with the required columns."""
    if not path.exists():
        problems.add(rel(path, root), "file is missing")
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.add(rel(path, root), f"missing column {missing[0]!r}")
            return []
        return list(reader)


def load_gebieden(root: Path, data: DataSet, problems: Problems) -> None:
    """Municipalities, former municipalities, towns, postcodes and aliases."""
    folder = root / "gebieden"
    for row in read_csv(
        folder / "gemeenten.csv", root, ["code", "name", "province", "province_code", "begindatum"], problems
    ):
        data.municipalities.append(
            {
                "code": row["code"],
                "name": row["name"],
                "province": row["province"],
                "province_code": row["province_code"],
                "begin_date": dt.date.fromisoformat(row["begindatum"]) if row["begindatum"] else None,
            }
        )
    cols = ["old_code", "old_name", "province", "effective_date", "new_code", "relation", "evidence"]
    for row in read_csv(folder / "herindelingen.csv", root, cols, problems):
        data.former.append({k: row[k] for k in cols} | {"effective_date": dt.date.fromisoformat(row["effective_date"])})
    for row in read_csv(folder / "woonplaatsen.csv", root, ["woonplaats", "woonplaatscode", "gemeente_code"], problems):
        data.towns.append(
            {"code": row["woonplaatscode"], "name": row["woonplaats"], "municipality_code": row["gemeente_code"]}
        )
    for row in read_csv(folder / "pc4_gemeente.csv", root, ["pc4", "gemeente_code", "other_gemeenten"], problems):
        data.postcodes.append(
            {
                "pc4": row["pc4"],
                "municipality_code": row["gemeente_code"],
                "other_municipalities": row["other_gemeenten"],
            }
        )
    load_aliases(folder / "aliassen.yml", root, data, problems)
    load_desks(folder, root, data, problems)
    check_gebieden_codes(root, data, problems)


def load_desks(folder: Path, root: Path, data: DataSet, problems: Problems) -> None:
    """gemeente_contact.csv (the register's desks) with openingstijden.yml (optional: the hours admins set)."""
    rows = read_csv(folder / desks.CONTACT_FILE, root, list(desks.COLUMNS), problems)
    hours_path = folder / desks.HOURS_FILE
    raw_hours = read_yaml(hours_path, root, problems) if hours_path.exists() else None
    data.desks = desks.desk_records(rows, raw_hours, problems)


def load_aliases(path: Path, root: Path, data: DataSet, problems: Problems) -> None:
    """gebieden/aliassen.yml: {aliases: {GMxxxx: [name, ...]}} (optional file)."""
    if not path.exists():
        return
    raw = read_yaml(path, root, problems)
    aliases = raw.get("aliases") if isinstance(raw, dict) else None
    if not isinstance(aliases, dict):
        problems.add(rel(path, root), "must contain a mapping 'aliases: {GMxxxx: [names]}'")
        return
    for code, names in aliases.items():
        try:
            data.aliases[str(code)] = list_of(ALIAS["alias"].check)(names)
        except FieldError as exc:
            problems.add(rel(path, root), f"aliases of {code!r}: {exc}")


def check_gebieden_codes(root: Path, data: DataSet, problems: Problems) -> None:
    """Every code used in the gebieden files must be a current municipality."""
    known = {m["code"] for m in data.municipalities}
    checks = [
        ("gebieden/herindelingen.csv", "new_code", data.former),
        ("gebieden/woonplaatsen.csv", "municipality_code", data.towns),
        ("gebieden/pc4_gemeente.csv", "municipality_code", data.postcodes),
        (f"gebieden/{desks.CONTACT_FILE}", "code", data.desks),
    ]
    for name, key, rows in checks:
        for row in rows:
            if row[key] not in known:
                problems.add(name, f"unknown municipality code {row[key]!r}")
    for code in data.aliases:
        if code not in known:
            problems.add("gebieden/aliassen.yml", f"unknown municipality code {code!r}")


def load_records(root: Path, sub: str, entity: Entity, problems: Problems) -> list[dict[str, Any]]:
    """One record per YAML file in schemes/ or needs/; the id must match the file name."""
    records = []
    for path in sorted((root / sub).glob("*.y*ml")):
        raw = read_yaml(path, root, problems)
        ident = raw.get("id") if isinstance(raw, dict) else None
        where = f"{rel(path, root)}: {entity.name} {ident!r}" if ident else rel(path, root)
        record = check_record(problems, where, raw, entity)
        if record is not None and record["id"] != path.stem:
            problems.add(where, f"field 'id': must equal the file name {path.stem!r}")
        elif record is not None:
            records.append(record)
    return records


def load_service_file(path: Path, root: Path, origin: str, problems: Problems) -> list[dict[str, Any]]:
    """Services of national.yml (origin 'national') or local/GMxxxx.yml (origin = code)."""
    raw = read_yaml(path, root, problems)
    if raw is None:
        return []
    items = raw.get("services") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        problems.add(rel(path, root), "must contain a list 'services:'")
        return []
    out = []
    for index, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        where = f"{rel(path, root)}: service {ident!r}" if ident else f"{rel(path, root)}: service #{index + 1}"
        record = check_record(problems, where, item, SERVICE)
        if record is not None and normalise_area(record, origin, where, problems):
            out.append(record | {"file": origin})
    return out


def normalise_area(record: dict[str, Any], origin: str, where: str, problems: Problems) -> bool:
    """Default the area from the file it is in; local files cannot hold national services."""
    if record["area"] is None:
        record["area"] = "national" if origin == "national" else {"municipalities": [origin]}
    if origin != "national" and record["area"] == "national":
        problems.add(where, "field 'area': a service in services/local/ cannot be national")
        return False
    return True


def load_services(root: Path, problems: Problems) -> list[dict[str, Any]]:
    """national.yml (optional) plus every services/local/GMxxxx.yml (folder optional)."""
    services: list[dict[str, Any]] = []
    national = root / "services" / "national.yml"
    if national.exists():
        services += load_service_file(national, root, "national", problems)
    for path in sorted((root / "services" / "local").glob("*.y*ml")):
        if not rules.is_gm_code(path.stem):
            problems.add(rel(path, root), "file name must be a municipality code like GM0090.yml")
            continue
        services += load_service_file(path, root, path.stem, problems)
    return services


def check_references(data: DataSet, problems: Problems) -> None:
    """Ids referenced across files must exist, and natural keys must be unique."""
    schemes = {s["id"] for s in data.schemes}
    needs = {n["id"] for n in data.needs}
    codes = {m["code"] for m in data.municipalities}
    for s in data.schemes:
        unknown_refs(
            problems, f"schemes/{s['id']}.yml: scheme {s['id']!r}", "alternatives", s["alternatives"], schemes, "scheme"
        )
    for n in data.needs:
        unknown_refs(problems, f"needs/{n['id']}.yml: need {n['id']!r}", "schemes", n["schemes"], schemes, "scheme")
    seen: set[str] = set()
    for s in data.services:
        where = f"services/{service_file(s)}: service {s['id']!r}"
        if s["id"] in seen:
            problems.add(where, "field 'id': duplicate service id")
        seen.add(s["id"])
        unknown_refs(problems, where, "needs", s["needs"], needs, "need")
        if s["file"] != "national":
            unknown_refs(problems, where, "area", [s["file"]], codes, "municipality code")
        if isinstance(s["area"], dict):
            unknown_refs(problems, where, "area", s["area"]["municipalities"], codes, "municipality code")


def service_file(service: dict[str, Any]) -> str:
    """The file a service record came from, relative to services/."""
    return "national.yml" if service["file"] == "national" else f"local/{service['file']}.yml"


def unknown_refs(problems: Problems, where: str, key: str, refs: list[str], known: set[str], what: str) -> None:
    """Add one error per referenced id that does not exist."""
    for ref in refs:
        if ref not in known:
            problems.add(where, f"field {key!r}: unknown {what} {ref!r}")


def read_data(root: Path | str) -> DataSet:
    """Read and validate a data folder; raise DataError listing all problems."""
    root = Path(root)
    problems = Problems()
    if not root.is_dir():
        raise DataError([f"{root}: not a folder"])
    data = DataSet()
    load_gebieden(root, data, problems)
    data.schemes = load_records(root, "schemes", SCHEME, problems)
    data.needs = load_records(root, "needs", NEED, problems)
    data.services = load_services(root, problems)
    check_references(data, problems)
    if problems.errors:
        raise DataError(problems.errors)
    return data


__all__ = ["DataError", "DataSet", "FieldError", "date", "read_data"]
