"""Interview likelihood: applicant strength against program selectivity.

    logit P(interview | program open to the visa route)
        = applicant strength (Step 2 CK vs the specialty's matched median, attempts,
          Step 3, hands-on USCE > observerships, letters, research, years since graduation)
        + program selectivity (type baseline, known IMG share, evidence the program runs)
        + regional fit (SoCal USCE, SoCal ties, valued language; SoCal programs only)
    P(interview) = that probability x P(program sponsors the needed visa)

Unknown program facts never count as a yes: an unknown visa policy enters as the
published base rate, and each unknown fact widens the band. Every weight lives
in settings.py with its source.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from .calibration import EXTRA_SPECIALTY_LOG_ODDS, calibration_for
from .profile import Profile, Step1, Step3, Visa
from .settings import setting

SOCAL_LANGUAGES: frozenset[str] = frozenset(
    {"Spanish", "Tagalog", "Filipino", "Vietnamese", "Mandarin", "Chinese", "Cantonese", "Korean",
     "Arabic", "Armenian", "Farsi", "Persian"}
)
PROGRAM_TYPES: tuple[str, ...] = ("community", "university_affiliated_community", "county", "university", "va", "kaiser", "military")
UNKNOWN_FACT_COLUMNS: tuple[str, ...] = ("positions_per_year", "img_share", "step2_min", "yog_max_years")


@dataclass(frozen=True)
class ApplicantStrength:
    """The applicant's log-odds terms; the same for every program, so computed once."""

    step2: float
    attempts: float
    step3: float
    usce: float
    observership: float
    letters: float
    research: float
    years_since_graduation: float
    regional: float  # applies to SoCal programs only

    @property
    def total(self) -> float:
        return (self.step2 + self.attempts + self.step3 + self.usce + self.observership
                + self.letters + self.research + self.years_since_graduation)


def _saturating(months: float, ceiling: str, scale: str) -> float:
    """Diminishing returns: the first months of experience matter most."""
    return setting(ceiling) * (1.0 - np.exp(-months / setting(scale)))


def applicant_strength(profile: Profile, years_since_graduation: int) -> ApplicantStrength:
    cal = calibration_for(profile.specialty)
    step2 = setting("step2_log_odds_per_10") * (profile.step2_ck - cal.step2_matched_median) / 10.0
    attempts = (setting("step1_fail_log_odds") * (profile.step1 is Step1.FAIL_THEN_PASS)
                + setting("step2_extra_attempt_log_odds") * (profile.step2_attempts - 1))
    step3 = {Step3.PASSED: setting("step3_passed_log_odds"), Step3.FAILED: setting("step3_failed_log_odds")}.get(profile.step3, 0.0)
    usce = _saturating(profile.usce_months, "usce_max_log_odds", "usce_scale_months")
    observership = _saturating(profile.observership_months, "observership_max_log_odds", "observership_scale_months")
    letters = setting("lor_log_odds_each") * min(profile.us_lors, setting("lor_cap"))
    research = setting("research_log_odds_each") * min(profile.research_items, setting("research_cap"))
    yog = setting("yog_log_odds_per_year") * max(0.0, years_since_graduation - setting("yog_free_years"))
    language = setting("language_log_odds") * bool(SOCAL_LANGUAGES.intersection(profile.languages))
    regional = (_saturating(profile.socal_usce_months, "socal_usce_max_log_odds", "socal_usce_scale_months")
                + setting("socal_ties_log_odds") * profile.socal_ties + language)
    return ApplicantStrength(step2, attempts, step3, usce, observership, letters, research, yog, regional)


def typical_img_share(program_type: pd.Series) -> np.ndarray:
    return np.select(
        [program_type.eq("community") | program_type.eq("university_affiliated_community"),
         program_type.eq("university")],
        [setting("typical_img_share_community"), setting("typical_img_share_university")],
        setting("typical_img_share_other"),
    )


def program_log_odds(programs: pd.DataFrame, specialty: str, offset: float) -> np.ndarray:
    """Selectivity of each program for a non-US IMG at the specialty's matched median.

    offset is the specialty's calibration constant (outlook.specialty_offset), which
    makes a reference applicant's national outlook equal the NRMP match rate.
    """
    types = programs["program_type"]
    base_p = np.select([types.eq(t) for t in PROGRAM_TYPES], [setting(f"base_p_{t}") for t in PROGRAM_TYPES],
                       setting("base_p_community"))
    base = logit(np.clip(base_p, 1e-4, 1 - 1e-4))
    share = programs["img_share"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    img_adj = np.where(np.isnan(share), 0.0,
                       setting("img_share_log_odds_per_10pct") * (share - typical_img_share(types)) * 10.0)
    unverified = np.where(programs["status"].eq("unverified"), setting("unverified_program_log_odds"), 0.0)
    return base + img_adj + unverified + offset + EXTRA_SPECIALTY_LOG_ODDS.get(specialty, 0.0)


def _route_probability(known: pd.Series, base_rate: float) -> np.ndarray:
    """1 for a stated yes, 0 for a stated no, the published base rate when unknown."""
    values = known.to_numpy(dtype=object, na_value=None)
    return np.where(values == "yes", 1.0, np.where(values == "no", 0.0, base_rate))


def sponsorship_probability(profile: Profile, programs: pd.DataFrame) -> np.ndarray:
    """Chance the program offers the visa route this applicant needs."""
    if profile.visa is Visa.NONE:
        return np.ones(len(programs))
    j1 = _route_probability(programs["sponsors_j1"], setting("j1_base_rate"))
    h1b = _route_probability(programs["sponsors_h1b"], setting("h1b_base_rate")) * setting("h1b_fee_factor")
    if profile.step3 is not Step3.PASSED:
        h1b = np.zeros_like(h1b)
    if profile.visa is Visa.J1:
        return j1
    if profile.visa is Visa.H1B:
        return h1b
    return 1.0 - (1.0 - j1) * (1.0 - h1b)


def unknown_fact_count(profile: Profile, programs: pd.DataFrame) -> np.ndarray:
    counts = programs[list(UNKNOWN_FACT_COLUMNS)].isna().sum(axis=1).to_numpy()
    if profile.visa in (Visa.J1, Visa.J1_OR_H1B):
        counts = counts + programs["sponsors_j1"].isna().to_numpy()
    if profile.visa in (Visa.H1B, Visa.J1_OR_H1B):
        counts = counts + programs["sponsors_h1b"].isna().to_numpy()
    return counts


@dataclass(frozen=True)
class Likelihood:
    probability: np.ndarray       # P(interview), central
    low: np.ndarray
    high: np.ndarray
    if_open: np.ndarray           # P(interview | visa route open)
    sponsorship: np.ndarray       # P(visa route open)
    unknown_facts: np.ndarray


def interview_likelihood(profile: Profile, programs: pd.DataFrame, strength: ApplicantStrength,
                         *, offset: float, socal: bool = True) -> Likelihood:
    """Per-program interview probability with a band; vectorised over all programs."""
    log_odds = strength.total + program_log_odds(programs, profile.specialty, offset) + (strength.regional if socal else 0.0)
    unknown = unknown_fact_count(profile, programs)
    sd = setting("model_sd_log_odds") + setting("unknown_fact_sd_log_odds") * unknown
    half = setting("band_z") * sd
    open_p = sponsorship_probability(profile, programs)
    is_military = programs["program_type"].eq("military").to_numpy()
    if_open = np.where(is_military, 0.0, expit(log_odds))
    return Likelihood(
        probability=if_open * open_p,
        low=np.where(is_military, 0.0, expit(log_odds - half)) * open_p,
        high=np.where(is_military, 0.0, expit(log_odds + half)) * open_p,
        if_open=if_open,
        sponsorship=open_p,
        unknown_facts=unknown,
    )
