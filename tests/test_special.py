"""model/special.py against scipy.special (which the model no longer imports, for start-up time)."""

from __future__ import annotations

import numpy as np
import scipy.special as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from smartpick_core.model import special

FLOATS = st.floats(-700, 700, allow_nan=False)


@given(arrays(float, st.integers(0, 40), elements=FLOATS))
def test_expit_matches_scipy_without_overflow(x):
    with np.errstate(over="raise"):
        got = special.expit(x)
    np.testing.assert_allclose(got, sp.expit(x), rtol=1e-12, atol=1e-300)


@given(arrays(float, st.integers(0, 40), elements=st.floats(1e-12, 1 - 1e-12)))
def test_logit_matches_scipy(p):
    np.testing.assert_allclose(special.logit(p), sp.logit(p), rtol=1e-9, atol=1e-12)


@given(arrays(float, st.integers(0, 40), elements=st.floats(0.01, 500)))
def test_gammaln_matches_scipy(x):
    np.testing.assert_allclose(special.gammaln(x), sp.gammaln(x), rtol=1e-12, atol=1e-12)


@given(arrays(float, st.integers(0, 40), elements=st.floats(-30, 30)))
def test_ndtr_matches_scipy(x):
    np.testing.assert_allclose(special.ndtr(x), sp.ndtr(x), rtol=1e-12, atol=1e-300)


def test_scalars_stay_scalars():
    assert isinstance(special.expit(0.0), float) and special.expit(0.0) == 0.5
    assert isinstance(special.gammaln(5), float) and abs(special.gammaln(5) - np.log(24)) < 1e-12
    assert special.logit(0.5) == 0.0 and special.ndtr(0.0) == 0.5


@given(st.integers(0, 5000))
def test_log_factorials_match_gammaln(n):
    table = special.log_factorials(n)
    k = np.arange(n + 1)
    np.testing.assert_allclose(table[k], sp.gammaln(k + 1.0), rtol=1e-11, atol=1e-9)
