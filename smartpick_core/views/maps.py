"""pydeck decks of the scored programs: offline by default, one palette, a camera fitted to the programs.

    program_deck(result.programs, home=place, radius_miles=30)  -> pdk.Deck
    fit_view(lat, lon, width_px=700, height_px=560)             -> {"latitude", "longitude", "zoom"}
    spread_points(frame)                                        -> lon/lat with shared points fanned out

What the reader sees without hovering: county borders, sub-region outlines and names, a city name beside
each place with programs, and tier-coloured dots (Realistic drawn on top). Programs placed on the same
city centre are fanned out on a small spiral so each one is a visible dot; the tooltip still says where
the dot really is ("city centre of Los Angeles; dot offset so it can be seen").

Offline by construction: map_provider=None with map_style left at its default, so pydeck writes its
"__MAP_STYLE__" sentinel and Streamlit draws no basemap (no Carto or Mapbox request). County outlines
come from the app's own static file. streets=True (a user's choice, never the default) asks Carto for
a street basemap instead.

The camera is a pure function of the programs framed (not of the profile), so moving a slider never
moves the map; a filter that changes which programs are framed re-fits it.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from ..programs.geography import Place
from ..programs.table import PROJECT_ROOT
from ..text import plain_html, shorten
from .formatting import plural
from ..model.tiers import TIER_ORDER, Tier

COUNTIES_URL = "/app/static/counties.json"
COUNTIES_FILE = PROJECT_ROOT / "static" / "counties.json"
# The sub-region borders as a static file too (built from counties.json by subregion_geojson; a test keeps it in
# step): the browser fetches both once and caches them, so a rerun sends only what changes.
SUBREGIONS_URL = "/app/static/subregions.json"
SUBREGIONS_FILE = PROJECT_ROOT / "static" / "subregions.json"
METERS_PER_MILE = 1609.344
METERS_PER_DEGREE = 111_320.0
DEFAULT_POSITIONS = 8          # dot size used when a program's positions are unknown
HOME_RGB = [0, 114, 178]       # Okabe-Ito blue: the applicant, never a tier
TILE_PX = 512                  # deck.gl's Web Mercator world is 512 px wide at zoom 0
SPREAD_STEP_M = 3_500          # spiral spacing for programs on one point: about one dot apart at zoom 7.5
MIN_ZOOM, MAX_ZOOM = 5.0, 11.5

# Size the camera is fitted for: a little under the narrowest the map column gets (1280 px window, sidebar
# open, presentation mode's wider margins), so programs and labels stay inside the frame on any wider screen.
MAP_SIZE_PX = (600, 560)
MINI_MAP_SIZE_PX = (370, 340)
# Presentation mode: the map spans the page (no legend column) and is shorter, so the whole map is in the first screen
# of a 1280x720 window under the title and the best program.
PRESENTATION_MAP_SIZE_PX = (760, 410)
# Without programs to frame (an empty filter), the whole of Southern California.
SOCAL_VIEW = dict(latitude=33.9, longitude=-117.8, zoom=6.6)

TOOLTIP = {
    "html": "<b>{name}</b><br/>{tier} · interview chance {likelihood_text}<br/>{positions_text}<br/>"
            "<small>{location_text}</small><br/><small>{reasons_text}</small>",
    "style": {"maxWidth": "420px", "fontSize": "13px"},
}
STREET_STYLE = "light"         # pydeck's name for Carto Positron (only with streets=True)
# pydeck reads an unquoted string as a JavaScript expression: literal strings are quoted inside the string.
LABEL_FONT = "'DejaVu Sans, Arial, sans-serif'"
ALL_GLYPHS = "'auto'"          # deck.gl builds the glyph atlas from the labels ("Cañada" keeps its ñ)


# --- the camera ---------------------------------------------------------------------------------------
def _mercator_y(lat: np.ndarray | float) -> np.ndarray:
    """Web Mercator y in [0, 1] (0 at the top), the projection deck.gl's MapView uses."""
    phi = np.radians(np.clip(lat, -85.0, 85.0))
    return (1 - np.log(np.tan(np.pi / 4 + phi / 2)) / np.pi) / 2


def _lat_from_y(y: float) -> float:
    return float(np.degrees(2 * np.arctan(np.exp((1 - 2 * y) * np.pi)) - np.pi / 2))


def fit_view(lat, lon, *, width_px: int = MAP_SIZE_PX[0], height_px: int = MAP_SIZE_PX[1],
             margin: float = 0.12, pad_px: int = 24) -> dict:
    """Centre and zoom so every (lat, lon) sits inside a width x height map with a margin on each side.

    margin is a share of the span added on every side; pad_px keeps a dot's radius off the edge. Zoom is
    the largest that fits both directions, within MIN_ZOOM..MAX_ZOOM (one program gets MAX_ZOOM)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    keep = np.isfinite(lat) & np.isfinite(lon)
    lat, lon = lat[keep], lon[keep]
    if lat.size == 0:
        return dict(SOCAL_VIEW)
    x = (lon + 180.0) / 360.0
    y = _mercator_y(lat)
    x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
    span_x = max(x1 - x0, 1e-9) * (1 + 2 * margin)
    span_y = max(y1 - y0, 1e-9) * (1 + 2 * margin)
    usable_w, usable_h = max(width_px - 2 * pad_px, 50), max(height_px - 2 * pad_px, 50)
    zoom = min(math.log2(usable_w / (TILE_PX * span_x)), math.log2(usable_h / (TILE_PX * span_y)))
    zoom = float(np.clip(zoom, MIN_ZOOM, MAX_ZOOM))
    return dict(latitude=round(_lat_from_y((y0 + y1) / 2), 4), longitude=round(float((x0 + x1) / 2 * 360 - 180), 4),
                zoom=round(zoom, 2))


def view_bounds(view: dict, *, width_px: int, height_px: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) seen by a width x height map at this view (the inverse of fit_view)."""
    world = TILE_PX * 2 ** view["zoom"]
    cx, cy = (view["longitude"] + 180) / 360, float(_mercator_y(view["latitude"]))
    dx, dy = width_px / 2 / world, height_px / 2 / world
    return ((cx - dx) * 360 - 180, _lat_from_y(cy + dy), (cx + dx) * 360 - 180, _lat_from_y(cy - dy))


def project(lon, lat, view: dict, *, width_px: int, height_px: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel (x, y) of each point on a width x height map at this view (y down, as on screen)."""
    world = TILE_PX * 2 ** view["zoom"]
    cx, cy = (view["longitude"] + 180) / 360, float(_mercator_y(view["latitude"]))
    x = ((np.asarray(lon, dtype=float) + 180) / 360 - cx) * world + width_px / 2
    y = (_mercator_y(np.asarray(lat, dtype=float)) - cy) * world + height_px / 2
    return x, y


def unproject(x, y, view: dict, *, width_px: int, height_px: int) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) of pixel positions: the inverse of project."""
    world = TILE_PX * 2 ** view["zoom"]
    cx, cy = (view["longitude"] + 180) / 360, float(_mercator_y(view["latitude"]))
    mx = (np.asarray(x, dtype=float) - width_px / 2) / world + cx
    my = (np.asarray(y, dtype=float) - height_px / 2) / world + cy
    lat = np.degrees(2 * np.arctan(np.exp((1 - 2 * my) * np.pi)) - np.pi / 2)
    return mx * 360 - 180, lat


def view_state(view: dict | None = None) -> pdk.ViewState:
    return pdk.ViewState(**(view or SOCAL_VIEW), pitch=0, bearing=0)


# --- programs on one point ----------------------------------------------------------------------------
def spread_points(lat: pd.Series, lon: pd.Series, *, step_m: float = SPREAD_STEP_M) -> pd.DataFrame:
    """lon/lat with programs that share a coordinate fanned out on a sunflower spiral around it.

    The first program of a group (in the frame's order) keeps the point; the k-th moves step_m * sqrt(k)
    metres at k golden angles, so any number of dots stay about step_m apart and the result is the same on
    every run. Returns columns lon, lat, offset (True where the dot was moved)."""
    key = pd.DataFrame({"lat": lat.astype(float).round(4).to_numpy(), "lon": lon.astype(float).round(4).to_numpy()})
    k = key.groupby(["lat", "lon"], sort=False).cumcount().to_numpy()
    radius_m = step_m * np.sqrt(k)
    angle = k * math.pi * (3 - math.sqrt(5))       # the golden angle
    dlat = radius_m * np.sin(angle) / METERS_PER_DEGREE
    dlon = radius_m * np.cos(angle) / (METERS_PER_DEGREE * np.cos(np.radians(key["lat"].to_numpy())))
    return pd.DataFrame({"lon": (key["lon"].to_numpy() + dlon).round(5), "lat": (key["lat"].to_numpy() + dlat).round(5),
                         "offset": k > 0}, index=lat.index)


# --- dots ---------------------------------------------------------------------------------------------
def dot_radius_m(positions: pd.Series) -> pd.Series:
    """Area grows with positions per year; unknown positions are drawn at DEFAULT_POSITIONS."""
    known = pd.to_numeric(positions, errors="coerce").astype(float).fillna(DEFAULT_POSITIONS)
    return (known.clip(lower=1).map(math.sqrt) * 700).round(0)


def location_text(precision: pd.Series, city: pd.Series | None = None, offset: pd.Series | None = None) -> pd.Series:
    """Say where the dot is: at the hospital only when a source published its coordinate; else the city
    centre (or county seat), and that the dot was moved off it when other programs share the point."""
    words = precision.fillna("").astype(str)
    place = ("city centre of " + city.astype(str).map(plain_html)) if city is not None else \
        pd.Series("city centre", index=precision.index)
    text = pd.Series(np.select(
        [words.str.startswith("hospital"), words.str.startswith("county seat")],
        ["dot at the hospital", "dot at the county seat (program city not stated)"],
        "dot at the " + place + " (hospital location not sourced)"), index=precision.index)
    if offset is not None:
        moved = np.asarray(offset, dtype=bool)
        text = text.where(~moved, text + "; dot offset so it can be seen")
    return text


TIER_DRAW_RANK = {t.value: -i for i, t in enumerate(TIER_ORDER)}


def _draw_order(programs: pd.DataFrame) -> pd.DataFrame:
    """Not eligible first, Realistic last: deck.gl draws later rows on top, so realistic dots stay visible.
    Then by program id. One numpy lexsort (stable, as the sort by both columns was), no frame copy to sort."""
    rank = programs["tier"].map(TIER_DRAW_RANK).to_numpy(dtype=float, na_value=np.nan)
    ids = programs["program_id"].to_numpy(dtype=object)
    return programs.iloc[np.lexsort((ids, rank))]


@lru_cache(maxsize=16384)
def _html(value: str) -> str:
    """plain_html kept per text: names and most tooltip lines are the same from one rerun to the next."""
    return plain_html(value)


def map_points(programs: pd.DataFrame) -> pd.DataFrame:
    """Only the columns the layers and tooltip use, shared points spread (small, deterministic payload).

    true_lon/true_lat keep the coordinate the data gives; lon/lat are where the dot is drawn."""
    used = ("program_id", "tier", "name", "likelihood_text", "reasons_text", "positions_per_year", "lat", "lon",
            "coord_precision", "city")
    programs = _draw_order(programs[[c for c in used if c in programs.columns]])    # not every scored column
    colors = programs["tier"].map(lambda t: Tier(t).rgb + [230])
    positions = programs["positions_per_year"]
    spread = spread_points(programs["lat"], programs["lon"])
    city = programs["city"] if "city" in programs else None
    out = pd.DataFrame({   # the tooltip is HTML: text from the data is escaped (plain_html), never markup
        "name": programs["name"].map(_html),
        "tier": programs["tier"].astype(str),
        "likelihood_text": programs["likelihood_text"].map(_html),
        "reasons_text": programs["reasons_text"].map(_html),
        "positions_text": positions.map(lambda v: "positions unknown (default dot size)" if pd.isna(v)
                                        else f"{int(v)} positions a year"),
        "location_text": location_text(programs["coord_precision"], city, spread["offset"]),
        "lon": spread["lon"],
        "lat": spread["lat"],
        "true_lon": programs["lon"].astype(float).round(4),
        "true_lat": programs["lat"].astype(float).round(4),
        "radius": dot_radius_m(positions),
        "color": colors,
    })
    return out.reset_index(drop=True)


# --- place and sub-region names, outlines ---------------------------------------------------------------
CITY_LABEL_PX = (7.6, 17)       # width per character and height of a 13 px bold city label
REGION_LABEL_PX = (10.5, 19)    # the same for a 15 px bold sub-region name in capitals


def city_labels(programs: pd.DataFrame) -> pd.DataFrame:
    """One label per city with programs shown, at the city's mean true coordinate.

    priority orders the placement (a label that would cover another is left out): cities with Realistic
    programs first, then cities with more programs, so where the realistic programs are is always named."""
    if programs.empty:
        return pd.DataFrame(columns=["text", "lon", "lat", "priority"])
    # Only the four columns, the city as Python strings: grouping the whole frame by an Arrow string column
    # with named aggregations was most of this function's time. Same groups (sorted, no missing city), same means.
    small = pd.DataFrame({"city": programs["city"].to_numpy(dtype=object),
                          "lat": programs["lat"].astype(float).to_numpy(), "lon": programs["lon"].astype(float).to_numpy(),
                          "realistic": programs["tier"].eq(Tier.REALISTIC.value).to_numpy(dtype=bool)})
    by_city = small.groupby("city", sort=True)
    grouped = by_city[["lat", "lon"]].mean()
    grouped["n"] = by_city.size()
    grouped["realistic"] = by_city["realistic"].sum()
    return pd.DataFrame({
        "text": [shorten(city, 32) for city in grouped.index.astype(str)],   # drawn as text by deck.gl, not HTML
        "lon": grouped["lon"].round(4).to_numpy(), "lat": grouped["lat"].round(4).to_numpy(),
        "priority": (grouped["realistic"] * 100 + grouped["n"]).astype(int).to_numpy(),
    })


def tier_places(programs: pd.DataFrame, tier: Tier = Tier.REALISTIC, limit: int = 8) -> str:
    """Where a tier's programs are, in words: "Los Angeles (4), Glendale, Pomona" (most programs first),
    so the reader sees the cluster without hovering."""
    counts = programs.loc[programs["tier"] == tier.value, "city"].astype(str).value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    if counts.empty:
        return "none"
    parts = [f"{shorten(city, 32)} ({n})" if n > 1 else shorten(city, 32) for city, n in counts.head(limit).items()]
    more = len(counts) - limit
    return ", ".join(parts) + (f" and {plural(more, 'more place')}" if more > 0 else "")


def _overlaps(box: tuple[float, float, float, float], boxes: list[tuple[float, float, float, float]]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes)


def ring_pixels(ring: tuple[float, float, float] | None, view: dict, *, width_px: int,
                height_px: int) -> tuple[float, float, float] | None:
    """(x, y, radius) on screen of a (lon, lat, radius in metres) ring at this view, or None without a ring."""
    if ring is None:
        return None
    lon, lat, radius_m = ring
    x, y = project([lon, lon], [lat, lat + radius_m / METERS_PER_DEGREE], view, width_px=width_px, height_px=height_px)
    return float(x[0]), float(y[0]), float(abs(y[1] - y[0]))


def same_side_of_ring(box: tuple[float, float, float, float], point: tuple[float, float],
                      ring_px: tuple[float, float, float] | None) -> bool:
    """False when a label of a dot outside the ring would reach into it: no label sits inside a ring it does not
    belong to. A dot inside the ring may have its label run over the line (a ring of a few miles holds no name)."""
    if ring_px is None:
        return True
    rx, ry, r = ring_px
    if math.hypot(point[0] - rx, point[1] - ry) <= r:
        return True
    x0, y0, x1, y1 = box
    return math.hypot(min(max(rx, x0), x1) - rx, min(max(ry, y0), y1) - ry) >= r


def place_labels(cities: pd.DataFrame, dots: pd.DataFrame, regions: pd.DataFrame, view: dict, *,
                 width_px: int, height_px: int, dot_city: Sequence[str] | None = None,
                 ring: tuple[float, float, float] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Labels that do not cover each other or a dot, at the starting view: (cities, sub-regions).

    Cities in priority order take the first free place beside their dots (right, left, above, below, then the
    corners), just beyond their own fanned-out dots: dot_city names each dot's city, so another city's dots
    nearby never push a label away from its own. A label of a city outside the distance ring (ring: lon, lat,
    radius in metres) stays out of it. A city with no free place stays unnamed (its dots keep their tooltips). Every
    sub-region keeps its name, moved up or down off the city labels where it can and kept inside the frame."""
    dx, dy = project(dots["lon"], dots["lat"], view, width_px=width_px, height_px=height_px)
    taken = [(x - 5, y - 5, x + 5, y + 5) for x, y in zip(dx, dy)]
    placed = []
    cx, cy = project(cities["lon"], cities["lat"], view, width_px=width_px, height_px=height_px)
    ring_px = ring_pixels(ring, view, width_px=width_px, height_px=height_px)
    owners = None if dot_city is None else np.asarray([shorten(c, 32) for c in dot_city], dtype=object)
    order = np.argsort(-cities["priority"].to_numpy(), kind="stable")
    for i in order:
        text = cities["text"].iloc[i]
        w, h = CITY_LABEL_PX[0] * len(text) + 6, CITY_LABEL_PX[1]
        near = np.hypot(dx - cx[i], dy - cy[i])
        mine = (near < 30) if owners is None else (owners == text) & (near < 60)
        gap = float(near[mine].max(initial=0)) + 9             # clear of this city's own fanned-out dots
        diagonal = gap * 0.72
        # (text anchor, pixel offset, box left edge, box top edge): right, left, above, below, then the corners
        candidates = (("start", [gap, 0], cx[i] + gap, cy[i] - h / 2),
                      ("end", [-gap, 0], cx[i] - gap - w, cy[i] - h / 2),
                      ("middle", [0, -gap - 2], cx[i] - w / 2, cy[i] - gap - 2 - h / 2),
                      ("middle", [0, gap + 2], cx[i] - w / 2, cy[i] + gap + 2 - h / 2),
                      ("start", [diagonal, -diagonal], cx[i] + diagonal, cy[i] - diagonal - h / 2),
                      ("start", [diagonal, diagonal], cx[i] + diagonal, cy[i] + diagonal - h / 2),
                      ("end", [-diagonal, -diagonal], cx[i] - diagonal - w, cy[i] - diagonal - h / 2),
                      ("end", [-diagonal, diagonal], cx[i] - diagonal - w, cy[i] + diagonal - h / 2))
        own = [b for b, is_mine in zip(taken[:len(dx)], mine) if is_mine]
        others = [b for b in taken if b not in own]
        for anchor, offset, x0, y0 in candidates:
            box = (x0, y0, x0 + w, y0 + h)
            inside = box[0] >= 2 and box[2] <= width_px - 2 and box[1] >= 2 and box[3] <= height_px - 2
            if inside and not _overlaps(box, others) and same_side_of_ring(box, (cx[i], cy[i]), ring_px):
                taken.append(box)
                placed.append({"text": text, "lon": float(cities["lon"].iloc[i]), "lat": float(cities["lat"].iloc[i]),
                               "anchor": anchor, "offset": [round(offset[0]), round(offset[1])]})
                break
    region_rows = []
    obstacles = list(taken)        # dots and city labels; each placed sub-region name joins them
    rx, ry = project(regions["lon"], regions["lat"], view, width_px=width_px, height_px=height_px)
    for text, x, y in zip(regions["text"], rx, ry):
        w, h = REGION_LABEL_PX[0] * len(text), REGION_LABEL_PX[1]
        x = float(np.clip(x, w / 2 + 4, width_px - w / 2 - 4))     # the whole name inside the frame
        for shift in (0, -22, 22, -44, 44, -66, 66):
            box = (x - w / 2, y + shift - h / 2, x + w / 2, y + shift + h / 2)
            if not _overlaps(box, obstacles) and h / 2 <= y + shift <= height_px - h / 2:
                y += shift
                break
        obstacles.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
        lon, lat = unproject([x], [y], view, width_px=width_px, height_px=height_px)
        region_rows.append({"text": text, "lon": round(float(lon[0]), 4), "lat": round(float(lat[0]), 4)})
    city_frame = pd.DataFrame(placed, columns=["text", "lon", "lat", "anchor", "offset"])
    return city_frame, pd.DataFrame(region_rows, columns=["text", "lon", "lat"])


@lru_cache(maxsize=4)
def _read_geojson(path: str, mtime: float) -> dict | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return data if isinstance(data, dict) and isinstance(data.get("features"), list) else None
    except (OSError, ValueError):
        return None


def load_counties(path: Path = COUNTIES_FILE) -> dict | None:
    """The county outlines (GeoJSON) or None when the file is missing or unreadable (re-read when it changes)."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return _read_geojson(str(path), mtime)


def _rings(geometry: dict) -> list[list[list[float]]]:
    """Exterior and hole rings of a Polygon or MultiPolygon."""
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _exteriors(geometry: dict) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def subregion_outlines(counties: dict) -> list[dict]:
    """Sub-region borders as paths: the county borders minus those between two counties of one sub-region.

    Works because counties.json keeps every shared border identical on both sides (see
    scripts/build_counties.py), so an inner border is a segment drawn twice within one sub-region."""
    seen: dict[tuple[str, tuple, tuple], int] = {}
    features = [(f.get("properties", {}).get("subregion", ""), f.get("geometry") or {}) for f in counties["features"]]
    for region, geometry in features:
        for ring in _rings(geometry):
            for a, b in zip(ring, ring[1:]):
                edge = (region, *sorted((tuple(a), tuple(b))))
                seen[edge] = seen.get(edge, 0) + 1
    paths: list[dict] = []
    for region, geometry in features:
        for ring in _rings(geometry):
            current: list[list[float]] = []
            for a, b in zip(ring, ring[1:]):
                if seen[(region, *sorted((tuple(a), tuple(b))))] == 1:
                    current = current or [list(a)]
                    current.append(list(b))
                elif current:
                    paths.append({"subregion": region, "path": current})
                    current = []
            if current:
                paths.append({"subregion": region, "path": current})
    return paths


def _clip_ring(ring: list[list[float]], bounds: tuple[float, float, float, float]) -> list[tuple[float, ...]]:
    """Sutherland-Hodgman: the part of a ring inside a (west, south, east, north) box (points as (lon, lat, ...))."""
    west, south, east, north = bounds
    edges = ((lambda p: p[0] >= west, 0, west), (lambda p: p[0] <= east, 0, east),
             (lambda p: p[1] >= south, 1, south), (lambda p: p[1] <= north, 1, north))
    points = [tuple(p) for p in ring]
    for inside, axis, value in edges:
        if not points:
            break
        out: list[tuple[float, ...]] = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current) != inside(previous):
                t = (value - previous[axis]) / (current[axis] - previous[axis])
                out.append(tuple(previous[j] + t * (current[j] - previous[j]) for j in (0, 1)))
            if inside(current):
                out.append(current)
        points = out
    return points


def _area_centroid(points: list[tuple[float, ...]]) -> tuple[float, float, float]:
    """(area, x, y) of a polygon by the shoelace formula (area 0 when degenerate)."""
    if len(points) < 3:
        return 0.0, 0.0, 0.0
    xs, ys = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    cross = xs * np.roll(ys, -1) - np.roll(xs, -1) * ys
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return 0.0, 0.0, 0.0
    return abs(area), float(((xs + np.roll(xs, -1)) * cross).sum() / (6 * area)), \
        float(((ys + np.roll(ys, -1)) * cross).sum() / (6 * area))


def subregion_labels(counties: dict, bounds: tuple[float, float, float, float] | None = None) -> pd.DataFrame:
    """One name per sub-region at the centre of its visible part (the whole sub-region when bounds is None),
    so a label sits inside the frame even when the map shows only a corner of a large county."""
    totals: dict[str, list[float]] = {}
    for feature in counties["features"]:
        region = feature.get("properties", {}).get("subregion", "")
        for ring in _exteriors(feature.get("geometry") or {}):
            part = _clip_ring(ring, bounds) if bounds else [tuple(p) for p in ring]
            area, x, y = _area_centroid(part)
            if area:
                acc = totals.setdefault(region, [0.0, 0.0, 0.0])
                acc[0] += area
                acc[1] += area * x
                acc[2] += area * y
    rows = [{"text": region.upper(), "lon": round(sx / a, 4), "lat": round(sy / a, 4)}
            for region, (a, sx, sy) in sorted(totals.items()) if region and a > 0]
    return pd.DataFrame(rows, columns=["text", "lon", "lat"])


# --- layers and the deck ----------------------------------------------------------------------------------
def counties_layer(url: str = COUNTIES_URL) -> pdk.Layer:
    return pdk.Layer("GeoJsonLayer", data=url, id="counties", stroked=True, filled=True,
                     get_fill_color=[240, 240, 236, 90], get_line_color=[150, 150, 150],
                     line_width_min_pixels=1, pickable=False)


def subregion_geojson(counties: dict) -> dict:
    """The sub-region borders (subregion_outlines) as GeoJSON, one MultiLineString per sub-region: the content of
    static/subregions.json."""
    lines: dict[str, list] = {}
    for item in subregion_outlines(counties):
        lines.setdefault(item["subregion"], []).append(item["path"])
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"subregion": region},
         "geometry": {"type": "MultiLineString", "coordinates": paths}} for region, paths in sorted(lines.items())]}


def write_subregions(counties: dict, path: Path = SUBREGIONS_FILE) -> None:
    """Write static/subregions.json (compact JSON) from the county outlines."""
    path.write_text(json.dumps(subregion_geojson(counties), separators=(",", ":")) + "\n", encoding="utf-8")


def _outline_layer(counties: dict, url: str | None = SUBREGIONS_URL) -> pdk.Layer:
    """Sub-region borders: from the static file (fetched once per browser) when it is there, else drawn inline."""
    style = dict(id="subregion-outlines", get_line_color=[90, 90, 90, 200], line_width_min_pixels=2.5, pickable=False)
    if url and SUBREGIONS_FILE.exists():
        return pdk.Layer("GeoJsonLayer", data=url, stroked=True, filled=False, get_line_width=1, **style)
    return pdk.Layer("PathLayer", data=subregion_outlines(counties), id="subregion-outlines", get_path="path",
                     get_color=[90, 90, 90, 200], width_min_pixels=2.5, get_width=1, pickable=False)


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by two spaces, which is a third of the map's bytes on
    every rerun (Streamlit sends the spec as to_json gives it)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def _label_layers(cities: pd.DataFrame, regions: pd.DataFrame) -> list[pdk.Layer]:
    layers = []
    if not regions.empty:
        layers.append(pdk.Layer("TextLayer", data=regions, id="subregion-labels", get_position=["lon", "lat"],
                                get_text="text", get_size=15, get_color=[70, 70, 70, 190], character_set=ALL_GLYPHS,
                                font_weight=700, font_family=LABEL_FONT, get_text_anchor="'middle'",
                                get_alignment_baseline="'center'", pickable=False))
    if not cities.empty:
        layers.append(pdk.Layer(
            "TextLayer", data=cities, id="city-labels", get_position=["lon", "lat"], get_text="text", get_size=13,
            character_set=ALL_GLYPHS, get_color=[20, 20, 20, 255], font_family=LABEL_FONT, font_weight=700,
            get_text_anchor="anchor", get_alignment_baseline="'center'", get_pixel_offset="offset",
            pickable=False))
    return layers


def program_deck(programs: pd.DataFrame, *, home: Place | None = None, radius_miles: float | None = None,
                 frame: pd.DataFrame | None = None, size_px: tuple[int, int] = MAP_SIZE_PX,
                 counties_url: str | None = COUNTIES_URL, counties: dict | None = None,
                 streets: bool = False) -> pdk.Deck:
    """The program map: county borders, sub-region outlines and names, city names, tier-coloured dots sized
    by positions (shared points spread), optional home and distance ring.

    frame: the programs the camera is fitted to (default: programs). Pass the region/type filter's result,
    not the tier filter's, so a tier changing with the profile never moves the camera.
    counties_url=None leaves the county layers out (static/counties.json missing); the page then says so.
    counties: the parsed outlines for sub-region borders and names (default: read from static/)."""
    framed = programs if frame is None else frame
    view = fit_view(framed["lat"], framed["lon"], width_px=size_px[0], height_px=size_px[1])
    if counties is None and counties_url:
        counties = load_counties()
    bounds = view_bounds(view, width_px=size_px[0], height_px=size_px[1])
    layers = [counties_layer(counties_url)] if counties_url else []
    if counties_url and counties is not None:
        layers.append(_outline_layer(counties))
    if home is not None and radius_miles:
        ring = [{"lon": round(home.lon, 4), "lat": round(home.lat, 4), "radius": round(radius_miles * METERS_PER_MILE)}]
        layers.append(pdk.Layer("ScatterplotLayer", data=ring, id="home-ring", get_position=["lon", "lat"],
                                get_radius="radius", stroked=True, filled=False, get_line_color=HOME_RGB,
                                line_width_min_pixels=2, pickable=False))
    points = map_points(programs)
    layers.append(pdk.Layer("ScatterplotLayer", data=points, id="programs",
                            get_position=["lon", "lat"], get_radius="radius", get_fill_color="color",
                            get_line_color=[40, 40, 40], stroked=True, line_width_min_pixels=1,
                            radius_min_pixels=4, radius_max_pixels=30, pickable=True, auto_highlight=True))
    if home is not None:
        layers.append(pdk.Layer("ScatterplotLayer", data=[{"lon": round(home.lon, 4), "lat": round(home.lat, 4)}],
                                id="home", get_position=["lon", "lat"], get_radius=1, radius_min_pixels=7,
                                get_fill_color=HOME_RGB + [255], get_line_color=[255, 255, 255], stroked=True,
                                line_width_min_pixels=2, pickable=False))
    regions = subregion_labels(counties, bounds) if counties_url and counties is not None else \
        pd.DataFrame(columns=["text", "lon", "lat"])
    ring_m = (home.lon, home.lat, radius_miles * METERS_PER_MILE) if home is not None and radius_miles else None
    cities, regions = place_labels(city_labels(programs), points, regions, view, width_px=size_px[0],
                                   height_px=size_px[1], dot_city=_draw_order(programs[["tier", "program_id", "city"]])["city"].astype(str).tolist()
                                   if "city" in programs else None, ring=ring_m)
    layers += _label_layers(cities, regions)
    if streets:   # the user asked for a street map: Carto tiles (an outside request), never the default
        return CompactDeck(layers=layers, initial_view_state=view_state(view), map_provider="carto",
                           map_style=STREET_STYLE, tooltip=TOOLTIP)
    # map_provider=None + default map_style -> "__MAP_STYLE__" sentinel: no basemap, nothing fetched.
    return CompactDeck(layers=layers, initial_view_state=view_state(view), map_provider=None, tooltip=TOOLTIP)


def legend_items() -> list[tuple[str, str, str]]:
    """(tier, hex colour, meaning) for the legend beside the map."""
    return [(t.value, t.color, t.short) for t in Tier]


def outline_note(counties: bool = True, streets: bool = False) -> str:
    """The legend sentence about the base layer, which follows whether the county outlines are there."""
    base = ("street map from Carto (online)" if streets else "there is no street map (works offline)")
    if counties:
        return (f"Thin grey lines are county borders, thick ones sub-region borders, with the sub-region names in "
                f"capitals; {base}.")
    return f"County borders are not drawn (static/counties.json is missing or unreadable); {base}."


SIZE_NOTE = (f"Dot area grows with positions per year; programs whose positions are unknown are drawn at the size "
             f"of {DEFAULT_POSITIONS} positions. A dot sits on the hospital only where a public source printed its "
             f"coordinate; otherwise it sits on the city centre, and programs sharing a city centre are fanned out "
             f"around it so each is visible (the tooltip says which).")
