from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core import Profile, interview_count_pmf, match_given_interviews, score
from smartpick_core.model.calibration import reference_profile, specialty_anchor, typical_applicant
from smartpick_core.model.likelihood import score_weight
from smartpick_core.model.nrmp import CO_SPECIALTY, nrmp_for
from smartpick_core.model.outlook import national_allocation


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


@given(st.integers(0, 400))
def test_national_allocation_uses_every_application(n):
    counts = national_allocation(n)
    assert counts.sum() == n and (counts >= 0).all()


@pytest.mark.parametrize("specialty", ["Internal Medicine", "Family Medicine", "Pediatrics", "Psychiatry", "Neurology", "Pathology"])
def test_reference_applicant_matches_at_the_nrmp_rate(specialty):
    """The calibration anchor: given an interview, the typical non-US IMG matches at NRMP's rate."""
    typical = typical_applicant(specialty, (reference_profile(specialty).step2_ck,))
    outcome = typical.outcome(0, anchor=specialty_anchor(specialty), weight=score_weight(specialty))
    assert outcome.match_if_interviewed == pytest.approx(nrmp_for(specialty).match_rate, abs=0.005)
    assert 0 < outcome.p_no_interview < 1


def test_more_applications_elsewhere_never_lower_the_outlook(bundled_programs):
    specialty = sorted(bundled_programs["specialty"].unique())[0]
    probs = [score(Profile(specialty=specialty), bundled_programs, n_national=n, cycle_year=2027).outlook.match_probability
             for n in (0, 20, 60, 120)]
    assert probs == sorted(probs)


def test_outlook_counts_applications_as_eligible_socal_plus_national(synthetic_programs):
    result = score(Profile(), synthetic_programs, n_national=25, cycle_year=2027)
    eligible = int(result.programs["eligible"].sum())
    assert result.outlook.applications == eligible + 25
    assert result.outlook.socal_applications == eligible
    assert result.outlook.expected_interviews == pytest.approx(
        result.programs["interview_probability"].sum() + (result.outlook.expected_interviews - result.programs["interview_probability"].sum()))


def test_an_application_list_restricts_the_outlook(synthetic_programs):
    everything = score(Profile(), synthetic_programs, n_national=0, cycle_year=2027)
    one = score(Profile(), synthetic_programs, n_national=0, cycle_year=2027, applied_ids=frozenset({"im-test-0"}))
    assert one.outlook.socal_applications == 1
    assert one.outlook.match_probability < everything.outlook.match_probability
