"""Calibration where users look: the default list (default_list.py) for a population like NRMP's.

The population is NRMP's own (Charting Outcomes 2026, non-US IMGs who ranked the specialty):
- Step 2 CK from Table B, matched and unmatched, as normal curves with the published means and SDs within the
  published range, mixed by their counts (Table A). Five published points (min, quartiles, max) drawn as a
  curve make jagged bins (docs/model.md shows them); the research notes' estimate uses the means and SDs;
- the other fields as Table D has them (median 3 research experiences) or as labelled assumptions (J-1,
  3 months of hands-on USCE, 2 US letters, 2 years since graduation: settings `reference_*`).
Each member applies to the default list the Overview would show them. The targets:
- P(match | at least one interview) by 10-point Step 2 CK bin, NRMP's from the same quartile curves;
- the population's mean against NRMP's specialty rate;
- the interview counts of matched and unmatched applicants against NRMP's contiguous ranks (Table C), their
  quartiles as given (not a fitted curve) and their spread.
Anchor, Step 2 CK weight (at or above its floor) and the spread of the applicant-level strength are fitted
jointly by `make calibration-fit` (fit_specialty) and frozen in data/calibration/model_fit.csv.

Everything is decomposed once per specialty (PopulationParts): every log-odds is anchor + fixed + weight x
score part, so a trial of the parameters re-runs only the list's order, its signals and the count recursion,
for all scores at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..programs.kinds import selectivity_class
from ..programs.signals import signal_allowance
from ..programs.specialties import calibration_specialties, specialty as specialty_record
from .default_list import documented_applications, signal_gain, socal_first
from .effective import effective_score
from .likelihood import estimated_fact_count, graduation_screen_open, log_odds_parts, route_probability
from .mixture import add_program, empty_pmf, latent_nodes, marginal_chances, node_chances
from .national import national_pool
from .nrmp import CALIBRATION_DIR, CO_SPECIALTY, match_given_interviews, nrmp_for, nrmp_rate_by_step2
from .profile import STEP2_MIN, Profile, Step3, Visa, application_cycle_year
from .screens import screen_programs
from .settings import setting
from .special import ndtr
from .tiers import assign_tiers

# The specialties `make calibration` reports, in its order: calibration_order in data/model/specialties.csv.
CALIBRATION_SPECIALTIES: tuple[str, ...] = calibration_specialties()
BIN_EDGES = np.arange(210, 271, 10)
SCORE_STEP = 2


def reference_profile(specialty: str, step2_ck: int | None = None, visa: Visa = Visa.J1,
                      step3: Step3 = Step3.NOT_TAKEN) -> Profile:
    """The typical non-US IMG applicant of a specialty (settings: reference_*; J-1 is an assumption)."""
    return Profile(
        specialty=specialty,
        step2_ck=nrmp_for(specialty).reference_score if step2_ck is None else step2_ck,
        visa=visa, step3=step3,
        usce_months=setting("reference_usce_months"),
        us_lors=int(setting("reference_us_lors")),
        research_items=int(setting("reference_research_items")),
        graduation_year=application_cycle_year() - int(setting("reference_years_since_graduation")),
    )


# --- NRMP's population and outcome, from the quartiles as given ----------------------------------------------
@lru_cache(maxsize=1)
def nrmp_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    step2 = pd.read_csv(CALIBRATION_DIR / "nrmp_2026_nonus_img_step2ck.csv", na_values=["supp"]).set_index("specialty")
    ranks = pd.read_csv(CALIBRATION_DIR / "nrmp_2026_nonus_img_contiguous_ranks.csv",
                        na_values=["supp"]).set_index("specialty")
    rates = pd.read_csv(CALIBRATION_DIR / "nrmp_2026_nonus_img_match_rates.csv").set_index("specialty")
    return step2, ranks, rates


def quartile_cdf(row: pd.Series, prefix: str, x: np.ndarray) -> np.ndarray:
    """NRMP's score distribution as published: linear between min, Q1, median, Q3 and max."""
    knots = [row[f"{prefix}_{q}"] for q in ("min", "q1", "med", "q3", "max")]
    return np.interp(x, knots, [0.0, 0.25, 0.5, 0.75, 1.0])


def quartile_bin_rates(specialty: str) -> np.ndarray:
    """NRMP's rate by bin drawn through the five published points (min, quartiles, max) instead of normal curves:
    printed beside the calibration to show why the means and SDs are used (the five-point curve is jagged)."""
    co = CO_SPECIALTY[specialty]
    step2, _, rates = (t.loc[co] for t in nrmp_tables())
    edges = BIN_EDGES.astype(float)
    m = float(rates["nonUS_IMG_matched"]) * np.diff(quartile_cdf(step2, "M", edges))
    u = float(rates["nonUS_IMG_unmatched"]) * np.diff(quartile_cdf(step2, "U", edges))
    with np.errstate(invalid="ignore"):
        return m / (m + u)


@dataclass(frozen=True)
class NrmpTargets:
    specialty: str
    scores: np.ndarray          # the population's score grid (bin centres of SCORE_STEP points)
    weight: np.ndarray          # NRMP's ranked applicants at each grid score (counts)
    matched_weight: np.ndarray
    bins: pd.DataFrame          # low, high, applicants, nrmp_rate
    rate: float                 # NRMP's specialty rate (matched / ranked)
    ranks: dict                 # M_q1, M_med, M_q3, M_sd, U_... (contiguous ranks, Table C)


@lru_cache(maxsize=32)
def nrmp_targets(specialty: str) -> NrmpTargets:
    """NRMP's population and outcome: Step 2 CK of matched and unmatched applicants as normal curves with the
    published means and SDs (Table B) within the published min and max, mixed by the counts (Table A); the
    contiguous ranks' quartiles, means and SDs as given (Table C)."""
    co = CO_SPECIALTY[specialty]
    step2, ranks, rates = (t.loc[co] for t in nrmp_tables())
    n_m, n_u = float(rates["nonUS_IMG_matched"]), float(rates["nonUS_IMG_unmatched"])
    low = min(step2["M_min"], step2["U_min"])
    high = max(step2["M_max"], step2["U_max"])
    edges = np.arange(np.floor(low / SCORE_STEP) * SCORE_STEP, high + SCORE_STEP, SCORE_STEP).astype(float)

    def mass(prefix: str, n: float, e: np.ndarray) -> np.ndarray:
        return n * np.diff(ndtr((e - step2[f"{prefix}_mean"]) / step2[f"{prefix}_sd"]))

    mass_m, mass_u = mass("M", n_m, edges), mass("U", n_u, edges)
    bins = nrmp_rate_by_step2(specialty, BIN_EDGES)
    return NrmpTargets(specialty, (edges[:-1] + SCORE_STEP / 2).astype(int), mass_m + mass_u, mass_m, bins,
                       n_m / (n_m + n_u), {k: float(ranks[k]) for k in ranks.index if k[:2] in ("M_", "U_")})


# --- the population's default lists, decomposed ----------------------------------------------------------
@dataclass(frozen=True)
class PopulationParts:
    """Per grid score: the SoCal part (Realistic and Reach, eligible) and the national pool, as log-odds parts."""
    specialty: str
    scores: np.ndarray
    socal_fixed: np.ndarray      # (scores, socal_max), padded
    socal_score: np.ndarray
    socal_route: np.ndarray      # 0 in the padding
    socal_facts: np.ndarray
    other_fixed: np.ndarray      # (scores, other_max): the other eligible SoCal programs (Ultra-reach), padded
    other_score: np.ndarray
    other_route: np.ndarray
    other_facts: np.ndarray
    pool_fixed: np.ndarray       # (scores, pool)
    pool_score: np.ndarray
    pool_facts: np.ndarray
    target: int
    signals: int


def _pad(rows: list[np.ndarray], width: int) -> np.ndarray:
    out = np.zeros((len(rows), width))
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


@lru_cache(maxsize=64)
def population_parts(specialty: str, visa: Visa = Visa.J1, step3: Step3 = Step3.NOT_TAKEN,
                     applications: int | None = None) -> PopulationParts:
    """Decompose every grid score's default list once (programs: the bundled table). visa, step3 and
    applications move the labelled assumptions (`make calibration` shows how far)."""
    from ..programs.table import load_programs        # the bundled table only; the import is heavy
    targets = nrmp_targets(specialty)
    table = load_programs()
    chosen = table[table["specialty"].to_numpy(dtype=object) == specialty].reset_index(drop=True)
    kinds = selectivity_class(chosen)
    years = int(setting("reference_years_since_graduation"))
    values, counts = np.unique(kinds.to_numpy(dtype=str), return_counts=True)
    socal_counts = tuple((str(v), int(c)) for v, c in zip(values, counts))
    s_fixed: list[np.ndarray] = []
    s_score: list[np.ndarray] = []
    s_route: list[np.ndarray] = []
    s_facts: list[np.ndarray] = []
    o_fixed: list[np.ndarray] = []
    o_score: list[np.ndarray] = []
    o_route: list[np.ndarray] = []
    o_facts: list[np.ndarray] = []
    p_fixed: list[np.ndarray] = []
    p_score: list[np.ndarray] = []
    pool, _ = national_pool(specialty, visa, step3, socal_counts)
    pool_kinds = selectivity_class(pool)
    pool_facts = setting("unknown_fact_sd_log_odds") * estimated_fact_count(reference_profile(specialty, visa=visa), pool)
    for s in targets.scores:
        profile = reference_profile(specialty, max(int(s), STEP2_MIN), visa, step3)
        eff = effective_score(profile, chosen, kinds, years, socal=True)
        parts = log_odds_parts(profile, chosen, kinds, eff, socal=True)
        route, _ = route_probability(profile, chosen, kinds)
        eligible = screen_programs(profile, chosen, years).eligible & (kinds.to_numpy(dtype=object) != "military")
        tiers = assign_tiers(eff.gap, route, eligible)
        rows = socal_first(tiers, np.zeros(len(chosen)), eligible)
        others = np.setdiff1d(np.flatnonzero(eligible), rows)
        open_chance = route * graduation_screen_open(chosen, years)
        facts = setting("unknown_fact_sd_log_odds") * estimated_fact_count(profile, chosen)
        for out, values in ((s_fixed, parts.fixed), (s_score, parts.score_part), (s_route, open_chance), (s_facts, facts)):
            out.append(values[rows])
        for out, values in ((o_fixed, parts.fixed), (o_score, parts.score_part), (o_route, open_chance), (o_facts, facts)):
            out.append(values[others])
        pool_eff = effective_score(profile, pool, pool_kinds, years, socal=False)
        pool_parts = log_odds_parts(profile, pool, pool_kinds, pool_eff, socal=False)
        p_fixed.append(pool_parts.fixed)
        p_score.append(pool_parts.score_part)
    width = max([len(r) for r in s_fixed] + [1])
    other_width = max([len(r) for r in o_fixed] + [1])
    target = documented_applications(specialty)[0] if applications is None else int(applications)
    signals = signal_allowance(specialty, application_cycle_year() + 1).total
    return PopulationParts(specialty, targets.scores, _pad(s_fixed, width), _pad(s_score, width),
                           _pad(s_route, width), _pad(s_facts, width), _pad(o_fixed, other_width),
                           _pad(o_score, other_width), _pad(o_route, other_width), _pad(o_facts, other_width),
                           np.array(p_fixed), np.array(p_score),
                           np.broadcast_to(pool_facts, (len(targets.scores), len(pool))).copy(), target, signals)


@dataclass(frozen=True)
class Evaluation:
    """The population's outcome for one set of parameters, per grid score."""
    pmf: np.ndarray            # (scores, cap + 1): interview counts of the default list
    match: np.ndarray          # P(match)
    match_if_interviewed: np.ndarray


def list_log_odds(parts: PopulationParts, anchor: float, weight: float, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """Each grid score's default list as (log-odds, open chance), padded with 0: what score() would build.

    The Realistic and Reach SoCal programs; then the best chances among the other SoCal programs and the pool
    (ties: SoCal first) up to the documented number; then the signals on the SoCal programs of the list.
    """
    socal = anchor + parts.socal_fixed + weight * parts.socal_score
    socal_route = parts.socal_route
    n_first = (socal_route > 0).sum(axis=1)
    other = anchor + parts.other_fixed + weight * parts.other_score
    pool = anchor + parts.pool_fixed + weight * parts.pool_score
    rest = np.concatenate([other, pool], axis=1)
    rest_route = np.concatenate([parts.other_route, np.ones_like(pool)], axis=1)
    is_pool = np.concatenate([np.zeros_like(other, dtype=bool), np.ones_like(pool, dtype=bool)], axis=1)
    chance = np.where(rest_route > 0, marginal_chances(rest, rest_route, sigma), -1.0)
    order = np.lexsort((np.broadcast_to(np.arange(rest.shape[1]), rest.shape), is_pool, -chance), axis=1)
    wanted = np.clip(parts.target - n_first, 0, None)
    width = int(min(max(wanted.max(initial=0), 0), rest.shape[1]))
    picked = order[:, :width]
    taken = np.take_along_axis(chance, picked, axis=1) > -1.0
    keep = (np.arange(width)[None, :] < wanted[:, None]) & taken
    rest_lo = np.take_along_axis(rest, picked, axis=1)
    rest_open = np.where(keep, np.take_along_axis(rest_route, picked, axis=1), 0.0)
    rest_socal = np.take_along_axis(~is_pool, picked, axis=1) & keep
    log_odds = np.concatenate([socal, rest_lo], axis=1)
    route = np.concatenate([socal_route, rest_open], axis=1)
    nameable = np.concatenate([socal_route > 0, rest_socal], axis=1)
    odds_ratio = setting("signal_odds_ratio")
    gain = np.where(nameable, signal_gain(log_odds, route, sigma, odds_ratio), -1.0)
    rank_order = np.argsort(-gain, axis=1, kind="stable")
    ranks = np.empty_like(rank_order)
    np.put_along_axis(ranks, rank_order, np.broadcast_to(np.arange(rank_order.shape[1]), rank_order.shape), axis=1)
    signalled = (ranks < parts.signals) & (gain > 0)
    return log_odds + np.where(signalled, np.log(odds_ratio), 0.0), route


def evaluate(parts: PopulationParts, anchor: float, weight: float, sigma: float) -> Evaluation:
    cap = int(setting("interview_cap"))
    log_odds, route = list_log_odds(parts, anchor, weight, sigma)
    chances = node_chances(np.where(route > 0, log_odds, -50.0), route, sigma)       # (scores, nodes, n)
    pmf = empty_pmf(chances.shape[:-1], cap)
    for j in range(chances.shape[-1]):
        pmf = add_program(pmf, chances[..., j])
    _, w = latent_nodes()
    mixed = np.einsum("q,sqk->sk", w, pmf)
    curve = match_given_interviews(parts.specialty, np.arange(cap + 1))
    match = mixed @ curve
    with np.errstate(invalid="ignore", divide="ignore"):
        given = np.where(mixed[:, 0] < 1.0, match / (1.0 - mixed[:, 0]), 0.0)
    return Evaluation(mixed, match, given)


# --- the measures `make calibration` prints and gates ------------------------------------------------------
def bin_rows(specialty: str, ev: Evaluation) -> pd.DataFrame:
    """Per 10-point bin: NRMP's rate and the model's (given an interview), weighted by NRMP's applicants."""
    t = nrmp_targets(specialty)
    which = np.digitize(t.scores, BIN_EDGES) - 1
    inside = (which >= 0) & (which < len(BIN_EDGES) - 1)
    num = np.bincount(which[inside], weights=(ev.match_if_interviewed * t.weight)[inside], minlength=len(t.bins))
    den = np.bincount(which[inside], weights=t.weight[inside], minlength=len(t.bins))
    with np.errstate(invalid="ignore"):
        return t.bins.assign(model_rate=num / den)


def weighted_mae(rows: pd.DataFrame, below: float | None = None) -> float:
    ok = rows["applicants"].to_numpy() > 0
    if below is not None:
        ok &= rows["high"].to_numpy() <= below
    return float(np.average((rows["model_rate"] - rows["nrmp_rate"]).abs()[ok], weights=rows["applicants"][ok]))


def population_mean(specialty: str, ev: Evaluation) -> float:
    t = nrmp_targets(specialty)
    return float(np.average(ev.match_if_interviewed, weights=t.weight))


def _quantile(pmf: np.ndarray, q: float) -> int:
    return int(np.searchsorted(np.cumsum(pmf) / pmf.sum(), q - 1e-9))


def count_distributions(specialty: str, ev: Evaluation) -> tuple[np.ndarray, np.ndarray]:
    """Interview counts of the population's matched and unmatched applicants (k >= 1, as NRMP counts ranks)."""
    t = nrmp_targets(specialty)
    ranked = ev.pmf.copy()
    ranked[:, 0] = 0.0
    ranked = ranked / np.clip(ranked.sum(axis=1, keepdims=True), 1e-12, None)
    pooled = t.weight @ ranked
    curve = match_given_interviews(specialty, np.arange(ev.pmf.shape[1]))
    return pooled * curve, pooled * (1.0 - curve)


def count_summary(pmf: np.ndarray) -> dict:
    k = np.arange(len(pmf))
    p = pmf / pmf.sum()
    mean = float(k @ p)
    return {"q1": _quantile(p, 0.25), "med": _quantile(p, 0.5), "q3": _quantile(p, 0.75), "mean": mean,
            "sd": float(np.sqrt(((k - mean) ** 2) @ p))}


def calibration_rows(specialty: str) -> pd.DataFrame:
    """The bin table at the frozen fit (what `make calibration` prints)."""
    from .fit import fit_for
    fit = fit_for(specialty)
    return bin_rows(specialty, evaluate(population_parts(specialty), fit.anchor, fit.weight, fit.sigma))


def weight_floor(specialty: str) -> float:
    record = specialty_record(specialty)
    if record is not None and record.score_weight_floor is not None:
        return float(record.score_weight_floor)
    return setting("score_weight_floor")


def fit_specialties() -> tuple[str, ...]:
    """One specialty per NRMP table with its own figures (a proxy shares its table's fit)."""
    seen: dict[str, str] = {}
    for name, co in CO_SPECIALTY.items():
        record = specialty_record(name)
        if record is not None and not record.nrmp_proxy_note and co not in seen:
            seen[co] = name
    return tuple(seen.values())


# --- the checks `make calibration` prints and gates, in the default view -----------------------------------
MAE_GOAL = 0.04
POPULATION_GOAL = 0.03
QUARTILE_GOAL = 1
SPREAD_GOAL = 0.30
COVERAGE_GOAL = (0.75, 0.85)
BAND_WIDTH_GOAL = 0.30
FM_BINS_BELOW = 240
COVERAGE_FILE = CALIBRATION_DIR / "coverage.csv"


@dataclass(frozen=True)
class SpecialtyCheck:
    specialty: str
    rows: pd.DataFrame            # per bin: NRMP's rate and the model's
    mae: float                    # over the gated bins (Family Medicine: below 240)
    population: float             # the population's mean P(match | interviewed)
    nrmp_rate: float
    matched: dict                 # interview counts of matched applicants: q1, med, q3, mean, sd
    unmatched: dict
    ranks: dict                   # NRMP's contiguous ranks (Table C)
    band_width: float             # median width of the fit band (P(match)), NRMP-weighted

    @property
    def quartiles_ok(self) -> bool:
        return all(abs(got[q] - self.ranks[f"{p}_{q}"]) <= QUARTILE_GOAL
                   for got, p in ((self.matched, "M"), (self.unmatched, "U")) for q in ("q1", "med", "q3"))

    @property
    def spread_ok(self) -> bool:
        return all(abs(got["sd"] / self.ranks[f"{p}_sd"] - 1.0) <= SPREAD_GOAL
                   for got, p in ((self.matched, "M"), (self.unmatched, "U")))

    @property
    def ok(self) -> bool:
        return (self.mae <= MAE_GOAL and abs(self.population - self.nrmp_rate) <= POPULATION_GOAL
                and self.quartiles_ok and self.spread_ok and self.band_width <= BAND_WIDTH_GOAL)


def gated_below(specialty: str) -> float | None:
    """Family Medicine's NRMP rate falls at high scores (a selection effect among those who rank FM): gate below."""
    return FM_BINS_BELOW if CO_SPECIALTY[specialty] == "Family Medicine" else None


def check_specialty(specialty: str) -> SpecialtyCheck:
    from .fit import fit_for
    fit = fit_for(specialty)
    parts, t = population_parts(specialty), nrmp_targets(specialty)
    ev = evaluate(parts, fit.anchor, fit.weight, fit.sigma)
    rows = bin_rows(specialty, ev)
    matched, unmatched = (count_summary(d) for d in count_distributions(specialty, ev))
    low = evaluate(parts, fit.anchor - fit.band, fit.weight, fit.sigma).match
    high = evaluate(parts, fit.anchor + fit.band, fit.weight, fit.sigma).match
    width = float(weighted_median(high - low, t.weight))
    return SpecialtyCheck(specialty, rows, weighted_mae(rows, gated_below(specialty)), population_mean(specialty, ev),
                          t.rate, matched, unmatched, t.ranks, width)


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return float(values[order][np.searchsorted(cumulative, 0.5)])


def coverage() -> tuple[float, int]:
    """The fit band's coverage of held-out 2026 bins (leave one bin out, frozen by `make calibration-fit`)."""
    if not COVERAGE_FILE.exists():
        return float("nan"), 0
    frame = pd.read_csv(COVERAGE_FILE)
    return float(frame["covered"].mean()), len(frame)


def population_under(specialty: str, *, visa: Visa = Visa.J1, step3: Step3 = Step3.NOT_TAKEN,
                     applications: int | None = None, weight: float | None = None) -> float:
    """The population's mean P(match | interviewed) with one labelled assumption moved (nothing refitted)."""
    from .fit import fit_for
    fit = fit_for(specialty)
    ev = evaluate(population_parts(specialty, visa, step3, applications), fit.anchor,
                  fit.weight if weight is None else weight, fit.sigma)
    return population_mean(specialty, ev)
