"""Recorded facts over the bundled program table: the advisor's value wins, with its provenance beside it.

    apply_recorded_facts(programs, facts)     -> a new table; the bundled files are never touched
    load_programs_with_facts(paths, facts)     load_programs(paths) + the overlay

Why replace the value itself: the model already treats a known value as a fact and NA as
uncertainty (estimates.py only estimates NA cells), so a recorded J-1 "yes" on a program whose
J-1 was unknown makes it a known sponsor, and tier and reasons follow with no change to the model.
A known recorded fact therefore wins over both the bundled value and any estimate. Removing (retracting)
the record and re-applying gives back the bundled table exactly.

Columns added (stable, present even with no facts):
    <field>_provenance   "advisor-recorded, program email or phone call, 2026-10" or "" (bundled)
    recorded_facts       "Sponsors J-1: yes (advisor-recorded, ...); ..." or ""
    verify_again         a recorded fact is older than one application season, or an H-1B "yes"
                         was checked before the September 2025 H-1B fee proclamation
    verify_reasons       why, in words, or ""
    recorded_program     the row itself was added by an advisor
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import replace
from typing import Iterable, Sequence

import pandas as pd

from ..programs.fact_levels import add_confidence
from ..programs.table import COLUMNS, ProgramDataError, load_programs, validate_programs
from .records import FACT_FIELDS, NEW_PROGRAM_FIELD, FactError, FactRecord
from .rules import check_fact_value

SEASON_DAYS = 365                                   # one application season (ERAS opens each September)
H1B_FEE_PROCLAMATION = _dt.date(2025, 9, 21)        # $100,000 H-1B fee proclamation took effect
PROVENANCE_COLUMNS: tuple[str, ...] = tuple(f"{field}_provenance" for field in FACT_FIELDS)
RECORDED_SOURCE_FILE = "advisor-recorded"


def provenance_text(fact: FactRecord) -> str:
    """'advisor-recorded, program website, 2026-10' (the month checked, as the issue words it)."""
    return f"advisor-recorded, {fact.source_type}, {fact.checked_on:%Y-%m}"


def verify_reason(fact: FactRecord, today: _dt.date) -> str:
    """Why a recorded fact should be checked again, or ''."""
    if fact.field == "sponsors_h1b" and fact.value == "yes" and fact.checked_on < H1B_FEE_PROCLAMATION:
        return (f"{FACT_FIELDS['sponsors_h1b']}: 'yes' checked {fact.checked_on:%Y-%m}, before the September 2025 "
                "H-1B fee")
    if (today - fact.checked_on).days > SEASON_DAYS:
        return f"{fact.label}: checked {fact.checked_on:%Y-%m}, more than one application season ago"
    return ""


def _new_program_cells(value: str) -> dict:
    """An advisor-added program's cells (a JSON object); ValueError if the record cannot be read."""
    try:
        cells = json.loads(value)
    except (ValueError, RecursionError) as exc:
        raise ValueError("not a readable program record") from exc
    if not isinstance(cells, dict):
        raise ValueError("not a readable program record")
    return cells


def readable(fact: FactRecord) -> tuple[FactRecord | None, str]:
    """The fact with its value in canonical form, or (None, why in words) when the stored value cannot be
    used. Values are checked when recorded, but a restored backup or a hand-edited shared database can hold
    anything; one such record must not stop every page."""
    try:
        if fact.field == NEW_PROGRAM_FIELD:
            _new_program_cells(fact.value)
            return fact, ""
        return replace(fact, value=check_fact_value(fact.field, fact.value)), ""
    except (FactError, ValueError):
        label = "New program" if fact.field == NEW_PROGRAM_FIELD else FACT_FIELDS.get(fact.field, fact.field)
        return None, (f"{label}: a record from {fact.checked_on:%Y-%m} could not be read and is ignored; "
                      "record it again on the Data page")


def _recorded_rows(facts: Sequence[FactRecord], existing: set[str]) -> pd.DataFrame | None:
    """Advisor-added programs as a validated frame (ids already in the table are left to the table)."""
    rows: list[dict[str, object]] = []
    for fact in facts:
        if fact.field != NEW_PROGRAM_FIELD or fact.program_id in existing:
            continue
        cells = _new_program_cells(fact.value)      # readable: checked by apply_recorded_facts
        rows.append({c: cells.get(c) for c in COLUMNS} | {"_source_file": RECORDED_SOURCE_FILE,
                                                          "_row": len(rows) + 1})
    valid = []
    for row in rows:         # one row at a time: a record the schema no longer accepts is left out, not fatal
        frame = pd.DataFrame([row], columns=[*COLUMNS, "_source_file", "_row"]).astype({c: "str" for c in COLUMNS})
        try:
            valid.append(validate_programs(frame.replace({"None": pd.NA, "nan": pd.NA, "<NA>": pd.NA})))
        except ProgramDataError:
            continue
    return pd.concat(valid, ignore_index=True) if valid else None


def _typed(values: pd.Series, dtype) -> pd.Series:
    """Recorded text -> the column's dtype (validated text, so conversion cannot fail)."""
    if pd.api.types.is_integer_dtype(dtype):
        return pd.to_numeric(values).astype("Int64")
    if pd.api.types.is_float_dtype(dtype):
        return pd.to_numeric(values).astype("float64")
    return values.astype(dtype)


def apply_recorded_facts(programs: pd.DataFrame, facts: Iterable[FactRecord], *,
                         today: _dt.date | None = None) -> pd.DataFrame:
    """The table with every current recorded fact applied and its provenance beside it.

    `facts` are the store's current facts (latest non-retracted per program and field); retracted
    records are ignored, so removing a record gives back the bundled value.
    """
    today = today or _dt.date.today()
    facts = [f for f in facts if f.retracted_at is None and (f.field in FACT_FIELDS or f.field == NEW_PROGRAM_FIELD)]
    latest: dict[tuple[str, str], FactRecord] = {}
    unreadable: dict[str, list[str]] = {}       # program id -> why its record was ignored (an older one may stand)
    for fact in sorted(facts, key=lambda f: (f.recorded_at, f.id)):
        usable, why = readable(fact)
        if usable is None:
            unreadable.setdefault(fact.program_id, []).append(why)
        else:
            latest[(fact.program_id, fact.field)] = usable
    facts = list(latest.values())
    out = programs.copy()
    added = _recorded_rows(facts, set(out["program_id"]))
    if added is not None:
        out = pd.concat([out, added.reindex(columns=out.columns)], ignore_index=True)
        out = out.astype({c: programs[c].dtype for c in programs.columns if c in out.columns}, errors="ignore")
    ids = out["program_id"]
    out["recorded_program"] = out.get("_source_file", pd.Series("", index=out.index)).eq(RECORDED_SOURCE_FILE)
    summary = pd.Series("", index=out.index, dtype=object)
    reasons = pd.Series("", index=out.index, dtype=object)
    for field in FACT_FIELDS:
        by_program = {f.program_id: f for f in facts if f.field == field}
        column = f"{field}_provenance"
        out[column] = ""
        if not by_program:
            continue
        mask = ids.isin(by_program.keys())
        chosen = ids[mask].map(by_program)
        values = chosen.map(lambda f: f.value)
        out.loc[mask, field] = _typed(values, programs[field].dtype)
        out.loc[mask, column] = chosen.map(provenance_text)
        if f"{field}_basis" in out:          # the fact's level and age follow the record (issue 24)
            out.loc[mask, f"{field}_basis"] = "advisor"
            out.loc[mask, f"{field}_year"] = chosen.map(lambda f: f.checked_on.year).astype("Int64")
        line = chosen.map(lambda f: f"{FACT_FIELDS[f.field]}: {f.value} ({provenance_text(f)})")
        why = chosen.map(lambda f: verify_reason(f, today))
        summary.loc[mask] = (summary[mask] + "; " + line).str.lstrip("; ")
        reasons.loc[mask] = (reasons[mask] + "; " + why).str.strip("; ")
    for fact in facts:                       # the source of an advisor-added program is its record
        if fact.field == NEW_PROGRAM_FIELD:
            mask = ids.eq(fact.program_id) & out["recorded_program"]
            summary.loc[mask] = ("New program (" + provenance_text(fact) + "); " + summary[mask]).str.rstrip("; ")
            why = verify_reason(fact, today)
            if why:
                reasons.loc[mask] = (reasons[mask] + "; " + why).str.strip("; ")
    for program_id, whys in unreadable.items():
        mask = ids.eq(program_id)
        reasons.loc[mask] = (reasons[mask] + "; " + "; ".join(whys)).str.strip("; ")
    out["recorded_facts"] = summary.astype("str")
    out["verify_reasons"] = reasons.astype("str")
    out["verify_again"] = reasons.astype(bool).to_numpy()
    return add_confidence(out)


def load_programs_with_facts(paths: Iterable | None = None, facts: Iterable[FactRecord] = (), *,
                             today: _dt.date | None = None) -> pd.DataFrame:
    """load_programs(paths) with the recorded facts applied (see apply_recorded_facts)."""
    return apply_recorded_facts(load_programs(paths), facts, today=today)


__all__ = ["PROVENANCE_COLUMNS", "ProgramDataError", "apply_recorded_facts", "load_programs_with_facts",
           "provenance_text", "verify_reason"]
