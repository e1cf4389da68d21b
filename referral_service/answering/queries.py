"""Database reads shared by the API, the staff lookup and the admin pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..catalogue.registry import NEED, SCHEME
from ..extensions import DbSession
from ..models import (
    FormerMunicipality,
    Municipality,
    MunicipalityAlias,
    MunicipalityDesk,
    Need,
    Postcode,
    Scheme,
    Service,
    ServiceArea,
    ServiceNeed,
    Town,
)
from ..places.resolver import Place, ResolverIndex, build_index, normalise
from .cache import DataCache
from .hours import open_now


def scheme_dict(scheme: Scheme) -> dict[str, Any]:
    """A scheme with the fields of its YAML file."""
    return SCHEME.as_json(scheme)


def need_dict(need: Need) -> dict[str, Any]:
    """A need with the fields of its YAML file."""
    return NEED.as_json(need)


def all_needs(session: DbSession) -> list[Need]:
    """Every need by id, with its scheme links in one extra SELECT (not one per need)."""
    return list(session.scalars(select(Need).options(selectinload(Need.scheme_links)).order_by(Need.id)))


def municipality_dict(m: Municipality) -> dict[str, Any]:
    """A municipality as the API shows it."""
    return {"code": m.code, "name": m.name, "province": m.province}


def search_municipalities(session: DbSession, q: str | None, limit: int) -> list[Municipality]:
    """Municipalities whose name or alias contains q (case-insensitive), by name."""
    stmt = select(Municipality).order_by(Municipality.name).limit(limit)
    if q:
        pattern = f"%{q.lower()}%"
        aliased = select(MunicipalityAlias.municipality_code).where(func.lower(MunicipalityAlias.alias).like(pattern))
        stmt = stmt.where(or_(func.lower(Municipality.name).like(pattern), Municipality.code.in_(aliased)))
    return list(session.scalars(stmt))


def referral_dict(service: Service, municipality_code: str | None, now: dt.datetime | None = None) -> dict[str, Any]:
    """A service as a referral: the triage fields first, then contact details."""
    return {
        "id": service.id,
        "name": service.name,
        "phone": service.phone,
        "url": service.url,
        "municipality_code": municipality_code,
        "organisation": service.organisation_name,
        "email": service.email,
        "address": service.address,
        "opening_hours": service.opening_hours,
        "hours_note": service.hours_note,
        "open_now": open_now(service.opening_hours, now),
        "how_to_apply": service.how_to_apply,
        "appointment_url": None,
    }


def desk_referral(m: Municipality, desk: MunicipalityDesk | None, now: dt.datetime | None = None) -> dict[str, Any]:
    """The municipality's own desk as a referral, with the register's contact details (none made up)."""
    hours = desk.opening_hours if desk else []
    return {
        "id": f"gemeente-{m.code}",
        "name": f"Gemeente {m.name}",
        "phone": desk.phone if desk else None,
        "url": desk.website if desk else None,
        "municipality_code": m.code,
        "organisation": f"Gemeente {m.name}",
        "email": desk.email if desk else None,
        "address": desk.visit_address if desk else None,
        "opening_hours": hours,
        "hours_note": None,
        "open_now": open_now(hours, now),
        "how_to_apply": None,
        "appointment_url": desk.appointment_url if desk else None,
    }


def local_referrals(
    session: DbSession, need: Need, m: Municipality, serving: Any, now: dt.datetime | None
) -> list[dict[str, Any]]:
    """The municipality's own desk first, after only the services an admin put before it (before_desk).

    A local service named exactly like the desk ("Gemeente X") is the same front door: the desk,
    with the register's details, stands for it, so a reply never lists it twice.
    """
    in_area = select(ServiceArea.service_id).where(ServiceArea.municipality_code == m.code)
    stmt = select(Service).where(Service.id.in_(serving), Service.id.in_(in_area)).order_by(Service.name)
    services = list(session.scalars(stmt))
    if not need.local:
        return [referral_dict(s, m.code, now) for s in services]
    desk = desk_referral(m, session.get(MunicipalityDesk, m.code), now)
    first = [referral_dict(s, m.code, now) for s in services if s.before_desk]
    # An admin put the municipality's own entry ("Gemeente X") before the desk: that entry is the desk.
    desk_part = [] if any(r["name"] == desk["name"] for r in first) else [desk]
    rest = [referral_dict(s, m.code, now) for s in services if not s.before_desk and s.name != desk["name"]]
    return first + desk_part + rest


def referrals(
    session: DbSession, need: Need, m: Municipality | None, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Local referrals of the municipality first (its own desk leading), then national ones."""
    serving = select(ServiceNeed.service_id).where(ServiceNeed.need_id == need.id)
    national = session.scalars(select(Service).where(Service.national, Service.id.in_(serving)).order_by(Service.name))
    local = local_referrals(session, need, m, serving, now) if m is not None else []
    return local + [referral_dict(s, None, now) for s in national]


def postcode_municipality(session: DbSession, pc4: str) -> Municipality | None:
    """The dominant municipality of a 4-digit postcode."""
    row = session.get(Postcode, pc4)
    return session.get(Municipality, row.municipality_code) if row else None


class IndexCache:
    """The resolver index, kept in the app's DataCache: rebuilt once after each change of the data version."""

    def __init__(self, cache: DataCache) -> None:
        self.cache = cache

    def get(self, session: DbSession) -> ResolverIndex:
        """The index of the current data version."""
        return self.cache.current(session).get("resolver_index", lambda: load_index(session))

    def invalidate(self) -> None:
        """Forget what this process built (after a load in this process)."""
        self.cache.invalidate()


def load_index(session: DbSession) -> ResolverIndex:
    """Build the resolver index from the gebieden tables."""
    places = [Place(m.code, m.name, m.province) for m in session.scalars(select(Municipality))]
    aliases = session.execute(select(MunicipalityAlias.municipality_code, MunicipalityAlias.alias)).tuples().all()
    former = (
        session.execute(select(FormerMunicipality.old_name, FormerMunicipality.new_code, FormerMunicipality.relation))
        .tuples()
        .all()
    )
    towns = session.execute(select(Town.name, Town.municipality_code)).tuples().all()
    postcodes = session.execute(select(Postcode.pc4, Postcode.municipality_code)).tuples().all()
    return build_index(places, aliases, former, towns, postcodes)


__all__ = ["IndexCache", "need_dict", "normalise", "referrals", "scheme_dict"]
