"""What every export carries beside its numbers: the season they are for, in its one name, and the NRMP citation
(the chances rest on NRMP's tables; data/calibration/NOTICE has NRMP's terms).

    with_sources(frame, cycle_year)  -> the CSV frame with `season` and `nrmp_source` before `model_version`
    json_sources(cycle_year)         -> {"season": {...}, "nrmp_source": ...} for the CLI's JSON
    season_line(cycle_year)          -> 'Season: Match 2028 (applications from September 2027)' for text output
"""

from __future__ import annotations

import pandas as pd

from ..model.nrmp_terms import NRMP_CITATION
from ..model.wording import match_year, season_name

SOURCE_COLUMNS = ("season", "nrmp_source")


def with_sources(frame: pd.DataFrame, cycle_year: int | None) -> pd.DataFrame:
    """A copy with the season (when the export is for one) and the NRMP citation as columns, placed before
    `model_version` so a saved file still ends with what scored it."""
    out = frame.drop(columns=[c for c in SOURCE_COLUMNS if c in frame.columns])
    at = out.columns.get_loc("model_version") if "model_version" in out.columns else len(out.columns)
    if cycle_year is not None:
        out.insert(int(at), "season", season_name(cycle_year))
        at = int(at) + 1
    out.insert(int(at), "nrmp_source", NRMP_CITATION)
    return out


def json_sources(cycle_year: int) -> dict:
    """The season as numbers and in words, and the NRMP citation: the CLI adds these to its JSON."""
    return {"season": {"cycle_year": int(cycle_year), "match_year": match_year(cycle_year),
                       "name": season_name(cycle_year)},
            "nrmp_source": NRMP_CITATION}


def season_line(cycle_year: int) -> str:
    return f"Season: {season_name(cycle_year)}"
