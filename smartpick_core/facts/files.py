"""Recorded facts as files an advising office can share: CSV (formula-safe) and JSON, out and back in.

    facts_csv_text(rows) / facts_json_text(rows)     rows from Store.export_fact_rows()
    read_fact_file(data, fmt)  -> list of row dicts with "_row" (1-based data row), for diff_fact_import

Reading is strict like every file the product reads: at most MAX_IMPORT_BYTES, UTF-8 only (a BOM is
fine), CSV or a JSON list of objects (a key given twice in one object is refused, named); a whole-file
problem raises FactError("file", ...), a bad row is left to diff_fact_import to reject with its row and
column. The apostrophe our CSV writer puts before a formula-like cell is taken off again on import, so an
export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from ..csv_writer import FORMULA_LEADS, to_csv_text
from ..text import DuplicateKeyError, loads_strict
from .records import FactError

EXPORT_COLUMNS: tuple[str, ...] = ("program_id", "field", "value", "source_type", "source_note", "checked_on",
                                   "recorded_by", "recorded_at")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
MAX_CELL_CHARS = 100_000     # longer cells are cut here and rejected by the row checks (limit 4,000)


def facts_csv_text(rows: list[dict]) -> str:
    """The product's one formula-safe CSV writer over the exported rows."""
    return to_csv_text(pd.DataFrame(rows, columns=list(EXPORT_COLUMNS)))


def facts_json_text(rows: list[dict]) -> str:
    return json.dumps({"format": "smartpick-facts", "version": 1, "facts": rows}, ensure_ascii=False, indent=2)


def decode_import(data: bytes) -> str:
    """An imported file as text: bounded, UTF-8 only (a BOM is fine); a whole-file problem is FactError("file")."""
    if len(data) > MAX_IMPORT_BYTES:
        raise FactError("file", f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FactError("file", "the file is UTF-16; save it as UTF-8")
    if b"\x00" in data:
        raise FactError("file", "the file contains NUL bytes (binary data?); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactError("file", f"the file is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8") from None


def _unneutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in FORMULA_LEADS:
        return value[1:]
    return value


def csv_rows(text: str, *, unneutralise: bool = True) -> list[dict]:
    """Row dicts of a CSV text. unneutralise=False keeps formula-like cells as typed (outcome imports refuse them
    and take the apostrophe off themselves)."""
    strip = _unneutralise if unneutralise else (lambda value: value)
    old = csv.field_size_limit()
    csv.field_size_limit(MAX_IMPORT_BYTES)    # a huge cell is a row error, not a reader crash
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = []
        for number, row in enumerate(reader, start=1):
            if number > MAX_IMPORT_ROWS:
                raise FactError("file", f"more than {MAX_IMPORT_ROWS} rows; split the file")
            clean = {str(k).strip(): strip(v[:MAX_CELL_CHARS + 1] if isinstance(v, str) else v)
                     for k, v in row.items() if k is not None}
            rows.append(clean | {"_row": number})
    except csv.Error as exc:
        raise FactError("file", f"not a readable CSV ({str(exc)[:80]})") from None
    finally:
        csv.field_size_limit(old)
    if reader.fieldnames is None:
        raise FactError("file", "the file is empty; expected a header row")
    return rows


def _json_rows(text: str) -> list[dict]:
    try:
        value = loads_strict(text, what="the file")   # a key twice in a row: which value was meant?
    except DuplicateKeyError as exc:
        raise FactError("file", str(exc)) from None
    except (ValueError, RecursionError) as exc:
        raise FactError("file", f"not valid JSON ({str(exc)[:80]})") from None
    if isinstance(value, dict):
        value = value.get("facts")
    if not isinstance(value, list):
        raise FactError("file", "expected a JSON list of fact objects (or {\"facts\": [...]})")
    if len(value) > MAX_IMPORT_ROWS:
        raise FactError("file", f"more than {MAX_IMPORT_ROWS} rows; split the file")
    rows = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict):
            item = {str(k): (v if isinstance(v, str) or v is None else json.dumps(v) if isinstance(v, (dict, list))
                             else str(v)) for k, v in item.items()}
        else:
            item = {}
        rows.append(item | {"_row": number})
    return rows


def read_fact_file(data: bytes, fmt: str) -> list[dict]:
    """Row dicts (text values, '_row' numbered from 1) from a CSV or JSON file of recorded facts."""
    text = decode_import(data)
    if fmt == "csv":
        return csv_rows(text)
    if fmt == "json":
        return _json_rows(text)
    raise FactError("format", "the import format must be csv or json")
