"""NRMP calibration figures and the chance to match given k interviews.

Source: NRMP Charting Outcomes in the Match 2026, non-US IMGs (Tables A-C as
transcribed by github.com/saieeshb/img-match-2026; see data/calibration/README.md
for attribution and NRMP's reuse terms). The model is parametric and
transparent: these figures set reference scores and the k-interview curve; no
model is trained on them.

P(match | k) follows the method of research/nrmp_figures.md §1.5: the number of
contiguous ranks of matched (M) and unmatched (U) applicants is modelled as
1 + NegativeBinomial fitted by moments, and Bayes' rule with the M/U counts
gives P(match | k ranks). We read k interviews as k ranks (IMGs rank nearly all
programs that interview them), which the README lists as a limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

CALIBRATION_DIR = Path(__file__).resolve().parents[2] / "data" / "calibration"

# Our specialty name -> the Charting Outcomes specialty used for calibration.
# Proxies are listed in the README (TY and preliminary IM have no CO table).
CO_SPECIALTY: dict[str, str] = {
    "Internal Medicine": "Internal Medicine",
    "Internal Medicine (Preliminary)": "Internal Medicine",
    "Transitional Year": "Internal Medicine",
    "Family Medicine": "Family Medicine",
    "Psychiatry": "Psychiatry",
    "Pediatrics": "Pediatrics",
    "Neurology": "Neurology",
    "Child Neurology": "Child Neurology",
    "Pathology": "Pathology-Anatomic and Clinical",
    "Physical Medicine and Rehabilitation": "Physical Medicine and Rehabilitation",
    "General Surgery": "Surgery-General",
    "Emergency Medicine": "Emergency Medicine",
    "Obstetrics and Gynecology": "Obstetrics and Gynecology",
    "Anesthesiology": "Anesthesiology",
}
PROXY_NOTE: dict[str, str] = {
    "Transitional Year": "Transitional Year has no Charting Outcomes table; Internal Medicine figures are used as a proxy",
    "Internal Medicine (Preliminary)": "Preliminary IM has no Charting Outcomes table; categorical IM figures are used as a proxy",
}
# Specialty competitiveness relative to IM beyond what reference scores capture
# (TY: few IMGs fill TY positions - 5.7% of filled TY PGY-1s were non-US IMGs in 2023).
EXTRA_SPECIALTY_LOG_ODDS: dict[str, float] = {"Transitional Year": -1.0}


@dataclass(frozen=True)
class SpecialtyCalibration:
    specialty: str
    co_specialty: str
    match_rate: float          # preferred-specialty match rate of non-US IMGs
    n_matched: int
    n_unmatched: int
    step2_matched_median: float
    step2_unmatched_median: float
    ranks_m_mean: float
    ranks_m_sd: float
    ranks_u_mean: float
    ranks_u_sd: float


@lru_cache(maxsize=1)
def calibration_table() -> pd.DataFrame:
    """One row per Charting Outcomes specialty with the figures the model uses."""
    rates = pd.read_csv(CALIBRATION_DIR / "nrmp_2026_nonus_img_match_rates.csv")
    step2 = pd.read_csv(CALIBRATION_DIR / "nrmp_2026_nonus_img_step2ck.csv", na_values=["supp"])
    ranks = pd.read_csv(CALIBRATION_DIR / "nrmp_2026_nonus_img_contiguous_ranks.csv", na_values=["supp"])
    table = (
        rates[["specialty", "nonUS_IMG_matched", "nonUS_IMG_unmatched", "pref_match_rate_pct"]]
        .merge(step2[["specialty", "M_med", "U_med"]], on="specialty")
        .merge(ranks[["specialty", "M_mean", "M_sd", "U_mean", "U_sd"]], on="specialty", suffixes=("", "_ranks"))
    )
    return table.set_index("specialty")


def calibration_for(specialty: str) -> SpecialtyCalibration:
    co = CO_SPECIALTY.get(specialty)
    if co is None:
        raise KeyError(f"no calibration for specialty {specialty!r}")
    row = calibration_table().loc[co]
    return SpecialtyCalibration(
        specialty=specialty, co_specialty=co,
        match_rate=float(row["pref_match_rate_pct"]) / 100.0,
        n_matched=int(row["nonUS_IMG_matched"]), n_unmatched=int(row["nonUS_IMG_unmatched"]),
        step2_matched_median=float(row["M_med"]), step2_unmatched_median=float(row["U_med"]),
        ranks_m_mean=float(row["M_mean"]), ranks_m_sd=float(row["M_sd"]),
        ranks_u_mean=float(row["U_mean"]), ranks_u_sd=float(row["U_sd"]),
    )


def _ranks_pmf(k: np.ndarray, mean: float, sd: float) -> np.ndarray:
    """P(ranks = k) for ranks = 1 + NB(r, p) matched to (mean, sd); Poisson if under-dispersed."""
    m = max(mean - 1.0, 1e-6)
    var = max(sd, 1e-6) ** 2
    shifted = np.maximum(k - 1, 0)
    if var <= m:
        pmf = stats.poisson.pmf(shifted, m)
    else:
        p = m / var
        r = m * m / (var - m)
        pmf = stats.nbinom.pmf(shifted, r, p)
    return np.where(k >= 1, pmf, 0.0)


def match_given_interviews(specialty: str, k: np.ndarray | int) -> np.ndarray:
    """P(match | k interviews) for the specialty; 0 for k = 0, non-decreasing in k.

    Bayes' rule can dip in the far tail where both densities vanish; a running
    maximum keeps the curve monotone (more interviews never hurt).
    """
    cal = calibration_for(specialty)
    k_arr = np.atleast_1d(np.asarray(k, dtype=float))
    k_max = int(max(k_arr.max(), 1))
    grid = np.arange(0, k_max + 1, dtype=float)
    f_m = _ranks_pmf(grid, cal.ranks_m_mean, cal.ranks_m_sd) * cal.n_matched
    f_u = _ranks_pmf(grid, cal.ranks_u_mean, cal.ranks_u_sd) * cal.n_unmatched
    with np.errstate(invalid="ignore", divide="ignore"):
        posterior = np.where(f_m + f_u > 0, f_m / (f_m + f_u), np.nan)
    posterior[0] = 0.0
    posterior = pd.Series(posterior).ffill().fillna(0.0).to_numpy()
    posterior = np.maximum.accumulate(posterior)
    return posterior[k_arr.astype(int)]
