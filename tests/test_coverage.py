"""The one coverage function: counts add up, a recorded fact moves them, and data/README.md shows its output."""

from __future__ import annotations

import pytest

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
from hypothesis import given, settings, strategies as st

from smartpick_core import load_programs
from smartpick_core.views.coverage import (
    ESTIMATED_FIELDS, FACT_LABELS, VERIFY_REASONS, coverage_markdown, data_coverage, known_mask,
)

import coverage_report

ROOT = Path(__file__).resolve().parent.parent

PROGRAMS = load_programs()


def test_data_readme_coverage_block_is_the_coverage_function_output():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert coverage_report.readme_block(text) == coverage_report.report(), \
        "data/README.md coverage is stale: run scripts/coverage_report.py --write"


def test_known_counts_equal_the_non_empty_cells_of_the_bundled_files():
    cov = data_coverage(PROGRAMS).by_field.set_index("field")
    for field in FACT_LABELS:
        raw_known = int((PROGRAMS[field].astype("string").fillna("") != "").sum())
        assert cov.at[field, "known"] == raw_known


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(list(PROGRAMS.index)), max_size=20, unique=True),
       st.sampled_from(sorted(FACT_LABELS)))
@pytest.mark.slow   # over 5 s: `make test`, not `make test-fast`
def test_known_estimated_unknown_add_up_and_only_estimable_facts_are_estimated(rows, field):
    part = PROGRAMS.loc[rows] if rows else PROGRAMS.iloc[:0]
    cov = data_coverage(part)
    for row in cov.by_field.itertuples():
        assert row.known + row.estimated + row.unknown == row.total == len(part)
        if row.field not in ESTIMATED_FIELDS:
            assert row.estimated == 0
    spec = cov.by_specialty[cov.by_specialty["field"] == field]
    assert int(spec["known"].sum()) == int(cov.by_field.set_index("field").at[field, "known"])


@pytest.mark.slow   # over 5 s: `make test`, not `make test-fast`
@settings(max_examples=25, deadline=None)
@given(st.sampled_from(list(PROGRAMS.index)))
def test_recording_an_unknown_j1_moves_it_from_estimated_to_known(row):
    before = data_coverage(PROGRAMS).by_field.set_index("field").loc["sponsors_j1"]
    changed = PROGRAMS.copy()
    was_known = bool(known_mask(changed["sponsors_j1"]).loc[row])
    changed.loc[row, "sponsors_j1"] = "yes"
    facts = [SimpleNamespace(program_id=changed.at[row, "program_id"], field="sponsors_j1",
                             checked_on="2026-10-02", source_type="program email", verify_again=False)]
    after = data_coverage(changed, facts).by_field.set_index("field").loc["sponsors_j1"]
    assert after["known"] == before["known"] + (0 if was_known else 1)
    assert after["estimated"] == before["estimated"] - (0 if was_known else 1)
    assert after["recorded"] == 1


def test_a_fact_flagged_verify_again_leads_the_to_verify_list_and_appears_among_the_oldest():
    pid = PROGRAMS["program_id"].iloc[5]
    facts = pd.DataFrame([dict(program_id=pid, field="sponsors_h1b", checked_on="2024-01-10",
                               source_type="colleague report", verify_again=True)])
    cov = data_coverage(PROGRAMS, facts)
    assert cov.to_verify.iloc[0]["program_id"] == pid
    assert cov.to_verify.iloc[0]["reasons"].startswith(VERIFY_REASONS[0])
    oldest = cov.oldest.iloc[0]
    assert (oldest["program_id"], oldest["checked"], oldest["what"]) == (pid, "2024-01-10", "H-1B sponsorship")


def test_unverified_and_possibly_closed_programs_are_all_on_the_to_verify_list():
    listed = set(data_coverage(PROGRAMS).to_verify["program_id"])
    doubtful = set(PROGRAMS.loc[PROGRAMS["status"].isin(["unverified", "possibly_closed"]), "program_id"])
    assert doubtful and doubtful <= listed


def test_region_table_totals_match_the_number_of_programs():
    cov = data_coverage(PROGRAMS)
    assert cov.by_region.loc["Total", "Total"] == len(PROGRAMS) == cov.programs
    assert "San Antonio Regional" in " ".join(PROGRAMS["name"])
    assert f"({len(PROGRAMS)} rows)" in coverage_markdown(cov)


def test_specialty_grid_has_one_row_per_specialty_and_sums_to_its_programs():
    from smartpick_core import load_programs
    from smartpick_core.views.coverage import data_coverage, specialty_grid

    programs = load_programs()
    grid = specialty_grid(data_coverage(programs))
    assert sorted(grid["specialty"]) == sorted(programs["specialty"].unique())
    row = grid.set_index("specialty").loc["Internal Medicine"]
    n = int((programs["specialty"] == "Internal Medicine").sum())
    assert all(sum(int(x) for x in cell.split(" / ")) == n for cell in row)


def test_a_record_of_a_program_no_longer_in_the_table_is_named_so_not_nan():
    facts = pd.DataFrame([dict(program_id="gone-program", field="sponsors_j1", checked_on="2020-01-01",
                               source_type="colleague report", verify_again=True)])
    oldest = data_coverage(PROGRAMS, facts).oldest.set_index("program_id").loc["gone-program"]
    assert (oldest["name"], oldest["specialty"]) == ("(not in the program table)", "unknown")
