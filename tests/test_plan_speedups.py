"""The plan's batched walks give the numbers of the one-list-at-a-time walks they replace: the curve's signal sets
in one walk equal each set's own list_curve, and the outlooks of several lists on a leading axis equal each
list's own list_outlook."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings, strategies as st

from smartpick_core.model.fit import fit_for
from smartpick_core.model.mixture import (add_program, count_pmf_by_node, empty_pmf, latent_nodes, node_chances,
                                         prefix_pmfs, prefix_pmfs_by_variant)
from smartpick_core.model.outlook import (ListChances, list_curve, list_outlook, list_outlooks, outcome_of,
                                         signalled_curve)

SPECIALTY = "Internal Medicine"


def _chances(rng: np.random.Generator, n: int) -> ListChances:
    return ListChances(rng.normal(-1.5, 1.5, n), rng.uniform(0.2, 1.0, n), rng.uniform(0, 0.5, n),
                       rng.uniform(0, 1, n) < 0.3)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 50), variants=st.integers(1, 5))
def test_prefix_pmfs_by_variant_equal_each_variant_alone(seed, n, variants):
    rng = np.random.default_rng(seed)
    chances = node_chances(rng.normal(-1.0, 1.5, (variants, n)), rng.uniform(0, 1, n), 0.8)
    sizes = rng.integers(0, n + 1, 12)
    variant = rng.integers(0, variants, 12)
    together = prefix_pmfs_by_variant(chances, 60, sizes, variant)
    for j in range(len(sizes)):
        alone = prefix_pmfs(chances[variant[j]], 60, sizes[j:j + 1])[0]
        np.testing.assert_allclose(together[j], alone, rtol=0, atol=1e-15)    # the same to the bit here


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 60), sets=st.integers(1, 6),
       odds_ratio=st.floats(1.0, 8.0))
def test_the_signalled_curve_in_one_walk_equals_each_signal_sets_own_curve(seed, n, sets, odds_ratio):
    rng = np.random.default_rng(seed)
    chances = _chances(rng, n)
    fit = fit_for(SPECIALTY)
    masks = rng.uniform(0, 1, (sets, n)) < 0.2
    sizes = np.arange(n + 1)
    variant = np.sort(rng.integers(0, sets, n + 1))      # as a plan's: each set over a run of sizes
    chance, none, extra = signalled_curve(SPECIALTY, chances, fit, sizes, masks, variant, odds_ratio)
    for v in np.unique(variant):
        rows = np.flatnonzero(variant == v)
        lifted = ListChances(chances.log_odds + np.where(masks[v], np.log(odds_ratio), 0.0), chances.route,
                             chances.facts_half, chances.socal)
        alone = list_curve(SPECIALTY, lifted, fit, sizes[rows])
        for got, want in zip((chance[rows], none[rows], extra[rows]), alone):
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 40), lists=st.integers(1, 4), band=st.floats(0.0, 1.5),
       ragged=st.booleans())
def test_outlooks_on_a_leading_axis_equal_each_lists_own(seed, n, lists, band, ragged):
    rng = np.random.default_rng(seed)
    fit = dataclasses.replace(fit_for(SPECIALTY), band=band)
    parts = [_chances(rng, n + (i if ragged else 0)) for i in range(lists)]
    together = list_outlooks(SPECIALTY, parts, fit, signals=3)
    for got, part in zip(together, parts):
        want = list_outlook(SPECIALTY, part, fit, signals=3)
        for field in dataclasses.fields(want):
            a, b = getattr(got, field.name), getattr(want, field.name)
            np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=0, atol=1e-12)
        _, w = latent_nodes()           # and each list walked on its own, as list_outlook did before
        pmf = w @ count_pmf_by_node(node_chances(part.log_odds, part.route, fit.sigma), 60)
        np.testing.assert_allclose(got.interview_pmf, pmf, rtol=0, atol=1e-12)
        assert abs(got.match_probability - outcome_of(SPECIALTY, pmf).match_probability) <= 1e-12


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 80), cap=st.sampled_from([1, 2, 3, 7, 60]),
       lead=st.sampled_from([(), (3,), (2, 3)]))
def test_count_pmf_by_node_is_add_program_one_program_at_a_time(seed, n, cap, lead):
    rng = np.random.default_rng(seed)
    chances = node_chances(rng.normal(-1.0, 2.0, (*lead, n)), rng.uniform(0, 1, n), 0.8)
    pmf = empty_pmf(chances.shape[:-1], cap)
    for i in range(n):
        pmf = add_program(pmf, chances[..., i])
    np.testing.assert_array_equal(count_pmf_by_node(chances, cap), pmf)
