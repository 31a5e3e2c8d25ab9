"""Specialties as data: one row per specialty in `data/model/specialties.csv`, read once and checked.

Everything the code knows about a specialty by name lives in that file: its NRMP Charting Outcomes
table (or the proxy used), the IMG-share prior and its source, any extra log-odds term, whether and in
which order `make calibration` reports it, the application system used when the season's signal table
has no row, and the figures coming into use (applications per applicant, score-weight floor, national
program count, visa acceptance by program kind). Empty cell = unknown. Columns: data/README.md, "model/".

A broken file fails on first use with one line naming the file, the line (and specialty) and the column.
Pure: no other project data is read here; the NRMP tables and the season files are checked against this
one by tests/test_specialties_data.py.

    load_specialties(path)      -> tuple[Specialty, ...] in file order (cached per path)
    specialty_names()           -> the names, in file order (the order screens list them)
    nrmp_keys(), proxy_notes(), extra_log_odds(), img_share_priors()   -> read-only {name: value}
    calibration_specialties()   -> the names `make calibration` reports, in its order
    application_system(name)    -> "ERAS" or "ResidencyCAS" ("ERAS" for a name not in the file)
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .kinds import SELECTIVITY_CLASSES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SPECIALTIES_FILE = PROJECT_ROOT / "data" / "model" / "specialties.csv"
MAX_FILE_BYTES = 1024 * 1024
MAX_QUOTE = 80
APPLICATION_SYSTEMS: tuple[str, ...] = ("ERAS", "ResidencyCAS")
DEFAULT_APPLICATION_SYSTEM = "ERAS"
# (value column, its source column): a value needs a source (a citation, or "assumed ..."), except an
# extra_log_odds of 0 (no term); a source may stand alone to say why the value is unknown.
SOURCED: tuple[tuple[str, str], ...] = (
    ("img_share_prior", "img_share_prior_source"),
    ("extra_log_odds", "extra_log_odds_source"),
    ("application_system", "application_system_source"),
    ("applications_per_applicant", "applications_per_applicant_source"),
    ("score_weight_floor", "score_weight_floor_source"),
    ("national_programs", "national_programs_source"),
    ("j1_acceptance_by_kind", "visa_acceptance_source"),
    ("h1b_sponsorship_by_kind", "visa_acceptance_source"),
)
COLUMNS: tuple[str, ...] = (
    "name", "nrmp_key", "nrmp_proxy_note", "img_share_prior", "img_share_prior_source", "extra_log_odds",
    "extra_log_odds_source", "calibration_order", "application_system", "application_system_source",
    "applications_per_applicant", "applications_per_applicant_source", "score_weight_floor",
    "score_weight_floor_source", "national_programs", "national_programs_source", "j1_acceptance_by_kind",
    "h1b_sponsorship_by_kind", "visa_acceptance_source",
)
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_COUNT = re.compile(r"[0-9]+")


class SpecialtyDataError(ValueError):
    """The specialties file is missing, malformed or inconsistent; the message names file, line and column."""


@dataclass(frozen=True)
class Specialty:
    name: str
    nrmp_key: str                                   # the Charting Outcomes 2026 specialty whose figures are used
    nrmp_proxy_note: str | None                     # why another specialty's table is used; None: its own table
    img_share_prior: float | None                   # IMG share of the specialty's filled PGY-1s nationally
    img_share_prior_source: str | None              # shown to users beside estimates that use the prior
    extra_log_odds: float                           # competitiveness beyond the NRMP anchor (0: none)
    extra_log_odds_source: str | None
    calibration_order: int                          # position in `make calibration`'s table; 0: not reported
    application_system: str                         # when data/season/signals.csv has no row for the season
    application_system_source: str | None
    applications_per_applicant: int | None          # documented applications per IMG applicant (not used yet)
    applications_per_applicant_source: str | None
    score_weight_floor: float | None                # lowest Step 2 CK weight allowed (not used yet)
    score_weight_floor_source: str | None
    national_programs: int | None                   # programs nationally (not used yet)
    national_programs_source: str | None
    j1_acceptance_by_kind: tuple[tuple[str, float], ...]     # (program kind, share accepting J-1); () unknown
    h1b_sponsorship_by_kind: tuple[tuple[str, float], ...]   # (program kind, share sponsoring H-1B); () unknown
    visa_acceptance_source: str | None

    @property
    def calibrated(self) -> bool:
        return self.calibration_order > 0


def display_path(path: Path) -> str:
    """The file as messages name it: relative to the project, else its bare name (never a server path)."""
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.name or "the specialties file"


def _quote(value: str) -> str:
    return repr(value if len(value) <= MAX_QUOTE else value[: MAX_QUOTE - 1] + "…")


class _Row:
    """One data row with the context every message needs."""

    def __init__(self, shown: str, line: int, cells: dict[str, str]):
        self.shown, self.line, self.cells = shown, line, cells
        self.name = cells.get("name", "")

    def fail(self, column: str, problem: str) -> SpecialtyDataError:
        who = f" ({self.name})" if self.name else ""
        return SpecialtyDataError(f"{self.shown} line {self.line}{who}, column '{column}': {problem}")

    def text(self, column: str) -> str | None:
        """The cell, or None when empty (unknown)."""
        value = self.cells[column]
        if value != value.strip():
            raise self.fail(column, f"{_quote(value)} has spaces at the start or end")
        return value or None

    def required(self, column: str) -> str:
        value = self.text(column)
        if value is None:
            raise self.fail(column, "is empty; it is required")
        return value

    def decimal(self, column: str, low: float, high: float) -> float | None:
        value = self.text(column)
        return None if value is None else self._decimal(column, value, low, high)

    def required_decimal(self, column: str, low: float, high: float) -> float:
        return self._decimal(column, self.required(column), low, high)

    def _decimal(self, column: str, value: str, low: float, high: float) -> float:
        if not _DECIMAL.fullmatch(value):
            raise self.fail(column, f"{_quote(value)} is not a number (write it like 0.43, ASCII digits; empty = unknown)")
        number = float(value)
        if not low <= number <= high:
            raise self.fail(column, f"{value} is outside {low:g}..{high:g}")
        return number

    def count(self, column: str, low: int, high: int) -> int | None:
        value = self.text(column)
        return None if value is None else self._count(column, value, low, high)

    def required_count(self, column: str, low: int, high: int) -> int:
        return self._count(column, self.required(column), low, high)

    def _count(self, column: str, value: str, low: int, high: int) -> int:
        if not _COUNT.fullmatch(value):
            raise self.fail(column, f"{_quote(value)} is not a whole number (ASCII digits; empty = unknown)")
        number = int(value)
        if not low <= number <= high:
            raise self.fail(column, f"{value} is outside {low}..{high}")
        return number

    def choice(self, column: str, allowed: tuple[str, ...]) -> str:
        value = self.required(column)
        if value not in allowed:
            raise self.fail(column, f"{_quote(value)} is not one of {', '.join(allowed)}")
        return value

    def by_kind(self, column: str) -> tuple[tuple[str, float], ...]:
        """'kind=share;kind=share' (kinds as in programs/kinds.py), or empty for unknown."""
        value = self.text(column)
        if value is None:
            return ()
        pairs: list[tuple[str, float]] = []
        for part in value.split(";"):
            kind, eq, share = (s.strip() for s in part.partition("="))
            if not eq or kind not in SELECTIVITY_CLASSES:
                raise self.fail(column, f"{_quote(part)} is not kind=share with a kind among "
                                        f"{', '.join(SELECTIVITY_CLASSES)}")
            if not _DECIMAL.fullmatch(share) or not 0.0 <= float(share) <= 1.0:
                raise self.fail(column, f"{_quote(part)}: the share is not a number in 0..1")
            if kind in dict(pairs):
                raise self.fail(column, f"program kind {kind!r} is given twice")
            pairs.append((kind, float(share)))
        return tuple(pairs)


def _read_text(path: Path, shown: str) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SpecialtyDataError(f"{shown}: the specialties file is missing (restore it from the repository)") from None
    except OSError as exc:
        raise SpecialtyDataError(f"{shown}: cannot read the specialties file ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise SpecialtyDataError(f"{shown}: the specialties file is over {MAX_FILE_BYTES // 1024} KB")
    if b"\x00" in data:
        raise SpecialtyDataError(f"{shown}: the specialties file contains NUL bytes (not a text CSV)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecialtyDataError(f"{shown}: not UTF-8 text (byte {exc.start})") from None


def _record(row: _Row) -> Specialty:
    record = Specialty(
        name=row.required("name"),
        nrmp_key=row.required("nrmp_key"),
        nrmp_proxy_note=row.text("nrmp_proxy_note"),
        img_share_prior=row.decimal("img_share_prior", 0.0, 1.0),
        img_share_prior_source=row.text("img_share_prior_source"),
        extra_log_odds=row.required_decimal("extra_log_odds", -10.0, 10.0),
        extra_log_odds_source=row.text("extra_log_odds_source"),
        calibration_order=row.required_count("calibration_order", 0, 999),
        application_system=row.choice("application_system", APPLICATION_SYSTEMS),
        application_system_source=row.text("application_system_source"),
        applications_per_applicant=row.count("applications_per_applicant", 1, 1000),
        applications_per_applicant_source=row.text("applications_per_applicant_source"),
        score_weight_floor=row.decimal("score_weight_floor", 0.0, 10.0),
        score_weight_floor_source=row.text("score_weight_floor_source"),
        national_programs=row.count("national_programs", 1, 100000),
        national_programs_source=row.text("national_programs_source"),
        j1_acceptance_by_kind=row.by_kind("j1_acceptance_by_kind"),
        h1b_sponsorship_by_kind=row.by_kind("h1b_sponsorship_by_kind"),
        visa_acceptance_source=row.text("visa_acceptance_source"),
    )
    for value_column, source_column in SOURCED:
        value = getattr(record, value_column)
        if value not in (None, (), 0.0) and getattr(record, source_column) is None:
            raise row.fail(source_column, f"is empty but {value_column} has a value; give its source or 'assumed'")
    return record


@lru_cache(maxsize=4)
def load_specialties(path: Path = SPECIALTIES_FILE) -> tuple[Specialty, ...]:
    """Every specialty in file order, validated (read once per path)."""
    path = Path(path)
    shown = display_path(path)
    reader = csv.reader(io.StringIO(_read_text(path, shown), newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise SpecialtyDataError(f"{shown}: the specialties file is empty (expected a header: {', '.join(COLUMNS)})")
        missing = [c for c in COLUMNS if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing:
            raise SpecialtyDataError(f"{shown} line 1, column '{missing[0]}': missing from the header "
                                     f"(missing: {', '.join(missing)})")
        if unknown:
            raise SpecialtyDataError(f"{shown} line 1, column {_quote(unknown[0])}: not a specialties column "
                                     f"(the columns are {', '.join(COLUMNS)})")
        if len(set(header)) != len(header):
            twice = next(c for c in header if header.count(c) > 1)
            raise SpecialtyDataError(f"{shown} line 1, column '{twice}': appears twice in the header")
        records: list[Specialty] = []
        seen: dict[str, int] = {}
        orders: dict[int, str] = {}
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise SpecialtyDataError(f"{shown} line {line}: {len(cells)} cells for {len(header)} columns "
                                         "(a comma inside a value needs double quotes)")
            row = _Row(shown, line, dict(zip(header, cells)))
            record = _record(row)
            if record.name in seen:
                raise row.fail("name", f"{record.name!r} is already on line {seen[record.name]}")
            if record.calibrated and record.calibration_order in orders:
                raise row.fail("calibration_order", f"{record.calibration_order} is already used by "
                                                    f"{orders[record.calibration_order]!r}")
            seen[record.name] = line
            if record.calibrated:
                orders[record.calibration_order] = record.name
            records.append(record)
    except csv.Error as exc:
        raise SpecialtyDataError(f"{shown} line {reader.line_num}: not valid CSV ({exc})") from None
    if not records:
        raise SpecialtyDataError(f"{shown}: no specialties (one row per specialty under the header)")
    return tuple(records)


@lru_cache(maxsize=1)
def _by_name() -> Mapping[str, Specialty]:
    return MappingProxyType({s.name: s for s in load_specialties()})


def specialty(name: str) -> Specialty | None:
    """The specialty's row, or None for a name not in the file."""
    return _by_name().get(name)


@lru_cache(maxsize=1)
def specialty_names() -> tuple[str, ...]:
    return tuple(s.name for s in load_specialties())


@lru_cache(maxsize=1)
def nrmp_keys() -> Mapping[str, str]:
    """Specialty -> the Charting Outcomes specialty whose figures the model uses."""
    return MappingProxyType({s.name: s.nrmp_key for s in load_specialties()})


@lru_cache(maxsize=1)
def proxy_notes() -> Mapping[str, str]:
    """Specialties scored with another specialty's NRMP table -> why."""
    return MappingProxyType({s.name: s.nrmp_proxy_note for s in load_specialties() if s.nrmp_proxy_note})


@lru_cache(maxsize=1)
def extra_log_odds() -> Mapping[str, float]:
    """Specialties with a log-odds term beyond their NRMP anchor (the others add nothing)."""
    return MappingProxyType({s.name: s.extra_log_odds for s in load_specialties() if s.extra_log_odds != 0.0})


@lru_cache(maxsize=1)
def img_share_priors() -> Mapping[str, tuple[float, str]]:
    """Specialties with an IMG-share prior -> (share, source as shown to users)."""
    return MappingProxyType({s.name: (s.img_share_prior, s.img_share_prior_source or "")
                             for s in load_specialties() if s.img_share_prior is not None})


@lru_cache(maxsize=1)
def calibration_specialties() -> tuple[str, ...]:
    """The specialties `make calibration` reports, in its order."""
    return tuple(s.name for s in sorted((s for s in load_specialties() if s.calibrated),
                                        key=lambda s: s.calibration_order))


def application_system(name: str) -> str:
    """The application system of a specialty when the season's signal table has no row for it."""
    record = specialty(name)
    return record.application_system if record is not None else DEFAULT_APPLICATION_SYSTEM
