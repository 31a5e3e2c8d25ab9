"""The advisor workspace's storage: students, scenarios, recorded program facts, advisor accounts.

    store = open_store()                    # SMARTPICK_DATABASE_URL, else SQLite in SMARTPICK_DATA_DIR or ~/.smartpick
    store.record_fact("im-x", "sponsors_j1", "yes", source_type="program email or phone call",
                      source_note="PD email", checked_on=date(2026, 10, 2), by=account_or_NO_SIGN_IN,
                      told_by="the PD")                                                     # FactError if bad
    store.current_facts() / fact_history(program_id) / retract_fact(id, by=...) / add_program(row, by=...)
    sid = store.save_student("local", "Amal");  store.save_scenario("local", sid, "base", profile_dict, "notes")
    store.students(owner) / scenarios(owner, sid) / scenario(owner, id) / all_scenarios(owner)
    store.delete_student(owner, sid) / delete_scenario(owner, id)              # really deletes
    store.export_all() / restore_all(data)                                   # backup JSON round trip
    store.export_fact_rows()  ->  views.fact_files.facts_csv_text / facts_json_text    (formula-safe CSV)
    diff_fact_import(rows, store.current_facts(), known_ids=...) -> ImportDiff; store.apply_import(diff, by)
    store.add_user(name, password) / verify_user(name, password); auth_required(bool(store.user_names()))
    store.check_sign_in(name, password, client=ip) -> SignInResult; lock_user / unlock_user / sign_out(name)
    auth.issue_token(name, store.session_epoch(name), secret=auth.token_secret(), ttl_s=...) / auth.read_token
    sign_in_required(has_users_or_None)                      # True with accounts, the flag, a user file or the marker

The overlay of recorded facts on the program table is facts/overlay.py (it imports this package;
this package imports only the program schema, never the model). SQLAlchemy stays inside this package:
every method returns plain records (records.py). SQLAlchemy, Alembic and argon2 load on first use of
open_store/Store/auth (start-up budget): the records import nothing heavy.
"""

from __future__ import annotations


from ..lazy import lazy_attributes
from .records import (
    LOCAL_OWNER, NO_SIGN_IN, NewerSchemaError, NotFound, ScenarioRecord, SignInResult, StoreError, StudentRecord,
)

_LAZY = {
    "Store": "store", "open_store": "store", "auth_required": "auth", "default_database_url": "database",
    "sign_in_required": "auth",
}

__all__ = [
    "LOCAL_OWNER",
    "NO_SIGN_IN",
    "NewerSchemaError",
    "NotFound",
    "ScenarioRecord",
    "SignInResult",
    "Store",
    "StoreError",
    "StudentRecord",
    "auth_required",
    "default_database_url",
    "open_store",
    "sign_in_required",
]


__getattr__ = lazy_attributes(__name__, _LAZY, globals())   # Store, open_store, ... imported on first use (PEP 562).
