"""Bundled program data: provenance, unique ids, coordinates in the right county, docs in step."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from smartpick_core import ProgramDataError
from smartpick_core.programs.table import AUDIT_COLUMNS, COLUMNS, load_programs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PROGRAM_FILES = [DATA / "programs.csv", DATA / "programs_added.csv"]
README = (DATA / "README.md").read_text(encoding="utf-8")
COUNTIES = json.loads((ROOT / "static" / "counties.json").read_text(encoding="utf-8"))
CALIBRATION = sorted((DATA / "calibration").glob("*.csv"))
TOLERANCE_KM = 10.0


def _raw(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["_where"] = [f"{path.name} line {i + 2}" for i in range(len(frame))]
    return frame


RAW = pd.concat([_raw(p) for p in PROGRAM_FILES], ignore_index=True)


# ------------------------------------------------------------------ geometry helpers
def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return geometry["coordinates"]


def _in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: count crossings of a ray going east from the point."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][:2]
        xj, yj = ring[j][:2]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_county(lon: float, lat: float, geometry: dict) -> bool:
    for poly in _polygons(geometry):
        if _in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, h) for h in poly[1:]):
            return True
    return False


def _km_to_segment(lon: float, lat: float, a: list[float], b: list[float]) -> float:
    """Distance point-segment in km on a local equirectangular projection (fine at <100 km)."""
    kx = 111.32 * math.cos(math.radians(lat))
    ky = 110.57
    px, py = 0.0, 0.0
    ax, ay = (a[0] - lon) * kx, (a[1] - lat) * ky
    bx, by = (b[0] - lon) * kx, (b[1] - lat) * ky
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(ax + t * dx - px, ay + t * dy - py)


def _km_to_county(lon: float, lat: float, geometry: dict) -> float:
    if _in_county(lon, lat, geometry):
        return 0.0
    return min(_km_to_segment(lon, lat, ring[i], ring[i + 1])
               for poly in _polygons(geometry) for ring in poly for i in range(len(ring) - 1))


COUNTY_GEOMETRY = {f["properties"]["county"]: f["geometry"] for f in COUNTIES["features"]}


def test_geometry_helpers_behave() -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    assert _in_county(0.5, 0.5, square)
    assert not _in_county(1.5, 0.5, square)
    assert _km_to_county(1.05, 0.5, square) == pytest.approx(5.57, abs=0.1)
    # Downtown Los Angeles is in Los Angeles County and not in Orange County.
    assert _in_county(-118.2437, 34.0522, COUNTY_GEOMETRY["Los Angeles"])
    assert not _in_county(-118.2437, 34.0522, COUNTY_GEOMETRY["Orange"])


# ------------------------------------------------------------------ the bundled data
def test_bundled_data_loads_and_validates() -> None:
    programs = load_programs()
    assert len(programs) == len(RAW)


@pytest.mark.parametrize("path", PROGRAM_FILES, ids=lambda p: p.name)
def test_files_have_schema_columns_in_order(path: Path) -> None:
    assert list(pd.read_csv(path, nrows=0).columns) == list(COLUMNS) + list(AUDIT_COLUMNS)


def test_every_row_has_source_url_and_checked() -> None:
    bad_url = RAW[~RAW.source_url.str.fullmatch(r"https?://\S+")]
    assert bad_url.empty, f"source_url missing/not http(s): {list(bad_url._where)}"
    bad_checked = RAW[~RAW.checked.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")]
    assert bad_checked.empty, f"checked not YYYY-MM: {list(bad_checked._where)}"


def test_program_ids_unique_across_files() -> None:
    dupes = RAW[RAW.program_id.duplicated(keep=False)]
    assert dupes.empty, f"duplicate program_id: {sorted(set(dupes.program_id))}"


def test_coordinates_inside_southern_california() -> None:
    lat, lon = RAW.lat.astype(float), RAW.lon.astype(float)
    out = RAW[~(lat.between(32.4, 35.9) & lon.between(-121.6, -114.0))]
    assert out.empty, f"outside SoCal box: {list(out._where)}"


def test_coordinates_in_their_county_or_within_10_km() -> None:
    assert set(RAW.county) <= set(COUNTY_GEOMETRY)
    far = []
    for row in RAW.itertuples():
        km = _km_to_county(float(row.lon), float(row.lat), COUNTY_GEOMETRY[row.county])
        if km > TOLERANCE_KM:
            far.append(f"{row._where} {row.program_id}: {km:.1f} km from {row.county} County")
    assert not far, "; ".join(far)


# ------------------------------------------------------------------ documentation
@pytest.mark.parametrize("column", COLUMNS)
def test_every_column_documented_in_readme(column: str) -> None:
    assert f"| `{column}` |" in README


def _data_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: str(p.relative_to(DATA)))
def test_every_data_file_mentioned_in_readme(path: Path) -> None:
    rel = path.relative_to(DATA)
    if rel.parts[0] in ("research", "sources"):  # these folders may be listed as a folder
        assert f"{rel.parts[0]}/" in README
    else:
        assert rel.name in README, f"{rel} is not mentioned in data/README.md"


def test_counties_json_documented() -> None:
    assert "static/counties.json" in README
    assert not (DATA / "geo_README.md").exists()


def test_calibration_csvs_documented() -> None:
    assert len(CALIBRATION) == 6        # Tables A-D and the two fit files (model_fit.csv, coverage.csv)
    section = README.split("## calibration/", 1)[1].split("\n## ", 1)[0]
    assert "59e723c" in section and "nrmp.org" in section
    for path in CALIBRATION:
        assert path.name in section
        for column in pd.read_csv(path, nrows=0).columns:
            stem = re.sub(r"_(M|U)_(med|mean)$", "_*", column)
            assert f"`{column}`" in section or f"`{stem}`" in section, f"{path.name}: {column}"


def test_readme_coverage_and_to_verify_sections() -> None:
    assert "## Coverage" in README and "## To verify" in README
    assert "scripts/coverage_report.py" in README


# ------------------------------------------------------------------ malformed files fail loudly
def _write_bad(tmp_path: Path, mutate) -> Path:
    frame = pd.read_csv(PROGRAM_FILES[0], dtype=str, keep_default_na=False).head(5)
    mutate(frame)
    path = tmp_path / "bad_programs.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("mutate", "column"),
    [
        (lambda f: f.__setitem__("subregion", ["Los Angeles"] * 2 + ["Atlantis"] + ["Los Angeles"] * 2),
         "subregion"),
        (lambda f: f.loc.__setitem__((3, "program_id"), f.loc[1, "program_id"]), "program_id"),
        (lambda f: f.loc.__setitem__((3, "source_url"), ""), "source_url"),
        (lambda f: f.loc.__setitem__((2, "checked"), "November 2026"), "checked"),
        (lambda f: f.loc.__setitem__((2, "lat"), "40.7"), "lat"),
    ],
    ids=["bad-subregion", "duplicate-id", "missing-source-url", "bad-checked", "lat-outside"],
)
def test_malformed_file_raises_program_data_error(tmp_path: Path, mutate, column: str) -> None:
    path = _write_bad(tmp_path, mutate)
    with pytest.raises(ProgramDataError) as info:
        load_programs([path])
    message = str(info.value)
    assert f"column {column}" in message or column in message
    assert re.search(r"bad_programs\.csv row \d+", message), message


def test_missing_column_raises(tmp_path: Path) -> None:
    path = _write_bad(tmp_path, lambda f: f.__delitem__("source_url"))
    with pytest.raises(ProgramDataError, match="source_url"):
        load_programs([path])
