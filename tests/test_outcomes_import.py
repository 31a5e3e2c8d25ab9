"""Importing outcomes: the templates, a hostile corpus (each bad cell named by file, row and column), the diff."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pandas as pd
import pytest

from smartpick_core import Profile, load_programs
from smartpick_core.facts.outcomes import (
    APPLICATION_COLUMNS, SEASON_COLUMNS, diff_outcomes, parse_outcomes, read_outcome_csv, season_window,
)
from smartpick_core.facts.outcomes_share import applications_csv_text, seasons_csv_text
from smartpick_core.facts.records import FactError

ROOT = Path(__file__).resolve().parents[1]
TODAY = _dt.date(2026, 6, 1)
PROFILE = json.dumps({"specialty": "Internal Medicine", "step2_ck": 240, "visa": "J-1", "graduation_year": 2022})


@pytest.fixture(scope="module")
def programs() -> pd.DataFrame:
    return load_programs()


def _app(**cells) -> dict:
    row = {"student": "Ana", "season": "2026", "specialty": "Internal Medicine", "program_id": "",
           "program_name": "Valley Community Hospital", "city": "Fresno", "state": "CA", "kind": "community",
           "sub_region": "", "invited": "yes", "invited_on": "2025-10-14", "interviewed": "yes", "ranked": "yes",
           "predicted_chance": "0.3", "model_version": "2026.12.2"}
    return row | cells


def _season(**cells) -> dict:
    row = {"student": "Ana", "season": "2026", "result": "matched", "matched_program": "Valley Community Hospital",
           "profile_json": PROFILE, "model_version": "2026.12.2", "predicted_match": "0.55",
           "predicted_interviews": "4.2", "consent": "yes"}
    return row | cells


def _numbered(rows: list[dict]) -> list[dict]:
    return [r | {"_row": i} for i, r in enumerate(rows, start=1)]


def _parse(apps: list[dict], seasons: list[dict] | None = None, programs=None):
    return parse_outcomes(_numbered(apps), _numbered(seasons if seasons is not None else [_season()]),
                          programs=programs, today=TODAY, check_profile=Profile.from_dict,
                          specialties={"Internal Medicine", "Family Medicine"})


def _errors(result) -> set[tuple[str, int, str]]:
    return {(e.file, e.row, e.column) for e in result.errors}


def test_the_templates_are_documented_and_parse_without_errors(programs):
    apps = read_outcome_csv((ROOT / "data/templates/outcomes_template.csv").read_bytes())
    seasons = read_outcome_csv((ROOT / "data/templates/outcomes_seasons_template.csv").read_bytes())
    assert tuple(apps[0]) == APPLICATION_COLUMNS + ("_row",)
    assert tuple(seasons[0]) == SEASON_COLUMNS + ("_row",)
    result = parse_outcomes(apps, seasons, programs=programs, check_profile=Profile.from_dict)
    assert result.errors == ()
    assert len(result.applications) == len(apps) and len(result.seasons) == 1
    docs = (ROOT / "docs/outcomes.md").read_text(encoding="utf-8")
    assert all(f"`{c}`" in docs for c in APPLICATION_COLUMNS + SEASON_COLUMNS)


def test_a_socal_program_id_fills_name_city_kind_and_sub_region_from_the_table(programs):
    row = programs.iloc[0]
    result = _parse([_app(program_id=row["program_id"], program_name="", city="", state="", kind="",
                          specialty=row["specialty"], invited="no", invited_on="", interviewed="", ranked="")],
                    [_season(result="unmatched", matched_program="")], programs=programs)
    assert result.errors == ()
    got = result.applications.iloc[0]
    assert (got["program_name"], got["city"], got["sub_region"]) == (row["name"], row["city"], row["subregion"])
    assert got["kind"] in {"academic_centre", row["program_type"]}


@pytest.mark.parametrize(("cells", "column", "words"), [
    ({"program_name": "=HYPERLINK(\"http://x\")"}, "program_name", "formula"),
    ({"student": "@SUM(A1)"}, "student", "formula"),
    ({"city": "+1-555"}, "city", "formula"),
    ({"predicted_chance": "=1/2"}, "predicted_chance", "formula"),
    ({"program_id": "im-nowhere"}, "program_id", "not a SoCal program"),
    ({"invited_on": "2024-08-31"}, "invited_on", "outside the Match 2026 season"),
    ({"invited_on": "2026-04-01"}, "invited_on", "outside the Match 2026 season"),
    ({"invited_on": "14/10/2025"}, "invited_on", "YYYY-MM-DD"),
    ({"invited": "no", "invited_on": "", "interviewed": "yes", "ranked": ""}, "interviewed", "did not invite"),
    ({"interviewed": "no", "ranked": "yes"}, "ranked", "without an interview"),
    ({"invited": "maybe"}, "invited", "yes or no"),
    ({"ranked": "Y"}, "ranked", "yes or no"),
    ({"predicted_chance": "35%"}, "predicted_chance", "between 0 and 1"),
    ({"predicted_chance": "1.5"}, "predicted_chance", "between 0 and 1"),
    ({"kind": "boutique"}, "kind", "not a program kind"),
    ({"kind": ""}, "kind", "missing"),
    ({"sub_region": "Bay Area"}, "sub_region", "not a SoCal sub-region"),
    ({"season": "26"}, "season", "Match year"),
    ({"specialty": "Dermatology"}, "specialty", "not a specialty"),
    ({"student": ""}, "student", "missing"),
])
def test_each_bad_application_cell_is_refused_by_row_and_column(cells, column, words, programs):
    result = _parse([_app(program_name="Other"), _app(**cells)],
                    [_season(matched_program="Other")], programs=programs)
    refused = [e for e in result.errors if e.file == "applications" and e.row == 2]
    assert [e.column for e in refused] == [column], result.errors
    assert words in refused[0].message
    assert len(result.applications) == 1 and "row 2, " + column in refused[0].text


def test_a_duplicate_application_is_refused_naming_the_first_row():
    result = _parse([_app(), _app(program_name="valley community hospital ")])
    assert _errors(result) == {("applications", 2, "program_name")}
    assert "also row 1" in result.errors[0].message


def test_applications_without_a_consented_student_season_are_refused():
    result = _parse([_app(student="Ben")])
    assert _errors(result) == {("applications", 1, "student")}
    assert "consent" in result.errors[0].message
    stored = parse_outcomes(_numbered([_app(student="Ben")]), [], consented=[("ben", 2026)], today=TODAY)
    assert stored.errors == () and len(stored.applications) == 1


@pytest.mark.parametrize(("cells", "column", "words"), [
    ({"consent": "no"}, "consent", "consent"),
    ({"consent": ""}, "consent", "consent"),
    ({"result": "soap"}, "result", "matched, unmatched, matched_soap"),
    ({"result": "matched", "matched_program": ""}, "matched_program", "missing"),
    ({"result": "unmatched"}, "matched_program", "matched program with result unmatched"),
    ({"matched_program": "A Program Never Applied To"}, "matched_program", "not among Ana's ranked applications"),
    ({"profile_json": "{not json"}, "profile_json", "JSON object"),
    ({"profile_json": json.dumps({"step2_ck": 400})}, "profile_json", "not a valid profile"),
    ({"predicted_match": "-0.1"}, "predicted_match", "between 0 and 1"),
    ({"predicted_match": "-A1"}, "predicted_match", "formula"),
    ({"predicted_match": "2"}, "predicted_match", "between 0 and 1"),
    ({"predicted_interviews": "many"}, "predicted_interviews", "expected number"),
])
def test_each_bad_season_cell_is_refused_by_row_and_column(cells, column, words):
    result = _parse([_app()], [_season(**cells)])
    refused = [e for e in result.errors if e.file == "seasons"]
    assert [e.column for e in refused] == [column], result.errors
    assert words in refused[0].message
    assert result.seasons.empty


def test_a_soap_place_need_not_be_among_the_applications():
    result = _parse([_app(ranked="no")], [_season(result="matched_soap", matched_program="A SOAP program")])
    assert result.errors == ()


def test_a_student_season_twice_is_refused():
    result = _parse([_app()], [_season(), _season(student=" ana ")])
    assert _errors(result) == {("seasons", 2, "student")}


def test_the_season_window_runs_from_september_to_march():
    assert season_window(2026) == (_dt.date(2025, 9, 1), _dt.date(2026, 3, 31))


def test_the_diff_names_what_changes_and_nothing_is_written_by_itself():
    first = _parse([_app(), _app(program_name="Second", invited="no", invited_on="", interviewed="", ranked="")])
    again = _parse([_app(), _app(program_name="Second", invited="yes", interviewed="", ranked=""),
                    _app(program_name="Third")])
    diff = diff_outcomes(again, first.applications, first.seasons)
    status = dict(zip(diff.applications["program_name"], diff.applications["status"]))
    assert status == {"Valley Community Hospital": "unchanged", "Second": "changed", "Third": "new"}
    changes = diff.applications.set_index("program_name").loc["Second", "changes"]
    assert "invited: no -> yes" in changes and "invited_on:  -> 2025-10-14" in changes
    assert len(diff.applications_to_apply) == 2 and diff.seasons_to_apply.empty
    assert diff.summary().startswith("applications: 1 new, 1 changed, 1 unchanged")
    assert len(first.applications) == 2        # the current frames are not touched


def test_an_export_imports_back_unchanged_even_with_formula_like_text():
    imported = _parse([_app(), _app(program_name="Second")])
    stored = imported.applications.copy()
    stored.loc[1, "program_name"] = "=Second"          # typed in the app, where nothing is run
    text = applications_csv_text(stored)
    assert "'=Second" in text
    again = parse_outcomes(read_outcome_csv(text.encode()), read_outcome_csv(seasons_csv_text(imported.seasons).encode()),
                           today=TODAY)
    assert again.errors == ()
    pd.testing.assert_frame_equal(again.applications, stored)
    pd.testing.assert_frame_equal(again.seasons, imported.seasons)


def test_a_file_that_is_not_text_is_refused_as_a_whole():
    with pytest.raises(FactError, match="UTF-8"):
        read_outcome_csv(b"\xff\xfe" + "student".encode("utf-16-le"))


def test_a_column_the_template_does_not_have_is_named_as_a_file_error():
    result = _parse([_app() | {"invited_date": "2025-10-14"}], [_season() | {"notes": "x"}])
    assert {(e.file, e.row, e.column) for e in result.errors} == {("applications", 0, "invited_date"),
                                                                 ("seasons", 0, "notes")}
    assert "not a column of the applications template" in result.errors[0].message


CORPUS = ROOT / "tests/fixtures/outcomes"
CORPUS_ERRORS = {   # (file, row, column) each hostile row is refused at, as the file says
    ("applications", 2, "program_name"),     # a formula cell
    ("applications", 3, "program_id"),       # an unknown program id
    ("applications", 4, "program_name"),     # row 1 again (name in other case)
    ("applications", 5, "invited_on"),       # a date before the season opened
    ("applications", 6, "interviewed"),      # an interview where no invitation came
    ("applications", 7, "ranked"),           # a rank without an interview
    ("applications", 8, "invited_on"),       # a date for an invitation that did not happen
    ("applications", 9, "invited"),          # a formula where yes/no belongs
    ("applications", 10, "invited"),         # 'Y' is not yes
    ("applications", 1, "student"),          # a good row, waiting for its refused student-season (seasons row 1)
    ("seasons", 1, "matched_program"),       # matched at a program not applied to
    ("seasons", 2, "consent"),               # no consent
}


def test_the_hostile_corpus_is_refused_cell_by_cell(programs):
    result = parse_outcomes(read_outcome_csv((CORPUS / "hostile_applications.csv").read_bytes()),
                            read_outcome_csv((CORPUS / "hostile_seasons.csv").read_bytes()),
                            programs=programs, today=TODAY)
    assert _errors(result) == CORPUS_ERRORS
    assert result.applications.empty and result.seasons.empty
