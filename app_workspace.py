"""Streamlit-side glue of the advisor workspace (issue #11): the store, sign-in, the recorded-facts overlay.

    workspace_store(create=False)   -> (Store | None, error line | None); cached per database URL (cache_resource)
    facts_key() / programs_with_facts(programs)
                                    the overlay app_support.load_programs_cached applies; the key (today + the ids of
                                    the current facts) is part of its cache key, so a recorded fact shows on the
                                    next rerun of every page
    require_sign_in()               app.py calls it before any page: True = go on (single-user, or signed in)
    owner() / advisor_name()        whose students a page lists ("local" when single-user)
    open_scenario(record)           button callback: the saved profile becomes the sidebar's values
    after_write()                   clears the data caches so what-ifs and plans use the new facts

Privacy stance (README "Advisor workspace"): by default the app is single-user on localhost and the database
file is not even created until something is saved; every page only reads it if it exists. Session state keys:
    smartpick.advisor        the signed-in advisor's name (shared mode only)
    smartpick.workspace_note a one-run message after a write ("Saved ...", "Deleted ...")
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import time

import pandas as pd
import streamlit as st

from smartpick_core.programs.overlay import apply_recorded_facts
from smartpick_core.store import (
    LOCAL_OWNER, FactRecord, ScenarioRecord, Store, StoreError, auth_required, default_database_url, open_store,
)
from smartpick_core.store.database import describe_url, sqlite_path
from smartpick_core.views.cohort import split_saved
from smartpick_core.text import plain_markdown

_ADVISOR = "smartpick.advisor"
_NOTE = "smartpick.workspace_note"
STORE_RETRY_S = 30      # a broken file that is fixed (or a server that comes back) is retried after this


def database_url() -> str:
    return default_database_url()


def database_present(url: str) -> bool:
    """A configured server, or a SQLite file that already exists (reading never creates one)."""
    if not url.startswith("sqlite"):
        return True
    path = sqlite_path(url)
    return path is not None and path.exists()


def _still_good(opened: tuple[Store | None, str | None, float]) -> bool:
    """A working store is kept; a failure is retried once it is STORE_RETRY_S old (the file may have been fixed)."""
    store, _, when = opened
    return store is not None or time.monotonic() - when < STORE_RETRY_S


def _release(opened: tuple[Store | None, str | None, float]) -> None:
    if opened[0] is not None:
        opened[0].close()


@st.cache_resource(show_spinner=False, max_entries=4, validate=_still_good, on_release=_release)
def _open(url: str) -> tuple[Store | None, str | None, float]:
    """One Store (engine + pool) per URL for every session; a failure is cached briefly too, never raised."""
    try:
        return open_store(url), None, time.monotonic()
    except StoreError as exc:
        return None, str(exc), time.monotonic()


def workspace_store(create: bool = False) -> tuple[Store | None, str | None]:
    """The workspace database, or (None, why). Without `create`, a database that does not exist yet is (None, None)."""
    url = database_url()
    if not create and not database_present(url):
        return None, None
    store, error, _ = _open(url)
    return store, error


def database_words() -> str:
    """Where the data lives, in words, never with a password."""
    return describe_url(database_url())


# --- recorded facts over the bundled table -------------------------------------------------------------------
def current_facts() -> list[FactRecord]:
    """The store's current facts; none when there is no database or it cannot be read (bundled data then)."""
    store, _ = workspace_store()
    if store is None:
        return []
    try:
        return store.current_facts()
    except StoreError:
        return []


def facts_key() -> str:
    """Changes whenever a fact is recorded, corrected or retracted, and each day (verify-again flags age)."""
    ids = ",".join(str(f.id) for f in current_facts())
    return f"{_dt.date.today().isoformat()}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"


def programs_with_facts(programs: pd.DataFrame) -> pd.DataFrame:
    """The bundled table with the advisor-recorded facts applied (provenance and verify-again columns added)."""
    return apply_recorded_facts(programs, current_facts())


def after_write(note: str | None = None) -> None:
    """A fact or program was written: cached what-ifs, curves and plans must not keep the old values."""
    st.cache_data.clear()
    if note:
        st.session_state[_NOTE] = note


def show_note() -> None:
    """The message left by the last write (plain text: it quotes names the user typed)."""
    note = st.session_state.pop(_NOTE, None)
    if note:
        st.success(plain_markdown(note), icon=":material/check_circle:")


# --- who is working -------------------------------------------------------------------------------------------
def auth_flag_on() -> bool:
    return auth_required(False)


def advisor_name() -> str | None:
    return st.session_state.get(_ADVISOR)


def owner() -> str:
    """Whose students: the signed-in advisor, or the single local user."""
    return advisor_name() or LOCAL_OWNER


def _sign_in(store: Store) -> None:
    name = st.session_state.get("signin.name", "")
    password = st.session_state.get("signin.password", "")
    try:
        ok = store.verify_user(name, password)
    except StoreError:
        ok = False
    st.session_state["signin.password"] = ""
    if ok:
        st.session_state[_ADVISOR] = name.strip()
        st.session_state.pop("signin.failed", None)
    else:
        st.session_state["signin.failed"] = True


def sign_out() -> None:
    """Everything the advisor had goes: the profile (perhaps a student's), scenario A, the link, the forms."""
    import app_support   # lazy: app_support imports this module for the overlay

    app_support.forget_profile()


def require_sign_in() -> bool:
    """Shared mode (SMARTPICK_AUTH=on, or advisor accounts exist): a sign-in form before any page."""
    flag = auth_flag_on()
    store, error = workspace_store(create=flag)
    try:
        has_users = bool(store.user_names()) if store is not None else False
    except StoreError:
        has_users = False
    if not auth_required(has_users):
        return True
    if advisor_name():
        st.sidebar.caption("Signed in as " + plain_markdown(advisor_name()))
        st.sidebar.button("Sign out", on_click=sign_out, key="signout")
        return True
    import app_support   # lazy: app_support imports this module for the overlay

    app_support.mark_sidebar_hidden()
    st.title("SmartPick SoCal — sign in")
    if store is None:
        st.error(plain_markdown(f"Sign-in needs the workspace database, which cannot be used: {error}"))
        return False
    if not has_users:
        st.info("The shared workspace has no advisor accounts yet. Add one on the server with "
                "`python -m smartpick_core users add NAME`, then sign in here.")
        return False
    with st.form("signin"):
        st.text_input("Advisor name", key="signin.name", max_chars=200)
        st.text_input("Password", key="signin.password", type="password", max_chars=200)
        st.form_submit_button("Sign in", on_click=_sign_in, args=(store,), type="primary")
    if st.session_state.get("signin.failed"):
        st.error("That name and password do not match an advisor account.")
    return False


# --- students and scenarios ---------------------------------------------------------------------------------
def open_scenario(record: ScenarioRecord) -> None:
    """Button callback: load a saved scenario into the sidebar (one click; every page follows)."""
    import app_support   # lazy: app_support imports this module for the overlay

    try:
        profile, national = split_saved(record.profile)
    except Exception as exc:   # noqa: BLE001 - ProfileError in words; a stored profile the model no longer reads
        st.session_state[_NOTE] = None
        st.session_state["workspace.open_error"] = f"{record.student_name} / {record.name} cannot be opened: {exc}"
        return
    app_support.store_inputs(profile, national)
    st.session_state[_NOTE] = f"Opened {record.student_name} — {record.name} in the sidebar."


def scenario_signature(records: list[ScenarioRecord]) -> tuple:
    """A small hashable key of the saved scenarios (for caching the cohort table)."""
    return tuple((r.id, str(r.updated_at)) for r in records)


def workspace_env_summary() -> str:
    """One line for the pages: where data lives and who sees it."""
    mode = "shared (sign-in)" if advisor_name() else "single-user on this computer"
    return f"Workspace: {mode}; data in {database_words()}."


__all__ = [
    "FactRecord", "advisor_name", "after_write", "current_facts", "database_present", "database_url",
    "database_words", "facts_key", "open_scenario", "owner", "programs_with_facts", "require_sign_in", "show_note",
    "sign_out", "workspace_env_summary", "workspace_store",
]
