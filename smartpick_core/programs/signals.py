"""Program signals: how many a specialty has in a season (data), and the assumed effect on an interview.

The counts are `data/season/signals.csv` (per specialty and season, with source and "not confirmed" where
so). A season without its own row uses the latest earlier one and says so; with no row at all, the
application system is the specialty's `application_system` in data/model/specialties.csv. The effect is an
odds multiplier on a program's interview chance (model setting `signal_odds_ratio`, a documented assumption
for non-US IMGs below the figures published for US graduates). Kept with the program data, below the model,
because the default list the model scores places the applicant's signals.

    signal_allowance(specialty, season) -> SignalAllowance(gold, silver, status, note, source)
    signalled(p, odds_ratio)            -> the interview chance with a signal (vectorised)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import overload

import numpy as np
import pandas as pd

from ..programs.seasons import cycle_year_of, season_short
from .specialties import PROJECT_ROOT, application_system

SIGNALS_FILE = PROJECT_ROOT / "data" / "season" / "signals.csv"


@dataclass(frozen=True)
class SignalAllowance:
    specialty: str
    season: int               # the season asked for (its Match year, as in signals.csv)
    data_season: int | None   # the season of the row used (None: no row)
    gold: int
    silver: int
    confirmed: bool
    application_system: str
    note: str
    source: str

    @property
    def total(self) -> int:
        return self.gold + self.silver


@lru_cache(maxsize=2)
def _read(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"specialty": str, "status": str, "application_system": str,
                                     "source_url": str, "source_note": str})
    for col in ("gold", "silver"):
        frame[col] = pd.to_numeric(frame[col]).astype("Int64")
    return frame


def signal_allowance(specialty: str, season: int, path: Path = SIGNALS_FILE) -> SignalAllowance:
    frame = _read(str(path))
    rows = frame[(frame["specialty"] == specialty) & (frame["season"] <= season)].sort_values("season")
    if rows.empty:
        system = application_system(specialty)      # data/model/specialties.csv; ERAS for an unlisted name
        return SignalAllowance(specialty, season, None, 0, 0, False, system,
                               f"No signal count for {specialty} is recorded; no signals are recommended.", "")
    row = rows.iloc[-1]
    source = f"{row['source_url']} ({row['source_note']})"
    if pd.isna(row["gold"]) and pd.isna(row["silver"]):
        return SignalAllowance(specialty, season, int(row["season"]), 0, 0, False, row["application_system"],
                               f"The {specialty} signal count for {season_short(cycle_year_of(season))} is not "
                               "confirmed; "
                               "no signals are recommended — check the application service.", source)
    gold, silver = int(row["gold"] if not pd.isna(row["gold"]) else 0), int(row["silver"] if not pd.isna(row["silver"]) else 0)
    confirmed = row["status"] == "confirmed" and int(row["season"]) == season
    counted = f"{gold} gold + {silver} silver" if gold else f"{silver}"
    if confirmed:
        note = f"{specialty}: {counted} signals in {season_short(cycle_year_of(season))}."
    else:
        note = (f"{specialty}: {counted} signals — the {season_short(cycle_year_of(int(row['season'])))} count; "
                f"the {season_short(cycle_year_of(season))} count is not confirmed.")
    return SignalAllowance(specialty, season, int(row["season"]), gold, silver, bool(confirmed),
                           row["application_system"], note, source)


@overload
def signalled(p: float, odds_ratio: float) -> float: ...
@overload
def signalled(p: np.ndarray, odds_ratio: float) -> np.ndarray: ...
def signalled(p: np.ndarray | float, odds_ratio: float) -> np.ndarray | float:
    """Interview chance with a signal: odds multiplied by odds_ratio (0 stays 0: never on Not eligible).

    A scalar p gives a numpy float64 (a float), an array an array of the same shape."""
    q = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    return odds_ratio * q / (1.0 - q + odds_ratio * q)
