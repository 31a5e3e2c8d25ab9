"""`make calibration-fit`: fit anchor, Step 2 CK weight and strength spread per specialty, offline.

Objective (per specialty, in the default view, calibration.py):
    2 x the applicant-weighted squared error of P(match | interviewed) by 10-point bin (Family Medicine: bins below 240,
    where NRMP's rate is not a selection effect among those who rank FM)
  + 4 x (population mean - NRMP rate)^2
  + 0.1 x the relative squared errors of the mean and SD of the matched and unmatched interview counts
    against NRMP's contiguous ranks
  + 0.5 x the squared distance of NRMP's quartiles from 25/50/75% in the model's counts (their mid-CDF)
  + 0.05 x (ln(spread / 1))^2: a weak prior that the applicant-level strength spreads about as much in every
    specialty. NRMP's tables count only applicants who ranked programs, so they cannot tell a wide spread with
    many applicants left without any interview from a narrow one; without the prior, Family Medicine's flat
    score curve (against its weight floor) was absorbed by a spread of 1.8 and 57% of typical applicants with
    no interview at all.
The weight is held at or above its floor (weight = floor + softplus(u)); the spread is fitted on a log scale.
Nelder-Mead from the priors. The fit band: a parametric bootstrap of NRMP's counts (multinomial score bins
for matched and unmatched, rank moments with their sampling error), refitted on each draw; its 80% spread
of the level, combined with the misfit of held-out bins (leave one 2026 bin out, refit, the level shift the
held-out bin needs), so that the 80% band covers held-out bins as often as it claims. Writes
data/calibration/model_fit.csv and data/calibration/coverage.csv.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .calibration import (
    BIN_EDGES, COVERAGE_FILE, NrmpTargets, PopulationParts, bin_rows, count_distributions, count_summary, evaluate, fit_specialties,
    nrmp_targets, population_mean, population_parts, weight_floor,
)
from .fit import FIT_COLUMNS, FIT_FILE
from .nrmp import CO_SPECIALTY
from .settings import setting

FM_GATE_BELOW = 240
SIGMA_PRIOR_WEIGHT = 0.05
MIN_BIN_APPLICANTS = 10
Z80 = 1.2816


def bins_below(specialty: str) -> float | None:
    return FM_GATE_BELOW if CO_SPECIALTY[specialty] == "Family Medicine" else None


@dataclass(frozen=True)
class Params:
    anchor: float
    weight: float
    sigma: float


def _unpack(x: np.ndarray, floor: float) -> Params:
    return Params(float(x[0]), floor + float(np.logaddexp(0.0, x[1])), float(np.exp(x[2])))


def loss(parts: PopulationParts, targets: NrmpTargets, params: Params, *, skip_bin: int | None = None,
         bins: pd.DataFrame | None = None, ranks: dict | None = None) -> float:
    ev = evaluate(parts, params.anchor, params.weight, params.sigma)
    rows = bin_rows(parts.specialty, ev)
    nrmp = rows["nrmp_rate"] if bins is None else bins["nrmp_rate"]
    n = (rows["applicants"] if bins is None else bins["applicants"]).to_numpy(dtype=float).copy()
    below = bins_below(parts.specialty)
    if below is not None:
        n[rows["high"].to_numpy() > below] = 0.0
    if skip_bin is not None:
        n[skip_bin] = 0.0
    err = np.nan_to_num((rows["model_rate"] - nrmp).to_numpy(), nan=0.0)
    bin_term = float(np.sum(n * err ** 2) / max(n.sum(), 1.0))
    mean_term = (population_mean(parts.specialty, ev) - targets.rate) ** 2
    r = targets.ranks if ranks is None else ranks
    dists = count_distributions(parts.specialty, ev)
    matched, unmatched = (count_summary(d) for d in dists)
    rank_term = sum(((got[m] - r[f"{p}_{k}"]) / r[f"{p}_{k}"]) ** 2
                    for got, p in ((matched, "M"), (unmatched, "U")) for m, k in (("mean", "mean"), ("sd", "sd")))
    quartile_term = sum((mid_cdf(d, r[f"{p}_{q}"]) - share) ** 2 for d, p in zip(dists, ("M", "U"))
                        for q, share in (("q1", 0.25), ("med", 0.5), ("q3", 0.75)))
    prior_term = np.log(params.sigma / setting("latent_sd_prior")) ** 2
    return 2.0 * bin_term + 4.0 * mean_term + 0.1 * rank_term + 0.5 * quartile_term + SIGMA_PRIOR_WEIGHT * prior_term


def mid_cdf(pmf: np.ndarray, k: float) -> float:
    """P(K < k) + P(K = k) / 2: where NRMP's quartile k sits in the model's counts (smooth in the parameters)."""
    p = pmf / pmf.sum()
    k = int(round(k))
    return float(p[:k].sum() + 0.5 * p[k]) if k < len(p) else 1.0


def fit_params(specialty: str, start: Params | None = None, **kwargs) -> Params:
    from scipy.optimize import minimize          # offline only: never imported by the product
    parts, targets = population_parts(specialty), nrmp_targets(specialty)
    floor = weight_floor(specialty)
    s = start or Params(setting("anchor_prior"), floor + 0.2, setting("latent_sd_prior"))
    x0 = np.array([s.anchor, np.log(np.expm1(max(s.weight - floor, 1e-3))), np.log(s.sigma)])
    result = minimize(lambda x: loss(parts, targets, _unpack(x, floor), **kwargs) if -1.6 < x[2] < 1.4 else 1e3,
                      x0, method="Nelder-Mead", options={"xatol": 1e-3, "fatol": 1e-8, "maxiter": 400})
    return _unpack(result.x, floor)


def _bootstrap_draw(targets: NrmpTargets, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """NRMP's bin rates and rank moments as another sample of the same size might have given them."""
    from .calibration import nrmp_tables
    from .special import ndtr
    co = CO_SPECIALTY[targets.specialty]
    step2, _, rates = (t.loc[co] for t in nrmp_tables())
    n_m, n_u = int(rates["nonUS_IMG_matched"]), int(rates["nonUS_IMG_unmatched"])
    edges = np.concatenate([[-np.inf], BIN_EDGES.astype(float), [np.inf]])

    def shares(prefix: str) -> np.ndarray:
        return np.diff(ndtr((edges - step2[f"{prefix}_mean"]) / step2[f"{prefix}_sd"]))

    m = rng.multinomial(n_m, shares("M"))[1:-1]
    u = rng.multinomial(n_u, shares("U"))[1:-1]
    with np.errstate(invalid="ignore"):
        bins = targets.bins.assign(applicants=(m + u).astype(float), nrmp_rate=m / (m + u))
    r = dict(targets.ranks)
    for p, n in (("M", n_m), ("U", n_u)):
        r[f"{p}_mean"] = float(r[f"{p}_mean"] + rng.normal(0, r[f"{p}_sd"] / np.sqrt(n)))
        r[f"{p}_sd"] = float(max(r[f"{p}_sd"] + rng.normal(0, r[f"{p}_sd"] / np.sqrt(2 * n)), 0.1))
    return bins, r


def level_shift_for_bin(specialty: str, params: Params, b: int) -> float:
    """The shift of the level that would make the model's bin-b rate equal NRMP's (log-odds)."""
    parts, targets = population_parts(specialty), nrmp_targets(specialty)
    want = float(targets.bins["nrmp_rate"].iloc[b])
    low, high = -4.0, 4.0
    for _ in range(30):
        mid = (low + high) / 2
        got = bin_rows(specialty, evaluate(parts, params.anchor + mid, params.weight, params.sigma))["model_rate"].iloc[b]
        low, high = (mid, high) if got < want else (low, mid)
    return (low + high) / 2


def gated_bins(specialty: str) -> list[int]:
    t = nrmp_targets(specialty)
    below = bins_below(specialty)
    return [b for b in range(len(t.bins)) if t.bins["applicants"].iloc[b] >= MIN_BIN_APPLICANTS
            and (below is None or t.bins["high"].iloc[b] <= below)]


def fit_all(specialties: tuple[str, ...] | None = None, draws: int = 12, seed: int = 2026,
            report=print) -> pd.DataFrame:
    """Fit every specialty, bootstrap the level, leave each gated bin out; write the two frozen files."""
    from .calibration import CALIBRATION_SPECIALTIES
    rng = np.random.default_rng(seed)
    names = specialties or fit_specialties()
    fitted: dict[str, tuple[Params, float, float]] = {}
    lobo: list[dict] = []
    for name in names:
        params = fit_params(name)
        targets = nrmp_targets(name)
        boot = [fit_params(name, params, bins=b, ranks=r).anchor
                for b, r in (_bootstrap_draw(targets, rng) for _ in range(draws if name in CALIBRATION_SPECIALTIES else 3))]
        band_boot = Z80 * float(np.std(boot, ddof=1)) if len(boot) > 1 else 0.0
        mae = 100 * float(np.average(np.nan_to_num(np.abs(bin_rows(name, evaluate(
            population_parts(name), params.anchor, params.weight, params.sigma))["model_rate"] - targets.bins["nrmp_rate"])),
            weights=targets.bins["applicants"].fillna(0)))
        fitted[name] = (params, band_boot, mae)
        report(f"{name}: anchor {params.anchor:.3f}, weight {params.weight:.3f}, sigma {params.sigma:.3f}, "
               f"bootstrap 80% half-width {band_boot:.3f}")
        if name in CALIBRATION_SPECIALTIES:
            for b in gated_bins(name):
                held = fit_params(name, params, skip_bin=b)
                lobo.append({"specialty": name, "bin_low": int(BIN_EDGES[b]), "bin_high": int(BIN_EDGES[b + 1]),
                             "shift_needed": round(level_shift_for_bin(name, held, b), 4),
                             "band_boot": round(band_boot, 4)})
    shifts = np.abs([row["shift_needed"] for row in lobo]) if lobo else np.zeros(1)
    boots = np.array([row["band_boot"] for row in lobo]) if lobo else np.zeros(1)
    misfit = _misfit_for_coverage(shifts, boots, 0.80)
    report(f"held-out misfit (log-odds) added to every band: {misfit:.3f}")
    with FIT_FILE.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FIT_COLUMNS)
        for name, (p, band_boot, mae) in sorted(fitted.items(), key=lambda kv: CO_SPECIALTY[kv[0]]):
            writer.writerow([CO_SPECIALTY[name], f"{p.anchor:.4f}", f"{p.weight:.4f}", f"{p.sigma:.4f}",
                             f"{float(np.hypot(band_boot, misfit)):.4f}", f"{mae:.2f}"])
    frame = pd.DataFrame(lobo)
    if not frame.empty:
        frame["band"] = np.hypot(frame["band_boot"], misfit).round(4)
        # each held-out bin judged by a band whose misfit term was set without it (leave-one-out, honest)
        loo = [_misfit_for_coverage(np.delete(shifts, i), np.delete(boots, i), 0.80) for i in range(len(shifts))]
        frame["band_without_this_bin"] = np.hypot(frame["band_boot"], loo).round(4)
        frame["covered"] = frame["shift_needed"].abs() <= frame["band_without_this_bin"]
        frame.to_csv(COVERAGE_FILE, index=False, lineterminator="\n")
    return frame


def _misfit_for_coverage(shifts: np.ndarray, boots: np.ndarray, goal: float) -> float:
    """The least misfit term whose band (hypot with the bootstrap) covers `goal` of the held-out bins."""
    for m in np.arange(0.0, 3.0, 0.005):
        if np.mean(shifts <= np.hypot(boots, m)) >= goal:
            return float(m)
    return 3.0
