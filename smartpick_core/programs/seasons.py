"""The one name of an application season, computed from the cycle year.

    season_name(2027)    -> 'Match 2028 (applications from September 2027)'
    season_short(2027)   -> 'Match 2028'
    match_year(2027)     -> 2028        cycle_year_of(2028) -> 2027

A season is named the way applicants and the AAMC name it, by its Match year: applications open in September of
the cycle year (`application_cycle_year()`, the CLI's `--cycle-year`) and the Match is the following March. The
season files (data/season/*.csv, column `season`) hold the Match year. Pure, and low in the core (the programs
layer) so that the season data readers, the model's wording, the views and the CLI all say it the same way.
"""

from __future__ import annotations

APPLICATIONS_OPEN_MONTH = "September"    # ERAS opens to programs in September of the cycle year


def match_year(cycle_year: int) -> int:
    """Applications from September 2027 -> Match 2028 (the AAMC's 'ERAS 2028' season)."""
    return int(cycle_year) + 1


def cycle_year_of(match: int) -> int:
    """Match 2028 -> applications from September 2027: the inverse of match_year."""
    return int(match) - 1


def season_short(cycle_year: int) -> str:
    """'Match 2028': the season in two words, where the long name was already given nearby."""
    return f"Match {match_year(cycle_year)}"


def season_name(cycle_year: int) -> str:
    """'Match 2028 (applications from September 2027)': the one name of a season, on every page and export."""
    return f"{season_short(cycle_year)} (applications from {APPLICATIONS_OPEN_MONTH} {int(cycle_year)})"
