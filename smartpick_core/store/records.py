"""Plain records the store hands out: frozen dataclasses of str/int/date/dict, never SQLAlchemy rows.

Why plain: pages and the CLI must not depend on the database library, and a record can be compared,
hashed, pickled for a cache and written to JSON as it is. Fact records live in smartpick_core.facts.

    StoreError      the database cannot be opened or used (one line, says what to do)
    NotFound        no such student/scenario/fact for this owner (another owner's id looks the same)
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field as _field

LOCAL_OWNER = "local"        # the owner of every student in single-user mode
MAX_PROFILE_JSON_CHARS = 100_000


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message is one user-facing line."""


class NotFound(LookupError):
    """No such record for this owner (the same answer whether it does not exist or belongs to someone else)."""


@dataclass(frozen=True)
class StudentRecord:
    id: int
    owner: str
    name: str
    created_at: _dt.datetime
    updated_at: _dt.datetime
    scenario_count: int = 0


@dataclass(frozen=True)
class ScenarioRecord:
    id: int
    owner: str
    student_id: int
    student_name: str
    name: str
    profile: dict = _field(default_factory=dict)
    notes: str = ""
    created_at: _dt.datetime | None = None
    updated_at: _dt.datetime | None = None
