"""Partial reruns: a page control (map ring and filters, My list's budget, the Tiers switch, Compare's pickers,
Programs' filters) reruns its fragment only - never the sidebar, the frame or the scoring - and the scoring is
kept per profile, so a slider moved back to a value already seen scores nothing.

AppTest reruns the whole script on a widget change; a browser asks for a fragment-scoped rerun instead. The helper
`fragment_rerun` asks AppTest for exactly that (the fragment's id, from the widget's own delta), as the browser
does. Counters wrap the sidebar builder, the frame and the core's score() the app calls.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import local_script_runner

import smartpick_app.cache as cache
import smartpick_app.frame as frame
from apptest_support import run_app
from smartpick_core import Profile, load_programs, tiers_by_step2
from smartpick_core.model.profile import STEP2_MIN


@pytest.fixture
def recorder(monkeypatch):
    """The delta messages of the latest AppTest run, and counters on the sidebar, the frame and score()."""
    record: dict = {"messages": [], "sidebar": 0, "frame": 0, "score": 0, "fragment": None}
    parse = local_script_runner.parse_tree_from_messages

    def keep(messages):
        record["messages"] = [m for m in messages if m.HasField("delta")]
        return parse(messages)

    def counted(name, function):
        def wrapper(*args, **kwargs):
            record[name] += 1
            return function(*args, **kwargs)
        return wrapper

    rerun_data = local_script_runner.RerunData

    def maybe_scoped(*args, **kwargs):
        data = rerun_data(*args, **kwargs)
        if record["fragment"]:     # the browser's request when a widget inside a fragment changes
            data = replace(data, fragment_id_queue=[record["fragment"]], is_fragment_scoped_rerun=True)
        return data

    monkeypatch.setattr(local_script_runner, "parse_tree_from_messages", keep)
    monkeypatch.setattr(local_script_runner, "RerunData", maybe_scoped)
    monkeypatch.setattr(frame, "profile_sidebar", counted("sidebar", frame.profile_sidebar))
    monkeypatch.setattr(frame, "build_dashboard", counted("frame", frame.build_dashboard))
    monkeypatch.setattr(cache, "score", counted("score", cache.score))
    cache._score_shared.clear()
    return record


def widget_delta(record: dict, key: str):
    """The delta message that drew the widget with this user key."""
    for message in record["messages"]:
        if message.delta.WhichOneof("type") != "new_element":
            continue
        element = message.delta.new_element
        proto = getattr(element, element.WhichOneof("type"))
        if str(getattr(proto, "id", "")).endswith(f"-{key}"):
            return message
    raise AssertionError(f"no widget with key {key!r} in the last run")


def fragment_rerun(at, record: dict, key: str) -> None:
    """Rerun only the fragment that drew widget `key` (after its value was set), as the browser asks."""
    fragment = widget_delta(record, key).delta.fragment_id
    assert fragment, f"{key} is not inside a fragment: changing it reruns the whole app"
    record["fragment"] = fragment
    try:
        at.run()
    finally:
        record["fragment"] = None


def counts(record: dict) -> tuple[int, int, int]:
    return record["sidebar"], record["frame"], record["score"]


def test_the_map_ring_reruns_the_map_only(recorder):
    at = run_app("smartpick_app/pages/map.py", {"home": "Riverside"})
    before = counts(recorder)
    at.slider(key="map.radius").set_value(60)
    fragment_rerun(at, recorder, "map.radius")
    assert not at.exception
    assert counts(recorder) == before          # no sidebar, no frame, no scoring
    assert any("ring = 60 miles" in m.value for m in at.markdown)


def test_a_map_filter_reruns_the_map_only(recorder):
    at = run_app("smartpick_app/pages/map.py")
    before = counts(recorder)
    shown = next(c.value for c in at.caption if " programs shown" in c.value)
    at.multiselect(key="map.regions").select("Inland Empire")
    fragment_rerun(at, recorder, "map.regions")
    assert counts(recorder) == before
    assert next(c.value for c in at.caption if " programs shown" in c.value) != shown


def test_my_list_budget_reruns_the_list_only(recorder):
    at = run_app("smartpick_app/pages/my_list.py")
    before = counts(recorder)
    at.radio(key="mylist.mode").set_value("Budget (US dollars)")
    fragment_rerun(at, recorder, "mylist.mode")
    headline = [m.value for m in at.markdown if m.value.startswith("### ")]
    at.slider(key="mylist.budget").set_value(500)
    fragment_rerun(at, recorder, "mylist.budget")
    assert not at.exception
    assert counts(recorder) == before
    assert [m.value for m in at.markdown if m.value.startswith("### ")] != headline   # the list followed the budget


def test_tiers_switch_reruns_its_chart_only(recorder):
    at = run_app("smartpick_app/pages/tiers.py")
    before = counts(recorder)
    at.toggle(key="tiers.show_all").set_value(True)
    fragment_rerun(at, recorder, "tiers.show_all")
    assert not at.exception
    assert counts(recorder) == before


@pytest.mark.parametrize("page, keys", [
    ("smartpick_app/pages/map.py", ("map.regions", "map.types", "map.tiers", "map.radius", "map.streets")),
    ("smartpick_app/pages/compare.py", ("compare.a", "compare.b", "compare.streets")),
    ("smartpick_app/pages/tiers.py", ("tiers.show_all",)),
    ("smartpick_app/pages/my_list.py", ("mylist.mode", "mylist.prefer", "mylist.include", "mylist.signals")),
    ("smartpick_app/pages/programs.py", ("programs.regions", "programs.tiers", "programs.search", "programs.columns")),
])
def test_page_controls_sit_in_fragments_and_the_sidebar_does_not(recorder, page, keys):
    run_app(page)
    for key in keys:
        assert widget_delta(recorder, key).delta.fragment_id, f"{key} reruns the whole app"
    for key in ("profile.step2_ck", "profile.usce_months", "profile.specialty"):
        assert not widget_delta(recorder, key).delta.fragment_id   # the profile drives every page: a full run


def test_a_what_if_slider_moved_back_scores_nothing(recorder):
    at = run_app()
    slider = "profile.step2_ck"
    at.slider(key=slider).set_value(231).run()
    at.slider(key=slider).set_value(232).run()
    scored = recorder["score"]
    assert recorder["sidebar"] == recorder["frame"]        # one sidebar per full run, never more
    at.slider(key=slider).set_value(231).run()             # a value already seen
    assert not at.exception
    assert recorder["score"] == scored
    at.slider(key=slider).set_value(233).run()             # a new value is scored
    assert recorder["score"] > scored


@settings(max_examples=15, deadline=None)
@given(a=st.integers(STEP2_MIN, 300), b=st.integers(STEP2_MIN, 300))
def test_the_step2_sweep_does_not_read_the_profiles_own_step2(a, b):
    """Why the Tiers sweep may be kept per profile without its Step 2 CK (cache.sweep_key)."""
    programs = bundled_programs()
    base = Profile()
    one, other = base.with_changes(step2_ck=a), base.with_changes(step2_ck=b)
    assert cache.sweep_key(one) == cache.sweep_key(other)
    assert cache.profile_key(one) != cache.profile_key(other) or a == b
    pd.testing.assert_frame_equal(tiers_by_step2(one, programs, cycle_year=2027),
                                  tiers_by_step2(other, programs, cycle_year=2027))


@functools.cache
def bundled_programs():
    table = load_programs(None)
    return table[table["specialty"] == Profile().specialty].reset_index(drop=True)
