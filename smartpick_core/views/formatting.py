"""How numbers read on screen: whole percents with their band, rounded miles, 'checked' dates."""

from __future__ import annotations

import math

from ..model.wording import percent


def known_total(total: int, known: int, of: int) -> str:
    """A sum over the rows where the fact is known, never passed off as the whole: '45 (known for 3 of 12)'."""
    if known == 0:
        return "unknown"
    return str(total) if known == of else f"{total} (known for {known} of {of})"


def miles(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.0f} mi"


def checked_label(checked: str) -> str:
    return f"checked {checked[:7]}" if checked else "check date unknown"


def percent_range(low: float, high: float) -> str:
    """'18–85%': a band on its own, for a caption under a headline number."""
    return f"{percent(low).rstrip('%')}–{percent(high)}"


def count_range(low: float, high: float) -> str:
    """'1.1–10.5': an expected count's band on its own."""
    return f"{low:.1f}–{high:.1f}"
