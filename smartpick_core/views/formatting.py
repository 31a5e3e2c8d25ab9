"""How numbers read on screen: whole percents with their band, rounded miles, 'checked' dates."""

from __future__ import annotations

import math
import re

from ..model.wording import percent
from ..text import plural  # noqa: F401  (re-exported: views and pages use it from here)


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


_PROGRAM_WORDS = re.compile(r"(?:\s+|^)(?:Residency\s+Program|Residency|Program)(?=\s*(?:\(|[-–—]\s|$))", re.IGNORECASE)
_LEFTOVERS = re.compile(r"\(\s*\)|\s+(?=[,)])|(?<=\()\s+")


def short_name(name: str, specialty: str = "") -> str:
    """A program's name without what every row of its page shares: the specialty and the words 'Residency' and
    'Program' ('Desert Regional Medical Center Internal Medicine Residency' -> 'Desert Regional Medical Center').

    A deliberate rule rather than a cut, so a chart or a one-line row never shows a name ending in '…'; the full
    name stays in the hover and the full view. A name the rule would empty is kept whole."""
    text = " ".join(str(name).split())
    if specialty:
        text = re.sub(rf"\(\s*{re.escape(specialty)}\s*\)|\b{re.escape(specialty)}\b", " ", text, flags=re.IGNORECASE)
    text = _PROGRAM_WORDS.sub(" ", " ".join(text.split()))
    text = " ".join(_LEFTOVERS.sub("", text).split()).strip(" -–—/,·")
    return text if len(text) >= 3 else " ".join(str(name).split())
