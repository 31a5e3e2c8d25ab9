"""Tables and choices of the advisor workspace pages, as plain values a page shows and a test reads.

    browse_table(programs)                 bundled + recorded facts together, one row per program, provenance beside
    browse_view(programs, specialty, q)    the Browse tab: that table filtered, without the id column
    current_value(programs, pid, field)    "yes — advisor-recorded, program website, 2026-10" / "unknown" / ...
    program_picks(programs, to_verify)     program names "Name (Specialty)" and the to-verify-first pick order
    fact_error_input(field)                the input a FactError's message goes beside
    history_table(records)                 who recorded what and when; current, superseded or retracted
    retract_labels(history)                the current records, labelled for the Retract choice
    import_tables(diff)                    an import's added / changed / unchanged / rejected rows
    new_program_row(...)                   the row Store.add_program validates (sub-region from the county,
                                           the map point from the city)
    scenarios_by_student(records)          one query's scenarios, grouped by student (the Students page)

Text from advisors (names, notes, sources) stays data: the page shows these frames with st.dataframe, which never
renders markup, and any download goes through csv_writer.
"""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple

import pandas as pd

from ..programs.fact_levels import column_fact_words
from ..programs.table import COUNTY_TO_REGION
from ..facts.records import FACT_FIELDS, NEW_PROGRAM_FIELD, FactRecord, ImportDiff
from .tables import filter_programs

BROWSE_FACTS = ("sponsors_j1", "sponsors_h1b", "accepts_imgs", "img_share", "step2_min", "yog_max_years",
                "usce_required", "first_attempt_only", "positions_per_year", "status")


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def current_value(programs: pd.DataFrame, program_id: str, field: str) -> str:
    """What the app uses now for one fact, with where it comes from."""
    rows = programs[programs["program_id"] == program_id]
    if rows.empty:
        return "not in the table"
    row = rows.iloc[0]
    value = _cell(row.get(field))
    provenance = _cell(row.get(f"{field}_provenance"))
    if not value:
        return "unknown — no source states it"
    if provenance:
        return f"{value} — {provenance}"
    return f"{value} — bundled data, checked {_cell(row.get('checked'))}"


class ProgramPicks(NamedTuple):
    names: dict[str, str]      # program id -> "Name (Specialty)", the words every pick list shows
    order: list[str]           # program ids: the to-verify list first (most urgent on top), then by name
    ids: set[str]              # every program id in the table (what a record may name)


def program_picks(programs: pd.DataFrame, to_verify: pd.DataFrame) -> ProgramPicks:
    """The Program choice of the record form: the work to do comes first, so the top pick is the most urgent."""
    names = dict(zip(programs["program_id"], programs["name"] + " (" + programs["specialty"] + ")"))
    ids = set(programs["program_id"])
    urgent = list(dict.fromkeys(to_verify["program_id"]))
    return ProgramPicks(names, urgent + sorted(ids - set(urgent), key=lambda pid: names[pid]), ids)


# The record form's inputs by the FactError field they answer (a fact's value goes beside "value").
INPUT_OF = {"program_id": "program", "field": "field", "source_type": "source_type", "source_note": "source_note",
            "checked_on": "checked_on", "told_by": "told_by"}
UNVERIFIED = " (typed name, not verified)"


def who_did_it(name: str | None, verified: bool) -> str:
    """A history line's name as it may be trusted: an account that signed in, or a typed name, said so."""
    if not name:
        return ""
    return name if verified or name == "no sign-in" else name + UNVERIFIED


def fact_error_input(field: str, prefix: str = "record.") -> str:
    """The key of the input a refused record's message goes beside, so nothing typed elsewhere is disturbed."""
    if field in FACT_FIELDS or field == "value":
        return prefix + "value"
    return prefix + INPUT_OF.get(field, "value")


def add_program_error(field: str, message: str) -> str:
    """A refused new program in words; a missing map point means the city was not found."""
    where = field.replace("_", " ")
    extra = " (the city was not found, so the program has no map point)" if where in ("lat", "lon") else ""
    return f"Not added — {where}: {message}{extra}"


def fact_file_format(file_name: str) -> str:
    """The format of an uploaded fact file, by its name as exported ("json", otherwise "csv")."""
    return "json" if file_name.lower().endswith(".json") else "csv"


def browse_specialties(programs: pd.DataFrame) -> list[str]:
    """The Browse tab's specialty choice: "All", then every specialty in the table."""
    return ["All", *sorted(programs["specialty"].unique())]


def browse_view(programs: pd.DataFrame, specialty: str = "All", search: str = "") -> pd.DataFrame:
    """The Browse tab: one specialty (or all) and a name search, as shown (the id column dropped)."""
    shown = filter_programs(browse_table(programs), {"Specialty": [] if specialty == "All" else [specialty]},
                            search=search, search_columns=("Program",))
    return shown.drop(columns=["program_id"])


def browse_table(programs: pd.DataFrame) -> pd.DataFrame:
    """One row per program: the facts the model uses, where recorded facts came from, and the verify flags."""
    out = pd.DataFrame({"program_id": programs["program_id"], "Program": programs["name"],
                        "Specialty": programs["specialty"], "Sub-region": programs["subregion"]})
    for field in BROWSE_FACTS:
        out[FACT_FIELDS.get(field, field)] = programs[field].map(_cell) if field in programs else ""
    out["Bundled source"] = programs["source_url"]
    out["Bundled checked"] = programs["checked"]
    empty = pd.Series("", index=programs.index)
    out["Recorded by advisors"] = programs.get("recorded_facts", empty).fillna("")
    out["Verify again"] = programs.get("verify_reasons", empty).fillna("")
    return out.reset_index(drop=True)


def _status(record: FactRecord, current_ids: set[int]) -> str:
    if record.retracted_at is not None:
        return f"retracted by {record.retracted_by} on {record.retracted_at:%Y-%m-%d}"
    return "current" if record.id in current_ids else "superseded by a later record"


def history_table(records: Iterable[FactRecord], current: Iterable[FactRecord],
                  names: dict[str, str] | None = None) -> pd.DataFrame:
    """Every record, newest first; a correction never hides the earlier value."""
    current_ids = {f.id for f in current}
    names = names or {}
    rows = [{
        "id": r.id,
        "Recorded": f"{r.recorded_at:%Y-%m-%d %H:%M}",
        "Recorded by": who_did_it(r.recorded_by, r.by_verified),
        "Told by": r.told_by,
        "Program": names.get(r.program_id, r.program_id),
        "Fact": r.label,
        "Value": "(whole program row)" if r.field == NEW_PROGRAM_FIELD else r.value,
        "Source": r.source_type,
        "Source URL or note": r.source_note,
        "Checked": r.checked_on.isoformat(),
        "State": _status(r, current_ids),
        "Retracted by": who_did_it(r.retracted_by, r.retracted_by_verified),
    } for r in records]
    return pd.DataFrame(rows, columns=["id", "Recorded", "Recorded by", "Told by", "Program", "Fact", "Value",
                                       "Source", "Source URL or note", "Checked", "State", "Retracted by"])


def retract_labels(history: pd.DataFrame) -> dict[int, str]:
    """Record id -> its label, for the current records only (a superseded or retracted one cannot be retracted)."""
    live = history[history["State"] == "current"]
    return {int(r["id"]): f"{r['Program']} · {r['Fact']} = {r['Value']} ({r['Recorded by']}, {r['Recorded']})"
            for _, r in live.iterrows()}


def import_tables(diff: ImportDiff) -> dict[str, pd.DataFrame]:
    """The review of an import, one table per outcome (rows numbered as in the file)."""
    def rows(items, old=None):
        return pd.DataFrame([{"Row": r.row, "Program": r.program_id, "Fact": FACT_FIELDS.get(r.field, r.field),
                              **({"Now": o} if old else {}), "New value": r.value, "Source": r.source_type,
                              "Checked": r.checked_on.isoformat(), "Recorded by": r.recorded_by}
                             for r, o in items])
    return {
        "added": rows([(r, None) for r in diff.added]),
        "changed": rows(diff.changed, old=True),
        "unchanged": rows([(r, None) for r in diff.unchanged]),
        "rejected": pd.DataFrame([{"Row": e.row, "Column": e.column, "Problem": e.message} for e in diff.errors],
                                 columns=["Row", "Column", "Problem"]),
    }


def new_program_row(*, program_id: str, name: str, institution: str, specialty: str, city: str, county: str,
                    program_type: str, status: str, source_url: str, checked: str, lat: float | None,
                    lon: float | None, place_note: str = "") -> dict:
    """The minimum row of a program missing from the data; facts are recorded on it afterwards, one by one."""
    region = COUNTY_TO_REGION.get(county)
    return {
        "program_id": program_id.strip(), "name": name.strip(), "institution": institution.strip(),
        "specialty": specialty, "city": city.strip(), "county": county,
        "subregion": region.value if region is not None else "", "program_type": program_type, "status": status,
        "lat": "" if lat is None else f"{lat:.5f}", "lon": "" if lon is None else f"{lon:.5f}",
        "coord_precision": "city centroid" if lat is not None else "", "coord_source": place_note,
        "source_url": source_url.strip(), "checked": checked, "confidence": "low",
        "notes": "Recorded by an advisor in the app; facts are recorded on it one by one.",
    }


# Columns of views.tables.program_table that show a fact an advisor can record.
TABLE_FACT_COLUMNS = {"sponsors_j1": "J-1", "sponsors_h1b": "H-1B", "img_share": "IMG share",
                      "positions_per_year": "Positions per year", "step2_min": "Step 2 CK minimum"}


def with_fact_levels(table: pd.DataFrame, programs: pd.DataFrame) -> pd.DataFrame:
    """The J-1 and H-1B cells of a stated fact with its level and age in words: "no (institution-wide statement,
    2019 — verify)" (issue 24); estimated cells are left as they are. Without level columns, unchanged."""
    if "program_id" not in table:
        return table
    out = table
    for field, column in (("sponsors_j1", "J-1"), ("sponsors_h1b", "H-1B")):
        if column not in table or f"{field}_basis" not in programs:
            continue
        words = pd.Series(column_fact_words(programs, field, column), index=programs.index)
        words = words.str.replace(f"{column}: ", "", regex=False)
        by_id = pd.Series(words.to_numpy(), index=programs["program_id"].to_numpy())
        stated = table["program_id"].map(by_id).fillna("").astype(str)
        if out is table:
            out = table.copy()
        out.loc[stated.ne(""), column] = stated[stated.ne("")]
    return out


def with_provenance(table: pd.DataFrame, programs: pd.DataFrame) -> pd.DataFrame:
    """The Programs table with each recorded fact's provenance where the fact is shown: the fact's own cell
    ("yes — advisor-recorded, program email or phone call, 2026-10") and a Verify again column; the Why text
    has it from the reasons.

    `programs` is the overlaid table (facts.overlay.apply_recorded_facts); without its columns the table is
    returned unchanged, so the page works on bundled data alone.
    """
    table = with_fact_levels(table, programs)
    if "recorded_facts" not in programs or "program_id" not in table:
        return table
    facts = programs.set_index("program_id")
    out = table.copy()
    ids = out["program_id"]
    for field, column in TABLE_FACT_COLUMNS.items():
        source = f"{field}_provenance"
        if column not in out or source not in facts:
            continue
        provenance = ids.map(facts[source]).fillna("").astype(str)
        recorded = provenance.ne("")
        out.loc[recorded, column] = out.loc[recorded, column].astype(str) + " — " + provenance[recorded]
    recorded_text = ids.map(facts["recorded_facts"]).fillna("").astype(str)
    verify = ids.map(facts["verify_reasons"]).fillna("").astype(str) if "verify_reasons" in facts else \
        pd.Series("", index=out.index)
    # Why already carries "Recorded by an advisor: …" and "Verify again — …" (model/reasons.py, every page)
    out["Recorded by advisors"] = recorded_text
    out["Verify again"] = verify
    return out


def scenarios_by_student(records: Iterable[Any]) -> dict[int, list[Any]]:
    """Student id -> their scenarios in the order given: one store query serves every student's list."""
    grouped: dict[int, list[Any]] = {}
    for record in records:
        grouped.setdefault(record.student_id, []).append(record)
    return grouped
