from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core import Profile, interview_count_pmf, match_given_interviews, score
from smartpick_core.model.mixture import latent_nodes, mixed_pmf, node_chances, count_pmf_by_node, prefix_pmfs
from smartpick_core.model.national import national_pool, visa_share
from smartpick_core.model.nrmp import CO_SPECIALTY
from smartpick_core.model.profile import Step3, Visa


def _brute_force_pmf(p: np.ndarray) -> np.ndarray:
    pmf = np.array([1.0])
    for pi in p:
        pmf = np.convolve(pmf, [1 - pi, pi])
    return pmf


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=0, max_size=40))
def test_poisson_binomial_equals_direct_convolution(probs):
    p = np.array(probs, dtype=float)
    np.testing.assert_allclose(interview_count_pmf(p), _brute_force_pmf(p), atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=30), st.integers(0, 12))
def test_capped_pmf_is_exact_below_the_cap_and_lumps_the_tail(probs, cap):
    p = np.array(probs, dtype=float)
    exact = _brute_force_pmf(p)
    capped = interview_count_pmf(p, cap=cap)
    k = min(cap, len(p))
    np.testing.assert_allclose(capped[:k], exact[:k], atol=1e-9)
    assert capped[k] == pytest.approx(exact[k:].sum(), abs=1e-9)


def test_national_size_list_scores_in_linear_memory():
    """13,000 programs: the capped convolution never builds an n x n matrix."""
    import tracemalloc

    p = np.random.default_rng(0).uniform(0, 0.2, 13_000)
    tracemalloc.start()
    pmf = interview_count_pmf(p, cap=60)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(pmf) == 61 and pmf.sum() == pytest.approx(1.0)
    assert peak < 20_000_000     # an n x n float matrix would be 1.35 GB


def test_repeated_programs_as_counts_equal_copies():
    p = np.array([0.1, 0.3])
    np.testing.assert_allclose(interview_count_pmf(p, np.array([3, 2])), _brute_force_pmf(np.array([0.1] * 3 + [0.3] * 2)), atol=1e-12)


@pytest.mark.parametrize("specialty", sorted(CO_SPECIALTY))
def test_match_given_k_is_zero_at_zero_and_never_decreases(specialty):
    curve = match_given_interviews(specialty, np.arange(0, 40))
    assert curve[0] == 0
    assert np.all(np.diff(curve) >= -1e-12)
    assert np.all((curve >= 0) & (curve <= 1))


def test_match_given_k_reproduces_the_published_inferred_curve_for_im():
    # research/nrmp_figures.md §1.5: IM 16%, 35%, 49%, 59%, 67% at k = 1..5
    np.testing.assert_allclose(match_given_interviews("Internal Medicine", np.arange(1, 6)),
                               [0.16, 0.35, 0.49, 0.59, 0.67], atol=0.011)


def test_more_applications_elsewhere_never_lower_the_outlook(bundled_programs):
    specialty = sorted(bundled_programs["specialty"].unique())[0]
    probs = [score(Profile(specialty=specialty), bundled_programs, n_national=n, cycle_year=2027).outlook.match_probability
             for n in (0, 20, 60, 120)]
    assert probs == sorted(probs)


def test_an_application_list_restricts_the_outlook(synthetic_programs):
    everything = score(Profile(), synthetic_programs, n_national=0, cycle_year=2027)
    one = score(Profile(), synthetic_programs, n_national=0, cycle_year=2027, applied_ids=frozenset({"im-test-0"}))
    assert one.outlook.socal_applications == 1
    assert one.outlook.match_probability < everything.outlook.match_probability


# --- correlated interviews: the applicant-level strength ---------------------------------------------------
chance_lists = st.lists(st.floats(-6, 3), min_size=1, max_size=25).map(np.array)


@given(chance_lists)
@settings(max_examples=40, deadline=None)
def test_without_a_shared_strength_the_mixture_is_the_independent_distribution(log_odds):
    p = 1 / (1 + np.exp(-log_odds))
    np.testing.assert_allclose(mixed_pmf(log_odds, np.ones(len(p)), 0.0, cap=len(p)), _brute_force_pmf(p), atol=1e-9)


@given(chance_lists, st.floats(0.2, 2.0))
@settings(max_examples=40, deadline=None)
def test_a_shared_strength_widens_the_spread_of_interviews(log_odds, sigma):
    k = np.arange(len(log_odds) + 1)
    var = []
    for s in (0.0, sigma):
        pmf = mixed_pmf(log_odds, np.ones(len(log_odds)), s, cap=len(log_odds))
        mean = k @ pmf
        var.append(((k - mean) ** 2) @ pmf)
    assert var[1] >= var[0] - 1e-9


@given(chance_lists, st.floats(0.0, 2.0))
@settings(max_examples=30, deadline=None)
def test_every_prefix_of_a_list_in_one_pass_equals_building_it_afresh(log_odds, sigma):
    chances = node_chances(log_odds, np.ones(len(log_odds)), sigma)
    sizes = np.arange(len(log_odds) + 1)
    _, w = latent_nodes()
    every = prefix_pmfs(chances, 60, sizes)
    for n in sizes:
        np.testing.assert_allclose(every[n], w @ count_pmf_by_node(chances[:, :n], 60), atol=1e-12)


# --- the national pool: distinct programs that take the applicant's visa -------------------------------------
@pytest.mark.parametrize("visa", list(Visa))
@pytest.mark.parametrize("step3", [Step3.NOT_TAKEN, Step3.PASSED])
def test_pool_is_distinct_programs_capped_at_those_that_take_the_visa(visa, step3):
    socal = (("community", 20), ("county", 5), ("university", 3), ("academic_centre", 6))
    pool, size = national_pool("Internal Medicine", visa, step3, socal)
    assert pool["program_id"].is_unique and len(pool) == size.total
    assert not pool["img_share"].duplicated().any() or len(pool) < 2
    for kind, n in size.by_kind.items():
        nationally = size.specialty_programs * {"community": 0.55, "county": 0.15, "university": 0.30}[kind]
        assert n <= round(nationally * visa_share(kind, visa, step3)) + 1
    assert size.socal_taken_out == {"community": 20, "county": 5, "university": 9}
    if visa is Visa.H1B and step3 is not Step3.PASSED:
        assert size.total == 0      # H-1B programs expect Step 3 before the contract starts


def test_pool_chances_fall_as_the_list_grows(bundled_programs):
    result = score(Profile(specialty="Internal Medicine", visa=Visa.J1), bundled_programs, cycle_year=2027)
    ordered = result.national.probability[result.national_order]
    assert np.all(np.diff(ordered) <= 0) and ordered[0] > ordered[-1]
