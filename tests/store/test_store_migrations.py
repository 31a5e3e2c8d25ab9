"""Alembic migrations: an empty database upgrades to head; a database at the first revision (with data)
upgrades cleanly; the migrated schema matches the tables the queries use."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from smartpick_core.store import open_store
from smartpick_core.store.database import current_revision, make_engine, migrate
from smartpick_core.store.models import metadata

HEAD = "0006"


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    names = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    return names


def test_an_empty_database_upgrades_to_head_with_every_table(database_url):
    open_store(database_url).close()
    assert {"students", "scenarios", "facts", "users", "alembic_version"} <= _tables(database_url)
    engine = make_engine(database_url)
    assert current_revision(engine) == HEAD
    engine.dispose()


def test_a_database_at_the_first_revision_upgrades_and_keeps_its_rows(database_url):
    engine = make_engine(database_url)
    migrate(engine, "0001")
    assert current_revision(engine) == "0001" and "users" not in _tables(database_url)
    now = dt.datetime(2026, 1, 1)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO students (owner, name, created_at, updated_at) "
                             "VALUES ('local', 'Amal', :t, :t)"), {"t": now})
    engine.dispose()
    store = open_store(database_url)
    assert [s.name for s in store.students("local")] == ["Amal"]
    store.add_user("ann", "correct horse")
    assert current_revision(store.engine) == HEAD
    store.close()


def test_opening_twice_is_a_no_op(database_url):
    open_store(database_url).close()
    store = open_store(database_url)
    assert current_revision(store.engine) == HEAD
    store.close()


def test_the_migrated_schema_matches_the_query_tables(database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    store = open_store(database_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    store.close()
    # names of unique constraints may differ between backends' reflection; tables and columns may not
    structural = [d for d in diff if not (isinstance(d, tuple) and d[0] in ("add_constraint", "remove_constraint",
                                                                             "add_index", "remove_index"))]
    assert structural == []
