"""NRMP figures the model is tied to, and the chance to match given k interviews.

Source: NRMP Charting Outcomes in the Match 2026, non-US IMGs (Tables A-C as
transcribed by github.com/saieeshb/img-match-2026; see data/calibration/README.md
for attribution and NRMP's reuse terms). These figures set each specialty's
reference score, its match rate and the k-interview curve; nothing is trained.

P(match | k) follows research/nrmp_figures.md §1.5: contiguous ranks of matched
(M) and unmatched (U) applicants are 1 + NegativeBinomial fitted by moments, and
Bayes' rule with the M/U counts gives P(match | k ranks). We read k interviews as
k ranks (IMGs rank nearly every program that interviews them), a listed limit.

P(match | Step 2 CK) by score bin is NRMP's own outcome curve: matched and
unmatched counts times normal densities with the published means and SDs.
`make calibration` compares the model against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from ..programs.specialties import extra_log_odds, nrmp_keys
from .special import gammaln, ndtr

CALIBRATION_DIR = Path(__file__).resolve().parents[2] / "data" / "calibration"

# Views of data/model/specialties.csv (columns nrmp_key, nrmp_proxy_note, extra_log_odds), kept by name for
# their many readers: our specialty name -> the Charting Outcomes specialty; the proxies and why; the
# competitiveness beyond the proxy's anchor (only specialties that have one).
CO_SPECIALTY: dict[str, str] = dict(nrmp_keys())
EXTRA_SPECIALTY_LOG_ODDS: dict[str, float] = dict(extra_log_odds())
# The lowest Step 2 CK score in NRMP's 2026 tables (any of the six main specialties): below it we extrapolate.
NRMP_LOWEST_SCORE = 209


@dataclass(frozen=True)
class NrmpFigures:
    specialty: str
    co_specialty: str
    match_rate: float          # preferred-specialty match rate of non-US IMGs who ranked it
    n_matched: int
    n_unmatched: int
    step2_matched_median: float
    step2_unmatched_median: float
    step2_matched_mean: float
    step2_matched_sd: float
    step2_unmatched_mean: float
    step2_unmatched_sd: float
    ranks_m_mean: float
    ranks_m_sd: float
    ranks_u_mean: float
    ranks_u_sd: float

    @property
    def reference_score(self) -> int:
        """Pooled median Step 2 CK of the specialty's non-US IMGs who ranked it: the typical applicant."""
        return int(round((self.step2_matched_median + self.step2_unmatched_median) / 2))


@lru_cache(maxsize=1)
def nrmp_table() -> pd.DataFrame:
    """One row per Charting Outcomes specialty with the figures the model uses."""
    rates = pd.read_csv(CALIBRATION_DIR / "nrmp_2026_nonus_img_match_rates.csv")
    step2 = pd.read_csv(CALIBRATION_DIR / "nrmp_2026_nonus_img_step2ck.csv", na_values=["supp"])
    ranks = pd.read_csv(CALIBRATION_DIR / "nrmp_2026_nonus_img_contiguous_ranks.csv", na_values=["supp"])
    table = (
        rates[["specialty", "nonUS_IMG_matched", "nonUS_IMG_unmatched", "pref_match_rate_pct"]]
        .merge(step2[["specialty", "M_med", "U_med", "M_mean", "M_sd", "U_mean", "U_sd"]], on="specialty")
        .merge(ranks[["specialty", "M_mean", "M_sd", "U_mean", "U_sd"]], on="specialty", suffixes=("", "_ranks"))
    )
    return table.set_index("specialty")


@lru_cache(maxsize=64)
def nrmp_for(specialty: str) -> NrmpFigures:
    """The specialty's NRMP figures (cached like nrmp_table: read on every score)."""
    co = CO_SPECIALTY.get(specialty)
    if co is None:
        raise KeyError(f"no NRMP figures for specialty {specialty!r}")
    row = nrmp_table().loc[co]
    return NrmpFigures(
        specialty=specialty, co_specialty=co,
        match_rate=float(row["pref_match_rate_pct"]) / 100.0,
        n_matched=int(row["nonUS_IMG_matched"]), n_unmatched=int(row["nonUS_IMG_unmatched"]),
        step2_matched_median=float(row["M_med"]), step2_unmatched_median=float(row["U_med"]),
        step2_matched_mean=float(row["M_mean"]), step2_matched_sd=float(row["M_sd"]),
        step2_unmatched_mean=float(row["U_mean"]), step2_unmatched_sd=float(row["U_sd"]),
        ranks_m_mean=float(row["M_mean_ranks"]), ranks_m_sd=float(row["M_sd_ranks"]),
        ranks_u_mean=float(row["U_mean_ranks"]), ranks_u_sd=float(row["U_sd_ranks"]),
    )


def _nbinom_pmf(k: np.ndarray, r: float, p: float) -> np.ndarray:
    return np.exp(gammaln(k + r) - gammaln(r) - gammaln(k + 1) + r * np.log(p) + k * np.log1p(-p))


def _poisson_pmf(k: np.ndarray, mean: float) -> np.ndarray:
    return np.exp(k * np.log(mean) - mean - gammaln(k + 1))


def _ranks_pmf(k: np.ndarray, mean: float, sd: float) -> np.ndarray:
    """P(ranks = k) for ranks = 1 + NB(r, p) matched to (mean, sd); Poisson if under-dispersed."""
    m = max(mean - 1.0, 1e-6)
    var = max(sd, 1e-6) ** 2
    shifted = np.maximum(k - 1, 0).astype(float)
    pmf = _poisson_pmf(shifted, m) if var <= m else _nbinom_pmf(shifted, m * m / (var - m), m / var)
    return np.where(k >= 1, pmf, 0.0)


@lru_cache(maxsize=64)
def _match_curve(specialty: str, k_max: int) -> np.ndarray:
    figures = nrmp_for(specialty)
    grid = np.arange(0, k_max + 1, dtype=float)
    f_m = _ranks_pmf(grid, figures.ranks_m_mean, figures.ranks_m_sd) * figures.n_matched
    f_u = _ranks_pmf(grid, figures.ranks_u_mean, figures.ranks_u_sd) * figures.n_unmatched
    with np.errstate(invalid="ignore", divide="ignore"):
        posterior = np.where(f_m + f_u > 0, f_m / (f_m + f_u), np.nan)
    posterior[0] = 0.0
    posterior = pd.Series(posterior).ffill().fillna(0.0).to_numpy()
    curve = np.maximum.accumulate(posterior)
    curve.setflags(write=False)
    return curve


def match_given_interviews(specialty: str, k: np.ndarray | int) -> np.ndarray:
    """P(match | k interviews) for the specialty; 0 for k = 0, non-decreasing in k.

    Bayes' rule can dip in the far tail where both densities vanish; a running
    maximum keeps the curve monotone (more interviews never hurt).
    """
    k_arr = np.atleast_1d(np.asarray(k, dtype=float)).astype(int)
    k_max = int(max(k_arr.max(), 1))
    return _match_curve(specialty, k_max)[k_arr]


def nrmp_rate_by_step2(specialty: str, edges: np.ndarray) -> pd.DataFrame:
    """NRMP's match rate and applicant count per Step 2 CK bin [edges[i], edges[i+1]).

    Counts x normal densities with the published means and SDs of matched and
    unmatched non-US IMGs (Tables A and B): NRMP's own outcome by score.
    """
    f = nrmp_for(specialty)
    lo, hi = edges[:-1], edges[1:]

    def mass(mean: float, sd: float) -> np.ndarray:
        return ndtr((hi - mean) / sd) - ndtr((lo - mean) / sd)

    matched = f.n_matched * mass(f.step2_matched_mean, f.step2_matched_sd)
    unmatched = f.n_unmatched * mass(f.step2_unmatched_mean, f.step2_unmatched_sd)
    return pd.DataFrame({"low": lo, "high": hi, "applicants": matched + unmatched,
                         "nrmp_rate": matched / (matched + unmatched)})


def applicant_density(specialty: str, scores: np.ndarray) -> np.ndarray:
    """Relative number of the specialty's ranked non-US IMGs at each score (weights within a bin)."""
    f = nrmp_for(specialty)

    def pdf(mean: float, sd: float) -> np.ndarray:
        return np.exp(-0.5 * ((scores - mean) / sd) ** 2) / sd

    return f.n_matched * pdf(f.step2_matched_mean, f.step2_matched_sd) + f.n_unmatched * pdf(f.step2_unmatched_mean, f.step2_unmatched_sd)
