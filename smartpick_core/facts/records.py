"""Recorded program facts as plain records: what an advisor can record, how it is checked on import.

Why plain: the overlay, the pages and the CLI must not depend on the database library, and a
record can be compared, hashed, pickled for a cache and written to JSON as it is. The store
(smartpick_core.store) saves and hands out these records; nothing here knows about it.

    FactError       a recorded fact is invalid: names the field and the allowed values/range
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

# The program facts an advisor can record, with the label a page shows (columns of data/SCHEMA.md).
FACT_FIELDS: dict[str, str] = {
    "accepts_imgs": "Considers IMGs",
    "sponsors_j1": "Sponsors J-1",
    "sponsors_h1b": "Sponsors H-1B",
    "visa_basis": "Visa statement made by",
    "img_share": "IMG share of residents",
    "step2_min": "Step 2 CK minimum",
    "yog_max_years": "Years since graduation (maximum)",
    "usce_required": "US clinical experience required",
    "usce_min_months": "US clinical experience (months)",
    "first_attempt_only": "First-attempt passes only",
    "positions_per_year": "PGY-1 positions per year",
    "status": "Program status",
}
NEW_PROGRAM_FIELD = "new_program"   # a whole program row recorded by an advisor (value = the row as JSON)
SOURCE_TYPES: tuple[str, ...] = (
    "program website", "program email or phone call", "interview day", "FREIDA page",
    "resident roster count", "colleague report",
)
MAX_NAME_CHARS = 200          # student, scenario, user and recorder names
MAX_NOTE_CHARS = 4000         # source notes and scenario notes



class FactError(ValueError):
    """A bad recorded fact: `field` names the input, `message` says what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message



@dataclass(frozen=True)
class FactRecord:
    """One recorded fact (or, with field == NEW_PROGRAM_FIELD, one recorded program)."""

    id: int
    program_id: str
    field: str
    value: str
    source_type: str
    source_note: str
    checked_on: _dt.date
    recorded_by: str
    recorded_at: _dt.datetime
    retracted_at: _dt.datetime | None = None
    retracted_by: str | None = None
    told_by: str = ""                    # the person at the program who said it (free text)
    by_verified: bool = False            # recorded_by is a signed-in account; False: a typed name, not verified
    retracted_by_verified: bool = False

    @property
    def retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def label(self) -> str:
        return "New program" if self.field == NEW_PROGRAM_FIELD else FACT_FIELDS.get(self.field, self.field)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "program_id": self.program_id, "field": self.field, "value": self.value,
                "source_type": self.source_type, "source_note": self.source_note,
                "checked_on": self.checked_on.isoformat(), "recorded_by": self.recorded_by,
                "recorded_at": self.recorded_at.isoformat(),
                "retracted_at": self.retracted_at.isoformat() if self.retracted_at else None,
                "retracted_by": self.retracted_by, "told_by": self.told_by, "by_verified": self.by_verified,
                "retracted_by_verified": self.retracted_by_verified}




@dataclass(frozen=True)
class RowError:
    """One rejected import row: 1-based data row (0 = the whole file), column, message."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    """One valid import row, normalised."""

    row: int
    program_id: str
    field: str
    value: str
    source_type: str
    source_note: str
    checked_on: _dt.date
    recorded_by: str


@dataclass(frozen=True)
class ImportDiff:
    """What an import would do: new facts, changed values (with the current value), unchanged, rejected rows."""

    added: tuple[ImportRow, ...] = ()
    changed: tuple[tuple[ImportRow, str], ...] = ()
    unchanged: tuple[ImportRow, ...] = ()
    errors: tuple[RowError, ...] = ()

    @property
    def to_apply(self) -> tuple[ImportRow, ...]:
        return self.added + tuple(row for row, _ in self.changed)

    def summary(self) -> str:
        rejected = len({error.row for error in self.errors})
        return (f"{len(self.added)} new, {len(self.changed)} changed, {len(self.unchanged)} unchanged, "
                f"{rejected} rows rejected")
