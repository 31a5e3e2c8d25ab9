"""Reviewing an import of recorded facts before applying it: what is new, what changes, what is rejected.

diff_fact_import(rows, current) takes plain row dicts (facts/files.py reads them from CSV or JSON,
each with its 1-based "_row") and the store's current facts. Every row is checked like a fact typed
into the app; a bad row becomes RowError(row, column, message) and the good rows are kept.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Collection, Iterable, Sequence

from .records import NEW_PROGRAM_FIELD, FactError, FactRecord, ImportDiff, ImportRow, RowError
from .rules import check_fact_value, check_program_id, check_program_row, check_source, program_row_json

IMPORT_COLUMNS: tuple[str, ...] = ("program_id", "field", "value", "source_type", "source_note", "checked_on",
                                   "recorded_by")


def _check_row(raw: dict, known: set[str] | None, today: _dt.date | None) -> tuple[ImportRow | None, list[RowError]]:
    number = int(raw.get("_row", 0) or 0)
    errors: list[RowError] = []

    def attempt(column: str, check):
        try:
            return check()
        except FactError as exc:
            errors.append(RowError(number, exc.field if exc.field in IMPORT_COLUMNS else column, exc.message))
            return None

    missing = [c for c in IMPORT_COLUMNS if raw.get(c) in (None, "")]
    for column in missing:
        errors.append(RowError(number, column, "missing (every row needs " + ", ".join(IMPORT_COLUMNS) + ")"))
    if missing:
        return None, errors
    texts = {c: raw[c] if isinstance(raw[c], str) else str(raw[c]) for c in IMPORT_COLUMNS}
    program_id = attempt("program_id", lambda: check_program_id(texts["program_id"]))
    field = texts["field"].strip()
    if field == NEW_PROGRAM_FIELD:
        def new_program():
            try:
                row = json.loads(texts["value"])
            except (ValueError, RecursionError):      # "[[[[..." nested past the parser's depth
                raise FactError("value", "a new program's value must be the program row as JSON") from None
            cells = check_program_row(row if isinstance(row, dict) else None)   # type: ignore[arg-type]
            if cells["program_id"] != program_id:
                raise FactError("value", "the row's program_id differs from the program_id column")
            return program_row_json(cells)
        value = attempt("value", new_program)
    else:
        value = attempt("value", lambda: check_fact_value(field, texts["value"]))
    source = attempt("source_type", lambda: check_source(texts["source_type"], texts["source_note"],
                                                         texts["checked_on"], texts["recorded_by"], today=today))
    if program_id and known is not None and field != NEW_PROGRAM_FIELD and program_id not in known:
        errors.append(RowError(number, "program_id", f"{program_id} is not a program in the table "
                                                     "(add it as a new program first)"))
    if errors or value is None or source is None or program_id is None:
        return None, errors
    source_type, note, checked, by = source
    return ImportRow(number, program_id, field, value, source_type, note, checked, by), []


def diff_fact_import(rows: Iterable[dict], current: Sequence[FactRecord], *,
                     known_ids: Collection[str] | None = None, today: _dt.date | None = None) -> ImportDiff:
    """Sort each row into added / changed (with the current value) / unchanged, or reject it with a reason.

    known_ids: program ids in the loaded table; programs recorded by advisors (and new programs in the
    same import) count as known. None skips the check.
    """
    rows = list(rows)
    by_key = {(f.program_id, f.field): f for f in current}
    known: set[str] | None = None
    if known_ids is not None:
        known = set(known_ids) | {f.program_id for f in current if f.field == NEW_PROGRAM_FIELD}
        known |= {str(r.get("program_id", "")).strip() for r in rows
                  if isinstance(r, dict) and str(r.get("field", "")).strip() == NEW_PROGRAM_FIELD}
    added, changed, unchanged, errors = [], [], [], []
    seen: dict[tuple[str, str], int] = {}
    for raw in rows:
        if not isinstance(raw, dict):
            errors.append(RowError(0, "row", "not a row of named columns"))
            continue
        row, row_errors = _check_row(raw, known, today)
        errors += row_errors
        if row is None:
            continue
        key = (row.program_id, row.field)
        if key in seen:
            errors.append(RowError(row.row, "field", f"{row.field} of {row.program_id} appears twice "
                                                     f"(also row {seen[key]}); keep one"))
            continue
        seen[key] = row.row
        existing = by_key.get(key)
        if existing is None:
            added.append(row)
        elif existing.value == row.value:
            unchanged.append(row)
        else:
            changed.append((row, existing.value))
    return ImportDiff(tuple(added), tuple(changed), tuple(unchanged), tuple(errors))
