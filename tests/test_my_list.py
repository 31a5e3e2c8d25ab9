"""AppTest for the "My list" page: it plans live from the budget or a count, with pins, exclusions,
preferences, the curve, the cost table and both exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from smartpick_core import Profile, load_programs, score

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
PAGE = "smartpick_app/pages/my_list.py"


@pytest.fixture(autouse=True)
def clear_caches(monkeypatch):
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(FIXTURE))
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def run_page(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def headline(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### With"))


def cost_total(at: AppTest) -> float:
    table = next(df.value for df in at.dataframe if "Item" in df.value.columns)
    return float(table.loc[table["Item"] == "Total", "USD"].iloc[0])


def test_my_list_renders_headlines_list_curve_cost_and_exports():
    at = run_page()
    assert not at.error
    assert "the next $100 adds" in headline(at).replace("\\", "")
    assert any(m.value.replace("\\", "").startswith("**Chance of no interview at all") for m in at.markdown)
    figures = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert len(figures) == 1 and any(t.get("name", "").startswith("knee") for t in figures[0]["data"])
    assert cost_total(at) > 0
    assert any("Programs elsewhere" in df.value.columns for df in at.dataframe)
    assert len(at.get("download_button")) == 2
    assert any("model version" in c.value for c in at.caption)


def test_my_list_starts_from_the_overviews_default_list():
    at = run_page()
    overview = score(Profile(), load_programs([FIXTURE])).outlook
    assert at.number_input(key="mylist.applications").value == overview.applications
    assert any(c.value.startswith("This is the default list the Overview shows") for c in at.caption)
    at.number_input(key="mylist.applications").set_value(overview.applications + 10).run()
    assert any(c.value.startswith("This list differs from the Overview") for c in at.caption)
    at.button(key="mylist.default").click().run()
    assert at.number_input(key="mylist.applications").value == overview.applications


def test_moving_the_budget_replans_the_list_and_the_cost():
    at = run_page()
    at.radio(key="mylist.mode").set_value("Budget (US dollars)").run()
    before, cost_before = headline(at), cost_total(at)
    at.slider(key="mylist.budget").set_value(1200).run()
    assert not at.exception
    assert headline(at) != before
    assert cost_total(at) < cost_before <= 3000


def test_planning_by_count_with_a_preference_and_pins():
    at = run_page()
    at.radio(key="mylist.mode").set_value("Number of applications").run()
    at.number_input(key="mylist.applications").set_value(40).run()
    assert "With 40 applications" in headline(at)
    at.multiselect(key="mylist.prefer").select("Inland Empire").run()
    result = score(Profile(), load_programs([str(FIXTURE)]), n_national=0)
    pinned = result.programs.loc[result.programs["eligible"], "program_id"].iloc[-1]
    at.multiselect(key="mylist.include").set_value([pinned]).run()
    assert not at.exception and not at.error
    assert "With 40 applications" in headline(at)
    listed = " ".join(" ".join(df.value["Why chosen"]) for df in at.dataframe if "Why chosen" in df.value.columns)
    assert "Pinned by you" in listed


@pytest.mark.parametrize("params", [{}, {"visa": "H-1B", "step3": "not_taken"}, {"graduation_year": "1995"},
                                    {"step2_ck": "214", "usce_months": "0", "socal_usce_months": "0"}])
def test_my_list_runs_on_edge_profiles(params):
    at = run_page(params)
    assert not at.error
    heading = next(m.value for m in at.markdown if m.value.startswith("### "))
    if params.get("visa") == "H-1B":       # every program closed: what to do first, not what to pay
        assert heading.startswith("### Recommend no fees") and "Step 3" in heading
    else:
        assert heading.startswith("### With")


def test_hostile_program_names_render_as_plain_text_on_my_list(monkeypatch):
    """The hostile-names corpus on My list, with every program pinned so every name is on the list."""
    from hostile_checks import HOSTILE, markdown_hazards, unescaped

    hostile_file = HOSTILE / "hostile_names_programs.csv"
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(hostile_file))
    st.cache_data.clear()
    at = run_page()
    at.radio(key="mylist.mode").set_value("Number of applications").run()
    at.number_input(key="mylist.applications").set_value(400).run()
    assert not at.exception
    bodies = [str(el.value) for kind in ("markdown", "caption", "info", "warning", "error", "subheader", "title")
              for el in getattr(at, kind)]
    assert bodies
    for body in bodies:
        assert not markdown_hazards(body) and "evil.example" not in unescaped(body), body[:160]


def test_hostile_program_names_are_escaped_in_the_printable_plan_and_neutralised_in_the_list_csv():
    from hostile_checks import HOSTILE

    from smartpick_core import plan
    from smartpick_core.views.plan_report import list_csv_text, printable_html

    programs = load_programs([str(HOSTILE / "hostile_names_programs.csv")])
    scored = score(Profile(), programs, n_national=0).programs
    the_plan = plan(Profile(), programs, applications=60,
                    include=scored.loc[scored["eligible"], "program_id"].tolist())   # every open name pinned
    assert len(the_plan.chosen) == int(the_plan.programs["eligible"].sum())      # every open name on the list
    html = printable_html(the_plan)
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<a " not in html.lower()
    for name in the_plan.chosen["name"]:
        if "<" in name:
            assert name not in html
    for line in list_csv_text(the_plan).splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@", "\t"))
