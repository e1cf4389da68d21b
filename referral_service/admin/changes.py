"""Saving a change: optimistic locking, one AuditEntry per changed field, a data version bump, restore."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..catalogue.load import bump_version
from ..extensions import db
from ..models import AuditEntry
from .entities import Entity

CONFLICT = "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en doe uw wijziging opnieuw."
BROKEN_LINK = "Opslaan kan niet: een gemeente, onderwerp of regeling in deze versie bestaat niet meer."


class ConflictError(Exception):
    """The entity changed since the editor loaded it."""


class SaveError(Exception):
    """The database refused the change (e.g. a link to something that no longer exists)."""


def encode(value: Any) -> str | None:
    """A value as the JSON text the audit log stores (None stays NULL)."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def decode(text: str | None) -> Any:
    """The value back from the audit log."""
    return None if text is None else json.loads(text)


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields whose value differs: field -> (old, new)."""
    return {f: (old.get(f), value) for f, value in new.items() if old.get(f) != value}


def save(entity: Entity, obj: Any, key: str, sent_version: str, values: dict[str, Any], username: str) -> str | None:
    """Save `values` when the entity is still at `sent_version`; return the change id (None: nothing changed)."""
    if entity.version(obj) != sent_version:
        raise ConflictError
    changes = diff(entity.snapshot(obj), values)
    if not changes:
        return None
    change_id = uuid.uuid4().hex
    try:
        entity.apply(obj, {f: new for f, (_old, new) in changes.items()})
        db.session.add_all(audit_rows(entity.kind, key, changes, username, change_id))
        # In the same transaction: every worker drops what it built from the old data at its next request.
        bump_version(db.session)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise ConflictError from None
    except IntegrityError:
        db.session.rollback()
        raise SaveError(BROKEN_LINK) from None
    return change_id


def audit_rows(kind: str, key: str, changes: dict[str, tuple[Any, Any]], username: str, change_id: str) -> list[Any]:
    """One AuditEntry per changed field."""
    return [
        AuditEntry(
            username=username,
            entity_type=kind,
            entity_key=key,
            field=name,
            old_value=encode(old),
            new_value=encode(new),
            change_id=change_id,
        )
        for name, (old, new) in changes.items()
    ]


@dataclass
class Version:
    """One change of an entity, i.e. the version it produced; 'original' is the state before all of them."""

    change_id: str
    at: Any
    username: str
    entries: list[AuditEntry] = field(default_factory=list)


def history(kind: str, key: str) -> list[Version]:
    """The changes of one entity, oldest first."""
    stmt = select(AuditEntry).where(AuditEntry.entity_type == kind, AuditEntry.entity_key == key)
    versions: dict[str, Version] = {}
    for entry in db.session.scalars(stmt.order_by(AuditEntry.id)):
        version = versions.setdefault(entry.change_id, Version(entry.change_id, entry.at, entry.username))
        version.entries.append(entry)
    return list(versions.values())


def state_at(versions: list[Version], change_id: str) -> dict[str, Any]:
    """The values of every audited field right after `change_id` ('original': before the first change)."""
    ids = [v.change_id for v in versions]
    if change_id != "original" and change_id not in ids:
        raise KeyError(change_id)
    cut = 0 if change_id == "original" else ids.index(change_id) + 1
    state: dict[str, Any] = {}
    for version in versions[:cut]:
        state.update({e.field: decode(e.new_value) for e in version.entries})
    for version in versions[cut:]:
        for entry in version.entries:
            state.setdefault(entry.field, decode(entry.old_value))
    return state


def restore(entity: Entity, obj: Any, key: str, change_id: str, sent_version: str, username: str) -> str | None:
    """Set the values of an earlier version as a new, audited change (optimistic locking applies)."""
    values = state_at(history(entity.kind, key), change_id)
    return save(entity, obj, key, sent_version, {f: v for f, v in values.items() if f in entity.fields}, username)
