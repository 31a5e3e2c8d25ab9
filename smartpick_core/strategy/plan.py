"""The SmartPick list: which programs to apply to for a number of applications or a budget, and what it buys.

    plan(profile, programs, applications=N | budget_usd=USD, include=(), exclude=(), prefer_subregions=(),
         signals=True, cycle_year=None) -> ApplicationPlan

Method (docs/list.md):
- Candidates are the eligible SoCal programs of the specialty (Not eligible never enters; excluded ones are left
  out) and the three national archetypes (community / county / university), each archetype up to its share of
  `national_pool_max` slots, with the model's interview chance (score()).
- Choice by marginal value per dollar. Adding a program with interview chance p to a list whose interview count
  has distribution P(K = k) raises the chance to match by p x D, with D = sum_k P(K = k) (m(k+1) - m(k)) and m the
  NRMP match-given-k curve: D is the same for every candidate and the next application's fee is the same whichever
  program it goes to, so the greedy order is the order of p x (1 + preference bonus). Pinned programs come first.
  Without a preference this order is also the exhaustive optimum (a larger p makes K stochastically larger and m
  rises in k); tests/test_plan.py checks it against exhaustive search.
- The plan at N applications is the first N of that order; a budget buys the largest N whose certain cost fits.
- Signals go, among the chosen programs (SoCal programs and national slots), where the gain in interview chance
  (odds x `signal_odds_ratio`, weighted by the preference bonus) is largest; gold to the largest gains.
- The outlook is the model's own Poisson-binomial (`model.outlook.match_outcome`), band from the low/high chances.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..model.effective import effective_score
from ..model.outlook import NATIONAL_ARCHETYPES, match_outcome, national_allocation, national_programs
from ..model.profile import SUBREGIONS, Profile, ProfileError
from ..model.scoring import score
from ..model.settings import MODEL_VERSION
from ..model.tiers import TIER_ORDER, Tier, assign_tiers
from ..programs.kinds import selectivity_class
from .fees import CostBreakdown, FeeTable, application_fee, cost_breakdown, eras_season, list_cost, season_fees
from .settings import strategy_setting
from .signals import SignalAllowance, signal_allowance, signalled

if TYPE_CHECKING:
    from ..model.likelihood import Likelihood
    from ..model.scoring import ScoreResult

BUDGET_MAX_USD = 100_000
ARCHETYPE_LABELS = {"community": "Community programs elsewhere", "county": "County programs elsewhere",
                    "university": "University programs elsewhere"}


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
    national: pd.DataFrame        # one row per archetype: applications, signals, tier, chance
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
    model_version: str = MODEL_VERSION

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
                          "tier": r.tier, "interview_probability": round(float(r.interview_probability), 4)}
                         for r in self.national.itertuples()],
            "signals": [s.to_dict() for s in self.signals],
            "signal_allowance": {"gold": self.allowance.gold, "silver": self.allowance.silver,
                                 "confirmed": self.allowance.confirmed, "note": self.allowance.note},
            "without_signals": self.without_signals.to_dict(),
            "half_signal_effect": self.half_signal_effect.to_dict(),
            "next_100_usd_gain": round(self.next_100_gain, 4),
            "money_saved_usd": round(self.money_saved_usd, 2),
            "left_out": [{"program_id": r.program_id, "name": r.name, "tier": r.tier, "why": r.why}
                         for r in self.left_out.itertuples()],
            "notes": list(self.notes),
        }


# --- the pipeline ---------------------------------------------------------------------------------------
def plan(profile: Profile, programs: pd.DataFrame, *, applications: int | None = None,
         budget_usd: float | None = None, include: Iterable[str] = (), exclude: Iterable[str] = (),
         prefer_subregions: Iterable[str] = (), signals: bool = True, cycle_year: int | None = None,
         also_applying: Mapping[str, int] | None = None) -> ApplicationPlan:
    """The application list for N applications or a budget (exactly one), with signals, costs and the curve.

    also_applying: programs in other specialties ({specialty: n}); they add their own fee bands to the cost only.
    """
    if (applications is None) == (budget_usd is None):
        raise ProfileError("applications", applications, "give either a number of applications or a budget, not both")
    result = score(profile, programs, n_national=0, cycle_year=cycle_year)
    specialty = profile.specialty
    socal = _with_codes(result.programs, programs)
    include, exclude, prefer = _checked_choices(socal, specialty, include, exclude, prefer_subregions)
    rows = _row_masks(socal, include, exclude, prefer)
    pool = int(strategy_setting("national_pool_max"))
    caps = national_allocation(pool)
    cand = _order(socal, rows.eligible & ~rows.excluded, rows.pinned, rows.preferred, result.national, caps)
    season = _season_rules(specialty, result.cycle_year, signals)
    curve = _curve(specialty, cand, season)
    n, size_notes = _list_size(applications, budget_usd, curve["cost_usd"].to_numpy(), len(cand.p), pool, cand.pinned)
    mask = _place_signals(cand, n, season.n_signals, season.odds_ratio)
    outcome, without, half = _outcomes(specialty, cand, n, mask, season.odds_ratio)
    kinds = _signal_kinds(cand, n, mask, season)
    table = _programs_table(socal, rows, cand, n, mask, kinds, season)
    national = _national_table(profile, result, cand.ref[:n], mask, caps, season.odds_ratio)
    tier_counts = _tier_counts(table, national)
    picks = _signal_picks(table, national, cand.ref[:n], mask, kinds, cand, season.odds_ratio)
    cost = _cost(specialty, n, also_applying, outcome, season)
    n_closed = int((~rows.eligible).sum())
    return ApplicationPlan(
        profile=profile, cycle_year=result.cycle_year, applications=n,
        socal_applications=int((cand.ref[:n] >= 0).sum()), national_applications=int(national["applications"].sum()),
        budget_usd=None if budget_usd is None else float(budget_usd), programs=table, national=national,
        tier_counts=tier_counts, outcome=outcome, without_signals=without, half_signal_effect=half, curve=curve,
        knee_applications=_knee(curve["match_probability"].to_numpy()), next_100_gain=_next_100_gain(curve, n),
        cost=cost, money_saved_usd=_fee_of_more(n, n_closed, season), not_eligible=n_closed, signals=picks,
        allowance=season.allowance, prefer_subregions=prefer, signal_odds_ratio=season.odds_ratio,
        notes=(season.fees.note, season.allowance.note, *rows.notes, *size_notes),
    )


# --- the inputs -----------------------------------------------------------------------------------------
def _with_codes(scored: pd.DataFrame, programs: pd.DataFrame) -> pd.DataFrame:
    """A copy of the scored table with ACGME ids and NRMP codes, taken from the input when scoring left them out."""
    socal = scored.copy()
    for col in ("acgme_id", "nrmp_codes"):
        if col not in socal.columns:
            codes = programs.drop_duplicates("program_id").set_index("program_id")[col] if col in programs.columns \
                else pd.Series(dtype=object)
            socal[col] = [str(v) if isinstance(v, str) else "" for v in socal["program_id"].map(codes.to_dict())]
    return socal


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
    """Every candidate slot in greedy order, so that the list at N applications is simply the first N slots."""
    ref: np.ndarray          # >= 0: row in the SoCal table; < 0: national archetype -1 - ref
    p: np.ndarray
    low: np.ndarray
    high: np.ndarray
    weight: np.ndarray       # 1 + preference bonus
    pinned: int              # the first `pinned` slots are the pins


def _order(socal: pd.DataFrame, candidate: np.ndarray, pinned: np.ndarray, preferred: np.ndarray,
           national: Likelihood, caps: np.ndarray) -> _Candidates:
    """SoCal programs and national slots in one order: pins, then p x weight (the marginal value per dollar)."""
    bonus = strategy_setting("preferred_subregion_bonus")
    idx = np.flatnonzero(candidate)
    p = socal["interview_probability"].to_numpy(float)
    w = 1.0 + bonus * preferred.astype(float)
    s_ref, s_p, s_lo, s_hi, s_w = idx, p[idx], socal["interview_low"].to_numpy(float)[idx], \
        socal["interview_high"].to_numpy(float)[idx], w[idx]
    n_ref = np.repeat(-1 - np.arange(len(caps)), caps.astype(int))
    n_a = -1 - n_ref
    ref = np.concatenate([s_ref, n_ref])
    pp = np.concatenate([s_p, national.probability[n_a]])
    lo = np.concatenate([s_lo, national.low[n_a]])
    hi = np.concatenate([s_hi, national.high[n_a]])
    ww = np.concatenate([s_w, np.ones(len(n_ref))])
    is_pin = np.concatenate([pinned[idx], np.zeros(len(n_ref), dtype=bool)])
    ids = np.concatenate([socal["program_id"].to_numpy(str)[idx], np.array([f"~{a}" for a in n_a], dtype=str)]) \
        if len(ref) else np.array([], dtype=str)
    # pins first, then the marginal value per dollar (p x weight), ties: SoCal before national, then id
    order = np.lexsort((ids, ref < 0, -(pp * ww), ~is_pin)) if len(ref) else np.array([], dtype=int)
    return _Candidates(ref[order], pp[order], lo[order], hi[order], ww[order], int(is_pin.sum()))


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
    fees = season_fees(season)
    allowance = signal_allowance(specialty, season)
    return _Season(season, fees, allowance, allowance.application_system, strategy_setting("signal_odds_ratio"),
                   allowance.total if signals else 0)


def _curve(specialty: str, cand: _Candidates, season: _Season) -> pd.DataFrame:
    """The plan at every list size (signals placed at each), priced: budgets cut against it, the chart draws it."""
    sizes = np.arange(len(cand.p) + 1)
    points = [_outcome(specialty, cand, n, _place_signals(cand, n, season.n_signals, season.odds_ratio),
                       season.odds_ratio, band=False) for n in range(len(sizes))]
    chance = np.array([pt.match_probability for pt in points])
    rank_fee = season.fees.item("NRMP ranks beyond 20")["usd"]
    per_rank = float(rank_fee.iloc[0]) if len(rank_fee) else 0.0
    extra_ranks = np.round(per_rank * np.array([pt.expected_extra_ranks for pt in points]), 2)
    # the cost of each list size: certain fees plus the expected fee for ranks beyond 20 (as in the breakdown)
    extra = np.where(extra_ranks >= 0.01, extra_ranks, 0.0)
    costs = np.where(sizes > 0, list_cost(sizes, season.fees, season.system) + extra, 0.0)
    return pd.DataFrame({"applications": sizes, "match_probability": chance, "cost_usd": costs})


def _list_size(applications: int | None, budget_usd: float | None, costs: np.ndarray, n_max: int, pool: int,
               pinned: int) -> tuple[int, list[str]]:
    """How many slots: as asked, or the most a budget's cost buys; never fewer than the pins, and then say so."""
    if applications is not None:
        if not 0 <= int(applications) <= n_max:
            raise ProfileError("applications", applications, f"needs to be between 0 and {n_max} "
                               f"({n_max - pool} eligible SoCal programs + {pool} elsewhere)")
        n = int(applications)
    elif budget_usd is not None:
        if not 0 <= float(budget_usd) <= BUDGET_MAX_USD:
            raise ProfileError("budget", budget_usd, f"needs to be between 0 and {BUDGET_MAX_USD} US dollars")
        n = int(np.flatnonzero(costs <= float(budget_usd) + 1e-9)[-1])
    else:       # plan() refuses this before any work
        raise ProfileError("applications", applications, "give either a number of applications or a budget")
    notes = []
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
def _place_signals(c: _Candidates, n: int, n_signals: int, odds_ratio: float) -> np.ndarray:
    """Boolean mask over the first n slots: a signal is worth most where the weighted gain in chance is largest."""
    mask = np.zeros(n, dtype=bool)
    if n_signals <= 0 or n == 0:
        return mask
    gain = (signalled(c.p[:n], odds_ratio) - c.p[:n]) * c.weight[:n]
    gain = np.where(c.p[:n] > 0, gain, -1.0)    # a zero chance (never eligible here) takes no signal
    top = np.argsort(-gain, kind="stable")[:n_signals]
    mask[top[gain[top] > 0]] = True
    return mask


def _signal_kinds(cand: _Candidates, n: int, mask: np.ndarray, season: _Season) -> np.ndarray:
    """Per slot "gold", "silver", "signal" or "": the few gold signals go where the gain is largest."""
    gold = season.allowance.gold
    gain = (signalled(cand.p[:n], season.odds_ratio) - cand.p[:n]) * cand.weight[:n]
    order_of_signal = np.argsort(-gain * mask, kind="stable")
    gold_slots = set(order_of_signal[:min(gold, int(mask.sum()))].tolist()) if gold else set()
    kinds = np.array(["" for _ in range(n)], dtype=object)
    for slot in np.flatnonzero(mask):
        kinds[slot] = "gold" if slot in gold_slots else ("silver" if gold else "signal")
    return kinds


def _signal_picks(socal: pd.DataFrame, national: pd.DataFrame, refs: np.ndarray, mask: np.ndarray,
                  kinds: np.ndarray, cand: _Candidates, odds_ratio: float) -> tuple[SignalPick, ...]:
    """The signals as the user sends them: gold first, one per SoCal program, national slots counted per archetype."""
    picks: list[SignalPick] = []
    slots = np.flatnonzero(mask)
    slots = slots[np.argsort([0 if kinds[s] == "gold" else 1 for s in slots], kind="stable")]
    grouped: dict[tuple[str, int], int] = {}
    for s in slots:
        if refs[s] >= 0:
            row = socal.loc[refs[s]]
            picks.append(SignalPick(kinds[s], str(row["program_id"]), str(row["name"]), str(row["subregion"]), 1,
                                    float(cand.p[s]), float(signalled(cand.p[s], odds_ratio))))
        else:
            key = (kinds[s], int(-1 - refs[s]))
            grouped[key] = grouped.get(key, 0) + 1
    for (kind, a), count in grouped.items():
        p = float(national.loc[a, "interview_probability"])
        picks.append(SignalPick(kind, NATIONAL_ARCHETYPES[a], ARCHETYPE_LABELS[NATIONAL_ARCHETYPES[a]], "", count,
                                p, float(signalled(p, odds_ratio))))
    return tuple(picks)


# --- the outcome ----------------------------------------------------------------------------------------
def _outcome(specialty: str, c: _Candidates, n: int, signal_mask: np.ndarray, odds_ratio: float,
             band: bool = True) -> PlanOutcome:
    """Match outcome of the first n slots, signalled ones with their odds multiplied: the model's own outlook."""
    def chances(arr: np.ndarray) -> np.ndarray:
        out = arr[:n].copy()
        out[signal_mask] = signalled(out[signal_mask], odds_ratio)
        return out

    def grouped(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # SoCal slots one by one; national slots as binomials per (archetype, signalled, chance)
        socal = c.ref[:n] >= 0
        probs, counts = [arr[socal]], [np.ones(int(socal.sum()))]
        nat = ~socal
        if nat.any():
            keys, inverse = np.unique(np.stack([c.ref[:n][nat], signal_mask[nat]]), axis=1, return_inverse=True)
            inverse = inverse.ravel()
            values = arr[nat]
            first = np.array([np.flatnonzero(inverse == g)[0] for g in range(keys.shape[1])])
            probs.append(values[first])
            counts.append(np.bincount(inverse, minlength=keys.shape[1]).astype(float))
        return np.concatenate(probs), np.concatenate(counts)

    p, counts = grouped(chances(c.p))
    central = match_outcome(specialty, p, counts)
    extra = float(np.dot(central.pmf, np.clip(np.arange(len(central.pmf)) - 20, 0, None)))
    if band:
        low = match_outcome(specialty, *grouped(chances(c.low))).match_probability
        high = match_outcome(specialty, *grouped(chances(c.high))).match_probability
    else:
        low = high = central.match_probability
    return PlanOutcome(central.match_probability, low, high, central.p_no_interview, float(p @ counts), extra)


def _outcomes(specialty: str, cand: _Candidates, n: int, mask: np.ndarray,
              odds_ratio: float) -> tuple[PlanOutcome, PlanOutcome, PlanOutcome]:
    """With the signals, without them, and at half their effect: how much of the chance rests on the signals."""
    outcome = _outcome(specialty, cand, n, mask, odds_ratio)
    without = _outcome(specialty, cand, n, np.zeros(n, dtype=bool), odds_ratio)
    half = _outcome(specialty, cand, n, mask, float(np.sqrt(odds_ratio)))
    if not mask.any():          # no signals recommended: the three outlooks are the same list
        return outcome, outcome, outcome
    return outcome, without, half


# --- the tables the pages and exports show --------------------------------------------------------------
def _programs_table(socal: pd.DataFrame, rows: _Rows, cand: _Candidates, n: int, mask: np.ndarray,
                    kinds: np.ndarray, season: _Season) -> pd.DataFrame:
    """A copy of the SoCal table with chosen, preferred, signal and why: every program, each with its reason."""
    out = socal.copy()
    refs = cand.ref[:n]
    out["chosen"] = False
    out.loc[refs[refs >= 0], "chosen"] = True
    out["preferred"] = rows.preferred
    out["signal"] = ""
    out["interview_probability_signalled"] = out["interview_probability"]
    for slot in np.flatnonzero((refs >= 0) & mask):
        out.loc[refs[slot], "signal"] = kinds[slot]
        out.loc[refs[slot], "interview_probability_signalled"] = float(signalled(cand.p[slot], season.odds_ratio))
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
    name = socal.loc[last, "name"] if last >= 0 else ARCHETYPE_LABELS[NATIONAL_ARCHETYPES[-1 - last]].lower()
    return _Margin(n, fee_next, float(cand.p[n - 1] * cand.weight[n - 1]), name)


def _why(socal: pd.DataFrame, rows: _Rows, margin: _Margin) -> list[str]:
    """One line per SoCal program, so that no choice on or off the list goes unexplained."""
    bonus = strategy_setting("preferred_subregion_bonus")
    return [_why_one(row, i, rows, margin, bonus) for i, row in enumerate(socal.itertuples())]


def _why_one(row: Any, i: int, rows: _Rows, margin: _Margin, bonus: float) -> str:
    """One program's reason, the first that applies: Not eligible, excluded, pinned, chosen, below the margin."""
    p = float(row.interview_probability)
    pref = f"; in a preferred sub-region (its value counts {bonus:.0%} more)" if rows.preferred[i] else ""
    if not rows.eligible[i]:
        reason = next((r for r in row.reasons if r.startswith("Not eligible")), "Not eligible")
        return f"{reason} — never on the list; saves ${margin.fee_next:,.0f}"
    if rows.excluded[i]:
        return "Excluded by you"
    if row.chosen and rows.pinned[i]:
        return f"Pinned by you (interview chance {p:.1%}){pref}"
    if row.chosen:
        return f"Chosen: interview chance {p:.1%}, among the {margin.n} best chances per dollar{pref}"
    weight = f" (x{1 + bonus:g} in your preferred sub-region)" if rows.preferred[i] else ""
    return (f"Below the marginal value: a {p:.1%} interview chance{weight} adds less per dollar than the "
            f"last one chosen ({margin.last_p:.1%}, {margin.last_name}); it would cost ${margin.fee_next:,.0f} more")


def _national_table(profile: Profile, result: ScoreResult, refs: np.ndarray, mask: np.ndarray, caps: np.ndarray,
                    odds_ratio: float) -> pd.DataFrame:
    """One row per archetype: the slots the list takes there and signals, its tier, chances and cap."""
    nat_refs = -1 - refs[refs < 0]
    counts = np.bincount(nat_refs, minlength=len(NATIONAL_ARCHETYPES)) if len(nat_refs) else np.zeros(3, int)
    nat_mask = (refs < 0) & mask
    signal_counts = np.bincount(-1 - refs[nat_mask], minlength=3) if nat_mask.any() else np.zeros(3, int)
    nat = result.national
    return pd.DataFrame({
        "archetype": list(NATIONAL_ARCHETYPES),
        "label": [ARCHETYPE_LABELS[a] for a in NATIONAL_ARCHETYPES],
        "applications": counts.astype(int), "signals": signal_counts.astype(int),
        "tier": _archetype_tiers(profile, result.years_since_graduation, nat),
        "interview_probability": nat.probability, "interview_low": nat.low, "interview_high": nat.high,
        "interview_probability_signalled": signalled(nat.probability, odds_ratio),
        "cap": caps.astype(int),
    })


def _archetype_tiers(profile: Profile, years_since: int, national: Likelihood) -> list[str]:
    """The tier of each archetype, from the same effective-score gap as a SoCal program's, to count the mix."""
    frame = national_programs(profile.specialty)
    kinds = selectivity_class(frame)
    eff = effective_score(profile, frame, kinds, years_since, socal=False)
    return list(assign_tiers(eff.gap, national.sponsorship, np.ones(len(frame), dtype=bool)))


def _tier_counts(socal: pd.DataFrame, national: pd.DataFrame) -> dict[str, int]:
    """Applications per tier, SoCal and elsewhere together: the mix of the whole list at a glance."""
    counts = {t.value: 0 for t in TIER_ORDER if t is not Tier.NOT_ELIGIBLE}
    for t, k in socal.loc[socal["chosen"], "tier"].value_counts().items():
        counts[t] = counts.get(t, 0) + int(k)
    for t, k in zip(national["tier"], national["applications"]):
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


def _fee_of_more(n: int, more: int, season: _Season) -> float:
    """What `more` applications cost on top of n: the fee bands make it depend on n."""
    return float(application_fee(n + more, season.fees, season.system) - application_fee(n, season.fees, season.system))
