"""The default list: what the Overview shows, what My list starts from, and what `make calibration` measures.

One definition for the model and the list builder:
1. the eligible Realistic, then Reach, SoCal programs (each tier best chance first): SoCal first;
2. then programs elsewhere from the national pool (national.py), best-fitting first, until the list holds the
   specialty's documented number of applications (IM: 77 per IMG, AAIM 2016; elsewhere a labelled
   assumption, settings `applications_assumed`);
3. the season's signals on the programs of the list the applicant can name (SoCal, or imported), where the
   gain in interview chance is largest; leftover signals are for programs elsewhere the applicant picks.
"""

from __future__ import annotations

import numpy as np

from ..programs.specialties import specialty as specialty_record
from .mixture import marginal_chances
from .settings import cited_or_assumed
from .tiers import Tier


def documented_applications(specialty: str) -> tuple[int, str]:
    """The specialty's number of applications per non-US IMG, with its source or 'assumed'."""
    record = specialty_record(specialty)
    return cited_or_assumed(record.applications_per_applicant if record else None,
                            record.applications_per_applicant_source if record else None, "applications_assumed",
                            f"applications (no published figure for {specialty}; docs/model.md shows the range 40-90)")


def socal_first(tiers: np.ndarray, chances: np.ndarray, candidate: np.ndarray) -> np.ndarray:
    """Row indices of the Realistic, then Reach, candidates, each tier by chance (ties: table order)."""
    rank = np.select([tiers == Tier.REALISTIC.value, tiers == Tier.REACH.value], [0, 1], 2)
    rows = np.flatnonzero(candidate & (rank < 2))
    return rows[np.lexsort((rows, -chances[rows], rank[rows]))]


def signal_gain(log_odds: np.ndarray, route: np.ndarray, sigma: float, odds_ratio: float) -> np.ndarray:
    """What a signal adds to each program's interview chance (averaged over the applicant-level strength)."""
    with np.errstate(invalid="ignore"):
        gain = marginal_chances(log_odds + np.log(odds_ratio), route, sigma) - marginal_chances(log_odds, route, sigma)
    return np.nan_to_num(gain, nan=0.0)


def place_signals(gain: np.ndarray, nameable: np.ndarray, n_signals: int, weight: np.ndarray | None = None) -> np.ndarray:
    """Signals on the nameable slots with the largest (weighted) gain; ties go to the earlier slot."""
    mask = np.zeros(len(gain), dtype=bool)
    if n_signals <= 0:
        return mask
    value = gain * (1.0 if weight is None else weight)
    slots = np.flatnonzero(nameable & (gain > 0))
    best = slots[np.lexsort((slots, -value[slots]))][:n_signals]
    mask[best] = True
    return mask


def prefix_signal_sets(gain: np.ndarray, nameable: np.ndarray, n_signals: int, n_max: int,
                       weight: np.ndarray | None = None) -> list[tuple[int, ...]]:
    """sets[n]: the slots place_signals chooses among the first n, for every n up to n_max, in one pass.

    The best n_signals of a longer prefix are the best of the shorter prefix's best plus the slot that enters,
    and an entering slot loses ties (ties go to the earlier slot), so one running set serves every size.
    """
    value = gain * (1.0 if weight is None else weight)
    open_slot = nameable & (gain > 0)
    best: list[int] = []                    # the chosen slots, kept worst first: (lowest value, latest slot)
    sets: list[tuple[int, ...]] = [()]
    for slot in range(n_max):
        changed = False
        if n_signals > 0 and open_slot[slot]:
            if len(best) < n_signals:
                best.append(slot)
                changed = True
            elif value[slot] > value[best[0]]:
                best[0] = slot
                changed = True
            if changed:
                best.sort(key=lambda i: (value[i], -i))
        sets.append(tuple(sorted(best)) if changed else sets[-1])
    return sets


def prefix_signals(gain: np.ndarray, nameable: np.ndarray, n_signals: int, sizes: np.ndarray,
                   weight: np.ndarray | None = None) -> list[np.ndarray]:
    """place_signals on the first n slots for every n in sizes, as masks (prefix_signal_sets, one pass)."""
    sets = prefix_signal_sets(gain, nameable, n_signals, int(np.max(sizes)) if len(sizes) else 0, weight)
    masks = []
    for n in sizes:
        mask = np.zeros(int(n), dtype=bool)
        mask[list(sets[int(n)])] = True
        masks.append(mask)
    return masks


def choose_rest(socal_chance: np.ndarray, available: np.ndarray, pool_chance_sorted: np.ndarray,
                wanted: int) -> tuple[np.ndarray, int]:
    """After the Realistic and Reach SoCal programs: the best chances among the other eligible SoCal programs
    and the national pool (sorted best first), `wanted` of them. Ties go to SoCal, then table order.

    Returns the SoCal rows taken and how many of the pool's best are taken.
    """
    chance = np.concatenate([socal_chance[available], pool_chance_sorted])
    is_pool = np.concatenate([np.zeros(len(available), bool), np.ones(len(pool_chance_sorted), bool)])
    order = np.lexsort((np.arange(len(chance)), is_pool, -chance))[:max(int(wanted), 0)]
    return available[order[order < len(available)]], int((order >= len(available)).sum())


def what_opens_programs(profile) -> str:
    """The change that opens programs when none is open to this profile, in words (no list is worth paying for)."""
    from .profile import Step3, Visa
    if profile.visa is Visa.H1B and profile.step3 is not Step3.PASSED:
        return ("Pass Step 3 first (H-1B programs expect it before the contract starts), or apply on J-1 if you "
                "can: either opens programs")
    if profile.visa is Visa.H1B:
        return "Apply on J-1 if you can: far more programs take J-1 than sponsor H-1B"
    return ("No program open to this profile gives even a 1% chance: see what moves the needle on the Overview "
            "(more hands-on USCE, US letters, a better Step 2 CK, a screen that closes fewer programs)")
