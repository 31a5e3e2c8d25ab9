"""Checks for static/counties.json and the TopoJSON decoder in scripts/build_counties.py."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COUNTIES = ROOT / "static" / "counties.json"
BUILD_SCRIPT = ROOT / "scripts" / "build_counties.py"

EXPECTED = {
    "Los Angeles": ("Los Angeles", "06037"),
    "Orange": ("Orange County", "06059"),
    "Riverside": ("Inland Empire", "06065"),
    "San Bernardino": ("Inland Empire", "06071"),
    "San Diego": ("San Diego", "06073"),
    "Ventura": ("Ventura", "06111"),
    "Imperial": ("Imperial", "06025"),
    "Kern": ("Kern", "06029"),
    "Santa Barbara": ("Central Coast", "06083"),
    "San Luis Obispo": ("Central Coast", "06079"),
}
SUBREGIONS = {
    "Los Angeles", "Orange County", "Inland Empire", "San Diego",
    "Ventura", "Imperial", "Kern", "Central Coast",
}


def _load_build_module():
    spec = importlib.util.spec_from_file_location("build_counties", BUILD_SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


build = _load_build_module()


@pytest.fixture(scope="module")
def fc():
    with COUNTIES.open(encoding="utf-8") as fh:
        return json.load(fh)


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return geometry["coordinates"]


def ring_contains(ring, x, y):
    """Even-odd ray casting (ray towards +x)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y):
            xcross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if xcross > x:
                inside = not inside
    return inside


def geometry_contains(geometry, x, y):
    for poly in polygons(geometry):
        if ring_contains(poly[0], x, y) and not any(ring_contains(h, x, y) for h in poly[1:]):
            return True
    return False


def by_county(fc):
    return {f["properties"]["county"]: f for f in fc["features"]}


# ---------------------------------------------------------------- the file


def test_file_size_under_500kb():
    assert COUNTIES.stat().st_size < 500 * 1024


def test_parses_as_feature_collection(fc):
    assert fc["type"] == "FeatureCollection"
    assert isinstance(fc["features"], list)
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_exactly_the_ten_counties(fc):
    names = [f["properties"]["county"] for f in fc["features"]]
    assert len(names) == 10
    assert sorted(names) == sorted(EXPECTED)


def test_properties_subregion_and_fips(fc):
    for f in fc["features"]:
        p = f["properties"]
        assert set(p) == {"county", "subregion", "fips"}
        assert p["subregion"] in SUBREGIONS
        assert (p["subregion"], p["fips"]) == EXPECTED[p["county"]]
        assert p["fips"].startswith("06") and len(p["fips"]) == 5


def test_coordinates_in_socal_box_rounded_and_rings_closed(fc):
    for f in fc["features"]:
        for poly in polygons(f["geometry"]):
            assert poly, f["properties"]["county"]
            for ring in poly:
                assert len(ring) >= 4
                assert ring[0] == ring[-1]
                for lon, lat in ring:
                    assert -121.5 <= lon <= -114.0, (f["properties"]["county"], lon)
                    assert 32.5 <= lat <= 35.9, (f["properties"]["county"], lat)
                    assert round(lon, 4) == lon and round(lat, 4) == lat


def test_los_angeles_contains_downtown(fc):
    counties = by_county(fc)
    assert geometry_contains(counties["Los Angeles"]["geometry"], -118.24, 34.05)
    # and no other county claims it
    others = [n for n, f in counties.items()
              if n != "Los Angeles" and geometry_contains(f["geometry"], -118.24, 34.05)]
    assert others == []


@pytest.mark.parametrize("county,lon,lat", [
    ("San Diego", -117.16, 32.72),       # downtown San Diego
    ("Orange", -117.87, 33.75),          # Santa Ana
    ("Riverside", -117.40, 33.95),       # Riverside
    ("San Bernardino", -117.29, 34.11),  # San Bernardino
    ("Kern", -119.02, 35.37),            # Bakersfield
    ("Santa Barbara", -119.70, 34.42),   # Santa Barbara
    ("San Luis Obispo", -120.66, 35.28), # San Luis Obispo
    ("Ventura", -119.18, 34.20),         # Oxnard
    ("Imperial", -115.56, 32.79),        # El Centro
])
def test_city_lands_in_its_county(fc, county, lon, lat):
    counties = by_county(fc)
    hits = [n for n, f in counties.items() if geometry_contains(f["geometry"], lon, lat)]
    assert hits == [county]


def test_exterior_rings_counter_clockwise(fc):
    for f in fc["features"]:
        for poly in polygons(f["geometry"]):
            assert build.signed_area(poly[0]) > 0
            for hole in poly[1:]:
                assert build.signed_area(hole) < 0


# ------------------------------------------------------------- the decoder

# Two unit squares sharing the edge x=1, quantized with scale 0.5 / translate (10, 20).
# Arc 0: shared edge (1,0)->(1,1); arc 1: left square rest; arc 2: right square rest.
TINY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10.0, 20.0]},
    "arcs": [
        [[2, 0], [0, 2]],                       # (11,20) -> (11,21)
        [[2, 2], [-2, 0], [0, -2], [2, 0]],     # (11,21)->(10,21)->(10,20)->(11,20)
        [[2, 0], [2, 0], [0, 2], [-2, 0]],      # (11,20)->(12,20)->(12,21)->(11,21)
    ],
    "objects": {
        "counties": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "L"},
                {"type": "Polygon", "arcs": [[2, -1]], "id": "R"},
            ],
        }
    },
}


def test_decode_arcs_delta_and_transform():
    arcs = build.decode_arcs(TINY)
    assert arcs[0] == [[11.0, 20.0], [11.0, 21.0]]
    assert arcs[1] == [[11.0, 21.0], [10.0, 21.0], [10.0, 20.0], [11.0, 20.0]]


def test_decode_arcs_without_transform_is_identity():
    topo = {"arcs": [[[1.5, 2.5], [3.0, 4.0]]]}
    assert build.decode_arcs(topo) == [[[1.5, 2.5], [3.0, 4.0]]]


def test_negative_index_is_reversed_arc():
    arcs = build.decode_arcs(TINY)
    assert build.arc_positions(arcs, -1) == [[11.0, 21.0], [11.0, 20.0]]  # ~(-1) == 0


def test_stitch_polygons_share_the_edge():
    arcs = build.decode_arcs(TINY)
    geoms = TINY["objects"]["counties"]["geometries"]
    left = build.geometry_to_geojson(geoms[0], arcs)
    right = build.geometry_to_geojson(geoms[1], arcs)
    assert left == {"type": "Polygon", "coordinates": [
        [[11.0, 20.0], [11.0, 21.0], [10.0, 21.0], [10.0, 20.0], [11.0, 20.0]]]}
    assert right["coordinates"][0] == [
        [11.0, 20.0], [12.0, 20.0], [12.0, 21.0], [11.0, 21.0], [11.0, 20.0]]
    tidy = build.tidy_geometry(left)
    assert build.signed_area(tidy["coordinates"][0]) == pytest.approx(1.0)


def test_clean_ring_removes_duplicates_and_spikes():
    ring = [[0, 0], [1, 0], [1, 0], [2, 0], [3, 5], [2, 0], [2, 2], [0, 2], [0, 0]]
    assert build.clean_ring(ring) == [[0, 0], [1, 0], [2, 0], [2, 2], [0, 2], [0, 0]]
    assert build.clean_ring([[0, 0], [1, 1], [0, 0]]) == []


def test_douglas_peucker_keeps_ends_and_big_turns():
    line = [[0, 0], [1, 0.01], [2, 0], [3, 1], [4, 0]]
    assert build.douglas_peucker(line, 0.1) == [[0, 0], [2, 0], [3, 1], [4, 0]]
    closed = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    assert len(build.douglas_peucker(closed, 0.1)) == 5

