"""Workspaces for the signed-in browser tests: a fresh database on SQLite or on the run's PostgreSQL server
(conftest.postgres_server)."""

from __future__ import annotations

import uuid
from contextlib import contextmanager


@contextmanager
def postgres_database(server: str):
    """A fresh database on `server` (its URL), dropped afterwards."""
    import psycopg

    plain = server.replace("postgresql+psycopg://", "postgresql://")
    name = "smartpick_e2e_" + uuid.uuid4().hex[:12]
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def workspace_database(request, backend: str):
    """The database URL of a fresh workspace: "" for SQLite (the app's file in SMARTPICK_DATA_DIR), else a new
    database on the run's PostgreSQL server."""
    if backend == "postgresql":
        with postgres_database(request.getfixturevalue("postgres_server")) as url:
            yield url
    else:
        yield ""
