"""The sidebar's input: typed numbers beside live sliders, applied at once; errors beside their field in
words while every page keeps the last valid result; no raw field name anywhere in the UI."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from google.protobuf.message import Message
from hypothesis import HealthCheck, given, settings, strategies as st_h
from streamlit.testing.v1 import AppTest

from apptest_support import run_app

from smartpick_core import (
    PROFILE_FIELDS, Profile, ProfileError, Step1, Step3, compare_scenarios, load_programs, score,
)
from smartpick_core.model.profile import FIELD_LABELS, MAX_MONTHS
from smartpick_app.registry import PAGES as REGISTRY

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
PAGES = [p.script for p in REGISTRY]
# Field names a user would read as code (plain words such as "home" or "languages" are ordinary text).
RAW_NAMES = [f for f in PROFILE_FIELDS if "_" in f or any(c.isdigit() for c in f)]
RAW_NAMES += [m.value for enum in (Step1, Step3) for m in enum if "_" in m.value]   # and codes such as not_taken
NOT_TEXT = {"id", "form_id"}     # proto fields that carry widget ids (user keys), never shown


@pytest.fixture(autouse=True)
def fixture_data(monkeypatch, tmp_path):
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(FIXTURE))
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path))      # the advisor workspace stays out of the repo
    monkeypatch.delenv("SMARTPICK_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMARTPICK_AUTH", raising=False)
    st.cache_data.clear()
    yield
    st.cache_data.clear()



def type_numbers(at: AppTest, **values) -> AppTest:
    """Type into the form's fields, then press Apply (one run)."""
    for name, value in values.items():
        at.number_input(key="smartpick.national" if name == "national" else f"typed.{name}").set_value(value)
    next(b for b in at.button if b.label == "Apply").click()
    return at.run()


def stored(at: AppTest, name: str):
    return at.session_state["smartpick.inputs"][f"profile.{name}"]


def _strings(message: Message):
    for descriptor, value in message.ListFields():
        if descriptor.name in NOT_TEXT:
            continue
        values = value if isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated") else [value]
        for item in values:
            if isinstance(item, str):
                yield item
            elif isinstance(item, Message):
                yield from _strings(item)


def rendered_text(at: AppTest) -> str:
    """Every string the page sends to the browser (labels, help, markdown, chart and map specs, table cells)."""
    out = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            out.extend(_strings(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for frame in [*at.dataframe, *at.table]:     # cells travel as Arrow bytes: read them as tables
        value = frame.value
        out += [str(c) for c in value.columns] + [str(v) for v in value.astype(str).to_numpy().ravel()]
    return "\n".join(out).replace("\\", "").replace("\u2060", "")   # as read: markdown escapes resolved


def main_content(at: AppTest) -> tuple:
    """What the page shows of the result: title, metrics, tables, charts (not the sidebar, not the notes)."""
    return ([t.value for t in at.main.title], [(m.label, m.value) for m in at.main.metric],
            [len(d.value) for d in at.main.dataframe], len(at.get("plotly_chart")), len(at.get("deck_gl_json_chart")))


# --- typed numbers and sliders ------------------------------------------------------------------------------------
def test_typed_numbers_apply_at_once_and_move_the_sliders_the_results_and_the_link():
    at = run_app()
    before = [m.value for m in at.metric]
    type_numbers(at, step2_ck=250, usce_months=6.0, socal_usce_months=3.0, us_lors=3)
    assert not at.exception and not at.error
    assert at.slider(key="profile.step2_ck").value == 250
    assert at.slider(key="profile.socal_usce_months").value == 3.0
    assert at.slider(key="profile.us_lors").value == 3
    assert (stored(at, "step2_ck"), stored(at, "usce_months"), stored(at, "socal_usce_months")) == (250, 6.0, 3.0)
    assert [m.value for m in at.metric] != before
    assert {k: at.query_params[k] for k in ("step2_ck", "usce_months", "socal_usce_months", "us_lors")} == {
        "step2_ck": "250", "usce_months": "6", "socal_usce_months": "3", "us_lors": "3"}


def test_typed_numbers_wait_for_apply():
    at = run_app()
    at.number_input(key="typed.step2_ck").set_value(250)
    at.number_input(key="typed.research_items").set_value(12)
    at.run()   # a rerun from elsewhere (not Apply): nothing typed is scored yet
    assert stored(at, "step2_ck") == 225 and stored(at, "research_items") == 0
    assert at.slider(key="profile.step2_ck").value == 225


def test_moving_a_slider_updates_its_typed_field():
    at = run_app()
    at.slider(key="profile.step2_ck").set_value(262).run()
    at.slider(key="slider.national").set_value(120).run()
    assert at.number_input(key="typed.step2_ck").value == 262
    assert at.number_input(key="smartpick.national").value == 120
    assert at.query_params["national"] == "120"


def test_a_typed_value_beyond_the_slider_is_kept_and_the_slider_rests_at_its_end():
    at = run_app()
    type_numbers(at, usce_months=48.0, socal_usce_months=40.0, research_items=240)
    assert not at.exception and not at.error
    assert (stored(at, "usce_months"), stored(at, "research_items")) == (48.0, 240)
    assert at.slider(key="profile.usce_months").value == 36.0
    assert at.number_input(key="typed.usce_months").value == 48.0
    assert at.query_params["usce_months"] == "48"


def test_what_ifs_still_apply_at_the_months_cap():
    programs = load_programs([str(FIXTURE)])
    result = score(Profile(usce_months=MAX_MONTHS, socal_usce_months=MAX_MONTHS), programs, n_national=60)
    keys = compare_scenarios(result, programs, n_national=60)["key"].tolist()
    assert "step2_plus_10" in keys and "socal_usce_plus_3" not in keys


def test_values_survive_page_switches():
    at = run_app()
    type_numbers(at, step2_ck=241, graduation_year=2020)
    for page in ("smartpick_app/pages/tiers.py", "smartpick_app/pages/scenarios.py", "smartpick_app/pages/overview.py"):
        at.switch_page(page).run()
        assert at.slider(key="profile.step2_ck").value == 241
        assert at.number_input(key="typed.graduation_year").value == 2020


# --- errors beside the field, last valid result kept --------------------------------------------------------------
INVALID = {
    "socal_more_than_total": ({"socal_usce_months": 10.0}, "More months in Southern California (10) than in total (3)"),
    "score_too_low": ({"step2_ck": 190}, "190 is not allowed"),
    "letters_too_many": ({"us_lors": 9}, "needs to be between 0 and 6"),
    "socal_letters_above_us": ({"us_lors": 1, "socal_lors": 2},
                               "More letters from Southern California attendings (2) than US letters in total (1)"),
    "graduation_year": ({"graduation_year": 1900}, "needs to be between 1970"),
    "national_too_many": ({"national": 999}, "999 programs elsewhere is not allowed"),
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_error_beside_its_field_and_keeps_the_last_valid_result(page):
    at = run_app(page)
    before = main_content(at)
    type_numbers(at, socal_usce_months=10.0)
    assert not at.exception
    beside = [e.value for e in at.sidebar.error]
    assert beside and all("More months in Southern California" in e for e in beside)
    assert not at.main.error
    assert main_content(at) == before
    assert any("Showing your last valid profile" in c.value for c in at.main.caption)
    assert stored(at, "socal_usce_months") == 10.0            # what the user typed is kept
    type_numbers(at, socal_usce_months=2.0)                     # fixed: the note goes, the results move on
    assert not at.sidebar.error and not any("last valid" in c.value for c in at.main.caption)


@pytest.mark.parametrize("case", INVALID.values(), ids=INVALID.keys())
def test_each_refused_value_is_explained_in_words_beside_its_field(case):
    values, words = case
    at = run_app()
    before = main_content(at)
    type_numbers(at, **values)
    assert not at.exception
    errors = [e.value.replace("\\", "").replace("\u2060", "") for e in at.sidebar.error]
    assert errors and all(words in e for e in errors), errors
    assert main_content(at) == before
    text = rendered_text(at)
    assert not [raw for raw in RAW_NAMES if raw in text]


def test_an_error_in_a_field_inside_the_expander_sits_beside_that_field():
    at = run_app()
    type_numbers(at, graduation_year=1900)
    inside = [e.value for e in at.sidebar.expander[0].error]
    assert inside and "needs to be between 1970" in inside[0].replace("\\", "")


# --- no raw field names -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_raw_field_name_valid_or_invalid(page):
    at = run_app(page, {"step2_ck": "abc", "usce_months": "500", "bogus": "1", "step1": "fail_then_pass",
                        "step3": "not_taken"})   # link notes too
    text = rendered_text(at)
    assert "Step 2 CK score" in text and "Type your numbers" in text   # the scan reads the sidebar, so it can fail
    assert not [raw for raw in RAW_NAMES if raw in text]
    type_numbers(at, socal_usce_months=200.0, step2_attempts=9)
    text = rendered_text(at)
    assert "More months in Southern California" in text or "needs to be between" in text
    assert not [raw for raw in RAW_NAMES if raw in text]


def test_the_scan_finds_a_raw_name_when_one_is_shown(monkeypatch):
    from smartpick_app import frame

    monkeypatch.setattr(frame, "STALE_NOTE", "socal_usce_months")
    at = run_app()
    type_numbers(at, socal_usce_months=10.0)
    assert "socal_usce_months" in rendered_text(at)


_VALUES = st_h.one_of(st_h.integers(-50, 5000), st_h.floats(-10, 500, allow_nan=False), st_h.text(max_size=6),
                      st_h.booleans(), st_h.none(), st_h.lists(st_h.text(max_size=4), max_size=3))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st_h.dictionaries(st_h.sampled_from(PROFILE_FIELDS), _VALUES, max_size=5))
def test_every_refusal_reads_in_words_without_raw_field_names(data):
    try:
        Profile.from_dict(data)
    except ProfileError as exc:
        assert exc.label in FIELD_LABELS.values()
        for raw in RAW_NAMES:
            assert raw not in exc.message and raw not in exc.in_words()
        assert exc.field_name in str(exc)          # the CLI and JSON files keep the public field name


def test_presentation_mode_keeps_the_typed_numbers_and_apply_still_works():
    at = run_app()
    type_numbers(at, step2_ck=238)
    at.toggle(key="smartpick.present").set_value(True).run()
    assert not at.exception
    assert at.number_input(key="typed.step2_ck").value == 238          # one per row now, same value
    type_numbers(at, us_lors=4)
    assert (stored(at, "step2_ck"), stored(at, "us_lors")) == (238, 4)
    assert at.slider(key="profile.us_lors").value == 4


@pytest.mark.parametrize("page", ["smartpick_app/pages/programs.py", "smartpick_app/pages/scenarios.py"])
def test_no_raw_field_name_in_presentation_mode_tables(page):
    at = run_app(page, {"a": "pinned", "step2_ck": "250", "step1": "fail_then_pass"})
    at.toggle(key="smartpick.present").set_value(True).run()
    assert at.table or at.get("html")                 # the enlarged tables or the one-line rows are part of the scan
    text = rendered_text(at)
    assert "Program" in text
    assert not [raw for raw in RAW_NAMES if raw in text]
