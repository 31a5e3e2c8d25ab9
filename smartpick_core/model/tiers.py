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
        return {
            Tier.REALISTIC: f"interview chance {setting('tier_realistic_min'):.0%} or more",
            Tier.REACH: f"interview chance {setting('tier_reach_min'):.0%}-{setting('tier_realistic_min'):.0%}",
            Tier.ULTRA_REACH: f"interview chance under {setting('tier_reach_min'):.0%}",
            Tier.NOT_ELIGIBLE: "a hard screen fails (visa, score, graduation year, attempts, USCE)",
        }[self]


TIER_ORDER: tuple[Tier, ...] = (Tier.REALISTIC, Tier.REACH, Tier.ULTRA_REACH, Tier.NOT_ELIGIBLE)
TIER_COLORS: dict[Tier, str] = {
    Tier.REALISTIC: "#009E73",
    Tier.REACH: "#E69F00",
    Tier.ULTRA_REACH: "#D55E00",
    Tier.NOT_ELIGIBLE: "#999999",
}


def assign_tiers(probability: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Tier label per program from its interview chance; failed screens are Not eligible."""
    return np.select(
        [~eligible, probability >= setting("tier_realistic_min"), probability >= setting("tier_reach_min")],
        [Tier.NOT_ELIGIBLE.value, Tier.REALISTIC.value, Tier.REACH.value],
        Tier.ULTRA_REACH.value,
    )
