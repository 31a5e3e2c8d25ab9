"""The outlook of one application list: interviews, then a match given k interviews.

Interviews K over the list's programs are correlated through the applicant-level strength (mixture.py):
P(K = k) is a mixture over Gauss-Hermite nodes of Poisson-binomials, each capped at `interview_cap`
(P(match | k) is flat beyond it). P(match) = sum_k P(K = k) P(match | k), with P(match | k) from NRMP
(nrmp.py). The outlook also gives the chance of no interview at all, and the chance to match given at
least one interview: what NRMP's match rates measure (they count applicants who ranked programs).

Two kinds of uncertainty, side by side (docs/model.md):
- the fit band (80%): the level of every log-odds moved by the fit's bootstrap band (fit.py);
- the facts range: each program's log-odds moved by its estimated facts (unknown_fact_sd_log_odds each),
  so that narrowing the fit band never hides an unknown.

interview_count_pmf (independent programs, no shared strength) stays for what is truly independent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .fit import Fit
from .mixture import (count_pmf_by_node, latent_nodes, marginal_chances, node_chances, prefix_pmfs,
                      prefix_pmfs_by_variant)
from .nrmp import match_given_interviews
from .settings import setting
from .special import log_factorials


def _binomial_pmf(n: int, p: float, cap: int) -> np.ndarray:
    k = np.arange(0, min(n, cap) + 1)
    if p <= 0.0:
        return np.eye(1, len(k))[0]
    if p >= 1.0:
        out = np.zeros(len(k))
        out[min(n, cap)] = 1.0
        return out
    log_fact = log_factorials(n)
    log_pmf = log_fact[n] - log_fact[k] - log_fact[n - k] + k * np.log(p) + (n - k) * np.log1p(-p)
    pmf = np.exp(log_pmf)
    if n > cap:
        pmf[-1] += max(0.0, 1.0 - pmf.sum())   # the tail beyond the cap, lumped into the last cell
    return pmf


def _lump(pmf: np.ndarray, cap: int) -> np.ndarray:
    """Keep cells 0..cap-1 and put everything from cap up into the last cell (P(K >= cap))."""
    if pmf.shape[-1] <= cap + 1:
        return pmf
    out = pmf[..., : cap + 1].copy()
    out[..., cap] += pmf[..., cap + 1:].sum(axis=-1)
    return out


def _product_of_bernoullis(p: np.ndarray, cap: int) -> np.ndarray:
    """Distribution of a sum of independent Bernoullis, multiplied pairwise in batches (log2 n rounds).

    Each round multiplies all pairs at once with one batched FFT and lumps the tail at the cap, so the work
    is vectorised and memory stays O(n + cap) per round.
    """
    polys = np.stack([1.0 - p, p], axis=1) if len(p) else np.ones((1, 1))
    while len(polys) > 1:
        if len(polys) % 2:
            polys = np.vstack([polys, np.eye(1, polys.shape[1])])
        width = 2 * polys.shape[1] - 1
        size = 1 << (width - 1).bit_length()
        product = np.fft.irfft(np.fft.rfft(polys[0::2], size) * np.fft.rfft(polys[1::2], size), size)[:, :width]
        polys = _lump(np.clip(product, 0.0, None), cap)
    return _lump(polys[0], cap)


def interview_count_pmf(p: np.ndarray, counts: np.ndarray | None = None, cap: int | None = None) -> np.ndarray:
    """P(K = k), k = 0..min(n, cap), for independent programs with chances p (each repeated counts times).

    With cap, the last cell holds P(K >= cap). Programs met once are multiplied in batches; a program
    repeated (the national archetypes) enters as one binomial. Memory is linear in the list.
    """
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    counts = np.ones(len(p), dtype=int) if counts is None else np.asarray(counts).astype(int)
    n = int(counts.sum())
    cap = n if cap is None else min(int(cap), n)
    pmf = _product_of_bernoullis(p[counts == 1], cap)
    for prob, count in zip(p[counts > 1], counts[counts > 1]):   # a handful of archetypes
        pmf = _lump(np.convolve(pmf, _binomial_pmf(int(count), float(prob), cap)), cap)
    pmf = np.clip(pmf, 0.0, None)
    return pmf / pmf.sum()


@dataclass(frozen=True)
class ListChances:
    """One application list in order: per slot, the interview log-odds (any signal included), the chance the
    visa route is open, the half-width from estimated facts, and whether it is a SoCal program."""

    log_odds: np.ndarray
    route: np.ndarray
    facts_half: np.ndarray
    socal: np.ndarray

    def __len__(self) -> int:
        return len(self.log_odds)

    def shifted(self, delta: float) -> "ListChances":
        """The same list with every log-odds moved by delta (the fit band's edges)."""
        return ListChances(self.log_odds + delta, self.route, self.facts_half, self.socal)

    def take(self, order: np.ndarray) -> "ListChances":
        return ListChances(self.log_odds[order], self.route[order], self.facts_half[order], self.socal[order])

    @staticmethod
    def join(parts: "list[ListChances]") -> "ListChances":
        return ListChances(*(np.concatenate([getattr(p, f) for p in parts]) if parts else np.zeros(0)
                             for f in ("log_odds", "route", "facts_half", "socal")))


@dataclass(frozen=True)
class MatchOutcome:
    match_probability: float
    p_no_interview: float
    pmf: np.ndarray

    @property
    def match_if_interviewed(self) -> float:
        """P(match | at least one interview): NRMP's match rates count applicants who ranked programs."""
        return self.match_probability / (1.0 - self.p_no_interview) if self.p_no_interview < 1.0 else 0.0


def outcome_of(specialty: str, pmf: np.ndarray) -> MatchOutcome:
    curve = match_given_interviews(specialty, np.arange(len(pmf)))
    return MatchOutcome(float(np.dot(pmf, curve)), float(pmf[0]), pmf)


def match_outcome(specialty: str, p: np.ndarray, counts: np.ndarray) -> MatchOutcome:
    """Independent programs (no shared strength): exact checks and what-ifs on truly independent draws."""
    return outcome_of(specialty, interview_count_pmf(p, counts, cap=int(setting("interview_cap"))))


@dataclass(frozen=True)
class Outlook:
    expected_interviews: float
    expected_interviews_low: float
    expected_interviews_high: float
    match_probability: float
    match_probability_low: float        # the fit band (80%)
    match_probability_high: float
    p_no_interview: float
    match_if_interviewed: float
    applications: int
    socal_applications: int
    national_applications: int
    interview_pmf: tuple[float, ...]
    facts_low: float = float("nan")      # the range from estimated facts, beside the fit band
    facts_high: float = float("nan")
    signals: int = 0

    def to_dict(self) -> dict:
        return {
            "expected_interviews": round(self.expected_interviews, 2),
            "match_probability": round(self.match_probability, 4),
            "match_probability_low": round(self.match_probability_low, 4),
            "match_probability_high": round(self.match_probability_high, 4),
            "match_probability_facts_low": round(self.facts_low, 4),
            "match_probability_facts_high": round(self.facts_high, 4),
            "p_no_interview": round(self.p_no_interview, 4),
            "match_probability_if_interviewed": round(self.match_if_interviewed, 4),
            "applications": self.applications,
            "socal_applications": self.socal_applications,
            "national_applications": self.national_applications,
            "signals": self.signals,
        }


def _variants(chances: ListChances, fit: Fit) -> np.ndarray:
    """Log-odds of the list under: central, fit band low/high, facts range low/high -> (5, n)."""
    lo = chances.log_odds
    return np.stack([lo, lo - fit.band, lo + fit.band, lo - chances.facts_half, lo + chances.facts_half])


def list_outlook(specialty: str, chances: ListChances, fit: Fit, *, signals: int = 0) -> Outlook:
    """The outlook of one list, with its fit band and its facts range."""
    return list_outlooks(specialty, [chances], fit, signals=signals)[0]


def list_outlooks(specialty: str, lists: Sequence[ListChances], fit: Fit, *, signals: int = 0) -> list[Outlook]:
    """list_outlook of each list; lists of one length share one walk (a leading axis), with the same numbers: a
    plan's outlooks with, without and at half the signals, and the optimiser's, are four lists of one length."""
    if len({len(c) for c in lists}) > 1:
        return [list_outlooks(specialty, [c], fit, signals=signals)[0] for c in lists]
    if not lists:
        return []
    cap = int(setting("interview_cap"))
    variants = np.stack([_variants(c, fit) for c in lists])                         # (lists, 5, n)
    routes = np.stack([np.asarray(c.route, dtype=float) for c in lists])[:, None, :]
    nodes = node_chances(variants, routes, fit.sigma)                               # (lists, 5, nodes, n)
    by_node = count_pmf_by_node(nodes, cap)                                         # (lists, 5, nodes, cap + 1)
    return [_outlook(specialty, c, nodes[i], by_node[i], signals) for i, c in enumerate(lists)]


def _outlook(specialty: str, chances: ListChances, nodes: np.ndarray, by_node: np.ndarray, signals: int) -> Outlook:
    """One list's Outlook from its five variants' node chances (5, nodes, n) and count distributions."""
    _, w = latent_nodes()
    pmfs = np.einsum("q,vqk->vk", w, by_node)                                       # (5, cap + 1)
    outcomes = [outcome_of(specialty, pmf) for pmf in pmfs]
    expected = np.einsum("q,vqn->v", w, nodes)
    n_socal = int(chances.socal.sum())
    return Outlook(
        expected_interviews=float(expected[0]), expected_interviews_low=float(expected[1]),
        expected_interviews_high=float(expected[2]),
        match_probability=outcomes[0].match_probability, match_probability_low=outcomes[1].match_probability,
        match_probability_high=outcomes[2].match_probability,
        p_no_interview=outcomes[0].p_no_interview, match_if_interviewed=outcomes[0].match_if_interviewed,
        applications=len(chances), socal_applications=n_socal, national_applications=len(chances) - n_socal,
        interview_pmf=tuple(float(x) for x in outcomes[0].pmf),
        facts_low=outcomes[3].match_probability, facts_high=outcomes[4].match_probability, signals=int(signals),
    )


def list_curve(specialty: str, chances: ListChances, fit: Fit, sizes: np.ndarray,
               ranks_over: int = 20) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """P(match), P(no interview) and the expected interviews beyond `ranks_over` (ranks that cost a fee) of the
    first n slots, for each n in sizes (one pass over the list)."""
    cap = int(setting("interview_cap"))
    pmfs = prefix_pmfs(node_chances(chances.log_odds, chances.route, fit.sigma), cap, sizes)
    curve = match_given_interviews(specialty, np.arange(cap + 1))
    return pmfs @ curve, pmfs[:, 0], pmfs @ np.clip(np.arange(cap + 1) - ranks_over, 0, None)


def signalled_curve(specialty: str, chances: ListChances, fit: Fit, sizes: np.ndarray, signal_masks: np.ndarray,
                    variant: np.ndarray, odds_ratio: float,
                    ranks_over: int = 20) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """list_curve's three outputs for each n in sizes, the first n slots taken from the list with the signals of
    signal_masks[variant[j]] (a signal multiplies its slot's odds by odds_ratio): every signal set in one walk.

    Equal to list_curve of each signal set's list on its own sizes: a slot's node chances are the same numbers
    with or without the other slots' signals, so they are made twice (plain and signalled) and picked per set.
    """
    cap = int(setting("interview_cap"))
    lo = chances.log_odds
    plain = node_chances(lo + 0.0, chances.route, fit.sigma)
    lifted = node_chances(lo + np.log(odds_ratio), chances.route, fit.sigma)
    masks = np.asarray(signal_masks, dtype=bool)
    nodes = np.where(masks[:, None, :], lifted, plain)                 # (signal sets, nodes, slots)
    pmfs = prefix_pmfs_by_variant(nodes, cap, sizes, variant)
    curve = match_given_interviews(specialty, np.arange(cap + 1))
    extra = np.clip(np.arange(cap + 1) - ranks_over, 0, None)
    chance, ranks = np.zeros(len(sizes)), np.zeros(len(sizes))
    for v in np.unique(variant):         # per signal set, as list_curve reduces each set's own sizes
        rows = np.flatnonzero(variant == v)
        chance[rows], ranks[rows] = pmfs[rows] @ curve, pmfs[rows] @ extra
    return chance, pmfs[:, 0].copy(), ranks


def match_curve_band(specialty: str, chances: ListChances, fit: Fit, sizes: np.ndarray) -> np.ndarray:
    """P(match) of the first n slots for each n in sizes, central and at the fit band's edges -> (3, len(sizes)):
    list_curve's first output for the list, the list shifted by -band and by +band, in one pass over the list
    (the three variants ride on a leading axis, so the applications curve walks its ~400 slots once, not thrice)."""
    cap = int(setting("interview_cap"))
    lo = chances.log_odds
    variants = np.stack([lo, lo + -fit.band, lo + fit.band])      # as ListChances.shifted(-band) / (band)
    pmfs = prefix_pmfs(node_chances(variants, chances.route, fit.sigma), cap, sizes)    # (3, len(sizes), cap + 1)
    curve = match_given_interviews(specialty, np.arange(cap + 1))
    return np.stack([pmfs[v] @ curve for v in range(3)])


def slot_chances(chances: ListChances, fit: Fit) -> np.ndarray:
    """Each slot's interview chance as shown: averaged over the applicant-level strength."""
    return marginal_chances(chances.log_odds, chances.route, fit.sigma)
