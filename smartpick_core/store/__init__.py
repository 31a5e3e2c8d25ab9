"""The advisor workspace's storage: students, scenarios, recorded program facts, advisor accounts.

    store = open_store()                    # SMARTPICK_DATABASE_URL, else SQLite in SMARTPICK_DATA_DIR or ~/.smartpick
    store.record_fact("im-x", "sponsors_j1", "yes", source_type="program email or phone call",
                      source_note="PD email", checked_on=date(2026, 10, 2), recorded_by="Dr A")   # FactError if bad
    store.current_facts() / fact_history(program_id) / retract_fact(id, by=...) / add_program(row, ...)
    sid = store.save_student("local", "Amal");  store.save_scenario("local", sid, "base", profile_dict, "notes")
    store.students(owner) / scenarios(owner, sid) / scenario(owner, id) / all_scenarios(owner)
    store.delete_student(owner, sid) / delete_scenario(owner, id)              # really deletes
    store.export_all() / restore_all(data)                                   # backup JSON round trip
    store.export_fact_rows()  ->  views.fact_files.facts_csv_text / facts_json_text    (formula-safe CSV)
    diff_fact_import(rows, store.current_facts(), known_ids=...) -> ImportDiff; store.apply_import(diff, by)
    store.add_user(name, password) / verify_user(name, password); auth_required(bool(store.user_names()))

The overlay of recorded facts on the program table is programs/overlay.py (it imports this package;
this package imports only the program schema, never the model). SQLAlchemy stays inside this package:
every method returns plain records (records.py).
"""

from __future__ import annotations

import sqlalchemy as sa

from .auth import auth_required
from .database import current_revision, default_database_url, describe_url, make_engine, migrate, check_integrity
from .imports import IMPORT_COLUMNS, diff_fact_import
from .records import (
    FACT_FIELDS, NEW_PROGRAM_FIELD, SOURCE_TYPES, FactError, FactRecord, ImportDiff, ImportRow, NotFound,
    RowError, ScenarioRecord, StoreError, StudentRecord,
)
from .store import LOCAL_OWNER, Store
from .validation import allowed_text, check_fact_value

__all__ = [
    "FACT_FIELDS", "IMPORT_COLUMNS", "LOCAL_OWNER", "NEW_PROGRAM_FIELD", "SOURCE_TYPES", "FactError", "FactRecord",
    "ImportDiff", "ImportRow", "NotFound", "RowError", "ScenarioRecord", "Store", "StoreError", "StudentRecord",
    "allowed_text", "auth_required", "check_fact_value", "default_database_url", "diff_fact_import", "open_store",
]


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (and migrate to the newest schema) the configured database.

    A file that is not a database, is damaged, unreadable or locked past the busy timeout, or a server
    that does not answer, gives StoreError with one clear line: the app then runs on the bundled data.
    """
    url = url or default_database_url()
    engine = make_engine(url)
    where = describe_url(url)
    try:
        check_integrity(engine)
        if upgrade:
            migrate(engine)
    except StoreError as exc:
        engine.dispose()
        raise StoreError(f"{where}: {exc}; the app runs on the bundled data - restore a backup or move "
                         "the file away") from None
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:160]
        raise StoreError(f"{where} cannot be opened ({reason}); the app runs on the bundled data - "
                         "check the file or SMARTPICK_DATABASE_URL, or restore a backup") from None
    return Store(engine, url)
