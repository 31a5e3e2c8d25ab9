"""Interview likelihood: the effective score against what each program usually interviews.

    logit P(interview | visa route open)
        = specialty anchor                                (calibration.py: the typical applicant matches at NRMP's rate)
        + ln(IMG share / reference share)                 (IMG-heavy programs give IMGs more interview slots)
        + score weight x steepness x (Step 2 CK - usual score) / 10
                                                          (fitted per specialty; steep at academic centres, flat at community)
        + exchange rate x (compensating points) / 10      (USCE, letters, SoCal fit... in score points, effective.py)
    P(interview) = that x P(visa route open)

Unknown program facts never count as a yes: an unknown visa policy or IMG share
enters as the labelled estimate for programs like this (estimates.py), and each
estimated fact widens the band.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from .special import expit

from .effective import EffectiveScore
from ..programs.frozen import column_missing, column_number, column_text
from ..programs.kinds import by_kind, per_kind
from .estimates import img_share_estimate, route_rates
from .nrmp import CO_SPECIALTY, EXTRA_SPECIALTY_LOG_ODDS
from .profile import Profile, Step3, Visa
from .settings import score_weights, setting

UNKNOWN_FACT_COLUMNS: tuple[str, ...] = ("positions_per_year", "img_share", "step2_min", "yog_max_years")


def score_weight(specialty: str) -> float:
    """Fitted Step 2 CK weight (log-odds per 10 points); the exchange rate until the first fit."""
    return score_weights().get(CO_SPECIALTY.get(specialty, ""), setting("points_log_odds_per_10"))


def steepness(kinds: pd.Series) -> np.ndarray:
    values = {k: setting(f"score_steepness_{k}") for k in pd.unique(kinds.to_numpy(dtype=object)) if k != "military"}
    values["military"] = 0.0
    return per_kind(kinds, values)


def route_probability(profile: Profile, programs: pd.DataFrame, kinds: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Chance the program offers the visa route this applicant needs, and whether that chance is an estimate."""
    n = len(programs)
    if profile.visa is Visa.NONE:
        return np.ones(n), np.zeros(n, dtype=bool)
    j1 = by_kind(programs, kinds, ("route", "j1"), lambda: _route(programs, kinds, "j1"))
    h1b = by_kind(programs, kinds, ("route", "h1b"), lambda: _route(programs, kinds, "h1b") * setting("h1b_fee_factor"))
    if profile.step3 is not Step3.PASSED:
        h1b = np.zeros(n)
    j1_estimated = column_missing(programs, "sponsors_j1")
    h1b_estimated = column_missing(programs, "sponsors_h1b")
    if profile.visa is Visa.J1:
        return j1, j1_estimated
    if profile.visa is Visa.H1B:
        return h1b, h1b_estimated
    return 1.0 - (1.0 - j1) * (1.0 - h1b), j1_estimated | h1b_estimated


def _route(programs: pd.DataFrame, kinds: pd.Series, which: str) -> np.ndarray:
    """1 where the program states it sponsors the route, 0 where it states it does not, else the estimate; a stated
    fact with a confidence column (programs/fact_levels.py: basis and age) counts as confidence x stated +
    (1 - confidence) x estimate."""
    stated = column_text(programs, f"sponsors_{which}")
    estimate = route_rates(kinds, which)
    value = np.where(stated == "yes", 1.0, np.where(stated == "no", 0.0, estimate))
    if f"sponsors_{which}_confidence" not in programs:
        return value
    confidence = np.nan_to_num(column_number(programs, f"sponsors_{which}_confidence"), nan=1.0)
    return confidence * value + (1.0 - confidence) * estimate


def estimated_fact_count(profile: Profile, programs: pd.DataFrame) -> np.ndarray:
    counts = np.asarray(sum(column_missing(programs, column).astype(int) for column in UNKNOWN_FACT_COLUMNS))
    if profile.visa in (Visa.J1, Visa.J1_OR_H1B):
        counts = counts + column_missing(programs, "sponsors_j1")
    if profile.visa in (Visa.H1B, Visa.J1_OR_H1B):
        counts = counts + column_missing(programs, "sponsors_h1b")
    return counts


@dataclass(frozen=True)
class Likelihood:
    probability: np.ndarray       # P(interview), central
    low: np.ndarray
    high: np.ndarray
    if_open: np.ndarray           # P(interview | visa route open)
    sponsorship: np.ndarray       # P(visa route open)
    route_estimated: np.ndarray   # the visa chance is an estimate, not a stated fact
    img_share: np.ndarray         # known share, or the estimate where unknown
    img_share_estimated: np.ndarray
    unknown_facts: np.ndarray


@dataclass(frozen=True)
class LogOddsParts:
    """logit P(interview | route open) = anchor + fixed + weight x score_part (calibration reuses the parts)."""

    fixed: np.ndarray
    score_part: np.ndarray
    img_share: np.ndarray
    img_share_estimated: np.ndarray


def log_odds_parts(profile: Profile, programs: pd.DataFrame, kinds: pd.Series, eff: EffectiveScore, *,
                   socal: bool) -> LogOddsParts:
    known_share = column_number(programs, "img_share")
    share_estimated = np.isnan(known_share)
    share = by_kind(programs, kinds, ("img_share_used", profile.specialty, socal),
                    lambda: np.where(share_estimated, img_share_estimate(kinds, profile.specialty, socal=socal), known_share))
    at_par = by_kind(programs, kinds, ("img_share_at_par", profile.specialty, socal),
                     lambda: np.log(np.clip(share, 0.02, 1.0) / setting("img_share_reference")))
    compensation = setting("points_log_odds_per_10") * eff.odds_points / 10.0
    unverified = np.where(column_text(programs, "status") == "unverified", setting("unverified_program_log_odds"), 0.0)
    fixed = EXTRA_SPECIALTY_LOG_ODDS.get(profile.specialty, 0.0) + at_par + compensation + unverified
    score_part = by_kind(programs, kinds, "steepness", lambda: steepness(kinds)) * (profile.step2_ck - eff.usual) / 10.0
    return LogOddsParts(fixed, score_part, share, share_estimated)


def interview_likelihood(profile: Profile, programs: pd.DataFrame, kinds: pd.Series, eff: EffectiveScore, *,
                         anchor: float, weight: float | None = None, socal: bool = True) -> Likelihood:
    """Per-program interview probability with a band; vectorised over all programs."""
    weight = score_weight(profile.specialty) if weight is None else weight
    parts = log_odds_parts(profile, programs, kinds, eff, socal=socal)
    log_odds = anchor + parts.fixed + weight * parts.score_part
    unknown = estimated_fact_count(profile, programs)
    half = setting("band_z") * (setting("model_sd_log_odds") + setting("unknown_fact_sd_log_odds") * unknown)
    route, route_estimated = route_probability(profile, programs, kinds)
    closed = by_kind(programs, kinds, "closed", lambda: kinds.to_numpy(dtype=object) == "military")
    if_open = np.where(closed, 0.0, expit(log_odds))
    return Likelihood(
        probability=if_open * route,
        low=np.where(closed, 0.0, expit(log_odds - half)) * route,
        high=np.where(closed, 0.0, expit(log_odds + half)) * route,
        if_open=if_open, sponsorship=route, route_estimated=route_estimated,
        img_share=parts.img_share, img_share_estimated=parts.img_share_estimated, unknown_facts=unknown,
    )
