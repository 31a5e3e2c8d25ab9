"""The app side of a workspace an office can trust (AppTest): a down or damaged database shuts the door when
sign-in is required, a newer database opens nothing, guessing is told when to try again, and no page shows the
database's path."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from smartpick_app.registry import PAGES
from smartpick_core.store import open_store
from smartpick_core.store.auth import write_auth_marker

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"


@pytest.fixture
def data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(FIXTURE))
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SMARTPICK_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMARTPICK_AUTH", raising=False)
    monkeypatch.delenv("SMARTPICK_USERS_FILE", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


def dump(database: Path) -> list[str]:
    """The database's content as SQL (a checkpoint of its write-ahead log may move bytes, not content)."""
    connection = sqlite3.connect(database)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def everything_shown(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def test_required_sign_in_with_unreadable_accounts_opens_no_page(data_dir):
    store = open_store(f"sqlite:///{data_dir / 'smartpick.db'}")
    store.add_user("maria", "correct horse 1")
    store.close()                                                 # no open connection keeps the old pages
    write_auth_marker()
    for leftover in data_dir.glob("smartpick.db-*"):             # the write-ahead log would still hold them
        leftover.unlink()
    (data_dir / "smartpick.db").write_bytes(b"this is not a database" * 100)   # the accounts cannot be read
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert not at.metric and not at.dataframe                   # no page: the door stays shut
    assert any("accounts cannot be read" in e.value for e in at.error), [e.value for e in at.error]
    assert str(data_dir) not in everything_shown(at)


def test_a_database_from_a_newer_smartpick_opens_nothing_and_is_not_written(data_dir):
    database = data_dir / "smartpick.db"
    open_store(f"sqlite:///{database}").save_student("local", "Amal")
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    engine.dispose()
    before = dump(database)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception and not at.metric
    (message,) = [e.value.replace("\\", "").replace("\u2060", "") for e in at.error]
    assert message == ("This workspace was written by a newer SmartPick (database revision ffffffffffff); "
                       "upgrade SmartPick to open it.")
    assert dump(database) == before                                # nothing written


def test_repeated_wrong_passwords_are_told_when_to_try_again(data_dir):
    open_store(f"sqlite:///{data_dir / 'smartpick.db'}").add_user("maria", "correct horse 1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for _ in range(6):
        at.text_input(key="signin.name").input("maria")
        at.text_input(key="signin.password").input("wrong guess")
        next(b for b in at.button if b.label == "Sign in").click().run()
    assert any("try again after" in e.value for e in at.error)
    at.text_input(key="signin.name").input("maria")
    at.text_input(key="signin.password").input("correct horse 1")   # refused until the wait is over
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert [t.value for t in at.title] == ["SmartPick SoCal — sign in"]


def test_no_page_names_the_database_path(data_dir):
    open_store(f"sqlite:///{data_dir / 'smartpick.db'}").save_student("local", "Amal")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for page in PAGES:
        at.switch_page(page.script).run()
        assert not at.exception, page.title
        assert str(data_dir) not in everything_shown(at), page.title
