"""The snapshot a scenario keeps when it is saved (what the screen showed), read back for an outcome (or, saved
before snapshots, no prediction at all); today's model for a saved profile; and the Students page's editor rows: a typed chance is never overwritten, SoCal ids fill their facts from the table, and what the editor
shows comes back unchanged."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core import MODEL_VERSION, ProfileError, load_programs, score, Profile
from smartpick_core.strategy.outcome_snapshot import (
    NO_SNAPSHOT_WORDS, editor_frame, editor_rows, listed_gone, listed_gone_words, outcome_predictions, result_snapshot, scenario_snapshot,
    snapshot_words, starting_rows, stored_snapshot, with_snapshot,
)

PROGRAMS = load_programs()
SAVED = {"step2_ck": 245, "visa": "J-1", "national": None}


@pytest.fixture(scope="module")
def snapshot():
    return scenario_snapshot(SAVED, PROGRAMS)


def test_the_snapshot_is_todays_model_for_the_saved_profile(snapshot):
    result = score(Profile.from_dict({"step2_ck": 245, "visa": "J-1"}), PROGRAMS)
    assert snapshot.model_version == MODEL_VERSION
    assert snapshot.predicted_match == pytest.approx(result.outlook.match_probability)
    assert snapshot.predicted_interviews == pytest.approx(result.outlook.expected_interviews)
    first = result.programs.iloc[0]
    assert snapshot.chances[first["program_id"]] == pytest.approx(first["interview_probability"])
    listed = set(result.programs.loc[result.programs["in_application_list"], "program_id"])
    assert set(snapshot.listed) == listed and listed


def test_an_unreadable_saved_profile_is_a_profile_error_naming_the_field():
    with pytest.raises(ProfileError) as caught:
        scenario_snapshot({"step2_ck": 999}, PROGRAMS)
    assert caught.value.field_name == "step2_ck"


def test_a_typed_chance_is_kept_and_an_empty_one_comes_from_the_snapshot(snapshot):
    pid = snapshot.listed[0]
    rows = with_snapshot([{"program_id": pid, "invited": "yes", "predicted_chance": 0.5},
                          {"program_id": pid, "invited": "no", "predicted_chance": None},
                          {"program_name": "Elsewhere", "kind": "community", "invited": "no"}], snapshot, PROGRAMS)
    assert rows[0]["predicted_chance"] == 0.5
    assert rows[1]["predicted_chance"] == pytest.approx(snapshot.chances[pid])
    assert rows[2].get("predicted_chance") is None                   # elsewhere: no snapshot, nothing invented
    table = PROGRAMS.set_index("program_id").loc[pid]
    assert rows[1]["program_name"] == table["name"] and rows[1]["sub_region"] == table["subregion"]
    assert {r["model_version"] for r in rows} == {MODEL_VERSION}
    assert {r["specialty"] for r in rows} == {snapshot.specialty}


def test_the_starting_rows_are_the_scenarios_socal_list_with_nobody_invited(snapshot):
    rows = starting_rows(snapshot, PROGRAMS)
    assert [r["program_id"] for r in rows] == list(snapshot.listed)
    assert not any(r["invited"] for r in rows)


flags = st.one_of(st.none(), st.booleans())
application = st.fixed_dictionaries({
    "program_id": st.sampled_from(["", "im-x", "fm-y"]),
    "program_name": st.text(alphabet="abc XYZ", min_size=1, max_size=12),
    "city": st.sampled_from(["", "Tulsa"]), "state": st.sampled_from(["", "OK"]),
    "kind": st.sampled_from(["community", "county"]), "sub_region": st.sampled_from(["", "Los Angeles"]),
    "invited": st.booleans(), "invited_on": st.one_of(st.none(), st.dates(dt.date(2025, 9, 1), dt.date(2026, 3, 31))),
    "interviewed": flags, "ranked": flags,
    "predicted_chance": st.one_of(st.none(), st.floats(0, 1)),
})


@settings(max_examples=60, deadline=None)
@given(st.lists(application, max_size=6))
def test_what_the_editor_shows_comes_back_as_the_same_rows(rows):
    back = editor_rows(editor_frame(rows))
    assert len(back) == len(rows)
    for before, after in zip(rows, back):
        assert after["invited"] == ("yes" if before["invited"] else "no")
        for column in ("interviewed", "ranked"):
            assert after[column] == ("" if before[column] is None else ("yes" if before[column] else "no"))
        assert after["invited_on"] == before["invited_on"]
        assert after["predicted_chance"] == before["predicted_chance"]
        assert after["program_name"] == before["program_name"]


def test_blank_rows_added_in_the_editor_are_dropped():
    frame = pd.concat([editor_frame([]), pd.DataFrame([{"program_id": "", "program_name": ""}])], ignore_index=True)
    assert editor_rows(frame) == []


# --- the snapshot a scenario keeps when it is saved ------------------------------------------------------------------

def test_the_stored_snapshot_is_what_the_screen_showed_and_reads_back_unchanged():
    result = score(Profile.from_dict({"step2_ck": 232, "visa": "H-1B"}), PROGRAMS)
    data = result_snapshot(result, dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.timezone.utc))
    assert json.loads(json.dumps(data)) == data                       # plain JSON, as the store keeps it
    assert data["model_version"] == MODEL_VERSION and data["saved_at"].startswith("2026-10-01T12:00")
    assert set(data["chances"]) == set(result.programs["program_id"])   # every SoCal program, not only the list
    assert data["listed"] == list(result.programs.loc[result.programs["in_application_list"], "program_id"])
    back = stored_snapshot({"step2_ck": 232}, data)
    assert back is not None and back.stored
    assert back.predicted_match == pytest.approx(result.outlook.match_probability, abs=1e-4)
    assert back.p_no_interview == pytest.approx(result.outlook.p_no_interview, abs=1e-4)
    assert back.predicted_interviews == pytest.approx(result.outlook.expected_interviews, abs=0.005)
    first = result.programs.iloc[0]
    assert back.chances[first["program_id"]] == pytest.approx(first["interview_probability"], abs=1e-4)
    assert "2026-10-01" in snapshot_words(back) and MODEL_VERSION in snapshot_words(back)


@pytest.mark.parametrize("broken", [None, {}, {"format": 99}, {"format": 1, "chances": [], "listed": [],
                                                               "match_probability": 0.5, "expected_interviews": 1},
                                    {"format": 1, "chances": {}, "listed": [], "match_probability": 1.5,
                                     "expected_interviews": 1},
                                    {"format": 1, "chances": {}, "listed": [], "match_probability": 0.5,
                                     "expected_interviews": "many"}])
def test_a_missing_or_doubtful_snapshot_reads_as_none_never_a_guess(broken):
    assert stored_snapshot({"step2_ck": 232}, broken) is None


def test_a_chance_outside_0_to_1_in_a_stored_snapshot_is_dropped_not_clipped():
    data = {"format": 1, "chances": {"a": 0.3, "b": 7, "c": True}, "listed": ["a"], "match_probability": 0.5,
            "expected_interviews": 2.0}
    assert stored_snapshot({}, data).chances == {"a": 0.3}


def test_an_outcome_from_a_scenario_without_a_snapshot_stores_its_profile_and_no_prediction(snapshot):
    got = outcome_predictions(None, snapshot.profile, typed=False)
    assert got == {"profile": snapshot.profile, "model_version": "", "predicted_match": None,
                   "predicted_interviews": None}
    rows = starting_rows(snapshot, PROGRAMS, chances=False)
    assert [r["program_id"] for r in rows] == list(snapshot.listed)
    assert all(r["predicted_chance"] is None for r in with_snapshot(rows, None, PROGRAMS, snapshot.specialty))
    assert "no snapshot was saved" in NO_SNAPSHOT_WORDS.lower()


def test_an_outcome_from_a_scenario_with_a_snapshot_takes_its_numbers_not_todays(snapshot):
    old = stored_snapshot(snapshot.profile, {"format": 1, "model_version": "old-1", "chances": {snapshot.listed[0]: 0.123},
                                             "listed": [snapshot.listed[0]], "match_probability": 0.42,
                                             "expected_interviews": 3.5})
    got = outcome_predictions(old, snapshot.profile)
    assert (got["model_version"], got["predicted_match"], got["predicted_interviews"]) == ("old-1", 0.42, 3.5)
    rows = with_snapshot(starting_rows(old, PROGRAMS), old, PROGRAMS)
    assert [(r["predicted_chance"], r["model_version"]) for r in rows] == [(0.123, "old-1")]


def test_typed_predictions_stored_before_are_kept_when_no_scenario_is_picked():
    class Before:
        profile = {"step2_ck": 250}
        model_version = "typed"
        predicted_match = 0.6
        predicted_interviews = 4.0
    assert outcome_predictions(None, None, Before(), typed=True) == {
        "profile": {"step2_ck": 250}, "model_version": "typed", "predicted_match": 0.6, "predicted_interviews": 4.0}


def test_a_listed_program_gone_from_the_table_is_left_out_of_the_rows_and_named(snapshot):
    data = {"format": 1, "model_version": "old", "chances": {"im-gone": 0.4, snapshot.listed[0]: 0.2},
            "listed": ["im-gone", snapshot.listed[0]], "match_probability": 0.5, "expected_interviews": 2}
    old = stored_snapshot(snapshot.profile, data)
    assert [r["program_id"] for r in starting_rows(old, PROGRAMS)] == [snapshot.listed[0]]
    assert listed_gone(old, PROGRAMS) == ("im-gone",)
    assert "1 program on the saved list is no longer in the program table" in listed_gone_words(old, PROGRAMS)
    assert listed_gone_words(snapshot, PROGRAMS) == ""
