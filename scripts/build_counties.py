#!/usr/bin/env python3
"""Build static/counties.json: outlines of the 10 Southern California counties.

Source
    npm package ``us-atlas`` version 3.0.1, file ``counties-10m.json``
    (TopoJSON, unprojected lon/lat, quantized and already simplified by the
    package author). us-atlas is "derived from the Census Bureau's cartographic
    county boundaries, 2017 edition" (US Census Bureau cartographic boundary
    files, GENZ2017). Census Bureau data are public domain; the us-atlas
    package is licensed ISC (Copyright 2013-2019 Michael Bostock).
    sha256 of counties-10m.json 3.0.1:
    145aaf5d1433352a6a1d8e86b5f149c7c653f9171baf14aaf75ee66575def1b0

Get the input (only a package registry is needed):
    cd "$(mktemp -d)" && npm pack us-atlas@3.0.1 && tar xzf us-atlas-3.0.1.tgz
    # -> package/counties-10m.json

Rebuild:
    .venv/bin/python scripts/build_counties.py /path/to/package/counties-10m.json

What it does (standard library only, build-time only):
    1. Decodes the TopoJSON arcs: delta-decoding of the quantized positions,
       then ``x * scale + translate`` from the topology's transform.
    2. Simplifies every *arc* once with Douglas-Peucker (``--tolerance`` in
       degrees), so borders shared by two counties stay identical on both
       sides (no slivers or gaps).
    3. Stitches arcs into rings (a negative index ``i`` means arc ``~i``
       reversed; the first position of each following arc is dropped because
       it repeats the last position of the previous one).
    4. Rounds to 4 decimals, removes consecutive duplicate positions and
       zero-width spikes (A, B, A), drops rings that collapse below 4
       positions, and orients rings per RFC 7946 (exterior counter-clockwise,
       holes clockwise).
    5. Writes a GeoJSON FeatureCollection with properties
       {"county", "subregion", "fips"}, one feature per line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "static" / "counties.json"

# county name -> (FIPS, subregion). Order here is the order in the output.
SOCAL_COUNTIES: dict[str, tuple[str, str]] = {
    "Los Angeles": ("06037", "Los Angeles"),
    "Orange": ("06059", "Orange County"),
    "Riverside": ("06065", "Inland Empire"),
    "San Bernardino": ("06071", "Inland Empire"),
    "San Diego": ("06073", "San Diego"),
    "Ventura": ("06111", "Ventura"),
    "Imperial": ("06025", "Imperial"),
    "Kern": ("06029", "Kern"),
    "Santa Barbara": ("06083", "Central Coast"),
    "San Luis Obispo": ("06079", "Central Coast"),
}

DEFAULT_TOLERANCE = 0.0  # degrees; the 10m file is already simplified
DECIMALS = 4

Position = list  # [lon, lat]


# --------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------
def decode_arcs(topology: dict) -> list[list[Position]]:
    """Return all arcs of ``topology`` as absolute [lon, lat] positions.

    With a ``transform`` the arcs are quantized and delta-encoded: each
    position after the first is an offset from the previous one, and the
    integer running sums map to coordinates by ``q * scale + translate``.
    Without a transform the arcs are already absolute coordinates.
    """
    transform = topology.get("transform")
    arcs = topology["arcs"]
    if not transform:
        return [[[float(p[0]), float(p[1])] for p in arc] for arc in arcs]
    sx, sy = transform["scale"]
    tx, ty = transform["translate"]
    out = []
    for arc in arcs:
        x = y = 0
        decoded = []
        for p in arc:
            x += p[0]
            y += p[1]
            decoded.append([x * sx + tx, y * sy + ty])
        out.append(decoded)
    return out


def arc_positions(arcs: list[list[Position]], index: int) -> list[Position]:
    """Positions of arc ``index``; a negative index ``i`` is arc ``~i`` reversed."""
    if index < 0:
        return list(reversed(arcs[~index]))
    return list(arcs[index])


def stitch(arcs: list[list[Position]], indexes: list[int]) -> list[Position]:
    """Concatenate arcs into one line/ring, dropping repeated joint positions."""
    points: list[Position] = []
    for i in indexes:
        pts = arc_positions(arcs, i)
        if points:
            points.pop()  # equals the first position of the next arc
        points.extend(pts)
    return points


def geometry_to_geojson(geom: dict, arcs: list[list[Position]]) -> dict | None:
    """Convert one TopoJSON geometry object to a GeoJSON geometry."""
    gtype = geom.get("type")
    if gtype == "Polygon":
        return {"type": "Polygon", "coordinates": [stitch(arcs, r) for r in geom["arcs"]]}
    if gtype == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[stitch(arcs, r) for r in poly] for poly in geom["arcs"]],
        }
    if gtype == "LineString":
        return {"type": "LineString", "coordinates": stitch(arcs, geom["arcs"])}
    if gtype == "MultiLineString":
        return {"type": "MultiLineString", "coordinates": [stitch(arcs, line) for line in geom["arcs"]]}
    if gtype is None:
        return None
    raise ValueError(f"unsupported geometry type for this build: {gtype}")


# --------------------------------------------------------------------------
# Simplification and clean-up
# --------------------------------------------------------------------------
def _perp_dist(p: Position, a: Position, b: Position) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return ((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2) ** 0.5
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    cx, cy = a[0] + t * dx, a[1] + t * dy
    return ((p[0] - cx) ** 2 + (p[1] - cy) ** 2) ** 0.5


def douglas_peucker(points: list[Position], tolerance: float) -> list[Position]:
    """Douglas-Peucker simplification keeping both end points (iterative).

    A closed arc (first == last) is split at its farthest point from the
    start first, so an island ring does not collapse to its two end points.
    """
    n = len(points)
    if tolerance <= 0 or n <= 2:
        return [list(p) for p in points]
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    if points[0] == points[-1]:
        far = max(range(1, n - 1), key=lambda i: _perp_dist(points[i], points[0], points[0]),
                  default=None)
        if far is not None:
            keep[far] = True
            stack = [(0, far), (far, n - 1)]
    while stack:
        lo, hi = stack.pop()
        best, best_i = 0.0, -1
        for i in range(lo + 1, hi):
            d = _perp_dist(points[i], points[lo], points[hi])
            if d > best:
                best, best_i = d, i
        if best_i >= 0 and best > tolerance:
            keep[best_i] = True
            stack.append((lo, best_i))
            stack.append((best_i, hi))
    return [list(p) for p, k in zip(points, keep) if k]


def clean_ring(ring: list[Position], decimals: int = DECIMALS) -> list[Position]:
    """Round, drop duplicate positions and A-B-A spikes; keep the ring closed.

    Returns [] when the ring collapses below 4 positions (3 distinct points).
    """
    pts = [[round(p[0], decimals), round(p[1], decimals)] for p in ring]
    if pts and pts[0] == pts[-1]:
        pts = pts[:-1]
    changed = True
    while changed and len(pts) >= 3:
        changed = False
        out: list[Position] = []
        for p in pts:
            if out and out[-1] == p:
                changed = True
                continue
            if len(out) >= 2 and out[-2] == p:  # spike out[-2] -> out[-1] -> p
                out.pop()
                changed = True
                continue
            out.append(p)
        # wrap-around duplicates / spikes
        while len(out) >= 2 and out[0] == out[-1]:
            out.pop()
            changed = True
        while len(out) >= 3 and out[-2] == out[0]:
            out.pop()
            changed = True
        while len(out) >= 3 and out[1] == out[-1]:
            out.pop(0)
            changed = True
        pts = out
    if len(pts) < 3:
        return []
    return pts + [list(pts[0])]


def signed_area(ring: list[Position]) -> float:
    """Shoelace area; positive when counter-clockwise in lon/lat."""
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def orient(ring: list[Position], ccw: bool) -> list[Position]:
    if (signed_area(ring) > 0) != ccw:
        return list(reversed(ring))
    return ring


def polygon_rings(rings: list[list[Position]]) -> list[list[Position]]:
    """Clean a polygon's rings; exterior CCW, holes CW (RFC 7946)."""
    out = []
    for k, ring in enumerate(rings):
        cleaned = clean_ring(ring)
        if not cleaned:
            if k == 0:
                return []  # exterior collapsed: drop the whole polygon
            continue
        out.append(orient(cleaned, ccw=(k == 0)))
    return out


def tidy_geometry(geom: dict) -> dict:
    """Clean a (Multi)Polygon; returns a Polygon when one part remains."""
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    parts = [p for p in (polygon_rings(poly) for poly in polys) if p]
    if not parts:
        raise ValueError("geometry collapsed entirely")
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------
def build_feature_collection(topology: dict, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    arcs = decode_arcs(topology)
    if tolerance > 0:
        arcs = [douglas_peucker(a, tolerance) for a in arcs]
    by_fips = {g.get("id"): g for g in topology["objects"]["counties"]["geometries"]}
    features = []
    for name, (fips, subregion) in SOCAL_COUNTIES.items():
        g = by_fips.get(fips)
        if g is None:
            raise KeyError(f"FIPS {fips} ({name}) not in the topology")
        src_name = (g.get("properties") or {}).get("name")
        if src_name != name:
            raise ValueError(f"FIPS {fips}: expected {name!r}, topology says {src_name!r}")
        geom = tidy_geometry(geometry_to_geojson(g, arcs))
        features.append({
            "type": "Feature",
            "properties": {"county": name, "subregion": subregion, "fips": fips},
            "geometry": geom,
        })
    return {"type": "FeatureCollection", "features": features}


def dumps_feature_collection(fc: dict) -> str:
    """Compact JSON, one feature per line (small file, readable diffs)."""
    lines = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in fc["features"]]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("topojson", type=Path, help="path to us-atlas@3 counties-10m.json")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    ap.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                    help="Douglas-Peucker tolerance in degrees, per arc (default %(default)s)")
    args = ap.parse_args(argv)

    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    fc = build_feature_collection(topology, args.tolerance)
    text = dumps_feature_collection(fc)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    npos = sum(
        len(r)
        for f in fc["features"]
        for poly in (f["geometry"]["coordinates"] if f["geometry"]["type"] == "MultiPolygon"
                     else [f["geometry"]["coordinates"]])
        for r in poly
    )
    print(f"wrote {args.out}: {len(fc['features'])} features, {npos} positions, "
          f"{len(text.encode('utf-8'))} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
