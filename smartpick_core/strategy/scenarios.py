"""What-if scenarios: which single change moves this applicant's outlook most.

Each scenario is a named transformation of the profile (and, for delaying a
year, of the application cycle). They are re-scored with the same model, so a
scenario can never disagree with the main view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ..model.likelihood import score_weight
from ..model.fit import fit_for
from ..model.outlook import ListChances, match_curve_band, slot_chances
from ..model.profile import MAX_MONTHS, STEP2_MAX, Profile, Step3, Visa
from ..model.scoring import ScoreResult, program_tiers, same_scoring, score, what_if_outlook
from ..model.tiers import TIER_ORDER


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    explanation: str
    change: Callable[[Profile], Profile | None]  # None = not applicable to this profile
    extra_years: int = 0


def _plus_step2(p: Profile) -> Profile | None:
    return p.with_changes(step2_ck=min(STEP2_MAX, p.step2_ck + 10)) if p.step2_ck < STEP2_MAX else None


def _more_socal_usce(p: Profile) -> Profile | None:
    if p.usce_months + 3 > MAX_MONTHS:   # typed months can sit at the cap: the what-if does not apply
        return None
    return p.with_changes(usce_months=p.usce_months + 3, socal_usce_months=p.socal_usce_months + 3)


def _one_more_letter(p: Profile) -> Profile | None:
    """A strong US letter; from a SoCal attending when the applicant already trains in SoCal."""
    if p.us_lors >= 4:
        return None
    socal = p.socal_lors + 1 if p.socal_usce_months > 0 else p.socal_lors
    return p.with_changes(us_lors=p.us_lors + 1, socal_lors=socal)


def _step3_passed(p: Profile) -> Profile | None:
    return None if p.step3 is Step3.PASSED else p.with_changes(step3=Step3.PASSED)


def _j1_instead(p: Profile) -> Profile | None:
    return p.with_changes(visa=Visa.J1) if p.visa in (Visa.H1B, Visa.J1_OR_H1B) else None


def _delay_with_usce(p: Profile) -> Profile | None:
    """A year spent getting 6 months of SoCal USCE, a US letter (from it) and Step 3."""
    if p.usce_months + 6 > MAX_MONTHS:
        return None
    letters = min(6, p.us_lors + 1)
    return p.with_changes(usce_months=p.usce_months + 6, socal_usce_months=p.socal_usce_months + 6, us_lors=letters,
                          socal_lors=min(letters, p.socal_lors + 1),
                          step3=Step3.PASSED if p.step3 is not Step3.FAILED else p.step3)


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("step2_plus_10", "+10 Step 2 CK", "Step 2 CK ten points higher. A passed score cannot be retaken, so this only "
             "shows how much the score weighs against what you can still change.", _plus_step2),
    Scenario("socal_usce_plus_3", "+3 months SoCal USCE", "Three more months of hands-on clinical work in Southern California "
             "(observerships do not count as hands-on).", _more_socal_usce),
    Scenario("letter_plus_1", "+1 strong US letter", "One more strong letter from a US attending (from your SoCal rotation "
             "if you have one).", _one_more_letter),
    Scenario("step3_passed", "Step 3 passed", "Pass Step 3 before applying: required for H-1B; for J-1 it adds little and can "
             "wait until a position is secured.", _step3_passed),
    Scenario("j1_instead", "J-1 instead of H-1B", "Accept J-1 (ECFMG) sponsorship rather than needing H-1B.", _j1_instead),
    Scenario("delay_year", "Delay a year (same profile)", "Apply one season later with nothing else changed: one more year "
             "since graduation costs points everywhere and can close programs with graduation-year limits.", lambda p: p,
             extra_years=1),
    Scenario("delay_year_with_usce", "Delay a year + 6 months SoCal USCE, a letter, Step 3", "Use the year: 6 months of "
             "SoCal hands-on USCE, one more US letter, Step 3 passed - against applying now with what you have.",
             _delay_with_usce, extra_years=1),
)


def compare_scenarios(base: ScoreResult, programs: pd.DataFrame, *, n_national: int | None,
                      national_programs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per applicable scenario: outlook and tier counts against the base, largest gain first.

    Each what-if builds its list by the headline's rule (the default list, or the same number of applications
    elsewhere when the user set one), so the change compares like with like.
    """
    rows = []
    base_counts = base.tier_counts()
    for scenario in SCENARIOS:
        changed = scenario.change(base.profile)
        if changed is None:
            continue
        result = what_if_outlook(changed, programs, n_national=n_national,
                                 cycle_year=base.cycle_year + scenario.extra_years,
                                 national_programs=national_programs)     # a row reads the outlook and tier counts only
        counts = result.tier_counts
        explanation = scenario.explanation
        if scenario.key == "step2_plus_10" and score_weight(base.profile.specialty) < 0.05:
            explanation += (f" In {base.profile.specialty} NRMP shows almost no score difference between non-US IMGs who "
                            "matched and those who did not, so the score weighs little here.")
        rows.append({
            "scenario": scenario.label,
            "key": scenario.key,
            "explanation": explanation,
            "match_probability": result.outlook.match_probability,
            "match_probability_low": result.outlook.match_probability_low,
            "match_probability_high": result.outlook.match_probability_high,
            "match_change": result.outlook.match_probability - base.outlook.match_probability,
            "expected_interviews": result.outlook.expected_interviews,
            "interviews_change": result.outlook.expected_interviews - base.outlook.expected_interviews,
            "realistic_change": int(counts["Realistic"] - base_counts["Realistic"]),
            "eligible_change": int((counts.sum() - counts["Not eligible"]) - (base_counts.sum() - base_counts["Not eligible"])),
        })
    frame = pd.DataFrame(rows)
    return frame.sort_values("match_change", ascending=False, ignore_index=True) if not frame.empty else frame


def applications_curve(profile: Profile, programs: pd.DataFrame, *, cycle_year: int, national: int | None = None,
                       national_counts: range = range(0, 401, 10),
                       national_programs: pd.DataFrame | None = None,
                       base: ScoreResult | None = None) -> pd.DataFrame:
    """Match probability as applications elsewhere grow (best-fitting first), on top of the SoCal part of the list
    the headline scores (the default list's, or every eligible SoCal program when the user set a count), so the
    curve passes through the headline.

    One pass over the national pool in order gives every point; the fit band moves the level of every program.
    base: the headline's own scoring of this profile and season, scored from the same programs, national count and
    national list (national model), reused instead of scoring again; one for another profile or season is not used.
    """
    if base is None or not same_scoring(base, profile, cycle_year, n_national=national):
        base = score(profile, programs, n_national=national, cycle_year=cycle_year, explain=False,
                     national_programs=national_programs)
    fit = fit_for(profile.specialty)
    nat = base.national
    order = base.national_order
    socal = base.list_chances.take(np.flatnonzero(base.list_chances.socal))
    pool = ListChances(nat.log_odds[order], nat.open_chance[order], nat.facts_half[order], np.zeros(len(order), bool))
    chances = ListChances.join([socal, pool])
    here = base.outlook.national_applications
    counts = np.array(sorted({n for n in national_counts if n <= len(order)} | {here}))
    sizes = len(socal) + counts
    central, low, high = match_curve_band(profile.specialty, chances, fit, sizes)
    shown = np.concatenate([slot_chances(socal, fit), nat.probability[order]])
    expected = np.concatenate([[0.0], np.cumsum(shown)])[sizes]
    return pd.DataFrame({"national_applications": counts, "applications": sizes, "match_probability": central,
                         "match_probability_low": low, "match_probability_high": high,
                         "expected_interviews": expected})


def tiers_by_step2(profile: Profile, programs: pd.DataFrame, *, cycle_year: int,
                   scores: range = range(198, 271, 4)) -> pd.DataFrame:
    """Tier counts as Step 2 CK moves across its range, everything else held (long format)."""
    order = [t.value for t in TIER_ORDER]
    rows = []
    for value in scores:      # ~20 values; each is the tiers alone (program_tiers), not a whole score
        tiers = program_tiers(profile.with_changes(step2_ck=value), programs, cycle_year=cycle_year)
        counts = pd.Series(tiers).value_counts().reindex(order, fill_value=0)
        rows += [{"step2_ck": value, "tier": tier, "programs": int(n)} for tier, n in counts.items()]
    return pd.DataFrame(rows)


def plan_what_ifs(the_plan, programs: pd.DataFrame, national_programs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The what-ifs of a plan, each built by the plan's own rule (same number of applications, pins, exclusions,
    preferences, signals and order), so the printable plan's what-ifs score the same list as its headline."""
    from .plan import plan as build
    chosen = the_plan.programs
    pins = tuple(chosen.loc[chosen["why"].str.startswith("Pinned"), "program_id"])
    excluded = tuple(chosen.loc[chosen["why"].eq("Excluded by you"), "program_id"])
    rows = []
    for scenario in SCENARIOS:
        changed = scenario.change(the_plan.profile)
        if changed is None:
            continue
        other = build(changed, programs, applications=max(the_plan.applications, 1), include=pins, exclude=excluded,
                      prefer_subregions=the_plan.prefer_subregions, signals=bool(the_plan.allowance.total),
                      cycle_year=the_plan.cycle_year + scenario.extra_years, socal_first=the_plan.socal_first,
                      national_programs=national_programs)
        rows.append({"scenario": scenario.label, "key": scenario.key, "match_probability": other.match_probability,
                     "match_change": other.match_probability - the_plan.match_probability})
    frame = pd.DataFrame(rows)
    return frame.sort_values("match_change", ascending=False, ignore_index=True) if not frame.empty else frame
