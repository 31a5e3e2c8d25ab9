"""Outcomes an office can share without names: the anonymised export, and the plain (named) export.

The route to pooling outcomes across offices. The rule (docs/outcomes.md, "Sharing without names"):
  - only student-seasons with consent = yes;
  - dropped: student names, program names, cities, matched program, notes, exact dates (invitation dates), the
    profile's free text (home, languages) and every profile field not listed below;
  - coarsened: Step 2 CK to 10-point bands ("230-239"), graduation year to bands of years before the Match
    ("0-2", "3-5", "6-10", "11+"), the predicted chance to 10-point bands;
  - kept: season, specialty, program kind, SoCal sub-region, visa route, result (not the model version:
    one more split of the student cells would suppress most of them);
  - a program id is kept only where at least MIN_STUDENTS students of the export applied to it (else empty:
    the application counts with its kind and sub-region);
  - every cell (row of counts) with fewer than MIN_STUDENTS students is suppressed (left out), and the export
    says how many were.

    anonymise_outcomes(applications, seasons) -> AnonymisedOutcomes (two count tables + what was suppressed)
    applications_csv_text(frame), seasons_csv_text(frame)   the named export, through the formula-safe writer
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..csv_writer import to_csv_text
from .outcomes import APPLICATION_COLUMNS, SEASON_COLUMNS

MIN_STUDENTS = 5
APPLICATION_CELL: tuple[str, ...] = ("season", "specialty", "kind", "sub_region", "program_id", "chance_band")
APPLICATION_COUNTS: tuple[str, ...] = ("students", "applications", "invited", "interviewed", "ranked",
                                       "with_chance", "predicted_invitations")
STUDENT_CELL: tuple[str, ...] = ("season", "specialty", "step2_band", "graduation_band", "visa", "result")
STUDENT_COUNTS: tuple[str, ...] = ("students", "matched", "with_predicted_match", "predicted_matches",
                                   "with_predicted_interviews", "predicted_interviews", "invitations")
GRADUATION_BANDS: tuple[tuple[int, int, str], ...] = ((-10, 2, "0-2"), (3, 5, "3-5"), (6, 10, "6-10"),
                                                      (11, 200, "11+"))
UNKNOWN = ""


@dataclass(frozen=True)
class AnonymisedOutcomes:
    """Two count tables, each row a cell of at least MIN_STUDENTS students, and what was left out."""

    applications: pd.DataFrame
    students: pd.DataFrame
    suppressed_application_cells: int
    suppressed_student_cells: int

    def csv_texts(self) -> dict[str, str]:
        """{'outcomes_applications_anonymised.csv': ..., 'outcomes_students_anonymised.csv': ...}"""
        return {"outcomes_applications_anonymised.csv": to_csv_text(self.applications),
                "outcomes_students_anonymised.csv": to_csv_text(self.students)}

    def summary(self) -> str:
        return (f"{len(self.applications)} application cells and {len(self.students)} student cells of at least "
                f"{MIN_STUDENTS} students; {self.suppressed_application_cells} application cells and "
                f"{self.suppressed_student_cells} student cells with fewer were left out")


def applications_csv_text(frame: pd.DataFrame) -> str:
    """The named export of recorded applications (template columns), formula-safe."""
    return to_csv_text(frame.reindex(columns=list(APPLICATION_COLUMNS)))


def seasons_csv_text(frame: pd.DataFrame) -> str:
    """The named export of recorded student-seasons (template columns), formula-safe."""
    return to_csv_text(frame.reindex(columns=list(SEASON_COLUMNS)))


def step2_band(score: object) -> str:
    """232 -> '230-239'; unknown -> ''."""
    value = pd.to_numeric(pd.Series([score]), errors="coerce").iloc[0]
    if pd.isna(value):
        return UNKNOWN
    low = int(value) // 10 * 10
    return f"{low}-{low + 9}"


def graduation_band(graduation_year: object, season: int) -> str:
    """Years from graduation to the Match season, in bands: 2019 for Match 2026 (7 years) -> '6-10'."""
    value = pd.to_numeric(pd.Series([graduation_year]), errors="coerce").iloc[0]
    if pd.isna(value):
        return UNKNOWN
    years = int(season) - int(value)
    return next((label for low, high, label in GRADUATION_BANDS if low <= years <= high), UNKNOWN)


def chance_band(chance: pd.Series) -> pd.Series:
    """0.234 -> '20-29%'; unknown -> ''."""
    values = pd.to_numeric(chance, errors="coerce")
    low = (np.minimum(np.floor(values.to_numpy(dtype=float) * 10), 9) * 10)
    return pd.Series([UNKNOWN if np.isnan(x) else f"{int(x)}-{int(x) + 9}%" for x in low], index=chance.index,
                     dtype=object)


def _student_key(frame: pd.DataFrame) -> pd.Series:
    return frame["student"].astype(str).str.strip().str.lower() + "|" + frame["season"].astype(str)


def _consented(seasons: pd.DataFrame) -> pd.DataFrame:
    return seasons[seasons["consent"].astype(str).str.lower() == "yes"]


def _profile_value(text: object, field: str) -> object:
    try:
        value = json.loads(str(text)) if text else {}
    except ValueError:
        return None
    return value.get(field) if isinstance(value, dict) else None


def anonymise_outcomes(applications: pd.DataFrame, seasons: pd.DataFrame) -> AnonymisedOutcomes:
    """The anonymised export of the documented rule; consented student-seasons only."""
    kept = _consented(seasons)
    keys = set(_student_key(kept))
    apps = applications[_student_key(applications).isin(keys)].copy()
    apps["_student"] = _student_key(apps)
    app_cells, app_suppressed = _application_cells(apps)
    student_cells, student_suppressed = _student_cells(kept, apps)
    return AnonymisedOutcomes(app_cells, student_cells, app_suppressed, student_suppressed)


def _suppress(grouped: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    small = grouped["students"] < MIN_STUDENTS
    return grouped[~small].reset_index(drop=True), int(small.sum())


def _application_cells(apps: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    if apps.empty:
        return pd.DataFrame(columns=list(APPLICATION_CELL + APPLICATION_COUNTS)), 0
    program = apps["program_id"].fillna("").astype(str)
    students_per_program = apps.groupby(program)["_student"].transform("nunique")
    cells = pd.DataFrame({
        "season": apps["season"].astype(int), "specialty": apps["specialty"].fillna("").astype(str),
        "kind": apps["kind"].fillna("").astype(str), "sub_region": apps["sub_region"].fillna("").astype(str),
        "program_id": program.where(students_per_program >= MIN_STUDENTS, ""),
        "chance_band": chance_band(apps["predicted_chance"]),
        "_student": apps["_student"],
        "invited": apps["invited"].astype(str).str.lower().eq("yes").astype(int),
        "interviewed": apps["interviewed"].fillna("").astype(str).str.lower().eq("yes").astype(int),
        "ranked": apps["ranked"].fillna("").astype(str).str.lower().eq("yes").astype(int),
        "with_chance": pd.to_numeric(apps["predicted_chance"], errors="coerce").notna().astype(int),
        "predicted_invitations": pd.to_numeric(apps["predicted_chance"], errors="coerce").fillna(0.0),
    })
    grouped = cells.groupby(list(APPLICATION_CELL), sort=True, dropna=False).agg(
        students=("_student", "nunique"), applications=("_student", "size"), invited=("invited", "sum"),
        interviewed=("interviewed", "sum"), ranked=("ranked", "sum"), with_chance=("with_chance", "sum"),
        predicted_invitations=("predicted_invitations", "sum")).reset_index()
    grouped["predicted_invitations"] = grouped["predicted_invitations"].round(2)
    return _suppress(grouped[list(APPLICATION_CELL + APPLICATION_COUNTS)])


def _student_cells(seasons: pd.DataFrame, apps: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    if seasons.empty:
        return pd.DataFrame(columns=list(STUDENT_CELL + STUDENT_COUNTS)), 0
    invitations = apps.groupby("_student")["invited"].apply(lambda s: int((s.astype(str).str.lower() == "yes").sum()))
    profiles = seasons["profile_json"].fillna("")
    season = seasons["season"].astype(int)
    predicted_match = pd.to_numeric(seasons["predicted_match"], errors="coerce")
    predicted_interviews = pd.to_numeric(seasons["predicted_interviews"], errors="coerce")
    cells = pd.DataFrame({
        "season": season, "specialty": [str(_profile_value(t, "specialty") or "") for t in profiles],
        "step2_band": [step2_band(_profile_value(t, "step2_ck")) for t in profiles],
        "graduation_band": [graduation_band(_profile_value(t, "graduation_year"), s) for t, s in zip(profiles, season)],
        "visa": [str(_profile_value(t, "visa") or "") for t in profiles],
        "result": seasons["result"].fillna("").astype(str),
        "_student": _student_key(seasons),
        "matched": seasons["result"].isin(["matched", "matched_soap"]).astype(int),
        "with_predicted_match": predicted_match.notna().astype(int),
        "predicted_matches": predicted_match.fillna(0.0),
        "with_predicted_interviews": predicted_interviews.notna().astype(int),
        "predicted_interviews": predicted_interviews.fillna(0.0),
    })
    cells["invitations"] = cells["_student"].map(invitations).fillna(0).astype(int)
    grouped = cells.groupby(list(STUDENT_CELL), sort=True, dropna=False).agg(
        students=("_student", "nunique"), matched=("matched", "sum"),
        with_predicted_match=("with_predicted_match", "sum"), predicted_matches=("predicted_matches", "sum"),
        with_predicted_interviews=("with_predicted_interviews", "sum"),
        predicted_interviews=("predicted_interviews", "sum"), invitations=("invitations", "sum")).reset_index()
    grouped[["predicted_matches", "predicted_interviews"]] = grouped[["predicted_matches", "predicted_interviews"]].round(2)
    return _suppress(grouped[list(STUDENT_CELL + STUDENT_COUNTS)])
