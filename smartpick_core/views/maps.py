"""pydeck decks of the scored programs: offline, one palette, a constant camera.

    program_deck(result.programs, home=place, radius_miles=30)  -> pdk.Deck

Offline by construction: map_provider=None with map_style left at its default, so
pydeck writes its "__MAP_STYLE__" sentinel and Streamlit draws no basemap (no
Carto or Mapbox request). County outlines come from the app's own static file.
The initial view is a constant per region, so the camera does not jump on reruns.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pydeck as pdk

from ..programs.geography import Place
from ..text import plain_html
from ..model.tiers import Tier

COUNTIES_URL = "/app/static/counties.json"
METERS_PER_MILE = 1609.344
DEFAULT_POSITIONS = 8          # dot size used when a program's positions are unknown
HOME_RGB = [0, 114, 178]       # Okabe-Ito blue: the applicant, never a tier

# Fixed cameras (centre of each sub-region) so the view never follows the filters.
SOCAL_VIEW = dict(latitude=33.9, longitude=-117.8, zoom=7.0)
REGION_VIEWS: dict[str, dict] = {
    "Los Angeles": dict(latitude=34.05, longitude=-118.25, zoom=8.3),
    "Orange County": dict(latitude=33.72, longitude=-117.83, zoom=9.0),
    "Inland Empire": dict(latitude=34.0, longitude=-116.9, zoom=7.6),
    "San Diego": dict(latitude=32.95, longitude=-117.0, zoom=8.3),
    "Ventura": dict(latitude=34.3, longitude=-119.1, zoom=8.8),
    "Imperial": dict(latitude=32.9, longitude=-115.5, zoom=8.5),
    "Kern": dict(latitude=35.35, longitude=-118.9, zoom=7.8),
    "Central Coast": dict(latitude=34.9, longitude=-120.3, zoom=7.8),
}

TOOLTIP = {
    "html": "<b>{name}</b><br/>{tier} · interview chance {likelihood_text}<br/>{positions_text}<br/>"
            "<small>{location_text}</small><br/><small>{reasons_text}</small>",
    "style": {"maxWidth": "420px", "fontSize": "13px"},
}


def view_state(region: str | None = None) -> pdk.ViewState:
    return pdk.ViewState(**REGION_VIEWS.get(region or "", SOCAL_VIEW), pitch=0, bearing=0)


def dot_radius_m(positions: pd.Series) -> pd.Series:
    """Area grows with positions per year; unknown positions are drawn at DEFAULT_POSITIONS."""
    known = pd.to_numeric(positions, errors="coerce").astype(float).fillna(DEFAULT_POSITIONS)
    return (known.clip(lower=1).map(math.sqrt) * 700).round(0)


def location_text(precision: pd.Series) -> pd.Series:
    """Say where the dot is: at the hospital only when a source published its coordinate."""
    at_hospital = precision.fillna("").astype(str).str.startswith("hospital")
    return pd.Series(np.where(at_hospital, "dot at the hospital",
                              "dot at the city centre (hospital location not sourced)"), index=precision.index)


def map_points(programs: pd.DataFrame) -> pd.DataFrame:
    """Only the columns the layers and tooltip use, coordinates rounded (small, deterministic payload)."""
    colors = programs["tier"].map(lambda t: Tier(t).rgb + [220])
    positions = programs["positions_per_year"]
    out = pd.DataFrame({   # the tooltip is HTML: text from the data is escaped (plain_html), never markup
        "name": programs["name"].map(plain_html),
        "tier": programs["tier"].astype(str),
        "likelihood_text": programs["likelihood_text"].map(plain_html),
        "reasons_text": programs["reasons_text"].map(plain_html),
        "positions_text": positions.map(lambda v: "positions unknown (default dot size)" if pd.isna(v)
                                        else f"{int(v)} positions a year"),
        "location_text": location_text(programs["coord_precision"]),
        "lon": programs["lon"].astype(float).round(4),
        "lat": programs["lat"].astype(float).round(4),
        "radius": dot_radius_m(positions),
        "color": colors,
    })
    return out.reset_index(drop=True)


def counties_layer(url: str = COUNTIES_URL) -> pdk.Layer:
    return pdk.Layer("GeoJsonLayer", data=url, id="counties", stroked=True, filled=True,
                     get_fill_color=[235, 235, 235, 60], get_line_color=[120, 120, 120],
                     line_width_min_pixels=1, pickable=False)


def program_deck(programs: pd.DataFrame, *, home: Place | None = None, radius_miles: float | None = None,
                 region: str | None = None, counties_url: str | None = COUNTIES_URL) -> pdk.Deck:
    """The program map: county outlines, tier-coloured dots sized by positions, optional home and ring.

    counties_url=None leaves the outlines out (static/counties.json missing); the page then says so."""
    layers = [counties_layer(counties_url)] if counties_url else []
    if home is not None and radius_miles:
        ring = [{"lon": round(home.lon, 4), "lat": round(home.lat, 4), "radius": round(radius_miles * METERS_PER_MILE)}]
        layers.append(pdk.Layer("ScatterplotLayer", data=ring, id="home-ring", get_position=["lon", "lat"],
                                get_radius="radius", stroked=True, filled=False, get_line_color=HOME_RGB,
                                line_width_min_pixels=2, pickable=False))
    layers.append(pdk.Layer("ScatterplotLayer", data=map_points(programs), id="programs",
                            get_position=["lon", "lat"], get_radius="radius", get_fill_color="color",
                            get_line_color=[40, 40, 40], stroked=True, line_width_min_pixels=1,
                            radius_min_pixels=4, radius_max_pixels=30, pickable=True, auto_highlight=True))
    if home is not None:
        layers.append(pdk.Layer("ScatterplotLayer", data=[{"lon": round(home.lon, 4), "lat": round(home.lat, 4)}],
                                id="home", get_position=["lon", "lat"], get_radius=1, radius_min_pixels=7,
                                get_fill_color=HOME_RGB + [255], get_line_color=[255, 255, 255], stroked=True,
                                line_width_min_pixels=2, pickable=False))
    # map_provider=None + default map_style -> "__MAP_STYLE__" sentinel: no basemap, nothing fetched.
    return pdk.Deck(layers=layers, initial_view_state=view_state(region), map_provider=None, tooltip=TOOLTIP)


def legend_items() -> list[tuple[str, str, str]]:
    """(tier, hex colour, meaning) for the legend beside the map."""
    return [(t.value, t.color, t.short) for t in Tier]


def outline_note(counties: bool = True) -> str:
    """The legend sentence about the base layer, which follows whether the county outlines are there."""
    if counties:
        return "Grey lines are county borders; there is no street map (works offline)."
    return ("County borders are not drawn (static/counties.json is missing or unreadable); "
            "there is no street map (works offline).")


SIZE_NOTE = (f"Dot area grows with positions per year; programs whose positions are unknown are drawn at the size "
             f"of {DEFAULT_POSITIONS} positions. A dot sits on the hospital only where a public source printed its "
             f"coordinate; otherwise it sits on the city centre (the tooltip says which).")
