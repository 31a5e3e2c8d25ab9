"""Interview likelihood: the effective score against what each program usually interviews.

    logit P(interview | visa route open, strength z)
        = specialty anchor                                (fit.py: fitted to NRMP 2026 Tables A-C in the default view)
        + score weight x (Step 2 CK - the specialty's reference score) / 10       (fitted per specialty, with a floor)
        + exchange rate x (gap - that score difference) / 10
              the rest of the gap the tier reads (effective.py): compensating points (USCE, letters, SoCal fit)
              against what programs like this usually interview, moved by a known IMG share (IMG-heavy programs
              give IMGs more interview slots) and size
        + sigma x z                                       (the applicant-level strength the profile misses, mixture.py)
    P(interview) = that, averaged over z, x P(visa route open)

Unknown program facts never count as a yes: an unknown visa policy or IMG share
enters as the labelled estimate for programs like this (estimates.py), and each
estimated fact widens the band.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from .effective import EffectiveScore, reference_score
from ..programs.frozen import column_missing, column_number, column_text
from ..programs.kinds import by_kind, per_kind
from .estimates import img_share_estimate, route_rates
from .fit import fit_for
from .mixture import marginal_chances
from .nrmp import EXTRA_SPECIALTY_LOG_ODDS
from .profile import Profile, Step3, Visa
from .settings import setting

UNKNOWN_FACT_COLUMNS: tuple[str, ...] = ("positions_per_year", "img_share", "step2_min", "yog_max_years")


def score_weight(specialty: str) -> float:
    """Fitted Step 2 CK weight (log-odds per 10 points, never below the specialty's floor)."""
    return fit_for(specialty).weight


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


def graduation_screen_open(programs: pd.DataFrame, years_since: int) -> np.ndarray:
    """Chance a program's graduation-year limit lets this applicant through: 1 where a stated limit does (a
    stated limit that does not is a hard screen, screens.py), else the labelled estimate for unstated limits."""
    beyond = max(0.0, years_since - setting("yog_free_years"))
    estimate = 1.0 - setting("yog_screen_share_at_8_years") * min(beyond / (8.0 - setting("yog_free_years")), 1.0)
    return np.where(column_missing(programs, "yog_max_years"), estimate, 1.0)


def estimated_fact_count(profile: Profile, programs: pd.DataFrame) -> np.ndarray:
    counts = np.asarray(sum(column_missing(programs, column).astype(int) for column in UNKNOWN_FACT_COLUMNS))
    if profile.visa in (Visa.J1, Visa.J1_OR_H1B):
        counts = counts + column_missing(programs, "sponsors_j1")
    if profile.visa in (Visa.H1B, Visa.J1_OR_H1B):
        counts = counts + column_missing(programs, "sponsors_h1b")
    return counts


@dataclass(frozen=True)
class Likelihood:
    probability: np.ndarray       # P(interview), central, averaged over the applicant-level strength
    low: np.ndarray
    high: np.ndarray
    if_open: np.ndarray           # P(interview | visa route open)
    sponsorship: np.ndarray       # P(visa route open)
    route_estimated: np.ndarray   # the visa chance is an estimate, not a stated fact
    screen_open: np.ndarray       # chance an unstated graduation-year limit lets the applicant through
    img_share: np.ndarray         # known share, or the estimate where unknown
    img_share_estimated: np.ndarray
    unknown_facts: np.ndarray
    log_odds: np.ndarray          # at the average strength (z = 0); the outlook mixes over z itself
    facts_half: np.ndarray        # half-width of the range from estimated facts, in log-odds

    @property
    def open_chance(self) -> np.ndarray:
        """Chance that nothing outside the interview decision closes the program: visa route x graduation limit."""
        return self.sponsorship * self.screen_open


@dataclass(frozen=True)
class LogOddsParts:
    """logit P(interview | route open) = anchor + fixed + weight x score_part (calibration reuses the parts)."""

    fixed: np.ndarray
    score_part: np.ndarray
    img_share: np.ndarray
    img_share_estimated: np.ndarray


def log_odds_parts(profile: Profile, programs: pd.DataFrame, kinds: pd.Series, eff: EffectiveScore, *,
                   socal: bool) -> LogOddsParts:
    """logit P(interview | open, z = 0) = anchor + fixed + weight x score_part.

    score_part = (Step 2 CK - the specialty's reference score) / 10, with the fitted weight: how much the score
    moves every program at once (NRMP's score curve). fixed = exchange rate x (the gap - that score difference)
    / 10: what separates one program from another for this applicant (compensating points, the program's usual
    score with its known IMG share and size), at the exchange rate. Within one profile the chance is then a rising
    function of the same gap the tier reads, so tier and chance tell one story; only what the gap does not hold
    (the visa route, an unstated graduation-year limit, an unverified program) orders two programs otherwise, and
    their reasons say so.
    """
    known_share = column_number(programs, "img_share")
    share_estimated = np.isnan(known_share)
    share = by_kind(programs, kinds, ("img_share_used", profile.specialty, socal),
                    lambda: np.where(share_estimated, img_share_estimate(kinds, profile.specialty, socal=socal), known_share))
    unverified = np.where(column_text(programs, "status") == "unverified", setting("unverified_program_log_odds"), 0.0)
    score_points = profile.step2_ck - reference_score(profile.specialty)
    program_points = eff.gap - score_points
    fixed = EXTRA_SPECIALTY_LOG_ODDS.get(profile.specialty, 0.0) + unverified \
        + setting("points_log_odds_per_10") * program_points / 10.0
    return LogOddsParts(fixed, np.full(len(programs), score_points / 10.0), share, share_estimated)


def interview_likelihood(profile: Profile, programs: pd.DataFrame, kinds: pd.Series, eff: EffectiveScore, *,
                         anchor: float | None = None, weight: float | None = None, sigma: float | None = None,
                         socal: bool = True, route_override: np.ndarray | None = None,
                         years_since: int = 0, kind_offsets: Mapping[str, float] | None = None) -> Likelihood:
    """Per-program interview probability with its band; vectorised over all programs.

    The band is the fit band (fit.py) plus unknown_fact_sd_log_odds for each estimated fact. route_override:
    the national pool's programs take the visa by construction (national.py). kind_offsets: an advising office's
    local correction (local_correction.py), log-odds added per program kind; None (the national model) leaves
    every number as it was.
    """
    fit = fit_for(profile.specialty)
    anchor = fit.anchor if anchor is None else anchor
    weight = fit.weight if weight is None else weight
    sigma = fit.sigma if sigma is None else sigma
    parts = log_odds_parts(profile, programs, kinds, eff, socal=socal)
    closed = by_kind(programs, kinds, "closed", lambda: kinds.to_numpy(dtype=object) == "military")
    log_odds = np.where(closed, -np.inf, anchor + parts.fixed + weight * parts.score_part)
    if kind_offsets is not None:
        log_odds = log_odds + np.nan_to_num(per_kind(kinds, kind_offsets), nan=0.0)
    unknown = estimated_fact_count(profile, programs)
    facts_half = setting("unknown_fact_sd_log_odds") * unknown
    half = setting("band_z") * (fit.band + facts_half)
    if route_override is None:
        route, route_estimated = route_probability(profile, programs, kinds)
    else:
        route, route_estimated = route_override, np.zeros(len(programs), dtype=bool)
    screen_open = graduation_screen_open(programs, years_since)
    if_open = marginal_chances(log_odds, np.ones(len(programs)), sigma)
    return Likelihood(
        probability=if_open * route * screen_open,
        low=marginal_chances(log_odds - half, route * screen_open, sigma),
        high=marginal_chances(log_odds + half, route * screen_open, sigma),
        if_open=if_open, sponsorship=route, route_estimated=route_estimated, screen_open=screen_open,
        img_share=parts.img_share, img_share_estimated=parts.img_share_estimated, unknown_facts=unknown,
        log_odds=log_odds, facts_half=facts_half,
    )
