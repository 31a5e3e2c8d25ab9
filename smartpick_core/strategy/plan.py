"""The SmartPick list: which programs to apply to for a number of applications or a budget, and what it buys.

    plan(profile, programs, applications=N | budget_usd=USD, include=(), exclude=(), prefer_subregions=(),
         signals=True, cycle_year=None, socal_first=True) -> ApplicationPlan

Method (docs/list.md):
- Candidates are the eligible SoCal programs of the specialty (Not eligible never enters; excluded ones are left
  out) and the national pool (model/national.py): distinct programs elsewhere that take the applicant's visa,
  best-fitting first, with the model's interview chances (score()).
- The order: pinned programs; then, with "SoCal first" (the default), the Realistic and then the Reach SoCal
  programs; then every other candidate by chance x (1 + preference bonus). Adding a program with chance p to a
  list raises the chance to match by about p x D, with D the same for every candidate, and the next fee is the
  same whichever program it goes to: so the chance order is the value-per-dollar order. Without "SoCal first",
  pins and then that order alone (the pure optimiser); the plan says what "SoCal first" costs against it.
- The plan at N applications is the first N of that order; a budget buys the largest N whose certain cost fits.
  With no pins or preferences and N = the specialty's documented applications, this is the default list the
  Overview shows (model/default_list.py), with the same chance.
- Signals go only on programs the applicant can name (SoCal programs), where the gain in interview chance
  (odds x `signal_odds_ratio`, weighted by the preference bonus) is largest; gold to the programs the applicant
  most wants (pins, then preferred sub-regions, then the list order). Leftover signals are for programs
  elsewhere that the applicant picks.
- When even the largest list allowed gives under a 1% chance, no fees are recommended: the plan names what
  opens programs and the money saved.
- The outlook is the model's (model/outlook.py): correlated interviews, with the fit band and the facts range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..model.default_list import place_signals, prefix_signal_sets, signal_gain, what_opens_programs
from ..model.effective import effective_score
from ..model.fit import Fit, fit_for
from ..model.national import KIND_LABELS, NATIONAL_KINDS
from ..model.outlook import ListChances, Outlook, list_outlooks, signalled_curve, slot_chances
from ..model.profile import SUBREGIONS, Profile, ProfileError
from ..model.scoring import same_scoring, score
from ..model.settings import MODEL_VERSION, setting
from ..model.tiers import TIER_ORDER, Tier, assign_tiers
from ..programs.frozen import derived
from ..programs.kinds import selectivity_class
from .fees import CostBreakdown, FeeTable, application_fee, cost_breakdown, eras_season, list_cost, season_fees
from .settings import strategy_setting
from .signals import SignalAllowance, signal_allowance

if TYPE_CHECKING:
    from ..model.scoring import ScoreResult

BUDGET_MAX_USD = 100_000
APPLICATIONS_MAX = 1000      # more than any specialty's programs: a typo, not a plan
NO_FEES_BELOW = 0.01         # the chance under which a plan recommends no fees at all


@dataclass(frozen=True)
class PlanOutcome:
    match_probability: float
    match_probability_low: float
    match_probability_high: float
    p_no_interview: float
    expected_interviews: float
    expected_extra_ranks: float = 0.0

    def to_dict(self) -> dict:
        return {"match_probability": round(self.match_probability, 4),
                "match_probability_low": round(self.match_probability_low, 4),
                "match_probability_high": round(self.match_probability_high, 4),
                "p_no_interview": round(self.p_no_interview, 4),
                "expected_interviews": round(self.expected_interviews, 2)}


@dataclass(frozen=True)
class SignalPick:
    kind: str              # "gold" or "silver" (specialties with one kind: "signal")
    target: str            # program_id, or the archetype for national slots
    name: str
    subregion: str         # "" for national slots
    count: int             # 1 for a program; slots for an archetype
    chance_before: float
    chance_after: float

    def to_dict(self) -> dict:
        return {"kind": self.kind, "target": self.target, "name": self.name, "count": self.count,
                "interview_probability": round(self.chance_before, 4),
                "interview_probability_with_signal": round(self.chance_after, 4)}


@dataclass(frozen=True)
class ApplicationPlan:
    profile: Profile
    cycle_year: int
    applications: int
    socal_applications: int
    national_applications: int
    budget_usd: float | None
    programs: pd.DataFrame        # every SoCal program of the specialty: chosen, why, signal, tier, chance, reasons
    national: pd.DataFrame        # one row per kind of program elsewhere: applications, best and last chance, tier
    tier_counts: dict[str, int]
    outcome: PlanOutcome          # with the recommended signals (if any)
    without_signals: PlanOutcome
    half_signal_effect: PlanOutcome
    curve: pd.DataFrame           # applications, match_probability, cost_usd (signals placed at every size)
    knee_applications: int
    next_100_gain: float          # points of chance the next $100 buys (as a probability)
    cost: CostBreakdown
    money_saved_usd: float        # what the Not eligible programs would have cost on top of this list
    not_eligible: int
    signals: tuple[SignalPick, ...]
    allowance: SignalAllowance
    prefer_subregions: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    signal_odds_ratio: float = 1.0
    socal_first: bool = True
    optimiser_probability: float | None = None   # the pure optimiser's chance for this many applications
    leftover_signals: int = 0                    # signals with no nameable program on the list
    no_fees_advice: str = ""                     # non-empty: recommend no fees, and this is what to do first
    pool_note: str = ""                          # where the national programs come from
    named_national: pd.DataFrame = field(default_factory=pd.DataFrame)   # the user's own programs elsewhere chosen
    model_version: str = MODEL_VERSION
    model_shown: str = "national model"          # or "with your office's local correction" (score(kind_offsets=...))

    @property
    def specialty(self) -> str:
        return self.profile.specialty

    @property
    def chosen(self) -> pd.DataFrame:
        return self.programs[self.programs["chosen"]]

    @property
    def left_out(self) -> pd.DataFrame:
        return self.programs[~self.programs["chosen"]]

    @property
    def match_probability(self) -> float:
        return self.outcome.match_probability

    def to_json_dict(self) -> dict:
        """The public JSON contract of `python -m smartpick_core plan`."""
        chosen = self.chosen
        programs = [{"program_id": r.program_id, "name": r.name, "subregion": r.subregion, "tier": r.tier,
                     "interview_probability": round(float(r.interview_probability), 4), "signal": r.signal,
                     "reasons": list(r.reasons)} for r in chosen.itertuples()]
        o = self.outcome
        return {
            "model_version": self.model_version,
            "profile": self.profile.to_dict(),
            "programs": programs,
            "national_applications": self.national_applications,
            "tier_counts": self.tier_counts,
            "match_probability": round(o.match_probability, 4),
            "match_probability_low": round(o.match_probability_low, 4),
            "match_probability_high": round(o.match_probability_high, 4),
            "p_no_interview": round(o.p_no_interview, 4),
            "curve": [{"applications": int(r.applications), "match_probability": round(float(r.match_probability), 4),
                       "cost_usd": round(float(r.cost_usd), 2)} for r in self.curve.itertuples()],
            "knee_applications": self.knee_applications,
            "cost": self.cost.to_dict(),
            # beyond the contract: what the list is made of and how sure the signal advice is
            "applications": self.applications,
            "socal_applications": self.socal_applications,
            "budget_usd": self.budget_usd,
            "national": [{"archetype": r.archetype, "applications": int(r.applications), "signals": int(r.signals),
                          "tier": r.tier, "interview_probability": round(float(r.interview_probability), 4),
                          "interview_probability_last": round(float(r.interview_probability_last), 4),
                          "pool": int(r.pool)}
                         for r in self.national.itertuples()],
            "socal_first": self.socal_first,
            "optimiser_match_probability": (None if self.optimiser_probability is None
                                            else round(self.optimiser_probability, 4)),
            "leftover_signals": self.leftover_signals,
            "no_fees_advice": self.no_fees_advice,
            "national_source": self.pool_note,
            "signals": [s.to_dict() for s in self.signals],
            "signal_allowance": {"gold": self.allowance.gold, "silver": self.allowance.silver,
                                 "confirmed": self.allowance.confirmed, "note": self.allowance.note},
            "without_signals": self.without_signals.to_dict(),
            "half_signal_effect": self.half_signal_effect.to_dict(),
            "next_100_usd_gain": round(self.next_100_gain, 4),
            "money_saved_usd": round(self.money_saved_usd, 2),
            "left_out": _records(self.left_out, ("program_id", "name", "tier", "why")),
            "notes": list(self.notes),
        }


def _records(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict]:
    """One dict per row of the named columns, built from whole-column lists (a national table has 13,000 rows)."""
    return [dict(zip(columns, row)) for row in zip(*(frame[column].tolist() for column in columns))]


# --- the pipeline ---------------------------------------------------------------------------------------
def plan(profile: Profile, programs: pd.DataFrame, *, applications: int | None = None,
         budget_usd: float | None = None, include: Iterable[str] = (), exclude: Iterable[str] = (),
         prefer_subregions: Iterable[str] = (), signals: bool = True, cycle_year: int | None = None,
         also_applying: Mapping[str, int] | None = None, socal_first: bool = True,
         national_programs: pd.DataFrame | None = None,
         kind_offsets: Mapping[str, float] | None = None,
         scored: ScoreResult | None = None) -> ApplicationPlan:
    """The application list for N applications or a budget (exactly one), with signals, costs and the curve.

    also_applying: programs in other specialties ({specialty: n}); they add their own fee bands to the cost only.
    national_programs: the user's own list of programs elsewhere (named in the plan; the built-in pool fills in).
    kind_offsets: an office's local correction (model/local_correction.py), passed to score(); None: national model.
    scored: this profile's score() of the same programs, national list and offsets, already made (the dashboard
    keeps one per profile): used instead of scoring again when its profile and cycle year are the plan's.
    """
    if (applications is None) == (budget_usd is None):
        raise ProfileError("applications", applications, "give either a number of applications or a budget, not both")
    if scored is not None and same_scoring(scored, profile, cycle_year, kind_offsets, needs_reasons=True, without_home=True):
        result = scored
    else:
        result = score(profile, programs, cycle_year=cycle_year, national_programs=national_programs,
                       kind_offsets=kind_offsets)
    specialty = profile.specialty
    fit = fit_for(specialty)
    socal = _with_codes(result.programs, programs)
    include, exclude, prefer = _checked_choices(socal, specialty, include, exclude, prefer_subregions)
    rows = _row_masks(socal, include, exclude, prefer)
    season = _season_rules(specialty, result.cycle_year, signals)
    cand = _order(result, rows, socal_first)
    curve = _curve(specialty, cand, season, fit)
    n, size_notes = _list_size(applications, budget_usd, curve["cost_usd"].to_numpy(), len(cand.p),
                               len(cand.p) - int((cand.ref >= 0).sum()), cand.pinned)
    advice = no_fees_advice(profile, float(curve["match_probability"].max()))
    if advice:
        n = 0
    mask = _place_signals(cand, n, season, fit)
    other = _optimiser_list(result, rows, n, season, fit) if socal_first else None
    outcome, without, half, optimiser = _outcomes(specialty, cand, n, mask, season, fit, other)
    kinds = _signal_kinds(cand, n, mask, season)
    # each slot's chance with its signal, as shown: once for the three tables that show it
    after = slot_chances(_signalled(cand, mask, season.odds_ratio), fit) if n else np.zeros(0)
    table = _programs_table(socal, rows, cand, n, mask, kinds, season, after)
    pool_tiers = _pool_tiers(result)            # once for both tables
    national = _national_table(result, cand, n, pool_tiers)
    named = _named_table(result, cand, n, kinds, after, pool_tiers)
    picks = _signal_picks(table, result, cand, mask, kinds, after)
    cost = _cost(specialty, n, also_applying, outcome, season)
    n_closed = int((~rows.eligible).sum())
    leftover = max(season.n_signals - int(mask.sum()), 0) if n else 0
    if advice:
        asked = applications if applications else (None if budget_usd else result.applications_target)
        saved = _requested_cost(asked, budget_usd, season)
    else:
        saved = _fee_of_more(n, n_closed, season)
    return ApplicationPlan(
        profile=profile, cycle_year=result.cycle_year, applications=n,
        socal_applications=int((cand.ref[:n] >= 0).sum()), national_applications=int((cand.ref[:n] < 0).sum()),
        budget_usd=None if budget_usd is None else float(budget_usd), programs=table, national=national,
        tier_counts=_tier_counts(table, national), outcome=outcome, without_signals=without, half_signal_effect=half,
        curve=curve, knee_applications=_knee(curve["match_probability"].to_numpy()),
        next_100_gain=_next_100_gain(curve, n), cost=cost, money_saved_usd=saved, not_eligible=n_closed,
        signals=picks, allowance=season.allowance, prefer_subregions=prefer, signal_odds_ratio=season.odds_ratio,
        notes=(season.fees.note, season.allowance.note, *rows.notes, *size_notes,
               *_leftover_note(leftover)),
        socal_first=socal_first, optimiser_probability=optimiser, leftover_signals=leftover,
        no_fees_advice=advice, pool_note=_pool_note(result), named_national=named, model_shown=result.model_shown,
    )


def no_fees_advice(profile: Profile, best_chance: float) -> str:
    """What to do instead of paying, when even the largest list allowed gives under a 1% chance ('' otherwise)."""
    if best_chance >= NO_FEES_BELOW:
        return ""
    return f"Recommend no fees this season: the best list gives under {NO_FEES_BELOW:.0%}. {what_opens_programs(profile)}."


def _leftover_note(leftover: int) -> tuple[str, ...]:
    if leftover <= 0:
        return ()
    return (f"{leftover} signal{'s' if leftover != 1 else ''} for programs elsewhere: place "
            f"{'them' if leftover != 1 else 'it'} where you have ties.",)


def _pool_note(result: ScoreResult) -> str:
    size = result.pool_size
    pool = (f"a built-in pool of {size.total} distinct programs that take your visa ({size.specialty_programs} "
            f"{result.profile.specialty} programs nationally, {size.specialty_programs_source}; SoCal programs "
            f"taken out), described by kind")
    if result.named_national:
        source = str(result.pool.attrs.get("source_file", "")) or "your national list"
        count = (f"the {result.named_national} {result.profile.specialty} programs" if result.named_national > 1
                 else f"the {result.profile.specialty} program")
        return f"Programs elsewhere: first {count} of {source} (named), then {pool}."
    return f"Programs elsewhere: {pool}; import your own national list on the Data page to name them."


# --- the inputs -----------------------------------------------------------------------------------------
def _with_codes(scored: pd.DataFrame, programs: pd.DataFrame) -> pd.DataFrame:
    """A copy of the scored table with ACGME ids and NRMP codes, taken from the input when scoring left them out."""
    socal = scored.copy()
    missing = [col for col in ("acgme_id", "nrmp_codes") if col not in socal.columns]
    for col in missing:
        # a frozen table (the app's) looks its codes up once, not on every plan: the lookup was most of this
        codes = derived(programs, ("plan.codes_by_id", col), partial(_codes_by_id, programs, col))
        if isinstance(codes.dtype, pd.StringDtype) and len(socal):     # a validated table: one lookup, no loop
            socal[col] = socal["program_id"].map(codes).fillna("")
        else:
            socal[col] = [str(v) if isinstance(v, str) else "" for v in socal["program_id"].map(codes.to_dict())]
    return socal


def _codes_by_id(programs: pd.DataFrame, col: str) -> pd.Series:
    """The column by program id, the first row of each id (empty when the input has no such column)."""
    if col not in programs.columns:
        return pd.Series(dtype=object)
    return programs[["program_id", col]].drop_duplicates("program_id").set_index("program_id")[col]


def _checked_choices(socal: pd.DataFrame, specialty: str, include: Iterable[str], exclude: Iterable[str],
                     prefer_subregions: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The user's pins, exclusions and preferred sub-regions, refused with a message before any work is done."""
    known = set(socal["program_id"])
    include = _check_ids("include", include, known, specialty)
    exclude = _check_ids("exclude", exclude, known, specialty)
    both = set(include) & set(exclude)
    if both:
        raise ProfileError("include", sorted(both)[0], "is both pinned and excluded; choose one")
    prefer = tuple(dict.fromkeys(str(s) for s in prefer_subregions))
    for s in prefer:
        if s not in SUBREGIONS:
            raise ProfileError("prefer", s, f"allowed: {', '.join(SUBREGIONS)}")
    return include, exclude, prefer


def _check_ids(name: str, ids: Iterable[str], known: set[str], specialty: str) -> tuple[str, ...]:
    """The ids once each, in the user's order; an unknown id is a typo the user must hear about."""
    ids = tuple(dict.fromkeys(str(i) for i in ids))
    for i in ids:
        if i not in known:
            raise ProfileError(name, i, f"needs to be the id of a {specialty} program in the data")
    return ids


@dataclass(frozen=True)
class _Rows:
    """Per SoCal row, what the screens and the user's choices allow; read by the order and the reasons alike."""
    eligible: np.ndarray
    excluded: np.ndarray
    pinned: np.ndarray           # pinned, eligible and not excluded
    preferred: np.ndarray        # in a preferred sub-region
    notes: tuple[str, ...]


def _row_masks(socal: pd.DataFrame, include: tuple[str, ...], exclude: tuple[str, ...],
               prefer: tuple[str, ...]) -> _Rows:
    """Row masks from the user's choices; a pin on a Not eligible program is dropped, and the user told."""
    eligible = socal["eligible"].to_numpy(bool)
    excluded = socal["program_id"].isin(exclude).to_numpy()
    asked = socal["program_id"].isin(include).to_numpy()
    closed = int((asked & ~eligible).sum())
    notes = (f"{closed} pinned program(s) are Not eligible and stay off the list.",) if closed else ()
    return _Rows(eligible, excluded, asked & eligible & ~excluded, socal["subregion"].isin(prefer).to_numpy(), notes)


# --- the candidate order --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Candidates:
    """Every candidate slot in list order, so that the list at N applications is simply the first N slots."""
    ref: np.ndarray          # >= 0: row in the SoCal table; < 0: national pool row -1 - ref
    chances: ListChances     # log-odds, routes and facts per slot (no signals)
    p: np.ndarray            # the chance shown per slot
    low: np.ndarray
    high: np.ndarray
    weight: np.ndarray       # 1 + preference bonus
    wanted: np.ndarray       # order of want for gold: pins, preferred, then the list order (lower first)
    pinned: int              # the first `pinned` slots are the pins
    nameable: np.ndarray     # a program the applicant can name: SoCal, or one of their own programs elsewhere


def _order(result: ScoreResult, rows: _Rows, socal_first: bool) -> _Candidates:
    """Pins; then (SoCal first) the Realistic and Reach SoCal programs; then everything else by chance x weight."""
    bonus = strategy_setting("preferred_subregion_bonus")
    socal = result.programs
    like, nat = result.likelihood, result.national
    idx = np.flatnonzero(rows.eligible & ~rows.excluded)
    pool = result.national_order
    tiers = socal["tier"].to_numpy(dtype=object)[idx]
    tier_rank = np.select([tiers == Tier.REALISTIC.value, tiers == Tier.REACH.value], [0, 1], 2)
    p = np.concatenate([socal["interview_probability"].to_numpy(float)[idx], nat.probability[pool]])
    w = np.concatenate([1.0 + bonus * rows.preferred[idx].astype(float), np.ones(len(pool))])
    is_pool = np.concatenate([np.zeros(len(idx), bool), np.ones(len(pool), bool)])
    pin = np.concatenate([rows.pinned[idx], np.zeros(len(pool), bool)])
    first = np.concatenate([tier_rank < 2, np.zeros(len(pool), bool)]) & socal_first & ~pin
    named = np.concatenate([np.zeros(len(idx), bool), pool < result.named_national])
    position = np.concatenate([idx, np.arange(len(pool))])
    group = np.where(pin, 0, np.where(first, 1, np.where(named, 2, 3)))
    within_first = np.concatenate([tier_rank, np.zeros(len(pool), int)]) * (group == 1)
    order = np.lexsort((position, is_pool, -(p * w), within_first, group))
    ref = np.concatenate([idx, -1 - pool])[order]
    chances = ListChances.join([
        ListChances(like.log_odds[idx], like.open_chance[idx], like.facts_half[idx], np.ones(len(idx), bool)),
        ListChances(nat.log_odds[pool], nat.open_chance[pool], nat.facts_half[pool], np.zeros(len(pool), bool)),
    ]).take(order)
    low = np.concatenate([socal["interview_low"].to_numpy(float)[idx], nat.low[pool]])[order]
    high = np.concatenate([socal["interview_high"].to_numpy(float)[idx], nat.high[pool]])[order]
    pref = np.concatenate([rows.preferred[idx], np.zeros(len(pool), bool)])[order]
    wanted = np.lexsort((np.arange(len(order)), ~pref, ~pin[order]))
    want_rank = np.empty(len(order), int)
    want_rank[wanted] = np.arange(len(order))
    return _Candidates(ref, chances, p[order], low, high, w[order], want_rank, int(pin.sum()),
                       (ref >= 0) | (-1 - ref < result.named_national))


# --- the curve and the cut at a size or a budget --------------------------------------------------------
@dataclass(frozen=True)
class _Season:
    """The season's fees and the specialty's signal rules, fixed before any list is priced or signalled."""
    season: int
    fees: FeeTable
    allowance: SignalAllowance
    system: str                  # the application system of the specialty (ERAS, ResidencyCAS)
    odds_ratio: float
    n_signals: int               # 0 when signals are off


def _season_rules(specialty: str, cycle_year: int, signals: bool) -> _Season:
    """Fees and signals are set per ERAS season, which is named by the Match year after the cycle."""
    season = eras_season(cycle_year)
    fees, allowance = _season_files(specialty, season)
    return _Season(season, fees, allowance, allowance.application_system, setting("signal_odds_ratio"),
                   allowance.total if signals else 0)


class _KeptItems(FeeTable):
    """A season's fee table whose items are looked up once: the bill asks for the same items on every plan, and
    each look-up filtered the table again. The rows are the table's own (read, never changed)."""

    def item(self, name: str) -> pd.DataFrame:
        kept = self.__dict__.setdefault("_kept", {})     # a frozen dataclass: its own memo, not a field
        if name not in kept:
            kept[name] = super().item(name)
        return kept[name]


@lru_cache(maxsize=64)
def _season_files(specialty: str, season: int) -> tuple[FeeTable, SignalAllowance]:
    """The season's fee table and signal allowance, looked up once per process: both files are read once per
    process already (fees._read_fees, signals._read), and the look-ups were a tenth of a plan."""
    fees = season_fees(season)
    return _KeptItems(fees.season, fees.requested_season, fees.rows), signal_allowance(specialty, season)


@lru_cache(maxsize=64)
def _fees_by_n(season: int, system: str, n_max: int) -> tuple[np.ndarray, float]:
    """application_fee(0..n_max) and the once-a-season fees of `system`, for the season's own fee table: the
    plan prices many list sizes per run, and each call filtered the fee table again. Read-only (shared)."""
    fees = season_fees(season)
    by_n = application_fee(np.arange(n_max + 1), fees, system)
    by_n.setflags(write=False)
    return by_n, float(list_cost(0, fees, system))


def _application_fees(sizes: np.ndarray, season: _Season) -> np.ndarray:
    """application_fee(sizes) from the cached per-size fees (the same numbers; sizes beyond the cache computed)."""
    top = int(np.max(sizes)) if len(sizes) else 0
    n_max = 1 << max(top, 1023).bit_length()      # 1024, 2048, ...: few cache entries for any list
    return _fees_by_n(season.season, season.system, n_max - 1)[0][sizes]


def _list_costs(sizes: np.ndarray, season: _Season) -> np.ndarray:
    """list_cost(sizes): the application fees plus the once-a-season fees, from the cache."""
    top = int(np.max(sizes)) if len(sizes) else 0
    n_max = 1 << max(top, 1023).bit_length()
    by_n, fixed = _fees_by_n(season.season, season.system, n_max - 1)
    return by_n[sizes] + fixed


def _signal_sets(cand: _Candidates, sizes: np.ndarray, season: _Season, fit: Fit) -> list[tuple[int, ...]]:
    """The signalled slots for each list size (signals go among the first n slots' nameable programs).

    A slot's gain does not depend on the list's size, so the gains are computed once for the longest list and
    the sets in one pass (per size, a national table of 10,000 slots took minutes)."""
    n_max = int(np.max(sizes)) if len(sizes) else 0
    if season.n_signals <= 0 or n_max == 0:
        return [()] * len(sizes)
    sets = prefix_signal_sets(_gains(cand, n_max, season, fit), cand.nameable[:n_max], season.n_signals, n_max,
                              cand.weight[:n_max])
    return [sets[int(n)] for n in sizes]


def _signalled(cand: _Candidates, mask: np.ndarray, odds_ratio: float) -> ListChances:
    """The first len(mask) slots, with a signal's odds on the masked ones."""
    n = len(mask)
    part = cand.chances.take(np.arange(n))
    return ListChances(part.log_odds + np.where(mask, np.log(odds_ratio), 0.0), part.route, part.facts_half, part.socal)


def _curve(specialty: str, cand: _Candidates, season: _Season, fit: Fit) -> pd.DataFrame:
    """The plan at every list size (signals placed at each), priced: budgets cut against it, the chart draws it.

    Every signal set rides the same walk over the list (outlook.signalled_curve): the signals change only while
    nameable programs enter, so most sets drop out of the walk after the first few dozen slots.
    """
    sizes = np.arange(len(cand.p) + 1)
    keys = _signal_sets(cand, sizes, season, fit) if season.n_signals else [()] * len(sizes)
    index = {key: i for i, key in enumerate(dict.fromkeys(keys))}     # each signal set once, in order of first use
    variant = np.array([index[key] for key in keys], dtype=int)
    masks = np.zeros((len(index), len(cand.p)), dtype=bool)
    for key, row in index.items():
        masks[row, list(key)] = True
    chance, no_interview, extra_ranks = signalled_curve(specialty, cand.chances, fit, sizes, masks, variant,
                                                        season.odds_ratio)
    rank_fee = season.fees.item("NRMP ranks beyond 20")["usd"]
    per_rank = float(rank_fee.iloc[0]) if len(rank_fee) else 0.0
    # each size's cost: the certain fees plus the expected fee for ranks beyond 20 (as in the breakdown)
    expected = np.round(per_rank * extra_ranks, 2)
    costs = np.where(sizes > 0, _list_costs(sizes, season) + np.where(expected >= 0.01, expected, 0.0),
                     0.0)
    return pd.DataFrame({"applications": sizes, "match_probability": chance, "cost_usd": costs,
                         "p_no_interview": no_interview})


def _list_size(applications: int | None, budget_usd: float | None, costs: np.ndarray, n_max: int, pool: int,
               pinned: int) -> tuple[int, list[str]]:
    """How many slots: as asked, or the most a budget's cost buys; never fewer than the pins, and then say so."""
    notes = []
    if applications is not None:
        if not 0 <= int(applications) <= APPLICATIONS_MAX:
            raise ProfileError("applications", applications, f"needs to be between 0 and {APPLICATIONS_MAX}")
        n = min(int(applications), n_max)
        if n < int(applications):
            notes.append(f"Only {n_max} programs can take you ({n_max - pool} eligible SoCal programs + {pool} "
                         f"elsewhere that take your visa): the list stops at {n_max}, not {int(applications)}.")
    elif budget_usd is not None:
        if not 0 <= float(budget_usd) <= BUDGET_MAX_USD:
            raise ProfileError("budget", budget_usd, f"needs to be between 0 and {BUDGET_MAX_USD} US dollars")
        n = int(np.flatnonzero(costs <= float(budget_usd) + 1e-9)[-1])
    else:       # plan() refuses this before any work
        raise ProfileError("applications", applications, "give either a number of applications or a budget")
    if n < pinned:
        notes.append(f"The {pinned} pinned programs are more than the {n} applications asked for; "
                     "all pinned programs are kept.")
        n = pinned
    if budget_usd is not None and costs[n] > float(budget_usd) + 1e-9:
        notes.append(f"The pinned programs cost ${costs[n]:,.0f}, more than the ${float(budget_usd):,.0f} budget.")
    return n, notes


def _knee(curve: np.ndarray) -> int:
    """The size after which `knee_window` more applications add less than `knee_gain`: where more stops paying."""
    window, gain = int(strategy_setting("knee_window")), strategy_setting("knee_gain")
    if len(curve) <= window:
        return len(curve) - 1
    steps = curve[window:] - curve[:-window]
    big = np.flatnonzero(steps >= gain)
    return int(big[-1] + 1) if len(big) else 0


def _next_100_gain(curve: pd.DataFrame, n: int) -> float:
    """The chance the next $100 buys: the largest list within $100 of this one's cost, so budgets read in money."""
    chance, costs = curve["match_probability"].to_numpy(), curve["cost_usd"].to_numpy()
    reach = np.flatnonzero(costs <= costs[n] + 100 + 1e-9)
    return float(chance[reach[-1]] - chance[n]) if len(reach) else 0.0


# --- the signals ----------------------------------------------------------------------------------------
def _gains(cand: _Candidates, n: int, season: _Season, fit: Fit) -> np.ndarray:
    part = cand.chances.take(np.arange(n))
    return signal_gain(part.log_odds, part.route, fit.sigma, season.odds_ratio)


def _place_signals(cand: _Candidates, n: int, season: _Season, fit: Fit) -> np.ndarray:
    """Boolean mask over the first n slots: signals on nameable programs where the weighted gain is largest."""
    if season.n_signals <= 0 or n == 0:
        return np.zeros(n, dtype=bool)
    return place_signals(_gains(cand, n, season, fit), cand.nameable[:n], season.n_signals, cand.weight[:n])


def _signal_kinds(cand: _Candidates, n: int, mask: np.ndarray, season: _Season) -> np.ndarray:
    """Per slot "gold", "silver", "signal" or "": gold to the signalled programs the applicant most wants."""
    gold = season.allowance.gold
    kinds = np.array(["" for _ in range(n)], dtype=object)
    slots = np.flatnonzero(mask)
    slots = slots[np.argsort(cand.wanted[slots], kind="stable")]
    for i, slot in enumerate(slots):
        kinds[slot] = "gold" if i < gold else ("silver" if gold else "signal")
    return kinds


def _signal_picks(socal: pd.DataFrame, result: ScoreResult, cand: _Candidates, mask: np.ndarray,
                  kinds: np.ndarray, after: np.ndarray) -> tuple[SignalPick, ...]:
    """The signals as the user sends them, gold first: one per program the applicant can name."""
    slots = np.flatnonzero(mask)
    slots = slots[np.argsort([0 if kinds[s] == "gold" else 1 for s in slots], kind="stable")]
    # whole columns once: a SoCal row taken as a Series per signal cost more than the rest of the picks
    ids, names, subregions = (socal[c].to_numpy(dtype=object) for c in ("program_id", "name", "subregion"))
    picks = []
    for s in slots:
        ref = cand.ref[s]
        if ref >= 0:
            pid, name, where = str(ids[ref]), str(names[ref]), str(subregions[ref])
        else:
            row = result.pool.iloc[-1 - ref]
            pid, name, where = str(row["program_id"]), str(row["name"]), f"{row.get('city', '')}, {row.get('state', '')}"
        picks.append(SignalPick(kinds[s], pid, name, where, 1, float(cand.p[s]), float(after[s])))
    return tuple(picks)


# --- the outcome ----------------------------------------------------------------------------------------
def _plan_outcome(o: Outlook) -> PlanOutcome:
    """A list's outlook as the plan shows it, with the expected ranks beyond 20 (the fee they cost)."""
    pmf = np.asarray(o.interview_pmf)
    extra = float(np.dot(pmf, np.clip(np.arange(len(pmf)) - 20, 0, None)))
    return PlanOutcome(o.match_probability, o.match_probability_low, o.match_probability_high, o.p_no_interview,
                       o.expected_interviews, extra)


def _outcomes(specialty: str, cand: _Candidates, n: int, mask: np.ndarray, season: _Season, fit: Fit,
              optimiser: ListChances | None) -> tuple[PlanOutcome, PlanOutcome, PlanOutcome, float | None]:
    """With the signals, without them, and at half their effect (how much of the chance rests on the signals),
    and the optimiser's list's chance: the model's own outlooks, every list in one walk."""
    lists = [_signalled(cand, mask, season.odds_ratio)]
    if mask.any():          # no signals recommended: the three outlooks are the same list
        lists += [_signalled(cand, np.zeros(n, dtype=bool), season.odds_ratio),
                  _signalled(cand, mask, float(np.sqrt(season.odds_ratio)))]
    outlooks = list_outlooks(specialty, lists + ([] if optimiser is None else [optimiser]), fit)
    outcome, *rest = (_plan_outcome(o) for o in outlooks[:len(lists)])
    without, half = rest if rest else (outcome, outcome)
    return outcome, without, half, None if optimiser is None else outlooks[-1].match_probability


def _optimiser_list(result: ScoreResult, rows: _Rows, n: int, season: _Season, fit: Fit) -> ListChances:
    """The same number of applications in the pure optimiser's order (no SoCal first), its signals placed."""
    other = _order(result, rows, socal_first=False)
    n = min(n, len(other.p))
    return _signalled(other, _place_signals(other, n, season, fit), season.odds_ratio)


# --- the tables the pages and exports show --------------------------------------------------------------
def _programs_table(socal: pd.DataFrame, rows: _Rows, cand: _Candidates, n: int, mask: np.ndarray,
                    kinds: np.ndarray, season: _Season, after: np.ndarray) -> pd.DataFrame:
    """The SoCal table with chosen, preferred, signal and why: every program, each with its reason. socal is the
    plan's own copy (_with_codes), so the columns go onto it rather than onto another copy of a wide table."""
    out = socal
    refs = cand.ref[:n]
    at = out.index.get_indexer(refs[refs >= 0])         # the rows by label, as .loc would take them
    if (at < 0).any():     # get_indexer marks a missing label -1, which would silently pick the last row
        raise KeyError("a list slot names a SoCal row the scored table does not have")
    chosen = np.zeros(len(out), dtype=bool)
    chosen[at] = True
    slots = np.flatnonzero((refs >= 0) & mask)
    signal = np.full(len(out), "", dtype=object)
    signalled = out["interview_probability"].to_numpy(dtype=float, copy=True)
    signalled_at = out.index.get_indexer(refs[slots])
    signal[signalled_at] = kinds[slots]
    signalled[signalled_at] = after[slots]
    # whole columns at once: .loc per column (and per signalled row before) was most of this table's time
    out["chosen"] = chosen
    out["preferred"] = rows.preferred
    out["signal"] = signal
    out["interview_probability_signalled"] = signalled
    out["why"] = _why(out, rows, _margin(out, cand, n, season))
    return out


@dataclass(frozen=True)
class _Margin:
    """The last slot chosen and the next application's fee: the yardstick each program left out is read against."""
    n: int
    fee_next: float
    last_p: float                # its chance x weight
    last_name: str


def _margin(socal: pd.DataFrame, cand: _Candidates, n: int, season: _Season) -> _Margin:
    """What the list's last slot offers and what one more costs, so a left-out program's line can compare."""
    fee_next = _fee_of_more(n, 1, season)
    if not n:
        return _Margin(n, fee_next, 0.0, "")
    last = cand.ref[n - 1]
    name = socal.loc[last, "name"] if last >= 0 else "a program elsewhere"
    return _Margin(n, fee_next, float(cand.p[n - 1] * cand.weight[n - 1]), name)


def _why(socal: pd.DataFrame, rows: _Rows, margin: _Margin) -> list[str]:
    """One line per SoCal program, so that no choice on or off the list goes unexplained."""
    bonus = strategy_setting("preferred_subregion_bonus")
    columns = (socal["interview_probability"].tolist(), socal["reasons"].tolist(), socal["chosen"].tolist(),
               socal["tier"].tolist())        # whole columns, not rows: itertuples read every cell through Arrow
    return [_why_one(p, reasons, chosen, tier, i, rows, margin, bonus)
            for i, (p, reasons, chosen, tier) in enumerate(zip(*columns))]


def _why_one(p: float, reasons: Any, chosen: bool, tier: str, i: int, rows: _Rows, margin: _Margin,
             bonus: float) -> str:
    """One program's reason, the first that applies: Not eligible, excluded, pinned, chosen, below the margin."""
    p = float(p)
    pref = f"; in a preferred sub-region (its value counts {bonus:.0%} more)" if rows.preferred[i] else ""
    if not rows.eligible[i]:
        reason = next((r for r in reasons if r.startswith("Not eligible")), "Not eligible")
        return f"{reason} — never on the list; saves ${margin.fee_next:,.0f}"
    if rows.excluded[i]:
        return "Excluded by you"
    if chosen and rows.pinned[i]:
        return f"Pinned by you (interview chance {p:.1%}){pref}"
    if chosen and tier in (Tier.REALISTIC.value, Tier.REACH.value):
        return f"Chosen: {tier} in Southern California (interview chance {p:.1%}), SoCal first{pref}"
    if chosen:
        return f"Chosen: interview chance {p:.1%}, among the {margin.n} best chances per dollar{pref}"
    weight = f" (x{1 + bonus:g} in your preferred sub-region)" if rows.preferred[i] else ""
    if not margin.n:
        return f"Not on the list: no applications are recommended (interview chance {p:.1%})"
    return (f"Below the marginal value: a {p:.1%} interview chance{weight} adds less per dollar than the "
            f"last one chosen ({margin.last_p:.1%}, {margin.last_name}); it would cost ${margin.fee_next:,.0f} more")


def _named_table(result: ScoreResult, cand: _Candidates, n: int, kinds: np.ndarray, after: np.ndarray,
                 pool_tiers: np.ndarray) -> pd.DataFrame:
    """The user's own programs elsewhere on the list, by name, with their chance and signal."""
    slots = np.flatnonzero((cand.ref[:n] < 0) & (-1 - cand.ref[:n] < result.named_national))
    rows = -1 - cand.ref[slots]
    pool = result.pool

    def column(name: str) -> pd.Series:
        """pool.iloc[rows].reset_index(drop=True)[name], taking one column rather than the whole pool's rows."""
        return pool[name].iloc[rows].reset_index(drop=True) if name in pool.columns else pd.Series(dtype=object)

    tiers = pool_tiers[rows] if len(rows) else np.array([], dtype=object)
    return pd.DataFrame({
        "program_id": column("program_id"), "name": column("name"), "city": column("city"),
        "state": column("state"), "kind": column("program_type"), "tier": tiers,
        "interview_probability": cand.p[slots], "signal": kinds[slots] if len(slots) else [],
        "interview_probability_signalled": after[slots] if len(slots) else [],
        "source_url": column("source_url"),
    })


def _pool_tiers(result: ScoreResult) -> np.ndarray:
    """The tier of each pool program, from the same effective-score gap as a SoCal program's."""
    pool = result.pool
    kinds = selectivity_class(pool)
    eff = effective_score(result.profile, pool, kinds, result.years_since_graduation, socal=False)
    return assign_tiers(eff.gap, np.ones(len(pool)), np.ones(len(pool), dtype=bool))


def _tally(values: np.ndarray) -> dict[str, int]:
    """Each value's count, most first and ties in order of first appearance: pd.Series(values).value_counts()'s
    order, without a Series per kind of program on every plan."""
    values = values[pd.notna(values)]          # value_counts leaves missing values out
    if not len(values):
        return {}
    keys, first, counts = np.unique(values.astype(str), return_index=True, return_counts=True)
    seen = np.argsort(first, kind="stable")
    order = seen[np.argsort(-counts[seen], kind="stable")]
    return {str(keys[i]): int(counts[i]) for i in order}


def _national_table(result: ScoreResult, cand: _Candidates, n: int, tiers: np.ndarray) -> pd.DataFrame:
    """One row per kind of program elsewhere: the pool, the applications taken, their best and last chance, tier."""
    pool_rows = -1 - cand.ref[:n][cand.ref[:n] < 0]
    pool_rows = pool_rows[pool_rows >= result.named_national]
    kinds = result.pool["program_type"].to_numpy(dtype=object).copy()
    kinds[:result.named_national] = ""          # the user's own programs are listed by name, not by kind
    prob = result.national.probability
    out = []
    for kind in NATIONAL_KINDS:
        taken = pool_rows[kinds[pool_rows] == kind]
        in_pool = np.flatnonzero(kinds == kind)
        best = taken[np.argmax(prob[taken])] if len(taken) else (in_pool[np.argmax(prob[in_pool])] if len(in_pool) else -1)
        last = taken[np.argmin(prob[taken])] if len(taken) else best
        tier_counts = _tally(tiers[taken])
        out.append({
            "archetype": kind, "label": KIND_LABELS[kind], "applications": int(len(taken)), "signals": 0,
            "tier": next(iter(tier_counts)) if tier_counts else (str(tiers[best]) if best >= 0 else ""),
            "tiers": tier_counts,
            "interview_probability": float(prob[best]) if best >= 0 else 0.0,
            "interview_probability_last": float(prob[last]) if last >= 0 else 0.0,
            "interview_low": float(result.national.low[best]) if best >= 0 else 0.0,
            "interview_high": float(result.national.high[best]) if best >= 0 else 0.0,
            "pool": int(len(in_pool)), "cap": int(len(in_pool)),
        })
    return pd.DataFrame(out)


def _tier_counts(socal: pd.DataFrame, national: pd.DataFrame) -> dict[str, int]:
    """Applications per tier, SoCal and elsewhere together: the mix of the whole list at a glance."""
    counts = {t.value: 0 for t in TIER_ORDER if t is not Tier.NOT_ELIGIBLE}
    chosen = socal["tier"].to_numpy(dtype=object)[socal["chosen"].to_numpy(dtype=bool)]
    for t, k in _tally(chosen).items():
        counts[t] = counts.get(t, 0) + int(k)
    for tiers in national["tiers"]:
        for t, k in tiers.items():
            counts[t] = counts.get(t, 0) + int(k)
    return counts


# --- the money ------------------------------------------------------------------------------------------
def _cost(specialty: str, n: int, also_applying: Mapping[str, int] | None, outcome: PlanOutcome,
          season: _Season) -> CostBreakdown:
    """The season's bill: each specialty's own fee bands, plus the expected fee for ranks beyond 20."""
    counts = {specialty: n, **{k: int(v) for k, v in (also_applying or {}).items() if k != specialty}}
    systems = {specialty: season.system,
               **{k: signal_allowance(k, season.season).application_system for k in counts if k != specialty}}
    return cost_breakdown(counts, season.fees, systems=systems, expected_extra_ranks=outcome.expected_extra_ranks)


def _requested_cost(applications: int | None, budget_usd: float | None, season: _Season) -> float:
    """What the list asked for would have cost (fees for that many applications, or the budget's worth)."""
    if applications is not None:
        return float(list_cost(int(applications), season.fees, season.system)) if applications else 0.0
    sizes = np.arange(0, APPLICATIONS_MAX + 1)
    costs = np.where(sizes > 0, _list_costs(sizes, season), 0.0)
    return float(costs[costs <= float(budget_usd or 0) + 1e-9].max())


def _fee_of_more(n: int, more: int, season: _Season) -> float:
    """What `more` applications cost on top of n: the fee bands make it depend on n."""
    fees = _application_fees(np.array([n, n + more]), season)
    return float(fees[1] - fees[0])
