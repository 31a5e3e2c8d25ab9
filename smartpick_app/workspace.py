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

from smartpick_core.store import LOCAL_OWNER, NO_SIGN_IN, ScenarioRecord, Store, StoreError
from smartpick_core.store.auth import issue_token, read_token, refuse_to_open, sign_in_required, token_secret
from smartpick_core.strategy.cohort import split_saved
from smartpick_core.text import plain_markdown

from .cache import NOTE_KEY, database_words, is_newer_schema, workspace_store
from .state import forget_profile, mark_sidebar_hidden, store_inputs

_ADVISOR = "smartpick.advisor"
OPEN_STUDENT_KEY = "smartpick.open_student"


def show_note() -> None:
    """The message left by the last write (plain text: it quotes names the user typed)."""
    note = st.session_state.pop(NOTE_KEY, None)
    if note:
        st.success(plain_markdown(note), icon=":material/check_circle:")


# --- who is working -------------------------------------------------------------------------------------------
SESSION_COOKIE = "smartpick_session"
SESSION_TTL_S = 10 * 3600        # a working day: a reload keeps the advisor signed in, never longer
_EPOCH = "smartpick.session_epoch"
_SET_COOKIE = "smartpick.set_cookie"
_CLEAR_COOKIE = "smartpick.clear_cookie"
ACCOUNTS_UNREADABLE = ("Sign-in is required on this server, but the advisor accounts cannot be read right now, "
                       "so no page opens. Try again in a minute; if it lasts, ask whoever runs SmartPick to check "
                       "the workspace database.")


def advisor_name() -> str | None:
    return st.session_state.get(_ADVISOR)


def owner() -> str:
    """Whose students: the signed-in advisor, or the single local user."""
    return advisor_name() or LOCAL_OWNER


def acting_account() -> str:
    """Who a history line names: the signed-in account, never a typed name; "no sign-in" in single-user mode."""
    return advisor_name() or NO_SIGN_IN


def _signed_in(name: str, epoch: int) -> None:
    st.session_state[_ADVISOR] = name
    st.session_state[_EPOCH] = epoch


def _sign_in(store: Store) -> None:
    """The form's callback: bounded guessing is the store's (delays, locks, a hashing budget), the words too."""
    name = str(st.session_state.get("signin.name", "")).strip()
    password = st.session_state.get("signin.password", "")
    st.session_state["signin.password"] = ""
    try:
        result = store.check_sign_in(name, password, client=st.context.ip_address)
        epoch = store.session_epoch(name) if result.ok else 0
    except StoreError as exc:
        st.session_state["signin.failed"] = f"Sign-in failed: {exc}"
        return
    if not result.ok:
        st.session_state["signin.failed"] = result.message
        return
    st.session_state.pop("signin.failed", None)
    _signed_in(name, epoch)
    st.session_state[_SET_COOKIE] = issue_token(name, epoch, secret=token_secret(), ttl_s=SESSION_TTL_S)


def sign_out() -> None:
    """Everything the advisor had goes: the profile (perhaps a student's), scenario A, the link, the forms, and
    every session token of the account (a reload or another browser signs in again)."""
    name = advisor_name()
    store, _ = workspace_store()
    if name and store is not None:
        try:
            store.sign_out(name)
        except StoreError:
            pass          # the token still expires; this browser forgets it below
    forget_profile()
    st.session_state[_CLEAR_COOKIE] = True


def _write_cookie(value: str, max_age: int) -> None:
    """Streamlit cannot set a cookie from Python (st.context.cookies is read-only): a one-line script does, on
    this app's own origin. The token is signed and expiring and names no secret."""
    secure = "; Secure" if str(st.context.url or "").startswith("https:") else ""
    st.html(f"<script>document.cookie = '{SESSION_COOKIE}={value}; Max-Age={max_age}; Path=/; "
            f"SameSite=Strict{secure}';</script>", unsafe_allow_javascript=True)


def _cookie_chores() -> None:
    token = st.session_state.pop(_SET_COOKIE, None)
    if token:
        _write_cookie(token, SESSION_TTL_S)
    if st.session_state.pop(_CLEAR_COOKIE, False):
        _write_cookie("", 0)


def _resume(store: Store) -> bool:
    """A reload: the browser's session token, if signed, unexpired and still current, signs the advisor in."""
    token = st.context.cookies.get(SESSION_COOKIE)
    session = read_token(token, secret=token_secret()) if token else None
    if session is None:
        return False
    name, epoch = session
    try:
        if not store.check_session(name, epoch):
            return False
    except StoreError:
        return False
    _signed_in(name, epoch)
    return True


def _still_valid(store: Store | None, name: str) -> bool:
    """Sign-out elsewhere, a password reset or a lock ends this session too (the account's epoch moves)."""
    if store is None:
        return False
    try:
        return store.check_session(name, int(st.session_state.get(_EPOCH, 0)))
    except StoreError:
        return False


def _accounts(store: Store | None, error: str | None) -> bool | None:
    """Whether advisor accounts exist; None when they cannot be read (which must never open the pages)."""
    if store is None:
        return None if error else False
    try:
        return bool(store.user_names())
    except StoreError:
        return None


def require_sign_in() -> bool:
    """Before any page: a newer database or unreadable accounts open nothing; in shared mode (SMARTPICK_AUTH=on,
    advisor accounts, a user file, or the marker `users add` leaves) the advisor signs in, or resumes a session."""
    store, error = workspace_store(create=sign_in_required(False))
    if is_newer_schema(error):
        mark_sidebar_hidden()
        st.error(plain_markdown(str(error)), icon=":material/upgrade:")
        return False
    has_users = _accounts(store, error)
    if refuse_to_open(has_users):
        mark_sidebar_hidden()
        st.title("SmartPick SoCal — sign in")
        st.error(ACCOUNTS_UNREADABLE, icon=":material/lock:")
        return False
    _cookie_chores()
    if not sign_in_required(has_users):
        return True
    name = advisor_name()
    if name and not _still_valid(store, name):
        forget_profile()
        st.session_state["signin.failed"] = "Your session has ended (signed out elsewhere, or the password changed)."
        name = None
    if name or (store is not None and _resume(store)):
        st.sidebar.caption("Signed in as " + plain_markdown(str(advisor_name())))
        st.sidebar.button("Sign out", on_click=sign_out, key="signout")
        return True
    mark_sidebar_hidden()
    st.title("SmartPick SoCal — sign in")
    if store is None or not has_users:
        st.info("The shared workspace has no advisor accounts yet. Add one on the server with "
                "`python -m smartpick_core users add NAME`, then sign in here.")
        return False
    with st.form("signin"):
        st.text_input("Advisor name", key="signin.name", max_chars=200)
        st.text_input("Password", key="signin.password", type="password", max_chars=200)
        st.form_submit_button("Sign in", on_click=_sign_in, args=(store,), type="primary")
    if st.session_state.get("signin.failed"):
        st.error(plain_markdown(str(st.session_state["signin.failed"])))
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

