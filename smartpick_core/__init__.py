"""SmartPick core: where a non-US IMG should apply in Southern California, and how likely each program is.

The pipeline, each step a small pure module (docs/model.md says why each step is as it is):

    Profile (model/profile.py)                        validated applicant, public field names
      -> load_programs (programs/table.py)            bundled SoCal table, pandera-validated
      -> apply_recorded_facts (facts/overlay.py)      advisor-recorded facts win, with provenance
      -> screen_programs (model/screens.py)           hard screens -> Not eligible + reason
      -> interview_likelihood (model/likelihood.py)   applicant strength vs program selectivity
      -> assign_tiers (model/tiers.py)                Realistic / Reach / Ultra-reach / Not eligible
      -> compute_outlook (model/outlook.py)           Poisson-binomial interviews -> P(match)
      -> score (model/scoring.py)                     all of the above in one ScoreResult
      -> strategy/ and views/                         what-ifs, the SmartPick list, figures, maps, tables

Never imports streamlit: the CLI (`python -m smartpick_core score`) and the
dashboard are two consumers of the same core.
"""

from .model.nrmp import match_given_interviews
from .model.nrmp_terms import NRMP_CITATION
from .model.wording import count_band, percent, percent_band, season_name
from .views.formatting import known_total, miles
from .programs.geography import Place, resolve_city
from .model.outlook import Outlook, interview_count_pmf
from .model.profile import PROFILE_FIELDS, Profile, ProfileError, Step1, Step3, Visa
from .programs.table import ProgramDataError, ProgramType, Region, load_programs, specialties_in
from .facts.overlay import apply_recorded_facts, load_programs_with_facts
from .strategy.scenarios import SCENARIOS, applications_curve, compare_scenarios, tiers_by_step2
from .model.scoring import NATIONAL_MAX, ScoreResult, application_cycle_year, national_default, score
from .model.settings import MODEL_VERSION, SETTINGS
from .model.tiers import TIER_COLORS, TIER_ORDER, Tier
from .strategy.plan import ApplicationPlan, plan
from .strategy.cohort import cohort_table
from .views.coverage import Coverage, data_coverage

__all__ = [
    "ApplicationPlan",
    "Coverage",
    "MODEL_VERSION",
    "NATIONAL_MAX",
    "NRMP_CITATION",
    "Outlook",
    "PROFILE_FIELDS",
    "Place",
    "Profile",
    "ProfileError",
    "ProgramDataError",
    "ProgramType",
    "Region",
    "SCENARIOS",
    "SETTINGS",
    "ScoreResult",
    "Step1",
    "Step3",
    "TIER_COLORS",
    "TIER_ORDER",
    "Tier",
    "Visa",
    "application_cycle_year",
    "applications_curve",
    "apply_recorded_facts",
    "cohort_table",
    "compare_scenarios",
    "count_band",
    "data_coverage",
    "interview_count_pmf",
    "known_total",
    "load_programs",
    "load_programs_with_facts",
    "match_given_interviews",
    "miles",
    "national_default",
    "percent",
    "percent_band",
    "plan",
    "resolve_city",
    "score",
    "season_name",
    "specialties_in",
    "tiers_by_step2",
]
