"""Program data: the bundled Southern California table, its schema and loader.

Why pandera: a bad or hand-edited data file must fail on load with a message
naming the row and column, not deep inside the model. Unknown facts stay NA
(pandas' missing value) all the way through; the model reads NA as uncertainty.

Hostile or broken files fail loudly and specifically (ProgramDataError, one line):
a file over the size limit (MAX_PROGRAM_FILE_BYTES, 200 MB, by default: file_limits.py), not UTF-8, with NUL bytes, numbers written with
anything but ASCII digits, dates that are not real calendar dates. Messages name files
relative to the project (never absolute server paths) and quote at most 80 characters
of a bad value. The bundled data is all-or-nothing: with one bundled file missing the
load stops instead of scoring a partial table.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import re
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Iterable

from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..text import shorten, size_words
from .derived_cache import cache_dir, cached, content_key, file_stamp
from .fact_levels import BASES as FACT_BASES, LEVEL_COLUMNS, add_confidence
from .specialties import specialty_names

if TYPE_CHECKING:     # pandera costs ~0.3 s to import: only a load that validates pays it (see program_schema)
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
PROGRAM_FILES: tuple[Path, ...] = (DATA_DIR / "programs.csv", DATA_DIR / "programs_added.csv")
CALIBRATION_DIR = DATA_DIR / "calibration"
CALIBRATION_FILES: tuple[str, ...] = ("nrmp_2026_nonus_img_match_rates.csv", "nrmp_2026_nonus_img_step2ck.csv",
                                      "nrmp_2026_nonus_img_contiguous_ranks.csv")
MAX_PROGRAM_FILE_BYTES = 200 * 1024 * 1024     # the default; the CLI moves it (file_limits.py). Bundled: ~0.4 MB
LIMIT_HINT = "--max-file-mb N or SMARTPICK_MAX_FILE_MB raises the limit"
MAX_VALUE_QUOTE = 80
MAX_COLUMNS = 200
RESTORE_HINT = "restore it from the repository (git checkout -- {name})"


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


# The specialties a program may have, in the order screens list them: the rows of data/model/specialties.csv.
SPECIALTIES: tuple[str, ...] = specialty_names()
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
# Issue-24 columns the build writes after the schema's (data/SCHEMA.md): optional, so a user's own program file
# without them still loads (its facts then carry no level, and the model reads them as certain, as before).
AUDIT_COLUMNS: tuple[str, ...] = ("sponsor", "kind_exception", "site", *LEVEL_COLUMNS)
_TEXT_COLUMNS = ("acgme_id", "nrmp_codes", "positions_note", "img_share_note", "visa_note", "screens_note",
                 "coord_precision", "coord_source", "other_sources", "duplicate_note", "notes", "city")


@cache
def program_schema() -> "pa.DataFrameSchema":
    """The pandera schema of a program row, built on first use (import-time budget, issue #10)."""
    import pandera.pandas as pa

    def _text(nullable: bool = True, checks: Iterable[Any] = ()) -> pa.Column:
        return pa.Column("str", nullable=nullable, checks=list(checks), coerce=True)

    def _choice(values: Iterable[str], nullable: bool = True) -> pa.Column:
        return _text(nullable, [pa.Check.isin(list(values))])

    return pa.DataFrameSchema(
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
            "checked": _text(False, [pa.Check(real_dates, element_wise=False,
                                              error="a real date YYYY-MM or YYYY-MM-DD")]),
            "confidence": _choice(CONFIDENCES, nullable=False),
            **{name: _text() for name in _TEXT_COLUMNS},
            **{name: pa.Column("str", nullable=True, coerce=True, required=False)
               for name in ("sponsor", "kind_exception", "site")},
            **{name: pa.Column("str", nullable=True, coerce=True, required=False,
                               checks=[pa.Check.isin(list(FACT_BASES))])
               for name in LEVEL_COLUMNS if name.endswith("_basis")},
            **{name: pa.Column("Int64", nullable=True, coerce=True, required=False,
                               checks=[pa.Check.in_range(1990, 2100)])
               for name in LEVEL_COLUMNS if name.endswith("_year")},
        },
        checks=[
            pa.Check(lambda df: df["subregion"] == df["county"].map({k: v.value for k, v in COUNTY_TO_REGION.items()}),
                     error="subregion must match county (e.g. Riverside -> Inland Empire)"),
        ],
        unique=["program_id"],
        strict=False,
        ordered=False,
    )


@dataclass(frozen=True)
class _Rule:
    """One column of program_schema() in plain data, for the fast path (tests pin the two to each other)."""

    dtype: str                                   # "str", "Int64" or "float64", as pandera coerces
    nullable: bool = True
    required: bool = True
    allowed: tuple[str, ...] | None = None       # Check.isin
    bounds: tuple[float, float] | None = None    # Check.in_range, both ends included
    pattern: str | None = None                   # Check.str_matches (a match at the start, as pandera does)
    real_date: bool = False                      # the `checked` rule (real_dates)


def _fast_rules() -> dict[str, _Rule]:
    text, choice = _Rule("str"), (lambda values, nullable=True: _Rule("str", nullable, allowed=tuple(values)))
    return {
        "program_id": _Rule("str", False, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
        "name": _Rule("str", False), "institution": _Rule("str", False),
        "specialty": choice(SPECIALTIES, False), "county": choice(COUNTY_TO_REGION, False),
        "subregion": choice([r.value for r in Region], False),
        "program_type": choice([t.value for t in ProgramType], False), "status": choice(STATUSES, False),
        "positions_per_year": _Rule("Int64", bounds=(1, 200)), "img_share": _Rule("float64", bounds=(0.0, 1.0)),
        "accepts_imgs": choice(YES_NO), "sponsors_j1": choice(YES_NO), "sponsors_h1b": choice(YES_NO),
        "visa_basis": choice(VISA_BASES), "step2_min": _Rule("Int64", bounds=(180, 300)),
        "yog_max_years": _Rule("Int64", bounds=(0, 40)), "usce_required": choice(YES_NO),
        "usce_min_months": _Rule("float64", bounds=(0.0, 60.0)), "first_attempt_only": choice(YES_NO),
        "lat": _Rule("float64", False, bounds=LAT_RANGE), "lon": _Rule("float64", False, bounds=LON_RANGE),
        "source_url": _Rule("str", False, pattern=r"^https?://\S+$"), "checked": _Rule("str", False, real_date=True),
        "confidence": choice(CONFIDENCES, False),
        **{name: text for name in _TEXT_COLUMNS},
        **{name: _Rule("str", required=False) for name in ("sponsor", "kind_exception", "site")},
        **{name: _Rule("str", required=False, allowed=tuple(FACT_BASES)) for name in LEVEL_COLUMNS
           if name.endswith("_basis")},
        **{name: _Rule("Int64", required=False, bounds=(1990, 2100)) for name in LEVEL_COLUMNS
           if name.endswith("_year")},
    }


FAST_RULES: dict[str, _Rule] = _fast_rules()
_SUBREGION_OF = {k: v.value for k, v in COUNTY_TO_REGION.items()}


def _fast_column(values: pd.Series, rule: _Rule) -> pd.Series | None:
    """One column typed and checked by its rule with column-wise kernels, or None at the first doubt."""
    if str(values.dtype) != "str":       # not a CSV load's text column (a frame built in code): pandera decides
        return None
    try:
        typed = values if rule.dtype == "str" else values.astype(rule.dtype)
    except (ValueError, TypeError, OverflowError):
        return None
    known = typed.dropna()
    if not rule.nullable and len(known) != len(typed):
        return None
    if rule.allowed is not None and not known.isin(rule.allowed).all():
        return None
    if rule.bounds is not None and not ((known >= rule.bounds[0]) & (known <= rule.bounds[1])).all():
        return None
    if rule.pattern is not None and not known.str.match(rule.pattern, na=False).all():
        return None
    if rule.real_date and not real_dates(known).all():
        return None
    return typed


def _fast_validate(frame: pd.DataFrame) -> pd.DataFrame | None:
    """program_schema().validate for the common case, a clean CSV load: the same typed frame, with no Python per
    row and without importing pandera (~0.3 s); None when anything is in doubt, and pandera then validates and
    words every failure, so every message stays pandera's."""
    typed: dict[str, pd.Series] = {}
    for name, rule in FAST_RULES.items():
        if name not in frame.columns:
            if rule.required:
                return None
            continue
        column = _fast_column(frame[name], rule)
        if column is None:
            return None
        typed[name] = column
    if not (typed["subregion"] == typed["county"].map(_SUBREGION_OF)).all() or typed["program_id"].duplicated().any():
        return None
    return frame.assign(**typed)


def __getattr__(name: str) -> Any:
    """PROGRAM_SCHEMA stays importable by name, built lazily."""
    if name == "PROGRAM_SCHEMA":
        return program_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def display_path(path: Path | str) -> str:
    """A path as messages show it: relative to the project, or as the user typed it; never an absolute server path."""
    path = Path(path)
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except (ValueError, OSError, RuntimeError):
        pass
    if not path.is_absolute():
        return _short(path.as_posix())
    return _short(path.name) or "the file"


def _short(value: object, limit: int = MAX_VALUE_QUOTE) -> str:
    return shorten(value, limit)


def read_bounded(path: Path, limit: int, what: str, hint: str = "") -> bytes:
    """At most `limit` bytes of a file, refusing bigger ones (works for /dev/zero, FIFOs and pipes too).

    hint: what the refusal adds, such as how to move the limit. A regular file's size is checked before any
    byte is read; anything else is read 1 MB at a time into one buffer, so /dev/zero costs the limit once."""
    shown = display_path(path)
    too_big = f"{shown}: the {what} is larger than {size_words(limit)}; refused" + (f"; {hint}" if hint else "")
    try:
        if path.is_dir():
            raise ProgramDataError(f"{shown}: cannot read the {what} (it is a directory)")
        mode = path.stat().st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):   # opening a FIFO with no writer would block forever
            raise ProgramDataError(f"{shown}: cannot read the {what} (not a regular file)")
        buffer = bytearray()
        with path.open("rb") as handle:
            opened = os.fstat(handle.fileno())
            if stat.S_ISREG(opened.st_mode) and opened.st_size > limit:
                raise ProgramDataError(too_big)
            while len(buffer) <= limit:   # no limit-sized buffer up front, and /dev/zero stops at the limit
                chunk = handle.read(min(1024 * 1024, limit + 1 - len(buffer)))
                if not chunk:
                    break
                buffer += chunk
    except FileNotFoundError:
        raise ProgramDataError(f"{shown}: {what} not found") from None
    except OSError as exc:  # no permission, a socket, ...
        raise ProgramDataError(f"{shown}: cannot read the {what} ({exc.strerror or type(exc).__name__})") from None
    if len(buffer) > limit:
        raise ProgramDataError(too_big)
    return bytes(buffer)


def decode_text(data: bytes, shown: str, what: str) -> str:
    """Strict UTF-8 (a BOM is allowed); NUL bytes refused. One clear line otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProgramDataError(f"{shown}: the {what} is UTF-16; save it as UTF-8")
    if b"\x00" in data:
        raise ProgramDataError(f"{shown}: the {what} contains NUL bytes (binary data?); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProgramDataError(f"{shown}: the {what} is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8") from None


def _read_csv(path: Path, max_bytes: int = MAX_PROGRAM_FILE_BYTES) -> pd.DataFrame:
    shown = display_path(path)
    text = decode_text(read_bounded(path, max_bytes, "program file", LIMIT_HINT), shown, "program file")
    first_line = text.split("\n", 1)[0][:100_000]
    header = next(csv.reader([first_line]), [])
    if len(header) > MAX_COLUMNS:      # pandas takes minutes to mangle 50,000 duplicate column names
        raise ProgramDataError(f"{shown}: the header has {len(header)} columns; a program file has "
                               f"{len(COLUMNS)} (see data/SCHEMA.md)")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, OverflowError) as exc:
        raise ProgramDataError(f"{shown}: not a readable CSV ({_short(exc, 120)})") from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise ProgramDataError(f"{shown}: missing column(s) {', '.join(missing[:5])}{more}")
    frame = frame[list(COLUMNS) + [c for c in AUDIT_COLUMNS if c in frame.columns]].copy()
    frame["_source_file"] = shown      # project-relative, as every message names files
    frame.attrs["control_free"] = "\x1b" not in text    # NUL bytes were refused above: no cell can hold either
    return frame


def _describe_schema_errors(exc: "SchemaErrors", frame: pd.DataFrame) -> str:
    """One readable line per failure: file, row (1-based data row), column, value, rule."""
    cases = exc.failure_cases.head(5)
    parts = []
    for _, case in cases.iterrows():
        index = case.get("index")
        where = ""
        if index is not None and not pd.isna(index) and index in frame.index:
            row = frame.loc[index]
            where = f"{row['_source_file']} row {int(row['_row']) if '_row' in row else index}, "
        value = _short(case["failure_case"], 40)
        parts.append(f"{where}column {case['column']}: value '{value}' fails {_short(case['check'], 80)}")
    more = len(exc.failure_cases) - len(cases)
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


_INT_COLUMNS = ("positions_per_year", "step2_min", "yog_max_years",
                *(c for c in LEVEL_COLUMNS if c.endswith("_year")))
_FLOAT_COLUMNS = ("img_share", "usce_min_months", "lat", "lon")
_ASCII_INT = re.compile(r"[+-]?[0-9]{1,9}", re.ASCII)
_ASCII_FLOAT = re.compile(r"[+-]?([0-9]{1,9}(\.[0-9]{0,15})?|\.[0-9]{1,15})", re.ASCII)
_CHECKED = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?", re.ASCII)


def real_date(value: str) -> bool:
    """'YYYY-MM' or 'YYYY-MM-DD' naming a real calendar month or day (no 2026-99-99, no 2026-02-30)."""
    match = _CHECKED.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return False
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return 1990 <= year <= 2100


def real_dates(values: pd.Series) -> pd.Series:
    """real_date for a whole column at once (string kernels and integer arithmetic, no Python per row)."""
    text = _text_values(values)
    shaped = text.str.fullmatch(_CHECKED.pattern).fillna(False).to_numpy(dtype=bool)
    parts = text.where(shaped).str.extract(_CHECKED.pattern)
    year = pd.to_numeric(parts[0], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    month = pd.to_numeric(parts[1], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    day = pd.to_numeric(parts[2], errors="coerce").fillna(1).to_numpy(dtype=np.int64)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)]
    month_days = month_days + ((month == 2) & leap)
    ok = shaped & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days) & (year >= 1990) & (year <= 2100)
    return pd.Series(ok, index=values.index)


def _text_values(values: pd.Series) -> pd.Series:
    """The column's text cells as a string Series (NA where a cell is missing or not text), without a row loop.

    A CSV load gives pandas' str dtype already; a frame built in code (the overlay, a recorded new program) may
    hold numbers, whose cells are not text and are left to the schema's coercion, as before.
    """
    if isinstance(values.dtype, pd.StringDtype):
        return values
    try:
        is_text = values.str.len().notna()     # NaN for every cell that is not a str
    except AttributeError:                      # no text cell at all (an all-number or all-missing column)
        return pd.Series(pd.NA, index=values.index, dtype="string")
    return values.where(is_text).astype("string")


def _strict_raw_values(frame: pd.DataFrame, control_free: bool = False) -> None:
    """Before pandera coerces: numbers in ASCII digits only, no NUL or control characters in text.

    Column-wise string kernels, no Python per row: a national table has 13,000 rows x 55 columns.
    control_free: the caller found no NUL or escape character in the whole file's text, so no cell is searched.
    """
    problems: list[tuple[Any, str, Any, str]] = []
    for column, pattern, words in ([(c, _ASCII_INT, "a whole number in digits 0-9") for c in _INT_COLUMNS]
                                   + [(c, _ASCII_FLOAT, "a number in digits 0-9") for c in _FLOAT_COLUMNS]):
        if column not in frame.columns:
            continue
        text = _text_values(frame[column]).dropna()
        ok = text.str.strip(" ").str.fullmatch(pattern.pattern).fillna(False).astype(bool)
        bad = frame[column].loc[text.index[~ok.to_numpy()]]
        problems += [(index, column, value, words) for index, value in bad.items()]
    text_columns = [] if control_free else [c for c in frame.columns if not str(c).startswith("_")]
    for column in text_columns:
        text = _text_values(frame[column])
        flagged = text.str.contains("\x00", regex=False) | text.str.contains("\x1b", regex=False)
        bad = frame[column][flagged.fillna(False).astype(bool).to_numpy()]
        problems += [(index, column, value, "text without NUL or escape characters") for index, value in bad.items()]
    if problems:
        parts = []
        for index, column, value, words in problems[:5]:
            row = frame.loc[index]
            parts.append(f"{row['_source_file']} row {row['_row']}, column {column}: value '{_short(value, 40)}' "
                         f"is not {words}")
        more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise ProgramDataError("program data invalid: " + "; ".join(parts) + more)


def validate_programs(frame: pd.DataFrame, *, control_free: bool = False) -> pd.DataFrame:
    """Validate and type a raw program frame; raise ProgramDataError naming row and column.

    control_free: no text cell holds a NUL or escape character (the files' whole text was searched once)."""
    if "_row" not in frame.columns:
        frame = frame.assign(_row=range(1, len(frame) + 1))
    if "_source_file" not in frame.columns:
        frame = frame.assign(_source_file="programs")
    _strict_raw_values(frame, control_free)
    typed = _fast_validate(frame)
    if typed is None:
        from pandera.errors import SchemaErrors

        try:
            typed = program_schema().validate(frame, lazy=True)
        except SchemaErrors as exc:
            raise ProgramDataError("program data invalid: " + _describe_schema_errors(exc, frame)) from None
    return typed.reset_index(drop=True)


def load_programs(paths: Iterable[Path | str] | None = None, *, max_bytes: int = MAX_PROGRAM_FILE_BYTES) -> pd.DataFrame:
    """Read, concatenate and validate program files (bundled data by default), each at most max_bytes.

    The bundled data is all-or-nothing: a missing bundled file stops the load, it never
    silently scores the rest (191 programs would become 41 and the default specialty would change).
    """
    if paths is None:
        missing = [p for p in PROGRAM_FILES if not p.exists()]
        if missing:
            names = ", ".join(display_path(p) for p in missing)
            raise ProgramDataError(f"{names}: bundled program file missing; the app will not run on part of the "
                                   f"data - " + RESTORE_HINT.format(name=" ".join(display_path(p) for p in missing)))
        chosen = list(PROGRAM_FILES)
    else:
        chosen = [Path(p) for p in paths]
    if not chosen:
        raise ProgramDataError("no program file given")
    key = _table_key(chosen, max_bytes) if cache_dir() is not None else None     # no cache: no key to hash
    if key is None:
        return _read_and_validate(chosen, max_bytes)
    return cached("programs", key, lambda: _read_and_validate(chosen, max_bytes), lambda frame, path: frame.to_parquet(path),
                  pd.read_parquet)


def _table_key(paths: list[Path], max_bytes: int = MAX_PROGRAM_FILE_BYTES) -> str | None:
    """The validated table's cache key: the files' names and bytes, this module (the schema) and the libraries.

    None (no caching) when a file cannot be read: the uncached path then says what is wrong with it.
    """
    from importlib.util import find_spec

    spec = find_spec("pandera")
    if spec is None or spec.origin is None:
        return None
    try:
        pandera_stamp = file_stamp([Path(spec.origin)])     # its version, without importing it
        parts: list[bytes | str] = [Path(__file__).read_bytes(), (Path(__file__).parent / "fact_levels.py").read_bytes(),
                                    pd.__version__, pandera_stamp]
        for path in paths:
            parts += [display_path(path), read_bounded(path, max_bytes, "program file")]
    except (OSError, ProgramDataError):
        return None
    return content_key(*parts)


def _read_and_validate(chosen: list[Path], max_bytes: int = MAX_PROGRAM_FILE_BYTES) -> pd.DataFrame:
    frames = []
    for path in chosen:
        frame = _read_csv(path, max_bytes)
        frame["_row"] = range(2, len(frame) + 2)  # line number in the file (header is line 1)
        frames.append(frame)
    combined = pd.concat(frames, ignore_index=True)
    if combined.empty:
        names = ", ".join(display_path(p) for p in chosen)
        raise ProgramDataError(f"{names}: no program rows (only a header?)")
    control_free = all(frame.attrs.get("control_free", False) for frame in frames)
    return add_confidence(validate_programs(combined, control_free=control_free))


def check_calibration_files(directory: Path | None = None, names: Iterable[str] | None = None) -> None:
    """The NRMP calibration tables exist, are UTF-8 CSV with rows; else one line naming the file and the fix."""
    for name in names or CALIBRATION_FILES:
        path = Path(directory or CALIBRATION_DIR) / name
        shown = display_path(path)
        try:
            text = decode_text(read_bounded(path, MAX_PROGRAM_FILE_BYTES, "calibration file"), shown,
                               "calibration file")
        except ProgramDataError as exc:
            raise ProgramDataError(f"{exc}; " + RESTORE_HINT.format(name=shown)) from None
        try:
            frame = pd.read_csv(io.StringIO(text))
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            raise ProgramDataError(f"{shown}: the calibration file is not a readable CSV ({_short(exc, 100)}); "
                                   + RESTORE_HINT.format(name=shown)) from None
        if frame.empty or "specialty" not in frame.columns:
            raise ProgramDataError(f"{shown}: the calibration file has no 'specialty' rows; "
                                   + RESTORE_HINT.format(name=shown))


def specialties_in(programs: pd.DataFrame) -> set[str]:
    return set(programs["specialty"].dropna().unique())
