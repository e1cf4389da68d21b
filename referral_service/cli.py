"""`flask data load|check|export` commands."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .datafiles import DataError, read_data
from .exporter import export_all
from .extensions import db
from .loader import load_into

data_cli = AppGroup("data", help="Load, check and export the data files (data/regelingen).")


def read_or_exit(folder: str) -> object:
    """Read and validate a folder; print every error and exit 1 when there are any."""
    try:
        return read_data(Path(folder))
    except DataError as exc:
        for line in exc.errors:
            click.echo(line, err=True)
        raise SystemExit(1) from None


@data_cli.command("check")
@click.argument("folder", type=click.Path(file_okay=False))
def check(folder: str) -> None:
    """Validate the data files without touching the database."""
    read_or_exit(folder)
    click.echo(f"{folder}: OK")


@data_cli.command("load")
@click.argument("folder", type=click.Path(file_okay=False))
def load(folder: str) -> None:
    """Validate, then load everything in one transaction (upsert by natural key)."""
    started = time.monotonic()
    data = read_or_exit(folder)
    stats = load_into(db.session, data)  # type: ignore[arg-type]
    current_app.extensions["resolver_index"].invalidate()
    summary = ", ".join(f"{k}: {v}" for k, v in stats.items()) or "no changes"
    click.echo(f"loaded {folder} in {time.monotonic() - started:.1f}s ({summary})")


@data_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
def export(folder: str) -> None:
    """Write schemes, needs, services and aliassen.yml from the database as YAML."""
    paths = export_all(db.session, Path(folder))
    click.echo(f"wrote {len(paths)} files to {folder}")
