"""One JSON document with everything (students, scenarios, recorded facts, advisor accounts) and back.

    {"format": "smartpick-backup", "version": 1, "schema_revision": "0002", "exported_at": "...",
     "students": [...], "scenarios": [...], "facts": [...], "users": [...]}

Ids are kept, so links to a student or scenario still work after a restore. Restoring replaces
everything in one transaction: a malformed backup raises StoreError naming the table, row and
column, and changes nothing. Users carry argon2 hashes (never passwords).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

import sqlalchemy as sa

from . import models as m
from .records import StoreError

BACKUP_FORMAT = "smartpick-backup"
BACKUP_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return value


def export_tables(connection: sa.Connection) -> dict:
    data: dict[str, Any] = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION,
                            "exported_at": _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None).isoformat()}
    for table in m.TABLES_IN_ORDER:
        rows = connection.execute(sa.select(table).order_by(table.c.id)).mappings()
        data[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    for row in data["scenarios"]:
        row["profile"] = json.loads(row.pop("profile_json"))
    return data


def _convert(table: sa.Table, row: Any, index: int) -> dict:
    """One backup row -> column values of the right Python type, or StoreError naming where."""
    if not isinstance(row, dict):
        raise StoreError(f"backup: {table.name} row {index + 1} is not an object")
    row = dict(row)
    if table is m.scenarios:
        profile = row.pop("profile", None)
        if not isinstance(profile, dict):
            raise StoreError(f"backup: scenarios row {index + 1}, column profile: not an object")
        row["profile_json"] = json.dumps(profile, ensure_ascii=False, sort_keys=True)
    out: dict[str, _dt.datetime | _dt.date | int | str | None] = {}
    for column in table.columns:
        value = row.get(column.name)
        where = f"backup: {table.name} row {index + 1}, column {column.name}"
        if value is None:
            if not column.nullable:
                raise StoreError(f"{where}: missing")
            out[column.name] = None
            continue
        try:
            if isinstance(column.type, sa.DateTime):
                out[column.name] = _dt.datetime.fromisoformat(value)
            elif isinstance(column.type, sa.Date):
                out[column.name] = _dt.date.fromisoformat(value)
            elif isinstance(column.type, sa.Integer):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValueError("not a whole number")
                out[column.name] = value
            else:
                if not isinstance(value, str):
                    raise ValueError("not text")
                out[column.name] = value
        except (TypeError, ValueError) as exc:
            raise StoreError(f"{where}: {str(exc)[:80]}") from None
    return out


def restore_tables(connection: sa.Connection, data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise StoreError("backup: not a SmartPick backup (the 'format' is not smartpick-backup)")
    if data.get("version") != BACKUP_VERSION:
        raise StoreError(f"backup: version {str(data.get('version'))[:20]} is not supported (expected {BACKUP_VERSION})")
    converted = {}
    for table in m.TABLES_IN_ORDER:
        rows = data.get(table.name, [])
        if not isinstance(rows, list):
            raise StoreError(f"backup: '{table.name}' is not a list")
        converted[table.name] = [_convert(table, row, i) for i, row in enumerate(rows)]
    for table in reversed(m.TABLES_IN_ORDER):
        connection.execute(table.delete())
    try:
        for table in m.TABLES_IN_ORDER:
            if converted[table.name]:
                connection.execute(table.insert(), converted[table.name])
    except sa.exc.IntegrityError as exc:
        reason = str(exc.orig).splitlines()[0][:120]
        raise StoreError(f"backup: the rows do not fit together (a duplicate id or a scenario without its "
                         f"student: {reason}); nothing was changed") from None
    if connection.dialect.name == "postgresql":     # explicit ids: move each id sequence past the largest
        for table in m.TABLES_IN_ORDER:
            connection.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
