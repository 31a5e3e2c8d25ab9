"""AppTest for the advisor workspace pages: Students (save, reopen, delete, cohort), Data (record a fact,
coverage moves, errors beside the field), sign-in, and a broken database. Every test uses its own database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from smartpick_app.cache import specialty_programs
from smartpick_core.store import open_store
from smartpick_core.strategy.scenarios import compare_scenarios

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
UNKNOWN_J1 = "im-test-la-community-c"          # J-1 and H-1B unknown in the fixture


@pytest.fixture(autouse=True)
def workspace(monkeypatch, tmp_path):
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(FIXTURE))
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SMARTPICK_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMARTPICK_AUTH", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path / "smartpick.db"
    st.cache_data.clear()
    st.cache_resource.clear()


def run_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def save(at: AppTest, student: str, scenario: str, notes: str = "") -> AppTest:
    at.text_input(key="save.new_name").input(student)
    at.text_input(key="save.scenario").input(scenario)
    at.text_area(key="save.notes").input(notes)
    next(b for b in at.button if b.label == "Save").click().run()
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_browsing_every_page_stores_nothing(workspace):
    at = run_app()
    for page in ("smartpick_app/pages/students.py", "smartpick_app/pages/data.py", "smartpick_app/pages/programs.py"):
        at.switch_page(page).run()
        assert not at.exception
    assert not workspace.exists()


def test_saved_student_is_listed_reopens_in_one_click_and_is_really_deleted(workspace):
    at = run_app("smartpick_app/pages/students.py")
    save(at, "Amal", "base", "first try")
    assert not at.exception and not at.error
    assert workspace.exists()
    assert any("Amal" in e.label for e in at.expander)
    assert len(at.dataframe) == 1 and list(at.dataframe[0].value["student"]) == ["Amal"]
    step2_saved = int(at.dataframe[0].value["step2_ck"].iloc[0])

    slider = next(s for s in at.slider if "Step 2 CK" in s.label)
    slider.set_value(step2_saved + 20 if step2_saved < 270 else step2_saved - 20).run()
    assert next(s for s in at.slider if "Step 2 CK" in s.label).value != step2_saved
    next(b for b in at.button if b.label == "Open").click().run()
    assert not at.exception
    assert next(s for s in at.slider if "Step 2 CK" in s.label).value == step2_saved

    store = open_store(f"sqlite:///{workspace}")
    (student,) = store.students("local")
    delete = next(b for b in at.button if b.label == "Delete student")
    assert delete.disabled                                   # needs the confirmation first
    at.checkbox(key=f"sure.{student.id}").check().run()
    next(b for b in at.button if b.label == "Delete student").click().run()
    assert not at.exception
    assert store.students("local") == [] and store.all_scenarios("local") == []


def test_typed_names_and_notes_are_shown_as_plain_text():
    at = run_app("smartpick_app/pages/students.py")
    save(at, "**Bold** <img src=x onerror=alert(1)>", "[link](javascript:alert(1))", "=HYPERLINK(\"x\")")
    assert not at.exception
    label = next(e.label for e in at.expander if "Bold" in e.label)
    assert "**Bold**" not in label and "<img" not in label     # escaped, so markdown/HTML cannot render
    body = " ".join(m.value for m in at.markdown)
    assert "](javascript:" not in body


def test_cohort_lists_every_saved_scenario_with_outlook_and_tiers():
    at = run_app("smartpick_app/pages/students.py")
    save(at, "Amal", "base")
    save(at, "Bilal", "base")
    save(at, "Bilal", "with Step 3")
    table = at.dataframe[0].value
    assert len(table) == 3
    assert set(table["student"]) == {"Amal", "Bilal"}
    assert table["outlook"].str.contains("%").all()
    assert {"Realistic", "Reach", "Ultra-reach", "Not eligible"} <= set(table.columns)


def test_recording_a_fact_moves_coverage_and_changes_the_programs_page(workspace):
    at = run_app("smartpick_app/pages/programs.py")
    why_before = _why(at, UNKNOWN_J1)
    at.switch_page("smartpick_app/pages/data.py").run()
    before = metric(at, "J-1 sponsorship")
    at.selectbox(key="record.program").set_value(UNKNOWN_J1)
    at.selectbox(key="record.field").set_value("sponsors_j1")
    at.text_input(key="record.value").input("Yes")
    at.selectbox(key="record.source_type").set_value("program email or phone call")
    at.text_input(key="record.source_note").input("PD email to our office")
    at.date_input(key="record.checked_on").set_value(dt.date.today() - dt.timedelta(days=30))
    at.text_input(key="record.told_by").input("the program coordinator")
    at.button(key="record.submit").click().run()
    assert not at.exception and not at.error
    after = metric(at, "J-1 sponsorship")
    assert int(after.split()[0]) == int(before.split()[0]) + 1
    assert any("+1 known" in str(m.delta) for m in at.metric if m.label == "J-1 sponsorship")
    at.switch_page("smartpick_app/pages/programs.py").run()
    assert _why(at, UNKNOWN_J1) != why_before
    assert "Accepts J-1" in _why(at, UNKNOWN_J1)
    assert "advisor-recorded, program email or phone call, " in _why(at, UNKNOWN_J1)     # provenance where shown
    store = open_store(f"sqlite:///{workspace}")
    (fact,) = store.current_facts()
    # single-user mode: the history says so, never a typed name; who at the program said it is kept apart
    assert (fact.program_id, fact.field, fact.value, fact.recorded_by, fact.told_by) == (
        UNKNOWN_J1, "sponsors_j1", "yes", "no sign-in", "the program coordinator")


def _why(at: AppTest, program_id: str) -> str:
    table = at.dataframe[0].value
    names = dict(zip(table["Program"], table["Why"]))
    fixture = __import__("pandas").read_csv(FIXTURE, dtype=str)
    name = fixture.set_index("program_id").at[program_id, "name"]
    return names[name]


def test_a_bad_value_gets_a_message_beside_the_field_and_keeps_what_was_typed(workspace):
    at = run_app("smartpick_app/pages/data.py")
    at.selectbox(key="record.field").set_value("step2_min")
    at.text_input(key="record.value").input("350")
    at.text_input(key="record.source_note").input("program FAQ")
    at.button(key="record.submit").click().run()
    assert not at.exception
    messages = [e.value for e in at.error]
    assert any("Step 2 CK minimum" in m and "180" in m and "300" in m for m in messages)
    assert at.text_input(key="record.value").value == "350"
    assert at.text_input(key="record.source_note").value == "program FAQ"
    assert not workspace.exists() or open_store(f"sqlite:///{workspace}").current_facts() == []


def test_nobody_types_who_recorded_a_fact_the_page_says_whose_name_the_history_gets():
    at = run_app("smartpick_app/pages/data.py")
    labels = {t.label for t in at.text_input}
    assert not labels & {"Recorded by", "Recorded by ", "Retracted by", "Imported by"}
    assert "Told by (optional)" in labels
    assert any("Recorded as" in c.value and "no sign" in c.value for c in at.caption)


def test_history_shows_corrections_and_retracting_restores_the_bundled_value(workspace):
    store = open_store(f"sqlite:///{workspace}")
    common = dict(source_type="interview day", source_note="asked the PD", checked_on=dt.date.today(),
                  recorded_by="Dr A")
    store.record_fact(UNKNOWN_J1, "sponsors_h1b", "yes", **common)
    store.record_fact(UNKNOWN_J1, "sponsors_h1b", "no", **common)
    at = run_app("smartpick_app/pages/data.py")
    history = next(d.value for d in at.dataframe if "State" in d.value.columns)
    assert list(history["Value"]) == ["no", "yes"]
    assert list(history["State"]) == ["current", "superseded by a later record"]
    known_before = int(metric(at, "H-1B sponsorship").split()[0])
    for expected_left in (["yes"], []):                      # the correction first: the earlier value comes back
        at.selectbox(key="retract.pick").set_value(store.current_facts()[0].id).run()
        at.button(key="retract.go").click().run()
        assert not at.exception
        assert [f.value for f in store.current_facts()] == expected_left
    assert int(metric(at, "H-1B sponsorship").split()[0]) == known_before - 1
    history = next(d.value for d in at.dataframe if "State" in d.value.columns)
    assert history["State"].str.startswith("retracted by no sign-in").all() and len(history) == 2
    assert set(history["Recorded by"]) == {"Dr A (typed name, not verified)"}   # the old keyword: a typed name


def test_a_corrupt_database_is_named_on_the_workspace_pages_and_the_rest_keeps_running(workspace):
    workspace.write_bytes(b"this is not a database" * 100)
    at = run_app()
    assert not at.exception and not at.error                  # Overview on the bundled data
    at.switch_page("smartpick_app/pages/students.py").run()
    assert not at.exception
    assert any("cannot" in e.value or "not a database" in e.value for e in at.error)
    at.switch_page("smartpick_app/pages/data.py").run()
    assert not at.exception
    assert any("bundled data" in e.value for e in at.error)
    at.switch_page("smartpick_app/pages/tiers.py").run()
    assert not at.exception and not at.error


def test_shared_mode_requires_sign_in_and_advisors_see_only_their_own_students(monkeypatch, workspace):
    store = open_store(f"sqlite:///{workspace}")
    store.add_user("ana", "correct horse 1")
    store.add_user("ben", "battery staple 2")
    sid = store.save_student("ben", "Ben's student")
    store.save_scenario("ben", sid, "base", {"step2_ck": 230}, "")
    monkeypatch.setenv("SMARTPICK_AUTH", "on")
    at = run_app()
    assert [t.value for t in at.title] == ["SmartPick SoCal — sign in"]
    assert not at.metric                                      # no page before sign-in
    at.text_input(key="signin.name").input("ana")
    at.text_input(key="signin.password").input("wrong password")
    at.button[0].click().run()
    assert any("do not match" in e.value for e in at.error)
    at.text_input(key="signin.name").input("ana")
    at.text_input(key="signin.password").input("correct horse 1")
    at.button[0].click().run()
    assert not at.exception
    at.switch_page("smartpick_app/pages/students.py").run()
    assert not any("Ben" in e.label for e in at.expander)
    save(at, "Ana's student", "base")
    assert [s.name for s in store.students("ana")] == ["Ana's student"]
    assert [s.name for s in store.students("ben")] == ["Ben's student"]


def test_import_shows_a_diff_rejects_bad_rows_by_row_and_column_and_applies_on_confirm(workspace):
    store = open_store(f"sqlite:///{workspace}")
    today = dt.date.today().isoformat()
    store.record_fact(UNKNOWN_J1, "sponsors_h1b", "no", source_type="interview day", source_note="PD said",
                      checked_on=today, recorded_by="Dr A")
    csv = ("program_id,field,value,source_type,source_note,checked_on,recorded_by\n"
           f"{UNKNOWN_J1},sponsors_j1,yes,program website,https://example.org/visa,{today},Dr B\n"     # added
           f"{UNKNOWN_J1},sponsors_h1b,yes,program website,https://example.org/visa,{today},Dr B\n"    # changed
           f"{UNKNOWN_J1},step2_min,999,program website,FAQ,{today},Dr B\n"                           # rejected
           f"no-such-program,sponsors_j1,yes,program website,x,{today},Dr B\n")                       # rejected
    at = run_app("smartpick_app/pages/data.py")
    at.file_uploader(key="import.file").set_value(("facts.csv", csv.encode(), "text/csv")).run()
    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert {"**Added** (1)", "**Changed** (1)", "**Rejected** (2)"} <= set(shown)
    rejected = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert list(rejected["Row"]) == [3, 4]
    assert list(rejected["Column"]) == ["value", "program_id"]
    assert any("300" in p for p in rejected["Problem"])
    assert [f.value for f in store.current_facts()] == ["no"]          # nothing saved before the confirmation
    at.button(key="import.apply").click().run()
    assert not at.exception
    assert sorted((f.field, f.value) for f in store.current_facts()) == [("sponsors_h1b", "yes"), ("sponsors_j1", "yes")]


def test_export_is_formula_safe_csv_and_json():
    from smartpick_core.facts.files import facts_csv_text, facts_json_text

    rows = [{"program_id": UNKNOWN_J1, "field": "sponsors_j1", "value": "yes", "source_type": "colleague report",
             "source_note": "=HYPERLINK(\"http://x\")", "checked_on": "2026-10-01", "recorded_by": "@admin",
             "recorded_at": "2026-10-01T10:00:00"}]
    text = facts_csv_text(rows)
    assert "'=HYPERLINK" in text and "'@admin" in text
    assert '"=HYPERLINK' not in text.replace("'=", "")
    assert '"source_note": "=HYPERLINK' in facts_json_text(rows)


def test_a_missing_program_can_be_added_and_then_appears_in_the_data(workspace):
    at = run_app("smartpick_app/pages/data.py")
    fields = {"Program id (lower-case, hyphens)": "im-test-upland", "Program name": "Test Upland IM",
              "Institution / hospital": "Test Upland Hospital", "City": "Upland",
              "Program web page (URL)": "https://example.org/upland-im", "Source note": "radio interview"}
    for label, value in fields.items():
        next(t for t in at.text_input if t.label == label).input(value)
    next(s for s in at.selectbox if s.label == "County").set_value("San Bernardino")
    next(b for b in at.button if b.label == "Add program").click().run()
    assert not at.exception and not at.error
    store = open_store(f"sqlite:///{workspace}")
    assert [f.program_id for f in store.current_facts()] == ["im-test-upland"]
    at.switch_page("smartpick_app/pages/programs.py").run()
    assert "Test Upland IM" in set(at.dataframe[0].value["Program"])


def test_a_new_program_with_a_bad_address_is_refused_in_words(workspace):
    at = run_app("smartpick_app/pages/data.py")
    next(t for t in at.text_input if t.label == "Program id (lower-case, hyphens)").input("Bad Id!")
    next(b for b in at.button if b.label == "Add program").click().run()
    assert not at.exception
    assert any("program id" in e.value for e in at.error)
    assert not workspace.exists() or open_store(f"sqlite:///{workspace}").current_facts() == []


def test_a_configured_user_file_turns_sign_in_on(monkeypatch, tmp_path):
    from smartpick_core.store.auth import hash_password, write_users_file

    users = tmp_path / "users.txt"
    write_users_file(users, "cara", hash_password("long enough 3"))
    monkeypatch.setenv("SMARTPICK_USERS_FILE", str(users))
    at = run_app()
    assert [t.value for t in at.title] == ["SmartPick SoCal — sign in"]
    at.text_input(key="signin.name").input("cara")
    at.text_input(key="signin.password").input("long enough 3")
    at.button[0].click().run()
    assert not at.exception
    assert any(m.label == "Realistic" for m in at.metric)       # the Overview, after sign-in


def test_a_fact_recorded_outside_the_app_reaches_the_cached_what_ifs_on_the_next_rerun(workspace):
    """The command line (facts import, restore) writes without the app's cache clear: the facts key is part of
    every per-profile cache key, so the what-if table can never keep the old facts beside a fresh score."""
    at = run_app()
    before = at.session_state["smartpick.dashboard"]
    assert before.profile.visa.value == "J-1"
    old = before.scenarios()
    open_store(f"sqlite:///{workspace}").record_fact(
        UNKNOWN_J1, "sponsors_j1", "no", source_type="program website", source_note="FAQ page",
        checked_on=dt.date.today(), recorded_by="Dr A")
    at.run()
    after = at.session_state["smartpick.dashboard"]
    assert after.facts != before.facts
    fresh = compare_scenarios(after.result, specialty_programs(after.paths, after.facts, after.profile.specialty),
                              n_national=after.national)
    assert not fresh.equals(old)                                    # the fact matters to the what-ifs
    pd.testing.assert_frame_equal(after.scenarios(), fresh)
