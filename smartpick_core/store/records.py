"""Plain records the store hands out: frozen dataclasses of str/int/date/dict, never SQLAlchemy rows.

Why plain: pages and the CLI must not depend on the database library, and a record can be compared,
hashed, pickled for a cache and written to JSON as it is. Fact records live in smartpick_core.facts.

    StoreError      the database cannot be opened or used (one line, says what to do; never a path or host)
    NewerSchemaError  the database was written by a newer SmartPick: refused before anything is written
    NotFound        no such student/scenario/fact for this owner (another owner's id looks the same)
    SignInResult    the answer to one sign-in attempt (store.check_sign_in)
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field as _field

LOCAL_OWNER = "local"        # the owner of every student in single-user mode
NO_SIGN_IN = "no sign-in"    # the acting account when nobody signed in (single-user mode): never "verified"
MAX_PROFILE_JSON_CHARS = 100_000


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message is one user-facing line."""


class NewerSchemaError(StoreError):
    """The database's schema revision is not one this copy knows: opening it could damage it, so nothing is done."""

    def __init__(self, revision: str) -> None:
        super().__init__(f"This workspace was written by a newer SmartPick (database revision {revision}); "
                         "upgrade SmartPick to open it.")
        self.revision = revision


DISK_FULL_MESSAGE = ("Not saved: the disk is full (or the file is read-only). Nothing you had saved was lost; "
                     "free some space or ask your administrator, then try again.")


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
    snapshot: dict | None = None        # the predictions shown when it was saved; None: saved before snapshots


@dataclass(frozen=True)
class SignInResult:
    """ok, a sentence to show (why it was refused, or when to try again), and the earliest retry time (UTC)."""

    ok: bool
    message: str
    retry_at: _dt.datetime | None = None
