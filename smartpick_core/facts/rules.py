"""Recorded facts are checked against the bundled program schema before they are saved.

Why the program schema and not a copy: "validated with the same schema as the bundled data"
. The allowed values and ranges are read from PROGRAM_SCHEMA's pandera checks, and a
new program row goes through validate_programs itself. This is the store's one import from
programs/: schema constants only, never model types (the overlay imports the store, not back).
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import re
import unicodedata
from typing import Any, Collection

import pandas as pd

from ..programs import table
from ..programs.table import COLUMNS, ProgramDataError, validate_programs
from ..text import invisible_characters, quote
from .records import (
    FACT_FIELDS, MAX_NAME_CHARS, MAX_NOTE_CHARS, NEW_PROGRAM_FIELD, SOURCE_TYPES, FactError,
)

MAX_VALUE_CHARS = 200
_PROGRAM_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$", re.ASCII)
_INT = re.compile(r"[+-]?[0-9]{1,9}", re.ASCII)
_FLOAT = re.compile(r"[+-]?([0-9]{1,9}(\.[0-9]{0,15})?|\.[0-9]{1,15})", re.ASCII)
_SHARE_OF = re.compile(r"([0-9]{1,4})\s*(?:of|/|out of)\s*([0-9]{1,4})", re.ASCII | re.IGNORECASE)
_PERCENT = re.compile(r"([0-9]{1,3}(?:\.[0-9]{1,4})?)\s*%", re.ASCII)
EARLIEST_CHECK = _dt.date(1990, 1, 1)


def _rule(field: str) -> tuple[str, Any]:
    """('choice', values) or ('int'|'float', (low, high)) from the pandera column of this field."""
    column = table.PROGRAM_SCHEMA.columns[field]     # built on first use (pandera import cost)
    for check in column.checks:
        stats = check.statistics or {}
        if "allowed_values" in stats:
            return "choice", tuple(stats["allowed_values"])
        if "min_value" in stats:
            kind = "int" if str(column.dtype).lower().startswith("int") else "float"
            return kind, (stats["min_value"], stats["max_value"])
    raise KeyError(field)


@functools.cache
def field_rules() -> dict[str, tuple[str, Any]]:
    """field -> ('choice', allowed) or ('int'|'float', (low, high)), read from the program schema once."""
    return {field: _rule(field) for field in FACT_FIELDS}


def allowed_text(field: str) -> str:
    """What may be recorded for a field, in words ('yes or no'; 'a whole number from 180 to 300')."""
    kind, spec = field_rules()[field]
    if kind == "choice":
        return "one of " + ", ".join(spec) if len(spec) > 2 else " or ".join(spec)
    low, high = spec
    if field == "img_share":
        return "a share from 0 to 1 (0.6), a percent (60%) or 'N of M' residents (12 of 20)"
    return f"a whole number from {low} to {high}" if kind == "int" else f"a number from {low:g} to {high:g}"


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in text)


def _invisible_problem(text: str, noun: str) -> str | None:
    """'contains an invisible character (U+202E right-to-left override); type the name again without it.'"""
    found = list(dict.fromkeys(name for _, name in invisible_characters(text)))
    if not found:
        return None
    which = f"an invisible character ({found[0]})" if len(found) == 1 else \
        f"invisible characters ({', '.join(found[:3])}{', ...' if len(found) > 3 else ''})"
    return f"contains {which}; type {noun} again without {'it' if len(found) == 1 else 'them'}."


def _what_is_typed(words: str) -> str:
    """What the person types again: 'the name', 'the notes', 'the note' or 'the text'."""
    lowered = words.lower()
    if "name" in lowered or lowered.startswith("who "):
        return "the name"
    if lowered.endswith("notes"):
        return "the notes"
    return "the note" if "note" in lowered else "the text"


def check_fact_value(field: str, value: object) -> str:
    """The canonical text of a valid value for `field`, or FactError naming the field and the allowed values."""
    if field not in FACT_FIELDS:
        raise FactError("field", f"{quote(field)} is not a program fact that can be recorded; one of "
                                 + ", ".join(FACT_FIELDS))
    label = FACT_FIELDS[field]
    text = "" if value is None else str(value)
    if len(text) > MAX_VALUE_CHARS:
        raise FactError(field, f"{label}: the value is longer than {MAX_VALUE_CHARS} characters; "
                               f"allowed: {allowed_text(field)}")
    text = text.strip()
    kind, spec = field_rules()[field]
    if kind == "choice":
        lowered = text.lower()
        if lowered not in spec:
            raise FactError(field, f"{label} must be {allowed_text(field)}")
        return lowered
    if field == "img_share":
        share = _SHARE_OF.fullmatch(text)
        percent = _PERCENT.fullmatch(text)
        if share and int(share[2]) > 0 and int(share[1]) <= int(share[2]):
            number = int(share[1]) / int(share[2])
        elif percent and float(percent[1]) <= 100:
            number = float(percent[1]) / 100
        elif _FLOAT.fullmatch(text):
            number = float(text)
        else:
            raise FactError(field, f"{label} must be {allowed_text(field)}")
        if not 0.0 <= number <= 1.0:
            raise FactError(field, f"{label} must be {allowed_text(field)}")
        return f"{round(number, 4):g}"
    pattern = _INT if kind == "int" else _FLOAT
    if not pattern.fullmatch(text):
        raise FactError(field, f"{label} must be {allowed_text(field)} (digits 0-9)")
    number = int(text) if kind == "int" else float(text)
    low, high = spec
    if not low <= number <= high:
        raise FactError(field, f"{label} must be {allowed_text(field)}")
    return str(number) if kind == "int" else f"{number:g}"


def check_text(field: str, value: object, *, limit: int, required: bool = True, words: str = "") -> str:
    """Free text (names, notes): stored raw, but bounded, one string, no control or invisible characters.

    Invisible characters are refused, not removed: a bidi override or zero-width space makes a name read
    differently from what is stored, and silently changing what someone typed would hide that."""
    text = "" if value is None else value
    if not isinstance(text, str):
        raise FactError(field, f"{words or field} must be text")
    text = text.strip()
    if required and not text:
        raise FactError(field, f"{words or field} is required")
    if len(text) > limit:
        raise FactError(field, f"{words or field} is longer than {limit} characters")
    if _has_control(text):
        raise FactError(field, f"{words or field} contains control characters (NUL, escape, ...)")
    problem = _invisible_problem(text, _what_is_typed(words or field))
    if problem:
        label = (words or field).removeprefix("the ")
        raise FactError(field, f"{label[:1].upper()}{label[1:]}: {problem}")
    return text


def check_source(source_type: object, source_note: object, checked_on: object, recorded_by: object,
                 *, today: _dt.date | None = None) -> tuple[str, str, _dt.date, str]:
    """Every record names a source type, a URL or note, the date checked and who recorded it."""
    if source_type not in SOURCE_TYPES:
        raise FactError("source_type", "the source must be one of: " + ", ".join(SOURCE_TYPES))
    note = check_text("source_note", source_note, limit=MAX_NOTE_CHARS, words="the source URL or note")
    checked = parse_checked_on(checked_on, today=today)
    by = check_text("recorded_by", recorded_by, limit=MAX_NAME_CHARS, words="who recorded it")
    return str(source_type), note, checked, by


def parse_checked_on(value: object, *, today: _dt.date | None = None) -> _dt.date:
    """A real date, YYYY-MM-DD (or YYYY-MM: the 1st), not in the future and not before 1990."""
    today = today or _dt.date.today()
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        checked = value
    else:
        text = str(value or "").strip()
        try:
            checked = _dt.date.fromisoformat(text + "-01" if re.fullmatch(r"[0-9]{4}-[0-9]{2}", text) else text)
        except ValueError:
            raise FactError("checked_on", "the date checked must be a real date, YYYY-MM-DD") from None
    if checked > today + _dt.timedelta(days=1):
        raise FactError("checked_on", f"the date checked cannot be in the future (after {today.isoformat()})")
    if checked < EARLIEST_CHECK:
        raise FactError("checked_on", "the date checked must be 1990 or later")
    return checked


def check_program_id(program_id: object) -> str:
    text = program_id.strip() if isinstance(program_id, str) else ""
    if not _PROGRAM_ID.fullmatch(text) or len(text) > 120:
        raise FactError("program_id", "the program id must be lower-case letters, digits and single hyphens "
                                      "(e.g. im-example-hospital)")
    return text


def check_program_row(row: dict, *, known_ids: Collection[str] = ()) -> dict[str, str]:
    """A whole new program row, validated by the bundled schema (validate_programs); returns its text cells."""
    if not isinstance(row, dict):
        raise FactError(NEW_PROGRAM_FIELD, "a new program must be a mapping of column -> value")
    unknown = [str(k)[:40] for k in row if k not in COLUMNS]
    if unknown:
        raise FactError(unknown[0], "is not a program column (see data/SCHEMA.md)")
    program_id = check_program_id(row.get("program_id"))
    if program_id in known_ids:
        raise FactError("program_id", f"{program_id} is already a program; record facts on it instead")
    cells: dict[str, str] = {}
    for column in COLUMNS:
        value = row.get(column)
        if value is None or (isinstance(value, float) and pd.isna(value)):
            continue
        text = str(value).strip()
        if len(text) > MAX_NOTE_CHARS:
            raise FactError(column, f"longer than {MAX_NOTE_CHARS} characters")
        if _has_control(text):
            raise FactError(column, "contains control characters")
        problem = _invisible_problem(text, "the name" if column in ("name", "institution") else "it")
        if problem:
            raise FactError(column, problem)
        if text:
            cells[column] = text
    for field in FACT_FIELDS:     # same words as a single recorded fact
        if field in cells:
            cells[field] = check_fact_value(field, cells[field])
    frame = pd.DataFrame([{c: cells.get(c) for c in COLUMNS}], columns=list(COLUMNS), dtype="str")
    frame = frame.assign(_row=1, _source_file="the new program")
    try:
        validate_programs(frame)
    except ProgramDataError as exc:
        message = str(exc).removeprefix("program data invalid: ")
        found = re.search(r"column ([a-z_0-9]+)", message)
        raise FactError(found[1] if found else NEW_PROGRAM_FIELD, message) from None
    return cells


def program_row_json(cells: dict[str, str]) -> str:
    return json.dumps(cells, ensure_ascii=False, sort_keys=True)
