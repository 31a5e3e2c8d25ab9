"""The one ranking every page, table, export and the command line use: best tier first, then interview
chance, then documented tie-breakers, so no two places can order programs differently."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .tiers import TIER_ORDER


def ranking_order(programs: pd.DataFrame) -> np.ndarray:
    """Row positions in the one documented order: tier (Realistic first), then interview chance, then an
    accredited program with a track record before a new or unverified one, then fewer unknown facts, then the
    score margin, then id. One numpy lexsort (every page asks for it on every rerun)."""
    n = len(programs)
    tier_rank = pd.Categorical(programs["tier"], categories=[t.value for t in TIER_ORDER]).codes
    established = (programs["status"].to_numpy(dtype=object, na_value="") == "accredited" if "status" in programs
                   else np.ones(n, dtype=bool))
    unknown = programs["unknown_facts"].to_numpy(dtype=float) if "unknown_facts" in programs else np.zeros(n)
    gap = (programs["score_gap"].to_numpy(dtype=float, na_value=np.nan) if "score_gap" in programs
           else np.zeros(n))
    ids = np.unique(programs["program_id"].to_numpy(dtype=str), return_inverse=True)[1]
    chance = programs["interview_probability"].to_numpy(dtype=float).round(4)
    # lexsort: the last key sorts first; negated keys sort descending (a missing margin sorts last, as NaN does).
    return np.lexsort((ids, np.where(np.isnan(gap), np.inf, -gap), unknown, ~established, -chance,
                       np.where(tier_rank < 0, len(TIER_ORDER), tier_rank)))


def ranked(programs: pd.DataFrame) -> pd.DataFrame:
    """The programs in the one documented order (ranking_order)."""
    return programs.iloc[ranking_order(programs)]


def top_programs(result, n: int = 3) -> pd.DataFrame:
    """The n most realistic bets: best tier first, then the highest interview chance."""
    programs = result.programs
    order = ranking_order(programs)
    return programs.iloc[order[programs["eligible"].to_numpy(dtype=bool)[order]][:n]]
