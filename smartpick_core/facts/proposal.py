"""One proposed fact, as every eligibility rule returns it (extract.py gathers them)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Proposal:
    """One proposed fact: the value, the sentence that states it (as pasted) and the rule that matched."""

    fact: str
    value: str
    sentence: str
    rule: str

    def to_dict(self) -> dict[str, str]:
        return {"fact": self.fact, "value": self.value, "sentence": self.sentence, "rule": self.rule}


def rx(pattern: str) -> re.Pattern[str]:
    """Every rule's patterns are case-insensitive."""
    return re.compile(pattern, re.IGNORECASE)
