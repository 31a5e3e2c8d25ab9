"""An advisor's own national program list (issue 18, item 2): read, checked like the bundled table, refused in
one line naming the line and the column; the command line's --national-programs and the Data page's upload."""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import streamlit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from apptest_support import open_app_workspace
from smartpick_core import cli
from smartpick_core.csv_writer import to_csv_text
from smartpick_core.facts.national_import import (
    MAX_NATIONAL_CLI_BYTES, MAX_NATIONAL_PAGE_BYTES, NATIONAL_COLUMNS, NATIONAL_KINDS, OUTPUT_COLUMNS,
    REQUIRED_COLUMNS, SPECIALTY_CODES, TEMPLATE_FILE, US_STATES, national_list_key, national_program_id,
    read_national_programs,
)
from smartpick_core.programs.specialties import specialty_names
from smartpick_core.programs.table import MAX_PROGRAM_FILE_BYTES, PROGRAM_FILES, ProgramDataError

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 7)
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADER = ",".join(NATIONAL_COLUMNS)
GOOD = {"name": "Example Hospital Internal Medicine", "city": "Springfield", "state": "IL", "kind": "community",
        "specialty": "Internal Medicine", "sponsors_j1": "yes", "sponsors_h1b": "", "img_share": "45%",
        "positions_per_year": "10", "source": "https://example.org/im", "checked": "2026-05"}


def csv_text(rows: list[dict], columns=NATIONAL_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


def read(text: str | bytes, max_bytes: int = MAX_NATIONAL_CLI_BYTES) -> pd.DataFrame:
    return read_national_programs(text, shown="mine.csv", max_bytes=max_bytes, today=TODAY)


def refusal(text: str | bytes, **options) -> str:
    with pytest.raises(ProgramDataError) as caught:
        read(text, **options)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# --- the schema ---------------------------------------------------------------------------------------------------------
def test_the_template_reads_into_the_documented_frame():
    frame = read_national_programs(TEMPLATE_FILE, shown=TEMPLATE_FILE.name, max_bytes=MAX_NATIONAL_PAGE_BYTES)
    assert tuple(frame.columns) == OUTPUT_COLUMNS
    assert len(frame) == 3 and frame["named_national"].all()
    assert all(name.startswith("Example ") for name in frame["name"])       # fictional, never a real program
    assert {str(frame[c].dtype) for c in ("img_share",)} == {"Float64"}
    assert {str(frame[c].dtype) for c in ("positions_per_year", "step2_min", "yog_max_years")} == {"Int64"}
    assert frame["step2_min"].isna().all() and frame["yog_max_years"].isna().all()
    assert (frame["status"] == "accredited").all()
    assert (frame[["institution", "county", "subregion"]] == "").all().all()
    assert frame["program_id"].is_unique and frame["program_id"].str.startswith("nat-").all()
    assert frame.loc[0, "img_share"] == pytest.approx(0.45)
    assert frame.attrs["source_file"] == TEMPLATE_FILE.name


def test_program_ids_are_stable_slugs_with_the_state_and_specialty_code():
    assert national_program_id("St. Mary's Hospital — Internal Medicine", "IL", "Internal Medicine") == \
        "nat-il-st-mary-s-hospital-internal-medicine-im"
    assert national_program_id("Hospital Universitario", "PR", "Family Medicine") == \
        "nat-pr-hospital-universitario-fm"
    assert re.fullmatch(r"nat-tx-p[0-9a-f]{8}-psych", national_program_id("医院", "TX", "Psychiatry"))
    assert len(national_program_id("x" * 500, "NY", "Pathology")) < 80


def test_every_specialty_has_its_own_code():
    codes = [SPECIALTY_CODES[name] for name in specialty_names()]
    assert len(set(codes)) == len(codes)


def test_the_limits_are_documented_and_the_page_fits_the_server_upload_cap():
    assert MAX_NATIONAL_CLI_BYTES == MAX_PROGRAM_FILE_BYTES      # the same bound as --programs
    assert MAX_NATIONAL_PAGE_BYTES < MAX_NATIONAL_CLI_BYTES
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert MAX_NATIONAL_PAGE_BYTES <= server * 1024 * 1024
    docs = (ROOT / "docs" / "list.md").read_text()
    section = docs.split("## Your own national list", 1)[1]
    assert all(f"`{column}`" in section for column in NATIONAL_COLUMNS)
    assert f"{MAX_NATIONAL_CLI_BYTES // (1024 * 1024)} MB" in section
    assert f"{MAX_NATIONAL_PAGE_BYTES // (1024 * 1024)} MB" in section
    for pointer in (ROOT / "docs" / "data.md", ROOT / "data" / "SCHEMA.md"):
        assert "national_programs_template.csv" in pointer.read_text() or "own-national-list" in pointer.read_text()


# --- valid rows round-trip ----------------------------------------------------------------------------------------------
_WORD = st.text(st.characters(categories=("Lu", "Ll", "Nd"), max_codepoint=0x24F), min_size=1, max_size=12)
_NAME = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)
_OPTIONAL_VISA = st.sampled_from(["", "yes", "no", "Yes", "NO"])


@st.composite
def valid_rows(draw) -> list[dict]:
    count = draw(st.integers(1, 6))
    rows = []
    for i in range(count):
        share = draw(st.one_of(st.none(), st.integers(0, 100)))
        share_text = "" if share is None else draw(st.sampled_from([f"{share}%", f"{share / 100:g}"]))
        year, month = draw(st.integers(1990, 2026)), draw(st.integers(1, 11))
        rows.append({
            "name": f"{draw(_NAME)} Program {i}",       # the index keeps names (and ids) distinct
            "city": draw(_NAME),
            "state": draw(st.sampled_from([s for s in US_STATES if s != "CA"])),
            "kind": draw(st.sampled_from(NATIONAL_KINDS)),
            "specialty": draw(st.sampled_from(specialty_names())),
            "sponsors_j1": draw(_OPTIONAL_VISA), "sponsors_h1b": draw(_OPTIONAL_VISA),
            "img_share": share_text,
            "positions_per_year": draw(st.sampled_from(["", str(draw(st.integers(1, 200)))])),
            "source": draw(st.sampled_from(["", "https://example.org/x", "Coordinator email, May 2026"])),
            "checked": draw(st.sampled_from(["", f"{year}-{month:02d}"])),
        })
    return rows


@PROPERTY
@given(valid_rows())
def test_valid_rows_round_trip(rows):
    frame = read(csv_text(rows))
    assert tuple(frame.columns) == OUTPUT_COLUMNS and len(frame) == len(rows)
    assert frame["program_id"].is_unique
    for row, (_, out) in zip(rows, frame.iterrows()):
        assert out["name"] == row["name"] and out["city"] == row["city"] and out["state"] == row["state"]
        assert out["program_type"] == row["kind"] and out["specialty"] == row["specialty"]
        for column in ("sponsors_j1", "sponsors_h1b"):
            assert (pd.isna(out[column]) and not row[column]) or out[column] == row[column].lower()
        if row["img_share"]:
            expected = float(row["img_share"].rstrip("%")) / (100 if row["img_share"].endswith("%") else 1)
            assert out["img_share"] == pytest.approx(expected)
        else:
            assert pd.isna(out["img_share"])
        assert (pd.isna(out["positions_per_year"]) and not row["positions_per_year"]) or \
            out["positions_per_year"] == int(row["positions_per_year"])
        assert (pd.isna(out["source_url"]) and not row["source"]) or out["source_url"] == row["source"]
        assert (pd.isna(out["checked"]) and not row["checked"]) or out["checked"] == row["checked"]
        assert out["program_id"] == national_program_id(row["name"], row["state"], row["specialty"])
    assert read(csv_text(rows))["program_id"].tolist() == frame["program_id"].tolist()   # stable


def test_headers_match_ignoring_case_and_spaces_and_optional_columns_may_be_left_out():
    text = " Name ,CITY,State,Kind,Specialty\nA Hospital,Springfield,il,Community,internal medicine\n"
    frame = read(text)
    assert frame.loc[0, ["state", "program_type", "specialty"]].tolist() == ["IL", "community", "Internal Medicine"]
    assert frame["sponsors_j1"].isna().all() and frame["img_share"].isna().all()


def test_a_spreadsheets_text_mark_is_taken_off_and_the_export_is_formula_safe_again():
    frame = read(csv_text([GOOD | {"name": "'=HYPERLINK(\"http://x\")"}]))
    assert frame.loc[0, "name"] == '=HYPERLINK("http://x")'
    assert "'=HYPERLINK" in to_csv_text(frame[["name"]])


def test_california_outside_southern_california_is_accepted():
    rows = [GOOD | {"state": "CA", "city": city, "name": f"Example {city}"} for city in ("San Francisco", "Fresno",
                                                                                         "Sacramento")]
    assert len(read(csv_text(rows))) == 3


# --- every invalid cell names its line and column --------------------------------------------------------------------
BAD_CELLS: dict[str, list[str]] = {
    "name": ["", "A\u200bB", "Spring\u202efield Hospital", "x" * 201, "Line\nbreak", "Bell\x07"],
    "city": ["", "x" * 81, "Spring\u00adfield"],
    "state": ["XX", "Illinois", "", "I L", "ZZ"],
    "kind": ["hospital", "kaiser", "", "university-affiliated community", "va"],
    "specialty": ["Dermatology", "", "IM"],
    "sponsors_j1": ["maybe", "y", "1"],
    "sponsors_h1b": ["true", "n", "sometimes"],
    "img_share": ["45", "1.5", "abc", "150%", "-0.1", "\uff14\uff15%", "0.4.5"],
    "positions_per_year": ["0", "201", "ten", "1.5", "-3", "\u0661\u0662"],
    "source": ["x" * 2001, "a\u2060b"],
    "checked": ["2026-13", "2026", "May 2026", "2999-01", "1989-12", "2026-02-30"],
}


@PROPERTY
@given(valid_rows(), st.data())
def test_every_invalid_cell_is_refused_naming_its_line_and_column(rows, data):
    column = data.draw(st.sampled_from(sorted(BAD_CELLS)))
    value = data.draw(st.sampled_from(BAD_CELLS[column]))
    index = data.draw(st.integers(0, len(rows) - 1))
    rows[index] = rows[index] | {column: value}
    message = refusal(csv_text(rows))
    assert message.startswith(f"mine.csv line {index + 2}, column {column}:"), message


@pytest.mark.parametrize("column, value, words", [
    ("kind", "university-affiliated community", "write community"),
    ("kind", "hospital", "one of community, county, university"),
    ("state", "Illinois", "two-letter US state code"),
    ("specialty", "Dermatology", "Internal Medicine, "),
    ("img_share", "45", "write a share (0.45) or a percent (45%)"),
    ("sponsors_j1", "maybe", "yes, no, or empty"),
    ("positions_per_year", "0", "from 1 to 200"),
    ("checked", "2999-01", "in the future"),
    ("name", "A\u200bB", "U+200B zero width space"),
])
def test_refusals_say_what_is_allowed(column, value, words):
    assert words in refusal(csv_text([GOOD | {column: value}]))


def test_several_problems_name_the_first_in_full_and_where_the_others_are():
    rows = [GOOD | {"state": "XX"}, GOOD | {"name": "Other", "kind": "x"}, GOOD | {"name": "Third", "img_share": "2"}]
    message = refusal(csv_text(rows))
    assert message.startswith("mine.csv line 2, column state:")
    assert "also: line 3, column kind; line 4, column img_share" in message


# --- duplicates ---------------------------------------------------------------------------------------------------------
@PROPERTY
@given(valid_rows(), st.data())
def test_a_program_given_twice_is_refused_naming_both_lines(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    again = rows[index] | {"name": rows[index]["name"].upper() + " ", "city": "  " + rows[index]["city"].lower()}
    rows.append(again if again["name"].strip().casefold() == rows[index]["name"].casefold() else dict(rows[index]))
    message = refusal(csv_text(rows))
    assert f"line {len(rows) + 1}" in message and f"the same program as line {index + 2}" in message


def test_two_names_with_one_id_are_refused():
    rows = [GOOD, GOOD | {"name": GOOD["name"] + "!", "city": "Peoria"}]
    message = refusal(csv_text(rows))
    assert message.startswith("mine.csv line 3, column name: gives the same program id") and "line 2" in message


# --- the file as a whole ------------------------------------------------------------------------------------------------
@PROPERTY
@given(valid_rows())
def test_the_size_limit_is_enforced_to_the_byte(rows):
    data = csv_text(rows).encode("utf-8")
    assert len(read(data, max_bytes=len(data))) == len(rows)
    assert "larger than" in refusal(data, max_bytes=len(data) - 1)


def test_a_file_over_the_limit_is_refused_from_disk_too(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(csv_text([GOOD]).encode() + b"#" * 2048)
    with pytest.raises(ProgramDataError, match="larger than"):
        read_national_programs(path, shown="big.csv", max_bytes=1024)


@pytest.mark.parametrize("text, words", [
    (HEADER + ",notes\n", "unknown column(s) 'notes'"),
    ("name,city,state,kind,sponsor_j1\n", "unknown column(s) 'sponsor_j1'"),
    ("name,city,state,kind\nA,B,IL,community\n", "missing required column(s) specialty"),
    ("name,name,city,state,kind,specialty\n", "column name: appears twice"),
    ("", "empty"),
    (HEADER + "\n", "no program rows"),
    (HEADER + "\n" + ",".join(["x"] * 13) + "\n", "13 cells for 11 columns"),
    (b"\xff\xfeh\x00", "UTF-16"),
    (b"name\x00", "NUL"),
    (b"name,city\n\xe9t\xe9\n", "not UTF-8"),
])
def test_whole_file_problems_are_one_line(text, words):
    assert words in refusal(text)


@PROPERTY
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_any_input_is_a_frame_or_one_line_refusal(data):
    try:
        frame = read(data)
    except ProgramDataError as exc:
        assert "\n" not in str(exc)
    else:
        assert tuple(frame.columns) == OUTPUT_COLUMNS


def test_the_list_key_moves_with_the_content():
    one = read(csv_text([GOOD]))
    assert national_list_key(one) == national_list_key(read(csv_text([GOOD])))
    assert national_list_key(one) != national_list_key(read(csv_text([GOOD | {"sponsors_h1b": "no"}])))
    assert national_list_key(None) == ""


# --- Southern California belongs in the SoCal table ---------------------------------------------------------------------
def _bundled_cities() -> list[str]:
    cities = set()
    for path in PROGRAM_FILES:
        with path.open(encoding="utf-8") as handle:
            cities |= {row["city"] for row in csv.DictReader(handle) if row["city"]}
    return sorted(cities)


@PROPERTY
@given(st.sampled_from(_bundled_cities()), st.sampled_from(["CA", "ca", " Ca "]))
def test_a_row_in_a_socal_city_of_the_bundled_table_is_refused(city, state):
    message = refusal(csv_text([GOOD | {"city": city.upper() if len(city) % 2 else city, "state": state}]))
    assert message.startswith("mine.csv line 2, column city:") and "in Southern California" in message
    assert "County)" in message


@pytest.mark.parametrize("city", ["Irvine", "Santa Monica", "Oceanside", "Temecula", "Chula Vista"])
def test_a_socal_city_known_to_geonames_is_refused(city):
    assert "in Southern California" in refusal(csv_text([GOOD | {"city": city, "state": "CA"}]))


def test_the_same_city_name_in_another_state_is_elsewhere():
    assert len(read(csv_text([GOOD | {"city": "Riverside", "state": "NJ"}]))) == 1


# --- the command line ---------------------------------------------------------------------------------------------------
FIXTURE_PROGRAMS = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
EXAMPLE = ROOT / "examples" / "profile_im_inland_empire.json"


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("command", [["score"], ["plan", "--applications", "40"]])
@pytest.mark.parametrize("content, words", [
    ("name,city,state,kind,specialty\nA,Pasadena,CA,community,Internal Medicine\n", "line 2, column city"),
    ("name,city,state,kind,specialty,visa\n", "unknown column(s) 'visa'"),
    ("name,city,state,kind,specialty\nA,Springfield,IL,hospital,Internal Medicine\n", "line 2, column kind"),
])
def test_a_bad_national_list_exits_2_with_one_line(capsys, tmp_path, command, content, words):
    path = tmp_path / "national.csv"
    path.write_text(content, encoding="utf-8")
    code, out, err = run_main(capsys, *command, "--profile", str(EXAMPLE), "--programs", str(FIXTURE_PROGRAMS),
                              "--national-programs", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: national.csv") and words in err
    assert str(tmp_path) not in err           # never the absolute server path


def test_a_missing_or_oversized_list_exits_2(capsys, tmp_path, monkeypatch):
    base = ["score", "--profile", str(EXAMPLE), "--programs", str(FIXTURE_PROGRAMS), "--national-programs"]
    code, _, err = run_main(capsys, *base, str(tmp_path / "absent.csv"))
    assert code == 2 and "not found" in err and err.count("\n") == 1
    monkeypatch.setattr(cli, "MAX_NATIONAL_CLI_BYTES", 64)
    code, _, err = run_main(capsys, *base, str(TEMPLATE_FILE))
    assert code == 2 and "larger than" in err and err.count("\n") == 1


def test_both_commands_offer_the_option():
    parser = cli.build_parser()
    for argv in (["score", "--profile", "p.json"], ["plan", "--profile", "p.json", "--applications", "9"]):
        assert parser.parse_args([*argv, "--national-programs", "n.csv"]).national_programs == "n.csv"
        assert parser.parse_args(argv).national_programs is None


def test_the_list_is_read_once_with_the_command_line_limit(tmp_path):
    args = cli.build_parser().parse_args(["score", "--profile", "p.json", "--national-programs", str(TEMPLATE_FILE)])
    frame = cli._national_programs(args)
    assert frame is not None and len(frame) == 3
    assert cli._national_programs(cli.build_parser().parse_args(["score", "--profile", "p.json"])) is None


@pytest.mark.skipif("national_programs" not in inspect.signature(cli.score).parameters,
                    reason="score() does not take national_programs yet (the scoring integration wires it)")
def test_a_valid_list_is_scored(capsys):
    code, out, err = run_main(capsys, "score", "--profile", str(EXAMPLE), "--programs", str(FIXTURE_PROGRAMS),
                              "--national-programs", str(TEMPLATE_FILE))
    assert code == 0, err


# --- the Data page ------------------------------------------------------------------------------------------------------
KEY = "smartpick.national_programs"


def words(element) -> str:
    """An element's text as the reader sees it (plain_markdown's escapes and word joiners taken off)."""
    return element.value.replace("\u2060", "").replace("\\", "")


def _data_page(monkeypatch, tmp_path) -> AppTest:
    open_app_workspace(monkeypatch, tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("smartpick_app/pages/data.py").run()
    assert not at.exception
    return at


def test_the_data_page_accepts_refuses_and_removes_a_national_list(monkeypatch, tmp_path):
    from smartpick_app.state import NATIONAL_PROGRAMS_KEY
    assert NATIONAL_PROGRAMS_KEY == KEY
    at = _data_page(monkeypatch, tmp_path)
    assert any(e.label == "Programs elsewhere (national list)" for e in at.expander)
    assert any("built-in pool" in words(i) for i in at.info)
    at.file_uploader(key="national.file").set_value(("mine.csv", TEMPLATE_FILE.read_bytes(), "text/csv")).run()
    assert not at.exception
    assert any("Accepted: 3 programs elsewhere from mine.csv" in words(s) for s in at.success)
    assert list(at.session_state[KEY]["name"]) == list(read(TEMPLATE_FILE.read_text())["name"])
    bad = "name,city,state,kind,specialty\nA,Springfield,IL,hospital,Internal Medicine\n"
    at.file_uploader(key="national.file").set_value(("bad.csv", bad.encode(), "text/csv")).run()
    assert not at.exception
    assert any("Not accepted: bad.csv line 2, column kind" in words(e) for e in at.error)
    assert len(at.session_state[KEY]) == 3                 # the accepted list stays until it is removed
    at.button(key="national.remove").click().run()
    assert not at.exception and KEY not in at.session_state
    at.run()                                               # the uploader still holds the file: nothing comes back
    assert KEY not in at.session_state


def test_the_data_page_refuses_a_list_over_its_own_limit(monkeypatch, tmp_path):
    at = _data_page(monkeypatch, tmp_path)
    big = TEMPLATE_FILE.read_bytes() + b"\n" * MAX_NATIONAL_PAGE_BYTES
    at.file_uploader(key="national.file").set_value(("big.csv", big, "text/csv")).run()
    assert not at.exception
    assert any("larger than 1 MB" in words(e) for e in at.error) and KEY not in at.session_state
    streamlit.cache_data.clear()


def test_required_columns_come_first_in_the_schema():
    assert NATIONAL_COLUMNS[: len(REQUIRED_COLUMNS)] == REQUIRED_COLUMNS == ("name", "city", "state", "kind",
                                                                              "specialty")
