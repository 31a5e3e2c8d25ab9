"""Labelled estimates for program facts no source states: published base rates by program type.

A known fact always wins. Where a fact is unknown the model uses the rate for
programs like this one, and says so ("estimated from programs like this"),
never as a fact. Sources: JGME 2022 (visa acceptance by program type), APDIM
surveys (IMG share by program type), NRMP (IMG share by specialty) and a
third-party California figure (low-medium trust), each named in settings.py.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..programs.kinds import per_kind
from ..programs.specialties import img_share_priors
from .special import expit, logit

from .settings import setting

# IMG share of filled PGY-1 positions by specialty (US + non-US IMGs): data/model/specialties.csv
# (img_share_prior and its source); APDIM's shares by type are IM's, so a specialty scales them by its share
# over IM's, and specialties without a figure use Internal Medicine's.
_IM = "Internal Medicine"
_IM_SHARE = img_share_priors()[_IM][0]


@lru_cache(maxsize=1)
def j1_rates() -> dict[str, float]:
    """J-1 acceptance by program kind, solved so the assumed mix reproduces JGME's 63.7% overall.

    JGME gives odds ratios (community vs academic 0.2, county-affiliated 0.22) and the
    overall rate; with an assumed academic share of programs, bisection finds the
    academic rate whose mix matches the overall rate.
    """
    overall, academic_share = setting("j1_rate_overall"), setting("j1_academic_share_of_programs")
    community_or = setting("j1_community_odds_ratio")
    low, high = -5.0, 8.0
    for _ in range(60):
        mid = (low + high) / 2
        mix = academic_share * expit(mid) + (1 - academic_share) * expit(mid + np.log(community_or))
        low, high = (mid, high) if mix < overall else (low, mid)
    academic = float(expit(low))
    community = float(expit(logit(academic) + np.log(community_or)))
    county = float(expit(logit(academic) + np.log(setting("j1_county_odds_ratio"))))
    return {"university": academic, "academic_centre": academic, "va": academic,
            "community": community, "university_affiliated_community": community, "county": county,
            "kaiser": setting("kaiser_visa_rate"), "military": 0.0}


def h1b_rates() -> dict[str, float]:
    base = setting("h1b_base_rate")
    return {k: (setting("kaiser_visa_rate") if k == "kaiser" else 0.0 if k == "military" else base)
            for k in j1_rates()}


def national_img_share(kind: str, specialty: str) -> float:
    """IMG share of programs of this kind nationally: APDIM's IM figure scaled to the specialty."""
    by_kind = {"community": setting("img_share_community"), "university_affiliated_community": setting("img_share_community"),
               "county": setting("img_share_county"), "university": setting("img_share_university"),
               "academic_centre": setting("img_share_university"), "va": setting("img_share_university"),
               "kaiser": setting("img_share_kaiser"), "military": 0.0}[kind]
    scale = img_share_priors().get(specialty, (_IM_SHARE, ""))[0] / _IM_SHARE
    return float(np.clip(by_kind * scale, 0.0, 0.95))


def img_share_estimate(kinds: pd.Series, specialty: str, *, socal: bool) -> np.ndarray:
    """Estimated IMG share per program; SoCal programs carry California's lower IMG share."""
    return per_kind(kinds, _img_share_table(specialty, socal))


COMMUNITY_KINDS = ("community", "university_affiliated_community", "county")


def california_factor(kind: str) -> float:
    """How a SoCal program's estimated IMG share compares with the national one for its kind.

    California's 20-25% IMG share of IM/FM PGY-1s (against 43% nationally) is a state-wide figure, carried by
    university, Kaiser and VA positions; SoCal's community and county programs are those that "have trained
    IMGs", at 40-50% or more in IM (DOMAIN.md, the advisors' own). Each kind takes the figure for its population.
    """
    if kind in COMMUNITY_KINDS:
        return setting("california_img_factor_community")
    return setting("california_img_factor")


def _img_share_table(specialty: str, socal: bool) -> dict[str, float]:
    return {k: national_img_share(k, specialty) * (california_factor(k) if socal else 1.0) for k in j1_rates()}


def specialty_share_source(specialty: str) -> str:
    priors = img_share_priors()
    if specialty in priors:
        return priors[specialty][1]
    return "no figure for this specialty; Internal Medicine's used"


def route_rates(kinds: pd.Series, which: str) -> np.ndarray:
    table = j1_rates() if which == "j1" else h1b_rates()
    return per_kind(kinds, table)
