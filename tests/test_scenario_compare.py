"""Scenario A vs B in the core: outlook side by side, tiers by sub-region, programs that changed tier, the link codec."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from smartpick_core import TIER_ORDER, Profile, Region, Visa, score
from smartpick_core.views.scenario_compare import (
    changed_tiers, outlook_comparison, profile_changes, same_programs, tiers_by_subregion,
    tiers_by_subregion_comparison,
)
from smartpick_core.model.ranking import ranked
from smartpick_app.urlstate import PINNED_PREFIX, from_query, pinned_to_query, split_pinned, to_query

TIERS = [t.value for t in TIER_ORDER]
profiles = st.builds(
    Profile,
    step2_ck=st.integers(200, 280),
    usce_months=st.sampled_from([0.0, 3.0, 6.0, 12.0]),
    visa=st.sampled_from(list(Visa)),
    us_lors=st.integers(0, 4),
    graduation_year=st.integers(2012, 2025),
)
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def programs(bundled_programs):
    """The bundled SoCal table (conftest, session-scoped)."""
    return bundled_programs


def test_profile_changes_name_each_changed_field_in_words():
    a = Profile(step2_ck=225, usce_months=3.0)
    b = Profile(step2_ck=240, usce_months=6.0, socal_usce_months=2.0, visa=Visa.H1B)
    assert profile_changes(a, b, 60, 90) == [
        "Step 2 CK: 225 → 240", "Visa need: J-1 (ECFMG-sponsored) → H-1B only", "Hands-on USCE months: 3 → 6",
        "SoCal USCE months: 0 → 2", "Programs elsewhere (national): 60 → 90"]
    assert profile_changes(a, a, 60, 60) == []


@SLOW
@given(a=profiles, b=profiles)
def test_tier_counts_by_subregion_add_up_to_the_programs_in_region_order(programs, a, b):
    ra, rb = score(a, programs, n_national=60), score(b, programs, n_national=60)
    counts = tiers_by_subregion(ra)
    assert list(counts.columns) == TIERS
    assert counts.to_numpy().sum() == len(ra.programs)
    assert (counts.sum(axis=1) == ra.programs.groupby("subregion").size().reindex(counts.index)).all()
    region_order = [r.value for r in Region]
    assert list(counts.index) == sorted(counts.index, key=region_order.index)
    table = tiers_by_subregion_comparison(ra, rb)
    cb = tiers_by_subregion(rb)
    for _, row in table.iterrows():
        for tier in TIERS:
            x = int(counts.loc[row["Sub-region"], tier]) if row["Sub-region"] in counts.index else 0
            y = int(cb.loc[row["Sub-region"], tier]) if row["Sub-region"] in cb.index else 0
            assert row[tier] == (str(x) if x == y else f"{x} → {y}")


@SLOW
@given(a=profiles, b=profiles)
def test_changed_tiers_are_exactly_the_programs_whose_tier_differs_in_bs_ranking(programs, a, b):
    ra, rb = score(a, programs, n_national=60), score(b, programs, n_national=60)
    moved = changed_tiers(ra, rb)
    tier_a = ra.programs.set_index("program_id")["tier"]
    tier_b = rb.programs.set_index("program_id")["tier"]
    expected = set(tier_a.index[tier_a.ne(tier_b.reindex(tier_a.index))])
    assert set(moved["program_id"]) == expected
    assert (moved["Tier A"] != moved["Tier B"]).all()
    assert list(moved["program_id"]) == [i for i in ranked(rb.programs)["program_id"] if i in expected]
    if a == b:
        assert moved.empty


def test_a_higher_score_moves_programs_up_and_the_outlook_shows_the_gain(programs):
    ra = score(Profile(step2_ck=225), programs, n_national=60)
    rb = score(Profile(step2_ck=250), programs, n_national=60)
    compared = outlook_comparison(ra, rb)
    assert compared.match_change > 0 and compared.interviews_change > 0 and compared.no_interview_change <= 0
    table = compared.table.set_index("Measure")
    assert table.loc["Chance to match", "Change"].startswith("+")
    assert "(" in table.loc["Chance to match", "Scenario A"]          # the band is shown
    order = {t: i for i, t in enumerate(TIERS)}
    moved = changed_tiers(ra, rb)
    assert not moved.empty
    assert (moved["Tier B"].map(order) <= moved["Tier A"].map(order)).all()


def test_two_specialties_share_no_programs_and_nothing_is_called_changed(programs):
    ra = score(Profile(specialty="Internal Medicine"), programs, n_national=60)
    rb = score(Profile(specialty="Family Medicine"), programs, n_national=60)
    assert not same_programs(ra, rb)
    assert changed_tiers(ra, rb).empty
    table = tiers_by_subregion_comparison(ra, rb)
    assert isinstance(table, pd.DataFrame) and set(TIERS) <= set(table.columns)


# --- the link: scenario A under a prefix, beside B's keys ------------------------------------------------
@settings(max_examples=100, deadline=None)
@given(a=profiles, b=profiles, national=st.integers(0, 300))
def test_pinned_scenario_round_trips_through_the_link_beside_b(a, b, national):
    params = {**to_query(b), "national": "80", **pinned_to_query(a, national, national_default=80)}
    current, pinned, is_pinned = split_pinned(params)
    assert is_pinned
    assert not any(k.startswith(PINNED_PREFIX) for k in current)
    assert from_query(current, ignore=("national",)) == (b, [])
    assert from_query(pinned, ignore=("national",)) == (a, [])
    assert (pinned.get("national") == str(national)) == (national != 80)


def test_a_pinned_default_profile_is_still_pinned():
    params = pinned_to_query(Profile(), 80, national_default=80)
    assert params == {"a": "pinned"}
    assert split_pinned(params)[2]
    assert not split_pinned({"step2_ck": "230"})[2]
