"""`flask data load|apply|check|export`, `flask users ensure-admin|add|list|deactivate`, `flask signals purge|demo`
and `flask nlu unclassified` commands."""

from __future__ import annotations

import os
import re
import secrets
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from .auth import MIN_PASSWORD_LENGTH, ROLES, hash_password
from .catalogue.export import export_all
from .catalogue.files import DataError, DataSet, read_data
from .catalogue.sync import ConflictsError, apply_plan, is_empty, load_fresh, make_plan
from .config import secret
from .extensions import db
from .models import User
from .signals import demo
from .signals.record import RETENTION_DAYS, purge
from .signals.unclassified import export as export_unclassified

USERNAME_RE = re.compile(r"^[a-z0-9._-]{2,64}$")

data_cli = AppGroup("data", help="Load, check and export the data files (data/regelingen).")


def read_or_exit(folder: str) -> DataSet:
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
    """Load everything into an empty database; on one with data, only report what differs from the files."""
    started = time.monotonic()
    data = read_or_exit(folder)
    if not is_empty(db.session):
        # The database owns its data once loaded: a restart must not undo an admin's edit.
        report(make_plan(db.session, data).report(), folder)
        return
    stats = load_fresh(db.session, data)
    current_app.extensions["resolver_index"].invalidate()
    summary = ", ".join(f"{k}: {v}" for k, v in stats.items()) or "no changes"
    click.echo(f"loaded {folder} in {time.monotonic() - started:.1f}s ({summary})")


def report(lines: list[str], folder: str) -> None:
    """Print the differences between the files and the database."""
    if not lines:
        click.echo(f"{folder}: no changes (the files and the database agree)")
        return
    for line in lines:
        click.echo(line)
    click.echo(f"{folder}: {len(lines)} differences; nothing written ('flask data apply' applies the file changes)")


@data_cli.command("apply")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite fields an admin changed since the last load.")
def apply(folder: str, force: bool) -> None:
    """Apply the changes in the files, audited as user 'data files'; keeps what admins changed."""
    plan = make_plan(db.session, read_or_exit(folder))
    try:
        entries, stats = apply_plan(db.session, plan, force)
    except ConflictsError as exc:
        for d in exc.conflicts:
            click.echo(d.describe(), err=True)
        raise click.ClickException(f"{len(exc.conflicts)} conflicts; nothing written (--force overwrites)") from None
    current_app.extensions["resolver_index"].invalidate()
    kept = sum(d.state == "admin" for d in plan.diffs)
    summary = ", ".join(f"{k}: {v}" for k, v in stats.items()) or "no changes"
    click.echo(f"applied {folder}: {entries} audited field changes, {kept} admin changes kept ({summary})")


@data_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
def export(folder: str) -> None:
    """Write schemes, needs, services and aliassen.yml from the database as YAML."""
    paths = export_all(db.session, Path(folder))
    click.echo(f"wrote {len(paths)} files to {folder}")


users_cli = AppGroup("users", help="Manage admin and staff accounts (passwords never on the command line).")


def password_problem(password: str) -> str | None:
    """Why a password cannot be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password must have at least {MIN_PASSWORD_LENGTH} characters / wachtwoord te kort"
    return None


def existing_account(username: str) -> str | None:
    """One line saying an account is kept as it is, or None when it does not exist yet."""
    user = db.session.get(User, username)
    if user is None:
        return None
    # Never touch an existing account: an admin may have changed its password or deactivated it.
    state = "active" if user.active else "inactive"
    return f"account {username!r} exists ({user.role}, {state}); password and active flag left unchanged"


def create_admin(username: str, password: str, must_change: bool) -> None:
    """Add a new, active admin account with this password."""
    user = User(username=username, password_hash=hash_password(password), role="admin", active=True)
    user.must_change_password = must_change
    db.session.add(user)
    db.session.commit()


@users_cli.command("ensure-admin")
def ensure_admin() -> None:
    """Create an admin only when none exists: from ADMIN_USERNAME/ADMIN_PASSWORD, or 'admin' (one-time password)."""
    username, password = os.environ.get("ADMIN_USERNAME", "").strip(), secret("ADMIN_PASSWORD") or ""
    if username and password:
        if problem := password_problem(password):
            raise click.ClickException(f"ADMIN_PASSWORD: {problem}")
        if kept := existing_account(username):
            click.echo(kept)
            return
        create_admin(username, password, must_change=False)
        click.echo(f"admin account {username!r} created (from ADMIN_USERNAME)")
        return
    if db.session.scalar(select(User).where(User.role == "admin").limit(1)) is not None:
        click.echo("an admin account exists; nothing changed / er is al een beheerder")
        return
    if kept := existing_account("admin"):
        click.echo(kept)
        return
    one_time = secrets.token_urlsafe(12)
    create_admin("admin", one_time, must_change=True)
    click.echo(f"Eenmalig wachtwoord / one-time password for user 'admin': {one_time}")
    click.echo("Log in at /admin/login and choose a new password; it is shown only this once.")


def read_new_password(from_stdin: bool) -> str:
    """The new user's password: stdin, env NEW_USER_PASSWORD, or a hidden prompt (never argv)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get("NEW_USER_PASSWORD"):
        return os.environ["NEW_USER_PASSWORD"]
    return str(click.prompt("Wachtwoord / password", hide_input=True, confirmation_prompt=True))


@users_cli.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
def add_user(username: str, role: str, password_stdin: bool) -> None:
    """Add an account; the password comes from stdin, NEW_USER_PASSWORD or a prompt."""
    if not USERNAME_RE.match(username):
        raise click.ClickException("username: 2-64 characters a-z, 0-9, . _ - / gebruikersnaam klopt niet")
    if db.session.get(User, username) is not None:
        raise click.ClickException(f"user {username!r} already exists / bestaat al")
    password = read_new_password(password_stdin)
    if problem := password_problem(password):
        raise click.ClickException(problem)
    db.session.add(User(username=username, password_hash=hash_password(password), role=role, active=True))
    db.session.commit()
    click.echo(f"added {username!r} with role {role}")


@users_cli.command("list")
def list_users() -> None:
    """List accounts (no hashes)."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        click.echo(f"{user.username}\t{user.role}\t{'active' if user.active else 'inactive'}")


@users_cli.command("deactivate")
@click.argument("username")
def deactivate(username: str) -> None:
    """Block an account; its sessions end on the next request."""
    user = db.session.get(User, username)
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    user.active = False
    db.session.commit()
    click.echo(f"deactivated {username!r}")


signals_cli = AppGroup("signals", help="Anonymous signals of need: purge old unclassified messages, demo data.")


@signals_cli.command("purge")
def signals_purge() -> None:
    """Delete unclassified messages older than 30 days (the counts have no text and stay)."""
    deleted = purge(db.session)
    db.session.commit()
    click.echo(f"deleted {deleted} unclassified messages older than {RETENTION_DAYS} days")


@signals_cli.command("demo")
@click.option("--remove", is_flag=True, help="Delete the demo rows instead.")
def signals_demo(remove: bool) -> None:
    """Fill /admin/signals with a year of generated signals marked demo; refused when real signals exist."""
    if remove:
        demo.remove(db.session)
        db.session.commit()
        click.echo("demo signals removed")
        return
    try:
        rows = demo.fill(db.session)
    except demo.DemoRefusedError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"demo signals written: {rows} counts over 365 days (marked demo; --remove deletes them)")


nlu_cli = AppGroup("nlu", help="Data for the bot's NLU.")


@nlu_cli.command("unclassified")
@click.option("--export", "target", required=True, type=click.Path(dir_okay=False), help="YAML file to write.")
def nlu_unclassified(target: str) -> None:
    """Write the messages the bot asked back on or called out of scope as Rasa NLU YAML, for labelling."""
    count = export_unclassified(db.session, Path(target))
    click.echo(f"wrote {count} examples to {target} (intents TODO_asked_back, TODO_out_of_scope)")
