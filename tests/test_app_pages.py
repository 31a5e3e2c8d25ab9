"""AppTest for every dashboard page: runs on default and edge profiles, reacts to widgets, round-trips the URL."""

from __future__ import annotations

import re

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest_support import run_app
from smartpick_app.registry import PAGES as REGISTRY

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
PAGES = [p.script for p in REGISTRY if not p.workspace]
EDGE_PROFILES = {
    "default": {},
    "step2_214": {"step2_ck": "214"},
    "h1b_without_step3": {"visa": "H-1B", "step3": "not_taken"},
    "no_usce": {"usce_months": "0", "socal_usce_months": "0"},
    "old_graduation": {"graduation_year": "1995"},
}


@pytest.fixture(autouse=True)
def clear_caches(monkeypatch):
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(FIXTURE))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()



def tier_metric(at: AppTest) -> str:
    tiers = ("Realistic", "Reach", "Ultra-reach", "Not eligible")
    return " · ".join(m.value for m in at.metric if m.label in tiers)


def deck_specs(at: AppTest) -> list[str]:
    return [el.proto.json for el in at.get("deck_gl_json_chart")]


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


@pytest.mark.slow   # every page x every edge profile (the other tests here open every page on the default)
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("profile", EDGE_PROFILES.values(), ids=EDGE_PROFILES.keys())
def test_every_page_runs_without_exception_on_default_and_edge_profiles(page, profile):
    at = run_app(page, profile)
    assert not at.exception
    assert not at.error
    assert any("model version" in c.value for c in at.caption)


def test_moving_the_step2_slider_changes_the_tier_counts():
    at = run_app()
    before = tier_metric(at)
    at.slider(key="profile.step2_ck").set_value(285).run()
    assert not at.exception
    assert tier_metric(at) != before


def test_choosing_h1b_shows_not_eligible_reasons():
    at = run_app()
    visa = at.selectbox(key="profile.visa")
    visa.set_value(next(o for o in visa.options if o.startswith("H-1B"))).run()
    at.switch_page("smartpick_app/pages/programs.py").run()
    assert not at.exception
    assert "Not eligible — does not sponsor H-1B" in " ".join(at.dataframe[0].value["Why"])


def test_overview_names_what_limits_an_h1b_applicant():
    at = run_app(params={"visa": "H-1B", "step3": "passed"})
    assert any("do not sponsor H-1B" in m.value.replace("\\", "") for m in at.markdown)


def test_query_parameters_seed_the_widgets_and_round_trip():
    params = {"step2_ck": "241", "visa": "J-1 or H-1B", "languages": "Spanish,Tagalog", "usce_months": "6",
              "socal_usce_months": "4", "national": "120"}
    at = run_app(params=params)
    assert not at.exception and not at.warning
    assert at.slider(key="profile.step2_ck").value == 241
    assert at.multiselect(key="profile.languages").value == ["Spanish", "Tagalog"]
    assert at.number_input(key="smartpick.national").value == 120
    assert {k: at.query_params[k] for k in params} == params


def test_changing_a_widget_updates_the_url():
    at = run_app()
    at.slider(key="profile.step2_ck").set_value(250).run()
    assert at.query_params["step2_ck"] == "250"


def test_bad_query_parameters_give_a_note_and_no_exception():
    at = run_app(params={"step2_ck": "abc", "visa": "B-2", "graduation_year": "3000", "usce_months": "500",
                         "national": "9999", "bogus": "1"})
    assert not at.exception and not at.error
    notes = " ".join(w.value for w in at.warning)
    for fragment in ("Step 2 CK", "visa need", "graduation year", "bogus", "programs elsewhere"):
        assert fragment in notes
    assert at.slider(key="profile.step2_ck").value == 225


def test_an_impossible_combination_is_shown_as_an_error_naming_the_field_and_keeps_inputs():
    at = run_app()
    at.slider(key="profile.socal_usce_months").set_value(10.0).run()  # more SoCal months than USCE (3)
    assert not at.exception
    assert any("More months in Southern California" in e.value for e in at.sidebar.error)   # beside the field
    assert at.session_state["smartpick.inputs"]["profile.socal_usce_months"] == 10.0
    assert at.session_state["smartpick.inputs"]["profile.step2_ck"] == 225


def test_map_is_offline_with_county_outlines_and_tier_colours():
    at = run_app("smartpick_app/pages/map.py", {"home": "Riverside"})
    specs = deck_specs(at)
    assert len(specs) == 1
    spec = specs[0]
    assert "cartocdn" not in spec and "mapbox" not in spec
    assert '"__MAP_STYLE__"' in spec and "/app/static/counties.json" in spec
    deck = json.loads(spec)
    assert {layer["id"] for layer in deck["layers"]} >= {"counties", "programs", "home", "home-ring"}
    assert len(spec) < 3_000_000
    assert "Miles from home" in at.dataframe[0].value.columns


def test_map_filters_reduce_the_dots():
    at = run_app("smartpick_app/pages/map.py")
    before = json.loads(deck_specs(at)[0])
    at.multiselect(key="map.regions").select("Inland Empire").run()
    after = json.loads(deck_specs(at)[0])
    count = lambda deck: len(next(layer for layer in deck["layers"] if layer["id"] == "programs")["data"])  # noqa: E731
    assert 0 < count(after) < count(before)
    assert before["initialViewState"] != after["initialViewState"]     # the camera fits the sub-region's programs
    at.multiselect(key="map.tiers").select("Not eligible").run()
    narrowed = json.loads(deck_specs(at)[0])
    assert count(narrowed) < count(after)
    assert narrowed["initialViewState"] == after["initialViewState"]  # a tier filter does not move it


def test_tiers_page_has_three_titled_charts_in_the_tier_palette():
    at = run_app("smartpick_app/pages/tiers.py")
    figs = plotly_specs(at)
    assert len(figs) == 3
    for fig in figs:
        assert fig["layout"]["title"]["text"]
        assert fig["layout"]["xaxis"]["title"]["text"] and fig["layout"]["yaxis"]["title"]["text"]
    colours = {trace["marker"]["color"] for trace in figs[0]["data"]}
    assert colours <= {"#009E73", "#E69F00", "#D55E00", "#999999"}


def test_compare_page_defaults_to_los_angeles_and_inland_empire():
    at = run_app("smartpick_app/pages/compare.py")
    assert at.selectbox(key="compare.a").value == "Los Angeles"
    assert at.selectbox(key="compare.b").value == "Inland Empire"
    assert len(deck_specs(at)) == 2
    assert any("Interviews expected here" == m.label for m in at.metric)


def test_programs_page_table_has_words_sources_and_a_csv_download():
    at = run_app("smartpick_app/pages/programs.py")
    table = at.dataframe[0].value
    assert list(table.columns)[:4] == ["Program", "Tier", "Interview chance", "Why"]   # key columns on screen
    at.multiselect(key="programs.columns").select("Source").select("Checked").select("Step 2 CK minimum").run()
    table = at.dataframe[0].value
    assert "Source" in table.columns and "Checked" in table.columns
    assert (table["Checked"].str.startswith("checked ")).all()
    assert table.isin(["unknown — verify with the program"]).any().any()
    assert len(at.get("download_button")) == 1


def test_programs_page_shows_the_evidence_for_a_chosen_program():
    at = run_app("smartpick_app/pages/programs.py")
    picker = at.selectbox(key="programs.evidence")
    assert picker.value is None and not at.main.expander
    picker.set_value("im-test-la-county-a").run()  # the widget's value is the program_id (names are labels)
    assert not at.exception
    titles = [e.label for e in at.main.expander]
    assert titles[:3] == ["Status", "Positions per year", "Visa"]
    texts = " ".join(t.value for t in at.main.text)
    assert "Main source: http" in texts and "Read: checked " in texts


def test_presentation_mode_hides_the_home_city_but_keeps_it():
    at = run_app(params={"home": "Riverside"})
    assert any(t.key == "profile.home" for t in at.text_input)
    at.toggle(key="smartpick.present").set_value(True).run()
    assert not at.exception
    assert not any(t.key == "profile.home" for t in at.text_input)
    assert at.session_state["smartpick.inputs"]["profile.home"] == "Riverside"
    assert "home" not in at.query_params
    at.switch_page("smartpick_app/pages/map.py").run()
    assert "Riverside" not in " ".join(m.value for m in at.markdown)
    assert "sp-row" in at.get("html")[0].proto.body      # one-line rows when presenting
    at.toggle(key="smartpick.present").set_value(False).run()
    assert "Miles from home" in at.dataframe[0].value.columns   # the value is kept, only not shown when presenting


def test_bundled_program_data_renders_the_overview(monkeypatch):
    monkeypatch.delenv("SMARTPICK_PROGRAM_FILES")
    at = run_app()
    assert not at.exception and not at.error
    assert tier_metric(at)


@pytest.mark.parametrize("page", ["smartpick_app/pages/programs.py", "smartpick_app/pages/map.py", "smartpick_app/pages/overview.py"])
def test_presentation_mode_shows_tables_as_enlarged_static_tables_key_columns_first(page):
    at = run_app(page)
    at.toggle(key="smartpick.present").set_value(True).run()
    assert not at.exception
    assert len(at.dataframe) == 0
    if page == "smartpick_app/pages/overview.py":
        assert len(at.table) >= 1
    else:   # program lists are one line a program (tests/test_presentation.py), key columns first, no link column
        rows = at.get("html")[0].proto.body
        heads = re.findall(r'<span class="sp-cell">([^<]*)</span>', rows.split('<details')[0])
        assert heads[:3] == ["Program", "Tier", "Interview chance"] and heads[3].startswith("Why")
        assert "open source" not in rows


def test_presentation_tables_show_text_from_the_data_as_text_and_numbers_without_float_noise():
    import pandas as pd

    from smartpick_app.tables import presentable

    frame = pd.DataFrame({"Program": ["**Bold** [link](http://evil.example) <img src=x>"], "Change": [5.3],
                          "Count": [3], "Miles": [float("nan")], "Source": ["https://example.org"]})
    cells = presentable(frame, hide=("Source",))
    assert list(cells.columns) == ["Program", "Change", "Count", "Miles"]
    text = cells.iloc[0]["Program"]
    assert "**Bold**" not in text and "](" not in text and "<img" not in text    # escaped for st.table's Markdown
    assert cells.iloc[0]["Change"] == "5.3" and cells.iloc[0]["Count"] == "3" and cells.iloc[0]["Miles"] == ""
