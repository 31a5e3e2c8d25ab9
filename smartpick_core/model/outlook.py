"""Overall outlook: interviews as a sum of independent chances, then match given k.

Interviews K = sum of independent Bernoulli(p_i) over the programs applied to
(a Poisson-binomial). Identical programs (the national pool) enter as one
binomial each, and the distribution is built by direct convolution with the
count capped at `interview_cap` (P(match | k) is flat beyond it): memory and
time grow linearly with the list. P(match) = sum_k P(K = k) * P(match | k),
with P(match | k) from NRMP (nrmp.py). The outlook also reports the chance of
no interview at all, and the chance to match given at least one interview -
what NRMP's match rates measure (they count applicants who ranked programs).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd
from .special import log_factorials

from ..programs.frozen import freeze

from ..programs.kinds import selectivity_class
from .effective import effective_score
from .likelihood import Likelihood, interview_likelihood
from .nrmp import match_given_interviews
from .profile import Profile
from .settings import setting

NATIONAL_ARCHETYPES: tuple[str, ...] = ("community", "county", "university")


def _binomial_pmf(n: int, p: float, cap: int) -> np.ndarray:
    k = np.arange(0, min(n, cap) + 1)
    if p <= 0.0:
        return np.eye(1, len(k))[0]
    if p >= 1.0:
        out = np.zeros(len(k))
        out[min(n, cap)] = 1.0
        return out
    log_fact = log_factorials(n)
    log_pmf = log_fact[n] - log_fact[k] - log_fact[n - k] + k * np.log(p) + (n - k) * np.log1p(-p)
    pmf = np.exp(log_pmf)
    if n > cap:
        pmf[-1] += max(0.0, 1.0 - pmf.sum())   # the tail beyond the cap, lumped into the last cell
    return pmf


def _lump(pmf: np.ndarray, cap: int) -> np.ndarray:
    """Keep cells 0..cap-1 and put everything from cap up into the last cell (P(K >= cap))."""
    if pmf.shape[-1] <= cap + 1:
        return pmf
    out = pmf[..., : cap + 1].copy()
    out[..., cap] += pmf[..., cap + 1:].sum(axis=-1)
    return out


def _product_of_bernoullis(p: np.ndarray, cap: int) -> np.ndarray:
    """Distribution of a sum of independent Bernoullis, multiplied pairwise in batches (log2 n rounds).

    Each round multiplies all pairs at once with one batched FFT and lumps the tail at the cap, so the work
    is vectorised and memory stays O(n + cap) per round.
    """
    polys = np.stack([1.0 - p, p], axis=1) if len(p) else np.ones((1, 1))
    while len(polys) > 1:
        if len(polys) % 2:
            polys = np.vstack([polys, np.eye(1, polys.shape[1])])
        width = 2 * polys.shape[1] - 1
        size = 1 << (width - 1).bit_length()
        product = np.fft.irfft(np.fft.rfft(polys[0::2], size) * np.fft.rfft(polys[1::2], size), size)[:, :width]
        polys = _lump(np.clip(product, 0.0, None), cap)
    return _lump(polys[0], cap)


def interview_count_pmf(p: np.ndarray, counts: np.ndarray | None = None, cap: int | None = None) -> np.ndarray:
    """P(K = k), k = 0..min(n, cap), for independent programs with chances p (each repeated counts times).

    With cap, the last cell holds P(K >= cap). Programs met once are multiplied in batches; a program
    repeated (the national archetypes) enters as one binomial. Memory is linear in the list.
    """
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    counts = np.ones(len(p), dtype=int) if counts is None else np.asarray(counts).astype(int)
    n = int(counts.sum())
    cap = n if cap is None else min(int(cap), n)
    pmf = _product_of_bernoullis(p[counts == 1], cap)
    for prob, count in zip(p[counts > 1], counts[counts > 1]):   # a handful of archetypes
        pmf = _lump(np.convolve(pmf, _binomial_pmf(int(count), float(prob), cap)), cap)
    pmf = np.clip(pmf, 0.0, None)
    return pmf / pmf.sum()


def national_allocation(n_national: int) -> np.ndarray:
    """Split N applications elsewhere across the archetypes by the documented shares (largest remainder)."""
    shares = np.array([setting(f"national_share_{a}") for a in NATIONAL_ARCHETYPES])
    raw = shares / shares.sum() * max(n_national, 0)
    counts = np.floor(raw)
    remainder = int(max(n_national, 0) - counts.sum())
    counts[np.argsort(-(raw - counts))[:remainder]] += 1
    return counts


@lru_cache(maxsize=64)
def national_programs(specialty: str) -> pd.DataFrame:
    """Typical programs elsewhere: archetype type, every fact unknown (so estimated from programs like it).

    Cached (every score of a cohort asks for it); callers read it, none writes to it.
    """
    n = len(NATIONAL_ARCHETYPES)
    return freeze(pd.DataFrame({
        "program_type": list(NATIONAL_ARCHETYPES),
        "institution": [""] * n, "county": [""] * n, "subregion": [""] * n,
        "status": ["accredited"] * n,
        "img_share": pd.array([pd.NA] * n, dtype="Float64"),
        "sponsors_j1": pd.array([pd.NA] * n, dtype="str"),
        "sponsors_h1b": pd.array([pd.NA] * n, dtype="str"),
        "positions_per_year": pd.array([pd.NA] * n, dtype="Int64"),
        "step2_min": pd.array([pd.NA] * n, dtype="Int64"),
        "yog_max_years": pd.array([pd.NA] * n, dtype="Int64"),
        "specialty": [specialty] * n,
    }))


def national_likelihood(profile: Profile, years_since: int, *, anchor: float, weight: float | None = None) -> Likelihood:
    """Interview chances at the three typical programs elsewhere (no regional terms)."""
    programs = national_programs(profile.specialty)
    kinds = selectivity_class(programs)
    eff = effective_score(profile, programs, kinds, years_since, socal=False)
    return interview_likelihood(profile, programs, kinds, eff, anchor=anchor, weight=weight, socal=False)


@dataclass(frozen=True)
class MatchOutcome:
    match_probability: float
    p_no_interview: float
    pmf: np.ndarray

    @property
    def match_if_interviewed(self) -> float:
        """P(match | at least one interview): NRMP's match rates count applicants who ranked programs."""
        return self.match_probability / (1.0 - self.p_no_interview) if self.p_no_interview < 1.0 else 0.0


def match_outcome(specialty: str, p: np.ndarray, counts: np.ndarray) -> MatchOutcome:
    pmf = interview_count_pmf(p, counts, cap=int(setting("interview_cap")))
    curve = match_given_interviews(specialty, np.arange(len(pmf)))
    return MatchOutcome(float(np.dot(pmf, curve)), float(pmf[0]), pmf)


@dataclass(frozen=True)
class Outlook:
    expected_interviews: float
    expected_interviews_low: float
    expected_interviews_high: float
    match_probability: float
    match_probability_low: float
    match_probability_high: float
    p_no_interview: float
    match_if_interviewed: float
    applications: int
    socal_applications: int
    national_applications: int
    interview_pmf: tuple[float, ...]

    def to_dict(self) -> dict:
        return {
            "expected_interviews": round(self.expected_interviews, 2),
            "match_probability": round(self.match_probability, 4),
            "match_probability_low": round(self.match_probability_low, 4),
            "match_probability_high": round(self.match_probability_high, 4),
            "p_no_interview": round(self.p_no_interview, 4),
            "match_probability_if_interviewed": round(self.match_if_interviewed, 4),
            "applications": self.applications,
            "socal_applications": self.socal_applications,
            "national_applications": self.national_applications,
        }


def _with_national(pmf: np.ndarray, probabilities: np.ndarray, counts: np.ndarray, cap: int) -> np.ndarray:
    """The SoCal interview-count distribution with each archetype's applications (a binomial) added."""
    for prob, count in zip(probabilities, counts):
        if count > 0:
            pmf = _lump(np.convolve(pmf, _binomial_pmf(int(count), float(prob), cap)), cap)
    pmf = np.clip(pmf, 0.0, None)
    return pmf / pmf.sum()


def outlook_curve(specialty: str, national: Likelihood, socal_p: np.ndarray, socal_low: np.ndarray,
                  socal_high: np.ndarray, national_counts: Sequence[int]) -> list[Outlook]:
    """compute_outlook for several list sizes: the SoCal part of each band's distribution is built once and only
    the applications elsewhere are added per size (the applications curve asks for ~17 sizes)."""
    cap = int(setting("interview_cap"))
    bands = [(np.clip(np.asarray(s, dtype=float), 0.0, 1.0), nat)
             for s, nat in ((socal_p, national.probability), (socal_low, national.low), (socal_high, national.high))]
    socal_pmfs = [_product_of_bernoullis(s, cap) for s, _ in bands]
    out = []
    for n_national in national_counts:
        nat_counts = national_allocation(n_national)
        pmfs = [_with_national(pmf, nat, nat_counts, cap) for pmf, (_, nat) in zip(socal_pmfs, bands)]
        central, low, high = (MatchOutcome(float(np.dot(pmf, match_given_interviews(specialty, np.arange(len(pmf))))),
                                           float(pmf[0]), pmf) for pmf in pmfs)
        out.append(Outlook(
            expected_interviews=float(bands[0][0].sum() + national.probability @ nat_counts),
            expected_interviews_low=float(bands[1][0].sum() + national.low @ nat_counts),
            expected_interviews_high=float(bands[2][0].sum() + national.high @ nat_counts),
            match_probability=central.match_probability, match_probability_low=low.match_probability,
            match_probability_high=high.match_probability,
            p_no_interview=central.p_no_interview, match_if_interviewed=central.match_if_interviewed,
            applications=int(len(socal_p) + nat_counts.sum()),
            socal_applications=int(len(socal_p)), national_applications=int(nat_counts.sum()),
            interview_pmf=tuple(float(x) for x in central.pmf),
        ))
    return out


def compute_outlook(specialty: str, national: Likelihood, socal_p: np.ndarray, socal_low: np.ndarray,
                    socal_high: np.ndarray, n_national: int) -> Outlook:
    """Outlook for the given SoCal chances plus n_national typical programs elsewhere."""
    return outlook_curve(specialty, national, socal_p, socal_low, socal_high, (n_national,))[0]
