"""The Data page shows the command line's restore preview and changes nothing (AppTest)."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from apptest_support import open_app_workspace
from streamlit.testing.v1 import AppTest


ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"


def test_the_data_page_previews_a_restore_and_changes_nothing(monkeypatch, tmp_path):
    store = open_app_workspace(monkeypatch, tmp_path)
    sid = store.save_student("local", "Amal Haddad")
    store.save_scenario("local", sid, "base", {"step2_ck": 230}, "")
    backup = json.dumps(store.export_all(), default=str)
    store.delete_student("local", sid)
    store.save_student("local", "Bao Tran")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("smartpick_app/pages/data.py").run()
    at.file_uploader(key="restore.file").set_value(("backup.json", backup.encode(), "application/json")).run()
    assert not at.exception
    shown = "\n".join(c.value for c in at.code)
    assert "Amal Haddad" in shown and "Bao Tran" in shown          # one would come back, the other would go
    assert [s.name for s in store.students("local")] == ["Bao Tran"]   # nothing changed
    at.file_uploader(key="restore.file").set_value(("bad.json", b'{"students": [], "students": []}',
                                                     "application/json")).run()
    assert any("twice" in e.value for e in at.error)
    st.cache_data.clear()
    st.cache_resource.clear()
