"""Screen-sharing privacy on the Students page: while presenting, only the open student is named, the others
appear by initials, and notes stay closed until the advisor opens them."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from apptest_support import open_app_workspace
from hypothesis import given
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from smartpick_core.strategy.cohort import initials, screen_name

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
PAGE = "smartpick_app/pages/students.py"


@pytest.fixture
def workspace(monkeypatch, tmp_path):
    store = open_app_workspace(monkeypatch, tmp_path)
    for student, note in (("Amal Haddad", "visa interview in March; shy about scores"),
                          ("Bao Tran", "family in Garden Grove")):
        sid = store.save_student("local", student)
        store.save_scenario("local", sid, "base", {"step2_ck": 230}, note)
    yield store
    st.cache_data.clear()
    st.cache_resource.clear()


def page_text(at: AppTest) -> str:
    parts = [e.label for e in at.expander] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(b.label) for b in at.button] + [str(x.label) for x in at.checkbox]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(parts)


@given(hs.text(min_size=1, max_size=40))
def test_initials_never_contain_more_than_one_letter_of_a_word(name):
    out = initials(name)
    assert out == "?" or all(len(part) == 2 and part.endswith(".") for part in out.split())
    assert screen_name(name, presenting=False, is_open=False) == name
    assert screen_name(name, presenting=True, is_open=True) == name


def test_presenting_names_only_the_open_student_and_hides_notes(workspace):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert "Amal Haddad" in page_text(at) and "family in Garden Grove" in page_text(at)   # not presenting
    opens = [b for b in at.button if b.label == "Open"]
    opens[0].click().run()                        # Amal's scenario (students are listed by name)
    at.toggle(key="smartpick.present").set_value(True).run()
    text = page_text(at)
    assert not at.exception
    assert "Amal Haddad" in text                  # the open student
    assert "Bao Tran" not in text and "B. T." in text
    assert "shy about scores" not in text and "family in Garden Grove" not in text
    assert "Notes hidden while presenting" in text
    at.toggle(key="students.show_notes").set_value(True).run()
    assert "shy about scores" in page_text(at)
