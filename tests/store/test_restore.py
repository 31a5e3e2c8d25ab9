"""Restore that cannot surprise: a preview in words that changes nothing, a safety backup before every applied
restore, accounts kept unless asked for (and never all removed), a bad file refused in one line with exit 2.
Every test runs on SQLite and PostgreSQL; the command line runs as a subprocess for its exit status."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smartpick_core.store import StoreError
from smartpick_core.store.backup import safety_backup_name, write_safety_backup
from smartpick_core.store.restore import apply_restore, data_folder, restore_preview

pytestmark = pytest.mark.slow   # command-line restores in subprocesses (`make test`, not `make test-fast`)

ROOT = Path(__file__).resolve().parents[2]
SOURCE = dict(source_type="program website", source_note="https://example.org/p", checked_on=dt.date(2026, 10, 1),
              recorded_by="Dr A")
STAMP = "2026-01-01T00:00:00"


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path, monkeypatch):
    """Safety backups of a PostgreSQL workspace go to SMARTPICK_DATA_DIR: one folder per test."""
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path / "data"))


def _state(store) -> dict:
    """The whole workspace as a backup holds it, without the moment of the export."""
    return store.export_all() | {"exported_at": ""}


def _workspace(store) -> dict:
    """Amal (with scenario base), Bea, one fact, account ann: returns the backup of that."""
    amal = store.save_student("local", "Amal")
    store.save_scenario("local", amal, "base", {"step2_ck": 231}, "first notes")
    store.save_student("local", "Bea")
    store.record_fact("im-x", "sponsors_j1", "yes", **SOURCE)
    store.add_user("ann", "correct horse")
    return store.export_all()


def _later(store) -> None:
    """What happens after the backup: Zed saved, Bea deleted, Amal's scenario changed, account bob added."""
    store.save_student("local", "Zed")
    bea = next(s for s in store.students("local") if s.name == "Bea")
    store.delete_student("local", bea.id)
    amal = next(s for s in store.students("local") if s.name == "Amal")
    store.save_scenario("local", amal.id, "base", {"step2_ck": 245}, "new notes")
    store.add_user("bob", "correct horse")


def _cli(database_url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"SMARTPICK_DATABASE_URL": database_url, "SMARTPICK_DATA_DIR": str(tmp_path / "data")}
    env.pop("SMARTPICK_USERS_FILE", None)
    return subprocess.run([sys.executable, "-m", "smartpick_core", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)


def _write(tmp_path: Path, name: str, data: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _safety_files(store) -> list[Path]:
    return sorted(data_folder(store).glob("smartpick-backup-*.json"))


def test_the_preview_names_what_would_change_and_changes_nothing(store, database_url, tmp_path):
    backup = _workspace(store)
    _later(store)
    before = _state(store)
    preview = restore_preview(store, backup)
    students, scenarios = preview.table("students"), preview.table("scenarios")
    assert students.added == ("student Bea",) and students.removed == ("student Zed",)
    assert scenarios.changed and scenarios.changed[0].startswith("scenario base of Amal: profile, notes")
    assert preview.table("facts").unchanged == 1 and not preview.table("facts").has_changes
    accounts = preview.table("users")
    assert not accounts.applies and accounts.removed == ("account bob",)      # kept: restoring would remove bob
    text = "\n".join(preview.lines())
    assert "- student Zed" in text and "+ student Bea" in text and "~ scenario base of Amal" in text
    assert "account bob (not restored)" in text and "$argon2" not in text
    assert _state(store) == before

    run = _cli(database_url, tmp_path, "restore", _write(tmp_path, "backup.json", backup))
    assert run.returncode == 0, run.stderr
    assert "- student Zed" in run.stdout and "--apply" in run.stdout and "$argon2" not in run.stdout
    assert _state(store) == before and _safety_files(store) == []


def test_apply_writes_a_safety_backup_that_restores_the_state_before(store):
    backup = _workspace(store)
    _later(store)
    before = _state(store)
    safety = Path(apply_restore(store, backup))
    assert safety.parent == data_folder(store) and safety.name.startswith("smartpick-backup-")
    assert oct(safety.stat().st_mode & 0o777) == "0o600"
    after = _state(store)
    assert [s.name for s in store.students("local")] == ["Amal", "Bea"]
    assert store.all_scenarios("local")[0].profile == {"step2_ck": 231}
    assert after["users"] == before["users"]                                 # accounts kept: bob stays
    assert {k: v for k, v in after.items() if k != "users"} == {k: v for k, v in backup.items() if k != "users"} \
        | {"exported_at": ""}
    undo = json.loads(safety.read_text(encoding="utf-8"))
    assert restore_preview(store, undo).has_changes
    apply_restore(store, undo)
    assert _state(store) == before
    new_id = store.save_student("local", "Next")                             # ids continue after the restored ones
    assert new_id > max(s["id"] for s in before["students"])


def test_apply_from_the_command_line_names_its_safety_backup(store, database_url, tmp_path):
    backup = _workspace(store)
    _later(store)
    before = _state(store)
    run = _cli(database_url, tmp_path, "restore", _write(tmp_path, "backup.json", backup), "--apply")
    assert run.returncode == 0, run.stderr
    [safety] = _safety_files(store)
    assert f"Safety backup of the current workspace: {safety.name}" in run.stdout
    assert json.loads(safety.read_text(encoding="utf-8")) | {"exported_at": ""} == before
    assert sorted(s.name for s in store.students("local")) == ["Amal", "Bea"]


def test_accounts_are_kept_unless_included_and_sign_in_is_never_switched_off(store):
    backup = _workspace(store)
    _later(store)
    apply_restore(store, backup)
    assert [u["name"] for u in store.export_all()["users"]] == ["ann", "bob"]
    preview = restore_preview(store, backup, include_accounts=True)
    assert preview.accounts_replaced and preview.table("users").removed == ("account bob",)
    apply_restore(store, backup, include_accounts=True)
    assert [u["name"] for u in store.export_all()["users"]] == ["ann"]
    assert store.verify_user("ann", "correct horse")

    no_accounts = backup | {"users": []}
    for include in (False, True):
        preview = restore_preview(store, no_accounts, include_accounts=include)
        assert not preview.accounts_replaced and not preview.table("users").has_changes
        assert any("no accounts" in note and "stay" in note for note in preview.notes)
        apply_restore(store, no_accounts, include_accounts=include)
        assert store.user_names() == ["ann"]                                  # sign-in stays on


def test_the_low_level_restore_never_switches_sign_in_off_or_revives_a_session(store):
    from smartpick_core.store import models
    from smartpick_core.store.backup import SESSION_EPOCH
    backup = _workspace(store)
    store.restore_all(backup | {"users": []})
    assert store.user_names() == ["ann"]
    if SESSION_EPOCH not in models.users.c:
        return                                              # a schema without session epochs: nothing to revive
    with store.engine.begin() as conn:                      # ann signed out everywhere after the backup
        conn.execute(models.users.update().values({SESSION_EPOCH: 5}))
    store.restore_all(backup)
    assert store.export_all()["users"][0][SESSION_EPOCH] == 5
    apply_restore(store, backup, include_accounts=True)     # the careful restore ends every session
    assert store.export_all()["users"][0][SESSION_EPOCH] == 6


def test_a_backup_without_accounts_keeps_them_from_the_command_line(store, database_url, tmp_path):
    backup = _workspace(store)
    path = _write(tmp_path, "no-accounts.json", backup | {"users": []})
    run = _cli(database_url, tmp_path, "restore", path, "--apply", "--include-accounts")
    assert run.returncode == 0, run.stderr
    assert "no accounts" in run.stdout and store.user_names() == ["ann"]


def _forged(backup: dict) -> dict:
    """Alice's scenario pointed at Bob's student by hand."""
    data = copy.deepcopy(backup)
    data["students"] = [{"id": 1, "owner": "alice", "name": "Amal", "created_at": STAMP, "updated_at": STAMP},
                        {"id": 2, "owner": "bob", "name": "Bo", "created_at": STAMP, "updated_at": STAMP}]
    data["scenarios"] = [{"id": 1, "student_id": 2, "owner": "alice", "name": "base", "profile": {}, "notes": "",
                          "created_at": STAMP, "updated_at": STAMP}]
    return data


def _with(backup: dict, table: str, index: int, **values) -> dict:
    data = copy.deepcopy(backup)
    data[table][index].update(values)
    return data


BAD_FILES = {
    "cross-owner scenario": (_forged, "scenarios row 1", "belongs to 'alice'"),
    "id 2^63": (lambda b: _with(b, "students", 0, id=2**63), "students row 1, column id", "out of range"),
    "id 0": (lambda b: _with(b, "students", 0, id=0), "students row 1, column id", "out of range"),
    "duplicate id": (lambda b: _with(b, "students", 1, id=b["students"][0]["id"]), "students row 2", "appears twice"),
    "id as text": (lambda b: _with(b, "facts", 0, id="7"), "facts row 1, column id", "not a whole number"),
    "missing student": (lambda b: _with(b, "scenarios", 0, student_id=999), "scenarios row 1", "999"),
    "date": (lambda b: _with(b, "facts", 0, checked_on="yesterday"), "facts row 1, column checked_on", ""),
    "unknown column": (lambda b: _with(b, "students", 0, nickname="A"), "students row 1", "nickname"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_backup_is_one_line_exit_2_and_changes_nothing(store, database_url, tmp_path, case):
    backup = _workspace(store)
    _later(store)
    before = _state(store)
    make, where, words = BAD_FILES[case]
    bad = make(backup)
    with pytest.raises(StoreError) as caught:
        restore_preview(store, bad)
    assert where in str(caught.value) and words in str(caught.value)
    with pytest.raises(StoreError):
        apply_restore(store, bad, include_accounts=True)
    run = _cli(database_url, tmp_path, "restore", _write(tmp_path, "bad.json", bad), "--apply")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and where in run.stderr and "Traceback" not in run.stderr
    assert _state(store) == before and _safety_files(store) == []


def test_backup_files_are_readable_by_their_owner_only_and_say_so(store, database_url, tmp_path):
    _workspace(store)
    out = tmp_path / "backup.json"
    old_umask = os.umask(0)          # even with a permissive umask
    try:
        run = _cli(database_url, tmp_path, "backup", "--out", str(out))
        safety = write_safety_backup(tmp_path / "safety", store.export_all())
    finally:
        os.umask(old_umask)
    assert run.returncode == 0, run.stderr
    assert "safe" in run.stdout and "password hashes" in run.stdout
    assert oct(out.stat().st_mode & 0o777) == "0o600" and oct(safety.stat().st_mode & 0o777) == "0o600"


def test_a_safety_backup_never_overwrites_an_earlier_one(tmp_path):
    moment = dt.datetime(2026, 12, 7, 4, 12)
    first = write_safety_backup(tmp_path, {"n": 1}, moment)
    second = write_safety_backup(tmp_path, {"n": 2}, moment)
    assert first.name == safety_backup_name(moment) == "smartpick-backup-2026-12-07T0412.json"
    assert second != first and json.loads(first.read_text())["n"] == 1


def test_an_old_format_backup_still_restores(store):
    """As `backup` wrote it before the checks: no schema_revision, the first columns only, no accounts key."""
    old = {"format": "smartpick-backup", "version": 1, "exported_at": "2026-12-01T10:00:00",
           "students": [{"id": 3, "owner": "local", "name": "Amal", "created_at": STAMP, "updated_at": STAMP}],
           "scenarios": [{"id": 5, "student_id": 3, "owner": "local", "name": "base", "profile": {"step2_ck": 231},
                          "notes": "n", "created_at": STAMP, "updated_at": STAMP}],
           "facts": [{"id": 2, "program_id": "im-x", "field": "sponsors_j1", "value": "yes",
                      "source_type": "program website", "source_note": "u", "checked_on": "2026-10-01",
                      "recorded_by": "Dr A", "recorded_at": STAMP, "retracted_at": None, "retracted_by": None}]}
    store.save_student("local", "Zed")
    store.add_user("ann", "correct horse")
    preview = restore_preview(store, old)
    assert preview.table("students").added == ("student Amal",) and preview.exported_at == "2026-12-01T10:00:00"
    apply_restore(store, old, preview=preview)
    assert [s.name for s in store.students("local")] == ["Amal"]
    assert store.scenario("local", 5).profile == {"step2_ck": 231}
    assert [(f.program_id, f.value) for f in store.current_facts()] == [("im-x", "yes")]
    assert store.user_names() == ["ann"]


def test_apply_refuses_when_the_workspace_moved_since_the_preview(store):
    backup = _workspace(store)
    preview = restore_preview(store, backup)
    store.save_student("local", "Saved meanwhile")
    before = _state(store)
    with pytest.raises(StoreError, match="changed since the preview"):
        apply_restore(store, backup, preview=preview)
    assert _state(store) == before and _safety_files(store) == []
