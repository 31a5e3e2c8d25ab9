"""A recorded fact shows its provenance in the reasons, so every page and export says where it came from (#11)."""

from __future__ import annotations

import datetime as dt

from smartpick_core import Profile, load_programs, load_programs_with_facts, score
from smartpick_core.store import open_store


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
