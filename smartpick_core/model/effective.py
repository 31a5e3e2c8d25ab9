"""The effective score: the applicant's Step 2 CK plus what the rest of the file is worth, in score points.

Advisors reason in score points ("your 218 reads like a 230 at a community
program with that year of USCE"), so the model does too. Each compensating
strength is worth points that depend on the program:
- hands-on USCE, observerships and letters count fully at community programs,
  less at county and university programs, and more for a low scorer;
- SoCal USCE, letters from SoCal attendings, ties and languages count at SoCal
  programs only, and most in the sub-regions where the applicant trained or
  where the patients speak the language;
- failed attempts and years since graduation cost points everywhere.
Each program also has a usual interview score: the specialty's reference score
moved by the program's kind and, where known, its IMG share.
Everything is computed for all programs at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..programs.frozen import column_number, column_text
from ..programs.kinds import by_kind, per_kind
from ..programs.languages import census_language, share_array
from .estimates import img_share_estimate
from .nrmp import nrmp_for
from .profile import Profile, Step1, Step3
from .settings import setting

# Component -> words used in the reasons (order = order of the columns).
COMPONENT_LABELS: dict[str, str] = {
    "usce": "hands-on USCE",
    "observership": "observerships",
    "letters": "US letters",
    "research": "research",
    "step3": "Step 3",
    "attempts": "failed attempts",
    "yog": "years since graduation",
    "socal_usce": "SoCal USCE",
    "socal_letters": "SoCal letters",
    "ties": "SoCal ties",
    "language": "language",
}


def _per_kind(kinds: pd.Series, prefix: str) -> np.ndarray:
    values = {k: setting(f"{prefix}_{k}") for k in pd.unique(kinds.to_numpy(dtype=object)) if k != "military"}
    values["military"] = 0.0
    return per_kind(kinds, values)


def _saturating(months: float, scale: str) -> float:
    return 1.0 - np.exp(-months / setting(scale))


def reference_score(specialty: str) -> int:
    return nrmp_for(specialty).reference_score


def low_score_factor(profile: Profile) -> float:
    """1 at or above the reference score, up to 1 + low_score_boost 30 points below it."""
    gap = (reference_score(profile.specialty) - profile.step2_ck) / 30.0
    return 1.0 + setting("low_score_boost") * float(np.clip(gap, 0.0, 1.0))


def usual_score(programs: pd.DataFrame, kinds: pd.Series, specialty: str, *, socal: bool) -> np.ndarray:
    """The Step 2 CK score programs like this usually interview; a known IMG share and a known size move it."""
    def build() -> np.ndarray:
        base = reference_score(specialty) + _per_kind(kinds, "usual_offset")
        share = column_number(programs, "img_share")
        estimate = img_share_estimate(kinds, specialty, socal=socal)
        shift = np.where(np.isnan(share), 0.0, -setting("img_share_points_per_10pct") * (share - estimate) * 10.0)
        return base + shift + size_shift(programs)
    return by_kind(programs, kinds, ("usual_score", specialty, socal), build)


def size_shift(programs: pd.DataFrame) -> np.ndarray:
    """A program with more positions interviews more applicants, so its usual score sits a little lower (known
    sizes only; bounded so a typo cannot decide a tier)."""
    positions = column_number(programs, "positions_per_year")
    with np.errstate(divide="ignore", invalid="ignore"):
        doublings = np.log2(positions / setting("positions_reference"))
    limit = setting("positions_points_cap")
    shift = np.clip(-setting("positions_points_per_doubling") * doublings, -limit, limit)
    return np.where(np.isfinite(shift), shift, 0.0)


def _language_points(profile: Profile, county_names: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best language bonus per program and its words ('Spanish, spoken at home by 39% of Los Angeles County')."""
    points = np.zeros(len(county_names))
    words = np.full(len(county_names), "", dtype=object)
    for name in profile.languages:               # a handful of languages at most, each vectorised over programs
        census = census_language(name)
        if census is None:
            continue
        share = share_array(county_names, census)
        local = np.nan_to_num(share, nan=0.0) >= setting("language_local_share")
        value = np.where(local, setting("language_points_local"), setting("language_points_other"))
        percent = np.round(np.nan_to_num(share, nan=0.0) * 100).astype(np.int64).astype(str)
        local_text = name + ", spoken at home by " + percent + "% of " + county_names.astype(str) + " County"
        other_text = f"{name} (county share not sourced or under {setting('language_local_share'):.0%})"
        text = np.where(local, local_text, other_text)
        better = value > points
        points = np.where(better, value, points)
        words = np.where(better, text, words)
    return points, words.astype(str)


@dataclass(frozen=True)
class EffectiveScore:
    components: pd.DataFrame   # score points per component (columns = COMPONENT_LABELS), one row per program
    effective: np.ndarray      # step2_ck + sum of components
    usual: np.ndarray          # what programs like this usually interview
    language_words: np.ndarray  # which language counted and why ('' where none)
    same_subregion: np.ndarray
    odds_points: np.ndarray    # the points the interview odds use: the low-score boost removed, so a higher
                               # score can never lower a chance (the boost shapes the tier, not the odds)

    @property
    def gap(self) -> np.ndarray:
        return self.effective - self.usual


def effective_score(profile: Profile, programs: pd.DataFrame, kinds: pd.Series, years_since_graduation: int,
                    *, socal: bool) -> EffectiveScore:
    """Effective score and usual interview score for every program (socal=False: the national archetypes)."""
    n = len(programs)
    boost = low_score_factor(profile)
    compensation = by_kind(programs, kinds, "compensation", lambda: _per_kind(kinds, "compensation")) * boost
    usce = setting("usce_max_points") * _saturating(profile.usce_months, "usce_scale_months") * compensation
    obs = setting("observership_max_points") * _saturating(profile.observership_months, "observership_scale_months") * compensation
    letters = setting("lor_points_each") * min(profile.us_lors, setting("lor_cap")) * compensation
    research = np.full(n, setting("research_points_each") * min(profile.research_items, setting("research_cap")))
    step3 = {Step3.PASSED: setting("step3_passed_points"), Step3.FAILED: setting("step3_failed_points")}.get(profile.step3, 0.0)
    attempts = (setting("step1_fail_points") * (profile.step1 is Step1.FAIL_THEN_PASS)
                + setting("step2_extra_attempt_points") * (profile.step2_attempts - 1))
    yog = max(setting("yog_points_per_year") * max(0.0, years_since_graduation - setting("yog_free_years")),
              setting("yog_points_cap"))
    columns = {"usce": usce, "observership": obs, "letters": letters, "research": research,
               "step3": np.full(n, step3), "attempts": np.full(n, attempts), "yog": np.full(n, yog)}
    same = np.zeros(n, dtype=bool)
    language_words = np.full(n, "")
    if socal:
        same = np.isin(column_text(programs, "subregion"), list(profile.usce_subregions)) & (profile.socal_usce_months > 0)
        socal_usce = setting("socal_usce_points") * _saturating(profile.socal_usce_months, "socal_usce_scale_months")
        columns["socal_usce"] = socal_usce * np.where(same, setting("same_subregion_factor"), 1.0)
        socal_letters = min(profile.socal_lors, setting("lor_cap"))
        columns["socal_letters"] = socal_letters * np.where(same, setting("socal_lor_points_same_subregion"),
                                                            setting("socal_lor_points_elsewhere"))
        columns["ties"] = np.full(n, setting("socal_ties_points") * profile.socal_ties)
        columns["language"], language_words = _language_points(profile, column_text(programs, "county"))
    else:
        for name in ("socal_usce", "socal_letters", "ties", "language"):
            columns[name] = np.zeros(n)
    stacked = np.column_stack([np.broadcast_to(np.asarray(columns[name], dtype=float), (n,)) for name in COMPONENT_LABELS]) \
        if n else np.zeros((0, len(COMPONENT_LABELS)))
    components = pd.DataFrame(stacked, index=programs.index, columns=list(COMPONENT_LABELS))   # one block, one copy
    total = stacked.sum(axis=1)
    boosted = (usce + obs + letters) * (1.0 - 1.0 / boost)
    effective = profile.step2_ck + total
    usual = usual_score(programs, kinds, profile.specialty, socal=socal)
    return EffectiveScore(components, effective, usual, language_words, same, total - boosted)
