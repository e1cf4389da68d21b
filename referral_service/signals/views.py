"""/admin/signals (admins and analysts): weekly counts per need, trends, shares, CSV; unclassified messages (admins).

Counts under the threshold never reach a template or the CSV (aggregate.py turns them into None).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from flask import Response, abort, render_template, request
from sqlalchemy import select

from ..auth import login_required
from ..catalogue.rules import is_gm_code
from ..extensions import db
from ..models import Municipality, UnclassifiedMessage
from . import aggregate, bp, chart
from .record import CHANNELS, oldest_kept, purge, today

PAGE_WEEKS = (8, 12, 26, 52)
SHARE_LABELS = {
    "crisis": "Crisis",
    "asked_person": "Vroeg om een medewerker",
    "asked_back": "Bot vroeg door (niet begrepen)",
    "out_of_scope": "Buiten het onderwerp",
}
CHANNEL_LABELS = {"": "Chat en telefoon", "chat": "Chat (inwoners)", "staff": "Opzoeken (medewerkers)"}
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def parse_filters(args: Mapping[str, str], max_weeks: int = aggregate.MAX_WEEKS) -> aggregate.Filters:
    """Filters from query parameters (empty = all); ValueError with an English message when one is wrong."""
    municipality = args.get("municipality") or None
    if municipality is not None and not is_gm_code(municipality):
        raise ValueError(f"municipality must look like GM0090, got {municipality[:20]!r}")
    channel = args.get("channel") or None
    if channel is not None and channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}, or empty")
    raw_weeks = args.get("weeks") or str(aggregate.DEFAULT_WEEKS)
    if not raw_weeks.isascii() or not raw_weeks.isdigit() or not 1 <= int(raw_weeks) <= max_weeks:
        raise ValueError(f"weeks must be a whole number from 1 to {max_weeks}")
    return aggregate.Filters(municipality, channel, int(raw_weeks))


def page_filters() -> aggregate.Filters:
    """The page's filters, or a 400 page when the address was edited into something invalid."""
    try:
        return parse_filters(request.args)
    except ValueError as exc:
        abort(400, description=str(exc))


def municipalities() -> list[tuple[str, str]]:
    """(code, name) of every municipality, by name, for the filter."""
    return list(db.session.execute(select(Municipality.code, Municipality.name).order_by(Municipality.name)).tuples())


@bp.get("/")
@login_required("admin", "analyst")
def page() -> str:
    """Weekly counts per need with a chart and a table each, the shares, and the rising needs."""
    filters = page_filters()
    report = aggregate.build(db.session, filters)
    charts = {t.need: chart.draw(report.weeks, t.counts) for t in report.trends}
    places = municipalities()
    return render_template(
        "signals/page.html",
        report=report,
        charts=charts,
        municipalities=places,
        place_name=dict(places).get(filters.municipality or "", filters.municipality),
        channel_labels=CHANNEL_LABELS,
        share_labels=SHARE_LABELS,
        page_weeks=sorted({*PAGE_WEEKS, filters.weeks}),
        week_label=chart.week_label,
        rule=aggregate,
    )


def csv_cell(value: str) -> str:
    """A cell no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_text(report: aggregate.Report) -> str:
    """One row per need and week: the count, or '<5'."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["week", "week_start", "need", "need_name", "count", "demo"])
    for trend in report.trends:
        for monday, count in zip(report.weeks, trend.counts, strict=True):
            shown = "<5" if count is None else str(count)
            week = aggregate.iso_week(monday)
            writer.writerow(
                [week, monday.isoformat(), trend.need, csv_cell(trend.name), shown, str(report.demo).lower()]
            )
    return out.getvalue()


@bp.get("/signalen.csv")
@login_required("admin", "analyst")
def export() -> Response:
    """The weekly counts per need as CSV, with the page's filters."""
    report = aggregate.build(db.session, page_filters())
    name = f"steunwijzer-signalen-{today().isoformat()}.csv"
    return Response(
        csv_text(report),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/unclassified")
@login_required("admin")
def unclassified() -> str:
    """Messages the bot asked back on or called out of scope (redacted, at most 30 days), newest first."""
    if purge(db.session):
        db.session.commit()
    rows = db.session.scalars(
        select(UnclassifiedMessage)
        .where(UnclassifiedMessage.day >= oldest_kept())
        .order_by(UnclassifiedMessage.day.desc(), UnclassifiedMessage.id.desc())
        .limit(500)
    ).all()
    reasons = {"asked_back": "Niet begrepen", "out_of_scope": "Buiten het onderwerp"}
    return render_template("signals/unclassified.html", rows=rows, reasons=reasons, days=oldest_kept())
