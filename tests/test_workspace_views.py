"""The workspace pages' numbers, words and choices, computed in the core: checked here on the fixture table and
small hand-made records, without Streamlit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from smartpick_core import Profile, load_programs
from smartpick_core.facts.overlay import apply_recorded_facts
from smartpick_core.facts.records import FactError, FactRecord
from smartpick_core.facts.rules import check_fact_value, check_program_row, check_source, parse_checked_on
from smartpick_core.store.records import ScenarioRecord
from smartpick_core.strategy.cohort import (
    COHORT_COLUMNS, NEW_STUDENT, cohort_csv, cohort_shown, profile_line, save_request, scenario_line,
)
from smartpick_core.views.coverage import (
    HEADLINE_FIELDS, coverage_caption, data_coverage, field_table, headline_metrics, known_count, verify_table,
)
from smartpick_core.views.workspace_tables import (
    add_program_error, browse_specialties, browse_view, fact_error_input, fact_file_format, history_table,
    new_program_row, program_picks, retract_labels, scenarios_by_student,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "programs_fixture.csv"
UNKNOWN_J1 = "im-test-la-community-c"          # J-1 and H-1B unknown in the fixture
SD_UNKNOWN_J1 = "fm-test-sd-community"


@pytest.fixture(scope="module")
def programs() -> pd.DataFrame:
    return load_programs([FIXTURE])


def fact(i: int, program_id: str, field: str, value: str, *, minutes: int = 0, by: str = "Dr A",
         retracted: bool = False) -> FactRecord:
    return FactRecord(i, program_id, field, value, "program website", "FAQ page", dt.date(2026, 10, 1), by,
                      dt.datetime(2026, 11, 1, 9, 0) + dt.timedelta(minutes=minutes),
                      retracted_at=dt.datetime(2026, 11, 2) if retracted else None,
                      retracted_by="Dr B" if retracted else None)


# --- headline numbers ---------------------------------------------------------------------------------------------
def test_headline_metrics_read_known_of_total_with_the_hover_counts(programs):
    coverage = data_coverage(programs)
    metrics = headline_metrics(coverage)
    assert [m.field for m in metrics] == list(HEADLINE_FIELDS)
    j1 = metrics[0]
    assert (j1.label, j1.value, j1.delta) == ("J-1 sponsorship", "17 of 19", None)
    assert j1.help == "89% known; 2 estimated from programs like it; 0 unknown; 0 recorded by advisors."
    step2 = next(m for m in metrics if m.field == "step2_min")
    assert (step2.label, step2.value) == ("Step 2 CK minimum", "2 of 19")
    assert step2.help == "11% known; 0 estimated from programs like it; 17 unknown; 0 recorded by advisors."


def test_a_recorded_fact_moves_its_headline_and_only_that_one(programs):
    before = data_coverage(programs)
    known_before = known_count(before, "sponsors_j1")
    assert known_before == 17
    record = fact(1, UNKNOWN_J1, "sponsors_j1", "yes")
    after = data_coverage(apply_recorded_facts(programs, [record], today=dt.date(2026, 11, 5)), [record])
    metrics = {m.field: m for m in headline_metrics(after, "sponsors_j1", known_before)}
    assert metrics["sponsors_j1"].value == "18 of 19"
    assert metrics["sponsors_j1"].delta == "+1 known"
    assert metrics["sponsors_j1"].help.endswith("1 recorded by advisors.")
    assert all(m.delta is None for f, m in metrics.items() if f != "sponsors_j1")
    # no delta without a count before (status is not counted), or when the number did not move
    assert known_count(after, "status") is None
    assert all(m.delta is None for m in headline_metrics(after, "status", None))
    assert headline_metrics(after, "sponsors_j1", 18)[0].delta is None


def test_coverage_caption_and_tables_as_shown(programs):
    coverage = data_coverage(programs)
    assert coverage_caption(coverage, 3) == ("19 programs; 3 facts recorded by advisors; 2 programs on the to-verify "
                                             "list.")
    assert coverage_caption(coverage, 1).startswith("19 programs; 1 fact recorded by advisors;")   # not "1 facts"
    shown = verify_table(coverage)
    assert "program_id" not in shown and list(shown["name"]) == list(coverage.to_verify["name"])
    table = field_table(coverage)
    assert list(table.columns) == ["Fact", "Known", "Recorded", "Estimated", "Unknown", "Total", "Known_share"]
    assert table.iloc[0]["Fact"] == "J-1 sponsorship" and table.iloc[0]["Known"] == 17


# --- pick lists ---------------------------------------------------------------------------------------------------
def test_program_picks_name_with_specialty_and_put_the_to_verify_list_first(programs):
    coverage = data_coverage(programs)
    names, order, ids = program_picks(programs, coverage.to_verify)
    assert names[UNKNOWN_J1] == "Test Lynwood Community IM Residency (Internal Medicine)"
    assert order[:2] == [SD_UNKNOWN_J1, UNKNOWN_J1]          # the to-verify order, most urgent first
    rest = order[2:]
    assert rest == sorted(rest, key=names.get) and len(order) == len(set(order)) == 19
    assert ids == set(programs["program_id"])


def test_program_picks_with_nothing_to_verify_are_by_name(programs):
    coverage = data_coverage(programs)
    names, order, _ = program_picks(programs, coverage.to_verify.iloc[0:0])
    assert order == sorted(programs["program_id"], key=names.get)
    assert order[0] == "im-test-oc-community"                  # "Test Anaheim Community IM Residency"


# --- where an error goes ------------------------------------------------------------------------------------------
def _error(call) -> FactError:
    with pytest.raises(FactError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("call, key", [
    (lambda: check_fact_value("step2_min", "350"), "record.value"),
    (lambda: check_fact_value("no_such_fact", "1"), "record.field"),
    (lambda: check_source("rumour", "x", dt.date(2026, 1, 1), "Dr A"), "record.source_type"),
    (lambda: check_source("program website", "", dt.date(2026, 1, 1), "Dr A"), "record.source_note"),
    (lambda: parse_checked_on("1980-01-01"), "record.checked_on"),
    (lambda: check_source("program website", "FAQ", dt.date(2026, 1, 1), ""), "record.value"),   # no input: the account
    (lambda: check_program_row({"program_id": "Bad Id!"}), "record.program"),
])
def test_a_refused_record_goes_beside_its_own_input(call, key):
    assert fact_error_input(_error(call).field) == key


def test_an_unexpected_error_field_falls_back_to_the_value_input():
    assert fact_error_input("file") == "record.value"
    assert fact_error_input("told_by", prefix="edit.") == "edit.told_by"


def test_add_program_error_names_the_column_and_a_missing_map_point():
    bad_id = _error(lambda: check_program_row({"program_id": "Bad Id!"}))
    assert add_program_error(bad_id.field, bad_id.message).startswith("Not added — program id: the program id must")
    assert add_program_error("lat", "is required") == ("Not added — lat: is required (the city was not found, so "
                                                       "the program has no map point)")


def test_a_new_program_without_a_map_point_is_refused_and_says_why():
    row = new_program_row(program_id="im-test-new", name="Test New IM", institution="Test Hospital",
                          specialty="Internal Medicine", city="", county="Los Angeles", program_type="university",
                          status="accredited", source_url="https://example.org", checked="2026-10", lat=None,
                          lon=None)
    exc = _error(lambda: check_program_row(row))
    assert exc.field == "lat"
    assert add_program_error(exc.field, exc.message) == (f"Not added — lat: {exc.message} (the city was not found, "
                                                         "so the program has no map point)")


@pytest.mark.parametrize("name, fmt", [("facts.json", "json"), ("FACTS.JSON", "json"), ("facts.csv", "csv"),
                                       ("facts", "csv"), ("json.csv", "csv")])
def test_fact_file_format_by_name(name, fmt):
    assert fact_file_format(name) == fmt


# --- history and retraction ---------------------------------------------------------------------------------------
def test_retract_labels_offer_current_records_only():
    records = [fact(2, UNKNOWN_J1, "sponsors_h1b", "no", minutes=5), fact(1, UNKNOWN_J1, "sponsors_h1b", "yes"),
               fact(3, SD_UNKNOWN_J1, "sponsors_j1", "yes", minutes=9, retracted=True)]
    names = {UNKNOWN_J1: "Test Lynwood Community IM Residency (Internal Medicine)"}
    history = history_table(records, [records[0]], names)
    assert retract_labels(history) == {
        2: "Test Lynwood Community IM Residency (Internal Medicine) · Sponsors H-1B = no (Dr A (typed name, not verified), 2026-11-01 09:05)"}
    assert retract_labels(history_table([], [])) == {}


# --- browse -------------------------------------------------------------------------------------------------------
def test_browse_filters_by_specialty_and_search_without_the_id(programs):
    assert browse_specialties(programs) == ["All", "Family Medicine", "Internal Medicine"]
    everything = browse_view(programs)
    assert len(everything) == 19 and "program_id" not in everything
    fm = browse_view(programs, "Family Medicine")
    assert set(fm["Specialty"]) == {"Family Medicine"} and len(fm) == 3
    found = browse_view(programs, "All", "  riverside ")
    assert sorted(found["Program"]) == ["Test Riverside County FM Residency", "Test Riverside County IM Residency"]
    assert browse_view(programs, "Family Medicine", "Lynwood").empty


# --- students -----------------------------------------------------------------------------------------------------
def scenario(i: int, student_id: int, student: str, name: str, profile: dict | None = None) -> ScenarioRecord:
    return ScenarioRecord(id=i, owner="local", student_id=student_id, student_name=student, name=name,
                          profile=profile if profile is not None else {"specialty": "Family Medicine",
                                                                       "step2_ck": 240, "visa": "H-1B"})


def test_scenarios_by_student_keeps_the_store_order():
    records = [scenario(4, 2, "Amal", "base"), scenario(7, 2, "Amal", "with Step 3"), scenario(1, 5, "Bilal", "base")]
    grouped = scenarios_by_student(records)
    assert {k: [r.id for r in v] for k, v in grouped.items()} == {2: [4, 7], 5: [1]}
    assert grouped.get(9, []) == [] and scenarios_by_student([]) == {}


def test_profile_and_scenario_lines():
    assert profile_line(Profile(), 12) == ("Internal Medicine, Step 2 CK 225, J-1 (ECFMG-sponsored), 3 months "
                                           "hands-on USCE, 12 programs elsewhere.")
    assert profile_line(Profile(usce_months=4.5), 0).endswith("4.5 months hands-on USCE, 0 programs elsewhere.")
    assert scenario_line(scenario(1, 1, "Amal", "base")) == "base · Family Medicine, Step 2 CK 240, visa H-1B"
    assert scenario_line(scenario(2, 1, "Amal", "old", {})) == "old · ?, Step 2 CK ?, visa ?"


NO_STUDENT = "Student name — type a name for the new student (1 to 200 characters)."
NO_SCENARIO = "Scenario name — give the scenario a name (1 to 200 characters), e.g. 'base'."


@pytest.mark.parametrize("pick, new_name, scenario_name, expected", [
    (NEW_STUDENT, "  Amal ", " base ", ("Amal", "base", "")),
    ("Bilal", "ignored", "with Step 3", ("Bilal", "with Step 3", "")),
    (NEW_STUDENT, "   ", "base", ("", "base", NO_STUDENT)),
    ("Bilal", "", "  ", ("Bilal", "", NO_SCENARIO)),
])
def test_save_request_names_the_student_and_scenario_or_says_what_is_missing(pick, new_name, scenario_name,
                                                                              expected):
    assert tuple(save_request(pick, new_name, scenario_name)) == expected


def test_cohort_shown_hides_the_band_bounds_and_the_csv_keeps_everything():
    table = pd.DataFrame([{c: None for c in COHORT_COLUMNS} | {"scenario_id": 3, "student": "Amal",
                                                                 "scenario": "base", "error": ""}],
                         columns=COHORT_COLUMNS)
    shown = cohort_shown(table)
    assert {"scenario_id", "match_probability_low", "match_probability_high"}.isdisjoint(shown.columns)
    assert list(shown["student"]) == ["Amal"]
    text = cohort_csv(table, "9.9.9").decode("utf-8")
    header, row = text.splitlines()[:2]
    assert header.split(",")[0] == "scenario_id" and header.endswith("model_version")
    assert row.startswith("3,Amal,base") and row.endswith("9.9.9")
