"""Several processes save at once; a process killed mid-write never damages earlier saves; a damaged or
unreadable database file gives one clear StoreError (the app then runs on the bundled data)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smartpick_core.store import StoreError, open_store

pytestmark = pytest.mark.slow   # several processes and killed writers (`make test`, not `make test-fast`)

WORKER = Path(__file__).with_name("store_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def _worker(url: str, owner: str, count: int) -> subprocess.Popen:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(WORKER), url, owner, str(count)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def test_several_processes_save_at_once(database_url):
    open_store(database_url).close()          # schema first; the workers race on the saves
    workers = [_worker(database_url, f"advisor{n}", 15) for n in range(3)]
    outputs = [w.communicate(timeout=300) for w in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, err[-2000:]
    store = open_store(database_url)
    for n, (out, _) in enumerate(outputs):
        saved = [int(line) for line in out.split()[1:]]
        assert len(saved) == 15
        assert sorted(s.id for s in store.students(f"advisor{n}")) == sorted(saved)
        assert len(store.all_scenarios(f"advisor{n}")) == 15
    store.close()


def test_several_processes_opening_a_new_database_at_once_all_migrate_cleanly(database_url):
    """App replicas starting together: one migrates, the others wait for it (SQLite lock / advisory lock)."""
    workers = [_worker(database_url, f"replica{n}", 2) for n in range(3)]
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-2000:]
    store = open_store(database_url)
    assert sum(len(store.students(f"replica{n}")) for n in range(3)) == 6
    store.close()


def test_a_process_killed_mid_write_leaves_earlier_saves_intact(database_url):
    open_store(database_url).close()
    worker = _worker(database_url, "local", 0)
    assert worker.stdout.readline().strip() == "ready"
    committed: list[int] = []
    deadline = time.monotonic() + 120
    while len(committed) < 25 and time.monotonic() < deadline:
        committed.append(int(worker.stdout.readline()))
    time.sleep(0.05)                          # somewhere inside the next write
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    assert len(committed) >= 25
    store = open_store(database_url)          # opens (integrity check passes on SQLite)
    ids = {s.id for s in store.students("local")}
    assert set(committed) <= ids
    scenarios = {s.student_id: s for s in store.all_scenarios("local")}
    for sid in committed:
        assert scenarios[sid].notes.startswith("notes ")
    store.save_student("local", "after the crash")   # and it still takes writes
    store.close()


def test_a_file_that_is_not_a_database_gives_a_clear_store_error(tmp_path):
    path = tmp_path / "smartpick.db"
    path.write_bytes(b"this is not a database\n" * 500)
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{path}")
    message = str(caught.value)
    assert "smartpick.db" in message and "bundled data" in message and "\n" not in message


def test_a_damaged_database_file_gives_a_clear_store_error(tmp_path):
    path = tmp_path / "smartpick.db"
    store = open_store(f"sqlite:///{path}")
    for i in range(300):
        store.save_student("local", f"student {i} " + "x" * 100)
    store.close()
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xff" * 8192            # overwrite pages in the middle of the file
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        opened = open_store(f"sqlite:///{path}")
        opened.students("local")
    assert "\n" not in str(caught.value)


def test_a_database_file_that_cannot_be_opened_gives_a_clear_store_error(tmp_path):
    """The operating system refuses the file (here: its folder is a plain file, which stops root too, where a
    chmod 0 would not): one clear line, no traceback."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{blocker / 'smartpick.db'}").students("local")
    assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)


def test_a_database_locked_past_the_busy_timeout_gives_a_store_error_not_a_hang(tmp_path, monkeypatch):
    import sqlite3
    from smartpick_core.store import database
    url = f"sqlite:///{tmp_path / 'smartpick.db'}"
    store = open_store(url)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(tmp_path / "smartpick.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")           # another process holding the write lock
    try:
        waiting = open_store(url)
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            waiting.save_student("local", "Amal")
        assert time.monotonic() - started < 10 and "locked" in str(caught.value)
    except StoreError as exc:                   # or already at open (the migration needs the lock too)
        assert "locked" in str(exc)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.save_student("local", "Amal")         # free again: the save goes through
    store.close()


def test_a_directory_in_place_of_the_file_gives_a_clear_store_error(tmp_path):
    (tmp_path / "smartpick.db").mkdir()
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{tmp_path / 'smartpick.db'}")
    assert "directory" in str(caught.value)


def test_a_postgresql_server_that_does_not_answer_gives_a_clear_store_error():
    with pytest.raises(StoreError) as caught:
        open_store("postgresql+psycopg://nobody:secret@127.0.0.1:1/smartpick")
    assert "secret" not in str(caught.value) and "bundled data" in str(caught.value)


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'smartpick.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.close()
    assert oct((tmp_path / "smartpick.db").stat().st_mode & 0o777) == "0o600"


def test_the_default_database_lives_in_the_data_dir(tmp_path, monkeypatch):
    from smartpick_core.store import default_database_url
    monkeypatch.delenv("SMARTPICK_DATABASE_URL", raising=False)
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path / "data"))
    assert default_database_url() == f"sqlite:///{tmp_path / 'data' / 'smartpick.db'}"
    monkeypatch.setenv("SMARTPICK_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert default_database_url() == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("SMARTPICK_DATABASE_URL")
    monkeypatch.delenv("SMARTPICK_DATA_DIR")
    assert default_database_url().endswith(".smartpick/smartpick.db")
