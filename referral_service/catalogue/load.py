"""Writes a validated DataSet into the database in one transaction (upsert by natural key)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import delete, insert, select, tuple_, update

from ..extensions import DbSession
from ..models import (
    DataVersion,
    FormerMunicipality,
    Municipality,
    MunicipalityAlias,
    MunicipalityDesk,
    Need,
    NeedScheme,
    Organisation,
    Postcode,
    Scheme,
    SchemeAlternative,
    Service,
    ServiceArea,
    ServiceNeed,
    Town,
    utcnow,
)
from .files import DataSet
from .registry import DESK, NEED, SCHEME, SERVICE

Rows = list[dict[str, Any]]


def table_diff(
    session: DbSession, model: Any, keys: tuple[str, ...], rows: Rows
) -> tuple[Rows, Rows, list[tuple[Any, ...]]]:
    """What making a plain table hold exactly `rows` takes: (new rows, changed rows, stale keys)."""
    columns = [getattr(model, c) for c in rows[0]] if rows else list(model.__table__.c)
    existing = {
        tuple(r[: len(keys)]): dict(r._mapping)
        for r in session.execute(select(*[getattr(model, k) for k in keys], *[c for c in columns if c.key not in keys]))
    }
    wanted = {tuple(r[k] for k in keys): r for r in rows}
    new = [r for k, r in wanted.items() if k not in existing]
    changed = [r for k, r in wanted.items() if k in existing and existing[k] != r]
    return new, changed, [k for k in existing if k not in wanted]


def sync_table(session: DbSession, model: Any, keys: tuple[str, ...], rows: Rows, stats: Counter[str]) -> None:
    """Make a plain table hold exactly `rows`, with bulk statements (fast for 4,000 postcodes)."""
    new, changed, stale = table_diff(session, model, keys, rows)
    if new:
        session.execute(insert(model), new)
    if changed:
        session.execute(update(model), changed)
    if stale:
        cols = tuple_(*[getattr(model, k) for k in keys])
        session.execute(delete(model).where(cols.in_(stale)))
    name = model.__tablename__
    stats.update({f"{name} inserted": len(new), f"{name} updated": len(changed), f"{name} deleted": len(stale)})


def assign(obj: Any, values: dict[str, Any], columns: tuple[str, ...]) -> bool:
    """Set the columns that differ; True when anything changed."""
    changed = False
    for column in columns:
        if getattr(obj, column) != values[column]:
            setattr(obj, column, values[column])
            changed = True
    return changed


def set_links(session: DbSession, obj: Any, attr: str, make: Any, ids: list[str], current: list[str]) -> bool:
    """Replace an ordered link collection when the list of ids changed."""
    if current == ids:
        return False
    links = getattr(obj, attr)
    if links:
        # Flush the removals first: the new links reuse the same primary keys.
        links.clear()
        session.flush()
    links.extend(make(ident, position) for position, ident in enumerate(ids))
    return True


def upsert(
    session: DbSession, model: Any, key: str, values: dict[str, Any], columns: tuple[str, ...], stats: Counter[str]
) -> Any:
    """Get or create one ORM object by natural key and bring its columns up to date."""
    obj = session.get(model, key)
    name = model.__tablename__
    if obj is None:
        obj = model(id=key, **{c: values[c] for c in columns})
        session.add(obj)
        stats[f"{name} inserted"] += 1
    elif assign(obj, values, columns):
        stats[f"{name} updated"] += 1
    return obj


def delete_stale(session: DbSession, model: Any, keep: set[str], stats: Counter[str]) -> None:
    """Delete ORM objects whose natural key is no longer in the files."""
    for obj in session.scalars(select(model).where(model.id.not_in(keep) if keep else model.id.is_not(None))):
        session.delete(obj)
        stats[f"{model.__tablename__} deleted"] += 1


def gebieden_tables(data: DataSet) -> list[tuple[Any, tuple[str, ...], Rows]]:
    """The plain tables and their rows: municipalities first (others refer to them), then the rest."""
    aliases = [
        {"municipality_code": code, "alias": name, "position": i}
        for code, names in data.aliases.items()
        for i, name in enumerate(names)
    ]
    return [
        (Municipality, ("code",), data.municipalities),
        (MunicipalityAlias, ("municipality_code", "alias"), aliases),
        (FormerMunicipality, ("old_code", "new_code"), data.former),
        (Town, ("code",), data.towns),
        (Postcode, ("pc4",), data.postcodes),
    ]


def load_gebieden(session: DbSession, data: DataSet, stats: Counter[str]) -> None:
    """Municipalities, aliases, former municipalities, towns, postcodes."""
    for model, keys, rows in gebieden_tables(data):
        sync_table(session, model, keys, rows, stats)


def load_desks(session: DbSession, data: DataSet, stats: Counter[str]) -> None:
    """Municipal desks by code, as ORM objects (an admin save checks their version), in one SELECT."""
    existing = {d.code: d for d in session.scalars(select(MunicipalityDesk))}
    for values in data.desks:
        obj = existing.pop(values["code"], None)
        if obj is None:
            session.add(MunicipalityDesk(code=values["code"], **{c: values[c] for c in DESK.columns}))
            stats["municipality_desk inserted"] += 1
        elif assign(obj, values, DESK.columns):
            stats["municipality_desk updated"] += 1
    for obj in existing.values():
        session.delete(obj)
        stats["municipality_desk deleted"] += 1


def load_schemes(session: DbSession, data: DataSet, stats: Counter[str]) -> None:
    """Schemes, then their alternatives (which refer to other schemes)."""
    objects = {s["id"]: upsert(session, Scheme, s["id"], s, SCHEME.columns, stats) for s in data.schemes}
    session.flush()
    for s in data.schemes:
        obj = objects[s["id"]]
        if set_links(
            session,
            obj,
            "alternative_links",
            lambda i, p, sid=s["id"]: SchemeAlternative(scheme_id=sid, alternative_id=i, position=p),
            s["alternatives"],
            obj.alternatives,
        ):
            stats["scheme_alternative changed"] += 1


def load_needs(session: DbSession, data: DataSet, stats: Counter[str]) -> None:
    """Needs with their scheme links."""
    for n in data.needs:
        obj = upsert(session, Need, n["id"], n, NEED.columns, stats)
        if set_links(
            session, obj, "scheme_links", lambda i, p: NeedScheme(scheme_id=i, position=p), n["schemes"], obj.schemes
        ):
            stats["need_scheme changed"] += 1


def load_services(session: DbSession, data: DataSet, stats: Counter[str]) -> None:
    """Organisations, then services with their needs and areas."""
    orgs = {s["organisation"] for s in data.services if s["organisation"]}
    known = set(session.scalars(select(Organisation.name)))
    session.add_all(Organisation(name=o) for o in sorted(orgs - known))
    session.flush()
    for s in data.services:
        values = s | {
            "organisation_name": s["organisation"],
            "national": s["area"] == "national",
            "source_file": s["file"],
        }
        columns = (*SERVICE.columns, "organisation_name", "national", "source_file")
        obj = upsert(session, Service, s["id"], values, columns, stats)
        area = [] if s["area"] == "national" else s["area"]["municipalities"]
        changed = set_links(
            session, obj, "need_links", lambda i, p: ServiceNeed(need_id=i, position=p), s["needs"], obj.needs
        )
        changed |= set_links(
            session,
            obj,
            "area_links",
            lambda i, p: ServiceArea(municipality_code=i, position=p),
            area,
            obj.municipalities,
        )
        stats["service links changed"] += int(changed)


def bump_version(session: DbSession) -> None:
    """Tell every worker that the data changed, so they drop what they built from it (answering/cache.py)."""
    if session.get(DataVersion, 1) is None:
        session.add(DataVersion(id=1, version=1, loaded_at=utcnow()))
        return
    # Incremented in SQL, not read-modify-write: two saves at once must give two versions, not one.
    bump = update(DataVersion).where(DataVersion.id == 1)
    session.execute(bump.values(version=DataVersion.version + 1, loaded_at=utcnow()))


def load_into(session: DbSession, data: DataSet) -> dict[str, int]:
    """Load everything in one transaction; nothing is written when anything fails."""
    stats: Counter[str] = Counter()
    try:
        load_gebieden(session, data, stats)
        load_desks(session, data, stats)
        load_schemes(session, data, stats)
        load_needs(session, data, stats)
        load_services(session, data, stats)
        session.flush()
        delete_stale(session, Service, {s["id"] for s in data.services}, stats)
        delete_stale(session, Need, {n["id"] for n in data.needs}, stats)
        delete_stale(session, Scheme, {s["id"] for s in data.schemes}, stats)
        used = {s["organisation"] for s in data.services if s["organisation"]}
        session.execute(delete(Organisation).where(Organisation.name.not_in(used)))
        if sum(stats.values()):
            bump_version(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return {k: v for k, v in sorted(stats.items()) if v}
