"""`make calibration`: the model against NRMP in the product's default view, printed and gated.

For Internal Medicine, Family Medicine, Pediatrics, Psychiatry, Neurology and Pathology, a population drawn from
NRMP 2026's own (Step 2 CK from Table B; the other fields Table D's medians or labelled assumptions), each member
applying to the default list the Overview would show them (smartpick_core/model/calibration.py):
- P(match | at least one interview) by 10-point Step 2 CK bin against NRMP's estimated rate: MAE <= 4 points
  (Family Medicine: the bins below 240; NRMP's FM rate falls at high scores, a selection effect);
- the population's mean within 3 points of NRMP's specialty rate;
- interview counts of matched and unmatched applicants: quartiles within 1 of NRMP's contiguous ranks, SD within 30%;
- the fit band: its coverage of held-out bins 75-85% (frozen by `make calibration-fit`) and a median width <= 30 points;
then, beside the gates, how the labelled assumptions move the outlook (visa, applications, the weight floor).
Reads the frozen fit (data/calibration/model_fit.csv); `--fit` refits first (`make calibration-fit`, minutes).
Exits 1 if a gate is missed.
"""

from __future__ import annotations

import argparse
import sys

from smartpick_core.model.calibration import (
    BAND_WIDTH_GOAL, CALIBRATION_SPECIALTIES, COVERAGE_GOAL, MAE_GOAL, POPULATION_GOAL, SPREAD_GOAL, SpecialtyCheck,
    check_specialty, coverage, gated_below, population_under, quartile_bin_rates, weight_floor,
)
from smartpick_core.model.default_list import documented_applications
from smartpick_core.model.fit import fit_for
from smartpick_core.model.nrmp_terms import NRMP_CITATION, NRMP_NOTICE, NRMP_TRANSCRIPTION
from smartpick_core.model.profile import Step3, Visa
from smartpick_core.model.settings import setting


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def print_specialty(c: SpecialtyCheck) -> None:
    fit = fit_for(c.specialty)
    below = gated_below(c.specialty)
    print(f"\n{c.specialty} (Step 2 CK weight {fit.weight:.2f} log-odds per 10 points, strength spread {fit.sigma:.2f}, "
          f"fit band ±{fit.band:.2f} log-odds)")
    print("| Step 2 CK | NRMP applicants | NRMP match rate | model | difference |")
    print("|---|---|---|---|---|")
    for _, r in c.rows.iterrows():
        note = "" if below is None or r["high"] <= below else " (not gated)"
        print(f"| {int(r['low'])}–{int(r['high']) - 1} | {r['applicants']:.0f} | {_pct(r['nrmp_rate'])} | "
              f"{_pct(r['model_rate'])} | {(r['model_rate'] - r['nrmp_rate']) * 100:+.1f}{note} |")
    jagged = " / ".join(f"{r * 100:.0f}" for r in quartile_bin_rates(c.specialty))
    print(f"(NRMP's rate by bin drawn through its five published points instead: {jagged}% — jagged, so not used)")
    scope = f"bins below {below}" if below else "all bins"
    print(f"MAE {c.mae * 100:.1f} points ({scope}; goal ≤ {MAE_GOAL * 100:.0f}) · population {_pct(c.population)} "
          f"vs NRMP {_pct(c.nrmp_rate)} (goal within {POPULATION_GOAL * 100:.0f}) · fit band median width "
          f"{c.band_width * 100:.1f} points (goal ≤ {BAND_WIDTH_GOAL * 100:.0f})")
    for label, got, p in (("matched", c.matched, "M"), ("unmatched", c.unmatched, "U")):
        print(f"interviews, {label}: quartiles {got['q1']}/{got['med']}/{got['q3']} vs NRMP contiguous ranks "
              f"{c.ranks[p + '_q1']:g}/{c.ranks[p + '_med']:g}/{c.ranks[p + '_q3']:g}; SD {got['sd']:.1f} vs "
              f"{c.ranks[p + '_sd']:g} (goal: quartiles within 1, SD within {SPREAD_GOAL:.0%})")


def print_assumptions() -> None:
    print("\nThe labelled assumptions, moved one at a time (population mean P(match | interviewed); nothing refitted)")
    print("| specialty | as fitted (J-1) | no visa needed | H-1B, Step 3 passed | applications: low / documented / high "
          "| Step 2 CK weight at the floor (0.35) / 0.1 / 0.5 |")
    print("|---|---|---|---|---|---|")
    for name in CALIBRATION_SPECIALTIES:
        base = population_under(name)
        none = population_under(name, visa=Visa.NONE)
        h1b = population_under(name, visa=Visa.H1B, step3=Step3.PASSED)
        n, _ = documented_applications(name)
        low, high = max(int(n * 0.6), 20), int(n * 1.5)
        apps = " / ".join(_pct(population_under(name, applications=a)) for a in (low, n, high))
        weights = " / ".join(_pct(population_under(name, weight=w)) for w in (weight_floor(name), 0.1, 0.5))
        print(f"| {name} | {_pct(base)} | {_pct(none)} | {_pct(h1b)} | {low}: {apps.split(' / ')[0]} / {n}: "
              f"{apps.split(' / ')[1]} / {high}: {apps.split(' / ')[2]} | {weights} |")
    print("No outcome data stands behind the visa figures: Hunter et al. 2024 found visa status not significant in a "
          "selected sample. The visa moves the outlook only through which programs take it (JGME 2022 rates by "
          f"type, H-1B x {setting('h1b_fee_factor'):g} after the Sept 2025 fee); the README states it as an assumption.")


def report() -> bool:
    print("Calibration in the default view: NRMP 2026's non-US IMGs who ranked the specialty, each applying to the "
          "default list (Realistic and Reach SoCal programs, then the best chances up to the documented number of "
          "applications, signals on SoCal programs). Other fields: J-1, 3 months hands-on USCE, 2 US letters, "
          "3 research items (Table D median), 2 years since graduation.")
    checks = [check_specialty(name) for name in CALIBRATION_SPECIALTIES]
    for c in checks:
        print_specialty(c)
    share, n = coverage()
    cov_ok = COVERAGE_GOAL[0] <= share <= COVERAGE_GOAL[1]
    print(f"\nFit band coverage, leaving one 2026 bin out at a time ({n} gated bins across the six): {_pct(share)} "
          f"(goal {COVERAGE_GOAL[0]:.0%}–{COVERAGE_GOAL[1]:.0%} for an 80% band)")
    print("\n| specialty | MAE | population vs NRMP | quartiles | spread | band width | all goals |")
    print("|---|---|---|---|---|---|---|")
    for c in checks:
        print(f"| {c.specialty} | {c.mae * 100:.1f} | {_pct(c.population)} vs {_pct(c.nrmp_rate)} | "
              f"{'ok' if c.quartiles_ok else 'MISSED'} | {'ok' if c.spread_ok else 'MISSED'} | "
              f"{c.band_width * 100:.1f} | {'yes' if c.ok else 'NO'} |")
    print_assumptions()
    print(f"\nNRMP figures: {NRMP_CITATION} ({NRMP_TRANSCRIPTION}); NRMP's terms: {NRMP_NOTICE}.")
    return all(c.ok for c in checks) and cov_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true",
                        help="refit anchor, weight and strength spread (minutes) and rewrite data/calibration/")
    args = parser.parse_args()
    if args.fit:
        from smartpick_core.model.calibration_fit import fit_all
        fit_all()
        from smartpick_core.model.fit import model_fits
        model_fits.cache_clear()
    return 0 if report() else 1


if __name__ == "__main__":
    sys.exit(main())
