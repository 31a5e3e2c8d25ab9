"""Unit tests for the hardening helpers: plain text, one CSV writer, strict values, data faults."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from hostile_checks import ROOT, formula_cells, markdown_hazards, names
from smartpick_core.model.profile import ProfileError, _to_float, to_int
from smartpick_core.programs import table as program_table
from smartpick_core.programs.table import ProgramDataError, display_path, load_programs, real_date
from smartpick_core.csv_writer import neutralise_cell, to_csv_text
from smartpick_core.views.tables import table_csv
from smartpick_core.text import plain_html, plain_markdown, plotly_text, quote, shorten
from smartpick_app.urlstate import from_query, national_from_query

FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"


# --- plain text ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", names() + ["[a](http://x)", "![a](b)", "<http://x>", ":red[x]", "$x$",
                                            "www.x.org", "a@b.co", "[r]: http://x", ":smile:"])
def test_plain_markdown_leaves_no_markup(text):
    assert markdown_hazards(plain_markdown(text)) == []


def test_the_hazard_detector_sees_the_raw_payloads():
    for raw in ("[a](http://x)", "![a](b)", "<http://x>", ":red[x]", "$x$", "www.x.org", "a@b.co", ":smile:"):
        assert markdown_hazards(raw), raw


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_plain_markdown_never_leaves_markup_for_any_text(text):
    escaped = plain_markdown(text)
    assert markdown_hazards(escaped) == []
    assert "\n" not in escaped and "\x00" not in escaped


def test_plain_markdown_keeps_ordinary_words_readable():
    assert plain_markdown("Loma Linda University Internal Medicine") == "Loma Linda University Internal Medicine"


def test_shorten_and_quote_bound_any_value():
    assert shorten("x" * 10_000, 40) == "x" * 40 + "…"
    assert quote("a\nb\x00c") == "'a\\u000ab\\u0000c'"   # a message shows what was typed, visibly
    assert len(shorten(10 ** 5000, 80)) <= 81          # no ValueError for ints over 4300 digits
    assert shorten("\u202eevil") == "\ufffdevil"        # bidi overrides are not passed through


def test_html_escapes_for_tooltips_and_plotly():
    assert plain_html("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert plotly_text("<a href='//evil'>x</a>") == "&lt;a href='//evil'&gt;x&lt;/a&gt;"


# --- the one CSV writer -------------------------------------------------------------------------------------
@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_get_an_apostrophe(cell):
    assert neutralise_cell(cell) == "'" + cell


def test_csv_writer_neutralises_text_but_keeps_numbers_and_header():
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"http://evil\")", "ok", None], "n": [-1.5, 2.0, 3.0],
                          "=bad header": ["a", "b", "c"]})
    text = to_csv_text(frame)
    assert formula_cells(text) == ["-1.5"]               # a real negative number stays a number
    assert "'=HYPERLINK" in text and "'=bad header" in text


def test_programs_download_uses_the_formula_safe_writer():
    table = pd.DataFrame({"Program": ["=cmd|' /C calc'!A0", "@x", "plain"], "Tier": ["Reach"] * 3})
    assert formula_cells(table_csv(table).decode()) == []


# --- strict values ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["２３０", "230\x00", "1_000", "0x1F", "1e3", "nan", "", "9" * 5000, "230\n"])
def test_whole_numbers_are_ascii_digits_only(value):
    with pytest.raises(ProfileError):
        to_int("step2_ck", value)


@pytest.mark.parametrize("value", ["３", "nan", "inf", "1e3", "1_0", "\x003", 10 ** 400, float("inf")])
def test_months_are_ascii_decimals_and_finite(value):
    with pytest.raises(ProfileError):
        _to_float("usce_months", value)


def test_ordinary_numbers_still_parse():
    assert to_int("step2_ck", " 231 ") == 231 and _to_float("usce_months", "2.5") == 2.5


@pytest.mark.parametrize("value, ok", [("2026-11", True), ("2026-11-03", True), ("2026-99-99", False),
                                       ("2026-02-30", False), ("2026-13", False), ("２０２６-01", False),
                                       ("1800-01", False)])
def test_checked_must_be_a_real_calendar_date(value, ok):
    assert real_date(value) is ok


# --- link notes ---------------------------------------------------------------------------------------------
def test_link_notes_quote_at_most_40_characters_of_a_value():
    _, notes = from_query({"step2_ck": "9" * 5000, "home": "x" * 5000, "k" * 3000: "1"})
    assert notes and all(len(n) < 300 for n in notes)
    assert any("9" * 40 + "…" in n for n in notes)


def test_national_in_a_link_is_ascii_digits_only():
    for raw in ("２３０", "1_000", "9" * 5000, "1e3", "\x0080"):
        value, notes = national_from_query({"national": raw}, 80, 400)
        assert value == 80 and notes


# --- loud data faults ---------------------------------------------------------------------------------------
def test_messages_use_project_relative_paths():
    assert display_path(ROOT / "data" / "programs.csv") == "data/programs.csv"
    assert display_path("/somewhere/secret/server/file.csv") == "file.csv"


def test_a_missing_bundled_file_stops_the_load_instead_of_scoring_part_of_the_data(monkeypatch, tmp_path):
    monkeypatch.setattr(program_table, "PROGRAM_FILES", (tmp_path / "programs.csv", program_table.PROGRAM_FILES[1]))
    with pytest.raises(ProgramDataError, match="bundled program file missing") as err:
        load_programs()
    assert str(tmp_path) not in str(err.value)


def test_a_corrupt_calibration_file_is_named(monkeypatch, tmp_path):
    for name in program_table.CALIBRATION_FILES:
        (tmp_path / name).write_bytes((program_table.CALIBRATION_DIR / name).read_bytes())
    (tmp_path / program_table.CALIBRATION_FILES[1]).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage")
    with pytest.raises(ProgramDataError) as err:
        program_table.check_calibration_files(tmp_path)
    assert program_table.CALIBRATION_FILES[1] in str(err.value) and str(tmp_path) not in str(err.value)
    program_table.check_calibration_files()   # the bundled ones are fine


def test_the_fixture_still_loads():
    assert len(load_programs([FIXTURE])) > 10


# --- names in tooltips and charts ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_scored():
    from smartpick_core import Profile, score

    programs = load_programs([ROOT / "tests" / "hostile" / "hostile_names_programs.csv"])
    return score(Profile(), programs)


def test_map_tooltips_get_names_as_escaped_html(hostile_scored):
    from smartpick_core.views.maps import map_points

    points = map_points(hostile_scored.programs)
    assert not points["name"].str.contains("<", regex=False).any()
    assert points["name"].str.contains("&lt;img", regex=False).any()


def test_chart_labels_get_names_as_escaped_text(hostile_scored):
    from smartpick_core.views.figures import likelihood_chart

    figure = likelihood_chart(hostile_scored).figure
    labels = ([str(y) for trace in figure.data for y in trace.y] + list(figure.layout.yaxis.ticktext or ())
              + [str(c[0]) for trace in figure.data for c in trace.customdata]
              + [figure.layout.title.text or ""])
    own_breaks_removed = [label.replace("<br>", " ") for label in labels]   # <br>: the chart's own line breaks
    assert labels and not any("<" in label for label in own_breaks_removed)
    assert any("&lt;img" in label for label in own_breaks_removed)       # the hostile name is there, escaped
