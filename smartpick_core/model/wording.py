"""How the model words numbers in its own sentences (reasons, band texts): whole percents, never a misleading 0%,
and the one name of an application season.

    percent(0.4123)                 -> '41%'
    percent_band(p, low, high)      -> '41% (33–49%)'
    season_name(2027)               -> 'Match 2028 (applications from September 2027)'
    season_short(2027)              -> 'Match 2028'

The season helpers live in programs/seasons.py (low enough for the season data readers) and are re-exported here.
"""

from __future__ import annotations

import math

from ..programs.seasons import cycle_year_of, match_year, season_name, season_short

__all__ = ["count_band", "cycle_year_of", "match_year", "percent", "percent_band", "season_name", "season_short"]


def percent(p: float) -> str:
    """0.4123 -> '41%'; tiny but non-zero chances read '<1%' rather than a misleading 0%."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "unknown"
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return f"{p * 100:.0f}%"


def percent_band(p: float, low: float, high: float) -> str:
    """'41% (33–49%)'."""
    return f"{percent(p)} ({percent(low).rstrip('%')}–{percent(high)})"


def count_band(value: float, low: float, high: float) -> str:
    """'1.3 (0.4–4.1)': an expected count with its band, one decimal."""
    return f"{value:.1f} ({low:.1f}–{high:.1f})"


def expected_words(expected: float) -> str:
    """A predicted count to one decimal; a small but non-zero number reads '<0.1', never a bare 0."""
    return "<0.1" if 0 < expected < 0.05 else f"{expected:.1f}"
