"""The cohort view: one row per saved scenario, the same numbers as scoring it alone, bad profiles reported."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from smartpick_core import Profile, Visa, load_programs, score
from smartpick_core.model.tiers import TIER_ORDER
from smartpick_core.strategy.cohort import cohort_summary, cohort_table, scenario_profile, split_saved
from smartpick_core.model.wording import count_band
from smartpick_core.model.ranking import top_programs

PROGRAMS = load_programs()


def _saved(i: int, profile: Profile, national: int = 80, student: str | None = None) -> dict:
    return dict(id=i, student_name=student or f"Student {i}", name="base", profile=scenario_profile(profile, national),
                notes="")


def test_each_cohort_row_equals_scoring_that_profile_alone():
    profiles = [Profile(step2_ck=218), Profile(step2_ck=240, visa=Visa.H1B), Profile(specialty="Family Medicine")]
    table = cohort_table([_saved(i, p, 60 + i) for i, p in enumerate(profiles)], PROGRAMS).set_index("scenario_id")
    for i, profile in enumerate(profiles):
        alone = score(profile, PROGRAMS, n_national=60 + i)
        row = table.loc[i]
        assert abs(row["match_probability"] - alone.outlook.match_probability) < 1e-12
        counts = alone.tier_counts()
        assert [int(row[t.value]) for t in TIER_ORDER] == [int(counts[t.value]) for t in TIER_ORDER]
        assert row["top_programs"] == "; ".join(top_programs(alone, 3)["name"])


def test_a_bad_saved_profile_becomes_a_row_with_its_error_and_the_others_are_scored():
    items = [_saved(1, Profile()), dict(id=2, student_name="Bad", name="typo", profile={"step2_ck": "abc"}),
             dict(id=3, student_name="Worse", name="national", profile={**Profile().to_dict(), "national": -4})]
    table = cohort_table(items, PROGRAMS).set_index("scenario_id")
    assert table.loc[1, "error"] == "" and pd.notna(table.loc[1, "match_probability"])
    assert "step2_ck" in table.loc[2, "error"] or "Step 2" in table.loc[2, "error"]
    assert "national" in table.loc[3, "error"]
    assert list(table.index[-2:]) == [2, 3] or set(table.index[-2:]) == {2, 3}   # unreadable rows sort last


def test_scenario_profile_round_trips():
    profile = Profile(step2_ck=231, visa=Visa.H1B, languages=("Spanish",))
    assert split_saved(scenario_profile(profile, 120)) == (profile, 120)


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(min_value=200, max_value=280), min_size=1, max_size=4))
def test_cohort_is_sorted_by_chance_and_has_one_row_per_scenario(scores):
    table = cohort_table([_saved(i, Profile(step2_ck=s)) for i, s in enumerate(scores)], PROGRAMS)
    assert len(table) == len(scores)
    chances = table["match_probability"].tolist()
    assert chances == sorted(chances, reverse=True)


@pytest.mark.parametrize("national", ["²", "１２", "9" * 5000, "80.5", True, -1, 801])
def test_an_unreadable_national_count_is_a_row_in_words_not_a_crash(national):
    items = [_saved(1, Profile()), dict(id=2, student_name="Odd", name="n", profile={**Profile().to_dict(),
                                                                                      "national": national})]
    table = cohort_table(items, PROGRAMS).set_index("scenario_id")
    assert table.loc[1, "error"] == ""
    error = table.loc[2, "error"]
    assert error.startswith("Programs elsewhere (national):") and "a whole number from 0 to 800" in error
    assert "national:" not in error.replace("(national):", "")         # words, not the raw field name


def test_the_cohort_summary_names_the_best_scored_outlook_or_says_none_scored():
    good = cohort_table([_saved(1, Profile(step2_ck=240)), _saved(2, Profile(step2_ck=205))], PROGRAMS)
    assert f"Best outlook: Student 1 — base ({good.iloc[0]['outlook']})." in cohort_summary(good, "v")
    bad = cohort_table([dict(id=3, student_name="Bad", name="typo", profile={"step2_ck": "abc"})], PROGRAMS)
    assert "No scenario could be scored" in cohort_summary(bad, "v") and "None" not in cohort_summary(bad, "v")


def test_each_row_shows_interviews_with_their_band():
    table = cohort_table([_saved(1, Profile())], PROGRAMS)
    alone = score(Profile(), PROGRAMS, n_national=80).outlook
    assert table.loc[0, "interviews"] == count_band(alone.expected_interviews, alone.expected_interviews_low,
                                                    alone.expected_interviews_high)


def test_a_scenario_saved_without_a_count_scores_the_default_list_and_one_with_a_count_keeps_it():
    profile = Profile()
    default, counted = (dict(id=i, student_name="S", name="n", profile={**profile.to_dict(), "national": n})
                        for i, n in ((1, None), (2, 30)))
    table = cohort_table([default, counted], PROGRAMS).set_index("scenario_id")
    assert (table["error"] == "").all()
    assert table.loc[1, "match_probability"] == score(profile, PROGRAMS).outlook.match_probability
    assert table.loc[2, "match_probability"] == score(profile, PROGRAMS, n_national=30).outlook.match_probability
