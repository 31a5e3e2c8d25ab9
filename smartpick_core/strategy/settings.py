"""The list-building assumptions, as data: value, unit, meaning and source (docs/list.md).

Kept apart from model/settings.py (the scoring model): these shape which programs go on a list and how
much a signal is assumed to help, not how likely an interview is. A test checks each is in docs/list.md.
"""

from __future__ import annotations

from types import MappingProxyType

from ..model.settings import Setting

STRATEGY_SETTINGS: tuple[Setting, ...] = (
    Setting("preferred_subregion_bonus", 0.5, "share of marginal value",
            "A stated regional preference counts a program's marginal value (added chance to match per dollar) and a "
            "signal's gain this much higher in a preferred sub-region: a documented preference weight, not a rule "
            "and not a change to any chance shown",
            "SmartPick assumption (the value of training where one wants to live); not fitted"),
    Setting("knee_window", 10, "applications",
            "The knee of the curve is the first list size past which this many more applications add under "
            "knee_gain to the chance to match", "definition"),
    Setting("knee_gain", 0.01, "probability",
            "Gain in the chance to match (1 point) that knee_window more applications must reach", "definition"),
)

_BY_NAME = MappingProxyType({s.name: s for s in STRATEGY_SETTINGS})


def strategy_setting(name: str) -> float:
    return _BY_NAME[name].value
