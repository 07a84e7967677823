"""Shared fixtures: databases (SQLite always, PostgreSQL when the local server answers).

Outside CI a missing PostgreSQL skips its tests with the reason in the summary; when the
environment variable `CI` is set (to anything but empty, 0 or false) it fails them instead, so
CI can never go green without having run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get(
    "THIDUABOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
SAMPLES = Path(__file__).resolve().parent.parent / "knowledge" / "samples"


def _pg_admin_connect():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        with _pg_admin_connect() as conn:
            conn.execute("select 1")
        return None
    except Exception as exc:  # any failure means: no server here
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}"


@pytest.fixture(scope="session")
def pg_reason() -> str | None:
    """Why PostgreSQL tests skip, or None when they can run."""
    return _pg_available()


def in_ci() -> bool:
    """Whether the run is CI's (env `CI` set and not a false-like value)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
def pg_url(pg_reason: str | None) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    if pg_reason:
        if in_ci():
            pytest.fail(f"{pg_reason} (CI is set: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(pg_reason)
    name = f"thiduabot_test_{uuid.uuid4().hex[:12]}"
    with _pg_admin_connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with _pg_admin_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file database for one test."""
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def samples_dir() -> Path:
    """The bundled sample documents."""
    return SAMPLES
