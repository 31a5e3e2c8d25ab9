"""The advisor workspace in the app: sign-in before any page, whose students a page lists, opening a saved
scenario into the sidebar, and the one-run note after a write.

    require_sign_in()               app.py calls it before any page: True = go on (single-user, or signed in)
    owner() / advisor_name()        whose students a page lists ("local" when single-user)
    open_scenario(record)           button callback: the saved profile becomes the sidebar's values
    sign_out()                      everything the advisor had goes (state.forget_profile)

Privacy stance (docs/workspace.md): by default the app is single-user on localhost and the database file is not
even created until something is saved; every page only reads it if it exists. Session state keys:
    smartpick.advisor        the signed-in advisor's name (shared mode only)
    smartpick.workspace_note a one-run message after a write ("Saved ...", "Deleted ...")
"""

from __future__ import annotations

import streamlit as st

from smartpick_core.store import LOCAL_OWNER, ScenarioRecord, Store, StoreError, auth_required
from smartpick_core.strategy.cohort import split_saved
from smartpick_core.text import plain_markdown

from .cache import NOTE_KEY, database_words, workspace_store
from .state import forget_profile, mark_sidebar_hidden, store_inputs

_ADVISOR = "smartpick.advisor"
OPEN_STUDENT_KEY = "smartpick.open_student"


def show_note() -> None:
    """The message left by the last write (plain text: it quotes names the user typed)."""
    note = st.session_state.pop(NOTE_KEY, None)
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
    forget_profile()


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
    mark_sidebar_hidden()
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
    try:
        profile, national = split_saved(record.profile)
    except Exception as exc:   # noqa: BLE001 - ProfileError in words; a stored profile the model no longer reads
        st.session_state[NOTE_KEY] = None
        st.session_state["workspace.open_error"] = f"{record.student_name} / {record.name} cannot be opened: {exc}"
        return
    store_inputs(profile, national)
    st.session_state[OPEN_STUDENT_KEY] = record.student_id
    st.session_state[NOTE_KEY] = f"Opened {record.student_name} — {record.name} in the sidebar."


def open_student() -> int | None:
    """The student whose scenario is in the sidebar (opened or just saved): the one a shared screen may name."""
    return st.session_state.get(OPEN_STUDENT_KEY)


def mark_open_student(student_id: int) -> None:
    st.session_state[OPEN_STUDENT_KEY] = student_id


def scenario_signature(records: list[ScenarioRecord]) -> tuple:
    """A small hashable key of the saved scenarios (for caching the cohort table)."""
    return tuple((r.id, str(r.updated_at)) for r in records)


def workspace_env_summary() -> str:
    """One line for the pages: where data lives and who sees it."""
    mode = "shared (sign-in)" if advisor_name() else "single-user on this computer"
    return f"Workspace: {mode}; data in {database_words()}."

