"""Season fees as data: what N applications cost, exactly, at every band edge.

The table is `data/season/fees.csv` (one row per fee band, with its source and whether the
figure is confirmed for the season). ERAS bands reset for each specialty, so a second
specialty adds its own tiers; EM and OB/GYN apply through ResidencyCAS (its own bands).

    season_fees(season)                        -> FeeTable (the latest season at or before `season`)
    application_fee(n, table, system="ERAS")   -> dollars for n programs in ONE specialty
    cost_breakdown(counts, table, ...)         -> CostBreakdown (items with source and status)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, overload

import numpy as np
import pandas as pd

from ..programs.seasons import cycle_year_of, match_year, season_name, season_short

SEASON_DIR = Path(__file__).resolve().parents[2] / "data" / "season"
FEES_FILE = SEASON_DIR / "fees.csv"
ERAS_ITEM = "ERAS application fees"
RESIDENCYCAS_ITEM = "ResidencyCAS application fees"
SYSTEM_ITEMS = {"ERAS": ERAS_ITEM, "ResidencyCAS": RESIDENCYCAS_ITEM}


def eras_season(cycle_year: int) -> int:
    """AAMC names a season by its Match year (the fee and signal files' `season`): applications from September of
    cycle_year -> season cycle_year + 1. Its name in words is model.wording.season_name(cycle_year)."""
    return match_year(cycle_year)


@dataclass(frozen=True)
class FeeTable:
    season: int              # the fee season used (its Match year)
    requested_season: int    # the season asked for (its Match year)
    rows: pd.DataFrame

    @property
    def note(self) -> str:
        """In the one season name (model.wording): 'Fees of Match 2028 (applications from September 2027).'"""
        asked = season_name(cycle_year_of(self.requested_season))
        if self.season == self.requested_season:
            return f"Fees of {asked}."
        return (f"Fees of {season_short(cycle_year_of(self.season))}, the latest season with published fees: "
                f"the fees of {asked} are not published yet.")

    def item(self, name: str) -> pd.DataFrame:
        return self.rows[self.rows["item"] == name]


@lru_cache(maxsize=4)
def _read_fees(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"item": str, "system": str, "unit": str, "status": str, "source_url": str,
                                     "source_note": str})
    for col in ("band_from", "band_to"):
        frame[col] = pd.to_numeric(frame[col]).astype("Int64")
    frame["usd"] = pd.to_numeric(frame["usd"]).astype(float)
    return frame


def season_fees(season: int, path: Path = FEES_FILE) -> FeeTable:
    frame = _read_fees(str(path))
    seasons = sorted(int(s) for s in frame["season"].unique())
    usable = [s for s in seasons if s <= season] or seasons[:1]
    chosen = usable[-1]
    return FeeTable(chosen, int(season), frame[frame["season"] == chosen].reset_index(drop=True))


@overload
def application_fee(n: int, table: FeeTable, system: str = ...) -> float: ...
@overload
def application_fee(n: np.ndarray, table: FeeTable, system: str = ...) -> np.ndarray: ...
def application_fee(n: int | np.ndarray, table: FeeTable, system: str = "ERAS") -> float | np.ndarray:
    """Dollars for n programs in one specialty through `system` (vectorised over n). Exact at every band edge:
    a per-program band charges its fee for each program numbered band_from..band_to; a flat band charges its
    fee once as soon as one program falls in it."""
    n_arr = np.asarray(n, dtype=np.int64)
    total = np.zeros(n_arr.shape, dtype=float)
    for row in table.item(SYSTEM_ITEMS[system]).itertuples():
        lo = int(row.band_from)
        hi = int(row.band_to) if not pd.isna(row.band_to) else np.iinfo(np.int64).max
        in_band = np.clip(np.minimum(n_arr, hi) - lo + 1, 0, None)
        total += np.where(in_band > 0, row.usd, 0.0) if row.unit == "flat" else in_band * row.usd
    return float(total) if np.ndim(n) == 0 else total


@dataclass(frozen=True)
class CostItem:
    item: str
    usd: float
    source: str          # URL and the research note
    confirmed: bool
    note: str = ""

    def to_dict(self) -> dict:
        return {"item": self.item, "usd": round(self.usd, 2), "source": self.source}


@dataclass(frozen=True)
class CostBreakdown:
    items: tuple[CostItem, ...]
    season_note: str

    @property
    def total_usd(self) -> float:
        return float(sum(i.usd for i in self.items))

    def to_dict(self) -> dict:
        return {"total_usd": round(self.total_usd, 2), "items": [i.to_dict() for i in self.items]}

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"Item": i.item, "USD": round(i.usd, 2), "Confirmed for the season": "yes" if i.confirmed
                              else "no — " + i.note, "Source": i.source} for i in self.items])


def _source(rows: pd.DataFrame) -> tuple[str, bool, str]:
    urls = " ; ".join(dict.fromkeys(rows["source_url"]))
    notes = " ".join(dict.fromkeys(rows["source_note"]))
    confirmed = bool((rows["status"] == "confirmed").all())
    return f"{urls} ({notes})", confirmed, "" if confirmed else "unconfirmed: " + notes


def _once(table: FeeTable, name: str) -> CostItem:
    rows = table.item(name)
    source, confirmed, note = _source(rows)
    label = name if confirmed else f"{name} (unconfirmed)"
    return CostItem(label, float(rows["usd"].iloc[0]), source, confirmed, note)


def fixed_costs(table: FeeTable, systems: set[str]) -> tuple[CostItem, ...]:
    """Fees paid once per season, whatever the list: token and transcript (ERAS), NRMP registration."""
    items = []
    if "ERAS" in systems:
        items += [_once(table, "ECFMG ERAS token"), _once(table, "USMLE transcript")]
    items.append(_once(table, "NRMP registration"))
    return tuple(items)


def cost_breakdown(counts: Mapping[str, int], table: FeeTable, *, systems: Mapping[str, str] | None = None,
                   expected_extra_ranks: float = 0.0) -> CostBreakdown:
    """Cost of applying to counts[specialty] programs in each specialty (each specialty its own bands).

    `systems` maps a specialty to "ERAS" or "ResidencyCAS" (default ERAS). `expected_extra_ranks` is the expected
    number of ranks beyond the 20 the NRMP registration includes (from the interview count), priced per rank.
    """
    systems = dict(systems or {})
    used = {systems.get(s, "ERAS") for s, n in counts.items() if n > 0} or {"ERAS"}
    items: list[CostItem] = []
    for specialty, n in counts.items():
        system = systems.get(specialty, "ERAS")
        rows = table.item(SYSTEM_ITEMS[system])
        source, confirmed, note = _source(rows)
        name = SYSTEM_ITEMS[system] if len(counts) == 1 else f"{SYSTEM_ITEMS[system]} — {specialty}"
        items.append(CostItem(name, application_fee(int(n), table, system), source, confirmed, note))
    if any(int(n) > 0 for n in counts.values()):     # no application, no once-a-season fees either
        items += fixed_costs(table, used)
    ranks = table.item("NRMP ranks beyond 20")
    rank_usd = round(float(ranks["usd"].iloc[0]) * expected_extra_ranks, 2) if len(ranks) else 0.0
    if rank_usd >= 0.01:
        source, confirmed, note = _source(ranks)
        items.append(CostItem("NRMP ranks beyond 20 (expected; unconfirmed)" if not confirmed else
                              "NRMP ranks beyond 20 (expected)", rank_usd, source, confirmed, note))
    return CostBreakdown(tuple(items), table.note)


def list_cost(n: int | np.ndarray, table: FeeTable, system: str = "ERAS") -> float | np.ndarray:
    """Certain cost of a one-specialty list of n programs: application fees plus the once-a-season fees."""
    fixed = sum(i.usd for i in fixed_costs(table, {system}))
    return application_fee(n, table, system) + fixed
