"""The what-ifs and the applications curve do no more work than they need, with the same numbers as before:
the curve reuses the headline's scoring, its three fit-band curves share one pass, and tier counts are counted
directly."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from smartpick_core import TIER_ORDER, Profile, Visa, score
from smartpick_core.model.fit import fit_for
from smartpick_core.model.mixture import node_chances, prefix_pmfs
from smartpick_core.model.outlook import ListChances, list_curve, match_curve_band
from smartpick_core.model.scoring import what_if_outlook
from smartpick_core.strategy import scenarios

profiles = st.builds(
    Profile,
    step2_ck=st.integers(200, 280),
    usce_months=st.sampled_from([0.0, 3.0, 12.0]),
    visa=st.sampled_from(list(Visa)),
    us_lors=st.integers(0, 4),
    graduation_year=st.integers(2012, 2025),
)
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def programs(bundled_programs):
    return bundled_programs


@SLOW
@given(profile=profiles, national=st.sampled_from([None, 0, 35]))
def test_the_curve_from_the_headlines_scoring_is_the_curve_it_scores_itself(programs, profile, national):
    base = score(profile, programs, n_national=national)
    own = scenarios.applications_curve(profile, programs, cycle_year=base.cycle_year, national=national)
    reused = scenarios.applications_curve(profile, programs, cycle_year=base.cycle_year, national=national, base=base)
    pd.testing.assert_frame_equal(own, reused)


def test_the_curve_scores_nothing_when_given_the_headlines_scoring(programs, monkeypatch):
    profile = Profile(step2_ck=241)
    base = score(profile, programs)
    calls = []
    monkeypatch.setattr(scenarios, "score", lambda *a, **k: calls.append(1) or score(*a, **k))
    scenarios.applications_curve(profile, programs, cycle_year=base.cycle_year, base=base)
    assert calls == []
    other = Profile(step2_ck=242)       # another profile's scoring is not used
    curve = scenarios.applications_curve(other, programs, cycle_year=base.cycle_year, base=base)
    assert calls == [1]
    assert curve.equals(scenarios.applications_curve(other, programs, cycle_year=base.cycle_year))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 60), shift=st.floats(0.0, 2.0))
def test_the_band_curves_in_one_pass_equal_three_separate_curves(seed, n, shift):
    rng = np.random.default_rng(seed)
    chances = ListChances(rng.normal(-1.5, 1.5, n), rng.uniform(0.2, 1.0, n), rng.uniform(0, 0.5, n),
                          np.zeros(n, bool))
    fit = dataclasses.replace(fit_for("Internal Medicine"), band=shift)
    sizes = np.unique(rng.integers(0, n + 1, 6))
    band = match_curve_band("Internal Medicine", chances, fit, sizes)
    for row, delta in zip(band, (0.0, -fit.band, fit.band)):
        alone, _, _ = list_curve("Internal Medicine", chances.shifted(delta) if delta else chances, fit, sizes)
        np.testing.assert_array_equal(row, alone)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 40), variants=st.integers(1, 4))
def test_prefix_pmfs_over_a_leading_axis_equal_each_variant_alone(seed, n, variants):
    rng = np.random.default_rng(seed)
    log_odds = rng.normal(-1.0, 1.5, (variants, n))
    chances = node_chances(log_odds, rng.uniform(0, 1, n), 0.8)
    sizes = rng.integers(0, n + 1, 5)
    together = prefix_pmfs(chances, 12, sizes)
    assert together.shape == (variants, len(sizes), 13)
    for v in range(variants):
        np.testing.assert_array_equal(together[v], prefix_pmfs(chances[v], 12, sizes))
    np.testing.assert_allclose(together.sum(axis=-1), 1.0, atol=1e-12)


@SLOW
@given(profile=profiles)
def test_tier_counts_count_every_tier_in_order(programs, profile):
    result = score(profile, programs, explain=False)
    expected = (pd.Series(pd.Categorical(result.programs["tier"], categories=[t.value for t in TIER_ORDER]))
                .value_counts().reindex([t.value for t in TIER_ORDER], fill_value=0))
    pd.testing.assert_series_equal(result.tier_counts(), expected)


@SLOW
@given(profile=profiles, national=st.sampled_from([None, 0, 35]), extra_years=st.integers(0, 1))
def test_a_what_ifs_outlook_is_the_whole_scorings_outlook(programs, profile, national, extra_years):
    whole = score(profile, programs, n_national=national, explain=False)
    cycle = whole.cycle_year + extra_years
    whole = score(profile, programs, n_national=national, cycle_year=cycle, explain=False)
    lean = what_if_outlook(profile, programs, n_national=national, cycle_year=cycle)
    assert lean.outlook == whole.outlook
    pd.testing.assert_series_equal(lean.tier_counts, whole.tier_counts())


def test_the_what_ifs_build_no_scored_table(programs, monkeypatch):
    """Each applicable what-if is one lean scoring; none is a whole score() with its table."""
    base = score(Profile(step2_ck=233, visa=Visa.H1B), programs)
    whole, lean = [], []
    monkeypatch.setattr(scenarios, "score", lambda *a, **k: whole.append(1) or score(*a, **k))
    monkeypatch.setattr(scenarios, "what_if_outlook", lambda *a, **k: lean.append(1) or what_if_outlook(*a, **k))
    rows = scenarios.compare_scenarios(base, programs, n_national=None)
    assert whole == []
    assert len(lean) == len(rows) > 0
