"""A recorded fact shows its provenance in the reasons, so every page and export says where it came from."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smartpick_core import Profile, load_programs, load_programs_with_facts, score
from smartpick_core.facts.overlay import apply_recorded_facts
from smartpick_core.store import open_store
from smartpick_core.facts.records import FactRecord


def test_recorded_fact_and_verify_again_appear_in_reasons(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'facts.db'}")
    programs = load_programs()
    unknown = programs[(programs["specialty"] == "Internal Medicine") & programs["sponsors_j1"].isna()]
    program_id = unknown["program_id"].iloc[0]
    before = score(Profile(), programs)
    store.record_fact(program_id, "sponsors_j1", "yes", source_type="program email or phone call",
                      source_note="PD email", checked_on=dt.date(2024, 10, 1), recorded_by="Ana")
    after = score(Profile(), load_programs_with_facts(None, store.current_facts()))
    reasons = after.programs.set_index("program_id").loc[program_id, "reasons"]
    assert "Recorded by an advisor: Sponsors J-1: yes (advisor-recorded, program email or phone call, 2024-10)" in reasons
    assert any(r.startswith("Verify again — ") and "2024-10" in r for r in reasons)
    assert not any("J-1 ~" in r for r in reasons)               # the fact replaced the estimate
    assert not any(r.startswith("Recorded by an advisor") for r in before.programs["reasons"].sum())


def _record(i: int, program_id: str, field: str, value: str):
    return FactRecord(i, program_id, field, value, "program website", "", dt.date(2026, 10, 1), "Ana",
                      dt.datetime(2026, 11, 1) + dt.timedelta(minutes=i))


@pytest.mark.parametrize("field, value", [("step2_min", "abc"), ("step2_min", "240.5"), ("sponsors_j1", "maybe"),
                                          ("img_share", "150%")])
def test_an_unreadable_stored_fact_is_ignored_and_flagged_never_a_crash(field, value):
    """Values are checked when recorded, but a restored backup or a hand-edited shared database can hold anything."""
    programs = load_programs()
    program_id = programs["program_id"].iloc[0]
    bundled = programs.set_index("program_id").loc[program_id, field]
    out = apply_recorded_facts(programs, [_record(1, program_id, field, value)]).set_index("program_id")
    assert (pd.isna(bundled) and pd.isna(out.loc[program_id, field])) or out.loc[program_id, field] == bundled
    assert "could not be read and is ignored" in out.loc[program_id, "verify_reasons"]
    assert out.loc[program_id, "verify_again"]


def test_an_earlier_readable_record_stands_when_a_later_one_cannot_be_read():
    programs = load_programs()
    program_id = programs["program_id"].iloc[0]
    out = apply_recorded_facts(programs, [_record(1, program_id, "step2_min", "225"),
                                          _record(2, program_id, "step2_min", "2x5")]).set_index("program_id")
    assert out.loc[program_id, "step2_min"] == 225


@pytest.mark.parametrize("value", ["{bad", "[1]", "[" * 50000, "null"])
def test_an_unreadable_added_program_is_left_out(value):
    programs = load_programs()
    out = apply_recorded_facts(programs, [_record(1, "new-x", "new_program", value)])
    assert len(out) == len(programs) and "new-x" not in set(out["program_id"])
