"""One call from profile to the scored table and the outlook that every view renders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..programs.geography import Place, miles_from
from ..programs.kinds import selectivity_class
from ..programs.table import specialties_in
from .calibration import specialty_anchor
from .effective import effective_score
from .likelihood import Likelihood, interview_likelihood, route_probability
from .outlook import Outlook, compute_outlook, national_likelihood
from .profile import Profile, ProfileError, application_cycle_year, check_specialty
from .reasons import build_reasons
from .screens import screen_programs
from .settings import MODEL_VERSION, setting
from .tiers import TIER_ORDER, Tier, assign_tiers
from .wording import percent_band

DISPLAY_COLUMNS: tuple[str, ...] = (
    "program_id", "name", "institution", "specialty", "city", "county", "subregion", "program_type", "status",
    "positions_per_year", "img_share", "sponsors_j1", "sponsors_h1b", "visa_basis", "step2_min", "yog_max_years",
    "lat", "lon", "coord_precision", "source_url", "checked", "confidence",
)


NATIONAL_MAX = 400          # applications elsewhere the outlook accepts (the sidebar and CLI use the same bound)
CYCLE_YEARS_AHEAD = 5       # how far ahead a what-if application season may be


def national_default() -> int:
    return int(setting("national_default_applications"))


def check_cycle_year(cycle_year: int, graduation_year: int) -> None:
    """A season before the year before graduation, or years ahead, is a typo, not a scenario."""
    earliest, latest = graduation_year - 1, application_cycle_year() + CYCLE_YEARS_AHEAD
    if not earliest <= cycle_year <= latest:
        raise ProfileError("cycle_year", cycle_year,
                           f"needs to be between {earliest} (the year before graduation) and {latest}")


@dataclass(frozen=True)
class ScoreResult:
    """The single result a page renders as table, map, chart, CSV and JSON."""

    profile: Profile
    programs: pd.DataFrame   # programs of the profile's specialty, scored
    outlook: Outlook
    cycle_year: int
    years_since_graduation: int
    national: Likelihood   # the typical programs elsewhere, reused by what-ifs and curves
    model_version: str = MODEL_VERSION

    def tier_counts(self, by: str | None = None) -> pd.DataFrame | pd.Series:
        tiers = pd.Categorical(self.programs["tier"], categories=[t.value for t in TIER_ORDER])
        if by is None:
            return pd.Series(tiers).value_counts().reindex([t.value for t in TIER_ORDER], fill_value=0)
        return pd.crosstab(self.programs[by], tiers, dropna=False).reindex(columns=[t.value for t in TIER_ORDER], fill_value=0)

    @property
    def eligible(self) -> pd.DataFrame:
        return self.programs[self.programs["eligible"]]

    def to_json_dict(self) -> dict:
        """The public JSON contract of `python -m smartpick_core score`."""
        cols = ["program_id", "name", "specialty", "subregion", "eligible", "tier", "interview_probability",
                "effective_score", "usual_interview_score", "reasons"]
        rounding = {"interview_probability": 4, "effective_score": 1, "usual_interview_score": 1}
        # Column-wise to Python values, then zipped: to_dict(orient="records") goes cell by cell through
        # pyarrow-backed strings, ~5x slower, and a cohort writes hundreds of these.
        values = [(self.programs[c].round(rounding[c]) if c in rounding else self.programs[c]).to_numpy(dtype=object).tolist()
                  for c in cols]
        return {
            "model_version": self.model_version,
            "profile": self.profile.to_dict(),
            "outlook": self.outlook.to_dict(),
            "programs": [dict(zip(cols, row)) for row in zip(*values)],
        }


def _specialty_rows(profile: Profile, programs: pd.DataFrame) -> pd.DataFrame:
    """The profile's specialty's programs, index 0..n-1 (ProfileError naming the allowed ones if it has none)."""
    in_specialty = programs["specialty"].to_numpy(dtype=object) == profile.specialty
    if not in_specialty.any():
        check_specialty(profile.specialty, specialties_in(programs))   # raises, naming the allowed specialties
    if in_specialty.all() and programs.index.equals(pd.RangeIndex(len(programs))):
        return programs            # the caller's own table (a frozen one keeps what scores derive from it)
    return programs.reset_index(drop=True) if in_specialty.all() else \
        programs.iloc[np.flatnonzero(in_specialty)].reset_index(drop=True)   # one specialty's table: no row copy


def program_tiers(profile: Profile, programs: pd.DataFrame, *, cycle_year: int) -> np.ndarray:
    """Only the tier of each program of the specialty, as score() assigns it (what the tier charts re-run ~20 times).

    Skips the interview odds, reasons, outlook and table: a tier needs the screens, the effective score
    against the usual one, and the visa route.
    """
    check_cycle_year(cycle_year, profile.graduation_year)
    years_since = max(0, cycle_year - profile.graduation_year)
    chosen = _specialty_rows(profile, programs)
    kinds = selectivity_class(chosen)
    eligible = screen_programs(profile, chosen, years_since).eligible
    eff = effective_score(profile, chosen, kinds, years_since, socal=True)
    route, _ = route_probability(profile, chosen, kinds)
    return assign_tiers(eff.gap, route, eligible)


def score(profile: Profile, programs: pd.DataFrame, *, n_national: int | None = None,
          cycle_year: int | None = None, home: Place | None = None,
          applied_ids: frozenset[str] | None = None, explain: bool = True) -> ScoreResult:
    """Score every program of the profile's specialty and the outlook of the application list.

    The list is every eligible SoCal program (or applied_ids, if given, among the
    eligible) plus n_national typical programs elsewhere. explain=False leaves the reasons
    empty: what-ifs and curves read only the outlook and the tiers, and reasons are a quarter of the time.
    """
    chosen = _specialty_rows(profile, programs)
    if n_national is None:
        n_national = national_default()
    if not 0 <= n_national <= NATIONAL_MAX:
        raise ProfileError("national", n_national, f"needs to be between 0 and {NATIONAL_MAX} programs")
    cycle_year = cycle_year or application_cycle_year()
    check_cycle_year(cycle_year, profile.graduation_year)
    years_since = max(0, cycle_year - profile.graduation_year)

    kinds = selectivity_class(chosen)
    anchor = specialty_anchor(profile.specialty)
    screens = screen_programs(profile, chosen, years_since)
    eligible = screens.eligible
    eff = effective_score(profile, chosen, kinds, years_since, socal=True)
    like = interview_likelihood(profile, chosen, kinds, eff, anchor=anchor, socal=True)
    zero = np.zeros(len(chosen))
    prob = np.where(eligible, like.probability, zero)
    low = np.where(eligible, like.low, zero)
    high = np.where(eligible, like.high, zero)

    # One concat of the new columns: DataFrame.assign re-copies the frame per column (x16 per score).
    model_columns = pd.DataFrame(dict(
        kind=kinds.to_numpy(),
        eligible=eligible,
        tier=assign_tiers(eff.gap, like.sponsorship, eligible),
        interview_probability=prob,
        interview_low=low,
        interview_high=high,
        effective_score=eff.effective,
        usual_interview_score=eff.usual,
        score_gap=eff.gap,
        sponsorship_probability=like.sponsorship,
        sponsorship_estimated=like.route_estimated,
        img_share_used=like.img_share,
        img_share_estimated=like.img_share_estimated,
        unknown_facts=like.unknown_facts,
        reasons=(build_reasons(profile, chosen, kinds, screens, like, eff, years_since) if explain
                 else pd.Series([[] for _ in range(len(chosen))], index=chosen.index, dtype=object)),
        likelihood_text=_band_texts(prob, low, high, eligible),
    ), index=chosen.index)
    model_columns["reasons_text"] = ["; ".join(r) for r in model_columns["reasons"]]
    scored = pd.concat([chosen[[c for c in DISPLAY_COLUMNS if c in chosen.columns]], model_columns], axis=1)
    if home is not None:
        scored["miles_from_home"] = np.round(miles_from(home, scored["lat"].to_numpy(), scored["lon"].to_numpy()), 0)
    in_list = eligible.copy()
    if applied_ids is not None:
        in_list &= scored["program_id"].isin(applied_ids).to_numpy()
    scored["in_application_list"] = in_list
    national = national_likelihood(profile, years_since, anchor=anchor)
    outlook = compute_outlook(profile.specialty, national, prob[in_list], low[in_list], high[in_list], n_national)
    return ScoreResult(profile, scored, outlook, cycle_year, years_since, national)


def _band_texts(prob: np.ndarray, low: np.ndarray, high: np.ndarray, eligible: np.ndarray) -> list[str]:
    """'41% (33–49%)' per program; 'Not eligible' where a screen fails. Presentation only."""
    return [percent_band(p, lo, hi) if ok else Tier.NOT_ELIGIBLE.value
            for p, lo, hi, ok in zip(prob, low, high, eligible)]
