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

MODEL_VERSION = "2026.11.1"


@dataclass(frozen=True)
class Setting:
    name: str
    value: float
    unit: str
    description: str
    source: str


_NRMP_CO = "NRMP Charting Outcomes 2026, non-US IMGs (transcribed; see data/README.md, calibration)"
_JGME = "JGME 2022;14(6):680-686, 419 IM programs (research/national_pool_and_signals.md §1.4)"
_APDIM = "Reddy et al., JGIM 2021 (APDIM surveys 2007-2019), national_pool_and_signals.md §1.5"
_ASSUME = "SmartPick assumption (advisor practice, DOMAIN.md); not fitted - revisit with outcome data"

SETTINGS: tuple[Setting, ...] = (
    # --- applicant strength (log-odds of an interview) ---
    Setting("step2_log_odds_per_10", 0.53, "log-odds per 10 points",
            "Step 2 CK effect on interview odds (OR 1.7 per 10 points), measured from the specialty's matched non-US IMG median",
            "Anchored above the post-interview ORs 1.26-1.57 per 10 points inferred from " + _NRMP_CO + " (nrmp_figures.md §1.6), which understate the screening effect; " + _ASSUME),
    Setting("usce_max_log_odds", 1.0, "log-odds", "Ceiling of the hands-on USCE effect (saturating: 1-exp(-months/scale))", _ASSUME + "; advisors rank hands-on USCE first among compensating strengths"),
    Setting("usce_scale_months", 4.0, "months", "Months of hands-on USCE that give 63% of the USCE ceiling", _ASSUME),
    Setting("observership_max_log_odds", 0.3, "log-odds", "Ceiling of the observership effect (observer-only experience counts much less)", _ASSUME),
    Setting("observership_scale_months", 3.0, "months", "Months of observership that give 63% of its ceiling", _ASSUME),
    Setting("lor_log_odds_each", 0.25, "log-odds per letter", "Each strong US letter, up to lor_cap letters", _ASSUME),
    Setting("lor_cap", 4.0, "letters", "Letters beyond this add nothing (programs read 3-4)", _ASSUME),
    Setting("research_log_odds_each", 0.05, "log-odds per item", "Each abstract/poster/publication/QI item, up to research_cap items; small because matched and unmatched non-US IMGs report the same median (3) research experiences", _NRMP_CO + " Table 2/Table D"),
    Setting("research_cap", 6.0, "items", "Research items beyond this add nothing", _ASSUME),
    Setting("step3_passed_log_odds", 0.3, "log-odds", "Step 3 passed before applying", _ASSUME),
    Setting("step3_failed_log_odds", -0.7, "log-odds", "A failed Step 3 attempt on the record", _ASSUME),
    Setting("step1_fail_log_odds", -0.8, "log-odds", "Step 1 passed only after a failed attempt (many programs screen on attempts)", _ASSUME + "; PD survey: failed attempts a top factor (national_pool_and_signals.md §1.6)"),
    Setting("step2_extra_attempt_log_odds", -0.8, "log-odds per extra attempt", "Each Step 2 CK attempt beyond the first", _ASSUME),
    Setting("yog_free_years", 2.0, "years", "Years since graduation with no penalty", _ASSUME + "; YOG screens of 3-5 years are common (nrmp_figures.md §4)"),
    Setting("yog_log_odds_per_year", -0.3, "log-odds per year", "Each year since graduation beyond yog_free_years", _ASSUME),
    # --- regional fit ---
    Setting("socal_usce_max_log_odds", 0.4, "log-odds", "Ceiling of the SoCal-USCE bonus at SoCal programs (regional ties)", _ASSUME),
    Setting("socal_usce_scale_months", 3.0, "months", "Months of SoCal USCE that give 63% of its ceiling", _ASSUME),
    Setting("socal_ties_log_odds", 0.3, "log-odds", "Family or long stay in Southern California (SoCal programs only)", _ASSUME),
    Setting("language_log_odds", 0.2, "log-odds", "Speaks a language valued by SoCal patient communities (Spanish, Tagalog, Vietnamese, Mandarin, Korean, Arabic, Armenian, Farsi), SoCal programs only", "DOMAIN.md language list; " + _ASSUME),
    # --- program selectivity: baseline interview probability for an applicant at the specialty's matched median ---
    Setting("base_p_community", 0.30, "probability", "Relative interview chance at a community program (before the specialty anchor, which sets the level so the reference applicant matches at the NRMP rate)", _ASSUME + "; ordering from " + _APDIM),
    Setting("base_p_university_affiliated_community", 0.20, "probability", "Same, university-affiliated community program", _ASSUME),
    Setting("base_p_county", 0.12, "probability", "Same, county/safety-net program (some very competitive)", _ASSUME),
    Setting("base_p_university", 0.06, "probability", "Same, university academic centre", _ASSUME + "; 15% vs 45% of IM interview slots to IMGs at university vs community programs (" + _APDIM + ")"),
    Setting("base_p_va", 0.06, "probability", "Same, VA-sponsored program", _ASSUME),
    Setting("base_p_kaiser", 0.08, "probability", "Same, Kaiser program (for applicants who need no visa)", _ASSUME),
    Setting("base_p_military", 0.0, "probability", "Military programs take only active-duty US service members", "DOMAIN.md; health.mil program pages (roster)"),
    Setting("img_share_log_odds_per_10pct", 0.15, "log-odds per 10 points of IMG share", "Known IMG share above/below the typical share for the program type", _ASSUME),
    Setting("typical_img_share_community", 0.60, "share", "Typical IMG share of PGY-1s, community IM programs", _APDIM + " (55-70%)"),
    Setting("typical_img_share_university", 0.26, "share", "Typical IMG share of PGY-1s, university IM programs", _APDIM + " (22-30%)"),
    Setting("typical_img_share_other", 0.40, "share", "Typical IMG share for other program types (between the two)", _ASSUME),
    Setting("unverified_program_log_odds", -0.3, "log-odds", "Program whose current existence rests only on old or indirect evidence", _ASSUME),
    # --- visas ---
    Setting("j1_base_rate", 0.637, "probability", "Chance that a program with unknown J-1 policy accepts J-1", _JGME + ": 267/419 programs"),
    Setting("h1b_base_rate", 0.22, "probability", "Chance that a program with unknown H-1B policy sponsors H-1B", _JGME + ": 92/419 programs"),
    Setting("h1b_fee_factor", 0.75, "multiplier", "Chance that an H-1B sponsor still sponsors new H-1B petitions after the Sept 2025 USD 100,000 fee", "GNYHA fall-2025 survey: 25% of hospitals paused/limited H-1B recruitment (national_pool_and_signals.md §3.5)"),
    # --- uncertainty ---
    Setting("model_sd_log_odds", 0.5, "log-odds", "Baseline uncertainty of every program's interview log-odds", _ASSUME),
    Setting("unknown_fact_sd_log_odds", 0.15, "log-odds per unknown fact", "Extra uncertainty for each unknown program fact (positions, IMG share, visa, Step 2 minimum, YOG limit)", _ASSUME),
    Setting("band_z", 1.0, "standard deviations", "Half-width of the shown band (about a 68% band)", _ASSUME),
    # --- tiers ---
    Setting("tier_realistic_min", 0.10, "probability", "Interview chance at or above which an eligible program is Realistic (about the per-application interview rate of IMGs who match)",
            "NRMP applicant survey ~2011: IMGs who matched in IM had a median of 8 interviews from ~60 applications (13%); unmatched 2 (3%) - national_pool_and_signals.md §1.7"),
    Setting("tier_reach_min", 0.04, "probability", "Interview chance at or above which an eligible program is a Reach (below: Ultra-reach; about the unmatched IMG's per-application rate)",
            "Same source: unmatched IMGs' median 2 interviews from ~66 applications (3%)"),
    # --- nationwide pool ---
    Setting("national_share_community", 0.55, "share", "Share of the applicant's national (non-SoCal) applications that go to community / university-affiliated community programs", _ASSUME + "; advisors steer low-score IMGs to community programs"),
    Setting("national_share_county", 0.15, "share", "Share of national applications to county programs", _ASSUME),
    Setting("national_share_university", 0.30, "share", "Share of national applications to university programs", _ASSUME),
    Setting("national_default_applications", 80, "programs", "Default number of applications outside SoCal", "DOMAIN.md: 80-150 programs depending on specialty"),
    # --- calibration anchor: the typical non-US IMG applicant of a specialty ---
    Setting("reference_applications", 70, "programs", "Applications of the reference applicant used to anchor each specialty's level",
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
