"""scipy.special's functions, imported on first use.

Why: `import scipy.special` costs ~0.2 s, a third of the start-up budget (issue #10: importing
smartpick_core at most twice as long as pandas). The model calls these only when it scores, so the
import moves from start-up to the first score; after that Python's module cache makes it free.
"""

from __future__ import annotations

from typing import Any


def expit(x: Any) -> Any:
    """Logistic function 1 / (1 + e^-x), numerically stable."""
    from scipy.special import expit as _expit
    return _expit(x)


def logit(p: Any) -> Any:
    """ln(p / (1 - p))."""
    from scipy.special import logit as _logit
    return _logit(p)


def gammaln(x: Any) -> Any:
    """ln |Γ(x)|, for binomial and negative-binomial pmfs in log space."""
    from scipy.special import gammaln as _gammaln
    return _gammaln(x)


def ndtr(x: Any) -> Any:
    """Standard normal CDF."""
    from scipy.special import ndtr as _ndtr
    return _ndtr(x)
