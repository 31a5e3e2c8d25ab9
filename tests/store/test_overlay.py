"""The overlay of recorded facts: a recorded fact always wins (over the bundled value and over any
estimate), retracting it gives back the bundled value, provenance and 'verify again' are shown, and
the model reads a recorded value as a known fact (tier and reasons change)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from store_test_support import SYNTHETIC_ROWS, make_programs
from smartpick_core import Profile, apply_recorded_facts, load_programs_with_facts, score
from smartpick_core.facts.overlay import PROVENANCE_COLUMNS
from smartpick_core.facts import FACT_FIELDS, NEW_PROGRAM_FIELD, FactRecord, check_fact_value

TODAY = dt.date(2026, 12, 1)
PROGRAMS = make_programs(SYNTHETIC_ROWS)
ORIGINAL_COLUMNS = list(PROGRAMS.columns)
VALUES = {
    "accepts_imgs": st.sampled_from(["yes", "no"]), "sponsors_j1": st.sampled_from(["yes", "no"]),
    "sponsors_h1b": st.sampled_from(["yes", "no"]), "usce_required": st.sampled_from(["yes", "no"]),
    "first_attempt_only": st.sampled_from(["yes", "no"]),
    "visa_basis": st.sampled_from(["program", "institution", "third_party", "military"]),
    "status": st.sampled_from(["accredited", "new", "unverified", "possibly_closed"]),
    "img_share": st.floats(0, 1).map(lambda x: f"{x:.3f}"),
    "step2_min": st.integers(180, 300).map(str), "yog_max_years": st.integers(0, 40).map(str),
    "usce_min_months": st.integers(0, 60).map(str), "positions_per_year": st.integers(1, 200).map(str),
}
assert set(VALUES) == set(FACT_FIELDS)


def fact(program_id: str, field: str, value: str, *, fact_id: int = 1, checked: dt.date = dt.date(2026, 10, 2),
         source_type: str = "program email or phone call", retracted: bool = False) -> FactRecord:
    return FactRecord(fact_id, program_id, field, check_fact_value(field, value) if field in FACT_FIELDS else value,
                      source_type, "PD email", checked, "Dr A", dt.datetime(2026, 10, 3, 0, 0, fact_id),
                      dt.datetime(2026, 11, 1) if retracted else None, "Dr B" if retracted else None)


@st.composite
def recorded_facts(draw):
    chosen = draw(st.lists(st.tuples(st.sampled_from(list(PROGRAMS["program_id"])), st.sampled_from(list(VALUES))),
                           min_size=1, max_size=8, unique=True))
    return [fact(pid, field, draw(VALUES[field]), fact_id=i + 1) for i, (pid, field) in enumerate(chosen)]


def _cell(frame: pd.DataFrame, program_id: str, field: str):
    return frame.loc[frame["program_id"] == program_id, field].iloc[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recorded_facts())
def test_a_recorded_fact_always_wins_and_says_where_it_came_from(facts):
    out = apply_recorded_facts(PROGRAMS, facts, today=TODAY)
    assert len(out) == len(PROGRAMS) and list(out["program_id"]) == list(PROGRAMS["program_id"])
    for f in facts:
        value = _cell(out, f.program_id, f.field)
        expected = float(f.value) if PROGRAMS[f.field].dtype.kind == "f" else (
            int(f.value) if str(PROGRAMS[f.field].dtype) == "Int64" else f.value)
        assert value == expected
        assert _cell(out, f.program_id, f"{f.field}_provenance") == "advisor-recorded, program email or phone call, 2026-10"
        assert FACT_FIELDS[f.field] in _cell(out, f.program_id, "recorded_facts")
    touched = {(f.program_id, f.field) for f in facts}
    for field in FACT_FIELDS:          # everything not recorded is the bundled value, dtype included
        keep = ~out["program_id"].isin({pid for pid, fl in touched if fl == field})
        pd.testing.assert_series_equal(out.loc[keep, field], PROGRAMS.loc[keep, field])
    assert all(out[c].dtype == PROGRAMS[c].dtype for c in ORIGINAL_COLUMNS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recorded_facts())
def test_retracting_every_record_gives_back_the_bundled_table(facts):
    retracted = [FactRecord(**{**f.__dict__, "retracted_at": dt.datetime(2026, 11, 1), "retracted_by": "Dr B"})
                 for f in facts]
    out = apply_recorded_facts(PROGRAMS, retracted, today=TODAY)
    pd.testing.assert_frame_equal(out[ORIGINAL_COLUMNS], PROGRAMS)
    assert not out["verify_again"].any() and (out["recorded_facts"] == "").all()
    assert all((out[c] == "").all() for c in PROVENANCE_COLUMNS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recorded_facts(), st.sampled_from([230, 245, 260]))
def test_the_model_never_estimates_a_recorded_fact(facts, step2):
    """Wherever a visa or IMG-share fact is recorded, the score uses it as known: no estimate for it."""
    profile = Profile.from_dict({"specialty": "Internal Medicine", "visa": "J-1", "step2_ck": step2})
    scored = score(profile, apply_recorded_facts(PROGRAMS, facts, today=TODAY), cycle_year=2027).programs
    for f in facts:
        row = scored.loc[scored["program_id"] == f.program_id].iloc[0]
        if f.field == "sponsors_j1":
            assert not row["sponsorship_estimated"]
            assert row["sponsorship_probability"] == (1.0 if f.value == "yes" else 0.0) or not row["eligible"]
        if f.field == "img_share":
            assert not row["img_share_estimated"] and row["img_share_used"] == pytest.approx(float(f.value))


def test_a_recorded_j1_yes_makes_an_unknown_program_a_known_sponsor_and_moves_its_tier():
    programs = make_programs([{"program_type": "kaiser", "county": "Orange", "subregion": "Orange County",
                               "city": "Anaheim", "lat": 33.84, "lon": -117.91}])
    profile = Profile.from_dict({"specialty": "Internal Medicine", "visa": "J-1", "step2_ck": 262})
    before = score(profile, programs, cycle_year=2027).programs.iloc[0]
    recorded = [fact("im-test-0", "sponsors_j1", "yes")]
    after = score(profile, apply_recorded_facts(programs, recorded, today=TODAY), cycle_year=2027).programs.iloc[0]
    assert before["sponsorship_estimated"] and not after["sponsorship_estimated"]
    assert (before["tier"], after["tier"]) == ("Reach", "Realistic")
    assert "J-1 ~" in before["reasons_text"] and "Accepts J-1" not in before["reasons_text"]
    assert "Accepts J-1" in after["reasons_text"] and "J-1 ~" not in after["reasons_text"]
    assert "Visa route unlikely" in before["reasons_text"] and "Visa route unlikely" not in after["reasons_text"]
    assert after["interview_probability"] > before["interview_probability"]


def test_a_recorded_j1_no_makes_the_program_not_eligible_for_a_j1_applicant():
    profile = Profile.from_dict({"specialty": "Internal Medicine", "visa": "J-1", "step2_ck": 250})
    out = apply_recorded_facts(PROGRAMS, [fact("im-test-2", "sponsors_j1", "no")], today=TODAY)
    scored = score(profile, out, cycle_year=2027).programs.set_index("program_id")
    assert scored.loc["im-test-2", "tier"] == "Not eligible"


@pytest.mark.parametrize("field, value, checked, flagged", [
    ("sponsors_h1b", "yes", dt.date(2025, 9, 1), True),      # before the September 2025 H-1B fee
    ("sponsors_h1b", "yes", dt.date(2025, 10, 1), False),
    ("sponsors_h1b", "no", dt.date(2025, 9, 1), False),
    ("sponsors_j1", "yes", dt.date(2025, 5, 1), True),       # more than one application season old
    ("sponsors_j1", "yes", dt.date(2026, 1, 15), False),
])
def test_old_facts_and_pre_fee_h1b_yes_are_flagged_verify_again(field, value, checked, flagged):
    out = apply_recorded_facts(PROGRAMS, [fact("im-test-1", field, value, checked=checked)],
                               today=dt.date(2026, 6, 1))
    row = out.loc[out["program_id"] == "im-test-1"].iloc[0]
    assert bool(row["verify_again"]) is flagged
    assert bool(row["verify_reasons"]) is flagged
    assert not out.loc[out["program_id"] != "im-test-1", "verify_again"].any()


def test_an_advisor_added_program_joins_the_table_and_leaves_with_its_retraction():
    import json
    row = {"program_id": "im-added", "name": "Added IM", "institution": "Added Hospital",
           "specialty": "Internal Medicine", "city": "Upland", "county": "San Bernardino",
           "subregion": "Inland Empire", "program_type": "community", "status": "new", "lat": "34.1",
           "lon": "-117.65", "source_url": "https://example.org/im", "checked": "2026-10", "confidence": "medium",
           "positions_per_year": "10"}
    added = fact("im-added", NEW_PROGRAM_FIELD, json.dumps(row))
    j1 = fact("im-added", "sponsors_j1", "yes", fact_id=2)
    out = apply_recorded_facts(PROGRAMS, [added, j1], today=TODAY)
    new = out.loc[out["program_id"] == "im-added"].iloc[0]
    assert new["recorded_program"] and new["sponsors_j1"] == "yes" and new["positions_per_year"] == 10
    assert new["recorded_facts"].startswith("New program (advisor-recorded")
    assert out["positions_per_year"].dtype == PROGRAMS["positions_per_year"].dtype
    gone = apply_recorded_facts(PROGRAMS, [fact("im-added", NEW_PROGRAM_FIELD, json.dumps(row), retracted=True)])
    assert "im-added" not in set(gone["program_id"])


def test_bundled_data_with_recorded_facts_loads_and_scores():
    bundled = load_programs_with_facts(facts=[])
    pid = bundled.loc[bundled["sponsors_j1"].isna() & (bundled["specialty"] == "Internal Medicine"),
                      "program_id"].iloc[0]
    out = load_programs_with_facts(facts=[fact(pid, "sponsors_j1", "yes")], today=TODAY)
    assert _cell(out, pid, "sponsors_j1") == "yes" and _cell(bundled, pid, "recorded_facts") == ""
    profile = Profile.from_dict({"specialty": "Internal Medicine", "visa": "J-1"})
    scored = score(profile, out, cycle_year=2027).programs.set_index("program_id")
    assert "J-1: yes (advisor-recorded" in scored.loc[pid, "reasons_text"]


def test_a_recorded_program_the_schema_no_longer_accepts_is_left_out_not_fatal():
    import json
    stale = fact("im-stale", NEW_PROGRAM_FIELD, json.dumps({"program_id": "im-stale", "name": "Stale",
                                                             "specialty": "Dermatology"}))
    out = apply_recorded_facts(PROGRAMS, [stale], today=TODAY)
    assert "im-stale" not in set(out["program_id"]) and len(out) == len(PROGRAMS)
