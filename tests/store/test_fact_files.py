"""Importing and exporting recorded facts: a corpus of malformed rows gets row/column messages and the
good rows are kept; whole-file problems are one message; CSV export is formula-safe and imports back
unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from smartpick_core.facts import FactError, diff_fact_import
from smartpick_core.facts.files import facts_csv_text, facts_json_text, read_fact_file

CORPUS = Path(__file__).with_name("fixtures") / "facts_malformed.csv"
KNOWN = {"im-cedars-sinai", "im-keck-usc"}
TODAY = dt.date(2026, 12, 1)
SOURCE = dict(source_type="program website", source_note="https://example.org/p", checked_on=dt.date(2026, 10, 1),
              recorded_by="Dr A")
EXPECTED_ERRORS = {      # data row -> the column its message names
    2: "field", 3: "value", 4: "value", 5: "value", 6: "checked_on", 7: "checked_on", 8: "program_id",
    9: "program_id", 10: "value", 11: "source_type", 12: "source_note", 13: "source_note", 14: "source_note",
    16: "field",
}


def test_every_malformed_row_is_rejected_with_its_row_and_column_and_good_rows_are_kept():
    diff = diff_fact_import(read_fact_file(CORPUS.read_bytes(), "csv"), [], known_ids=KNOWN, today=TODAY)
    assert {e.row: e.column for e in diff.errors} == EXPECTED_ERRORS
    assert all(e.message and "\n" not in e.message and len(e.message) < 400 for e in diff.errors)
    assert [(r.row, r.program_id, r.field, r.value) for r in diff.added] == [
        (1, "im-cedars-sinai", "sponsors_j1", "yes"), (15, "im-keck-usc", "img_share", "0.6")]
    assert diff.added[1].source_note == "=SUM(A1:A9) roster page"       # data, stored raw
    assert "2 new" in diff.summary() and "14 rows rejected" in diff.summary()


def test_an_import_shows_changed_and_unchanged_against_the_current_facts(store):
    store.record_fact("im-cedars-sinai", "sponsors_j1", "no", **SOURCE)
    store.record_fact("im-keck-usc", "img_share", "0.6", **SOURCE)
    diff = diff_fact_import(read_fact_file(CORPUS.read_bytes(), "csv"), store.current_facts(), known_ids=KNOWN,
                            today=TODAY)
    assert [(r.program_id, old, r.value) for r, old in diff.changed] == [("im-cedars-sinai", "no", "yes")]
    assert [r.program_id for r in diff.unchanged] == ["im-keck-usc"] and diff.added == ()
    assert store.apply_import(diff, "Dr Import") == 1
    assert {(f.program_id, f.value) for f in store.current_facts()} == {("im-cedars-sinai", "yes"),
                                                                       ("im-keck-usc", "0.6")}
    assert len(store.fact_history("im-cedars-sinai")) == 2        # the earlier value is kept


@pytest.mark.parametrize("data, words", [
    ("program_id,field\n".encode("utf-16"), "UTF-16"),
    ("program_id,field,value\nim-a,status,café\n".encode("latin-1"), "not UTF-8"),
    (b"program_id,field\x00,value\n", "NUL"),
    (b"", "empty"),
    (b"x" * (6 * 1024 * 1024), "larger than"),
])
def test_a_broken_file_is_one_clear_message(data, words):
    with pytest.raises(FactError) as caught:
        read_fact_file(data, "csv")
    assert caught.value.field == "file" and words in caught.value.message


def test_a_huge_cell_is_a_row_error_not_a_crash():
    text = "program_id,field,value,source_type,source_note,checked_on,recorded_by\n" + \
        f"im-keck-usc,sponsors_j1,yes,program website,{'y' * 400_000},2026-10-01,A\n" + \
        "im-keck-usc,sponsors_h1b,no,program website,ok,2026-10-01,A\n"
    diff = diff_fact_import(read_fact_file(text.encode(), "csv"), [], known_ids=KNOWN, today=TODAY)
    assert [(e.row, e.column) for e in diff.errors] == [(1, "source_note")]
    assert [r.field for r in diff.added] == ["sponsors_h1b"]


def test_json_import_rejects_what_is_not_a_list_of_facts_and_keeps_good_items():
    with pytest.raises(FactError):
        read_fact_file(b'{"facts": 3}', "json")
    items = [{"program_id": "im-keck-usc", "field": "step2_min", "value": 220, "source_type": "FREIDA page",
              "source_note": "FREIDA", "checked_on": "2026-09-30", "recorded_by": "Dr A"}, "not an object", {}]
    diff = diff_fact_import(read_fact_file(json.dumps(items).encode(), "json"), [], known_ids=KNOWN, today=TODAY)
    assert [r.value for r in diff.added] == ["220"] and {e.row for e in diff.errors} == {2, 3}


def test_csv_export_is_formula_safe_and_imports_back_unchanged(store):
    store.record_fact("im-keck-usc", "sponsors_j1", "yes", **SOURCE | {"source_note": "=HYPERLINK(\"x\")"})
    store.record_fact("im-keck-usc", "img_share", "0.25", **SOURCE | {"recorded_by": "@advisor"})
    text = facts_csv_text(store.export_fact_rows())
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'=HYPERLINK(\"x\")" in cells
    diff = diff_fact_import(read_fact_file(text.encode(), "csv"), store.current_facts(), known_ids=KNOWN)
    assert diff.errors == () and diff.added == () and diff.changed == () and len(diff.unchanged) == 2
    assert {r.source_note for r in diff.unchanged} == {"=HYPERLINK(\"x\")", "https://example.org/p"}
    again = read_fact_file(facts_json_text(store.export_fact_rows()).encode(), "json")
    assert len(diff_fact_import(again, store.current_facts(), known_ids=KNOWN).unchanged) == 2


def test_a_new_program_nested_past_the_json_parser_is_a_row_error_not_a_crash():
    row = dict(program_id="new-x", field="new_program", value="[" * 50_000, source_type="program website",
               source_note="ok", checked_on="2026-10-01", recorded_by="A")
    diff = diff_fact_import([row], [], known_ids=KNOWN, today=TODAY)
    assert [e.column for e in diff.errors] == ["value"] and not diff.added
