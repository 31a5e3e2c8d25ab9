"""`make calibration`: fit each specialty's Step 2 CK weight to NRMP and print the calibration table.

For IM, FM, Pediatrics, Psychiatry, Neurology and Pathology: NRMP's match rate and
the model's (typical applicant, given at least one interview) per 10-point Step 2
CK bin from 210 to 269, the applicant-weighted mean absolute error, and the odds
ratio per 10 points of both curves. `--fit` refits the weights (every specialty
with NRMP figures) and rewrites data/model/score_weights.csv; without it the
stored weights are used. Exits 1 if any of the six misses the goals (MAE <= 4
points, odds ratio inside NRMP's range across specialties).
"""

from __future__ import annotations

import argparse
import csv
import sys


from smartpick_core.model.calibration import (
    CALIBRATION_SPECIALTIES, calibration_rows, fit_score_weight, nrmp_specialty, odds_ratio_per_10, weighted_mae,
)
from smartpick_core.model.likelihood import score_weight
from smartpick_core.model.nrmp import CO_SPECIALTY
from smartpick_core.model.nrmp_terms import NRMP_CITATION, NRMP_NOTICE, NRMP_TRANSCRIPTION
from smartpick_core.model.settings import SCORE_WEIGHTS_FILE, score_weights

MAE_GOAL = 0.04


def fit_all() -> None:
    fitted = {}
    for specialty in sorted(set(CO_SPECIALTY) - {"Transitional Year", "Internal Medicine (Preliminary)"}):
        weight, mae = fit_score_weight(specialty)
        fitted[nrmp_specialty(specialty)] = (weight, mae)
        print(f"fitted {specialty}: weight {weight:.2f} log-odds per 10 points, MAE {mae * 100:.1f} points", flush=True)
    with SCORE_WEIGHTS_FILE.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nrmp_specialty", "step2_log_odds_per_10", "weighted_mae_points"])
        for name, (weight, mae) in sorted(fitted.items()):
            writer.writerow([name, f"{weight:.2f}", f"{mae * 100:.2f}"])
    score_weights.cache_clear()


def report() -> bool:
    nrmp_ors, model_ors, ok = {}, {}, True
    print("\nCalibration: P(match | at least one interview), typical applicant (J-1, 3 months USCE, 2 US letters,"
          " 3 research items, 2 years since graduation, 70 typical programs nationwide) vs NRMP Charting Outcomes 2026")
    for specialty in CALIBRATION_SPECIALTIES:
        rows = calibration_rows(specialty)
        mae = weighted_mae(rows)
        nrmp_ors[specialty] = odds_ratio_per_10(rows["nrmp_rate"], rows)
        model_ors[specialty] = odds_ratio_per_10(rows["model_rate"], rows)
        print(f"\n{specialty} (score weight {score_weight(specialty):.2f} log-odds per 10 points)")
        print("| Step 2 CK | NRMP applicants | NRMP match rate | model | difference |")
        print("|---|---|---|---|---|")
        for _, r in rows.iterrows():
            print(f"| {int(r['low'])}–{int(r['high']) - 1} | {r['applicants']:.0f} | {r['nrmp_rate']:.1%} | {r['model_rate']:.1%} "
                  f"| {(r['model_rate'] - r['nrmp_rate']) * 100:+.1f} |")
        print(f"applicant-weighted MAE: {mae * 100:.1f} points (goal ≤ {MAE_GOAL * 100:.0f}) · odds ratio per 10 points: "
              f"NRMP {nrmp_ors[specialty]:.2f}, model {model_ors[specialty]:.2f}")
        ok &= mae <= MAE_GOAL
    low, high = min(nrmp_ors.values()), max(nrmp_ors.values())
    inside = all(low - 0.01 <= v <= high + 0.01 for v in model_ors.values())
    print(f"\nNRMP's odds ratios per 10 points span {low:.2f}–{high:.2f}; the model's span "
          f"{min(model_ors.values()):.2f}–{max(model_ors.values()):.2f} ({'inside' if inside else 'OUTSIDE'} NRMP's range).")
    print("| specialty | MAE (points) | OR NRMP | OR model |")
    print("|---|---|---|---|")
    for specialty in CALIBRATION_SPECIALTIES:
        rows = calibration_rows(specialty)
        print(f"| {specialty} | {weighted_mae(rows) * 100:.1f} | {nrmp_ors[specialty]:.2f} | {model_ors[specialty]:.2f} |")
    print(f"\nNRMP figures: {NRMP_CITATION} ({NRMP_TRANSCRIPTION}); NRMP's terms: {NRMP_NOTICE}.")
    return ok and inside


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit the score weights and rewrite score_weights.csv")
    args = parser.parse_args()
    if args.fit:
        fit_all()
    return 0 if report() else 1


if __name__ == "__main__":
    sys.exit(main())
