"""One call from profile to the scored table and the outlook that every view renders."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Mapping

import numpy as np
import pandas as pd

from ..programs.geography import Place, miles_from
from ..programs.kinds import selectivity_class
from ..programs.table import specialties_in
from ..programs.signals import signal_allowance
from .default_list import choose_rest, documented_applications, place_signals, signal_gain, socal_first
from .effective import EffectiveScore, effective_score
from .fit import fit_for
from .likelihood import Likelihood, interview_likelihood, route_probability
from .national import PoolSize, national_pool
from .outlook import ListChances, Outlook, list_outlook
from .profile import Profile, ProfileError, application_cycle_year, check_specialty
from .reasons import build_reasons
from .screens import ScreenResult, screen_programs
from .settings import MODEL_VERSION, setting
from .tiers import TIER_ORDER, Tier, assign_tiers
from .wording import match_year, percent_band

DISPLAY_COLUMNS: tuple[str, ...] = (
    "program_id", "name", "institution", "specialty", "city", "county", "subregion", "program_type", "status",
    "positions_per_year", "img_share", "sponsors_j1", "sponsors_h1b", "visa_basis", "step2_min", "yog_max_years",
    "lat", "lon", "coord_precision", "source_url", "checked", "confidence",
)


TIER_VALUES: tuple[str, ...] = tuple(t.value for t in TIER_ORDER)

NATIONAL_MAX = 800          # applications elsewhere the outlook accepts (the sidebar and CLI use the same bound)
CYCLE_YEARS_AHEAD = 5       # how far ahead a what-if application season may be


DEFAULT_LIST: int | None = None   # no fixed number elsewhere: the default list fills to the documented applications


def national_default() -> int | None:
    """No fixed number: the default list fills up to the specialty's documented applications (default_list.py)."""
    return DEFAULT_LIST


def check_cycle_year(cycle_year: int, graduation_year: int) -> None:
    """A season before the year before graduation, or years ahead, is a typo, not a scenario."""
    earliest, latest = graduation_year - 1, application_cycle_year() + CYCLE_YEARS_AHEAD
    if not earliest <= cycle_year <= latest:
        raise ProfileError("cycle_year", cycle_year,
                           f"needs to be between {earliest} (the year before graduation) and {latest}")


@dataclass(frozen=True)
class ScoringInputs:
    """The score() arguments a reuse of the result must match beyond profile, season and correction: the number
    of programs elsewhere, whether reasons were written, whether a home added distances, whether the SoCal part
    was a given set of programs."""

    n_national: int | None = None
    explain: bool = True
    home: bool = False
    applied: bool = False


@dataclass(frozen=True)
class ScoreResult:
    """The single result a page renders as table, map, chart, CSV and JSON."""

    profile: Profile
    programs: pd.DataFrame   # programs of the profile's specialty, scored
    outlook: Outlook
    cycle_year: int
    years_since_graduation: int
    likelihood: Likelihood  # the SoCal programs' (table order): log-odds, routes and facts for the list builder
    national: Likelihood   # the national pool's programs (pool order), reused by the list and what-ifs
    pool: pd.DataFrame      # the national pool (national.py), one row per program elsewhere
    pool_size: PoolSize
    list_chances: ListChances   # the scored list in order: SoCal part, then the national part
    national_order: np.ndarray  # pool rows best first
    applications_target: int    # the documented number of applications the default list fills to
    applications_source: str
    named_national: int = 0     # the first rows of `pool` are the user's own programs elsewhere (named)
    signalled_national: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # pool rows with a signal
    model_version: str = MODEL_VERSION
    local_correction: tuple[tuple[str, float], ...] = ()   # per-kind log-odds offsets applied; () = national model
    inputs: ScoringInputs = ScoringInputs()                 # what same_scoring checks beyond profile and season

    @property
    def model_shown(self) -> str:
        """Which model the chances come from, in the words every page and export uses."""
        return "with your office's local correction" if self.local_correction else "national model"

    def tier_counts(self, by: str | None = None) -> pd.DataFrame | pd.Series:
        if by is None:
            return count_tiers(self.programs["tier"].to_numpy(dtype=object))
        tiers = pd.Categorical(self.programs["tier"], categories=[t.value for t in TIER_ORDER])
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
        out = {
            "model_version": self.model_version,
            "profile": self.profile.to_dict(),
            "outlook": self.outlook.to_dict(),
            "programs": [dict(zip(cols, row)) for row in zip(*values)],
        }
        if self.local_correction:       # only then: the national model's JSON stays as it always was
            out["model_shown"] = self.model_shown
            out["local_correction"] = {kind: round(offset, 4) for kind, offset in self.local_correction}
        return out


def count_tiers(tiers: np.ndarray) -> pd.Series:
    """Programs per tier, in tier order (a tier with none counts 0): four comparisons on the array, where a
    Categorical's value_counts costs ~2 ms a call and a rerun with its what-ifs counts nine times."""
    values = np.asarray(tiers, dtype=object)
    return pd.Series(np.array([np.count_nonzero(values == t) for t in TIER_VALUES], dtype=np.int64),
                     index=pd.Index(TIER_VALUES), name="count")


@dataclass(frozen=True)
class WhatIfOutlook:
    """What a what-if row reads of a scoring: the list's outlook and the programs per tier."""

    outlook: Outlook
    tier_counts: pd.Series


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


def correction_key(kind_offsets: Mapping[str, float] | None) -> tuple[tuple[str, float], ...]:
    """kind_offsets as ScoreResult.local_correction holds them (sorted pairs; () for the national model)."""
    return tuple(sorted((str(k), float(v)) for k, v in (kind_offsets or {}).items()))


def same_scoring(scored: ScoreResult, profile: Profile, cycle_year: int | None,
                 kind_offsets: Mapping[str, float] | None = None, *, n_national: int | None = None,
                 needs_reasons: bool = False, without_home: bool = False) -> bool:
    """Whether scored stands for score(profile, ..., cycle_year=, kind_offsets=, n_national=) with no given SoCal
    set: the same profile, season (None: this cycle, as score() reads it), local correction and count elsewhere;
    with needs_reasons, one that wrote its reasons; with without_home, one without a home's distance column. The
    caller vouches for the programs, facts and national list (ScoreResult does not hold them)."""
    used = scored.inputs
    return (scored.profile == profile and scored.cycle_year == (cycle_year or application_cycle_year())
            and scored.local_correction == correction_key(kind_offsets) and used.n_national == n_national
            and not used.applied and (used.explain or not needs_reasons) and not (without_home and used.home))


def score(profile: Profile, programs: pd.DataFrame, *, n_national: int | None = None,
          cycle_year: int | None = None, home: Place | None = None,
          applied_ids: frozenset[str] | None = None, explain: bool = True,
          national_programs: pd.DataFrame | None = None,
          kind_offsets: Mapping[str, float] | None = None) -> ScoreResult:
    """Score every program of the profile's specialty and the outlook of the default list (default_list.py).

    n_national: applications elsewhere (the national pool, best first); None fills the list to the specialty's
    documented number of applications. applied_ids: the SoCal part is these (among the eligible) instead of
    the Realistic and Reach programs. explain=False leaves the reasons empty: what-ifs and curves read only
    the outlook and the tiers, and reasons are a quarter of the time. national_programs: the user's own list of
    programs elsewhere (facts/national_import.py): its programs of this specialty come first among the national
    slots, named; the built-in pool, with as many programs fewer, fills the rest. kind_offsets: an office's
    local correction (local_correction.py), log-odds per program kind added to every interview chance (SoCal and
    elsewhere) and so to the outlook; None is the national model. Tiers do not move: they read the score gap.
    """
    result = _score(profile, programs, n_national=n_national, cycle_year=cycle_year, home=home,
                    applied_ids=applied_ids, explain=explain, national_programs=national_programs,
                    kind_offsets=kind_offsets, with_table=True)
    assert isinstance(result, ScoreResult)
    return result


def what_if_outlook(profile: Profile, programs: pd.DataFrame, *, n_national: int | None = None,
                    cycle_year: int | None = None,
                    national_programs: pd.DataFrame | None = None) -> WhatIfOutlook:
    """score()'s outlook and tier counts for this profile, without the scored table: a what-if row reads only
    these, and building the table (texts, reasons, one concat) was a third of each of the seven scorings a rerun
    of the Overview makes. Same numbers as score(...).outlook and score(...).tier_counts()."""
    result = _score(profile, programs, n_national=n_national, cycle_year=cycle_year, home=None, applied_ids=None,
                    explain=False, national_programs=national_programs, kind_offsets=None, with_table=False)
    assert isinstance(result, WhatIfOutlook)
    return result


def _score(profile: Profile, programs: pd.DataFrame, *, n_national: int | None, cycle_year: int | None,
           home: Place | None, applied_ids: frozenset[str] | None, explain: bool,
           national_programs: pd.DataFrame | None, kind_offsets: Mapping[str, float] | None,
           with_table: bool) -> ScoreResult | WhatIfOutlook:
    """score() itself; with_table=False stops at the outlook and tier counts (what_if_outlook)."""
    chosen = _specialty_rows(profile, programs)
    if n_national is not None and not 0 <= n_national <= NATIONAL_MAX:
        raise ProfileError("national", n_national, f"needs to be between 0 and {NATIONAL_MAX} programs")
    cycle_year = cycle_year or application_cycle_year()
    check_cycle_year(cycle_year, profile.graduation_year)
    years_since = max(0, cycle_year - profile.graduation_year)

    kinds = selectivity_class(chosen)
    fit = fit_for(profile.specialty)
    screens = screen_programs(profile, chosen, years_since)
    eligible = screens.eligible
    eff = effective_score(profile, chosen, kinds, years_since, socal=True)
    like = interview_likelihood(profile, chosen, kinds, eff, socal=True, years_since=years_since,
                                kind_offsets=kind_offsets)
    zero = np.zeros(len(chosen))
    prob = np.where(eligible, like.probability, zero)
    low = np.where(eligible, like.low, zero)
    high = np.where(eligible, like.high, zero)
    tiers = assign_tiers(eff.gap, like.sponsorship, eligible)

    scored = _scored_table(profile, chosen, kinds, screens, like, eff, years_since, eligible, tiers, prob, low, high,
                           explain, home) if with_table else chosen

    named = _named_national(national_programs, profile.specialty)
    pool, size = national_pool(profile.specialty, profile.visa, profile.step3, _socal_counts(kinds),
                               _kind_counts(named))
    national = _national_likelihood(profile, named, pool, years_since, kind_offsets)
    national_order = _national_order(national, len(named))
    target, target_source = documented_applications(profile.specialty)
    n_named = int((national_order < len(named)).sum())
    socal_rows, n_pool = _list_rows(scored, tiers, prob, eligible, national.probability[national_order], target,
                                    n_national, applied_ids, n_named)
    nat_rows = national_order[:n_pool]
    socal_part = ListChances(like.log_odds[socal_rows], like.open_chance[socal_rows],
                             like.facts_half[socal_rows],
                             np.ones(len(socal_rows), dtype=bool))
    nat_part = ListChances(national.log_odds[nat_rows], national.open_chance[nat_rows],
                           national.facts_half[nat_rows],
                           np.zeros(len(nat_rows), dtype=bool))
    allowance = _signal_total(profile.specialty, match_year(cycle_year))
    odds_ratio = setting("signal_odds_ratio")
    listed = ListChances.join([socal_part, nat_part])
    nameable = np.concatenate([np.ones(len(socal_rows), bool), nat_rows < len(named)])
    gain = signal_gain(listed.log_odds, listed.route, fit.sigma, odds_ratio)
    signalled_all = place_signals(gain, nameable, allowance)
    signalled = signalled_all[:len(socal_rows)]
    boosted = listed.log_odds + np.where(signalled_all, np.log(odds_ratio), 0.0)
    socal_part = ListChances(boosted[:len(socal_rows)], socal_part.route, socal_part.facts_half, socal_part.socal)
    nat_part = ListChances(boosted[len(socal_rows):], nat_part.route, nat_part.facts_half, nat_part.socal)
    chances = ListChances.join([socal_part, nat_part])
    outlook = list_outlook(profile.specialty, chances, fit, signals=int(signalled_all.sum()))
    if not with_table:
        return WhatIfOutlook(outlook, count_tiers(tiers))
    in_list = np.zeros(len(chosen), dtype=bool)
    in_list[socal_rows] = True
    scored["in_application_list"] = in_list
    signal_column = np.zeros(len(chosen), dtype=bool)
    signal_column[socal_rows[signalled]] = True
    scored["signal"] = signal_column
    table = pool
    if not named.empty:
        table = pd.concat([named, pool], ignore_index=True)
        table.attrs["source_file"] = (national_programs.attrs.get("source_file", "")
                                      if national_programs is not None else "")
    return ScoreResult(profile, scored, outlook, cycle_year, years_since, like, national, table, size, chances,
                       national_order, target, target_source, len(named), nat_rows[signalled_all[len(socal_rows):]],
                       local_correction=correction_key(kind_offsets),
                       inputs=ScoringInputs(n_national, explain, home is not None, applied_ids is not None))


def _scored_table(profile: Profile, chosen: pd.DataFrame, kinds: pd.Series, screens: ScreenResult, like: Likelihood,
                  eff: EffectiveScore, years_since: int, eligible: np.ndarray, tiers: np.ndarray, prob: np.ndarray,
                  low: np.ndarray, high: np.ndarray, explain: bool, home: Place | None) -> pd.DataFrame:
    """The scored table every page reads: the program facts shown and the model's columns."""
    # One concat of the new columns: DataFrame.assign re-copies the frame per column (x16 per score).
    model_columns = pd.DataFrame(dict(
        kind=kinds.to_numpy(),
        eligible=eligible,
        tier=tiers,
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

    return scored


@lru_cache(maxsize=256)
def _signal_total(specialty: str, season: int) -> int:
    """The season's signal count, looked up once per process: the lookup filters the signals table (~1 ms), and
    a rerun with its what-ifs scores nine times (the table itself is read once per process already)."""
    return signal_allowance(specialty, season).total


def _list_rows(scored: pd.DataFrame, tiers: np.ndarray, prob: np.ndarray, eligible: np.ndarray,
               pool_sorted: np.ndarray, target: int, n_national: int | None,
               applied_ids: frozenset[str] | None, n_named: int = 0) -> tuple[np.ndarray, int]:
    """The SoCal rows of the list (in list order) and how many of the pool's best follow them.

    Default: the Realistic and Reach SoCal programs, then the best chances (other SoCal programs and the pool)
    up to the documented number of applications. With n_national: every eligible SoCal program plus that many
    elsewhere. With applied_ids: those SoCal programs (eligible ones) plus n_national or up to the number.
    """
    if applied_ids is not None:
        picked = eligible & scored["program_id"].isin(applied_ids).to_numpy()
        rows = np.flatnonzero(picked)[np.argsort(-prob[picked], kind="stable")]
        wanted = max(target - len(rows), 0) if n_national is None else n_national
        return rows, min(int(wanted), len(pool_sorted))
    first = socal_first(tiers, prob, eligible)
    if n_national is not None:
        rest = np.setdiff1d(np.flatnonzero(eligible), first)
        rest = rest[np.argsort(-prob[rest], kind="stable")]
        return np.concatenate([first, rest]), min(int(n_national), len(pool_sorted))
    named = min(n_named, max(target - len(first), 0))
    available = np.setdiff1d(np.flatnonzero(eligible & (prob > 0)), first)
    extra, n_pool = choose_rest(prob, available, pool_sorted[n_named:], target - len(first) - named)
    return np.concatenate([first, extra]).astype(int), named + n_pool if named == n_named else named


def _socal_counts(kinds: pd.Series) -> tuple[tuple[str, int], ...]:
    """SoCal programs per kind: the national counts include them, and the SoCal part already counts them."""
    values, counts = np.unique(kinds.to_numpy(dtype=str), return_counts=True)
    return tuple((str(v), int(c)) for v, c in zip(values, counts))


def _pool_likelihood(profile: Profile, pool: pd.DataFrame, years_since: int,
                     kind_offsets: Mapping[str, float] | None = None) -> Likelihood:
    """Interview chances at the national pool's programs: no regional terms; every one takes the visa."""
    kinds = selectivity_class(pool)
    eff = effective_score(profile, pool, kinds, years_since, socal=False)
    return interview_likelihood(profile, pool, kinds, eff, socal=False, route_override=np.ones(len(pool)),
                                years_since=years_since, kind_offsets=kind_offsets)


def _named_national(frame: pd.DataFrame | None, specialty: str) -> pd.DataFrame:
    """The user's own programs elsewhere in this specialty (empty when none were imported)."""
    if frame is None or frame.empty:
        return frame.iloc[0:0] if frame is not None else pd.DataFrame()
    rows = frame["specialty"].to_numpy(dtype=object) == specialty
    return frame.iloc[np.flatnonzero(rows)].reset_index(drop=True)


def _kind_counts(named: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    if named.empty:
        return ()
    values, counts = np.unique(named["program_type"].to_numpy(dtype=str), return_counts=True)
    return tuple((str(v), int(c)) for v, c in zip(values, counts))


def _national_likelihood(profile: Profile, named: pd.DataFrame, pool: pd.DataFrame, years_since: int,
                         kind_offsets: Mapping[str, float] | None = None) -> Likelihood:
    """The named programs (their stated visa facts count; unknown ones are estimated) and then the pool."""
    if named.empty:
        return _pool_likelihood(profile, pool, years_since, kind_offsets)
    kinds = selectivity_class(named)
    eff = effective_score(profile, named, kinds, years_since, socal=False)
    own = interview_likelihood(profile, named, kinds, eff, socal=False, years_since=years_since,
                               kind_offsets=kind_offsets)
    rest = _pool_likelihood(profile, pool, years_since, kind_offsets)
    return Likelihood(*(np.concatenate([getattr(own, f.name), getattr(rest, f.name)])
                        for f in fields(Likelihood)))


def _national_order(national: Likelihood, n_named: int) -> np.ndarray:
    """The user's own programs first (best chance first; those closed to the applicant left out), then the pool."""
    own = np.arange(n_named)
    own = own[national.probability[own] > 0]
    own = own[np.argsort(-national.probability[own], kind="stable")]
    pool = n_named + np.argsort(-national.probability[n_named:], kind="stable")
    return np.concatenate([own, pool]).astype(int)


def _band_texts(prob: np.ndarray, low: np.ndarray, high: np.ndarray, eligible: np.ndarray) -> list[str]:
    """'41% (33–49%)' per program; 'Not eligible' where a screen fails. Presentation only."""
    return [percent_band(p, lo, hi) if ok else Tier.NOT_ELIGIBLE.value
            for p, lo, hi, ok in zip(prob, low, high, eligible)]
