"""Programs elsewhere, named: an advisor's own national program list (a CSV saved from a spreadsheet), read and
checked before the plan may name its programs (issue 18, item 2).

    read_national_programs(data, shown=..., max_bytes=...)  -> the validated frame (OUTPUT_COLUMNS), or
                                                               ProgramDataError: one line naming line, column, rule
    national_program_id(name, state, specialty)              -> 'nat-il-example-community-hospital-im'
    national_list_key(frame)                                 -> a short content digest, for cache keys
    NATIONAL_COLUMNS / REQUIRED_COLUMNS                      -> the minimal schema (docs/list.md, "Your own national list")
    MAX_NATIONAL_CLI_BYTES / MAX_NATIONAL_PAGE_BYTES          -> 200 MB on the command line by default (moved by
                                                               --max-file-mb / SMARTPICK_MAX_FILE_MB, as --programs),
                                                               1 MB on the Data page (fixed)

Strict like every file the product reads: bounded, UTF-8 only (a BOM is fine), no NUL bytes, one CSV header.
Unknown columns are refused, named (a typo such as `sponsor_j1` would otherwise leave every J-1 fact unknown
without a word). Free text is kept as typed but refused with an invisible or control character (text.py's
rules, as for names an advisor records); a leading apostrophe a spreadsheet put before =, +, -, @ is taken off,
and the product's one CSV writer adds it back on export. Southern California rows are refused: they belong in
the SoCal table (see _socal_county for how a California city is placed). Pure: no Streamlit.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import pandas as pd

from ..csv_writer import FORMULA_LEADS
from ..programs.specialties import specialty_names
from ..programs.table import (
    LAT_RANGE, LON_RANGE, MAX_PROGRAM_FILE_BYTES, PROGRAM_FILES, PROJECT_ROOT, ProgramDataError, decode_text,
    read_bounded, real_date,
)
from ..text import invisible_characters, quote, size_words

WHAT = "national program list"
MAX_NATIONAL_CLI_BYTES = MAX_PROGRAM_FILE_BYTES   # the same default and rule as --programs (programs/file_limits.py)
MAX_NATIONAL_PAGE_BYTES = 1 * 1024 * 1024    # the Data page's upload: the server's maxUploadSize (.streamlit/config.toml)
MAX_NATIONAL_ROWS = 20_000                   # every specialty's programs nationally is ~6,000
MAX_HEADER_COLUMNS = 50
MAX_PROBLEMS_NAMED = 5                       # the first problem in full, then where the next ones are
TEMPLATE_FILE = PROJECT_ROOT / "examples" / "national_programs_template.csv"


@dataclass(frozen=True)
class NationalColumn:
    """One column of the minimal schema, with what it allows in words (the messages and docs/list.md use it)."""

    name: str
    required: bool
    allowed: str
    max_chars: int = 200


NATIONAL_KINDS: tuple[str, ...] = ("community", "county", "university")
YES_NO: tuple[str, ...] = ("yes", "no")
# USPS codes: the 50 states, DC and the territories with ACGME programs (Puerto Rico, Guam, US Virgin Islands).
US_STATES: tuple[str, ...] = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
    "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI",
)
_COLUMNS: tuple[NationalColumn, ...] = (
    NationalColumn("name", True, "the program's name as published, up to 200 characters"),
    NationalColumn("city", True, "the city of its main training hospital, up to 80 characters", 80),
    NationalColumn("state", True, "a two-letter US state code (IL, TX, NY; DC, PR, GU, VI)"),
    NationalColumn("kind", True, "one of community, county, university (a university-affiliated community "
                                 "program is community)"),
    NationalColumn("specialty", True, "a specialty SmartPick scores: " + ", ".join(specialty_names())),
    NationalColumn("sponsors_j1", False, "yes, no, or empty (unknown)"),
    NationalColumn("sponsors_h1b", False, "yes, no, or empty (unknown)"),
    NationalColumn("img_share", False, "a share from 0 to 1 (0.45) or a percent (45%), or empty"),
    NationalColumn("positions_per_year", False, "a whole number from 1 to 200, or empty"),
    NationalColumn("source", False, "where the facts come from (a URL or a note), up to 2,000 characters", 2000),
    NationalColumn("checked", False, "the month the facts were read, YYYY-MM (not in the future), or empty"),
)
COLUMN_RULES: Mapping[str, NationalColumn] = {c.name: c for c in _COLUMNS}
NATIONAL_COLUMNS: tuple[str, ...] = tuple(COLUMN_RULES)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in _COLUMNS if c.required)

# The frame read_national_programs returns: the bundled table's names where they exist, so one model scores both.
OUTPUT_COLUMNS: tuple[str, ...] = (
    "program_id", "name", "city", "state", "program_type", "specialty", "sponsors_j1", "sponsors_h1b",
    "img_share", "positions_per_year", "source_url", "checked", "institution", "county", "subregion", "status",
    "step2_min", "yog_max_years", "named_national",
)
_TEXT_OUTPUT = ("program_id", "name", "city", "state", "program_type", "specialty", "sponsors_j1", "sponsors_h1b",
                "source_url", "checked", "institution", "county", "subregion", "status")

# The short specialty codes of the bundled program ids (data/SCHEMA.md, program_id); a specialty added to
# data/model/specialties.csv without one here gets the slug of its name.
SPECIALTY_CODES: Mapping[str, str] = {
    "Internal Medicine": "im", "Internal Medicine (Preliminary)": "im-prelim", "Family Medicine": "fm",
    "Transitional Year": "ty", "Psychiatry": "psych", "Pediatrics": "peds", "Neurology": "neuro",
    "Child Neurology": "child-neuro", "Pathology": "path", "Physical Medicine and Rehabilitation": "pmr",
    "General Surgery": "gs", "Emergency Medicine": "em", "Obstetrics and Gynecology": "obgyn",
    "Anesthesiology": "anes",
}
# What to write instead of the bundled table's other kinds (the same grouping the national pool uses).
_KIND_HINTS: Mapping[str, str] = {
    "university affiliated community": "community", "university-affiliated community": "community",
    "university_affiliated_community": "community", "kaiser": "community", "va": "university",
    "academic": "university", "academic centre": "university", "academic center": "university",
    "safety-net": "county", "safety net": "county", "public": "county",
}
_NAME_SLUG_CHARS = 60
_INT = re.compile(r"[0-9]{1,9}", re.ASCII)
_SHARE = re.compile(r"[0-9]{1,9}(\.[0-9]{0,15})?|\.[0-9]{1,15}", re.ASCII)
_PERCENT = re.compile(r"([0-9]{1,3}(\.[0-9]{1,4})?)\s*%", re.ASCII)


class _Problem(Exception):
    """One cell's problem: (line, column, words)."""

    def __init__(self, line: int, column: str | None, words: str):
        super().__init__(words)
        self.line, self.column, self.words = line, column, words

    def where(self) -> str:
        return f"line {self.line}" + (f", column {self.column}" if self.column else "")


# --- ids ----------------------------------------------------------------------------------------------------------------
def _slug(text: str, limit: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug


def specialty_code(specialty: str) -> str:
    return SPECIALTY_CODES.get(specialty) or _slug(specialty, 30) or "spec"


def national_program_id(name: str, state: str, specialty: str) -> str:
    """`nat-<state>-<slug of name>-<specialty code>`: the same row always gets the same id (stable across imports).

    A name with no Latin letter or digit gets 'p' and 8 hex digits of its SHA-1 instead of a slug."""
    slug = _slug(name, _NAME_SLUG_CHARS) or "p" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"nat-{state.lower()}-{slug}-{specialty_code(specialty)}"


def national_list_key(frame: pd.DataFrame | None) -> str:
    """A short digest of an accepted list's content ('' for none), for cache keys that must change with it."""
    if frame is None:
        return ""
    text = frame[list(OUTPUT_COLUMNS)].to_csv(index=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- where a California city is -------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _bundled_socal_cities() -> Mapping[str, str]:
    """City (case-folded) -> county, from the bundled SoCal table's rows (read as plain CSV, no schema)."""
    cities: dict[str, str] = {}
    for path in PROGRAM_FILES:
        try:
            text = decode_text(read_bounded(path, MAX_NATIONAL_CLI_BYTES, "program file"), path.name, "program file")
        except ProgramDataError:
            continue               # the bundled table's own loader says what is wrong with it
        for row in csv.DictReader(io.StringIO(text, newline="")):
            city, county = (row.get("city") or "").strip(), (row.get("county") or "").strip()
            if city and county:
                cities.setdefault(city.casefold(), county)
    return cities


def _socal_county(city: str) -> str | None:
    """' (Los Angeles County)', '' (in SoCal, county not known) or None: is this California city in SoCal?

    A city of the bundled SoCal table is (its county is known); so is a California city of GeoNames (population
    15,000+) inside the program table's SoCal area (LAT_RANGE, LON_RANGE: every such city lies in one of the
    ten SoCal counties). A smaller California town in neither list is not recognised (docs/list.md says so)."""
    key = " ".join(city.split()).casefold()
    county = _bundled_socal_cities().get(key)
    if county:
        return f" ({county} County)"
    try:
        from ..programs.geography import resolve_city
        place = resolve_city(f"{city}, CA")
    except Exception:          # GeoNames missing or unreadable: the bundled cities still apply
        return None
    if place is None or place.country != "US" or place.admin1 != "CA" or place.name.casefold() != key:
        return None
    if LAT_RANGE[0] <= place.lat <= LAT_RANGE[1] and LON_RANGE[0] <= place.lon <= LON_RANGE[1]:
        return ""
    return None


# --- reading ------------------------------------------------------------------------------------------------------------
def _raw_bytes(data: bytes | str | Path, shown: str, max_bytes: int) -> bytes:
    if isinstance(data, Path):
        return read_bounded(data, max_bytes, WHAT)
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise ProgramDataError(f"{shown}: the {WHAT} is larger than {size_words(max_bytes)}; refused")
    return raw


def _header_name(cell: str) -> str:
    return re.sub(r"[\s-]+", "_", cell.strip().lower())


def _check_header(header: list[str], shown: str) -> list[str]:
    if len(header) > MAX_HEADER_COLUMNS:
        raise ProgramDataError(f"{shown} line 1: the header has {len(header)} columns; a national program list has "
                               f"at most {len(NATIONAL_COLUMNS)}: {', '.join(NATIONAL_COLUMNS)}")
    names = [_header_name(c) for c in header]
    while names and names[-1] == "":           # trailing empty header cells a spreadsheet may add
        names.pop()
    unknown = [header[i] for i, n in enumerate(names) if n not in COLUMN_RULES]
    if unknown:
        shown_unknown = ", ".join(quote(c, 30) for c in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise ProgramDataError(f"{shown} line 1: unknown column(s) {shown_unknown}; a national program list has "
                               f"only {', '.join(NATIONAL_COLUMNS)} (delete or rename the others)")
    twice = [n for n in NATIONAL_COLUMNS if names.count(n) > 1]
    if twice:
        raise ProgramDataError(f"{shown} line 1, column {twice[0]}: appears twice in the header; keep one")
    missing = [n for n in REQUIRED_COLUMNS if n not in names]
    if missing:
        raise ProgramDataError(f"{shown} line 1: missing required column(s) {', '.join(missing)} (required: "
                               f"{', '.join(REQUIRED_COLUMNS)}; optional: "
                               f"{', '.join(n for n in NATIONAL_COLUMNS if n not in REQUIRED_COLUMNS)})")
    return names


def _rows(text: str, shown: str) -> list[tuple[int, dict[str, str]]]:
    """(line where the record starts, {column: cell}) per non-empty data row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    start = 1
    try:
        header = next(reader, None)
        if header is None or not any(c.strip() for c in header):
            raise ProgramDataError(f"{shown}: the {WHAT} is empty; expected a header: {', '.join(NATIONAL_COLUMNS)}")
        names = _check_header(header, shown)
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
                raise ProgramDataError(f"{shown} line {line}: {len(cells)} cells for {len(names)} columns (a comma "
                                       "inside a value needs double quotes around the value)")
            if len(rows) >= MAX_NATIONAL_ROWS:
                raise ProgramDataError(f"{shown}: more than {MAX_NATIONAL_ROWS:,} programs; split the {WHAT}")
            padded = cells[: len(names)] + [""] * (len(names) - len(cells))
            rows.append((line, dict(zip(names, padded))))
    except csv.Error as exc:
        raise ProgramDataError(f"{shown} line {start}: not a readable CSV ({str(exc)[:80]})") from None
    if not rows:
        raise ProgramDataError(f"{shown}: no program rows under the header")
    return rows


# --- one row ------------------------------------------------------------------------------------------------------------
def _text(line: int, cells: Mapping[str, str], column: str) -> str:
    """The cell as typed (surrounding spaces off), or _Problem: too long, control or invisible characters."""
    rule = COLUMN_RULES[column]
    value = cells.get(column, "").strip()
    if value[:1] == "'" and value[1:2] and value[1] in FORMULA_LEADS:
        value = value[1:]            # a spreadsheet's "treat as text" mark; the CSV writer puts it back on export
    if len(value) > rule.max_chars:
        raise _Problem(line, column, f"{quote(value)} is longer than {rule.max_chars:,} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise _Problem(line, column, f"{quote(value)} contains a line break or control character; keep it to one "
                                     "line of plain text")
    hidden = list(dict.fromkeys(name for _, name in invisible_characters(value)))
    if hidden:
        raise _Problem(line, column, f"{quote(value)} contains an invisible character ({hidden[0]}); type it again "
                                     "without it")
    if rule.required and not value:
        raise _Problem(line, column, f"is empty; it is required ({rule.allowed})")
    return value


def _choice(line: int, column: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _Problem(line, column, f"{quote(value)} is not allowed; {COLUMN_RULES[column].allowed}")
    return value


def _img_share(line: int, value: str) -> float | None:
    if not value:
        return None
    percent = _PERCENT.fullmatch(value)
    if percent:
        share = float(percent[1]) / 100
    elif _SHARE.fullmatch(value):
        share = float(value)
        if share > 1:
            raise _Problem(line, "img_share", f"{quote(value)} is above 1: write a share (0.45) or a percent (45%)")
    else:
        raise _Problem(line, "img_share", f"{quote(value)} is not allowed; {COLUMN_RULES['img_share'].allowed}")
    if not 0.0 <= share <= 1.0:
        raise _Problem(line, "img_share", f"{quote(value)} is not allowed; {COLUMN_RULES['img_share'].allowed}")
    return round(share, 6)


def _positions(line: int, value: str) -> int | None:
    if not value:
        return None
    if not _INT.fullmatch(value) or not 1 <= int(value) <= 200:
        raise _Problem(line, "positions_per_year", f"{quote(value)} is not allowed; "
                                                   f"{COLUMN_RULES['positions_per_year'].allowed}")
    return int(value)


def _checked(line: int, value: str, today: _dt.date) -> str | None:
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", value, re.ASCII) or not real_date(value):
        raise _Problem(line, "checked", f"{quote(value)} is not a real month; {COLUMN_RULES['checked'].allowed}")
    if value[:7] > today.strftime("%Y-%m"):
        raise _Problem(line, "checked", f"{quote(value)} is in the future; {COLUMN_RULES['checked'].allowed}")
    return value


@lru_cache(maxsize=1)
def _specialties_by_folded_name() -> Mapping[str, str]:
    return {" ".join(name.split()).casefold(): name for name in specialty_names()}


def _row(line: int, cells: Mapping[str, str], today: _dt.date) -> dict:
    """One data row checked cell by cell; the first problem raises _Problem."""
    text = {column: _text(line, cells, column) for column in NATIONAL_COLUMNS}
    state = _choice(line, "state", text["state"].upper(), US_STATES)
    kind_typed = " ".join(text["kind"].lower().split())
    hint = _KIND_HINTS.get(kind_typed)
    if hint:
        raise _Problem(line, "kind", f"{quote(text['kind'])} is not a kind of this list: write {hint} (allowed: "
                                     f"{', '.join(NATIONAL_KINDS)}; docs/list.md says how each kind maps)")
    kind = _choice(line, "kind", kind_typed, NATIONAL_KINDS)
    specialty = _specialties_by_folded_name().get(" ".join(text["specialty"].split()).casefold())
    if specialty is None:
        raise _Problem(line, "specialty", f"{quote(text['specialty'])} is not allowed; "
                                          f"{COLUMN_RULES['specialty'].allowed}")
    visas = {column: (_choice(line, column, text[column].lower(), YES_NO) if text[column] else None)
             for column in ("sponsors_j1", "sponsors_h1b")}
    if state == "CA":
        where = _socal_county(text["city"])
        if where is not None:
            raise _Problem(line, "city", f"{quote(text['city'])}, CA is in Southern California{where}: a SoCal "
                                         "program belongs in the SoCal table, not the list of programs elsewhere "
                                         "(add it on the Data page, 'Add a program that is missing from the data')")
    return {
        "program_id": national_program_id(text["name"], state, specialty),
        "name": text["name"], "city": text["city"], "state": state, "program_type": kind, "specialty": specialty,
        **visas,
        "img_share": _img_share(line, text["img_share"]),
        "positions_per_year": _positions(line, text["positions_per_year"]),
        "source_url": text["source"] or None,
        "checked": _checked(line, text["checked"], today),
    }


def _folded(value: str) -> str:
    return " ".join(value.split()).casefold()


def _message(shown: str, problems: list[_Problem]) -> str:
    first = problems[0]
    text = f"{shown} {first.where()}: {first.words}"
    others = problems[1:]
    if others:
        named = "; ".join(p.where() for p in others[: MAX_PROBLEMS_NAMED - 1])
        more = len(others) - (MAX_PROBLEMS_NAMED - 1)
        text += f" (also: {named}{f'; and {more} more' if more > 0 else ''})"
    return text


def read_national_programs(data: bytes | str | Path, *, shown: str, max_bytes: int,
                          today: _dt.date | None = None) -> pd.DataFrame:
    """The advisor's national list, validated and typed (OUTPUT_COLUMNS), or ProgramDataError in one line.

    data: the file's bytes, its text (a str is the CSV text itself, not a path) or a Path to read (at most
    max_bytes: MAX_NATIONAL_CLI_BYTES on the command line, MAX_NATIONAL_PAGE_BYTES on the Data page).
    shown: how messages name the file (a project-relative path or the uploaded file's name, never a server path).
    Every row is checked; the message names the first problem in full (line, column, what is allowed) and
    where the next ones are. The frame's attrs["source_file"] is `shown`."""
    today = today or _dt.date.today()
    text = decode_text(_raw_bytes(data, shown, max_bytes), shown, WHAT)
    problems: list[_Problem] = []
    records: list[dict] = []
    seen_keys: dict[tuple[str, str, str, str], int] = {}
    seen_ids: dict[str, int] = {}
    for line, cells in _rows(text, shown):
        try:
            record = _row(line, cells, today)
        except _Problem as problem:
            problems.append(problem)
            continue
        key = (_folded(record["name"]), _folded(record["city"]), record["state"], record["specialty"])
        if key in seen_keys:
            problems.append(_Problem(line, None, f"the same program as line {seen_keys[key]} (name, city, state and "
                                                 "specialty); keep one"))
            continue
        if record["program_id"] in seen_ids:
            problems.append(_Problem(line, "name", f"gives the same program id ({record['program_id']}) as line "
                                                   f"{seen_ids[record['program_id']]}; make the names differ in "
                                                   "letters or digits (add the city or hospital)"))
            continue
        seen_keys[key], seen_ids[record["program_id"]] = line, line
        records.append(record)
    if problems:
        raise ProgramDataError(_message(shown, problems))
    return _frame(records, shown)


def _frame(records: list[dict], shown: str) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records)
    frame = frame.assign(institution="", county="", subregion="", status="accredited",
                         step2_min=pd.array([pd.NA] * len(frame), dtype="Int64"),
                         yog_max_years=pd.array([pd.NA] * len(frame), dtype="Int64"),
                         named_national=True)
    for column in _TEXT_OUTPUT:          # pandas' str dtype, as the bundled table: unknown (None) becomes NaN
        frame[column] = frame[column].astype(object).astype("str")
    frame["img_share"] = frame["img_share"].astype("Float64")
    frame["positions_per_year"] = frame["positions_per_year"].astype("Int64")
    frame["named_national"] = frame["named_national"].astype(bool)
    frame = frame[list(OUTPUT_COLUMNS)].reset_index(drop=True)
    frame.attrs["source_file"] = shown
    return frame


# --- in words, for the Data page ----------------------------------------------------------------------------------------
def national_list_summary(frame: pd.DataFrame) -> str:
    """'3 programs elsewhere from my_list.csv: 1 Internal Medicine, 1 Family Medicine, 1 Psychiatry; J-1 stated
    for 2, H-1B for 1, IMG share for 2.' (what an accepted list holds, in one sentence)."""
    source = frame.attrs.get("source_file") or "your list"
    count = len(frame)
    by_specialty = frame["specialty"].value_counts(sort=False)
    parts = ", ".join(f"{n} {name}" for name, n in by_specialty.items())
    known = (f"J-1 stated for {int(frame['sponsors_j1'].notna().sum())}, H-1B for "
             f"{int(frame['sponsors_h1b'].notna().sum())}, IMG share for {int(frame['img_share'].notna().sum())}")
    noun = "program" if count == 1 else "programs"
    return f"{count} {noun} elsewhere from {source}: {parts}; {known}."


PREVIEW_COLUMNS: Mapping[str, str] = {
    "name": "Program", "city": "City", "state": "State", "program_type": "Kind", "specialty": "Specialty",
    "sponsors_j1": "J-1", "sponsors_h1b": "H-1B", "img_share": "IMG share", "positions_per_year": "Positions",
    "source_url": "Source", "checked": "Checked", "program_id": "Id",
}


def national_list_preview(frame: pd.DataFrame) -> pd.DataFrame:
    """The accepted rows as the Data page shows them: words for headers, 'unknown' for an empty fact."""
    view = frame[list(PREVIEW_COLUMNS)].rename(columns=dict(PREVIEW_COLUMNS))
    for column in ("J-1", "H-1B", "Source", "Checked"):
        view[column] = view[column].fillna("unknown")
    view["IMG share"] = frame["img_share"].map(lambda v: "unknown" if pd.isna(v) else f"{v:.0%}")
    return view
