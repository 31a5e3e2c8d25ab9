"""Where the data lives and how the database is opened: URL, engine settings, migrations.

    default_database_url()   env SMARTPICK_DATABASE_URL, else SQLite at $SMARTPICK_DATA_DIR/smartpick.db,
                             else ~/.smartpick/smartpick.db
    make_engine(url)         SQLite: WAL, foreign keys, busy timeout, synchronous=FULL, BEGIN IMMEDIATE for writes;
                             PostgreSQL: postgresql+psycopg (psycopg 3), pre-ping
    migrate(engine)          Alembic upgrade to head, serialised across processes (SQLite write lock,
                             PostgreSQL advisory lock) so several app processes may start at once
    check_revision(engine)   NewerSchemaError, before anything is written, for a revision this copy does not know
    describe_url(url)        the database by its role for messages: never a path, a host, a port or a password

Why WAL + synchronous=FULL + one transaction per save: a process killed mid-write leaves the last
transaction uncommitted, never a half-written earlier save; readers never block the writer.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Mapping
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .records import DISK_FULL_MESSAGE, NewerSchemaError, StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 15_000
DB_FILE_NAME = "smartpick.db"
_ADVISORY_LOCK_KEY = 1_131_220_611   # any constant: one migration at a time per PostgreSQL database


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """This server's data folder (SMARTPICK_DATA_DIR, else ~/.smartpick): the SQLite file, the sign-in marker and
    the session secret live here; with PostgreSQL the marker and the secret still do (they are this server's)."""
    env = os.environ if environ is None else environ
    return Path(env.get("SMARTPICK_DATA_DIR") or Path.home() / ".smartpick").expanduser()


def default_database_url(environ: Mapping[str, str] | None = None) -> str:
    """The configured database: SMARTPICK_DATABASE_URL, else a SQLite file in the data directory."""
    env = os.environ if environ is None else environ
    url = (env.get("SMARTPICK_DATABASE_URL") or "").strip()
    if url:
        return url
    return f"sqlite:///{data_dir(env) / DB_FILE_NAME}"


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// use psycopg 3 (the one PostgreSQL driver we pin)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def describe_url(url: str) -> str:
    """The database by its role, as messages show it. Never a password, a folder, a host or a port: messages
    reach the browser and logs, and a path or an address there tells a stranger where to look."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return "the configured database"
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return "the workspace database (SQLite, in memory)"
        path = Path(parsed.database)
        where = " in the data folder" if path.parent == data_dir() else ""
        return f"the workspace database (SQLite file {_file_name(path)}{where})"
    if parsed.get_backend_name() == "postgresql":
        return "the shared workspace database (PostgreSQL)"
    return "the configured database"


def _file_name(path: Path) -> str:
    """A file's own name, bounded and printable (a name, not a path)."""
    name = "".join(ch if ch.isprintable() else "?" for ch in path.name)
    return name if len(name) <= 60 else name[:57] + "..."


def is_disk_full(exc: BaseException) -> bool:
    """A write refused for lack of space or permission: SQLite FULL/READONLY, PostgreSQL 53100/25006, ENOSPC/EROFS."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
        return True
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) in ("53100", "25006") or getattr(orig, "pgcode", None) in ("53100", "25006"):
        return True
    text = str(orig).lower()
    return any(words in text for words in ("database or disk is full", "readonly database", "read-only database",
                                          "no space left on device", "disk quota exceeded"))


_ABSOLUTE_PATH = re.compile(r"(?<![\w.~])(?:[A-Za-z]:\\|/)[^\s\"',;()]*")
_QUOTED = re.compile(r'"[^"]*"')
_ADDRESS = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\[?[0-9a-fA-F]*:[0-9a-fA-F:]{2,}\]?|\bport \d+|:\d{2,5}\b")


def plain_reason(exc: BaseException) -> str:
    """The driver's first line in words a page may show: locked / full / unreachable said plainly, anything
    else with paths, quoted names, addresses and ports taken out."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, OSError) and orig.strerror:
        text = orig.strerror
    else:
        text = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    lowered = text.lower()
    if is_disk_full(exc):
        return "the disk is full or the file is read-only"
    if "database is locked" in lowered:
        return "database is locked by another program; try again in a moment"
    if "connection" in lowered and ("failed" in lowered or "refused" in lowered or "timeout" in lowered):
        return "the database server could not be reached; check that it runs and SMARTPICK_DATABASE_URL"
    if "password authentication failed" in lowered or "authentication" in lowered:
        return "the database server refused the sign-in; check the user and password in SMARTPICK_DATABASE_URL"
    text = _ADDRESS.sub("", _QUOTED.sub("...", _ABSOLUTE_PATH.sub("...", text)))
    return " ".join(text.split())[:160] or type(orig).__name__


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
        if is_disk_full(exc):
            raise StoreError(DISK_FULL_MESSAGE) from None
        raise StoreError(f"cannot create the workspace database file {_file_name(path)} "
                         f"({exc.strerror or type(exc).__name__}); set SMARTPICK_DATA_DIR to a writable folder") from None
    if path.is_dir():
        raise StoreError(f"the workspace database file {_file_name(path)} is a directory; set SMARTPICK_DATA_DIR "
                         "to another folder")


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


def known_revisions() -> frozenset[str]:
    """Every revision in this copy's migrations folder."""
    from alembic.script import ScriptDirectory
    return frozenset(script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions())


def _check_known(connection: sa.Connection) -> None:
    """NewerSchemaError when the database is stamped with a revision this copy does not have (reads only)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return
    stamped = [str(v) for v in connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()]
    unknown = [v for v in stamped if v not in known_revisions()]
    if unknown:
        shown = re.sub(r"[^A-Za-z0-9_.-]", "?", unknown[0])[:40]
        raise NewerSchemaError(shown)


def check_revision(engine: Engine) -> None:
    """Refuse a database written by a newer SmartPick before anything else touches it: its schema may have
    changed in ways this copy cannot see, so neither a migration nor any write is attempted."""
    with engine.connect() as connection:
        _check_known(connection)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to `revision` in one transaction, one process at a time (re-checked under the lock:
    a newer copy may have upgraded the database since check_revision)."""
    from alembic import command
    config = alembic_config()
    with write_connection(engine) as connection:
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
            _check_known(connection)
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
        raise StoreError(f"the database file is damaged (integrity check: {plain_reason(StoreError(str(result)))[:80]})")
