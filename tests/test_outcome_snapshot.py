"""The snapshot an outcome is recorded with (a saved scenario scored by today's model) and the Students page's
editor rows: a typed chance is never overwritten, SoCal ids fill their facts from the table, and what the editor
shows comes back unchanged."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core import MODEL_VERSION, ProfileError, load_programs, score, Profile
from smartpick_core.strategy.outcome_snapshot import (
    editor_frame, editor_rows, scenario_snapshot, starting_rows, with_snapshot,
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
