"""Calibration, in one place: the specialty anchor and the fitted Step 2 CK weight.

The anchor: one constant per specialty, solved so that the reference applicant
(the specialty's pooled-median Step 2 CK, J-1, typical experience, applying to
`reference_applications` typical programs nationwide) matches at NRMP's 2026
rate *given at least one interview* - NRMP's rates count applicants who ranked
programs, so this compares like with like.

The score weight: per specialty, the weight whose typical-applicant curve of
P(match | at least one interview) by 10-point Step 2 CK bin is closest to NRMP's
own curve (applicant-weighted mean absolute error). `make calibration` refits
and prints the table; the weights live in data/model/score_weights.csv.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .special import expit

from ..programs.kinds import selectivity_class
from ..programs.specialties import calibration_specialties
from .effective import effective_score
from .likelihood import log_odds_parts, route_probability, score_weight
from .nrmp import CO_SPECIALTY, applicant_density, nrmp_for, nrmp_rate_by_step2
from .outlook import MatchOutcome, match_outcome, national_allocation, national_programs
from .profile import STEP2_MIN, Profile, Visa, application_cycle_year
from .settings import setting

# The specialties `make calibration` reports, in its order: calibration_order in data/model/specialties.csv.
CALIBRATION_SPECIALTIES: tuple[str, ...] = calibration_specialties()
BIN_EDGES = np.arange(210, 271, 10)
WEIGHT_GRID = np.round(np.arange(0.0, 1.51, 0.02), 2)


def reference_profile(specialty: str, step2_ck: int | None = None) -> Profile:
    """The typical non-US IMG applicant of a specialty (see settings: reference_*)."""
    return Profile(
        specialty=specialty,
        step2_ck=nrmp_for(specialty).reference_score if step2_ck is None else step2_ck,
        visa=Visa.J1,
        usce_months=setting("reference_usce_months"),
        us_lors=int(setting("reference_us_lors")),
        research_items=int(setting("reference_research_items")),
        graduation_year=application_cycle_year() - int(setting("reference_years_since_graduation")),
    )


@dataclass(frozen=True)
class TypicalApplicant:
    """The reference applicant's log-odds parts at the national archetypes, for a range of scores.

    logit = anchor + fixed + weight x score_part, so anchors and weights are solved on arrays
    without re-running the model.
    """

    specialty: str
    scores: np.ndarray
    fixed: np.ndarray        # (scores, archetypes)
    score_part: np.ndarray
    route: np.ndarray        # (archetypes,)

    def outcome(self, i: int, *, anchor: float, weight: float) -> MatchOutcome:
        p = expit(anchor + self.fixed[i] + weight * self.score_part[i]) * self.route
        return match_outcome(self.specialty, p, national_allocation(int(setting("reference_applications"))))


@lru_cache(maxsize=64)
def typical_applicant(specialty: str, scores: tuple[int, ...]) -> TypicalApplicant:
    programs = national_programs(specialty)
    kinds = selectivity_class(programs)
    years = int(setting("reference_years_since_graduation"))
    fixed, score_part = [], []
    for s in scores:
        profile = reference_profile(specialty, max(s, STEP2_MIN))
        parts = log_odds_parts(profile, programs, kinds, effective_score(profile, programs, kinds, years, socal=False),
                               socal=False)
        fixed.append(parts.fixed)
        score_part.append(parts.score_part)
    route, _ = route_probability(reference_profile(specialty), programs, kinds)
    return TypicalApplicant(specialty, np.array(scores), np.array(fixed), np.array(score_part), route)


def solve_anchor(specialty: str, weight: float | None = None) -> float:
    """Bisection: the anchor at which the reference applicant matches at NRMP's rate given an interview."""
    weight = score_weight(specialty) if weight is None else weight
    target = nrmp_for(specialty).match_rate
    typical = typical_applicant(specialty, (nrmp_for(specialty).reference_score,))
    low, high = -12.0, 12.0
    for _ in range(40):
        mid = (low + high) / 2
        achieved = typical.outcome(0, anchor=mid, weight=weight).match_if_interviewed
        low, high = (mid, high) if achieved < target else (low, mid)
    return (low + high) / 2


@lru_cache(maxsize=64)
def specialty_anchor(specialty: str) -> float:
    """The anchor with the fitted weight (cached: solved once per specialty per process)."""
    return solve_anchor(specialty)


def calibration_rows(specialty: str, weight: float | None = None) -> pd.DataFrame:
    """Per 10-point bin: NRMP's match rate, the model's (given an interview), and the applicants NRMP counts.

    The model's rate for a bin is the typical applicant's rate averaged over the bin's
    scores, weighted by how many of NRMP's applicants have each score.
    """
    weight = score_weight(specialty) if weight is None else weight
    anchor = solve_anchor(specialty, weight)
    nrmp = nrmp_rate_by_step2(specialty, BIN_EDGES)
    scores = np.arange(BIN_EDGES[0], BIN_EDGES[-1])
    typical = typical_applicant(specialty, tuple(int(s) for s in scores))
    rates = np.array([typical.outcome(i, anchor=anchor, weight=weight).match_if_interviewed for i in range(len(scores))])
    density = applicant_density(specialty, scores.astype(float))
    which = np.digitize(scores, BIN_EDGES) - 1
    model = np.bincount(which, weights=rates * density) / np.bincount(which, weights=density)
    return nrmp.assign(model_rate=model[: len(nrmp)])


def weighted_mae(rows: pd.DataFrame) -> float:
    return float(np.average((rows["model_rate"] - rows["nrmp_rate"]).abs(), weights=rows["applicants"]))


def odds_ratio_per_10(rates: pd.Series, rows: pd.DataFrame) -> float:
    """Applicant-weighted least-squares slope of logit(rate) on the bin centre, as an odds ratio per 10 points."""
    centre = (rows["low"] + rows["high"]) / 2
    logit = np.log(rates / (1 - rates))
    slope = np.polyfit(centre, logit, 1, w=np.sqrt(rows["applicants"]))[0]
    return float(np.exp(slope * 10))


def fit_score_weight(specialty: str) -> tuple[float, float]:
    """(weight, MAE): the grid weight that brings the model closest to NRMP's score curve."""
    best = min(((weighted_mae(calibration_rows(specialty, w)), w) for w in WEIGHT_GRID), key=lambda t: (round(t[0], 6), t[1]))
    return best[1], best[0]


def nrmp_specialty(specialty: str) -> str:
    return CO_SPECIALTY[specialty]
