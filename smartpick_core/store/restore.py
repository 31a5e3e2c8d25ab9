"""Restore that cannot surprise: first what a backup would add, remove and change, in words; then, only when
asked, a safety backup of the current workspace and the restore itself, in one transaction.

    preview = restore_preview(store, data)                 # StoreError (one line) for a bad file; changes nothing
    preview.lines()                                        # counts and rows in words, for the CLI and the Data page
    path = apply_restore(store, data, preview=preview)     # safety backup first; returns its path

Why: a restore replaces the workspace, so the advisor sees beforehand which students, scenarios, facts and
accounts go or come, and can undo it with the safety backup. Accounts are kept unless include_accounts is
asked for, and a restore never removes every account: that would switch sign-in off without anyone deciding
it. Generic over the schema's tables (backup.backup_tables), so a table added later shows up here too.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from . import models as m
from .backup import (
    ACCOUNT_TABLE, SESSION_EPOCH, CheckedBackup, Key, backup_key, backup_tables, carry_session_epochs, check_backup,
    export_tables, is_account_table, lock_tables, primary_key, replace_tables, session_epochs, write_safety_backup,
)
from .database import describe_url, forget_deleted, sqlite_path, write_connection
from .records import LOCAL_OWNER, StoreError
from ..text import shorten

if TYPE_CHECKING:
    from .store import Store

LIST_LIMIT = 20                       # rows named per table and kind in lines(); the counts are always complete
_WORDS = {"users": "accounts"}
_COLUMN_WORDS = {"password_hash": "password", "session_epoch": "sign-in sessions", "locked_at": "lock"}
Rows = dict[str, dict[Key, dict[str, Any]]]     # table name -> primary key -> column values


@dataclass(frozen=True)
class TableChange:
    """What a restore does to one table: rows named in words (never a password hash) and counts."""

    table: str                        # the name in the backup file ("users")
    words: str                        # what a person calls it ("accounts")
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: int
    in_backup: int
    here: int
    applies: bool = True              # False: kept as it is (accounts without include_accounts)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def counts(self) -> str:
        return (f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed, "
                f"{self.unchanged} unchanged")


@dataclass(frozen=True)
class RestorePreview:
    """Everything a restore would do, as plain words and counts; computing it changes nothing."""

    tables: tuple[TableChange, ...]
    notes: tuple[str, ...]            # sentences about accounts and sign-in, tables the backup predates
    include_accounts: bool
    accounts_replaced: bool
    workspace_empty: bool             # nothing here to lose
    exported_at: str
    fingerprint: str                  # the workspace and the backup; apply_restore refuses when either moved

    @property
    def has_changes(self) -> bool:
        return any(t.applies and t.has_changes for t in self.tables)

    def table(self, name: str) -> TableChange:
        return next(t for t in self.tables if t.table == name)

    def lines(self, limit: int = LIST_LIMIT) -> list[str]:
        """Per table a line of counts, then up to `limit` rows per kind (+ added, - removed, ~ changed)."""
        out: list[str] = []
        for change in self.tables:
            if not (change.here or change.in_backup):
                continue
            if not change.applies:
                head = f"{change.words}: kept as they are ({change.here} here)"
                if change.has_changes:
                    head += f"; restoring them would give {change.counts()}"
                out.append(head)
            elif change.has_changes:
                out.append(f"{change.words}: {change.counts()}")
            else:
                out.append(f"{change.words}: no change ({change.unchanged} the same)")
            tail = "" if change.applies else " (not restored)"
            for mark, rows in (("+", change.added), ("-", change.removed), ("~", change.changed)):
                out += [f"  {mark} {words}{tail}" for words in rows[:limit]]
                if len(rows) > limit:
                    out.append(f"  {mark} ... and {len(rows) - limit} more")
        return out + list(self.notes)

    def summary(self) -> str:
        """What the workspace holds after the restore, in one line."""
        parts = [f"{t.in_backup if t.applies else t.here} {t.words}" for t in self.tables]
        kept = [t.words for t in self.tables if not t.applies]
        return ", ".join(parts) + (f" ({' and '.join(kept)} kept as they were)" if kept else "")


# --- rows in words -------------------------------------------------------------------------------------------
def table_words(name: str) -> str:
    return _WORDS.get(name, name.replace("_", " "))


def _owner(row: Mapping[str, Any]) -> str:
    owner = row.get("owner")
    return "" if owner in (None, LOCAL_OWNER) else f" ({shorten(owner, 40)})"


def _short(table: sa.Table, row: Mapping[str, Any] | None, key: Key) -> str:
    if row is None:
        return f"{table.name} #{shorten(', '.join(map(str, key)), 30)}"
    if table.name == m.students.name:
        return f"{shorten(row['name'], 60)}{_owner(row)}"
    return describe_row(table, row, {})


def describe_row(table: sa.Table, row: Mapping[str, Any], rows: Rows) -> str:
    """'student Amal', 'scenario base of Amal', 'fact sponsors_j1 of im-x: yes', 'account bob'; other tables:
    their name column (or id), then what they belong to. `rows`: the same side's rows, for the parents' names."""
    name = table.name
    if name == m.students.name:
        return f"student {shorten(row['name'], 60)}{_owner(row)}"
    if name == m.facts.name:
        retracted = " (retracted)" if row.get("retracted_at") is not None else ""
        return (f"fact {shorten(row['field'], 40)} of {shorten(row['program_id'], 60)}: "
                f"{shorten(row['value'], 30)}{retracted}")
    if name == ACCOUNT_TABLE:
        return f"account {shorten(row['name'], 60)}"
    if name == m.outcome_seasons.name:          # "outcomes 2026 of Amal", a superseded version marked
        student = rows.get(m.students.name, {}).get((row.get("student_id"),))
        earlier = "" if row.get("superseded_at") is None else " (earlier version)"
        return f"outcomes {row.get('season')} of {_short(m.students, student, (row.get('student_id'),))}{earlier}"
    if name == m.outcome_applications.name:     # "application to im-x in outcomes 2026 of Amal"
        season = rows.get(m.outcome_seasons.name, {}).get((row.get("outcome_season_id"),))
        where = (describe_row(m.outcome_seasons, season, rows) if season is not None
                 else f"outcome season #{row.get('outcome_season_id')}")
        return f"application to {shorten(row.get('program_id') or row.get('program_name') or '?', 60)} in {where}"
    label = row.get("name")
    if label is None:
        label = "#" + ", ".join(str(v) for v in primary_key(table, row))
    words = f"{'scenario' if name == m.scenarios.name else table_words(name)} {shorten(label, 60)}"
    for constraint in table.foreign_key_constraints:
        parent_table = constraint.referred_table
        key = tuple(row.get(c.name) for c in constraint.columns)
        if any(v is None for v in key):
            continue
        parent = rows.get(parent_table.name, {}).get(key)
        words += f" of {_short(parent_table, parent, key)}"
    if name == m.scenarios.name:
        return words
    return words + (_owner(row) if "owner" in row else "")


def _comparable(table: sa.Table, row: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        if backup_key(column) != column.name and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        out[column.name] = value
    return out


def _changed_columns(table: sa.Table, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    before, after = _comparable(table, old), _comparable(table, new)
    return [_COLUMN_WORDS.get(c.name, backup_key(c)) for c in table.columns
            if c.name in new and before.get(c.name) != after.get(c.name)]


def _table_change(table: sa.Table, current: Rows, incoming: Rows, applies: bool) -> TableChange:
    here, there = current[table.name], incoming[table.name]
    added = tuple(describe_row(table, there[k], incoming) for k in there if k not in here)
    removed = tuple(describe_row(table, here[k], current) for k in here if k not in there)
    changed = []
    unchanged = 0
    for key in there:
        if key not in here:
            continue
        columns = _changed_columns(table, here[key], there[key])
        if not columns:
            unchanged += 1
            continue
        new, old = describe_row(table, there[key], incoming), describe_row(table, here[key], current)
        was = f" (was {old})" if old != new else ""
        changed.append(f"{new}{was}: {', '.join(columns)} changed")
    return TableChange(table=table.name, words=table_words(table.name), added=added, removed=removed,
                       changed=tuple(changed), unchanged=unchanged, in_backup=len(there), here=len(here),
                       applies=applies)


# --- reading the workspace and planning ------------------------------------------------------------------------
def _read_current(connection: sa.Connection) -> Rows:
    current: Rows = {}
    for table in backup_tables():
        found = connection.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings()
        rows = [dict(row) for row in found]
        current[table.name] = {primary_key(table, row): row for row in rows}
    return current


def _display_order(table: sa.Table) -> tuple[int, str]:
    known = [t.name for t in m.TABLES_IN_ORDER]
    return (known.index(table.name) if table.name in known else len(known), table.name)


def _fingerprint(current: Rows, data: Any) -> str:
    rows = [[name, [[list(k), v] for k, v in current[name].items()]] for name in sorted(current)]
    text = json.dumps(rows, sort_keys=True, default=str) + json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _plan(connection: sa.Connection, data: Any, include_accounts: bool) -> tuple[CheckedBackup, RestorePreview]:
    """Check the file against the workspace as it is now, and say what a restore would do."""
    current = _read_current(connection)
    given_accounts = data.get(ACCOUNT_TABLE) if isinstance(data, dict) else None
    backup_has_accounts = isinstance(given_accounts, list) and len(given_accounts) > 0
    accounts_here = len(current[ACCOUNT_TABLE])
    replace_accounts = include_accounts and (backup_has_accounts or accounts_here == 0)
    tables = backup_tables()
    kept = {} if replace_accounts else {t.name: current[t.name] for t in tables if is_account_table(t)}
    checked = check_backup(data, dialect=connection.dialect.name, kept=kept)
    incoming: Rows = {t.name: {primary_key(t, row): row for row in checked.rows[t.name]} for t in tables}
    if not backup_has_accounts:         # a backup without accounts never removes them: nothing to show
        incoming |= {name: current[name] for name in kept}
    changes = tuple(_table_change(t, current, incoming, replace_accounts or not is_account_table(t))
                    for t in sorted(tables, key=_display_order))
    notes = []
    accounts = next(c for c in changes if c.table == ACCOUNT_TABLE)
    if accounts_here and not backup_has_accounts:
        notes.append(f"The backup has no accounts: the {accounts_here} accounts here stay (a restore never "
                     "switches sign-in off).")
    elif not replace_accounts and accounts.has_changes:
        notes.append(f"Accounts are kept as they are ({accounts_here} here, {accounts.in_backup} in the backup); "
                     "restore with accounts included (--include-accounts) to replace them.")
    elif replace_accounts and accounts_here == 0 and backup_has_accounts:
        notes.append(f"Sign-in will be required from now on: the backup has {accounts.in_backup} accounts.")
    elif replace_accounts and accounts.has_changes and SESSION_EPOCH in m.users.c:
        notes.append("Every advisor signs in again after the restore (the accounts are replaced).")
    for change in changes:
        if change.table in checked.absent and change.applies and change.here:
            notes.append(f"The backup has no {change.words} (it was written before them): the {change.here} "
                         "here would be removed.")
    preview = RestorePreview(tables=changes, notes=tuple(notes), include_accounts=include_accounts,
                             accounts_replaced=replace_accounts,
                             workspace_empty=not any(current[t.name] for t in tables),
                             exported_at=checked.exported_at, fingerprint=_fingerprint(current, data))
    return checked, preview


def _database_errors(store: Store, exc: sa.exc.SQLAlchemyError) -> StoreError:
    """The kind of failure only: a driver's text can hold a path or a host, and the message may reach a page."""
    reason = type(getattr(exc, "orig", None) or exc).__name__
    return StoreError(f"{describe_url(store.url)} could not be used ({reason}); nothing was changed")


def restore_preview(store: Store, data: Any, *, include_accounts: bool = False) -> RestorePreview:
    """What restoring `data` (a parsed backup file) would add, remove and change; changes nothing.
    A bad file raises StoreError with one line naming the table, row and problem."""
    try:
        with store.engine.connect() as connection:
            return _plan(connection, data, include_accounts)[1]
    except sa.exc.SQLAlchemyError as exc:
        raise _database_errors(store, exc) from None


def data_folder(store: Store) -> Path:
    """Where safety backups go: the SQLite file's folder, else SMARTPICK_DATA_DIR (or ~/.smartpick)."""
    path = sqlite_path(store.url)
    if path is not None:
        return path.parent
    return Path(os.environ.get("SMARTPICK_DATA_DIR") or Path.home() / ".smartpick").expanduser()


def apply_restore(store: Store, data: Any, *, include_accounts: bool = False, preview: RestorePreview | None = None,
                  folder: Path | None = None) -> str:
    """Write a safety backup of the current workspace (in `folder`, default data_folder), then replace it with
    `data` in one transaction; returns the safety backup's path. Accounts are replaced only with
    include_accounts, and never by a backup without any. With `preview`, refuses (changing nothing) when the
    workspace or the backup is no longer what that preview showed."""
    try:
        with write_connection(store.engine) as connection, connection.begin():
            lock_tables(connection, backup_tables())
            checked, plan = _plan(connection, data, include_accounts)
            if preview is not None and (preview.fingerprint != plan.fingerprint
                                        or preview.include_accounts != include_accounts):
                raise StoreError("the workspace changed since the preview; nothing was changed - look at the "
                                 "new preview and restore again")
            safety = write_safety_backup(folder or data_folder(store), export_tables(connection))
            replaced = {t.table for t in plan.tables if t.applies}
            before = session_epochs(connection)
            replace_tables(connection, checked, [t for t in backup_tables() if t.name in replaced])
            if plan.accounts_replaced:
                carry_session_epochs(connection, before, end_sessions=True)
    except sa.exc.SQLAlchemyError as exc:
        raise _database_errors(store, exc) from None
    try:
        forget_deleted(store.engine)
    except sa.exc.SQLAlchemyError:
        pass                          # best effort: the restore itself is committed
    return str(safety)
