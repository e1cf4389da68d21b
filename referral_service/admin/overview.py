"""Admin overview (/admin), services and desks not verified for six months (/admin/stale), export (/admin/export)."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from flask import render_template, send_file
from sqlalchemy import func, select

from ..auth import login_required
from ..catalogue.export import export_all
from ..extensions import DbSession, db
from ..models import DataVersion, Municipality, MunicipalityDesk, Scheme, Service
from . import bp

STALE_DAYS = 183


@bp.get("/")
@login_required("editor")
def overview() -> str:
    """Schemes and services with links to edit them."""
    version = db.session.get(DataVersion, 1)
    return render_template(
        "admin/overview.html",
        loaded=version.loaded_at if version else None,
        municipalities=db.session.scalar(select(func.count()).select_from(Municipality)),
        schemes=db.session.scalars(select(Scheme).order_by(Scheme.name)).all(),
        services=db.session.scalars(select(Service).order_by(Service.name)).all(),
    )


def stale_services(session: DbSession, today: dt.date | None = None) -> list[Service]:
    """Services never verified or last verified more than STALE_DAYS ago, oldest (and never) first."""
    limit = (today or dt.date.today()) - dt.timedelta(days=STALE_DAYS)
    stmt = select(Service).where((Service.last_verified.is_(None)) | (Service.last_verified < limit))
    rows = session.scalars(stmt).all()
    return sorted(rows, key=lambda s: (s.last_verified is not None, s.last_verified or dt.date.min, s.name))


def stale_desks(session: DbSession, today: dt.date | None = None) -> list[tuple[MunicipalityDesk, str]]:
    """Desks whose register check date (`verified`) is missing or older than STALE_DAYS, oldest first, with names."""
    limit = (today or dt.date.today()) - dt.timedelta(days=STALE_DAYS)
    stmt = (
        select(MunicipalityDesk, Municipality.name)
        .join(Municipality, Municipality.code == MunicipalityDesk.code)
        .where((MunicipalityDesk.verified.is_(None)) | (MunicipalityDesk.verified < limit))
    )
    rows = [(desk, name) for desk, name in session.execute(stmt).tuples()]
    return sorted(rows, key=lambda r: (r[0].verified is not None, r[0].verified or dt.date.min, r[1]))


@bp.get("/stale")
@login_required("editor")
def stale() -> str:
    """The list of services and municipal desks to check again."""
    return render_template(
        "admin/stale.html", services=stale_services(db.session), desks=stale_desks(db.session), days=STALE_DAYS
    )


def export_zip(session: DbSession) -> bytes:
    """Every data file (exporter.export_all) in one zip, paths as in data/regelingen/."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in export_all(session, Path(tmp)):
            archive.write(path, path.relative_to(tmp).as_posix())
    return buffer.getvalue()


@bp.get("/export")
@login_required("editor")
def export() -> Any:
    """Download the current data as YAML files in a zip."""
    name = f"steunwijzer-regelingen-{dt.date.today().isoformat()}.zip"
    data = io.BytesIO(export_zip(db.session))
    return send_file(data, mimetype="application/zip", as_attachment=True, download_name=name)
