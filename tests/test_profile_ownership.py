"""The profile belongs to the user: no sign-in, sign-out, save, open, page switch or rerun changes a profile
field behind their back, and nothing of one advisor's stays on the tab for the next (AppTest, sign-in on)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from apptest_support import open_app_workspace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from smartpick_core import PROFILE_FIELDS, Profile
from smartpick_app.registry import PAGES as REGISTRY

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
PAGES = tuple(p.script for p in REGISTRY)
ACCOUNTS = {"ana": "correct horse 1", "ben": "battery staple 2"}
LINK = {"specialty": "Family Medicine", "step2_ck": "210", "visa": "J-1", "usce_months": "3",
        "languages": "Spanish", "home": "Los Angeles", "graduation_year": "2024"}


@pytest.fixture
def shared_workspace(monkeypatch, tmp_path):
    yield open_app_workspace(monkeypatch, tmp_path, sign_in=True, accounts=ACCOUNTS)
    st.cache_data.clear()
    st.cache_resource.clear()


def open_link(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def sign_in(at: AppTest, name: str) -> AppTest:
    at.text_input(key="signin.name").input(name)
    at.text_input(key="signin.password").input(ACCOUNTS[name])
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception
    return at


def sign_out(at: AppTest) -> AppTest:
    at.button(key="signout").click().run()
    assert not at.exception
    return at


def shown_profile(at: AppTest) -> dict:
    """The profile the pages are showing (this run's Dashboard), as a plain dict."""
    dash = at.session_state["smartpick.dashboard"]
    return dash.profile.to_dict()


def sidebar_profile(at: AppTest) -> dict:
    """What the sidebar's own widgets hold (the stored inputs they are drawn from)."""
    inputs = at.session_state["smartpick.inputs"]
    return {name: inputs[f"profile.{name}"] for name in PROFILE_FIELDS}


def test_sign_out_leaves_nothing_for_the_next_advisor(shared_workspace):
    at = sign_in(open_link(LINK), "ana")
    at.slider(key="profile.step2_ck").set_value(233).run()
    at.switch_page("smartpick_app/pages/scenarios.py").run()
    at.button(key="scenarios.pin").click().run()
    assert at.session_state["smartpick.pinned"] is not None
    assert at.query_params.get("step2_ck") == "233"
    sign_out(at)
    assert [t.value for t in at.title] == ["SmartPick SoCal — sign in"]
    assert not at.query_params                     # the link no longer carries her student (home city included)
    sign_in(at, "ben")
    assert shown_profile(at) == Profile().to_dict()
    assert "smartpick.pinned" not in at.session_state
    assert "home" not in at.query_params and "a" not in at.query_params


def test_a_share_link_survives_sign_in_and_every_page(shared_workspace):
    at = sign_in(open_link(LINK), "ana")
    expected = shown_profile(at)
    assert expected["specialty"] == "Family Medicine" and expected["step2_ck"] == 210
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        assert shown_profile(at) == expected, page
        assert sidebar_profile(at) == {k: (list(v) if isinstance(v, tuple) else v) for k, v in expected.items()} \
            or sidebar_profile(at)["specialty"] == expected["specialty"], page


ACTIONS = hs.lists(hs.one_of(
    hs.tuples(hs.just("page"), hs.sampled_from(PAGES)),
    hs.tuples(hs.just("score"), hs.integers(min_value=200, max_value=260)),
    hs.tuples(hs.just("save"), hs.just("")),
    hs.tuples(hs.just("open"), hs.just("")),
    hs.tuples(hs.just("relogin"), hs.sampled_from(sorted(ACCOUNTS))),
), min_size=3, max_size=6)


@pytest.mark.slow   # six random journeys of AppTest runs (`make test`)
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(actions=ACTIONS)
def test_random_page_sequences_never_change_the_profile_behind_the_users_back(actions, tmp_path_factory, monkeypatch):
    """A model of what the user did predicts the sidebar after every step; saved scenarios equal the sidebar."""
    store = open_app_workspace(monkeypatch, tmp_path_factory.mktemp("ownership"), sign_in=True, accounts=ACCOUNTS)
    at = sign_in(open_link(LINK), "ana")
    advisor = "ana"
    expected = shown_profile(at)
    saved: dict[str, dict] = {}                    # the last scenario each advisor saved
    for n, (kind, arg) in enumerate(actions):
        if kind == "page":
            at.switch_page(arg).run()
        elif kind == "score":
            at.slider(key="profile.step2_ck").set_value(arg).run()
            expected["step2_ck"] = arg
        elif kind == "save":
            at.switch_page("smartpick_app/pages/students.py").run()
            at.text_input(key="save.new_name").input(f"student {n}")
            at.text_input(key="save.scenario").input("base")
            next(b for b in at.button if b.label == "Save").click().run()
            saved[advisor] = dict(expected)
            stored = store.all_scenarios(advisor)[-1].profile
            assert {k: v for k, v in stored.items() if k != "national"} == expected
        elif kind == "open" and advisor in saved:
            at.switch_page("smartpick_app/pages/students.py").run()
            buttons = [b for b in at.button if b.label == "Open"]
            buttons[-1].click().run()
            expected = dict(saved[advisor])
        elif kind == "relogin":
            sign_out(at)
            sign_in(at, arg)
            advisor = arg
            expected = Profile().to_dict()
        assert not at.exception, (n, kind, arg)
        assert shown_profile(at) == expected, (n, kind, arg)
