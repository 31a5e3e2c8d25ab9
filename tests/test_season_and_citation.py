"""One season name everywhere, following the cycle year, and NRMP cited wherever its numbers appear (issue 17,
items 6 and 7): the helpers as properties, then the Overview, My list, the printable plan, the exports and the CLI
for one cycle year."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from hypothesis import given
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from smartpick_core import NRMP_CITATION, Profile, load_programs, season_name
from smartpick_core.cli import main as cli_main
from smartpick_core.model import scoring
from smartpick_core.model.nrmp_terms import NRMP_NOTICE, NRMP_REPORT_URL, NRMP_SOURCE_NOTE
from smartpick_core.model.profile import application_cycle_year
from smartpick_core.model.wording import cycle_year_of, match_year, season_short
from smartpick_core.strategy.cohort import cohort_csv
from smartpick_core.strategy.fees import eras_season, season_fees
from smartpick_core.strategy.plan import plan
from smartpick_core.views.exports import json_sources, with_sources
from smartpick_core.views.plan_report import list_csv_text, printable_html
from smartpick_core.views.tables import program_table, table_csv

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
EXAMPLE = ROOT / "examples" / "profile_im_inland_empire.json"
CYCLE = 2029                          # not today's default, so nothing passes by falling back to it
# The product's old season words. A fee's source note may still quote its source ("the ERAS 2024 figure"): that is
# provenance, not the season the plan is for.
OLD_WORDS = re.compile(r"ERAS 20\d\d season|ERAS 20\d\d fees|[Ss]eason 20\d\d|Application season")


# --- the helpers -----------------------------------------------------------------------------------------------
@given(hs.integers(min_value=1970, max_value=2200))
def test_a_season_is_named_by_its_match_year_with_the_september_its_applications_open(cycle_year):
    name = season_name(cycle_year)
    assert name == f"Match {cycle_year + 1} (applications from September {cycle_year})"
    assert name.startswith(season_short(cycle_year))
    assert match_year(cycle_year) == eras_season(cycle_year) == cycle_year + 1
    assert cycle_year_of(match_year(cycle_year)) == cycle_year


@given(hs.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2150, 12, 31)))
def test_the_default_season_is_the_next_one_whose_applications_have_not_opened(today):
    """application_cycle_year() and season_name() agree: the named September is still ahead, the one before passed."""
    cycle_year = application_cycle_year(today)
    opens = int(re.search(r"September (\d{4})", season_name(cycle_year)).group(1))
    assert dt.date(opens, 9, 1) > today >= dt.date(opens - 1, 9, 1)


def test_the_fee_and_signal_notes_use_the_season_name_not_the_eras_year():
    table = season_fees(eras_season(CYCLE))
    assert season_name(CYCLE) in table.note and not OLD_WORDS.search(table.note)


# --- the citation ----------------------------------------------------------------------------------------------
def test_the_citation_names_nrmp_the_report_its_year_and_its_url():
    assert NRMP_CITATION.startswith("National Resident Matching Program.")
    assert "Charting Outcomes" in NRMP_CITATION and "2026" in NRMP_CITATION and NRMP_REPORT_URL in NRMP_CITATION
    assert NRMP_CITATION in NRMP_SOURCE_NOTE and NRMP_NOTICE in NRMP_SOURCE_NOTE


def test_the_notice_states_nrmps_terms_and_lists_every_nrmp_file():
    folder = ROOT / "data" / "calibration"
    notice = (ROOT / NRMP_NOTICE).read_text(encoding="utf-8")
    flat = " ".join(notice.split())
    assert " ".join(NRMP_CITATION.split()) in flat
    for words in ("suggested citation", "for review before publication", "machine-learning", "datarequest@nrmp.org",
                  "review, or its written permission, is needed before", "not NRMP's wording"):
        assert words in flat, words
    for path in folder.iterdir():
        assert path.name == "NOTICE" or path.name in notice, f"{path.name} is not listed in {NRMP_NOTICE}"
    assert "model_fit.csv" in notice and "coverage.csv" in notice      # derived, under the same terms
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert " ".join(NRMP_CITATION.split()) in " ".join(readme.split())


def test_every_doc_that_shows_nrmp_numbers_cites_the_report():
    for doc in ("README.md", "docs/model.md", "docs/list.md", "docs/cli.md", "docs/dashboard.md"):
        text = " ".join((ROOT / doc).read_text(encoding="utf-8").split())
        assert " ".join(NRMP_CITATION.split()) in text, doc
        assert NRMP_NOTICE in text, doc


# --- the outputs, for one cycle year ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def the_plan():
    profile = Profile.from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    return plan(profile, load_programs(), applications=100, cycle_year=CYCLE)


def test_the_printable_plan_and_the_list_csv_name_the_season_and_cite_nrmp(the_plan):
    html = printable_html(the_plan, today=dt.date(2029, 6, 1))
    assert season_name(CYCLE) in html and not OLD_WORDS.search(html)
    assert NRMP_REPORT_URL in html and "National Resident Matching Program" in html
    frame = pd.read_csv(io.StringIO(list_csv_text(the_plan)))
    assert list(frame.columns[-3:]) == ["season", "nrmp_source", "model_version"]
    assert set(frame["season"]) == {season_name(CYCLE)} and set(frame["nrmp_source"]) == {NRMP_CITATION}


def test_the_program_and_cohort_csvs_cite_nrmp_before_the_model_version():
    result = scoring.score(Profile(), load_programs(), n_national=10, cycle_year=CYCLE)
    header = table_csv(program_table(result), result.cycle_year).decode().splitlines()[0]
    assert header.endswith("season,nrmp_source,model_version")
    cohort = cohort_csv(pd.DataFrame({"student": ["A"]}), "9.9.9").decode()
    assert cohort.splitlines()[0] == "student,nrmp_source,model_version" and NRMP_REPORT_URL in cohort
    again = with_sources(with_sources(pd.DataFrame({"model_version": ["x"]}), CYCLE), CYCLE)
    assert list(again.columns) == ["season", "nrmp_source", "model_version"]
    assert json_sources(CYCLE)["season"] == {"cycle_year": CYCLE, "match_year": CYCLE + 1, "name": season_name(CYCLE)}


def _cli(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(list(args)) == 0
    return out.getvalue()


@pytest.mark.parametrize("command", [("score",), ("plan", "--applications", "100")])
def test_the_cli_names_the_season_of_cycle_year_and_cites_nrmp_in_every_format(command):
    base = [command[0], "--profile", str(EXAMPLE), "--cycle-year", str(CYCLE), *command[1:]]
    data = json.loads(_cli(*base))
    assert data["season"]["name"] == season_name(CYCLE) and data["nrmp_source"] == NRMP_CITATION
    table = _cli(*base, "--format", "table")
    assert season_name(CYCLE) in table.splitlines()[0] and table.rstrip().endswith(NRMP_SOURCE_NOTE)
    assert not OLD_WORDS.search(table)
    frame = pd.read_csv(io.StringIO(_cli(*base, "--format", "csv")))
    assert set(frame["season"]) == {season_name(CYCLE)} and set(frame["nrmp_source"]) == {NRMP_CITATION}


def shown(markdown: str) -> str:
    """What a reader sees of escaped markdown (text.plain_markdown): no backslashes, no word joiners."""
    return markdown.replace("\\", "").replace("\u2060", "")


def test_overview_and_my_list_say_the_season_as_the_cli_does_and_cite_nrmp(monkeypatch):
    """The dashboard scores the default season: pinned to CYCLE here, it must say what `--cycle-year CYCLE` says."""
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(FIXTURE))
    monkeypatch.setattr(scoring, "application_cycle_year", lambda today=None: CYCLE)
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(shown(c).startswith(season_name(CYCLE)) for c in captions), captions
    assert any(NRMP_CITATION in shown(c) for c in captions)              # the footer, on every page
    at.switch_page("smartpick_app/pages/my_list.py").run()
    assert not at.exception
    texts = [c.value.replace("\\", "") for c in at.caption] + [m.value.replace("\\", "") for m in at.markdown]
    assert any(t.startswith(season_name(CYCLE)) for t in texts), texts
    assert any(f"Fees of {season_short(CYCLE)}" in t or f"the fees of {season_name(CYCLE)}" in t for t in texts)
    assert not [t for t in texts if OLD_WORDS.search(t)]
    assert any(NRMP_CITATION in shown(c.value) for c in at.caption)
    st.cache_data.clear()
