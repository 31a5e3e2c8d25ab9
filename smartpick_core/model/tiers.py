"""Tiers as advisors use them, with one colour-blind-safe palette (Okabe-Ito) for every view."""

from __future__ import annotations

from enum import Enum

import numpy as np

from .settings import setting


class Tier(str, Enum):
    REALISTIC = "Realistic"
    REACH = "Reach"
    ULTRA_REACH = "Ultra-reach"
    NOT_ELIGIBLE = "Not eligible"

    @property
    def color(self) -> str:
        return TIER_COLORS[self]

    @property
    def rgb(self) -> list[int]:
        hex_ = self.color.lstrip("#")
        return [int(hex_[i:i + 2], 16) for i in (0, 2, 4)]

    @property
    def meaning(self) -> str:
        reach = -setting("tier_reach_gap")
        return {
            Tier.REALISTIC: "your effective score meets what programs like this usually interview, and the visa route is open or likely",
            Tier.REACH: f"your effective score is up to {reach:.0f} points below what the program usually interviews "
                        "(or its visa route is unlikely)",
            Tier.ULTRA_REACH: f"your effective score is more than {reach:.0f} points below what the program usually interviews",
            Tier.NOT_ELIGIBLE: "a hard screen fails (visa, score, graduation year, attempts, USCE)",
        }[self]


    @property
    def short(self) -> str:
        """A few words for a legend."""
        reach = -setting("tier_reach_gap")
        return {
            Tier.REALISTIC: "you meet what it usually interviews",
            Tier.REACH: f"up to {reach:.0f} points below (or visa unlikely)",
            Tier.ULTRA_REACH: f"more than {reach:.0f} points below",
            Tier.NOT_ELIGIBLE: "a hard screen fails",
        }[self]


TIER_ORDER: tuple[Tier, ...] = (Tier.REALISTIC, Tier.REACH, Tier.ULTRA_REACH, Tier.NOT_ELIGIBLE)
TIER_COLORS: dict[Tier, str] = {
    Tier.REALISTIC: "#009E73",
    Tier.REACH: "#E69F00",
    Tier.ULTRA_REACH: "#D55E00",
    Tier.NOT_ELIGIBLE: "#999999",
}


def assign_tiers(gap: np.ndarray, route_probability: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Tier per program from the effective-score gap (points) and the visa route; failed screens are Not eligible.

    Realistic needs gap >= 0 and a route that is open or likely; an unlikely route caps the tier at Reach.
    Every input moves the tier monotonically, so a better profile never lands in a worse tier.
    """
    route_ok = route_probability >= setting("tier_route_likely_min")
    return np.select(
        [~eligible, (gap >= 0) & route_ok, gap >= setting("tier_reach_gap")],
        [Tier.NOT_ELIGIBLE.value, Tier.REALISTIC.value, Tier.REACH.value],
        Tier.ULTRA_REACH.value,
    )
