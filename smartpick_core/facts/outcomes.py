"""Recorded outcomes (what happened to each student's applications in a season): schema, import checks, diff.

An advising office records, per student and season (the Match year), one row per application and one row per
student-season. Both are plain pandas frames with the columns below; the store saves them, the back-test
(model/backtest.py) reads them, the anonymised export (facts/outcomes_share.py) pools them.

    APPLICATION_COLUMNS, SEASON_COLUMNS        the two templates' columns (data/templates/outcomes_*.csv)
    season_window(season)      -> (first, last) date an invitation of that Match year can carry
    read_outcome_csv(data)     -> row dicts with "_row" (formula cells kept as typed, so they can be refused)
    parse_outcomes(application_rows, season_rows, programs=..., consented=...) -> OutcomeImport (frames + errors)
    unknown_columns(rows, file)  -> an error (row 0) for each column the template does not have
    diff_outcomes(imported, current_applications, current_seasons) -> OutcomeDiff (new / changed / unchanged)
    empty_applications(), empty_seasons()       typed empty frames

Every bad cell becomes OutcomeError(file, row, column, message) naming the allowed values; good rows are kept.
Why two files: the profile, result and consent belong to the student-season, and repeating them on every
application row would let two rows disagree. Why no profile check here: the facts layer cannot import the
model; parse_outcomes takes `check_profile` (the CLI and app pass Profile.from_dict) to refuse a bad profile.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from dataclasses import dataclass
from typing import Any, Callable, Collection, Iterable, Mapping

import numpy as np
import pandas as pd

from ..csv_writer import FORMULA_LEADS
from ..programs.kinds import CLASS_LABELS, SELECTIVITY_CLASSES, selectivity_class
from ..programs.table import Region
from .files import csv_rows, decode_import
from .records import MAX_NAME_CHARS

APPLICATION_COLUMNS: tuple[str, ...] = (
    "student", "season", "specialty", "program_id", "program_name", "city", "state", "kind", "sub_region",
    "invited", "invited_on", "interviewed", "ranked", "predicted_chance", "model_version",
)
SEASON_COLUMNS: tuple[str, ...] = (
    "student", "season", "result", "matched_program", "profile_json", "model_version", "predicted_match",
    "predicted_interviews", "consent",
)
RESULTS: tuple[str, ...] = ("matched", "unmatched", "matched_soap")
MATCHED_RESULTS: tuple[str, ...] = ("matched", "matched_soap")
YES_NO: tuple[str, ...] = ("yes", "no")
SUB_REGIONS: tuple[str, ...] = tuple(r.value for r in Region)
EARLIEST_SEASON = 2000
MAX_PREDICTED_INTERVIEWS = 200.0
MAX_PROFILE_CHARS = 8000
APPLICATIONS_FILE, SEASONS_FILE = "applications", "seasons"
# A SoCal program's name, city, state, kind and sub-region come from the bundled table.
FILLED_FROM_TABLE: tuple[str, ...] = ("program_name", "city", "state", "kind", "sub_region")


@dataclass(frozen=True)
class OutcomeError:
    """One refused cell: which file (applications / seasons), 1-based data row, column, what is allowed."""

    file: str
    row: int
    column: str
    message: str

    @property
    def text(self) -> str:
        return f"{self.file} row {self.row}, {self.column}: {self.message}"


@dataclass(frozen=True)
class OutcomeImport:
    """The valid rows as typed frames (APPLICATION_COLUMNS / SEASON_COLUMNS) and every refused cell."""

    applications: pd.DataFrame
    seasons: pd.DataFrame
    errors: tuple[OutcomeError, ...] = ()


@dataclass(frozen=True)
class OutcomeDiff:
    """What an import would do. Each frame has the template's columns plus `status` (new / changed / unchanged)
    and `changes` (for a changed row, 'invited: no -> yes; ...'); nothing is written until the caller applies
    `to_apply_*`."""

    applications: pd.DataFrame
    seasons: pd.DataFrame
    errors: tuple[OutcomeError, ...] = ()
    notes: tuple[str, ...] = ()          # what the import filled in or could not, in words (not refusals)

    @property
    def applications_to_apply(self) -> pd.DataFrame:
        return self.applications[self.applications["status"] != "unchanged"][list(APPLICATION_COLUMNS)]

    @property
    def seasons_to_apply(self) -> pd.DataFrame:
        return self.seasons[self.seasons["status"] != "unchanged"][list(SEASON_COLUMNS)]

    def summary(self) -> str:
        def counts(frame: pd.DataFrame) -> str:
            status = frame["status"].value_counts()
            return ", ".join(f"{int(status.get(s, 0))} {s}" for s in ("new", "changed", "unchanged"))
        rejected = len({(e.file, e.row) for e in self.errors})
        return (f"applications: {counts(self.applications)}; student-seasons: {counts(self.seasons)}; "
                f"{rejected} rows rejected" + "".join(f". {note}" for note in self.notes))


def season_window(season: int) -> tuple[_dt.date, _dt.date]:
    """Match `season`: applications open 1 September of the year before; the Match is in March."""
    return _dt.date(season - 1, 9, 1), _dt.date(season, 3, 31)


def empty_applications() -> pd.DataFrame:
    return _typed_applications([])


def empty_seasons() -> pd.DataFrame:
    return _typed_seasons([])


def _typed_applications(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(APPLICATION_COLUMNS))
    frame["season"] = frame["season"].astype("int64")
    frame["predicted_chance"] = frame["predicted_chance"].astype(float)
    for column in APPLICATION_COLUMNS:
        if column not in ("season", "predicted_chance"):
            frame[column] = frame[column].astype(object)
    return frame


def _typed_seasons(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(SEASON_COLUMNS))
    frame["season"] = frame["season"].astype("int64")
    for column in ("predicted_match", "predicted_interviews"):
        frame[column] = frame[column].astype(float)
    for column in ("student", "result", "matched_program", "profile_json", "model_version", "consent"):
        frame[column] = frame[column].astype(object)
    return frame


# --- reading a file -------------------------------------------------------------------------------------------


def read_outcome_csv(data: bytes) -> list[dict]:
    """Row dicts (text values, '_row' numbered from 1). Cells are kept as typed: a formula cell is refused by
    parse_outcomes, and the apostrophe our CSV writer puts before one is taken off there."""
    return csv_rows(decode_import(data), unneutralise=False)


# --- checking cells -------------------------------------------------------------------------------------------


class _CellError(ValueError):
    pass


def _cell_text(value: Any) -> str:
    """The cell as text: formula cells refused, our export's protective apostrophe taken off."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_LEADS:
        return text[1:].strip()
    if text.startswith(FORMULA_LEADS) and not _is_number(text):     # "-0.1" is a number out of range, not a formula
        raise _CellError("starts like a spreadsheet formula (=, +, -, @); type the value itself, "
                         "or put an apostrophe before it")
    return text.strip()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip()[:1] == "-"


def _yes_no(text: str, *, required: bool) -> str:
    value = text.lower()
    if value in YES_NO or (value == "" and not required):
        return value
    raise _CellError("must be yes or no" + ("" if required else " (or empty if not known)"))


def _share(text: str, what: str = "a chance") -> float:
    if text == "":
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise _CellError(f"must be {what} between 0 and 1 (e.g. 0.35), or empty") from None
    if not 0.0 <= value <= 1.0:
        raise _CellError(f"{value:g} needs to be between 0 and 1 (e.g. 0.35 for 35%)")
    return value


def _name(text: str, what: str, *, required: bool) -> str:
    if required and not text:
        raise _CellError(f"missing (every row needs {what})")
    if len(text) > MAX_NAME_CHARS:
        raise _CellError(f"longer than {MAX_NAME_CHARS} characters")
    return text


def _season(text: str, today: _dt.date) -> int:
    latest = today.year + 1
    try:
        value = int(text)
    except ValueError:
        raise _CellError(f"must be a Match year between {EARLIEST_SEASON} and {latest} (e.g. 2026)") from None
    if not EARLIEST_SEASON <= value <= latest:
        raise _CellError(f"{value} needs to be a Match year between {EARLIEST_SEASON} and {latest}")
    return value


def _date_in_season(text: str, season: int | None) -> str:
    if text == "":
        return ""
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise _CellError("must be a date as YYYY-MM-DD (e.g. 2025-10-14), or empty") from None
    if season is not None:
        first, last = season_window(season)
        if not first <= day <= last:
            raise _CellError(f"{day.isoformat()} is outside the Match {season} season "
                             f"({first.isoformat()} to {last.isoformat()})")
    return day.isoformat()


class _Row:
    """Collects one row's cells and errors; get(column, check) returns the checked value or None."""

    def __init__(self, file: str, raw: Mapping[str, Any]) -> None:
        self.file = file
        self.raw = raw
        self.number = int(raw.get("_row", 0) or 0)
        self.errors: list[OutcomeError] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(OutcomeError(self.file, self.number, column, message))

    def get(self, column: str, check: Callable[[str], Any] = lambda text: text) -> Any:
        try:
            return check(_cell_text(self.raw.get(column)))
        except _CellError as exc:
            self.error(column, str(exc))
            return None


# --- applications ---------------------------------------------------------------------------------------------


def _program_lookup(programs: pd.DataFrame | None) -> dict[str, dict[str, str]]:
    if programs is None or programs.empty:
        return {}
    kinds = selectivity_class(programs).to_numpy(dtype=object)
    columns = {c: programs[c].to_numpy(dtype=object) if c in programs else np.full(len(programs), "", dtype=object)
               for c in ("program_id", "name", "city", "subregion", "specialty")}
    return {str(pid): {"program_name": str(columns["name"][i] or ""), "city": str(columns["city"][i] or ""),
                       "state": "CA", "kind": str(kinds[i]), "sub_region": str(columns["subregion"][i] or ""),
                       "specialty": str(columns["specialty"][i] or "")}
            for i, pid in enumerate(columns["program_id"])}


def _check_application(raw: Mapping[str, Any], lookup: dict[str, dict[str, str]],
                       specialties: Collection[str] | None, today: _dt.date) -> tuple[dict | None, list[OutcomeError]]:
    row = _Row(APPLICATIONS_FILE, raw)
    out: dict[str, Any] = {}
    out["student"] = row.get("student", lambda t: _name(t, "the student's name", required=True))
    out["season"] = row.get("season", lambda t: _season(t, today))

    def specialty(text: str) -> str:
        if not text:
            raise _CellError("missing (every row needs the specialty)")
        if specialties is not None and text not in specialties:
            raise _CellError(f"{text!r} is not a specialty; specialties are {', '.join(sorted(specialties))}")
        return text
    out["specialty"] = row.get("specialty", specialty)
    program_id = row.get("program_id") or ""
    out.update(_program_cells(row, program_id, out["specialty"], lookup))
    out["program_id"] = program_id
    out["invited"] = row.get("invited", lambda t: _yes_no(t, required=True))
    out["invited_on"] = row.get("invited_on", lambda t: _date_in_season(t, out["season"]))
    out["interviewed"] = row.get("interviewed", lambda t: _yes_no(t, required=False))
    out["ranked"] = row.get("ranked", lambda t: _yes_no(t, required=False))
    out["predicted_chance"] = row.get("predicted_chance", _share)
    out["model_version"] = row.get("model_version", lambda t: _name(t, "", required=False))
    _check_progress(row, out)
    return (None if row.errors else out), row.errors


def _program_cells(row: _Row, program_id: str, specialty: str | None,
                   lookup: dict[str, dict[str, str]]) -> dict[str, str]:
    """Name, city, state, kind and sub-region: from the bundled table for a SoCal id (a contradicting kind or
    sub-region is refused, not overwritten), else as typed, with the kind required."""
    typed = {c: row.get(c, lambda t: _name(t, c.replace("_", " "), required=False)) for c in FILLED_FROM_TABLE}
    if program_id:
        known = lookup.get(program_id)
        if known is None:
            row.error("program_id", f"{program_id!r} is not a SoCal program in the bundled table; for a program "
                                    "elsewhere leave program_id empty and give program_name, city, state and kind")
            return {c: typed[c] or "" for c in FILLED_FROM_TABLE}
        for column in ("kind", "sub_region"):
            if typed[column] and typed[column] != known[column]:
                row.error(column, f"the bundled table says {known[column]!r} for {program_id}; "
                                  "leave it empty to fill it from the table")
        if specialty and known["specialty"] and specialty != known["specialty"]:
            row.error("specialty", f"{program_id} is a {known['specialty']} program")
        return {c: typed[c] or known[c] for c in FILLED_FROM_TABLE}
    if typed["program_name"] == "":
        row.error("program_name", "missing (a program without a program_id needs its name)")
    if typed["kind"] and typed["kind"] not in SELECTIVITY_CLASSES:
        row.error("kind", f"{typed['kind']!r} is not a program kind; kinds are {', '.join(SELECTIVITY_CLASSES)}")
    elif typed["kind"] == "":
        row.error("kind", f"missing (a program without a program_id needs its kind: {', '.join(SELECTIVITY_CLASSES)})")
    if typed["sub_region"] and typed["sub_region"] not in SUB_REGIONS:
        row.error("sub_region", f"{typed['sub_region']!r} is not a SoCal sub-region; sub-regions are "
                                f"{', '.join(SUB_REGIONS)} (empty outside SoCal)")
    return {c: typed[c] or "" for c in FILLED_FROM_TABLE}


def _check_progress(row: _Row, out: Mapping[str, Any]) -> None:
    """Invited -> interviewed -> ranked: nothing later without what comes before it."""
    if out["invited"] == "no" and out["invited_on"]:
        row.error("invited_on", "a date for an invitation recorded as invited = no")
    if out["interviewed"] == "yes" and out["invited"] == "no":
        row.error("interviewed", "an interview at a program that did not invite (invited = no)")
    if out["ranked"] == "yes" and (out["interviewed"] == "no" or out["invited"] == "no"):
        row.error("ranked", "a rank at a program without an interview (invited or interviewed = no)")


def unknown_columns(rows: Iterable[Mapping[str, Any]], file: str) -> list[OutcomeError]:
    """A column the template does not have (a typo such as 'invited_date' would otherwise be dropped unseen)."""
    allowed = set(APPLICATION_COLUMNS if file == APPLICATIONS_FILE else SEASON_COLUMNS) | {"_row"}
    seen: dict[str, None] = {}
    for raw in rows:
        seen.update(dict.fromkeys(k for k in raw if k not in allowed))
    columns = ", ".join(APPLICATION_COLUMNS if file == APPLICATIONS_FILE else SEASON_COLUMNS)
    return [OutcomeError(file, 0, str(column), f"not a column of the {file} template (columns are {columns}); "
                                               "rename or remove it") for column in seen]


def _application_key(row: Mapping[str, Any]) -> tuple:
    """One application per student, season and program (a SoCal id, else name + city + state, any case)."""
    program = row["program_id"] or "|".join(str(row[c]).strip().lower() for c in ("program_name", "city", "state"))
    return (str(row["student"]).strip().lower(), int(row["season"]), program)


def _season_key(row: Mapping[str, Any]) -> tuple:
    return (str(row["student"]).strip().lower(), int(row["season"]))


# --- student-seasons ------------------------------------------------------------------------------------------


def _check_season(raw: Mapping[str, Any], today: _dt.date,
                  check_profile: Callable[[Mapping[str, Any]], object] | None) -> tuple[dict | None, list[OutcomeError]]:
    row = _Row(SEASONS_FILE, raw)
    out: dict[str, Any] = {}
    out["student"] = row.get("student", lambda t: _name(t, "the student's name", required=True))
    out["season"] = row.get("season", lambda t: _season(t, today))

    def result(text: str) -> str:
        if text.lower() not in RESULTS and text != "":
            raise _CellError(f"must be one of {', '.join(RESULTS)} (or empty before the Match)")
        return text.lower()
    out["result"] = row.get("result", result)
    out["matched_program"] = row.get("matched_program", lambda t: _name(t, "", required=False))
    if out["result"] in MATCHED_RESULTS and not out["matched_program"]:
        row.error("matched_program", f"missing (result is {out['result']}: give the program's id or name)")
    if out["result"] in ("unmatched", "") and out["matched_program"]:
        row.error("matched_program", f"a matched program with result {out['result'] or 'empty'}")

    def profile(text: str) -> str:
        if text == "":
            return ""
        if len(text) > MAX_PROFILE_CHARS:
            raise _CellError(f"longer than {MAX_PROFILE_CHARS} characters")
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            raise _CellError("must be the profile as a JSON object (as SmartPick saves it), or empty") from None
        if not isinstance(value, dict):
            raise _CellError("must be the profile as a JSON object (as SmartPick saves it), or empty")
        if check_profile is not None:
            try:
                check_profile(value)
            except ValueError as exc:
                raise _CellError(f"not a valid profile ({exc})") from None
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    out["profile_json"] = row.get("profile_json", profile)
    out["model_version"] = row.get("model_version", lambda t: _name(t, "", required=False))
    out["predicted_match"] = row.get("predicted_match", _share)

    def interviews(text: str) -> float:
        if text == "":
            return math.nan
        try:
            value = float(text)
        except ValueError:
            raise _CellError(f"must be the expected number of interviews, 0 to {MAX_PREDICTED_INTERVIEWS:g}, "
                             "or empty") from None
        if not 0.0 <= value <= MAX_PREDICTED_INTERVIEWS:
            raise _CellError(f"{value:g} needs to be between 0 and {MAX_PREDICTED_INTERVIEWS:g}")
        return value
    out["predicted_interviews"] = row.get("predicted_interviews", interviews)

    def consent(text: str) -> str:
        if text.lower() != "yes":
            raise _CellError("must be yes: outcomes are stored only with the student's consent")
        return "yes"
    out["consent"] = row.get("consent", consent)
    return (None if row.errors else out), row.errors


# --- the whole import -----------------------------------------------------------------------------------------


def parse_outcomes(application_rows: Iterable[Mapping[str, Any]], season_rows: Iterable[Mapping[str, Any]] = (), *,
                   programs: pd.DataFrame | None = None, specialties: Collection[str] | None = None,
                   consented: Collection[tuple[str, int]] = (), today: _dt.date | None = None,
                   check_profile: Callable[[Mapping[str, Any]], object] | None = None) -> OutcomeImport:
    """Check both files row by row and across rows; return the valid rows and every refused cell.

    programs: the bundled SoCal table (program ids are checked against it and fill name, city, kind and
    sub-region). consented: (student, season) pairs already stored with consent, so an applications file can be
    imported alone. A column not in the template is an error of row 0 (the file). Across rows: an application twice, a student-season twice, an application of a student-season
    with no consent, and a matched program (not SOAP) that is not among the student's ranked applications.
    """
    today = today or _dt.date.today()
    lookup = _program_lookup(programs)
    application_rows, season_rows = list(application_rows), list(season_rows)
    errors = unknown_columns(application_rows, APPLICATIONS_FILE) + unknown_columns(season_rows, SEASONS_FILE)
    seasons: list[dict] = []
    season_rows_at: dict[tuple, int] = {}
    for raw in season_rows:
        row, row_errors = _check_season(raw, today, check_profile)
        errors += row_errors
        if row is None:
            continue
        key = _season_key(row)
        number = int(raw.get("_row", 0) or 0)
        if key in season_rows_at:
            errors.append(OutcomeError(SEASONS_FILE, number, "student",
                                       f"{row['student']} in {row['season']} appears twice (also row "
                                       f"{season_rows_at[key]}); keep one"))
            continue
        season_rows_at[key] = number
        seasons.append(row)
    allowed = set(season_rows_at) | {(str(s).strip().lower(), int(y)) for s, y in consented}
    applications: list[dict] = []
    application_rows_at: dict[tuple, int] = {}
    for raw in application_rows:
        row, row_errors = _check_application(raw, lookup, specialties, today)
        errors += row_errors
        if row is None:
            continue
        number = int(raw.get("_row", 0) or 0)
        key = _application_key(row)
        if key in application_rows_at:
            errors.append(OutcomeError(APPLICATIONS_FILE, number, "program_id" if row["program_id"] else "program_name",
                                       f"{row['student']}'s application to {row['program_id'] or row['program_name']} "
                                       f"in {row['season']} appears twice (also row {application_rows_at[key]}); "
                                       "keep one"))
            continue
        if _season_key(row) not in allowed:
            errors.append(OutcomeError(APPLICATIONS_FILE, number, "student",
                                       f"no consent recorded for {row['student']} in {row['season']} (add the "
                                       "student-season with consent = yes to the seasons file first)"))
            continue
        application_rows_at[key] = number
        applications.append(row)
    matched = _matched_not_applied(seasons, applications, season_rows_at)
    errors += matched
    refused = {(e.row) for e in matched}
    seasons = [s for s in seasons if season_rows_at[_season_key(s)] not in refused]
    stored = {(str(s).strip().lower(), int(y)) for s, y in consented}
    kept = []
    for app in applications:        # an application whose student-season row was just refused waits for it
        key = _season_key(app)
        if key in season_rows_at and season_rows_at[key] in refused and key not in stored:
            errors.append(OutcomeError(APPLICATIONS_FILE, application_rows_at[_application_key(app)], "student",
                                       f"{app['student']}'s {app['season']} row in the seasons file was refused "
                                       f"(row {season_rows_at[key]}); fix it and import again"))
        else:
            kept.append(app)
    return OutcomeImport(_typed_applications(kept), _typed_seasons(seasons), tuple(errors))


def _matched_not_applied(seasons: list[dict], applications: list[dict],
                         rows_at: dict[tuple, int]) -> list[OutcomeError]:
    """A main-Match result must be a program the student applied to and ranked (SOAP places are offered to
    programs not applied to, so they are not checked). Only checked where this import has the applications."""
    ranked: dict[tuple, set[str]] = {}
    for app in applications:
        names = ranked.setdefault(_season_key(app), set())
        if app["ranked"] != "no":
            names |= {app["program_id"].lower(), app["program_name"].strip().lower()} - {""}
    errors = []
    for season in seasons:
        key = _season_key(season)
        if season["result"] != "matched" or key not in ranked:
            continue
        if season["matched_program"].strip().lower() not in ranked[key]:
            errors.append(OutcomeError(SEASONS_FILE, rows_at[key], "matched_program",
                                       f"{season['matched_program']!r} is not among {season['student']}'s ranked "
                                       f"applications in {season['season']} (a SOAP place: result matched_soap)"))
    return errors


# --- diff against what is stored ------------------------------------------------------------------------------


def _compare(new: pd.DataFrame, current: pd.DataFrame, columns: tuple[str, ...],
             key: Callable[[Mapping[str, Any]], tuple]) -> pd.DataFrame:
    before = {key(r): r for r in current.to_dict("records")} if not current.empty else {}
    status, changes = [], []
    for row in new.to_dict("records"):
        old = before.get(key(row))
        if old is None:
            status.append("new")
            changes.append("")
            continue
        moved = [f"{c}: {_shown(old.get(c))} -> {_shown(row[c])}" for c in columns
                 if _shown(old.get(c)) != _shown(row[c])]
        status.append("changed" if moved else "unchanged")
        changes.append("; ".join(moved))
    out = new.copy()
    out["status"] = pd.Series(status, index=new.index, dtype=object)
    out["changes"] = pd.Series(changes, index=new.index, dtype=object)
    return out


def _shown(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def diff_outcomes(imported: OutcomeImport, current_applications: pd.DataFrame | None = None,
                  current_seasons: pd.DataFrame | None = None) -> OutcomeDiff:
    """Sort each valid row into new / changed (naming each changed column, old -> new) / unchanged."""
    apps = current_applications if current_applications is not None else empty_applications()
    seasons = current_seasons if current_seasons is not None else empty_seasons()
    return OutcomeDiff(_compare(imported.applications, apps, APPLICATION_COLUMNS, _application_key),
                       _compare(imported.seasons, seasons, SEASON_COLUMNS, _season_key), imported.errors)


def kind_label(kind: str) -> str:
    """'community programs' for 'community' (the words every back-test sentence uses)."""
    return CLASS_LABELS.get(kind, kind)
