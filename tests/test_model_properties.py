"""Property tests: the model behaves as an advisor would insist, whatever the profile."""

from __future__ import annotations

import numpy as np
import pytest
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartpick_core import Profile, Step1, Step3, Visa, score

CYCLE = 2027
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

profiles = st.builds(
    lambda step2, step1, attempts, step3, visa, usce, obs, socal_frac, lors, research, grad, spanish, ties, region, socal_lor_frac: Profile(
        specialty="Internal Medicine", step2_ck=step2, step1=step1, step2_attempts=attempts, step3=step3, visa=visa,
        usce_months=usce, observership_months=obs, socal_usce_months=round(usce * socal_frac, 1),
        us_lors=lors, research_items=research, graduation_year=grad,
        languages=("Spanish",) if spanish else (), socal_ties=ties,
        usce_subregions=(region,) if region else (), socal_lors=int(lors * socal_lor_frac)),
    st.integers(196, 290), st.sampled_from(list(Step1)), st.integers(1, 3), st.sampled_from(list(Step3)),
    st.sampled_from(list(Visa)), st.integers(0, 36).map(float), st.integers(0, 12).map(float),
    st.floats(0, 1), st.integers(0, 6), st.integers(0, 20), st.integers(2005, CYCLE), st.booleans(), st.booleans(),
    st.sampled_from([None, "Los Angeles", "Inland Empire", "Orange County", "San Diego"]), st.floats(0, 1),
)


def _probs(profile, programs, cycle=CYCLE):
    result = score(profile, programs, n_national=40, cycle_year=cycle)
    return result.programs["interview_probability"].to_numpy(), result


@SETTINGS
@given(profiles)
def test_probabilities_and_bands_stay_within_0_and_1(synthetic_programs, profile):
    probs, result = _probs(profile, synthetic_programs)
    low, high = result.programs["interview_low"].to_numpy(), result.programs["interview_high"].to_numpy()
    assert np.all((probs >= 0) & (probs <= 1))
    assert np.all((low <= probs + 1e-12) & (probs <= high + 1e-12))
    o = result.outlook
    assert 0 <= o.match_probability_low <= o.match_probability <= o.match_probability_high <= 1


@SETTINGS
@given(profiles, st.integers(1, 20))
def test_a_better_step2_score_never_lowers_any_likelihood_or_the_outlook(synthetic_programs, profile, gain):
    better = profile.with_changes(step2_ck=min(300, profile.step2_ck + gain))
    before, r0 = _probs(profile, synthetic_programs)
    after, r1 = _probs(better, synthetic_programs)
    assert np.all(after >= before - 1e-12)
    assert r1.outlook.match_probability >= r0.outlook.match_probability - 1e-9


@SETTINGS
@given(profiles, st.integers(1, 12))
def test_more_usce_never_lowers_any_likelihood(synthetic_programs, profile, extra):
    before, r0 = _probs(profile, synthetic_programs)
    after, r1 = _probs(profile.with_changes(usce_months=profile.usce_months + extra), synthetic_programs)
    assert np.all(after >= before - 1e-12)
    assert r1.outlook.match_probability >= r0.outlook.match_probability - 1e-9


@SETTINGS
@given(profiles)
def test_passing_step3_never_lowers_any_likelihood(synthetic_programs, profile):
    if profile.step3 is Step3.FAILED:
        profile = profile.with_changes(step3=Step3.NOT_TAKEN)
    before, r0 = _probs(profile, synthetic_programs)
    after, r1 = _probs(profile.with_changes(step3=Step3.PASSED), synthetic_programs)
    assert np.all(after >= before - 1e-12)
    assert r1.outlook.match_probability >= r0.outlook.match_probability - 1e-9


@SETTINGS
@given(profiles)
def test_more_letters_never_lower_any_likelihood(synthetic_programs, profile):
    if profile.us_lors == 6:
        return
    before, r0 = _probs(profile, synthetic_programs)
    after, r1 = _probs(profile.with_changes(us_lors=profile.us_lors + 1), synthetic_programs)
    assert np.all(after >= before - 1e-12)
    assert r1.outlook.match_probability >= r0.outlook.match_probability - 1e-9


@SETTINGS
@given(profiles, st.integers(1, 6))
def test_graduating_longer_ago_never_helps(synthetic_programs, profile, years):
    earlier = profile.with_changes(graduation_year=max(1970, profile.graduation_year - years))
    recent, r0 = _probs(profile, synthetic_programs)
    older, r1 = _probs(earlier, synthetic_programs)
    assert np.all(older <= recent + 1e-12)
    assert r1.outlook.match_probability <= r0.outlook.match_probability + 1e-9


@SETTINGS
@given(profiles)
def test_a_visa_the_program_does_not_sponsor_gives_not_eligible(synthetic_programs, profile):
    _, result = _probs(profile, synthetic_programs)
    table = result.programs
    if profile.visa is Visa.J1:
        refused = table["sponsors_j1"].eq("no").fillna(False)
    elif profile.visa is Visa.H1B:
        refused = table["sponsors_h1b"].eq("no").fillna(False)
    elif profile.visa is Visa.J1_OR_H1B:
        refused = (table["sponsors_j1"].eq("no") & table["sponsors_h1b"].eq("no")).fillna(False)
    else:
        refused = table["program_type"].eq("military")
    assert (table.loc[refused, "tier"] == "Not eligible").all()
    assert (table.loc[refused, "interview_probability"] == 0).all()
    assert table.loc[refused, "reasons"].map(lambda r: any(x.startswith("Not eligible") for x in r)).all()


@SETTINGS
@given(profiles)
def test_every_not_eligible_program_says_why_and_every_program_has_reasons(synthetic_programs, profile):
    _, result = _probs(profile, synthetic_programs)
    table = result.programs
    assert table["reasons"].map(len).gt(0).all()
    blocked = table[~table["eligible"]]
    assert blocked["reasons"].map(lambda r: any("Not eligible" in x for x in r)).all()
    assert set(table["tier"]) <= {"Realistic", "Reach", "Ultra-reach", "Not eligible"}


# --- Model v2: tiers move one way, estimates never beat facts -----------------------------------------
TIER_RANK = {"Realistic": 0, "Reach": 1, "Ultra-reach": 2, "Not eligible": 3}


def _tiers(profile, programs):
    return score(profile, programs, n_national=0, cycle_year=CYCLE).programs["tier"].map(TIER_RANK).to_numpy()


def _improvements(p):
    """Every single change an advisor would call 'better' (None when the profile is already at the top)."""
    yield p.with_changes(step2_ck=min(300, p.step2_ck + 7))
    yield p.with_changes(usce_months=p.usce_months + 3)
    yield p.with_changes(usce_months=p.usce_months + 3, socal_usce_months=p.socal_usce_months + 3)
    yield p.with_changes(usce_subregions=tuple(dict.fromkeys(p.usce_subregions + ("Inland Empire",))))
    yield p.with_changes(observership_months=p.observership_months + 2)
    if p.us_lors < 6:
        yield p.with_changes(us_lors=p.us_lors + 1)
        yield p.with_changes(us_lors=p.us_lors + 1, socal_lors=p.socal_lors + 1)
    if p.step3 is not Step3.PASSED:
        yield p.with_changes(step3=Step3.PASSED)
    yield p.with_changes(research_items=p.research_items + 1)
    yield p.with_changes(graduation_year=min(CYCLE, p.graduation_year + 1))
    yield p.with_changes(languages=tuple(dict.fromkeys(p.languages + ("Spanish",))))
    yield p.with_changes(socal_ties=True)
    if p.step2_attempts > 1:
        yield p.with_changes(step2_attempts=p.step2_attempts - 1)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profiles)
def test_no_improvement_ever_moves_a_program_to_a_worse_tier_or_lowers_its_chance(bundled_programs, profile):
    programs = bundled_programs[bundled_programs["specialty"].isin(["Internal Medicine", "Family Medicine"])]
    before_tiers = _tiers(profile, programs)
    before = score(profile, programs, n_national=0, cycle_year=CYCLE).programs["interview_probability"].to_numpy()
    for better in _improvements(profile):
        result = score(better, programs, n_national=0, cycle_year=CYCLE).programs
        assert np.all(result["tier"].map(TIER_RANK).to_numpy() <= before_tiers), better
        assert np.all(result["interview_probability"].to_numpy() >= before - 1e-12), better


def _with_fact(programs, column, value):
    changed = programs.copy()
    changed[column] = pd.array([value] * len(changed), dtype="str") if value is not None else pd.array([pd.NA] * len(changed), dtype="str")
    return changed


@SETTINGS
@given(profiles)
def test_an_estimate_never_beats_a_known_no_and_never_falls_below_a_known_yes(synthetic_programs, profile):
    column = "sponsors_h1b" if profile.visa is Visa.H1B else "sponsors_j1"
    chances = {}
    for label, value in (("no", "no"), ("unknown", None), ("yes", "yes")):
        table = score(profile, _with_fact(synthetic_programs, column, value), n_national=0, cycle_year=CYCLE).programs
        chances[label] = table["interview_probability"].to_numpy()
    assert np.all(chances["no"] <= chances["unknown"] + 1e-12)
    assert np.all(chances["unknown"] <= chances["yes"] + 1e-12)


@SETTINGS
@given(profiles)
def test_tiers_follow_the_documented_definition(synthetic_programs, profile):
    from smartpick_core.model.settings import setting

    table = score(profile, synthetic_programs, n_national=0, cycle_year=CYCLE).programs
    eligible = table[table["eligible"]]
    realistic = eligible["tier"] == "Realistic"
    assert (eligible.loc[realistic, "score_gap"] >= 0).all()
    assert (eligible.loc[realistic, "sponsorship_probability"] >= setting("tier_route_likely_min")).all()
    ultra = eligible["tier"] == "Ultra-reach"
    assert (eligible.loc[ultra, "score_gap"] < setting("tier_reach_gap")).all()
    assert (table.loc[~table["eligible"], "tier"] == "Not eligible").all()


# --- tiers without cliffs, and tier and chance telling one story ------------------------------------------
TIER_RANK = {"Realistic": 0, "Reach": 1, "Ultra-reach": 2, "Not eligible": 3}
grid_profiles = st.builds(
    lambda specialty, step2, visa, usce, where, lors, year, langs: Profile.from_dict(dict(
        specialty=specialty, step2_ck=step2, visa=visa, usce_months=usce, socal_usce_months=usce if where else 0.0,
        usce_subregions=[where] if where else [], us_lors=lors, socal_lors=min(lors, 2) if where else 0,
        graduation_year=year, languages=langs, step3="passed" if visa == "H-1B" else "not_taken")),
    st.sampled_from(["Internal Medicine", "Family Medicine", "Psychiatry", "Pediatrics", "Neurology", "Pathology"]),
    st.integers(200, 270), st.sampled_from(["none", "J-1", "H-1B", "J-1 or H-1B"]), st.sampled_from([0.0, 3.0, 12.0]),
    st.sampled_from([None, "Los Angeles", "Inland Empire", "San Diego"]), st.integers(0, 4), st.integers(2015, 2026),
    st.sampled_from([[], ["Spanish"]]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid_profiles)
def test_one_more_year_since_graduation_moves_a_program_by_at_most_one_tier(bundled_programs, profile):
    now = score(profile, bundled_programs, cycle_year=2027, explain=False).programs
    later = score(profile.with_changes(graduation_year=profile.graduation_year - 1), bundled_programs,
                  cycle_year=2027, explain=False).programs
    a, b = now["tier"].map(TIER_RANK).to_numpy(), later["tier"].map(TIER_RANK).to_numpy()
    closed_by_screen = ~later["eligible"].to_numpy() & now["eligible"].to_numpy()
    assert np.all((np.abs(b - a) <= 1) | closed_by_screen)
    assert np.all(b >= a)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid_profiles, st.sampled_from(["usce_subregions", "socal_lors", "home"]))
def test_a_filled_optional_field_moves_a_program_by_at_most_one_tier(bundled_programs, profile, field):
    filled = {"usce_subregions": profile.with_changes(usce_subregions=("Inland Empire", "Orange County"),
                                                      socal_usce_months=max(profile.socal_usce_months, 3.0),
                                                      usce_months=max(profile.usce_months, 3.0)),
              "socal_lors": profile.with_changes(socal_lors=min(profile.us_lors, 4)),
              "home": profile.with_changes(home="Riverside")}[field]
    empty = {"usce_subregions": filled.with_changes(usce_subregions=()),
             "socal_lors": filled.with_changes(socal_lors=0), "home": filled.with_changes(home="")}[field]
    a = score(filled, bundled_programs, cycle_year=2027, explain=False).programs["tier"].map(TIER_RANK).to_numpy()
    b = score(empty, bundled_programs, cycle_year=2027, explain=False).programs["tier"].map(TIER_RANK).to_numpy()
    assert np.all(np.abs(a - b) <= 1)


def inversion_share(programs, profiles) -> float:
    """Pairs of open programs of one specialty, for one profile, where the worse tier has the higher chance."""
    pairs = worse_higher = 0
    for profile in profiles:
        table = score(profile, programs, cycle_year=2027, explain=False).programs
        table = table[table["eligible"]]
        tier = table["tier"].map(TIER_RANK).to_numpy()
        chance = table["interview_probability"].to_numpy()
        worse = tier[:, None] > tier[None, :]
        pairs += int(worse.sum())
        worse_higher += int((worse & (chance[:, None] > chance[None, :] + 1e-12)).sum())
    return worse_higher / max(pairs, 1)


def profile_grid(n: int, seed: int = 7) -> list[Profile]:
    import random
    rng = random.Random(seed)
    specialties = ["Internal Medicine", "Family Medicine", "Psychiatry", "Pediatrics", "Neurology", "Pathology"]
    out = []
    for _ in range(n):
        where = rng.choice([None, "Los Angeles", "Inland Empire", "San Diego", "Orange County"])
        usce = rng.choice([0.0, 3.0, 6.0, 12.0])
        visa = rng.choice(["none", "J-1", "J-1", "H-1B", "J-1 or H-1B"])
        out.append(Profile.from_dict(dict(
            specialty=rng.choice(specialties), step2_ck=rng.randrange(200, 271, 5), visa=visa, usce_months=usce,
            socal_usce_months=usce if where else 0.0, usce_subregions=[where] if where else [],
            us_lors=rng.randrange(0, 5), graduation_year=rng.randrange(2016, 2027),
            step3="passed" if visa == "H-1B" or rng.random() < 0.3 else "not_taken")))
    return out


@pytest.mark.slow
def test_worse_tier_higher_chance_pairs_stay_under_two_percent_over_500_profiles(bundled_programs):
    assert inversion_share(bundled_programs, profile_grid(500)) <= 0.02


def test_worse_tier_higher_chance_pairs_stay_under_two_percent_on_a_sample(bundled_programs):
    assert inversion_share(bundled_programs, profile_grid(60, seed=11)) <= 0.02
