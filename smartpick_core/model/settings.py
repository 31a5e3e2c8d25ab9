"""Every tunable number of the model, as data: value, unit, meaning and source.

Why a table: advisors and reviewers must be able to see *what* the model assumes
and *where* each number comes from. The README's model section is checked
against this table by a test, so a new setting cannot go undocumented.
Bump MODEL_VERSION whenever a value here (or the model's logic) changes outputs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

MODEL_VERSION = "2026.12.1"


@dataclass(frozen=True)
class Setting:
    name: str
    value: float
    unit: str
    description: str
    source: str


_NRMP_CO = "NRMP Charting Outcomes 2026, non-US IMGs (transcribed; see data/README.md, calibration)"
_JGME = "JGME 2022;14(6):680-686, 419 IM programs (research/base_rates.md)"
_APDIM = "Reddy et al., JGIM 2021 (APDIM surveys 2007-2019; research/base_rates.md)"
_ASSUME = "SmartPick assumption (advisor practice, DOMAIN.md); not fitted - revisit with outcome data"
_EXAMPLES = "SmartPick assumption, set so the advisors' worked examples in DOMAIN.md hold (tests/test_worked_examples.py)"
_FIT = "Fitted per specialty by `make calibration` to " + _NRMP_CO + " (data/model/score_weights.csv)"

SETTINGS: tuple[Setting, ...] = (
    # --- compensating strengths, in Step 2 CK points (the effective score) ---
    Setting("usce_max_points", 8.0, "score points", "Ceiling of hands-on US clinical experience, at a community program (saturating: 1-exp(-months/scale)); advisors rank it first among compensating strengths", _EXAMPLES),
    Setting("usce_scale_months", 4.0, "months", "Months of hands-on USCE that give 63% of its ceiling", _ASSUME),
    Setting("observership_max_points", 2.0, "score points", "Ceiling of observer-only experience (counts much less than hands-on)", _ASSUME),
    Setting("observership_scale_months", 3.0, "months", "Months of observership that give 63% of its ceiling", _ASSUME),
    Setting("lor_points_each", 2.0, "score points per letter", "Each strong US letter at a community program, up to lor_cap letters", _EXAMPLES),
    Setting("lor_cap", 4.0, "letters", "Letters beyond this add nothing (programs read 3-4)", _ASSUME),
    Setting("low_score_boost", 0.25, "share", "Hands-on USCE, observerships and letters count this much more for a score 30 or more points below the specialty's reference score (linear in between): programs read the rest of a low scorer's file", _ASSUME),
    Setting("research_points_each", 0.5, "score points per item", "Each abstract/poster/publication/QI item, up to research_cap; small because matched and unmatched non-US IMGs report the same median (3) research experiences", _NRMP_CO + " Table D"),
    Setting("research_cap", 6.0, "items", "Research items beyond this add nothing", _ASSUME),
    Setting("step3_passed_points", 1.5, "score points", "Step 3 passed before applying (its main value is opening the H-1B route, a screen); less than one strong letter", _ASSUME + "; DOMAIN.md: a J-1 applicant can defer Step 3"),
    Setting("step3_failed_points", -8.0, "score points", "A failed Step 3 attempt on the record", _ASSUME),
    Setting("step1_fail_points", -8.0, "score points", "Step 1 passed only after a failed attempt (many programs screen on attempts)", _ASSUME + "; PD survey: failed attempts a top factor (national_pool_and_signals.md §1.6)"),
    Setting("step2_extra_attempt_points", -8.0, "score points per extra attempt", "Each Step 2 CK attempt beyond the first", _ASSUME),
    Setting("yog_free_years", 2.0, "years", "Years since graduation with no penalty", _ASSUME + "; YOG screens of 3-5 years are common (nrmp_figures.md §4)"),
    Setting("yog_points_per_year", -2.5, "score points per year", "Each year since graduation beyond yog_free_years", _ASSUME),
    # --- regional fit (SoCal programs only) ---
    Setting("socal_usce_points", 2.5, "score points", "Ceiling of the SoCal hands-on USCE bonus at any SoCal program (observerships cannot count)", _EXAMPLES),
    Setting("socal_usce_scale_months", 3.0, "months", "Months of SoCal hands-on USCE that give 63% of its ceiling", _ASSUME),
    Setting("same_subregion_factor", 2.0, "multiplier", "SoCal USCE counts this many times as much at programs in the sub-regions where it was done", _EXAMPLES),
    Setting("socal_lor_points_same_subregion", 1.0, "score points per letter", "Each letter from a SoCal attending, at programs in the sub-regions of the SoCal USCE (up to lor_cap)", _ASSUME),
    Setting("socal_lor_points_elsewhere", 0.5, "score points per letter", "Each letter from a SoCal attending, at other SoCal programs", _ASSUME),
    Setting("socal_ties_points", 2.0, "score points", "Family or long stay in Southern California", _ASSUME),
    Setting("language_points_local", 3.0, "score points", "A language that at least language_local_share of the program's county speaks at home", "US Census ACS county language tables (data/research/county_languages.csv); " + _ASSUME),
    Setting("language_local_share", 0.10, "share of residents aged 5+", "County share at which a language counts as spoken by the program's patients", _ASSUME),
    Setting("language_points_other", 1.0, "score points", "A language DOMAIN.md lists as valued by SoCal patients, at a SoCal program where its county share is not sourced or is lower", "DOMAIN.md language list; " + _ASSUME),
    # --- what programs usually interview (score points relative to the specialty's reference score) ---
    Setting("usual_offset_community", -16.0, "score points", "Community program: usual interview score relative to the specialty's reference score (pooled median of non-US IMGs who ranked it)", _EXAMPLES + "; ordering from " + _APDIM),
    Setting("usual_offset_university_affiliated_community", -5.0, "score points", "Same, university-affiliated community program (academic-community hybrid)", _EXAMPLES),
    Setting("usual_offset_county", -5.0, "score points", "Same, county / safety-net program", _EXAMPLES),
    Setting("usual_offset_university", 6.0, "score points", "Same, university program", _EXAMPLES),
    Setting("usual_offset_academic_centre", 10.0, "score points", "Same, a large academic centre DOMAIN.md names (UCLA, UCSD, UC Irvine, USC, Cedars-Sinai), whatever its listed type", "DOMAIN.md program kinds; " + _EXAMPLES),
    Setting("usual_offset_va", 6.0, "score points", "Same, VA-sponsored program", _ASSUME),
    Setting("usual_offset_kaiser", -8.0, "score points", "Same, Kaiser program (for applicants who need no visa)", _ASSUME),
    Setting("usual_band_points", 5.0, "score points", "Half-width of the 'programs like this usually interview around' range shown in the reasons", _ASSUME),
    Setting("img_share_points_per_10pct", 3.0, "score points per 10 points of IMG share", "A known IMG share above the estimate for programs like it lowers the usual interview score by this much (and raises it below)", _ASSUME),
    # --- how steeply programs screen the score (multiplies the specialty's fitted score weight) ---
    Setting("score_steepness_community", 0.6, "multiplier", "Community programs screen the score least steeply (low and flat)", _ASSUME + "; " + _APDIM + ": 45% of community vs 15% of university interview slots to IMGs"),
    Setting("score_steepness_university_affiliated_community", 0.8, "multiplier", "Same, university-affiliated community", _ASSUME),
    Setting("score_steepness_county", 1.0, "multiplier", "Same, county / safety-net", _ASSUME),
    Setting("score_steepness_university", 1.4, "multiplier", "Same, university program (steep and high)", _ASSUME),
    Setting("score_steepness_academic_centre", 1.6, "multiplier", "Same, large academic centre", _ASSUME),
    Setting("score_steepness_va", 1.4, "multiplier", "Same, VA", _ASSUME),
    Setting("score_steepness_kaiser", 0.8, "multiplier", "Same, Kaiser", _ASSUME),
    # --- how much compensating strengths count, by program type ---
    Setting("compensation_community", 1.0, "multiplier", "Hands-on USCE, observerships and letters count fully at community programs", _ASSUME),
    Setting("compensation_university_affiliated_community", 0.8, "multiplier", "Same, university-affiliated community", _ASSUME),
    Setting("compensation_county", 0.7, "multiplier", "Same, county", _ASSUME),
    Setting("compensation_kaiser", 0.7, "multiplier", "Same, Kaiser", _ASSUME),
    Setting("compensation_university", 0.4, "multiplier", "Same, university program (scores and research weigh more)", _ASSUME),
    Setting("compensation_academic_centre", 0.3, "multiplier", "Same, large academic centre", _ASSUME),
    Setting("compensation_va", 0.4, "multiplier", "Same, VA", _ASSUME),
    # --- from points to odds ---
    Setting("points_log_odds_per_10", 0.5, "log-odds per 10 points", "Exchange rate of compensating strengths: 10 effective-score points move the interview odds by this much at every program (about the Internal Medicine score weight)", _FIT.replace("Fitted per specialty", "Rounded from the Internal Medicine fit")),
    Setting("img_share_reference", 0.40, "share", "IMG share at which a program's at-par interview odds factor is 1 (odds scale with share / reference); the specialty anchor absorbs the level", _ASSUME),
    Setting("unverified_program_log_odds", -0.3, "log-odds", "Program whose current existence rests only on old or indirect evidence", _ASSUME),
    # --- labelled estimates for unknown program facts ---
    Setting("j1_rate_overall", 0.637, "probability", "Share of IM programs reporting J-1 acceptance (type rates below are solved from it)", _JGME + ": 267/419 programs; programs that say nothing count as no, so true rates are likely higher"),
    Setting("j1_academic_share_of_programs", 0.45, "share", "Assumed share of academic (university) programs among the 419 IM programs, used to solve the type rates", _ASSUME + "; JGME does not print the mix"),
    Setting("j1_community_odds_ratio", 0.2, "odds ratio", "Community vs academic programs: odds of accepting J-1 (applied to community and university-affiliated community)", _JGME + ": aOR 0.2 (95% CI 0.06-0.64)"),
    Setting("j1_county_odds_ratio", 0.22, "odds ratio", "County-affiliated vs not: odds of accepting J-1", _JGME + ": aOR 0.22 (0.11-0.42)"),
    Setting("h1b_base_rate", 0.22, "probability", "Chance that a program with unknown H-1B policy sponsors H-1B (no type-specific rate published)", _JGME + ": 92/419 programs, all also accepting J-1"),
    Setting("h1b_fee_factor", 0.75, "multiplier", "Chance that an H-1B sponsor still sponsors new H-1B petitions after the Sept 2025 USD 100,000 fee", "GNYHA fall-2025 survey: 25% of hospitals paused/limited H-1B recruitment (national_pool_and_signals.md §3.5)"),
    Setting("kaiser_visa_rate", 0.02, "probability", "Chance that a Kaiser program with unknown visa policy sponsors one", "DOMAIN.md: Kaiser programs in SoCal do not sponsor visas in practice"),
    Setting("img_share_community", 0.625, "share", "Estimated IMG share of PGY-1s, community and university-affiliated community IM programs nationally (midpoint of 55-70%)", _APDIM),
    Setting("img_share_university", 0.26, "share", "Estimated IMG share, university IM programs nationally (midpoint of 22-30%)", _APDIM),
    Setting("img_share_county", 0.43, "share", "Estimated IMG share, county IM programs nationally (the all-program IM share; no type figure published)", "nrmp_figures.md §2: IMGs filled 43% of IM PGY-1s (2024)"),
    Setting("img_share_kaiser", 0.10, "share", "Estimated IMG share, Kaiser programs", _ASSUME + "; Kaiser does not sponsor visas (DOMAIN.md)"),
    Setting("california_img_factor", 0.52, "multiplier", "California IM/FM PGY-1s are 20-25% IMGs against 43% nationally: SoCal estimates are scaled by 22.5/43", "residencyprogramslist.com 'IMG friendly in California' (third-party, low-medium trust; research/base_rates.md)"),
    # --- uncertainty ---
    Setting("model_sd_log_odds", 0.5, "log-odds", "Baseline uncertainty of every program's interview log-odds", _ASSUME),
    Setting("unknown_fact_sd_log_odds", 0.15, "log-odds per estimated fact", "Extra uncertainty for each program fact that is estimated or unknown (positions, IMG share, visa, Step 2 minimum, YOG limit)", _ASSUME),
    Setting("band_z", 1.0, "standard deviations", "Half-width of the shown band (about a 68% band)", _ASSUME),
    # --- tiers: effective score against what the program usually interviews ---
    Setting("tier_reach_gap", -12.0, "score points", "Realistic when your effective score meets the program's usual interview score (gap >= 0) and the visa route is open or likely; Reach down to this gap; Ultra-reach below", _EXAMPLES),
    Setting("tier_route_likely_min", 0.4, "probability", "A visa route counts as 'open or likely' (allowing Realistic) at or above this chance; below it the program is at best a Reach", _ASSUME),
    # --- nationwide pool ---
    Setting("national_share_community", 0.55, "share", "Share of the applicant's national (non-SoCal) applications that go to community / university-affiliated community programs", _ASSUME + "; advisors steer low-score IMGs to community programs"),
    Setting("national_share_county", 0.15, "share", "Share of national applications to county programs", _ASSUME),
    Setting("national_share_university", 0.30, "share", "Share of national applications to university programs", _ASSUME),
    Setting("national_default_applications", 80, "programs", "Default number of applications outside SoCal", "DOMAIN.md: 80-150 programs depending on specialty"),
    Setting("interview_cap", 60, "interviews", "Interview counts are tracked exactly up to this number (P(match given k) is flat beyond it), so memory stays linear in the list size", _ASSUME),
    # --- calibration anchor: the typical non-US IMG applicant of a specialty ---
    Setting("reference_applications", 70, "programs", "Applications of the reference applicant used to anchor each specialty's level and fit its score weight",
            "AAIM: 77 IM applications per IMG (2016 ERAS); NRMP applicant survey ~2011: IMG medians 60-66 (national_pool_and_signals.md §1.7)"),
    Setting("reference_usce_months", 3.0, "months", "Hands-on USCE of the reference applicant", _ASSUME + "; NRMP publishes no USCE data for non-US IMGs"),
    Setting("reference_us_lors", 2.0, "letters", "US letters of the reference applicant", _ASSUME),
    Setting("reference_research_items", 3.0, "items", "Research items of the reference applicant", _NRMP_CO + ": median research experiences 3 (matched and unmatched)"),
    Setting("reference_years_since_graduation", 2.0, "years", "Years since graduation of the reference applicant", _ASSUME),
)

SETTINGS_BY_NAME: Mapping[str, Setting] = MappingProxyType({s.name: s for s in SETTINGS})


def setting(name: str) -> float:
    """Value of one named setting (KeyError names the unknown setting)."""
    return SETTINGS_BY_NAME[name].value


# --- per-specialty score weights, fitted by `make calibration` (scripts/calibrate.py) ----------------
SCORE_WEIGHTS_FILE = Path(__file__).resolve().parents[2] / "data" / "model" / "score_weights.csv"


@lru_cache(maxsize=1)
def score_weights() -> Mapping[str, float]:
    """NRMP specialty -> fitted Step 2 CK weight (log-odds per 10 points); empty before the first fit."""
    if not SCORE_WEIGHTS_FILE.exists():
        return MappingProxyType({})
    with SCORE_WEIGHTS_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return MappingProxyType({row["nrmp_specialty"]: float(row["step2_log_odds_per_10"]) for row in rows})


def fitted_settings() -> tuple[Setting, ...]:
    """The fitted weights as settings rows, so the README table shows them with their source."""
    return tuple(
        Setting(f"step2_log_odds_per_10[{name}]", weight, "log-odds per 10 points",
                f"Step 2 CK weight for {name}, relative to what the program usually interviews (times the program's steepness)",
                "Fitted by `make calibration` to NRMP Charting Outcomes 2026, non-US IMGs: P(match given Step 2 CK) by 10-point bin "
                "(data/model/score_weights.csv)")
        for name, weight in sorted(score_weights().items())
    )
