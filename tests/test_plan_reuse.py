"""The plan reuses work it has already done: the dashboard's scoring of the same profile, and the season's fees
priced once per size. Same numbers as the plan computing everything itself (no timing here)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartpick_core import Profile, load_programs, plan
from smartpick_core.model.scoring import score
from smartpick_core.strategy import plan as plan_module
from smartpick_core.strategy.fees import application_fee, list_cost, season_fees

PROGRAMS = load_programs()
SPECIALTY = Profile().specialty
TABLE = PROGRAMS[PROGRAMS["specialty"] == SPECIALTY].reset_index(drop=True)


def _same(a, b) -> None:
    assert a.to_json_dict() == b.to_json_dict()
    pd.testing.assert_frame_equal(a.programs, b.programs)
    pd.testing.assert_frame_equal(a.curve, b.curve)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(step2=st.integers(200, 270), applications=st.integers(0, 120), signals=st.booleans())
def test_a_plan_on_the_dashboards_scoring_is_the_plan_scored_again(step2, applications, signals):
    profile = Profile(step2_ck=step2)
    fresh = plan(profile, TABLE, applications=applications, signals=signals)
    reused = plan(profile, TABLE, applications=applications, signals=signals, scored=score(profile, TABLE))
    _same(fresh, reused)


def test_a_given_scoring_is_not_scored_again(monkeypatch):
    profile = Profile()
    scored = score(profile, TABLE)

    def no_scoring(*args, **kwargs):
        raise AssertionError("plan() scored again although it was given this profile's scoring")

    monkeypatch.setattr(plan_module, "score", no_scoring)
    assert plan(profile, TABLE, budget_usd=2500, scored=scored).applications > 0


def test_a_scoring_of_another_profile_is_not_used():
    profile = Profile(step2_ck=250)
    other = score(Profile(step2_ck=210), TABLE)
    _same(plan(profile, TABLE, applications=60), plan(profile, TABLE, applications=60, scored=other))


def test_a_scoring_of_another_season_or_correction_is_not_used():
    profile = Profile(step2_ck=240)
    this_cycle = score(profile, TABLE).cycle_year
    earlier = score(profile, TABLE, cycle_year=this_cycle - 1)
    corrected = score(profile, TABLE, kind_offsets={"community": 0.8})
    national = plan(profile, TABLE, applications=60)
    _same(national, plan(profile, TABLE, applications=60, scored=earlier))      # cycle_year None: this cycle
    _same(national, plan(profile, TABLE, applications=60, scored=corrected))    # the national model asked for


@pytest.mark.parametrize("other", [
    {"n_national": 40},                                  # another count elsewhere
    {"explain": False},                                  # no reasons written
    {"applied_ids": frozenset()},                        # a given SoCal set, not the default list
])
def test_a_scoring_made_with_other_arguments_is_not_used(other):
    profile = Profile(step2_ck=235)
    _same(plan(profile, TABLE, applications=60), plan(profile, TABLE, applications=60,
                                                      scored=score(profile, TABLE, **other)))


def test_a_scoring_with_a_home_is_not_used_by_the_plan_and_the_curve_needs_its_own_count():
    from smartpick_core.programs.geography import Place
    from smartpick_core.model.scoring import same_scoring

    profile = Profile(step2_ck=235)
    with_home = score(profile, TABLE, home=Place("Riverside", "California", "US", 33.95, -117.40, 314998))
    assert same_scoring(with_home, profile, None) and not same_scoring(with_home, profile, None, without_home=True)
    _same(plan(profile, TABLE, applications=60), plan(profile, TABLE, applications=60, scored=with_home))
    forty = score(profile, TABLE, n_national=40)
    assert same_scoring(forty, profile, None, n_national=40) and not same_scoring(forty, profile, None, n_national=35)


@pytest.mark.parametrize("season", [2020, *range(2024, 2032), 2040])    # before, within and after the fee file
@given(sizes=st.lists(st.integers(0, 5000), min_size=1, max_size=20))
@settings(max_examples=25, deadline=None)
def test_cached_fees_are_the_fee_tables_own(season, sizes):
    fees = season_fees(season)
    rules = plan_module._Season(fees.season, fees, plan_module._season_files(SPECIALTY, season)[1], "ERAS", 1.0, 0)
    n = np.array(sizes)
    assert np.array_equal(plan_module._application_fees(n, rules), application_fee(n, fees, "ERAS"))
    assert np.array_equal(plan_module._list_costs(n, rules), list_cost(n, fees, "ERAS"))
    more = int(n[0])
    assert plan_module._fee_of_more(7, more, rules) == float(application_fee(7 + more, fees) - application_fee(7, fees))
