"""The list-building assumptions, as data: value, unit, meaning and source (docs/list.md).

Kept apart from model/settings.py (the scoring model): these shape which programs go on a list and how
much a signal is assumed to help, not how likely an interview is. A test checks each is in docs/list.md.
"""

from __future__ import annotations

from types import MappingProxyType

from ..model.settings import Setting

_SIGNAL_SOURCES = ("Szumel et al., Cureus 2024: IM signal OR 2.95 for an interview (US MD seniors, 4 NC schools); "
                   "EM Texas STAR 2023/2024: OR 4.40 / 3.79 (US MD/DO seniors); Benjamin et al., Acad Med 2024 (Texas "
                   "STAR): 60.9% signal yield. None is specific to IMGs (research/national_pool_and_signals.md §2.3)")

STRATEGY_SETTINGS: tuple[Setting, ...] = (
    Setting("signal_odds_ratio", 2.95, "odds ratio",
            "Assumed effect of a program signal: the program's interview odds are multiplied by this (gold and "
            "silver alike: no published figure separates them for IM). The plan also shows the outlook if the true "
            "effect is half as large (half the log-odds: OR 1.72)", _SIGNAL_SOURCES),
    Setting("preferred_subregion_bonus", 0.5, "share of marginal value",
            "A stated regional preference counts a program's marginal value (added chance to match per dollar) and a "
            "signal's gain this much higher in a preferred sub-region: a documented preference weight, not a rule "
            "and not a change to any chance shown",
            "SmartPick assumption (the value of training where one wants to live); not fitted"),
    Setting("national_pool_max", 400, "applications",
            "Most applications elsewhere a plan may use; each national archetype may take at most its documented "
            "share of it (community 55% = 220, county 15% = 60, university 30% = 120)",
            "SmartPick assumption: the CLI/dashboard bound for applications elsewhere (NATIONAL_MAX) split by the "
            "model's national_share_* settings"),
    Setting("knee_window", 10, "applications",
            "The knee of the curve is the first list size past which this many more applications add under "
            "knee_gain to the chance to match", "definition"),
    Setting("knee_gain", 0.01, "probability",
            "Gain in the chance to match (1 point) that knee_window more applications must reach", "definition"),
)

_BY_NAME = MappingProxyType({s.name: s for s in STRATEGY_SETTINGS})


def strategy_setting(name: str) -> float:
    return _BY_NAME[name].value
