"""Overall outlook: interviews as a sum of independent chances, then match given k.

Interviews K = sum of independent Bernoulli(p_i) over the programs applied to
(a Poisson-binomial). Its distribution comes from the characteristic function
evaluated with one FFT - vectorised, exact, and it takes repeated identical
programs (the national pool) as powers instead of copies.
P(match) = sum_k P(K = k) * P(match | k), with P(match | k) from calibration.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .calibration import EXTRA_SPECIALTY_LOG_ODDS, calibration_for, match_given_interviews
from .likelihood import ApplicantStrength, applicant_strength, interview_likelihood
from .profile import Profile, Visa
from .settings import setting

NATIONAL_ARCHETYPES: tuple[str, ...] = ("community", "county", "university")


def interview_count_pmf(p: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """P(K = k), k = 0..n, for independent programs with chances p (each repeated counts times)."""
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    counts = np.ones_like(p) if counts is None else np.asarray(counts, dtype=float)
    n = int(round(counts.sum()))
    if n == 0:
        return np.array([1.0])
    z = np.exp(2j * np.pi * np.arange(n + 1) / (n + 1))
    factors = (1.0 - p)[:, None] + p[:, None] * z[None, :]
    phi = np.prod(factors ** counts[:, None], axis=0)
    pmf = np.clip(np.fft.fft(phi).real / (n + 1), 0.0, None)
    return pmf / pmf.sum()


def national_allocation(n_national: int) -> np.ndarray:
    """Split N applications elsewhere across the archetypes by the documented shares (largest remainder)."""
    shares = np.array([setting(f"national_share_{a}") for a in NATIONAL_ARCHETYPES])
    raw = shares / shares.sum() * max(n_national, 0)
    counts = np.floor(raw)
    remainder = int(max(n_national, 0) - counts.sum())
    counts[np.argsort(-(raw - counts))[:remainder]] += 1
    return counts


def national_programs(specialty: str) -> pd.DataFrame:
    """Typical programs elsewhere: archetype type, typical IMG share, visa policy unknown."""
    n = len(NATIONAL_ARCHETYPES)
    return pd.DataFrame({
        "program_type": list(NATIONAL_ARCHETYPES),
        "status": ["accredited"] * n,
        "img_share": pd.array([pd.NA] * n, dtype="Float64"),
        "sponsors_j1": pd.array([pd.NA] * n, dtype="str"),
        "sponsors_h1b": pd.array([pd.NA] * n, dtype="str"),
        "positions_per_year": pd.array([pd.NA] * n, dtype="Int64"),
        "step2_min": pd.array([pd.NA] * n, dtype="Int64"),
        "yog_max_years": pd.array([pd.NA] * n, dtype="Int64"),
        "specialty": [specialty] * n,
    })


@dataclass(frozen=True)
class Outlook:
    expected_interviews: float
    expected_interviews_low: float
    expected_interviews_high: float
    match_probability: float
    match_probability_low: float
    match_probability_high: float
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
            "applications": self.applications,
            "socal_applications": self.socal_applications,
            "national_applications": self.national_applications,
        }


def _match_probability(specialty: str, p: np.ndarray, counts: np.ndarray) -> tuple[float, np.ndarray]:
    pmf = interview_count_pmf(p, counts)
    curve = match_given_interviews(specialty, np.arange(len(pmf)))
    return float(np.dot(pmf, curve)), pmf


def reference_profile(specialty: str) -> Profile:
    """The typical non-US IMG applicant of a specialty, used to calibrate the model (see settings)."""
    cal = calibration_for(specialty)
    return Profile(
        specialty=specialty,
        step2_ck=int(round((cal.step2_matched_median + cal.step2_unmatched_median) / 2)),
        visa=Visa.J1,
        usce_months=setting("reference_usce_months"),
        us_lors=int(setting("reference_us_lors")),
        research_items=int(setting("reference_research_items")),
        graduation_year=2000 + int(setting("reference_years_since_graduation")),
    )


@lru_cache(maxsize=64)
def specialty_offset(specialty: str) -> float:
    """Log-odds constant that makes the reference applicant's outlook equal the NRMP match rate.

    The reference applicant (pooled-median Step 2 CK, J-1, typical experience) applies
    to `reference_applications` typical programs nationwide; bisection finds the
    offset at which P(match) equals the specialty's non-US IMG preferred-specialty
    match rate (NRMP Charting Outcomes 2026). Selectivity *between* program types
    stays as set in settings; this only anchors the level.
    """
    profile = reference_profile(specialty)
    strength = applicant_strength(profile, int(setting("reference_years_since_graduation")))
    target = calibration_for(specialty).match_rate
    counts = national_allocation(int(setting("reference_applications")))
    national = national_programs(specialty)
    low, high = -8.0, 8.0
    for _ in range(40):
        mid = (low + high) / 2
        p = interview_likelihood(profile, national, strength, offset=mid, socal=False).probability
        achieved, _ = _match_probability(specialty, p, counts)
        low, high = (mid, high) if achieved < target else (low, mid)
    # Specialty-specific extras (e.g. TY, calibrated on the IM proxy) sit on top of the anchor.
    return (low + high) / 2 + EXTRA_SPECIALTY_LOG_ODDS.get(specialty, 0.0)


def compute_outlook(profile: Profile, strength: ApplicantStrength, socal_p: np.ndarray, socal_low: np.ndarray,
                    socal_high: np.ndarray, n_national: int) -> Outlook:
    """Outlook for the given SoCal chances plus n_national typical programs elsewhere."""
    nat = interview_likelihood(profile, national_programs(profile.specialty), strength,
                               offset=specialty_offset(profile.specialty), socal=False)
    nat_counts = national_allocation(n_national)
    counts = np.concatenate([np.ones(len(socal_p)), nat_counts])
    central, pmf = _match_probability(profile.specialty, np.concatenate([socal_p, nat.probability]), counts)
    low, _ = _match_probability(profile.specialty, np.concatenate([socal_low, nat.low]), counts)
    high, _ = _match_probability(profile.specialty, np.concatenate([socal_high, nat.high]), counts)
    return Outlook(
        expected_interviews=float(socal_p.sum() + nat.probability @ nat_counts),
        expected_interviews_low=float(socal_low.sum() + nat.low @ nat_counts),
        expected_interviews_high=float(socal_high.sum() + nat.high @ nat_counts),
        match_probability=central, match_probability_low=low, match_probability_high=high,
        applications=int(len(socal_p) + nat_counts.sum()),
        socal_applications=int(len(socal_p)), national_applications=int(nat_counts.sum()),
        interview_pmf=tuple(float(x) for x in pmf),
    )
