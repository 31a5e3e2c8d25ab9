"""AppTest for the Compare scenarios page: pin A, change the sidebar (B), see A vs B; both ride in the link."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from hostile_checks import markdown_hazards

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
PAGE = "smartpick_app/pages/scenarios.py"


@pytest.fixture(autouse=True)
def fixture_data(monkeypatch):
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(FIXTURE))
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def open_scenarios(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def apply(at: AppTest, **values) -> AppTest:
    for name, value in values.items():
        at.number_input(key=f"typed.{name}").set_value(value)
    next(b for b in at.button if b.label == "Apply").click()
    return at.run()


def metric(at: AppTest, label: str, nth: int) -> str:
    return [m.value for m in at.main.metric if m.label == label][nth]


def test_without_a_pin_the_page_says_how_to_start_and_offers_the_pin():
    at = open_scenarios()
    assert not at.exception and not at.error
    assert at.button(key="scenarios.pin").label == "Pin as scenario A"
    assert any("Pin the profile on screen as scenario A" in i.value for i in at.info)
    assert not at.main.dataframe
    assert "a" not in at.query_params


def test_pin_then_change_the_sidebar_shows_a_against_b():
    at = open_scenarios()
    at.button(key="scenarios.pin").click().run()
    assert at.query_params["a"] == "pinned"
    apply(at, step2_ck=250, usce_months=6.0, socal_usce_months=3.0)
    assert not at.exception and not at.error
    changes = " ".join(m.value for m in at.markdown).replace("\\", "").replace("\u2060", "")
    assert "Step 2 CK: 225 → 250" in changes and "SoCal USCE months: 0 → 3" in changes
    outlook, tiers, moved = (d.value for d in at.main.dataframe)
    assert list(outlook["Measure"])[:3] == ["Chance to match", "Interviews expected", "No interview at all"]
    assert outlook.set_index("Measure").loc["Chance to match", "Change"].startswith("+")
    assert metric(at, "Chance to match", 0) != metric(at, "Chance to match", 1)
    assert "Sub-region" in tiers.columns and tiers.apply(lambda c: c.str.contains("→")).any().any()
    assert list(moved.columns) == ["Program", "Sub-region", "Tier A", "Tier B", "Interview chance A",
                                   "Interview chance B"]
    assert len(moved) > 0 and (moved["Tier A"] != moved["Tier B"]).all()
    # B's keys and A's prefixed keys share one link
    assert at.query_params["step2_ck"] == "250" and at.query_params["a"] == "pinned"
    assert not any(k.startswith("a.") for k in at.query_params)   # A is the default profile: only the mark


def test_a_shared_link_opens_with_both_scenarios():
    at = open_scenarios({"step2_ck": "250", "a": "pinned", "a.step2_ck": "230", "a.national": "40"})
    assert not at.exception and not at.warning
    text = " ".join(m.value for m in at.markdown).replace("\\", "").replace("\u2060", "")
    assert "Step 2 CK: 230 → 250" in text and "Programs elsewhere (national): 40 → the default list" in text
    assert at.query_params["a.step2_ck"] == "230" and at.query_params["a.national"] == "40"
    assert at.slider(key="profile.step2_ck").value == 250


def test_clearing_a_removes_it_from_the_page_and_the_link():
    at = open_scenarios({"a": "pinned", "a.step2_ck": "230"})
    at.button(key="scenarios.clear").click().run()
    assert not at.main.dataframe
    assert not any(k == "a" or k.startswith("a.") for k in at.query_params)


def test_a_pinned_scenario_survives_an_invalid_b_and_page_switches():
    at = open_scenarios()
    at.button(key="scenarios.pin").click().run()
    apply(at, socal_usce_months=10.0)        # B invalid: the page keeps B's last valid profile
    assert not at.exception and at.sidebar.error
    assert len(at.main.dataframe) == 2 and any("No program changed tier" in m.value for m in at.markdown)
    at.switch_page("smartpick_app/pages/tiers.py").run()
    apply(at, socal_usce_months=2.0)
    at.switch_page(PAGE).run()
    assert at.button(key="scenarios.clear") and len(at.main.dataframe) >= 2
    assert at.query_params["a"] == "pinned" and at.query_params["socal_usce_months"] == "2"


def test_a_bad_pinned_link_gives_notes_in_words_and_renders_plain_text():
    at = open_scenarios({"a": "pinned", "a.step2_ck": "abc", "a.home": "[x](https://evil.example)",
                         "a.national": "9999"})
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert "Scenario A" in notes and "Step 2 CK" in notes and "programs elsewhere" in notes
    for el in [*at.markdown, *at.caption, *at.warning]:
        assert not markdown_hazards(el.value), el.value


def test_a_against_b_names_no_raw_field_anywhere():
    from test_inputs import RAW_NAMES, rendered_text

    at = open_scenarios({"a": "pinned", "a.step2_attempts": "2", "a.observership_months": "4", "a.us_lors": "3",
                         "a.socal_lors": "1", "a.research_items": "5", "a.graduation_year": "2019",
                         "a.usce_subregions": "Inland Empire", "a.socal_ties": "true", "a.step1": "fail_then_pass"})
    text = rendered_text(at)
    assert "Step 2 CK attempts: 2 → 1" in text and "Sub-regions of your SoCal USCE: Inland Empire → none" in text
    assert "Step 1 outcome: Passed after a failed attempt → Passed first attempt" in text and "SoCal ties: yes → no" in text
    assert "fail_then_pass" not in text
    assert not [raw for raw in RAW_NAMES if raw in text]


def test_presentation_mode_shows_the_comparison_as_enlarged_tables():
    at = open_scenarios({"step2_ck": "250", "a": "pinned"})
    at.toggle(key="smartpick.present").set_value(True).run()
    assert not at.exception
    assert len(at.main.table) == 3 and not at.main.dataframe
