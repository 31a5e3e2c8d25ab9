"""Program data: the bundled Southern California table, its schema and loader.

Why pandera: a bad or hand-edited data file must fail on load with a message
naming the row and column, not deep inside the model. Unknown facts stay NA
(pandas' missing value) all the way through; the model reads NA as uncertainty.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Iterable

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
PROGRAM_FILES: tuple[Path, ...] = (DATA_DIR / "programs.csv", DATA_DIR / "programs_added.csv")


class ProgramDataError(ValueError):
    """The program file is missing, malformed or violates the schema; message is user-facing."""


class Region(str, Enum):
    """SoCal sub-regions, as advisors compare them."""

    LOS_ANGELES = "Los Angeles"
    ORANGE_COUNTY = "Orange County"
    INLAND_EMPIRE = "Inland Empire"
    SAN_DIEGO = "San Diego"
    VENTURA = "Ventura"
    IMPERIAL = "Imperial"
    KERN = "Kern"
    CENTRAL_COAST = "Central Coast"


class ProgramType(str, Enum):
    UNIVERSITY = "university"
    UNIVERSITY_AFFILIATED_COMMUNITY = "university_affiliated_community"
    COMMUNITY = "community"
    COUNTY = "county"
    KAISER = "kaiser"
    VA = "va"
    MILITARY = "military"

    @property
    def label(self) -> str:
        return {
            "university": "University / academic centre",
            "university_affiliated_community": "University-affiliated community",
            "community": "Community",
            "county": "County / safety-net",
            "kaiser": "Kaiser Permanente",
            "va": "VA",
            "military": "Military",
        }[self.value]


SPECIALTIES: tuple[str, ...] = (
    "Internal Medicine", "Internal Medicine (Preliminary)", "Family Medicine", "Transitional Year",
    "Psychiatry", "Pediatrics", "Neurology", "Child Neurology", "Pathology",
    "Physical Medicine and Rehabilitation", "General Surgery", "Emergency Medicine",
    "Obstetrics and Gynecology", "Anesthesiology",
)
COUNTY_TO_REGION: dict[str, Region] = {
    "Los Angeles": Region.LOS_ANGELES, "Orange": Region.ORANGE_COUNTY,
    "Riverside": Region.INLAND_EMPIRE, "San Bernardino": Region.INLAND_EMPIRE,
    "San Diego": Region.SAN_DIEGO, "Ventura": Region.VENTURA, "Imperial": Region.IMPERIAL,
    "Kern": Region.KERN, "Santa Barbara": Region.CENTRAL_COAST, "San Luis Obispo": Region.CENTRAL_COAST,
}
YES_NO = ("yes", "no")
STATUSES = ("accredited", "new", "unverified", "possibly_closed")
CONFIDENCES = ("high", "medium", "low")
VISA_BASES = ("program", "institution", "third_party", "military")
# Southern California bounding box (with the Kern / Central Coast edge).
LAT_RANGE = (32.4, 35.9)
LON_RANGE = (-121.6, -114.0)

COLUMNS: tuple[str, ...] = (
    "program_id", "name", "institution", "specialty", "city", "county", "subregion", "program_type",
    "status", "acgme_id", "nrmp_codes", "positions_per_year", "positions_note", "img_share",
    "img_share_note", "accepts_imgs", "sponsors_j1", "sponsors_h1b", "visa_basis", "visa_note",
    "step2_min", "yog_max_years", "usce_required", "usce_min_months", "first_attempt_only",
    "screens_note", "lat", "lon", "coord_precision", "coord_source", "source_url", "other_sources",
    "checked", "confidence", "duplicate_note", "notes",
)
_TEXT_COLUMNS = ("acgme_id", "nrmp_codes", "positions_note", "img_share_note", "visa_note", "screens_note",
                 "coord_precision", "coord_source", "other_sources", "duplicate_note", "notes", "city")


def _text(nullable: bool = True, checks: Iterable[pa.Check] = ()) -> pa.Column:
    return pa.Column("str", nullable=nullable, checks=list(checks), coerce=True)


def _choice(values: Iterable[str], nullable: bool = True) -> pa.Column:
    return _text(nullable, [pa.Check.isin(list(values))])


PROGRAM_SCHEMA = pa.DataFrameSchema(
    {
        "program_id": _text(False, [pa.Check.str_matches(r"^[a-z0-9]+(-[a-z0-9]+)*$")]),
        "name": _text(False),
        "institution": _text(False),
        "specialty": _choice(SPECIALTIES, nullable=False),
        "county": _choice(COUNTY_TO_REGION, nullable=False),
        "subregion": _choice([r.value for r in Region], nullable=False),
        "program_type": _choice([t.value for t in ProgramType], nullable=False),
        "status": _choice(STATUSES, nullable=False),
        "positions_per_year": pa.Column("Int64", nullable=True, coerce=True, checks=[pa.Check.in_range(1, 200)]),
        "img_share": pa.Column("float64", nullable=True, coerce=True, checks=[pa.Check.in_range(0.0, 1.0)]),
        "accepts_imgs": _choice(YES_NO),
        "sponsors_j1": _choice(YES_NO),
        "sponsors_h1b": _choice(YES_NO),
        "visa_basis": _choice(VISA_BASES),
        "step2_min": pa.Column("Int64", nullable=True, coerce=True, checks=[pa.Check.in_range(180, 300)]),
        "yog_max_years": pa.Column("Int64", nullable=True, coerce=True, checks=[pa.Check.in_range(0, 40)]),
        "usce_required": _choice(YES_NO),
        "usce_min_months": pa.Column("float64", nullable=True, coerce=True, checks=[pa.Check.in_range(0.0, 60.0)]),
        "first_attempt_only": _choice(YES_NO),
        "lat": pa.Column("float64", nullable=False, coerce=True, checks=[pa.Check.in_range(*LAT_RANGE)]),
        "lon": pa.Column("float64", nullable=False, coerce=True, checks=[pa.Check.in_range(*LON_RANGE)]),
        "source_url": _text(False, [pa.Check.str_matches(r"^https?://\S+$")]),
        "checked": _text(False, [pa.Check.str_matches(r"^\d{4}-\d{2}(-\d{2})?$")]),
        "confidence": _choice(CONFIDENCES, nullable=False),
        **{name: _text() for name in _TEXT_COLUMNS},
    },
    checks=[
        pa.Check(lambda df: df["subregion"] == df["county"].map({k: v.value for k, v in COUNTY_TO_REGION.items()}),
                 error="subregion must match county (e.g. Riverside -> Inland Empire)"),
    ],
    unique=["program_id"],
    strict=False,
    ordered=False,
)


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype="str", keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise ProgramDataError(f"{path}: program file not found") from None
    except OSError as exc:  # a directory, no permission, ...
        raise ProgramDataError(f"{path}: cannot read the program file ({exc.strerror or exc})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ProgramDataError(f"{path}: not a readable CSV ({exc})") from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ProgramDataError(f"{path}: missing column(s) {', '.join(missing)}")
    frame = frame[list(COLUMNS)].copy()
    frame["_source_file"] = path.name
    return frame


def _describe_schema_errors(exc: SchemaErrors, frame: pd.DataFrame) -> str:
    """One readable line per failure: file, row (1-based data row), column, value, rule."""
    cases = exc.failure_cases.head(5)
    parts = []
    for _, case in cases.iterrows():
        index = case.get("index")
        where = ""
        if index is not None and not pd.isna(index) and index in frame.index:
            row = frame.loc[index]
            where = f"{row['_source_file']} row {int(row['_row']) if '_row' in row else index}, "
        parts.append(f"{where}column {case['column']}: value {case['failure_case']!r} fails {case['check']}")
    more = len(exc.failure_cases) - len(cases)
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def validate_programs(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate and type a raw program frame; raise ProgramDataError naming row and column."""
    if "_row" not in frame.columns:
        frame = frame.assign(_row=range(1, len(frame) + 1))
    if "_source_file" not in frame.columns:
        frame = frame.assign(_source_file="programs")
    try:
        typed = PROGRAM_SCHEMA.validate(frame, lazy=True)
    except SchemaErrors as exc:
        raise ProgramDataError("program data invalid: " + _describe_schema_errors(exc, frame)) from None
    return typed.reset_index(drop=True)


def load_programs(paths: Iterable[Path | str] | None = None) -> pd.DataFrame:
    """Read, concatenate and validate program files (bundled data by default)."""
    chosen = [Path(p) for p in paths] if paths is not None else [p for p in PROGRAM_FILES if p.exists()]
    if not chosen:
        raise ProgramDataError("no program file found in data/")
    frames = []
    for path in chosen:
        frame = _read_csv(path)
        frame["_row"] = range(2, len(frame) + 2)  # line number in the file (header is line 1)
        frames.append(frame)
    combined = pd.concat(frames, ignore_index=True)
    return validate_programs(combined)


def specialties_in(programs: pd.DataFrame) -> set[str]:
    return set(programs["specialty"].dropna().unique())
