"""AppTest for outcomes: the Students page's editor (consent first, a season saved from a saved scenario's
snapshot, a correction kept in the history) and the Back-test page (a CSV import reviewed before Apply, the
refused cells named, the back-test in words, the local correction beside the national model and named on the
Overview). Every test has its own workspace on the fixture programs."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import streamlit as st

from apptest_support import ROOT, open_app_workspace, run_app
from smartpick_app.outcomes_panels import LOCAL_KEY
from smartpick_app.state import DASHBOARD_KEY
from smartpick_core import MODEL_VERSION
from smartpick_core.store import outcomes as oc

STUDENTS = "smartpick_app/pages/students.py"
BACKTEST = "smartpick_app/pages/backtest.py"
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"


@pytest.fixture
def store(monkeypatch, tmp_path):
    opened = open_app_workspace(monkeypatch, tmp_path)
    yield opened
    opened.close()
    st.cache_data.clear()
    st.cache_resource.clear()


def _fixture_ids() -> list[str]:
    import pandas as pd
    return list(pd.read_csv(FIXTURE)["program_id"])


def _texts(at) -> str:
    """Every sentence on the page as a reader sees it (plain_markdown's escapes taken off)."""
    text = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
                     + [e.value for e in at.error] + [w.value for w in at.warning])
    return html.unescape(text.replace("\\", "").replace("\u2060", ""))


def test_the_editor_asks_for_consent_before_anything_is_stored(store):
    sid = store.save_student("local", "Amal")
    store.save_scenario("local", sid, "base", {"step2_ck": 240, "visa": "J-1"})
    at = run_app(STUDENTS)
    assert not at.exception
    consent = at.checkbox(key=f"outcomes.consent.{sid}")
    assert consent.value is False
    assert not [b for b in at.button if b.label == "Save outcomes"]   # no season form before consent
    consent.check().run()
    assert not at.exception
    assert oc.consent(store, "local", sid)
    assert oc.seasons(store, "local") == []                    # consent alone stores no outcome


def _old_snapshot(profile: dict) -> dict:
    """A snapshot as an earlier model version saved it: today's list, but numbers today's model would not give."""
    from smartpick_core.programs.table import load_programs
    from smartpick_core.strategy.outcome_snapshot import scenario_snapshot
    listed = list(scenario_snapshot(profile, load_programs([FIXTURE])).listed)
    return {"format": 1, "model_version": "2025.01.1", "specialty": "Internal Medicine",
            "saved_at": "2025-09-20T10:00:00+00:00", "match_probability": 0.321, "p_no_interview": 0.2,
            "expected_interviews": 1.75, "listed": listed, "chances": {pid: 0.123 for pid in listed}}


def test_saving_a_season_stores_the_scenarios_snapshot_and_a_correction_adds_a_version(store):
    sid = store.save_student("local", "Amal")
    profile = {"step2_ck": 240, "visa": "J-1"}
    store.save_scenario("local", sid, "base", profile, snapshot=_old_snapshot(profile))
    oc.set_consent(store, "local", sid, True, by="test")
    at = run_app(STUDENTS)
    assert not at.exception
    save = next(b for b in at.button if b.label == "Save outcomes")
    at.selectbox(key=f"outcomes.scenario.{sid}.{oc.current_season()}").set_value("base")
    save.click().run()
    assert not at.exception, at.exception
    stored = oc.seasons(store, "local")
    assert len(stored) == 1, [e.value for e in at.error]
    first = stored[0]
    assert first.outcome.scenario_name == "base" and first.outcome.profile["step2_ck"] == 240
    # the numbers shown when the scenario was saved, not today's model relabelled
    assert (first.outcome.model_version, first.outcome.predicted_match, first.outcome.predicted_interviews) == (
        "2025.01.1", 0.321, 1.75)
    assert first.applications and all(a["program_id"] in _fixture_ids() for a in first.applications)
    assert {(a["predicted_chance"], a["model_version"]) for a in first.applications} == {(0.123, "2025.01.1")}
    # a correction: the result is now known
    result = next(s for s in at.selectbox if s.label == "Result")
    result.set_value("unmatched")
    next(b for b in at.button if b.label == "Save outcomes").click().run()
    assert not at.exception
    history = oc.season_history(store, "local", sid, oc.current_season())
    assert [h.outcome.result for h in history] == ["unmatched", ""]
    assert "History of this season (2 version(s))" in [e.label for e in at.expander]


def test_saving_a_scenario_keeps_the_numbers_the_screen_showed(store):
    at = run_app(STUDENTS)
    assert not at.exception
    at.text_input(key="save.new_name").input("Amal")
    at.text_input(key="save.scenario").input("base")
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception, at.exception
    [student] = store.students("local")
    [record] = store.scenarios("local", student.id)
    shown = at.session_state[DASHBOARD_KEY].result                     # what the screen showed on Save
    snapshot = record.snapshot
    assert snapshot is not None and snapshot["model_version"] == MODEL_VERSION
    assert set(snapshot["chances"]) <= set(_fixture_ids()) and snapshot["listed"]
    assert 0 <= snapshot["match_probability"] <= 1 and 0 <= snapshot["p_no_interview"] <= 1
    assert snapshot["match_probability"] == pytest.approx(shown.outlook.match_probability, abs=1e-4)
    assert snapshot["listed"] == list(shown.programs.loc[shown.programs["in_application_list"], "program_id"])


def test_a_scenario_saved_without_a_snapshot_says_so_and_stores_no_chance(store):
    sid = store.save_student("local", "Amal")
    store.save_scenario("local", sid, "base", {"step2_ck": 240, "visa": "J-1"})     # as before revision 0006
    oc.set_consent(store, "local", sid, True, by="test")
    at = run_app(STUDENTS)
    at.selectbox(key=f"outcomes.scenario.{sid}.{oc.current_season()}").set_value("base").run()
    assert not at.exception
    assert "No snapshot was saved with this scenario; only today's model can be compared" in _texts(at)
    next(b for b in at.button if b.label == "Save outcomes").click().run()
    assert not at.exception, at.exception
    [stored] = oc.seasons(store, "local")
    assert stored.outcome.profile["step2_ck"] == 240 and stored.outcome.scenario_name == "base"
    assert (stored.outcome.model_version, stored.outcome.predicted_match, stored.outcome.predicted_interviews) == (
        "", None, None)
    assert stored.applications and all(a["predicted_chance"] is None for a in stored.applications)


def test_the_backtest_page_names_each_refused_cell_of_an_import_by_file_row_and_column(store):
    from smartpick_app import outcomes_panels
    from smartpick_core.facts.outcomes import read_outcome_csv
    from smartpick_core.programs.table import load_programs
    apps = (b"student,season,specialty,program_id,program_name,city,state,kind,sub_region,invited,invited_on,"
            b"interviewed,ranked,predicted_chance,model_version\n"
            b"Ana,2026,Internal Medicine,,=1+1,Fresno,CA,community,,no,,,,0.2,v\n"
            b"Ana,2026,Internal Medicine,,Good Hospital,Tulsa,OK,community,,yes,2019-01-01,,,0.3,v\n")
    seasons = (b"student,season,result,matched_program,profile_json,model_version,predicted_match,"
               b"predicted_interviews,consent\nAna,2026,unmatched,,,v,0.4,2,yes\n")
    at = run_app(BACKTEST)
    assert not at.exception
    assert "No outcomes recorded yet" in _texts(at)
    at.session_state[outcomes_panels.DIFF_KEY] = oc.plan_import(
        store, "local", read_outcome_csv(apps), read_outcome_csv(seasons), load_programs())
    at.run()
    assert not at.exception
    refused = next(df.value for df in at.dataframe if "problem" in df.value.columns)
    assert list(zip(refused["file"], refused["row"], refused["column"])) == [
        ("applications", 1, "program_name"), ("applications", 2, "invited_on")]
    assert oc.seasons(store, "local") == []                  # nothing saved before Apply


def test_the_backtest_view_speaks_in_words_and_shows_the_correction_beside_the_national_model(store):
    ids = _fixture_ids()
    kinds = ["community", "university"]
    for n in range(3):
        sid = store.save_student("local", f"Student {n}")
        oc.set_consent(store, "local", sid, True, by="test")
        rows = [{"specialty": "Internal Medicine", "program_id": ids[i], "program_name": f"P{i}", "city": "X",
                 "state": "CA", "kind": kinds[i % 2], "invited": "yes" if (i + n) % 3 == 0 else "no",
                 "predicted_chance": 0.2} for i in range(4)]
        oc.save_season(store, "local", sid, oc.SeasonOutcome(season=2026, result="unmatched",
                                                             predicted_match=0.3, predicted_interviews=1.0),
                       rows, by="test")
    at = run_app(BACKTEST)
    assert not at.exception
    words = _texts(at)
    assert "too small to judge" in words and "n = 12 applications from 3 students" in words
    assert "national model" in words.lower()
    assert LOCAL_KEY not in at.session_state or not at.session_state[LOCAL_KEY]
    at.toggle(key="outcomes.local_toggle").set_value(True).run()
    assert not at.exception
    words = _texts(at)
    assert "Corrected, evaluated on students left out of the fit" in words
    assert "Snapshots: 12 of 12 applications (from 3 of 3 students)" in words
    assert any(len(df.value) == 2 and "Odds ×" in df.value.columns for df in at.dataframe)
    at.switch_page("smartpick_app/pages/overview.py").run()
    assert not at.exception
    assert "with your office's local correction" in _texts(at)
    at.switch_page("smartpick_app/pages/programs.py").run()            # a page that shows national chances
    assert not at.exception
    assert "chances: the national model, except where a page says" in _texts(at)


def test_the_import_panel_shows_the_diff_and_saves_only_on_apply(store, tmp_path, monkeypatch):
    from smartpick_app import outcomes_panels
    from smartpick_core.facts.outcomes import read_outcome_csv
    from smartpick_core.programs.table import load_programs
    templates = Path(ROOT) / "data" / "templates"
    diff = oc.plan_import(store, "local", read_outcome_csv((templates / "outcomes_template.csv").read_bytes()),
                          read_outcome_csv((templates / "outcomes_seasons_template.csv").read_bytes()),
                          load_programs())
    at = run_app(BACKTEST)
    at.session_state[outcomes_panels.DIFF_KEY] = diff        # what Review the import leaves for review
    at.run()
    assert not at.exception
    assert "applications: 2 new" in _texts(at)
    assert oc.seasons(store, "local") == []
    next(b for b in at.button if b.label == "Apply the import").click().run()
    assert not at.exception
    assert [r.student_name for r in oc.seasons(store, "local")] == ["Example Student"]
