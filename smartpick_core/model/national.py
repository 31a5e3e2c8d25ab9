"""The national part of a list: a pool of distinct programs elsewhere that can take this applicant's visa.

Model v2 had three program types repeated up to 220 times, each copy an independent lottery at one chance.
Here the pool holds one row per program, so chances fall as the list grows and the applicant takes the
best-fitting first:
- size per kind = (the specialty's programs nationally x the kind's share - the SoCal programs of that kind
  already counted by the SoCal part) x the share of such programs that take the applicant's visa
  (J-1: JGME's rates by type; H-1B: JGME's 22% x the post-fee factor, and only with Step 3 passed);
- within a kind, programs differ by their IMG share: a logit-normal spread around the kind's estimate,
  one program per quantile (an assumption: national_img_share_spread), so no two programs tie.
Every pool program takes the visa (that is how it was drawn), so its chance is the interview chance alone.
Counts, shares and spreads are labelled assumptions or cited figures (settings.py, data/model/specialties.csv).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

import numpy as np
import pandas as pd

from ..programs.frozen import freeze
from ..programs.specialties import specialty as specialty_record
from .estimates import h1b_rates, j1_rates, national_img_share
from .profile import Step3, Visa
from .settings import cited_or_assumed, setting
from .special import expit, logit

NATIONAL_KINDS: tuple[str, ...] = ("community", "county", "university")
# SoCal kinds counted against each national kind when the SoCal programs are taken out of the national count.
SOCAL_TO_NATIONAL: dict[str, str] = {
    "community": "community", "university_affiliated_community": "community", "kaiser": "community",
    "county": "county", "university": "university", "academic_centre": "university", "va": "university",
}
KIND_LABELS: dict[str, str] = {"community": "Community programs elsewhere", "county": "County programs elsewhere",
                               "university": "University programs elsewhere"}
KIND_SINGULAR: dict[str, str] = {"community": "Community program elsewhere", "county": "County program elsewhere",
                                 "university": "University program elsewhere"}


@dataclass(frozen=True)
class PoolSize:
    """How the pool's size was reached, kind by kind, so the list can say it in words."""
    specialty_programs: int
    specialty_programs_source: str
    by_kind: dict[str, int]
    socal_taken_out: dict[str, int]
    visa_share: dict[str, float]

    @property
    def total(self) -> int:
        return int(sum(self.by_kind.values()))


def national_program_count(specialty: str) -> tuple[int, str]:
    """The specialty's programs nationally, with the source (a cited count, or a labelled assumption)."""
    record = specialty_record(specialty)
    return cited_or_assumed(record.national_programs if record else None,
                            record.national_programs_source if record else None, "national_programs_assumed",
                            f"programs (no count found for {specialty}; see docs/list.md)")


def visa_share(kind: str, visa: Visa, step3: Step3) -> float:
    """Share of programs of this kind that take the visa route this applicant needs."""
    if visa is Visa.NONE:
        return 1.0
    j1 = j1_rates()[kind]
    h1b = h1b_rates()[kind] * setting("h1b_fee_factor") if step3 is Step3.PASSED else 0.0
    if visa is Visa.J1:
        return j1
    if visa is Visa.H1B:
        return h1b
    return 1.0 - (1.0 - j1) * (1.0 - h1b)


def pool_size(specialty: str, visa: Visa, step3: Step3, socal_counts: tuple[tuple[str, int], ...],
              named_counts: tuple[tuple[str, int], ...] = ()) -> PoolSize:
    """socal_counts and named_counts (the user's own national programs, by kind) are taken out of the national
    count: each program is counted once."""
    total, source = national_program_count(specialty)
    shares = {k: setting(f"national_share_{k}") for k in NATIONAL_KINDS}
    norm = sum(shares.values())
    socal = {k: 0 for k in NATIONAL_KINDS}
    for kind, count in (*socal_counts, *named_counts):
        if kind in SOCAL_TO_NATIONAL:
            socal[SOCAL_TO_NATIONAL[kind]] += int(count)
    rates = {k: visa_share(k, visa, step3) for k in NATIONAL_KINDS}
    sizes = {k: int(round(max(total * shares[k] / norm - socal[k], 0.0) * rates[k])) for k in NATIONAL_KINDS}
    return PoolSize(total, source, sizes, socal, rates)


def _spread_shares(mean: float, n: int) -> np.ndarray:
    """n distinct IMG shares, one per quantile of a logit-normal centred on the kind's estimate, high first."""
    if n <= 0:
        return np.zeros(0)
    normal = NormalDist()
    q = (np.arange(n) + 0.5) / n
    z = np.array([normal.inv_cdf(float(x)) for x in q[::-1]])
    return expit(logit(np.clip(mean, 0.01, 0.99)) + setting("national_img_share_spread") * z)


@lru_cache(maxsize=64)
def national_pool(specialty: str, visa: Visa, step3: Step3, socal_counts: tuple[tuple[str, int], ...] = (),
                  named_counts: tuple[tuple[str, int], ...] = ()) -> tuple[pd.DataFrame, PoolSize]:
    """The pool for this specialty and visa: one row per program, IMG share known by construction (frozen).

    Cached: a cohort and every what-if ask for the same pool; callers read it, none writes to it.
    """
    size = pool_size(specialty, visa, step3, socal_counts, named_counts)
    kinds, shares, ranks = [], [], []
    for kind in NATIONAL_KINDS:
        n = size.by_kind[kind]
        kinds += [kind] * n
        shares.append(_spread_shares(national_img_share(kind, specialty), n))
        ranks += list(range(1, n + 1))
    n = len(kinds)
    table = pd.DataFrame({
        "program_id": [f"~{k}-{r}" for k, r in zip(kinds, ranks)],
        "name": [f"{KIND_SINGULAR[k]} #{r}" for k, r in zip(kinds, ranks)],
        "program_type": kinds,
        "institution": [""] * n, "county": [""] * n, "subregion": [""] * n,
        "status": ["accredited"] * n,
        "img_share": pd.array(np.concatenate(shares) if shares else [], dtype="Float64"),
        "sponsors_j1": pd.array([pd.NA] * n, dtype="str"),
        "sponsors_h1b": pd.array([pd.NA] * n, dtype="str"),
        "positions_per_year": pd.array([pd.NA] * n, dtype="Int64"),
        "step2_min": pd.array([pd.NA] * n, dtype="Int64"),
        "yog_max_years": pd.array([pd.NA] * n, dtype="Int64"),
        "specialty": [specialty] * n,
    })
    return freeze(table), size
