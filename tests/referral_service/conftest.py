"""Fixtures: apps over SQLite and (in CI or with TEST_POSTGRES_URL) PostgreSQL, and test data."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from referral_service import create_app
from referral_service.catalogue.files import read_data
from referral_service.catalogue.load import load_into
from referral_service.extensions import db

REPO = Path(__file__).resolve().parents[2]
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
GEBIEDEN = REPO / "data" / "regelingen" / "gebieden"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str | None:
    """The PostgreSQL test server, when this run should use one."""
    if os.environ.get("TEST_POSTGRES_URL"):
        return os.environ["TEST_POSTGRES_URL"]
    return DEFAULT_PG if os.environ.get("CI") == "true" else None


BACKENDS = ["sqlite"] + (["postgres"] if postgres_url() else [])


def pytest_configure(config: pytest.Config) -> None:
    # Warnings are errors here too, also when the root pyproject is not picked up.
    config.addinivalue_line("filterwarnings", "error")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fixture YAML plus the real gebieden CSVs and aliassen.yml."""
    root = tmp_path_factory.mktemp("data") / "regelingen"
    shutil.copytree(FIXTURE_DATA, root)
    shutil.copytree(GEBIEDEN, root / "gebieden")
    return root


class Databases:
    """Hands out fresh, empty databases on one backend and removes them afterwards."""

    def __init__(self, backend: str, tmp: Path) -> None:
        self.backend = backend
        self.tmp = tmp
        self.schemas: list[str] = []

    def new_url(self) -> str:
        """A URL to an empty database (SQLite file or PostgreSQL schema)."""
        name = f"rs_test_{uuid.uuid4().hex[:10]}"
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp / name}.db"
        base = postgres_url()
        assert base is not None
        self.execute(f'CREATE SCHEMA "{name}"')
        self.schemas.append(name)
        sep = "&" if "?" in base else "?"
        return f"{base}{sep}options=-csearch_path%3D{name}"

    def execute(self, sql: str) -> None:
        """Run one statement on the PostgreSQL server itself."""
        engine = create_engine(postgres_url() or DEFAULT_PG, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(sql))
        engine.dispose()

    def cleanup(self) -> None:
        """Drop every schema this session made."""
        for name in self.schemas:
            self.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture(scope="session", params=BACKENDS)
def databases(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """One Databases factory per backend for the whole session."""
    dbs = Databases(request.param, tmp_path_factory.mktemp(request.param))
    yield dbs
    dbs.cleanup()


def make_app(url: str) -> Flask:
    """A testing app on `url`."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})


def fill_with_users(url: str, data_dir: Path, users: dict[str, str], password_hash: str) -> None:
    """Create the schema, load the fixture data and add one user per name (name -> role)."""
    from referral_service.models import User

    app = make_app(url)
    with app.app_context():
        db.create_all()
        load_into(db.session, read_data(data_dir))
        db.session.add_all(User(username=n, password_hash=password_hash, role=r) for n, r in users.items())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def loaded_app(databases: Databases, data_dir: Path) -> Iterator[Flask]:
    """An app with the fixture data loaded once per backend (read-only tests)."""
    app = make_app(databases.new_url())
    with app.app_context():
        db.create_all()
        load_into(db.session, read_data(data_dir))
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(loaded_app: Flask) -> Any:
    """Test client of the loaded app."""
    return loaded_app.test_client()


@pytest.fixture
def empty_app(databases: Databases) -> Iterator[Flask]:
    """An app on a fresh empty schema, inside an app context (tests that write)."""
    app = make_app(databases.new_url())
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()
