"""The few special functions the model needs, on numpy and the standard library's math.

Why not scipy.special: importing it costs ~0.2 s, a fifth of the one-second budget of a single
`python -m smartpick_core score`, for four one-line functions. numpy's logaddexp gives a
logistic that never overflows; math.lgamma and math.erfc are the C library's, applied element-wise to
the short arrays the model passes (at most a few hundred values). tests/test_special.py checks them
against scipy.special, which stays installed for the tests.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

_lgamma = np.frompyfunc(math.lgamma, 1, 1)
_erfc = np.frompyfunc(math.erfc, 1, 1)


def _like_input(result: Any, x: Any) -> Any:
    """A float for a scalar input, a float array for an array input (as scipy.special returns)."""
    return float(result) if np.ndim(x) == 0 else np.asarray(result, dtype=float)


def expit(x: Any) -> Any:
    """Logistic function 1 / (1 + e^-x), written as exp(-log(1 + e^-x)) so it never overflows."""
    return _like_input(np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float))), x)


def logit(p: Any) -> Any:
    """ln(p / (1 - p))."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return _like_input(np.log(p) - np.log1p(-p), p)


def gammaln(x: Any) -> Any:
    """ln |Γ(x)|, for binomial and negative-binomial pmfs in log space."""
    return _like_input(_lgamma(np.asarray(x, dtype=float)), x)


def ndtr(x: Any) -> Any:
    """Standard normal CDF, 0.5 * erfc(-x / sqrt 2)."""
    return _like_input(0.5 * _erfc(-np.asarray(x, dtype=float) / math.sqrt(2.0)), x)


_LOG_FACTORIALS = np.zeros(1)


def log_factorials(n: int) -> np.ndarray:
    """ln(k!) for k = 0..n (at least), from one growing table: binomial pmfs ask thousands of times per plan."""
    global _LOG_FACTORIALS
    if len(_LOG_FACTORIALS) <= n:
        size = max(n + 1, 2 * len(_LOG_FACTORIALS), 1024)
        _LOG_FACTORIALS = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, size, dtype=float)))])
    return _LOG_FACTORIALS
