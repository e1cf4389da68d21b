"""Database models, modelled on Open Referral HSDS, keyed by natural keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> dt.datetime:
    """Current time in UTC (timezone-aware)."""
    return dt.datetime.now(dt.timezone.utc)


class TimestampMixin:
    """Adds updated_at, set on insert and on every real change."""

    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Municipality(db.Model):  # type: ignore[name-defined]
    """A current municipality (gemeente) with its CBS code."""

    __tablename__ = "municipality"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    province: Mapped[str] = mapped_column(String(50))
    province_code: Mapped[str] = mapped_column(String(4))
    begin_date: Mapped[dt.date | None] = mapped_column(Date)


class MunicipalityAlias(db.Model):  # type: ignore[name-defined]
    """Another name people use for a municipality (Den Haag, Den Bosch)."""

    __tablename__ = "municipality_alias"
    municipality_code: Mapped[str] = mapped_column(
        ForeignKey("municipality.code", ondelete="CASCADE"), primary_key=True
    )
    alias: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class FormerMunicipality(db.Model):  # type: ignore[name-defined]
    """A municipality that ended in a merger, linked to where it went."""

    __tablename__ = "former_municipality"
    old_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    new_code: Mapped[str] = mapped_column(ForeignKey("municipality.code", ondelete="CASCADE"), primary_key=True)
    old_name: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(50))
    effective_date: Mapped[dt.date] = mapped_column(Date)
    relation: Mapped[str] = mapped_column(String(50))
    evidence: Mapped[str] = mapped_column(Text, default="")


class Town(db.Model):  # type: ignore[name-defined]
    """A BAG woonplaats (town or village) and the municipality it lies in."""

    __tablename__ = "town"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code", ondelete="CASCADE"), index=True)


class Postcode(db.Model):  # type: ignore[name-defined]
    """A 4-digit postcode area and its dominant municipality."""

    __tablename__ = "postcode"
    pc4: Mapped[str] = mapped_column(String(4), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code", ondelete="CASCADE"), index=True)
    other_municipalities: Mapped[str] = mapped_column(String(200), default="")


class MunicipalityDesk(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """A municipality's own front door: its central number, website, desk and (when an admin set them) hours."""

    __tablename__ = "municipality_desk"
    code: Mapped[str] = mapped_column(ForeignKey("municipality.code", ondelete="CASCADE"), primary_key=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    visit_address: Mapped[str | None] = mapped_column(String(300))
    appointment_url: Mapped[str | None] = mapped_column(String(500))
    # Same rules as Service.opening_hours; [] = unknown (the register has no hours, admins set them).
    opening_hours: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # When the municipality last checked its entry in the register (the stale list uses it).
    verified: Mapped[dt.date | None] = mapped_column(Date)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version_id}


class Scheme(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """A government scheme (regeling), current or ended."""

    __tablename__ = "scheme"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    full_name: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10))
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    periods: Mapped[list[Any]] = mapped_column(JSON, default=list)
    executing_body: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    what_to_do_now: Mapped[str | None] = mapped_column(Text)
    official_url: Mapped[str | None] = mapped_column(String(500))
    staff_notes: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    last_verified: Mapped[dt.date | None] = mapped_column(Date)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # Every reader of a scheme (API, answers, lookup, export) needs its alternatives:
    # "selectin" loads them for all schemes of a query in one extra SELECT, not one per scheme.
    alternative_links: Mapped[list[SchemeAlternative]] = relationship(
        foreign_keys="SchemeAlternative.scheme_id",
        order_by="SchemeAlternative.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    __mapper_args__ = {"version_id_col": version_id}

    @property
    def alternatives(self) -> list[str]:
        """Ids of the current alternative schemes, in file order."""
        return [link.alternative_id for link in self.alternative_links]


class SchemeAlternative(db.Model):  # type: ignore[name-defined]
    """Links an (ended) scheme to a current alternative scheme."""

    __tablename__ = "scheme_alternative"
    scheme_id: Mapped[str] = mapped_column(ForeignKey("scheme.id", ondelete="CASCADE"), primary_key=True)
    alternative_id: Mapped[str] = mapped_column(ForeignKey("scheme.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Need(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """A need people come with (tozo, schuldhulp, eenzaamheid, ...)."""

    __tablename__ = "need"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    answer: Mapped[str] = mapped_column(Text)
    local: Mapped[bool] = mapped_column(Boolean, default=False)
    municipal_service: Mapped[bool] = mapped_column(Boolean, default=False)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    last_verified: Mapped[dt.date | None] = mapped_column(Date)
    scheme_links: Mapped[list[NeedScheme]] = relationship(order_by="NeedScheme.position", cascade="all, delete-orphan")

    @property
    def schemes(self) -> list[str]:
        """Ids of the schemes this need is about, in file order."""
        return [link.scheme_id for link in self.scheme_links]


class NeedScheme(db.Model):  # type: ignore[name-defined]
    """Links a need to a scheme it is about."""

    __tablename__ = "need_scheme"
    need_id: Mapped[str] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"), primary_key=True)
    scheme_id: Mapped[str] = mapped_column(ForeignKey("scheme.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Organisation(db.Model):  # type: ignore[name-defined]
    """An organisation that provides services (HSDS organization)."""

    __tablename__ = "organisation"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)


class Service(TimestampMixin, db.Model):  # type: ignore[name-defined]
    """A service people can be referred to (HSDS service + contact data)."""

    __tablename__ = "service"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_name: Mapped[str | None] = mapped_column(ForeignKey("organisation.name", ondelete="SET NULL"))
    phone: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    opening_hours: Mapped[list[Any]] = mapped_column(JSON, default=list)
    hours_note: Mapped[str | None] = mapped_column(String(300))
    how_to_apply: Mapped[str | None] = mapped_column(Text)
    eligibility: Mapped[str | None] = mapped_column(Text)
    national: Mapped[bool] = mapped_column(Boolean, default=False)
    # Listed before the municipality's own desk in its referrals (answering/queries.py).
    before_desk: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Which file the service came from: "national" or a GMxxxx code (for export).
    source_file: Mapped[str] = mapped_column(String(20), default="national")
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    last_verified: Mapped[dt.date | None] = mapped_column(Date)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    need_links: Mapped[list[ServiceNeed]] = relationship(order_by="ServiceNeed.position", cascade="all, delete-orphan")
    area_links: Mapped[list[ServiceArea]] = relationship(order_by="ServiceArea.position", cascade="all, delete-orphan")
    __mapper_args__ = {"version_id_col": version_id}

    @property
    def needs(self) -> list[str]:
        """Ids of the needs this service serves."""
        return [link.need_id for link in self.need_links]

    @property
    def municipalities(self) -> list[str]:
        """Codes of the municipalities this service covers (empty if national)."""
        return [link.municipality_code for link in self.area_links]


class ServiceNeed(db.Model):  # type: ignore[name-defined]
    """Links a service to a need it serves."""

    __tablename__ = "service_need"
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ServiceArea(db.Model):  # type: ignore[name-defined]
    """One municipality in the service area of a local service."""

    __tablename__ = "service_area"
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(
        ForeignKey("municipality.code", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class DataVersion(db.Model):  # type: ignore[name-defined]
    """A counter bumped by every data load, so each worker rebuilds its caches."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    loaded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class FileSnapshot(db.Model):  # type: ignore[name-defined]
    """One record as the data files held it at the last load or apply: the base of the three-way diff."""

    __tablename__ = "file_snapshot"
    entity_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    entity_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Field -> JSON value (dates as ISO text), as catalogue/sync.py compares them.
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(db.Model):  # type: ignore[name-defined]
    """Someone who may log in to /admin or /staff; only a password hash is stored."""

    __tablename__ = "app_user"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Stored in the session at login and raised at logout: older copies of a cookie stop working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The municipality (CBS code) the staff lookup uses when the caller names none; set in /admin/users.
    # No foreign key: reloading the municipalities must never clear or block it (an unknown code is ignored).
    home_municipality: Mapped[str | None] = mapped_column(String(6))


class LoginAttempt(db.Model):  # type: ignore[name-defined]
    """A failed login, or the last successful one, of an account from a client address (keyed hashes only)."""

    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    account: Mapped[str] = mapped_column(String(32), index=True)
    address: Mapped[str] = mapped_column(String(32), index=True)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(db.Model):  # type: ignore[name-defined]
    """One changed field of one save in the admin (who, when, old and new value)."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_key: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(64))
    # JSON text of the value before and after (null when the field was empty).
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    change_id: Mapped[str] = mapped_column(String(32), index=True)
    __table_args__ = (Index("ix_audit_entry_entity", "entity_type", "entity_key"),)


class SignalCount(db.Model):  # type: ignore[name-defined]
    """How many chat turns or staff lookups of one day had the same anonymous signal (issue 20).

    No text, no sender, no time finer than the day. Counted per combination (an upsert adds one)
    instead of a row per turn, so a year stays small. The key must be NOT NULL for that upsert,
    so "none" is stored as '' (unknown municipality, no need, no crisis): see signals/record.py.
    """

    __tablename__ = "signal_count"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    need: Mapped[str] = mapped_column(String(64), primary_key=True)
    crisis: Mapped[str] = mapped_column(String(10), primary_key=True)
    channel: Mapped[str] = mapped_column(String(5), primary_key=True)
    asked_person: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    local_referral_found: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    asked_back: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    out_of_scope: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    # Generated by `flask signals demo`: shown with a banner, never mixed up with real counts.
    demo: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class SignalWeek(db.Model):  # type: ignore[name-defined]
    """The weekly roll-up of SignalCount that the signal reports read, kept in the same transaction (issue 20).

    One row per municipality, week (its Monday), channel, need and demo, plus the same for all
    municipalities together (municipality_code '*'), so a year over all of them is about 1,500
    rows instead of 365,000. Holds sums only; see signals/rollup.py.
    """

    __tablename__ = "signal_week"
    # First in the key: every report reads one municipality (or '*') over a range of weeks.
    municipality_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    week: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(5), primary_key=True)
    need: Mapped[str] = mapped_column(String(64), primary_key=True)
    demo: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    crisis: Mapped[int] = mapped_column(Integer)
    asked_person: Mapped[int] = mapped_column(Integer)
    asked_back: Mapped[int] = mapped_column(Integer)
    out_of_scope: Mapped[int] = mapped_column(Integer)


class UnclassifiedMessage(db.Model):  # type: ignore[name-defined]
    """A message the bot asked back on or called out of scope, after PII redaction; kept at most 30 days."""

    __tablename__ = "unclassified_message"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(String(12))
    municipality_code: Mapped[str | None] = mapped_column(String(6))
    # Redacted by the bot (bot/components/pii.py) before it is sent; never the raw text.
    text: Mapped[str] = mapped_column(Text)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
