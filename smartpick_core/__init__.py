"""SmartPick core: where a non-US IMG should apply in Southern California, and how likely each program is.

The pipeline, each step a small pure module:

    Profile (profile.py)                         validated applicant, public field names
      -> load_programs (programs.py)             bundled SoCal table, pandera-validated
      -> screen_programs (eligibility.py)        hard screens -> Not eligible + reason
      -> interview_likelihood (likelihood.py)    applicant strength vs program selectivity
      -> assign_tiers (tiers.py)                 Realistic / Reach / Ultra-reach / Not eligible
      -> compute_outlook (outlook.py)            Poisson-binomial interviews -> P(match)
      -> score (scoring.py)                      all of the above in one ScoreResult
      -> scenarios / figures / maps              what-ifs, plotly figures, pydeck decks

Never imports streamlit: the CLI (`python -m smartpick_core score`) and the
dashboard are two consumers of the same core.
"""

from .calibration import match_given_interviews
from .formatting import miles, percent, percent_band
from .geography import Place, resolve_city
from .outlook import Outlook, interview_count_pmf
from .profile import PROFILE_FIELDS, Profile, ProfileError, Step1, Step3, Visa
from .programs import ProgramDataError, ProgramType, Region, load_programs, specialties_in
from .scenarios import SCENARIOS, applications_curve, compare_scenarios, tiers_by_step2
from .scoring import ScoreResult, application_cycle_year, score
from .settings import MODEL_VERSION, SETTINGS
from .tiers import TIER_COLORS, TIER_ORDER, Tier

__all__ = [
    "MODEL_VERSION",
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
    "compare_scenarios",
    "interview_count_pmf",
    "load_programs",
    "match_given_interviews",
    "miles",
    "percent",
    "percent_band",
    "resolve_city",
    "score",
    "specialties_in",
    "tiers_by_step2",
]
