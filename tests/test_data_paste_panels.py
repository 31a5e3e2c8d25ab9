"""The Data page's paste panels (AppTest, fixture programs, a throwaway workspace): a roster becomes a count table
and an IMG share, unrecognised schools are classified in one click (stored, shown in the history, retractable),
an eligibility page becomes proposals with their sentences quoted, nothing is recorded before Record, a value that
contradicts the one known now needs its own confirm, and a recorded fact changes the program's chance with the
reason quoting it."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import open_app_workspace, run_app
from smartpick_core.facts.paste import MAX_PASTE_CHARS
from smartpick_core.store.aliases import alias_history, current_aliases

DATA = "smartpick_app/pages/data.py"
PROGRAMS = "smartpick_app/pages/programs.py"
PROGRAM = "im-test-la-community-c"          # IMG share, J-1 and H-1B unknown in the fixture
URL = "https://example.org/im-test-la-community-c/residents"
ROSTER = ("PGY-1\tMedical School\nAda Example\tUCLA DGSOM\nBo Example\tRoss University School of Medicine\n"
          "Cy Example\tKing Edward Medical University\nDi Example\tWesternU COMP\n"
          "Ed Example\tNorthwind Academy of Health\n")
PAGE = ("Eligibility\nWe sponsor J-1 visas only.\nApplicants must have graduated within the last 5 years.\n"
        "There is no minimum Step 2 CK score.\n")


@pytest.fixture
def store(monkeypatch, tmp_path):
    opened = open_app_workspace(monkeypatch, tmp_path)
    yield opened
    opened.close()


def paste(at: AppTest, kind: str, text: str, program: str = PROGRAM, url: str = URL) -> AppTest:
    at.selectbox(key=f"paste.{kind}.program").set_value(program)
    at.text_input(key=f"paste.{kind}.url").input(url)
    at.text_area(key=f"paste.{kind}.text").input(text)
    return at.run()


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "warning", "info", "error", "success", "text")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts).replace("\\", "").replace("\u2060", "")


def count_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Counted from" in d.value.columns)


def test_a_pasted_roster_shows_the_count_table_with_the_lines_and_says_which_share_the_model_uses(store):
    at = paste(run_app(DATA), "roster", ROSTER)
    assert not at.exception
    table = count_table(at).set_index("Class")
    assert table.loc["US MD (LCME)", "Count"] == 1 and table.loc["International: Caribbean", "Count"] == 1
    assert table.loc["Unrecognised", "Count"] == 1
    assert "line 3: Ross University" in table.loc["International: Caribbean", "Counted from"]
    assert "Example" not in " ".join(table["Counted from"])            # residents' names are never carried
    words = shown_text(at)
    assert "The model uses the IMG share" in words and "Caribbean schools included" in words
    assert store.current_facts() == []                                 # nothing recorded by pasting


def test_one_click_classifies_an_unrecognised_school_for_the_workspace_and_retract_undoes_it(store):
    at = paste(run_app(DATA), "roster", ROSTER)
    button = next(b for b in at.button if b.key and b.key.startswith("alias.") and b.key.endswith(".international"))
    button.click().run()
    assert current_aliases(store) == {"northwind academy of health": "international"}
    assert count_table(at).set_index("Class").loc["Unrecognised", "Count"] == 0
    history = next(d.value for d in at.dataframe if "Classified as" in d.value.columns)
    assert list(history["School name"]) == ["Northwind Academy of Health"]
    assert list(history["By"]) == ["no sign-in"]
    at.selectbox(key="alias.retract.pick").set_value(alias_history(store)[0].id).run()
    at.button(key="alias.retract.go").click().run()
    assert current_aliases(store) == {} and alias_history(store)[0].retracted_by == "no sign-in"


def test_recording_the_roster_share_writes_the_url_counts_and_rule_and_the_reasons_quote_it(store):
    at = run_app(PROGRAMS)
    before = _program_row(at)
    at.switch_page(DATA).run()
    at = paste(at, "roster", ROSTER)
    at.button(key="paste.roster.record").click().run()
    assert not at.exception and not at.error
    (fact,) = store.current_facts()
    assert (fact.program_id, fact.field, fact.source_type) == (PROGRAM, "img_share", "resident roster count")
    assert float(fact.value) == pytest.approx(2 / 4)
    assert fact.source_note.startswith(URL) and "roster.count" in fact.source_note and "2 of 4" in fact.source_note
    at.switch_page(PROGRAMS).run()
    after = _program_row(at)
    assert after["Why"] != before["Why"]
    assert "IMG share of residents: 0.5 (advisor-recorded, resident roster count" in after["Why"]
    assert "IMGs are 50% of residents" in after["Why"]          # the model reads the recorded share


def _program_row(at: AppTest) -> pd.Series:
    table = at.dataframe[0].value
    name = pd.read_csv(__import__("apptest_support").FIXTURE_PROGRAMS, dtype=str).set_index("program_id").at[
        PROGRAM, "name"]
    return table.loc[table["Program"] == name].iloc[0]


def test_an_eligibility_page_proposes_quoted_facts_and_records_only_the_accepted_ones(store):
    at = paste(run_app(DATA), "page", PAGE)
    words = shown_text(at)
    assert "Quoted: “We sponsor J-1 visas only.” — rule visa.only" in words
    assert "graduated within the last 5 years" in words
    assert "Not recordable" in words                                   # "no minimum" has no value to record
    assert store.current_facts() == []
    at.radio(key=next(r.key for r in at.radio if r.key.endswith(".yog_max_years.keep"))).set_value("Drop").run()
    at.button(key="paste.page.record").click().run()
    recorded = {f.field: f for f in store.current_facts()}
    assert {k: f.value for k, f in recorded.items()} == {"sponsors_j1": "yes", "sponsors_h1b": "no"}
    assert recorded["sponsors_j1"].source_type == "program website"
    assert "visa.only" in recorded["sponsors_j1"].source_note and URL in recorded["sponsors_j1"].source_note


def test_a_contradicting_value_shows_the_difference_and_needs_its_own_confirm(store):
    import datetime as dt
    store.record_fact(PROGRAM, "sponsors_h1b", "yes", source_type="program email or phone call",
                      source_note="PD email", checked_on=dt.date(2026, 11, 2), by="no sign-in")
    at = paste(run_app(DATA), "page", PAGE)
    words = shown_text(at)
    assert "Sponsors H-1B: now yes — recorded by no sign-in, checked 2026-11-02" in words
    assert "This page: no — “We sponsor J-1 visas only.”" in words.replace('"', "“", 1).replace('"', "”", 1) \
        or "This page: no" in words
    at.button(key="paste.page.record").click().run()
    assert {f.field: f.value for f in store.current_facts()}["sponsors_h1b"] == "yes"     # not replaced
    at.checkbox(key=next(c.key for c in at.checkbox if c.key.endswith(".sponsors_h1b.confirm"))).check().run()
    at.button(key="paste.page.record").click().run()
    assert {f.field: f.value for f in store.current_facts()}["sponsors_h1b"] == "no"
    history = [f for f in store.fact_history(PROGRAM) if f.field == "sponsors_h1b"]
    assert [f.value for f in history] == ["no", "yes"]                 # the old record stays in the history


def test_a_page_naming_another_programs_institution_is_flagged(store):
    at = paste(run_app(DATA), "page", "Welcome to Test LA County IM Hospital. We sponsor J-1 visas only.")
    assert "names another institution (test la county im hospital)" in shown_text(at).lower()


def test_pasted_markup_stays_text_and_a_huge_paste_is_refused_in_words(store):
    at = paste(run_app(DATA), "page", "<script>alert(1)</script><b>We sponsor J-1 visas only.</b>")
    assert not at.exception
    assert all("<script" not in str(m.value) for m in at.markdown)
    at = paste(at, "page", "a" * (MAX_PASTE_CHARS + 1))
    assert any("at most 100,000 are read" in str(e.value).replace("\\", "").replace("\u2060", "") for e in at.error)


def test_recording_without_the_pages_address_is_refused_in_words_and_saves_nothing(store):
    at = paste(run_app(DATA), "page", PAGE, url="")
    at.button(key="paste.page.record").click().run()
    assert any("address of the page" in str(e.value) for e in at.error)
    assert store.current_facts() == []


def test_a_school_a_rule_placed_is_listed_to_check_and_one_click_reclassifies_it(store):
    roster = "PGY-1\tMedical School\nAda Example\tUCLA DGSOM\nBo Example\tNorthwind University School of Medicine\n"
    at = paste(run_app(DATA), "roster", roster)
    (box,) = [e for e in at.expander if e.label.startswith("Placed by a rule, not a list (1)")]
    assert "Northwind University School of Medicine — counted as International: other" in shown_text(at)
    keys = [b.key for b in at.button if b.key and b.key.startswith("alias.placed.")]
    assert len(keys) == 4 and not any(k.endswith(".international") for k in keys)    # the other classes only
    at.button(key=next(k for k in keys if k.endswith(".caribbean"))).click().run()
    assert current_aliases(store) == {"northwind university school of medicine": "caribbean"}
    table = count_table(at).set_index("Class")
    assert table.loc["International: Caribbean", "Count"] == 1 and table.loc["International: other", "Count"] == 0
    assert not [e for e in at.expander if e.label.startswith("Placed by a rule")]       # now the workspace's own


def test_the_record_button_counts_its_facts_in_words(store):
    at = paste(run_app(DATA), "roster", ROSTER)
    assert at.button(key="paste.roster.record").label == "Record 1 accepted fact"
