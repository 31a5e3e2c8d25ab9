"""Every tunable number of the model, as data: value, unit, meaning and source.

Why a table: advisors and reviewers must be able to see *what* the model assumes
and *where* each number comes from. The README's model section is checked
against this table by a test, so a new setting cannot go undocumented.
Bump MODEL_VERSION whenever a value here (or the model's logic) changes outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

MODEL_VERSION = "2026.12.2"


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
_FIT = "Fitted per specialty by `make calibration-fit` to " + _NRMP_CO + " (data/calibration/model_fit.csv)"

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
    Setting("yog_points_per_year", -1.0, "score points per year", "Each year since graduation beyond yog_free_years, in the effective score (the tier): older files read a little weaker", _ASSUME),
    Setting("yog_points_cap", -4.0, "score points", "The most the years since graduation take off the effective score: beyond it, years act through graduation-year limits (stated ones close a program; unknown ones are the estimate below), so one more year never moves a program by more than one tier", _ASSUME),
    Setting("yog_screen_share_at_8_years", 0.5, "share", "Share of programs with an unstated graduation-year limit assumed to screen out an applicant 8 or more years after graduation; linear from 0 at yog_free_years (so 3 years: 8%, 5 years: 25%). Multiplies the interview chance, not the tier", _ASSUME + "; limits of 3-5 years are common, trending to 3 (research/base_rates.md: anecdotal, no counts)"),
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
    Setting("positions_points_per_doubling", 2.0, "score points", "A known size: each doubling of PGY-1 positions above positions_reference lowers the program's usual interview score by this much (more interview slots; applications grow less than in proportion)", _ASSUME),
    Setting("positions_reference", 10.0, "positions", "PGY-1 positions at which size moves nothing (IM averages 14.4 per program, FM 6.6: research/national_pool_and_signals.md §1.2)", _ASSUME),
    Setting("positions_points_cap", 4.0, "score points", "The most a program's size moves its usual score either way", _ASSUME),
    Setting("usual_band_points", 5.0, "score points", "Half-width of the 'programs like this usually interview around' range shown in the reasons", _ASSUME),
    Setting("img_share_points_per_10pct", 3.0, "score points per 10 points of IMG share", "A known IMG share above the estimate for programs like it lowers the usual interview score by this much (and raises it below)", _ASSUME),
    # --- how much compensating strengths count, by program type ---
    Setting("compensation_community", 1.0, "multiplier", "Hands-on USCE, observerships and letters count fully at community programs", _ASSUME),
    Setting("compensation_university_affiliated_community", 0.8, "multiplier", "Same, university-affiliated community", _ASSUME),
    Setting("compensation_county", 0.7, "multiplier", "Same, county", _ASSUME),
    Setting("compensation_kaiser", 0.7, "multiplier", "Same, Kaiser", _ASSUME),
    Setting("compensation_university", 0.4, "multiplier", "Same, university program (scores and research weigh more)", _ASSUME),
    Setting("compensation_academic_centre", 0.3, "multiplier", "Same, large academic centre", _ASSUME),
    Setting("compensation_va", 0.4, "multiplier", "Same, VA", _ASSUME),
    # --- from points to odds ---
    Setting("points_log_odds_per_10", 0.8, "log-odds per 10 points", "Exchange rate of everything in the gap but the score itself: 10 points of compensating strengths, or of a program's usual interview score, move the interview odds by this much (x2.2). It sets how much programs differ for one applicant: a community program against a large academic centre (26 points) is x8 the odds. Set so that what the tier reads outweighs an estimated visa rate, as advisors' tiers do (at 0.5, 3.7% of program pairs had the worse tier with the higher chance); model v2's steepness gave x39 at 218 for worked example 1. Also the starting Step 2 CK weight before a fit", _ASSUME + "; " + _NRMP_CO),
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
    Setting("california_img_factor", 0.52, "multiplier", "SoCal university, academic, Kaiser and VA programs: California IM/FM PGY-1s are 20-25% IMGs against 43% nationally, a state-wide figure carried by these programs, so their estimates are scaled by 22.5/43", "residencyprogramslist.com 'IMG friendly in California' (third-party, low-medium trust; research/base_rates.md)"),
    Setting("california_img_factor_community", 0.72, "multiplier", "SoCal community, university-affiliated community and county programs: scaled so that a community IM program's estimate is 45% (0.72 x 62.5%), the advisors' 40-50% or more for the SoCal community programs that train IMGs. Applying the state-wide 0.52 here put every SoCal community program below every comparable program elsewhere", "DOMAIN.md worked example 1 (the advisors' own); the state-wide figure above is for all positions"),
    # --- uncertainty and the applicant-level strength (fitted values: data/calibration/model_fit.csv) ---
    Setting("unknown_fact_sd_log_odds", 0.15, "log-odds per estimated fact", "The range from estimated facts: each program fact that is estimated or unknown (positions, IMG share, visa, Step 2 minimum, YOG limit) moves the program's log-odds by up to this much, shown beside the fit band", _ASSUME),
    Setting("band_z", 1.0, "multiplier", "A program's shown band is the fit band plus its facts range, times this", _ASSUME),
    Setting("anchor_prior", -1.5, "log-odds", "Starting level of the interview log-odds before the first fit (never used once data/calibration/model_fit.csv has the specialty)", _ASSUME),
    Setting("latent_sd_prior", 1.0, "log-odds", "Starting spread of the applicant-level strength before the first fit", _ASSUME),
    Setting("band_prior_log_odds", 0.5, "log-odds", "Starting fit band before the first fit", _ASSUME),
    Setting("score_weight_floor", 0.35, "log-odds per 10 points", "The least Step 2 CK weight any specialty gets where programs screen: about half the weight fitted for the specialties whose NRMP tables show the score (a documented prior; a specialty's own floor in data/model/specialties.csv wins). NRMP's match-rate tables see only applicants who passed the interview screens, so they can fit a weight of 0 (Family Medicine) while programs still screen on the score: 2022 NRMP Program Director Survey, Step 2 CK cited by 73.8% (Psychiatry) to 89.7% (Neurology) of programs. docs/model.md shows the outlook across 0.1-0.5",
            "NRMP Program Director Survey 2022 as restated (research/national_pool_and_signals.md §1.6); value: " + _ASSUME),
    # --- tiers: effective score against what the program usually interviews ---
    Setting("tier_reach_gap", -12.0, "score points", "Realistic when your effective score meets the program's usual interview score (gap >= 0) and the visa route is open or likely; Reach down to this gap; Ultra-reach below", _EXAMPLES),
    Setting("tier_route_likely_min", 0.4, "probability", "A visa route counts as 'open or likely' (allowing Realistic) at or above this chance; below it the program is at best a Reach", _ASSUME),
    # --- the national pool (model/national.py) and the default list (model/default_list.py) ---
    Setting("national_share_community", 0.55, "share", "Share of a specialty's programs nationally that are community or university-affiliated community programs", _ASSUME + " (range 0.45-0.65); no count by type was found (research/national_pool_and_signals.md, 'What is missing' 6); FREIDA 2017-18: 42% of IM programs IMG-dominated (research/base_rates.md)"),
    Setting("national_share_county", 0.15, "share", "Share of programs nationally that are county / safety-net programs", _ASSUME + " (range 0.10-0.20)"),
    Setting("national_share_university", 0.30, "share", "Share of programs nationally that are university programs", _ASSUME + " (range 0.25-0.40)"),
    Setting("national_programs_assumed", 200, "programs", "Programs nationally for a specialty whose count no source gives (data/model/specialties.csv says which)", _ASSUME + " (range 100-400)"),
    Setting("national_img_share_spread", 0.8, "log-odds", "Spread of IMG share among programs of one kind nationally (SD of the logit): programs differ, so the pool's chances fall as the list grows", _ASSUME + " (range 0.4-1.2); FREIDA 2017-18: 42% of IM programs IMG-dominated, 25% US-MD-dominated (research/base_rates.md)"),
    Setting("applications_assumed", 60, "applications", "Applications per non-US IMG for a specialty with no cited figure (the default list's size)", _ASSUME + " (range 40-90); NRMP applicant survey ~2011: IM IMG medians 60-66 (research/national_pool_and_signals.md §1.7)"),
    Setting("signal_odds_ratio", 2.0, "odds ratio", "Assumed effect of a program signal for a non-US IMG: the program's interview odds are multiplied by this. Below the US-graduate figures (IM OR 2.95, Szumel et al. 2024; EM OR 3.8-4.4, Texas STAR) because no figure is specific to IMGs and AAMC reports that IMGs' applications are read through more screens first; the plan also shows the outlook at half the effect (OR 1.41)",
            _ASSUME + "; research/national_pool_and_signals.md §2.3"),
    Setting("interview_cap", 60, "interviews", "Interview counts are tracked exactly up to this number (P(match given k) is flat beyond it), so memory stays linear in the list size", _ASSUME),
    # --- calibration anchor: the typical non-US IMG applicant of a specialty ---
    Setting("reference_usce_months", 3.0, "months", "Hands-on USCE of the reference applicant", _ASSUME + "; NRMP publishes no USCE data for non-US IMGs"),
    Setting("reference_us_lors", 2.0, "letters", "US letters of the reference applicant", _ASSUME),
    Setting("reference_research_items", 3.0, "items", "Research items of the reference applicant", _NRMP_CO + ": median research experiences 3 (matched and unmatched)"),
    Setting("reference_years_since_graduation", 2.0, "years", "Years since graduation of the reference applicant", _ASSUME),
)

SETTINGS_BY_NAME: Mapping[str, Setting] = MappingProxyType({s.name: s for s in SETTINGS})


def setting(name: str) -> float:
    """Value of one named setting (KeyError names the unknown setting)."""
    return SETTINGS_BY_NAME[name].value


def cited_or_assumed(value: float | None, source: str | None, assumed_setting: str, words: str) -> tuple[int, str]:
    """A specialty's figure with its source, or the labelled assumption (a setting) when no source gives one.

    words: what the assumption is, after its number ("programs (no count found for X; see docs/list.md)").
    """
    if value:
        return int(value), str(source or "")
    fallback = int(setting(assumed_setting))
    return fallback, f"assumed: {fallback} {words}"

