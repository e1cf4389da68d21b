"""Steunwijzer referral service: the database the bot, the staff lookup and the admin read."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from . import security
from .answering.cache import DataCache
from .answering.queries import IndexCache
from .config import REPO_ROOT, load_settings
from .extensions import db, migrate

MIGRATIONS = str(REPO_ROOT / "referral_service" / "migrations")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Application factory; `config` overrides settings read from the environment."""
    app = Flask(__name__, instance_path=str(REPO_ROOT / "instance"))
    app.config.update(load_settings(config))
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        (REPO_ROOT / "instance").mkdir(exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    # Answers, referrals and the resolver index, kept per data version (answering/cache.py).
    app.extensions["data_cache"] = DataCache()
    app.extensions["resolver_index"] = IndexCache(app.extensions["data_cache"])
    register_blueprints(app)
    security.init_app(app)
    if hops := app.config["PROXY_HOPS"]:
        # Behind reverse proxies (compose: Caddy) the client address is in X-Forwarded-For; trust that many hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    from .cli import data_cli

    app.cli.add_command(data_cli)
    return app


def register_blueprints(app: Flask) -> None:
    """API, staff lookup, admin, and the resident chat widget."""
    from . import errors
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .chat import bp as chat_bp
    from .chat import demo
    from .lookup import bp as lookup_bp
    from .signals import bp as signals_bp  # before api_bp is registered: it adds /api/v1/signals to it

    for bp in (api_bp, lookup_bp, admin_bp, chat_bp, signals_bp):
        app.register_blueprint(bp)
    # Residents land on the chat page at the root; the widget's files stay under /chat.
    app.add_url_rule("/", "index", demo)
    errors.register(app)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless asked per connection.
    if type(dbapi_connection).__module__ == "sqlite3":
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
