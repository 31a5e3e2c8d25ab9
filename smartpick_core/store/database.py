"""Where the data lives and how the database is opened: URL, engine settings, migrations.

    default_database_url()   env SMARTPICK_DATABASE_URL, else SQLite at $SMARTPICK_DATA_DIR/smartpick.db,
                             else ~/.smartpick/smartpick.db
    make_engine(url)         SQLite: WAL, foreign keys, busy timeout, synchronous=FULL, BEGIN IMMEDIATE for writes;
                             PostgreSQL: postgresql+psycopg (psycopg 3), pre-ping
    migrate(engine)          Alembic upgrade to head, serialised across processes (SQLite write lock,
                             PostgreSQL advisory lock) so several app processes may start at once

Why WAL + synchronous=FULL + one transaction per save: a process killed mid-write leaves the last
transaction uncommitted, never a half-written earlier save; readers never block the writer.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .records import StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 15_000
DB_FILE_NAME = "smartpick.db"
_ADVISORY_LOCK_KEY = 1_131_220_611   # any constant: one migration at a time per PostgreSQL database


def default_database_url(environ: dict | None = None) -> str:
    """The configured database: SMARTPICK_DATABASE_URL, else a SQLite file in the data directory."""
    env = os.environ if environ is None else environ
    url = (env.get("SMARTPICK_DATABASE_URL") or "").strip()
    if url:
        return url
    directory = Path(env.get("SMARTPICK_DATA_DIR") or Path.home() / ".smartpick").expanduser()
    return f"sqlite:///{directory / DB_FILE_NAME}"


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// use psycopg 3 (the one PostgreSQL driver we pin)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def describe_url(url: str) -> str:
    """The database as messages show it: never a password."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return "the configured database URL"
    if parsed.get_backend_name() == "sqlite":
        return f"the database file {parsed.database or ':memory:'}"
    return f"the PostgreSQL database {parsed.database or ''} on {parsed.host or 'localhost'}"


def sqlite_path(url: str) -> Path | None:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder (private, 0700) and an empty private file (0600): student profiles are personal data."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreError(f"cannot create the database file {path} ({exc.strerror or type(exc).__name__}); "
                         "set SMARTPICK_DATA_DIR to a writable folder") from None
    if path.is_dir():
        raise StoreError(f"the database path {path} is a directory; set SMARTPICK_DATA_DIR to another folder")


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None      # we emit BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA secure_delete = ON")    # deleted rows are overwritten, not left in free pages
    cursor.close()


def _sqlite_begin(connection) -> None:
    """BEGIN IMMEDIATE for writes: take the write lock up front, so busy_timeout applies (no upgrade deadlock)."""
    write = connection.get_execution_options().get("smartpick_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError("the database URL is not valid (e.g. sqlite:///path/smartpick.db or "
                         "postgresql+psycopg://user@host/db)") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            _prepare_sqlite_file(path)
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    raise StoreError(f"unsupported database {backend!r}: use SQLite (sqlite:///FILE) or PostgreSQL "
                     "(postgresql+psycopg://...)")


def write_connection(engine: Engine) -> sa.Connection:
    """A connection whose transactions take the write lock at BEGIN (SQLite); plain on PostgreSQL."""
    return engine.connect().execution_options(smartpick_write=True)


def forget_deleted(engine: Engine) -> None:
    """SQLite: checkpoint and truncate the write-ahead log, so a deleted profile leaves no copy in the WAL file
    (with secure_delete the database pages are already zeroed). Best effort: a busy reader may delay it."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def alembic_config():
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to `revision` in one transaction, one process at a time."""
    from alembic import command
    config = alembic_config()
    with write_connection(engine) as connection:
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_integrity(engine: Engine) -> None:
    """SQLite: PRAGMA quick_check must say ok (a damaged file is reported, not used)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        result = connection.exec_driver_sql("PRAGMA quick_check").scalar()
    if result != "ok":
        raise StoreError(f"the database file is damaged (integrity check: {str(result)[:80]})")
