"""The fitted parameters, frozen as data: read here, written only by `make calibration-fit`.

Per NRMP Charting Outcomes specialty (data/calibration/model_fit.csv, NRMP-derived, see its NOTICE):
- anchor: the level of every program's interview log-odds;
- step2_log_odds_per_10: the Step 2 CK weight where programs screen (never below the specialty's floor);
- latent_sd: the spread of the applicant-level strength the profile does not capture (mixture.py);
- band_log_odds: half-width of the 80% fit band on the level, from a bootstrap of NRMP's counts with the
  parameters refitted on each draw, widened by the leave-one-bin-out misfit so that it covers (docs/model.md).
`make test` reads these and never refits.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from .nrmp import CALIBRATION_DIR, CO_SPECIALTY
from .settings import Setting, setting

FIT_FILE = CALIBRATION_DIR / "model_fit.csv"
FIT_COLUMNS: tuple[str, ...] = ("nrmp_specialty", "anchor", "step2_log_odds_per_10", "latent_sd", "band_log_odds",
                                "weighted_mae_points")


@dataclass(frozen=True)
class Fit:
    nrmp_specialty: str
    anchor: float
    weight: float
    sigma: float
    band: float
    mae_points: float | None = None
    fitted: bool = True


@lru_cache(maxsize=1)
def model_fits() -> Mapping[str, Fit]:
    """NRMP specialty -> its frozen fit; empty before the first `make calibration-fit`."""
    if not FIT_FILE.exists():
        return MappingProxyType({})
    with FIT_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return MappingProxyType({
        row["nrmp_specialty"]: Fit(row["nrmp_specialty"], float(row["anchor"]), float(row["step2_log_odds_per_10"]),
                                   float(row["latent_sd"]), float(row["band_log_odds"]),
                                   float(row["weighted_mae_points"]) if row.get("weighted_mae_points") else None)
        for row in rows})


def unfitted(nrmp_specialty: str) -> Fit:
    """Starting values before a fit: the documented priors (settings), flagged as not fitted."""
    return Fit(nrmp_specialty, setting("anchor_prior"), setting("points_log_odds_per_10"), setting("latent_sd_prior"),
               setting("band_prior_log_odds"), None, fitted=False)


def fit_for(specialty: str) -> Fit:
    """The frozen fit of the specialty's NRMP table (Internal Medicine's for a specialty without a row)."""
    key = CO_SPECIALTY.get(specialty, "")
    fits = model_fits()
    if key in fits:
        return fits[key]
    return fits.get("Internal Medicine", unfitted(key))


def fitted_settings() -> tuple[Setting, ...]:
    """The fitted parameters as settings rows, so the docs' table shows them with their source."""
    source = ("Fitted by `make calibration-fit` to NRMP Charting Outcomes 2026, non-US IMGs, Tables A-C, in the "
              "default view (data/calibration/model_fit.csv; docs/model.md)")
    rows: list[Setting] = []
    for name, fit in sorted(model_fits().items()):
        rows += [
            Setting(f"anchor[{name}]", round(fit.anchor, 3), "log-odds", f"Level of the interview log-odds, {name}", source),
            Setting(f"step2_log_odds_per_10[{name}]", round(fit.weight, 3), "log-odds per 10 points",
                    f"Step 2 CK weight for {name} (times the program's steepness), at or above its floor", source),
            Setting(f"latent_sd[{name}]", round(fit.sigma, 3), "log-odds",
                    f"Spread of the applicant-level strength the profile does not capture, {name}", source),
            Setting(f"band_log_odds[{name}]", round(fit.band, 3), "log-odds", f"Half-width of the 80% fit band, {name}",
                    source),
        ]
    return tuple(rows)
