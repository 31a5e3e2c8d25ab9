"""One JSON document with everything (students, scenarios, recorded facts, advisor accounts) and back.

    {"format": "smartpick-backup", "version": 1, "schema_revision": "0002", "exported_at": "...",
     "students": [...], "scenarios": [...], "facts": [...], "users": [...]}

Why generic: the tables are models.TABLES_IN_ORDER (in the metadata's parents-before-children order) and their
columns come from the SQLAlchemy metadata, so a table or column added by a later migration is exported, checked
and restored without a change here (a table left out of TABLES_IN_ORDER, like sign-in attempts, is not data
worth a backup). A column named `<x>_json` is written as the parsed value under `<x>` (scenarios: `profile`).
A backup written before a column existed still restores (the column's default, else NULL); a table or column
this version does not know is refused rather than silently dropped.

Ids are kept, so links to a student or scenario still work after a restore. check_backup() looks at the whole
file before anything is changed: types and lengths per column, ids in range, duplicate ids and names, every
reference (a scenario's student is in the file and has the same owner). A problem is one StoreError line
naming the table, row and problem. Users carry argon2 hashes (never passwords), so backup files are written
readable by their owner only. The preview and the careful restore are restore.py.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import tempfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from . import models as m
from .records import MAX_PROFILE_JSON_CHARS, StoreError
from ..text import quote, shorten

BACKUP_FORMAT = "smartpick-backup"
BACKUP_VERSION = 1
META_KEYS = frozenset({"format", "version", "exported_at", "schema_revision"})
ACCOUNT_TABLE = "users"
SESSION_EPOCH = "session_epoch"        # users column from revision 0003, when the schema has it
SAFETY_BACKUP_PREFIX = "smartpick-backup-"
_JSON_SUFFIX = "_json"
_JSON_OBJECT_COLUMNS = {("scenarios", "profile_json")}     # the store reads these as dicts

Key = tuple[Any, ...]


def backup_tables() -> list[sa.Table]:
    """The tables a backup holds, parents before children (the order rows are inserted in)."""
    return [t for t in m.metadata.sorted_tables if t in m.TABLES_IN_ORDER]


def is_account_table(table: sa.Table) -> bool:
    """Accounts are restored only when asked for; a later account table marks itself with info={"accounts": True}."""
    return table.name == ACCOUNT_TABLE or bool(table.info.get("accounts"))


def backup_key(column: sa.Column) -> str:
    """The column's key in a backup row: `profile_json` is written as the object itself under `profile`."""
    name = column.name
    return name[: -len(_JSON_SUFFIX)] if name.endswith(_JSON_SUFFIX) else name


def primary_key(table: sa.Table, row: Mapping[str, Any]) -> Key:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _plain(value: Any) -> Any:
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return value


def _schema_revision(connection: sa.Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext
    return MigrationContext.configure(connection).get_current_revision()


def export_tables(connection: sa.Connection) -> dict:
    data: dict[str, Any] = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION,
                            "schema_revision": _schema_revision(connection),
                            "exported_at": _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None).isoformat()}
    for table in backup_tables():
        rows = connection.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings()
        out = []
        for row in rows:
            plain = {}
            for column in table.columns:
                value = row[column.name]
                if column.name.endswith(_JSON_SUFFIX) and isinstance(value, str):
                    value = json.loads(value)
                plain[backup_key(column)] = _plain(value)
            out.append(plain)
        data[table.name] = out
    return data


# --- checking a backup before anything is changed ------------------------------------------------------------
@dataclass(frozen=True)
class CheckedBackup:
    """A backup whose every row passed the checks: column values of the right Python type, per table."""

    rows: dict[str, list[dict[str, Any]]]      # every schema table; [] when the file has none
    absent: frozenset[str]                     # tables the file does not mention (written before they existed)
    exported_at: str


def _int_range(column: sa.Column, dialect: str) -> tuple[int, int]:
    """What the column can hold on this backend; ids and references are positive."""
    kind = column.type
    if isinstance(kind, sa.SmallInteger):
        high = 2**15 - 1
    elif isinstance(kind, sa.BigInteger) or dialect != "postgresql":
        high = 2**63 - 1
    else:
        high = 2**31 - 1                       # PostgreSQL integer / serial
    low = 1 if column.primary_key or column.foreign_keys else -high - 1
    return low, high


def _value(table: sa.Table, column: sa.Column, value: Any, dialect: str) -> Any:
    """One backup value as the column stores it, or ValueError saying what is wrong with it."""
    kind = column.type
    if column.name.endswith(_JSON_SUFFIX) and isinstance(kind, sa.String):
        if (table.name, column.name) in _JSON_OBJECT_COLUMNS and not isinstance(value, dict):
            raise ValueError("not an object")
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if (table.name, column.name) in _JSON_OBJECT_COLUMNS and len(text) > MAX_PROFILE_JSON_CHARS:
            raise ValueError(f"longer than {MAX_PROFILE_JSON_CHARS} characters")
        return text
    if isinstance(kind, sa.JSON):
        return value
    if isinstance(kind, sa.Boolean):
        if not isinstance(value, bool):
            raise ValueError("not true or false")
        return value
    if isinstance(kind, sa.DateTime):
        if not isinstance(value, str):
            raise ValueError("not a date and time")
        moment = _dt.datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return moment
    if isinstance(kind, sa.Date):
        if not isinstance(value, str):
            raise ValueError("not a date")
        return _dt.date.fromisoformat(value)
    if isinstance(kind, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("not a whole number")
        low, high = _int_range(column, dialect)
        if not low <= value <= high:
            raise ValueError(f"{shorten(value, 30)} is out of range ({low} to {high})")
        return value
    if isinstance(kind, (sa.Float, sa.Numeric)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError("not a number")
        return value
    if isinstance(kind, sa.Enum):
        if value not in kind.enums:
            raise ValueError(f"not one of {', '.join(kind.enums)}")
        return value
    if isinstance(kind, sa.String):
        if not isinstance(value, str):
            raise ValueError("not text")
        if "\x00" in value:
            raise ValueError("contains a NUL character")
        if kind.length is not None and len(value) > kind.length:
            raise ValueError(f"longer than {kind.length} characters")
        return value
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise ValueError("not a plain value")
    return value


def _missing(column: sa.Column) -> tuple[bool, Any]:
    """A column the row does not have (a backup older than the column): (use it, value); omitted -> server default."""
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return True, getattr(default, "arg", None)
    if column.server_default is not None:
        return False, None
    if column.nullable:
        return True, None
    raise ValueError("missing")


def _convert(table: sa.Table, row: Any, index: int, dialect: str) -> dict[str, Any]:
    """One backup row -> column values of the right Python type, or StoreError naming where."""
    where = f"backup: {table.name} row {index + 1}"
    if not isinstance(row, dict):
        raise StoreError(f"{where} is not an object")
    keys = {backup_key(column): column for column in table.columns}
    unknown = sorted(str(k) for k in row if k not in keys)
    if unknown:
        raise StoreError(f"{where}: column {quote(unknown[0])} is not known to this version of SmartPick")
    out: dict[str, Any] = {}
    for key, column in keys.items():
        try:
            if row.get(key) is None:
                if key in row and not column.nullable:
                    raise ValueError("missing")
                use, value = (True, None) if key in row else _missing(column)
                if use:
                    out[column.name] = value
            else:
                out[column.name] = _value(table, column, row[key], dialect)
        except (TypeError, ValueError, OverflowError) as exc:
            raise StoreError(f"{where}, column {key}: {shorten(exc, 80)}") from None
    return out


def _row_name(table: sa.Table, index: int, row: Mapping[str, Any]) -> str:
    key = primary_key(table, row)
    shown = ", ".join(shorten(v, 30) for v in key)
    return f"backup: {table.name} row {index + 1} ({'id' if len(key) == 1 else 'key'} {shown})"


def _unique_sets(table: sa.Table) -> list[tuple[str, ...]]:
    sets = {tuple(c.name for c in con.columns) for con in table.constraints if isinstance(con, sa.UniqueConstraint)}
    sets |= {(c.name,) for c in table.columns if c.unique}
    return sorted(s for s in sets if s)


def _check_unique(table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Duplicate ids, and duplicates of any unique column set (a student name twice for one owner)."""
    pk = tuple(c.name for c in table.primary_key.columns)
    for names in [pk, *_unique_sets(table)]:
        seen: dict[Key, int] = {}
        for index, row in enumerate(rows):
            if any(n not in row for n in names):
                continue
            value = tuple(row[n] for n in names)
            if any(v is None for v in value):
                continue
            if value in seen:
                what = " and ".join(names)
                shown = ", ".join(quote(v, 30) if isinstance(v, str) else shorten(v, 30) for v in value)
                raise StoreError(f"backup: {table.name} row {index + 1}: {what} {shown} appears twice "
                                 f"(also row {seen[value] + 1})")
            seen[value] = index


def _check_references(table: sa.Table, rows: list[dict[str, Any]],
                      parents: Mapping[str, Mapping[Key, Mapping[str, Any]]]) -> None:
    """Every reference points at a row that will be there, of the same owner when both rows have one."""
    for constraint in table.foreign_key_constraints:
        local = [c.name for c in constraint.columns]
        target = constraint.referred_table
        remote = [element.column.name for element in constraint.elements]
        by_key = {tuple(row.get(n) for n in remote): row for row in parents.get(target.name, {}).values()}
        for index, row in enumerate(rows):
            value = tuple(row.get(n) for n in local)
            if any(v is None for v in value):
                continue
            parent = by_key.get(value)
            shown = ", ".join(shorten(v, 30) for v in value)
            if parent is None:
                raise StoreError(f"{_row_name(table, index, row)}: {' and '.join(local)} {shown} is not a "
                                 f"{target.name} row in the backup")
            if "owner" in row and "owner" in parent and row["owner"] != parent["owner"]:
                raise StoreError(f"{_row_name(table, index, row)}: it belongs to {quote(row['owner'])} but its "
                                 f"{target.name} row {shown} belongs to {quote(parent['owner'])}")


def check_backup(data: Any, *, dialect: str = "sqlite",
                 kept: Mapping[str, Mapping[Key, Mapping[str, Any]]] | None = None) -> CheckedBackup:
    """The whole file checked, or StoreError (one line: table, row, problem). `kept`: tables that are not
    restored (accounts kept as they are), whose current rows the file's references must then point at."""
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise StoreError("backup: not a SmartPick backup (the 'format' is not smartpick-backup)")
    if data.get("version") != BACKUP_VERSION:
        raise StoreError(f"backup: version {shorten(data.get('version'), 20)} is not supported "
                         f"(expected {BACKUP_VERSION})")
    tables = backup_tables()
    names = {t.name for t in tables}
    for key, value in data.items():
        if key not in META_KEYS and key not in m.metadata.tables and isinstance(value, list):
            raise StoreError(f"backup: table {quote(key)} is not known to this version of SmartPick (a backup from "
                             "a newer version?); nothing was changed")
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        given = data.get(table.name, [])
        if not isinstance(given, list):
            raise StoreError(f"backup: '{table.name}' is not a list")
        rows[table.name] = [_convert(table, row, i, dialect) for i, row in enumerate(given)]
    for table in tables:
        _check_unique(table, rows[table.name])
    kept = kept or {}
    parents = {t.name: kept[t.name] if t.name in kept else {primary_key(t, r): r for r in rows[t.name]}
               for t in tables}
    for table in tables:
        _check_references(table, rows[table.name], parents)
    exported = data.get("exported_at")
    return CheckedBackup(rows=rows, absent=frozenset(n for n in names if n not in data),
                         exported_at=shorten(exported, 40) if exported else "")


# --- replacing tables -------------------------------------------------------------------------------------------
def lock_tables(connection: sa.Connection, tables: Sequence[sa.Table]) -> None:
    """PostgreSQL: no save lands between reading the workspace and replacing it (reads go on).
    SQLite's BEGIN IMMEDIATE (write_connection) already holds the write lock."""
    if connection.dialect.name == "postgresql" and tables:
        names = ", ".join(connection.dialect.identifier_preparer.format_table(t) for t in tables)
        connection.execute(sa.text(f"LOCK TABLE {names} IN EXCLUSIVE MODE"))


def replace_tables(connection: sa.Connection, checked: CheckedBackup, tables: Collection[sa.Table]) -> None:
    """Delete and insert the given tables inside the caller's transaction (the others stay as they are)."""
    chosen = [t for t in backup_tables() if t in tables]
    try:
        for table in reversed(chosen):
            connection.execute(table.delete())
        for table in chosen:
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for row in checked.rows[table.name]:         # rows without a server-default column go in apart
                groups.setdefault(tuple(sorted(row)), []).append(row)
            for group in groups.values():
                connection.execute(table.insert(), group)
    except sa.exc.IntegrityError as exc:
        reason = str(exc.orig).splitlines()[0][:120]
        raise StoreError(f"backup: the rows do not fit together ({reason}); nothing was changed") from None
    except sa.exc.DataError as exc:
        reason = str(exc.orig).splitlines()[0][:120]
        raise StoreError(f"backup: the database refused a row ({reason}); nothing was changed") from None
    if connection.dialect.name == "postgresql":     # explicit ids: move each id sequence past the largest
        for table in chosen:
            if "id" in table.c and table.c.id.primary_key and isinstance(table.c.id.type, sa.Integer):
                quoted = connection.dialect.identifier_preparer.format_table(table)
                connection.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence(:name, 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {quoted}), 0) + 1, false)"), {"name": quoted})


def session_epochs(connection: sa.Connection) -> dict[str, int]:
    """Each account's session epoch (a session token carries it; +1 ends every session), if the schema has it."""
    if SESSION_EPOCH not in m.users.c:
        return {}
    query = sa.select(m.users.c.name, m.users.c[SESSION_EPOCH])
    return {row[0]: int(row[1] or 0) for row in connection.execute(query)}


def carry_session_epochs(connection: sa.Connection, before: Mapping[str, int], *, end_sessions: bool) -> None:
    """Restored accounts never go back to an older session epoch: a token that was ended (signed out, locked,
    password changed) must not come back with an older users table. end_sessions: +1, everyone signs in again."""
    if SESSION_EPOCH not in m.users.c:
        return
    column = m.users.c[SESSION_EPOCH]
    for row in connection.execute(sa.select(m.users.c.id, m.users.c.name, column)).all():
        epoch = max(int(row[2] or 0), before.get(row[1], 0)) + (1 if end_sessions else 0)
        if epoch != row[2]:
            connection.execute(m.users.update().where(m.users.c.id == row[0]).values({SESSION_EPOCH: epoch}))


def restore_tables(connection: sa.Connection, data: Any) -> None:
    """Replace every table with no preview and no safety backup (Store.restore_all; the CLI and the app use
    restore.apply_restore). Checked first: a bad backup changes nothing. A backup without accounts keeps the
    accounts here: a restore never switches sign-in off."""
    tables = backup_tables()
    lock_tables(connection, tables)
    given = data.get(ACCOUNT_TABLE) if isinstance(data, dict) else None
    has_accounts = connection.execute(sa.select(sa.func.count()).select_from(m.users)).scalar_one() > 0
    keep = has_accounts and not (isinstance(given, list) and given)
    kept: dict[str, dict[Key, dict[str, Any]]] = {}
    for table in tables:
        if keep and is_account_table(table):
            rows = [dict(row) for row in connection.execute(sa.select(table)).mappings()]
            kept[table.name] = {primary_key(table, row): row for row in rows}
    checked = check_backup(data, dialect=connection.dialect.name, kept=kept)
    before = session_epochs(connection)
    replace_tables(connection, checked, [t for t in tables if t.name not in kept])
    if not keep:
        carry_session_epochs(connection, before, end_sessions=False)


# --- files ------------------------------------------------------------------------------------------------------
def backup_text(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def _private_open_flags() -> int:
    return os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _write_fd(handle: int, text: str) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(handle, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def write_backup(path: Path, data: Mapping[str, Any]) -> None:
    """Atomically (temp file + rename), owner-only (0600) before the first byte: it holds personal data and
    password hashes."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(dir=directory, prefix=".smartpick-", suffix=".tmp")
    except OSError as exc:
        raise StoreError(f"cannot write {shorten(path.name, 80)} ({exc.strerror or type(exc).__name__})") from None
    try:
        _write_fd(handle, backup_text(data))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def safety_backup_name(moment: _dt.datetime, attempt: int = 1) -> str:
    """smartpick-backup-2026-12-07T0412.json; -2, -3 ... when that minute already has one."""
    suffix = "" if attempt == 1 else f"-{attempt}"
    return f"{SAFETY_BACKUP_PREFIX}{moment:%Y-%m-%dT%H%M}{suffix}.json"


def write_safety_backup(folder: Path, data: Mapping[str, Any], moment: _dt.datetime | None = None) -> Path:
    """A new file in `folder` (never over an earlier one), owner-only, flushed to disk before the restore runs."""
    moment = moment or _dt.datetime.now()
    text = backup_text(data)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for attempt in range(1, 1000):
            path = folder / safety_backup_name(moment, attempt)
            try:
                handle = os.open(path, _private_open_flags(), 0o600)
            except FileExistsError:
                continue
            try:
                _write_fd(handle, text)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            return path
    except OSError as exc:
        raise StoreError(f"cannot write the safety backup in the data folder ({exc.strerror or type(exc).__name__}); "
                         "nothing was changed") from None
    raise StoreError("cannot write the safety backup in the data folder (too many for this minute); "
                     "nothing was changed")
