"""The opt-in local correction: the shrunken per-kind fit, and the hook that carries it into the outlook."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes_sim import simulate_office
from smartpick_core import Profile, load_programs, score
from smartpick_core.model.backtest import office_correction
from smartpick_core.strategy.plan import plan
from smartpick_core.model.local_correction import (
    LOCAL_LABEL, NATIONAL_LABEL, PRIOR_SD, apply_offsets, fit_local_correction, fit_offset, with_local_correction,
)

PROFILE = Profile.from_dict({"specialty": "Internal Medicine", "step2_ck": 228, "visa": "J-1",
                             "graduation_year": 2023})


@pytest.fixture(scope="module")
def programs() -> pd.DataFrame:
    return load_programs()


def test_with_no_data_the_correction_is_zero_with_the_prior_spread():
    assert fit_offset(np.zeros(0), np.zeros(0)) == (0.0, PRIOR_SD, 1.0)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.05, 0.6), st.integers(0, 10), st.integers(2, 20))
def test_the_offset_shrinks_toward_zero_as_the_data_shrink(chance, invited_of_ten, scale):
    """The same invite rate seen in fewer applications moves the offset less, and its interval is wider."""
    def fit(times: int) -> tuple[float, float]:
        y = np.zeros(10 * times)
        y[:invited_of_ten * times] = 1
        offset, sd, _ = fit_offset(np.full(len(y), np.log(chance / (1 - chance))), y)
        return offset, sd
    small, large = fit(1), fit(scale)
    assert abs(small[0]) <= abs(large[0]) + 1e-9
    assert small[1] >= large[1]
    assert large[1] < PRIOR_SD


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.001, 0.999), min_size=1, max_size=50), st.floats(-2, 2))
def test_offsets_move_chances_the_way_of_their_sign_and_zero_offsets_move_nothing(chances, offset):
    p = np.array(chances)
    kinds = np.array(["community"] * len(p))
    assert np.allclose(apply_offsets(p, kinds, {"community": 0.0}), p, atol=1e-12)
    moved = apply_offsets(p, kinds, {"community": offset})
    assert np.all((moved - p) * np.sign(offset) >= -1e-12)
    assert np.array_equal(apply_offsets(p, kinds, {"county": offset}), p)
    assert np.array_equal(apply_offsets(p, kinds, None), p)


def test_a_known_shift_is_recovered_per_kind_with_its_n():
    office = simulate_office(np.random.default_rng(12), {"community": 0.8, "county": -0.5})
    fit = {k.kind: k for k in fit_local_correction(office).kinds}
    assert fit["community"].low < 0.8 < fit["community"].high
    assert fit["county"].low < -0.5 < fit["county"].high
    assert fit["university"].low < 0 < fit["university"].high
    assert fit["community"].n_applications == int((office["kind"] == "community").sum())
    assert fit["community"].n_students == 40
    assert 0 < fit["community"].data_weight < 1


def test_clustered_students_widen_the_interval():
    rng = np.random.default_rng(13)
    plain = fit_local_correction(simulate_office(rng)).table().set_index("kind")
    clustered = fit_local_correction(simulate_office(rng, student_sd=1.0)).table().set_index("kind")
    assert ((clustered["high"] - clustered["low"]) > (plain["high"] - plain["low"])).mean() >= 0.8


def test_a_level_outside_zero_to_one_is_refused_by_name():
    with pytest.raises(ValueError, match="level"):
        fit_local_correction(simulate_office(np.random.default_rng(0), n_students=2, n_apps=2), level=80)


def test_the_national_model_is_unchanged_without_offsets(programs):
    national = score(PROFILE, programs, cycle_year=2027)
    empty = score(PROFILE, programs, cycle_year=2027, kind_offsets={})
    assert national.to_json_dict() == empty.to_json_dict()
    assert "model_shown" not in national.to_json_dict() and national.model_shown == NATIONAL_LABEL


def test_the_correction_reaches_the_per_program_chances_and_the_outlook(programs):
    national = score(PROFILE, programs, cycle_year=2027)
    local = score(PROFILE, programs, cycle_year=2027, kind_offsets={"community": 0.7})
    kinds = national.programs["kind"]
    up = national.programs["interview_probability"] > 0
    before, after = national.programs["interview_probability"], local.programs["interview_probability"]
    assert (after[up & (kinds == "community")] > before[up & (kinds == "community")]).all()
    assert after[kinds != "community"].equals(before[kinds != "community"])
    assert local.outlook.match_probability > national.outlook.match_probability
    assert local.outlook.p_no_interview < national.outlook.p_no_interview
    assert local.model_shown == LOCAL_LABEL
    assert local.to_json_dict()["local_correction"] == {"community": 0.7}
    assert (local.programs["tier"] == national.programs["tier"]).all()


def test_the_scored_table_shows_corrected_chances_beside_the_national_ones(programs):
    scored = score(PROFILE, programs, cycle_year=2027).programs
    both = with_local_correction(scored, {"county": -0.4})
    assert both["interview_probability"].equals(scored["interview_probability"])
    county = (both["kind"] == "county") & (both["interview_probability"] > 0)
    assert (both.loc[county, "interview_probability_local"] < both.loc[county, "interview_probability"]).all()


def test_the_office_correction_is_fitted_to_todays_chances(programs):
    office = simulate_office(np.random.default_rng(17), {"county": 0.6}, n_students=20, n_apps=30)
    seasons = pd.DataFrame({"student": sorted(office["student"].unique()), "season": 2026, "profile_json": ""})
    assert office_correction(office, seasons, programs).offsets() == fit_local_correction(office).offsets()
    assert office_correction(office, seasons, programs).chance_column == "today_chance"


def test_the_plan_carries_the_correction_and_says_so(programs):
    national = plan(PROFILE, programs, applications=60, cycle_year=2027)
    local = plan(PROFILE, programs, applications=60, cycle_year=2027, kind_offsets={"community": 0.5})
    assert national.model_shown == NATIONAL_LABEL and local.model_shown == LOCAL_LABEL
    assert local.outcome.match_probability > national.outcome.match_probability
