"""Files vs database: a three-way diff (files, last load, database) and applying file changes with audit.

Once loaded, the database owns its data: an admin's edit must survive every reload. Per record,
file_snapshot keeps what the files held at the last load or apply. A field the files changed since
then is a file change, one the database changed is an admin change (kept), one both changed is a
conflict, which apply refuses unless forced.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, func, select

from ..extensions import DbSession
from ..models import AuditEntry, FileSnapshot, Municipality, MunicipalityAlias, MunicipalityDesk, Need, Scheme, Service
from .export import desk_record, export_aliases, need_record, scheme_record, service_record
from .files import DataSet
from .load import gebieden_tables, load_into, table_diff
from .registry import DESK, NEED, SCHEME, SERVICE, Entity
from .validate import Problems, check_record

FILE_USER = "data files"  # the audit log's user of changes applied from the files
ENTITIES: dict[str, Entity] = {"scheme": SCHEME, "need": NEED, "service": SERVICE, "desk": DESK}
EXPORTERS: tuple[tuple[str, Any, Callable[[Any], dict[str, Any]]], ...] = (
    ("scheme", Scheme, scheme_record),
    ("need", Need, need_record),
    ("service", Service, service_record),
    ("desk", MunicipalityDesk, desk_record),
)


class _Marker:
    """A value no JSON value equals."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


ABSENT = _Marker("absent")  # the record is not there
UNKNOWN = _Marker("unknown")  # no load was recorded (a database loaded before file_snapshot existed)

Key = tuple[str, str]  # (entity type, natural key)
Records = dict[Key, dict[str, Any]]


def canonical(value: Any) -> Any:
    """A value as JSON holds it (dates as ISO text), so files, snapshots and database compare equal."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def key_name(kind: str) -> str:
    """The natural key's field: 'id', or 'code' for a municipal desk."""
    return next(f.name for f in ENTITIES[kind].fields if f.store == "key")


def record_fields(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    """The compared fields of one record (key aside; a service also by the file it is in)."""
    own = {"file": row["file"]} if kind == "service" else {}
    return {name: row[name] for name in ENTITIES[kind].names if name != key_name(kind)} | own


def file_records(data: DataSet) -> Records:
    """Every record of the files that an admin can change, as read_data gives it."""
    rows = (("scheme", data.schemes), ("need", data.needs), ("service", data.services), ("desk", data.desks))
    records = {(kind, row[key_name(kind)]): record_fields(kind, row) for kind, items in rows for row in items}
    return records | {("alias", code): {"aliases": names} for code, names in data.aliases.items()}


def as_read(kind: str, exported: dict[str, Any]) -> dict[str, Any]:
    """An exported record normalised as read_data normalises the files, so that values compare equal."""
    problems = Problems()
    row = check_record(problems, f"database: {kind} {exported[key_name(kind)]!r}", exported, ENTITIES[kind])
    if row is None:
        raise ValueError("; ".join(problems.errors))
    return row


def db_records(session: DbSession) -> Records:
    """The same records from the database."""
    records: Records = {}
    for kind, model, to_file in EXPORTERS:
        for obj in session.scalars(select(model)):
            extra = {"file": obj.source_file} if kind == "service" else {}
            records[(kind, getattr(obj, key_name(kind)))] = record_fields(kind, as_read(kind, to_file(obj)) | extra)
    return records | {("alias", code): {"aliases": names} for code, names in export_aliases(session).items()}


@dataclass(frozen=True)
class FieldDiff:
    """One field where the files and the database differ (values canonical, or ABSENT/UNKNOWN)."""

    kind: str
    key: str
    field: str
    file: Any
    base: Any
    db: Any

    @property
    def state(self) -> str:
        """'file' (the files changed it), 'admin' (the database did) or 'conflict' (both, or not known)."""
        if self.db is ABSENT or self.db == self.base:
            return "file"
        return "admin" if self.file == self.base else "conflict"

    def describe(self) -> str:
        """One line for people: entity, key, field and what happened."""
        where = f"{self.kind} {self.key!r} field {self.field!r}"
        if self.state == "file":
            return f"{where}: changed in the files (not applied; 'flask data apply' applies it)"
        if self.state == "admin":
            return f"{where}: changed in the database by an admin (kept)"
        why = "no earlier load is recorded" if self.base is UNKNOWN else "changed in the files and by an admin"
        return f"{where}: CONFLICT ({why}; 'flask data apply --force' overwrites it)"


def empty_record(kind: str) -> dict[str, Any] | None:
    """What a missing record is: a municipality without aliases has an empty list; others are absent."""
    return {"aliases": []} if kind == "alias" else None


def three_way(files: Records, snapshots: Records | None, current: Records) -> list[FieldDiff]:
    """Every field where files and database differ, with the value of the last load (snapshots None: unknown)."""
    out = []
    for key in sorted(files.keys() | current.keys()):
        f, d = files.get(key, empty_record(key[0])), current.get(key, empty_record(key[0]))
        b = None if snapshots is None else snapshots.get(key, empty_record(key[0]))
        for name in dict.fromkeys([*(f or {}), *(d or {})]):
            fv, dv = value_of(f, name), value_of(d, name)
            if fv != dv:
                bv = UNKNOWN if snapshots is None and d is not None else value_of(b, name)
                out.append(FieldDiff(key[0], key[1], name, fv, bv, dv))
    return out


def value_of(record: dict[str, Any] | None, name: str) -> Any:
    """The canonical value of a field, ABSENT when the record is not there."""
    return ABSENT if record is None or name not in record else canonical(record[name])


def read_snapshots(session: DbSession) -> Records | None:
    """What the last load took from the files; None when no load was recorded."""
    records = {(s.entity_type, s.entity_key): s.record for s in session.scalars(select(FileSnapshot))}
    return records or None


def write_snapshots(session: DbSession, files: Records) -> None:
    """Remember the files as the base of the next diff (in the caller's transaction)."""
    session.execute(delete(FileSnapshot))
    session.add_all(FileSnapshot(entity_type=k, entity_key=key, record=canonical(r)) for (k, key), r in files.items())


@dataclass
class Plan:
    """What differs between the files and the database."""

    data: DataSet
    files: Records
    current: Records
    diffs: list[FieldDiff]
    tables: dict[str, tuple[int, int, int]]  # gebieden table -> (new, changed, removed) rows

    @property
    def conflicts(self) -> list[FieldDiff]:
        """The fields apply refuses to overwrite unless forced."""
        return [d for d in self.diffs if d.state == "conflict"]

    def report(self) -> list[str]:
        """One line per differing field, then one per gebieden table that differs."""
        lines = [d.describe() for d in self.diffs]
        for name, (new, changed, removed) in self.tables.items():
            lines.append(f"{name}: {new} new, {changed} changed, {removed} removed rows in the files (not applied)")
        return lines


def make_plan(session: DbSession, data: DataSet) -> Plan:
    """Compare the files with the database and the last load; writes nothing."""
    files, current = file_records(data), db_records(session)
    tables = {}
    for model, keys, rows in gebieden_tables(data):
        if model is not MunicipalityAlias:  # aliases are compared per municipality, as the admin edits them
            counts = tuple(len(part) for part in table_diff(session, model, keys, rows))
            if any(counts):
                tables[model.__tablename__] = (counts[0], counts[1], counts[2])
    return Plan(data, files, current, three_way(files, read_snapshots(session), current), tables)


def is_empty(session: DbSession) -> bool:
    """No data was ever loaded: no municipality and no scheme."""
    return not any(session.scalar(select(func.count()).select_from(m)) for m in (Municipality, Scheme))


def load_fresh(session: DbSession, data: DataSet) -> dict[str, int]:
    """Load everything into an empty database and remember it as the last load."""
    write_snapshots(session, file_records(data))
    return load_into(session, data)


class ConflictsError(Exception):
    """Apply refused: fields changed both in the files and by an admin since the last load."""

    def __init__(self, conflicts: list[FieldDiff]) -> None:
        super().__init__("\n".join(d.describe() for d in conflicts))
        self.conflicts = conflicts


def chosen_records(plan: Plan, force: bool) -> Records:
    """The files, with the fields an admin changed (and, unless forced, conflicting ones) from the database."""
    merged = {key: dict(values) for key, values in plan.files.items()}
    for d in plan.diffs:
        if d.state == "admin" or (d.state == "conflict" and not force):
            current = plan.current.get((d.kind, d.key), empty_record(d.kind)) or {}
            merged.setdefault((d.kind, d.key), {})[d.field] = current[d.field]
    return merged


def as_dataset(data: DataSet, records: Records) -> DataSet:
    """The data set load_into writes: the files' gebieden with these records."""
    out = replace(data, schemes=[], needs=[], services=[], desks=[], aliases={})
    for (kind, key), values in sorted(records.items()):
        if kind != "alias":
            getattr(out, f"{kind}s").append({key_name(kind): key, **values})
        elif values["aliases"]:
            out.aliases[key] = values["aliases"]
    return out


def audit_text(value: Any) -> str | None:
    """A value as the audit log stores it: JSON text, NULL when empty or absent."""
    return None if value is None or value is ABSENT else json.dumps(value, ensure_ascii=False)


def audit_entries(plan: Plan, force: bool, change_id: str) -> list[AuditEntry]:
    """One AuditEntry per field the files change, as admin saves write them (area as the admin's service_area)."""
    return [
        AuditEntry(
            username=FILE_USER,
            entity_type="service_area" if (d.kind, d.field) == ("service", "area") else d.kind,
            entity_key=d.key,
            field=d.field,
            old_value=audit_text(d.db),
            new_value=audit_text(d.file),
            change_id=change_id,
        )
        for d in plan.diffs
        if d.state == "file" or (force and d.state == "conflict")
    ]


def apply_plan(session: DbSession, plan: Plan, force: bool = False) -> tuple[int, dict[str, int]]:
    """Apply the file changes in one transaction, audited; admin changes are kept. (audit entries, load stats)."""
    if plan.conflicts and not force:
        raise ConflictsError(plan.conflicts)
    entries = audit_entries(plan, force, uuid.uuid4().hex)
    session.add_all(entries)
    write_snapshots(session, plan.files)
    # load_into commits all of it (audit, snapshots, data, a data version bump when anything changed) or nothing.
    return len(entries), load_into(session, as_dataset(plan.data, chosen_records(plan, force)))
