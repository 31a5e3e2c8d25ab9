"""Shared AppTest helper: the whole app (frame + sidebar) opened on one page, optionally from a share link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def run_app(page: str = "smartpick_app/pages/overview.py", params: dict[str, str] | None = None,
            timeout: float = 60) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "smartpick_app/pages/overview.py":
        at.switch_page(page).run()
    return at


FIXTURE_PROGRAMS = Path(__file__).resolve().parent / "fixtures" / "programs_fixture.csv"


def open_app_workspace(monkeypatch, folder: Path, *, sign_in: bool = False, accounts: dict[str, str] | None = None):
    """The app on the fixture programs with its own workspace in `folder` (sign-in on or off), caches emptied;
    returns the open Store. For AppTests of the workspace pages (and hypothesis tests, which cannot take fixtures)."""
    import streamlit as st

    from smartpick_core.store import open_store

    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(FIXTURE_PROGRAMS))
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(folder))
    monkeypatch.delenv("SMARTPICK_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMARTPICK_USERS_FILE", raising=False)
    if sign_in:
        monkeypatch.setenv("SMARTPICK_AUTH", "on")
    else:
        monkeypatch.delenv("SMARTPICK_AUTH", raising=False)
    store = open_store(f"sqlite:///{folder / 'smartpick.db'}")
    for name, password in (accounts or {}).items():
        store.add_user(name, password)
    st.cache_data.clear()
    st.cache_resource.clear()
    return store
