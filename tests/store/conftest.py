"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

PostgreSQL: SMARTPICK_TEST_POSTGRES_URL if set (a server you run), else a throwaway cluster started once
per session (store_pg_server.py; `make test` installs Debian's postgresql first). If it cannot be
started the PostgreSQL tests FAIL (never skip): `make postgres` installs the server.
Each test gets its own fresh database (SQLite file in tmp_path / CREATE DATABASE on the server).
"""

from __future__ import annotations

import os
import uuid

import pytest

from store_pg_server import PostgresUnavailable, TempCluster, wait_ready

BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="session")
def postgres_server_url():
    """URL of a PostgreSQL server's maintenance database (postgres), started if needed."""
    given = os.environ.get("SMARTPICK_TEST_POSTGRES_URL")
    if given:
        wait_ready(given)
        yield given
        return
    cluster = TempCluster()
    try:
        url = cluster.start()
        wait_ready(url)
    except (PostgresUnavailable, OSError) as exc:
        cluster.stop()
        pytest.fail(f"PostgreSQL could not be started for the store tests: {exc} "
                    "(make postgres installs Debian's postgresql)", pytrace=False)
    os.environ["SMARTPICK_TEST_POSTGRES_URL"] = url
    yield url
    os.environ.pop("SMARTPICK_TEST_POSTGRES_URL", None)
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_server_url):
    """A fresh empty database on the server, dropped afterwards."""
    import psycopg
    name = "smartpick_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(_plain(postgres_server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = postgres_server_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(_plain(postgres_server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """An empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'smartpick.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(database_url):
    from smartpick_core.store import open_store
    opened = open_store(database_url)
    yield opened
    opened.close()
