"""A user's own national list is scored by the same model and named in the plan, its CSV, the printable plan,
the CLI and My list; the built-in pool shrinks by as many programs and fills the rest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from smartpick_core import Profile, load_programs, plan, score
from smartpick_core.facts.national_import import read_national_programs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "profile_im_inland_empire.json"
PROGRAMS = load_programs()
CSV = """name,city,state,kind,specialty,sponsors_j1,sponsors_h1b,img_share,positions_per_year,source
Example Lakeside Community Hospital Internal Medicine,Springfield,IL,community,Internal Medicine,yes,,0.7,12,https://example.org/a
Example Valley County Medical Center Internal Medicine,Dayton,OH,county,Internal Medicine,yes,no,,10,https://example.org/b
Example Riverside University Internal Medicine,Columbus,OH,university,Internal Medicine,no,,,30,https://example.org/c
"""


def own_list() -> pd.DataFrame:
    return read_national_programs(CSV, shown="mine.csv", max_bytes=1 << 20)


def example() -> Profile:
    return Profile.from_dict(json.loads(EXAMPLE.read_text()))


def test_own_programs_come_first_elsewhere_and_the_pool_shrinks_by_them():
    with_list = score(example(), PROGRAMS, national_programs=own_list())
    without = score(example(), PROGRAMS)
    assert with_list.named_national == 3
    assert with_list.pool_size.total < without.pool_size.total
    first = with_list.national_order[:2]
    assert set(first) == {0, 1}            # the two that take J-1, best first; the J-1 "no" never enters
    assert 2 not in set(with_list.national_order)


def test_the_plan_names_them_in_its_tables_csv_and_printable_plan():
    from smartpick_core.views.plan_report import list_csv_text, printable_html
    result = plan(example(), PROGRAMS, applications=120, national_programs=own_list())
    names = set(result.named_national["name"])
    assert names == {"Example Lakeside Community Hospital Internal Medicine",
                     "Example Valley County Medical Center Internal Medicine"}
    assert "mine.csv" in result.pool_note
    text = list_csv_text(result)
    assert all(name in text for name in names)
    html = printable_html(result)
    assert "Your own programs elsewhere" in html and all(name in html for name in names)
    overview = score(example(), PROGRAMS, national_programs=own_list()).outlook
    same = plan(example(), PROGRAMS, applications=overview.applications, national_programs=own_list())
    assert same.match_probability == overview.match_probability     # one number, one list, with a named list too


def test_the_cli_plan_names_them(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "smartpick_core", "plan", "--profile", str(EXAMPLE),
                          "--applications", "120", "--national-programs", str(path), "--format", "csv"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert "Example Lakeside Community Hospital Internal Medicine" in out.stdout


def test_my_list_shows_them_by_name(monkeypatch):
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["smartpick.national_programs"] = own_list()
    at.run()
    at.switch_page("smartpick_app/pages/my_list.py").run()
    assert not at.exception
    assert any(h.value == "Your own programs elsewhere" for h in at.subheader)
    tables = [df.value for df in at.dataframe if "Where" in df.value.columns]
    assert tables and "Example Lakeside Community Hospital Internal Medicine" in set(tables[0]["Program"])
    st.cache_data.clear()
