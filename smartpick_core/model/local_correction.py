"""An office's opt-in local correction: one shrunken log-odds offset per program kind, fitted to its outcomes.

Model, per program kind k, for each recorded application i with the predicted interview chance p_i:

    invited_i ~ Bernoulli(sigmoid(logit p_i + delta_k)),      prior delta_k ~ Normal(0, PRIOR_SD^2)

The prior is centred on 0, i.e. on the national model: with no outcomes the correction is 0, and the office's
data pull it away only as far as their amount allows (the data's precision grows with n, the prior's does not,
so the prior's strength relative to the data is set by n). The posterior is found by Newton's method on the
log posterior (a Laplace fit): the mode is the offset, its curvature the spread. Applications cluster by
student (one strong student is invited everywhere), so the data's information is divided by a design effect
estimated from the per-student residuals (never below 1) before it meets the prior.

    fit_offset(logit_p, invited, students)  -> (offset, sd, design effect)       pure numpy, one kind
    fit_local_correction(applications)      -> LocalCorrection (per kind: offset, 80% interval, n)
    apply_offsets(chances, kinds, offsets)  -> corrected chances (the same shift the model hook applies)
    with_local_correction(scored, offsets)  -> the scored table with corrected chances beside the national ones

It never replaces the national model by itself: score(..., kind_offsets=correction.offsets()) is the hook, and
whatever shows its numbers says "with your office's local correction" (ScoreResult.model_shown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Mapping

import numpy as np
import pandas as pd

from .special import expit, logit

PRIOR_SD = 0.5        # log-odds: a kind twice as (or half as) open as the national model is plausible, 4x is not
LEVEL = 0.8           # the interval every figure of the back-test shows
CHANCE_CLIP = 1e-4    # a recorded 0% or 100% would be an infinite log-odds
NEWTON_STEPS = 50
LOCAL_LABEL = "with your office's local correction"
NATIONAL_LABEL = "national model"


def _logit(p: np.ndarray) -> np.ndarray:
    return np.asarray(logit(np.clip(np.asarray(p, dtype=float), CHANCE_CLIP, 1.0 - CHANCE_CLIP)), dtype=float)


def fit_offset(logit_p: np.ndarray, invited: np.ndarray, students: np.ndarray | None = None, *,
               prior_sd: float = PRIOR_SD) -> tuple[float, float, float]:
    """Posterior mode, posterior sd and design effect of one kind's offset (0, prior_sd, 1 with no data).

    students: an integer code per application (clustering); None treats applications as independent.
    """
    logit_p = np.asarray(logit_p, dtype=float)
    y = np.asarray(invited, dtype=float)
    if prior_sd <= 0:
        raise ValueError(f"prior_sd: {prior_sd} needs to be above 0 (log-odds)")
    precision = 1.0 / prior_sd ** 2
    if len(y) == 0:
        return 0.0, prior_sd, 1.0
    delta = _mode(logit_p, y, precision, 1.0)
    mu = expit(logit_p + delta)
    information = float(np.sum(mu * (1.0 - mu)))
    design = 1.0
    if students is not None and information > 0:
        per_student = np.bincount(pd.factorize(np.asarray(students))[0], weights=y - mu)
        design = max(1.0, float(np.sum(per_student ** 2)) / information)
    if design > 1.0:       # refit with the data counted as n / design applications
        delta = _mode(logit_p, y, precision, design)
        mu = expit(logit_p + delta)
        information = float(np.sum(mu * (1.0 - mu)))
    return float(delta), float(1.0 / np.sqrt(information / design + precision)), design


def _mode(logit_p: np.ndarray, y: np.ndarray, precision: float, design: float) -> float:
    """Mode of (log likelihood / design) + log prior. Its gradient falls strictly in delta, so Newton's steps are
    kept inside a shrinking bracket (bisecting when a step would leave it): a plain Newton step overshoots when
    the office's rate is far from the model's."""
    bound = float(len(y)) / design / precision + 1.0       # |gradient of the likelihood| <= n / design
    low, high, delta, last = -bound, bound, 0.0, math.inf
    for _ in range(NEWTON_STEPS * 4):
        mu = expit(logit_p + delta)
        gradient = float(np.sum(y - mu)) / design - precision * delta
        if gradient > 0:
            low = delta
        else:
            high = delta
        candidate = delta + gradient / (float(np.sum(mu * (1.0 - mu))) / design + precision)
        if not low < candidate < high or abs(gradient) > 0.5 * last:     # leaving the bracket, or too slow
            candidate = 0.5 * (low + high)
        last = abs(gradient)
        if abs(candidate - delta) < 1e-10 or high - low < 1e-10:
            return candidate
        delta = candidate
    return delta


@dataclass(frozen=True)
class KindCorrection:
    """One kind's fitted offset (log-odds) with its interval and the data behind it."""

    kind: str
    offset: float
    low: float
    high: float
    sd: float
    n_applications: int
    n_students: int
    invited: int
    expected: float          # invitations the national chances predicted
    data_weight: float       # share of the estimate that comes from the office's data (0 = all prior)

    @property
    def odds_ratio(self) -> float:
        return float(np.exp(self.offset))


@dataclass(frozen=True)
class LocalCorrection:
    """Per-kind offsets fitted to an office's outcomes; offsets() feeds score(kind_offsets=...)."""

    kinds: tuple[KindCorrection, ...]
    chance_column: str
    prior_sd: float = PRIOR_SD
    level: float = LEVEL

    def offsets(self) -> dict[str, float]:
        return {k.kind: k.offset for k in self.kinds}

    def table(self) -> pd.DataFrame:
        rows = [{"kind": k.kind, "offset": k.offset, "low": k.low, "high": k.high, "odds_ratio": k.odds_ratio,
                 "n_applications": k.n_applications, "n_students": k.n_students, "invited": k.invited,
                 "expected": k.expected, "data_weight": k.data_weight} for k in self.kinds]
        return pd.DataFrame(rows, columns=["kind", "offset", "low", "high", "odds_ratio", "n_applications",
                                           "n_students", "invited", "expected", "data_weight"])


def fit_local_correction(applications: pd.DataFrame, *, chance_column: str = "predicted_chance",
                         prior_sd: float = PRIOR_SD, level: float = LEVEL) -> LocalCorrection:
    """One offset per kind present in `applications` (columns student, season, kind, invited, chance_column);
    applications without a predicted chance are left out."""
    if not 0 < level < 1:
        raise ValueError(f"level: {level} needs to be between 0 and 1 (e.g. 0.8)")
    chances = pd.to_numeric(applications[chance_column], errors="coerce").to_numpy(dtype=float)
    usable = ~np.isnan(chances)
    frame = applications.loc[usable]
    logit_p = _logit(chances[usable])
    invited = (frame["invited"].astype(str).str.lower() == "yes").to_numpy()
    students = _student_codes(frame)
    kinds = frame["kind"].astype(str).to_numpy()
    z = NormalDist().inv_cdf(0.5 + level / 2)
    out = []
    for kind in sorted(set(kinds)):
        rows = kinds == kind
        offset, sd, _ = fit_offset(logit_p[rows], invited[rows], students[rows], prior_sd=prior_sd)
        out.append(KindCorrection(kind, offset, offset - z * sd, offset + z * sd, sd, int(rows.sum()),
                                  int(len(np.unique(students[rows]))), int(invited[rows].sum()),
                                  float(expit(logit_p[rows]).sum()), float(1.0 - sd ** 2 / prior_sd ** 2)))
    return LocalCorrection(tuple(out), chance_column, prior_sd, level)


def _student_codes(frame: pd.DataFrame) -> np.ndarray:
    """One code per student and season (a student applying twice is two clusters: two profiles)."""
    season = frame["season"].astype(str) if "season" in frame else ""
    return pd.factorize(frame["student"].astype(str).str.strip().str.lower() + "|" + season)[0]


def apply_offsets(chances: np.ndarray, kinds: pd.Series | np.ndarray, offsets: Mapping[str, float] | None) -> np.ndarray:
    """Chances moved by their kind's offset on the log-odds scale (0 and 1 stay put; unknown kinds unchanged)."""
    p = np.asarray(chances, dtype=float)
    if not offsets:
        return p.copy()
    shift = (pd.Series(np.asarray(kinds, dtype=object)).astype(str).map(dict(offsets)).fillna(0.0)
             .to_numpy(dtype=float))
    moved = expit(_logit(p) + shift)
    return np.where((shift == 0) | (p <= 0) | (p >= 1) | np.isnan(p), p, moved)


def with_local_correction(scored: pd.DataFrame, offsets: Mapping[str, float] | None) -> pd.DataFrame:
    """The scored table (score().programs) with `interview_probability_local` beside the national
    `interview_probability`, so both are shown side by side; the national column is never overwritten."""
    out = scored.copy()
    out["interview_probability_local"] = apply_offsets(out["interview_probability"].to_numpy(dtype=float),
                                                       out["kind"], offsets)
    return out
