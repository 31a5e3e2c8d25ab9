"""`python -m smartpick_core backup / restore / facts export / facts import / users add`: the same one-line,
exit-2 contract as score and plan."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from smartpick_core.cli import main
from smartpick_core.store import open_store

pytestmark = pytest.mark.slow   # the command line in subprocesses (`make test`, not `make test-fast`)

CORPUS = Path(__file__).with_name("fixtures") / "facts_malformed.csv"
ROOT = Path(__file__).resolve().parents[2]
SOURCE = dict(source_type="program website", source_note="https://example.org/p", checked_on=dt.date(2026, 10, 1),
              recorded_by="Dr A")


def test_backup_then_restore_round_trips_through_the_command_line(database_url, tmp_path, capsys):
    store = open_store(database_url)
    sid = store.save_student("local", "Amal")
    store.save_scenario("local", sid, "base", {"step2_ck": 231}, "notes")
    store.record_fact("im-keck-usc", "sponsors_j1", "yes", **SOURCE)
    before = store.export_all()
    store.close()
    out = tmp_path / "backup.json"
    assert main(["backup", "--out", str(out), "--database", database_url]) == 0
    assert "1 students, 1 scenarios, 1 fact records" in capsys.readouterr().out
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    assert main(["restore", "--in", str(out), "--database", target]) == 0      # a preview: nothing restored yet
    assert open_store(target).students("local") == []
    assert main(["restore", "--in", str(out), "--database", target, "--apply"]) == 0
    restored = open_store(target)
    assert restored.export_all() | {"exported_at": ""} == before | {"exported_at": ""}
    restored.close()


def test_facts_import_shows_the_diff_and_saves_only_with_apply(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'smartpick.db'}"
    assert main(["facts", "import", str(CORPUS), "--database", url]) == 2      # some rows were bad
    captured = capsys.readouterr()
    assert "2 new" in captured.out and "--apply" in captured.out
    assert "row 2, column field:" in captured.err and "row 9, column program_id:" in captured.err
    assert open_store(url).current_facts() == []
    assert main(["facts", "import", str(CORPUS), "--apply", "--by", "Dr Import", "--database", url]) == 2
    assert "applied: 2 facts saved" in capsys.readouterr().out
    assert {f.program_id for f in open_store(url).current_facts()} == {"im-cedars-sinai", "im-keck-usc"}


def test_facts_export_writes_formula_safe_csv_and_json(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'smartpick.db'}"
    store = open_store(url)
    store.record_fact("im-keck-usc", "sponsors_j1", "yes", **SOURCE | {"source_note": "+1 555 call"})
    store.close()
    assert main(["facts", "export", "--format", "csv", "--database", url]) == 0
    assert "'+1 555 call" in capsys.readouterr().out
    assert main(["facts", "export", "--format", "json", "--database", url]) == 0
    assert json.loads(capsys.readouterr().out)["facts"][0]["source_note"] == "+1 555 call"


def test_users_add_reads_the_password_from_stdin_never_an_argument(tmp_path):
    url = f"sqlite:///{tmp_path / 'smartpick.db'}"
    run = subprocess.run([sys.executable, "-m", "smartpick_core", "users", "add", "ann", "--database", url],
                         input="correct horse\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert open_store(url).verify_user("ann", "correct horse")
    short = subprocess.run([sys.executable, "-m", "smartpick_core", "users", "add", "bob", "--database", url],
                           input="short\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert short.returncode == 2 and short.stderr.count("\n") == 1 and "8 characters" in short.stderr


def test_users_add_can_write_a_user_file_instead(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'smartpick.db'}"
    users = tmp_path / "users"
    run = subprocess.run([sys.executable, "-m", "smartpick_core", "users", "add", "cleo", "--file", str(users),
                          "--database", url], input="correct horse\n", capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert users.read_text().startswith("cleo:$argon2id$")
    monkeypatch.setenv("SMARTPICK_USERS_FILE", str(users))
    assert open_store(url).verify_user("cleo", "correct horse")


@pytest.mark.parametrize("argv, words", [
    (["restore", "--in", "/nonexistent/backup.json"], "not found"),
    (["facts", "import", "/dev/null"], "empty"),
    (["backup", "--out", "/nonexistent/dir/b.json"], "error:"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, words):
    assert main([*argv, "--database", f"sqlite:///{tmp_path / 'smartpick.db'}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


def test_a_damaged_database_is_one_line_from_the_command_line(tmp_path, capsys):
    bad = tmp_path / "smartpick.db"
    bad.write_bytes(b"not a database" * 100)
    assert main(["backup", "--out", str(tmp_path / "b.json"), "--database", f"sqlite:///{bad}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be opened" in err


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'smartpick.db'}"
    store = open_store(url)
    store.save_student("local", "Amal")
    store.close()
    (tmp_path / "other.json").write_text('{"hello": 1}')
    assert main(["restore", "--in", str(tmp_path / "other.json"), "--database", url]) == 2
    assert "not a SmartPick backup" in capsys.readouterr().err
    assert [s.name for s in open_store(url).students("local")] == ["Amal"]      # nothing changed
