"""Workspace trust on both backends: who wrote a fact (a signed-in account, or a typed name), bounded password
guessing, locks, session epochs and signed tokens, failing closed when accounts cannot be read, refusing a
database from a newer SmartPick without writing to it, and messages that never show a path or a host.

Times are passed as `now=` (and the hash budget gets a fixed clock): nothing here sleeps or measures time."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from smartpick_core.facts import FactError
from smartpick_core.facts.records import ImportDiff, ImportRow
from smartpick_core.store import NO_SIGN_IN, NewerSchemaError, NotFound, StoreError, open_store
from smartpick_core.store import auth
from smartpick_core.store.database import describe_url, make_engine, migrate
from smartpick_core.store.records import DISK_FULL_MESSAGE

ROOT = Path(__file__).resolve().parents[2]
SOURCE = dict(source_type="program email or phone call", source_note="email from the PD",
              checked_on=dt.date(2026, 10, 2))
T0 = dt.datetime(2026, 3, 1, 12, 0, 0)          # UTC, as the store keeps times
UTC = dt.timezone.utc
RETRY = re.compile(r"Too many attempts: try again after \d\d:\d\d \(in \d+ minutes?\)\.")
NEWER = ("This workspace was written by a newer SmartPick (database revision ffffffffffff); "
         "upgrade SmartPick to open it.")


@pytest.fixture
def hashes(monkeypatch):
    """Counts argon2 verifications and lifts the per-process budget for these tests. Real argon2, with the
    cheapest parameters (a verification reads them from the hash), so the counts matter, not the CPU."""
    from argon2 import PasswordHasher
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_HASHER", cheap)
    monkeypatch.setattr(auth, "_DUMMY_HASH", cheap.hash("smartpick-no-such-user"))
    calls: list[str] = []
    real = auth.verify_password

    def counting(hashed, password):
        calls.append(password)
        return real(hashed, password)

    monkeypatch.setattr(auth, "verify_password", counting)
    monkeypatch.setattr(auth, "HASH_BUDGET", auth.HashBudget(per_second=10**6))
    return calls


def _cli(*argv: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smartpick_core", *argv], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=180, env=os.environ | env)


def _plain_engine(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


# --- attribution --------------------------------------------------------------------------------------------
def test_the_signed_in_account_is_recorded_verified_and_told_by_is_separate(store):
    store.add_user("ann", "correct horse")
    fact = store.record_fact("im-test-1", "sponsors_j1", "yes", **SOURCE, by="ann", told_by="the coordinator")
    assert (fact.recorded_by, fact.by_verified, fact.told_by) == ("ann", True, "the coordinator")
    saved = store.current_facts()[0]
    assert (saved.recorded_by, saved.by_verified, saved.told_by) == ("ann", True, "the coordinator")
    assert saved == fact
    nobody = store.record_fact("im-test-1", "sponsors_h1b", "no", **SOURCE, by=NO_SIGN_IN)
    typed = store.record_fact("im-test-1", "img_share", "0.5", **SOURCE, by="Dr Typed")
    legacy = store.record_fact("im-test-1", "step2_min", "220", **SOURCE, recorded_by="ann")
    for record in (nobody, typed, legacy):
        assert not record.by_verified and record.told_by == ""
    assert nobody.recorded_by == NO_SIGN_IN == "no sign-in"
    assert {f.field: f.by_verified for f in store.current_facts()} == {
        "sponsors_j1": True, "sponsors_h1b": False, "img_share": False, "step2_min": False}


@pytest.mark.parametrize("change, field", [
    ({"by": "ann", "told_by": "x" * 201}, "told_by"),
    ({"by": "ann", "told_by": "the PD\x1b[31m"}, "told_by"),
    ({"by": "ann", "told_by": 7}, "told_by"),
    ({"by": ""}, "by"),
    ({"by": "ann", "recorded_by": "ann"}, "by"),
    ({}, "recorded_by"),
])
def test_told_by_and_the_account_are_checked_like_other_text(store, change, field):
    with pytest.raises(FactError) as caught:
        store.record_fact("im-test-1", "sponsors_j1", "yes", **SOURCE, **change)
    assert caught.value.field == field
    assert store.current_facts() == []


def test_retractions_imports_and_new_programs_carry_the_acting_account(store):
    store.add_user("ann", "correct horse")
    fact = store.record_fact("im-test-1", "sponsors_j1", "yes", **SOURCE, by="ann")
    store.retract_fact(fact.id, by="ann")
    other = store.record_fact("im-test-1", "sponsors_h1b", "yes", **SOURCE, by="ann")
    store.retract_fact(other.id, by=NO_SIGN_IN)
    history = {f.id: f for f in store.fact_history()}
    assert history[fact.id].retracted_by_verified and history[fact.id].retracted_by == "ann"
    assert not history[other.id].retracted_by_verified and history[other.id].retracted_by == NO_SIGN_IN
    rows = [ImportRow(1, "im-test-2", "sponsors_j1", "yes", "program website", "site", dt.date(2026, 9, 1), "ann"),
            ImportRow(2, "im-test-2", "sponsors_h1b", "no", "program website", "site", dt.date(2026, 9, 1), "Dr A")]
    diff = ImportDiff(added=tuple(rows))
    assert store.apply_import(diff, "ann") == 2
    imported = {f.field: f for f in store.current_facts() if f.program_id == "im-test-2"}
    assert imported["sponsors_j1"].recorded_by == "ann" and imported["sponsors_j1"].by_verified
    assert imported["sponsors_h1b"].recorded_by == "Dr A (imported by ann)"
    assert not imported["sponsors_h1b"].by_verified          # the file's name is typed text
    row = {"program_id": "im-new-hospital", "name": "New Hospital IM", "institution": "New Hospital",
           "specialty": "Internal Medicine", "city": "Upland", "county": "San Bernardino",
           "subregion": "Inland Empire", "program_type": "community", "status": "new", "lat": 34.1, "lon": -117.65,
           "source_url": "https://example.org/im", "checked": "2026-10", "confidence": "medium",
           "positions_per_year": "10", "accepts_imgs": "yes"}
    added = store.add_program(row, **SOURCE, by="ann", told_by="the program's website editor")
    assert added.by_verified and added.told_by == "the program's website editor"


def test_a_locked_account_no_longer_verifies_what_is_recorded_under_its_name(store):
    store.add_user("ann", "correct horse")
    store.lock_user("ann")
    assert not store.record_fact("im-test-1", "sponsors_j1", "yes", **SOURCE, by="ann").by_verified


def test_rows_written_before_the_migration_read_as_typed_names(database_url):
    engine = make_engine(database_url)
    migrate(engine, "0002")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO facts (program_id, field, value, source_type, source_note, checked_on, recorded_by, "
            "recorded_at) VALUES ('im-test-1', 'sponsors_j1', 'yes', 'program website', 'old note', :d, 'Dr Old', :t)"),
            {"d": dt.date(2026, 1, 5), "t": dt.datetime(2026, 1, 5, 9, 0)})
    engine.dispose()
    store = open_store(database_url)                      # migrates to head
    store.add_user("Dr Old", "correct horse")              # even a name that is now an account stays unverified
    old = store.current_facts()[0]
    assert (old.recorded_by, old.source_note, old.told_by, old.by_verified) == ("Dr Old", "old note", "", False)
    with store.engine.begin() as conn:                     # a row inserted without the new columns, after migrating
        conn.execute(sa.text(
            "INSERT INTO facts (program_id, field, value, source_type, source_note, checked_on, recorded_by, "
            "recorded_at) VALUES ('im-test-2', 'sponsors_j1', 'no', 'program website', 'n', :d, 'Dr Old', :t)"),
            {"d": dt.date(2026, 1, 6), "t": dt.datetime(2026, 1, 6, 9, 0)})
    assert [f.by_verified for f in store.current_facts()] == [False, False]
    store.close()


# --- bounded guessing ----------------------------------------------------------------------------------------
def test_five_failures_then_refused_before_hashing_with_a_doubling_capped_delay(store, hashes):
    store.add_user("ann", "correct horse")
    for i in range(4):
        result = store.check_sign_in("ann", f"wrong {i}", now=T0)
        assert not result.ok and result.retry_at is None
    fifth = store.check_sign_in("ann", "wrong 4", now=T0)
    assert not fifth.ok and fifth.retry_at == (T0 + dt.timedelta(seconds=30)).replace(tzinfo=UTC)
    assert RETRY.search(fifth.message)
    assert len(hashes) == 5
    for attempt in ("wrong 5", "correct horse"):              # during the wait: refused, nothing hashed
        refused = store.check_sign_in("ann", attempt, now=T0 + dt.timedelta(seconds=10))
        assert not refused.ok and RETRY.fullmatch(refused.message)
        assert refused.retry_at == fifth.retry_at
    assert len(hashes) == 5
    when, waits = T0 + dt.timedelta(seconds=30), []
    for _ in range(7):
        result = store.check_sign_in("ann", "still wrong", now=when)
        assert not result.ok and result.retry_at is not None
        waits.append(result.retry_at.replace(tzinfo=None) - when)
        when = result.retry_at.replace(tzinfo=None)
    assert [w.total_seconds() for w in waits] == [60, 120, 240, 480, 900, 900, 900]
    assert len(hashes) == 12
    ok = store.check_sign_in("ann", "correct horse", now=when)
    assert ok.ok and ok.retry_at is None
    for i in range(4):                                          # the success reset the account's count
        assert store.check_sign_in("ann", "wrong again", now=when).retry_at is None
    assert store.check_sign_in("ann", "wrong again", now=when).retry_at is not None


def test_the_wait_message_names_the_local_time_rounded_up_and_the_minutes_left():
    retry = dt.datetime(2026, 3, 1, 14, 31, 20)
    message = auth.retry_message(retry, retry - dt.timedelta(minutes=3, seconds=30))
    local = (dt.datetime(2026, 3, 1, 14, 32).replace(tzinfo=UTC)).astimezone()
    assert message == f"Too many attempts: try again after {local:%H:%M} (in 4 minutes)."
    assert auth.failure_delay(4) is None and auth.failure_delay(5) == dt.timedelta(seconds=30)
    assert auth.failure_delay(10_000) == dt.timedelta(minutes=15)


def test_failures_are_counted_per_client_too(store, hashes):
    for name in ("ann", "bob"):
        store.add_user(name, "correct horse")
    client = "203.0.113.9"
    for name in ("ann", "bob", "carl", "dora", "emil"):          # one guess at each of five names
        store.check_sign_in(name, "guess", client=client, now=T0)
    count = len(hashes)
    refused = store.check_sign_in("fred", "guess", client=client, now=T0 + dt.timedelta(seconds=5))
    assert not refused.ok and RETRY.fullmatch(refused.message) and len(hashes) == count
    elsewhere = store.check_sign_in("ann", "correct horse", client="198.51.100.7", now=T0 + dt.timedelta(seconds=5))
    assert elsewhere.ok and len(hashes) == count + 1


def test_a_success_does_not_reset_the_client_count(store, hashes):
    store.add_user("ann", "correct horse")
    client = "203.0.113.10"
    for name in ("bob", "carl", "dora", "emil"):
        store.check_sign_in(name, "guess", client=client, now=T0)
    assert store.check_sign_in("ann", "correct horse", client=client, now=T0).ok
    assert store.check_sign_in("fred", "guess", client=client, now=T0).retry_at is not None


def test_the_global_budget_bounds_argon2_work_per_second(store, hashes, monkeypatch):
    assert auth.HASHES_PER_SECOND == 4
    clock = [100.0]
    monkeypatch.setattr(auth, "HASH_BUDGET", auth.HashBudget(clock=lambda: clock[0]))
    store.add_user("ann", "correct horse")
    results = [store.check_sign_in(f"user{i}", "guess", client=f"192.0.2.{i}", now=T0) for i in range(7)]
    assert len(hashes) == 4
    assert [r.message == auth.BUSY_MESSAGE for r in results] == [False] * 4 + [True] * 3
    busy = store.check_sign_in("ann", "correct horse", now=T0)
    assert not busy.ok and busy.message == auth.BUSY_MESSAGE and len(hashes) == 4
    clock[0] += 0.99
    assert store.check_sign_in("ann", "correct horse", now=T0).message == auth.BUSY_MESSAGE
    clock[0] += 0.02                                             # a second after the first four
    assert store.check_sign_in("ann", "correct horse", now=T0).ok and len(hashes) == 5


def test_a_locked_account_never_signs_in_until_unlocked(store, hashes):
    store.add_user("ann", "correct horse")
    for i in range(5):
        store.check_sign_in("ann", f"wrong {i}", now=T0)
    store.lock_user("ann")
    count = len(hashes)
    for later in (T0, T0 + dt.timedelta(days=30)):
        locked = store.check_sign_in("ann", "correct horse", now=later)
        assert not locked.ok and "locked" in locked.message
    assert not store.verify_user("ann", "correct horse")
    assert len(hashes) == count
    assert store.locked_users() == ["ann"]
    store.unlock_user("ann")                                     # also clears the failure count
    assert store.check_sign_in("ann", "correct horse", now=T0 + dt.timedelta(seconds=1)).ok
    with pytest.raises(NotFound):
        store.lock_user("nobody")


@pytest.mark.slow   # the command line in a subprocess (`make test`)
def test_lock_and_unlock_from_the_command_line(database_url, tmp_path, hashes):
    store = open_store(database_url)
    store.add_user("ann", "correct horse")
    env = {"SMARTPICK_DATA_DIR": str(tmp_path / "data"), "SMARTPICK_DATABASE_URL": database_url}
    run = _cli("users", "lock", "ann", env=env)
    assert run.returncode == 0 and "locked" in run.stdout, run.stderr
    assert not store.check_sign_in("ann", "correct horse", now=T0).ok
    run = _cli("users", "unlock", "ann", env=env)
    assert run.returncode == 0 and "unlocked" in run.stdout, run.stderr
    assert store.check_sign_in("ann", "correct horse", now=T0).ok
    store.close()


def test_locking_an_unknown_account_is_one_line_and_exit_2(tmp_path, capsys):
    from smartpick_core.cli import main
    assert main(["users", "unlock", "nobody", "--database", f"sqlite:///{tmp_path / 'smartpick.db'}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no advisor account 'nobody'" in err and "Traceback" not in err


# --- sessions ----------------------------------------------------------------------------------------------------
def test_a_password_reset_sign_out_or_lock_bumps_the_session_epoch(store):
    store.add_user("ann", "correct horse")
    assert store.session_epoch("ann") == 0 and store.check_session("ann", 0)
    store.add_user("ann", "new password!")
    assert store.session_epoch("ann") == 1 and not store.check_session("ann", 0)
    store.sign_out("ann")
    assert store.session_epoch("ann") == 2
    store.lock_user("ann")
    assert store.session_epoch("ann") == 3 and not store.check_session("ann", 3)
    store.unlock_user("ann")
    assert store.check_session("ann", 3)
    assert store.session_epoch("nobody") == 0 and not store.check_session("nobody", 0)
    assert not store.check_session(NO_SIGN_IN, 0) and not store.check_session("local", 0)


def test_tokens_round_trip_expire_and_refuse_tampering_and_other_secrets(store):
    secret = b"s" * 32
    token = auth.issue_token("ann|x", 3, secret=secret, ttl_s=3600, now=T0)
    assert auth.read_token(token, secret=secret, now=T0) == ("ann|x", 3)
    assert auth.read_token(token, secret=secret, now=T0 + dt.timedelta(seconds=3599)) == ("ann|x", 3)
    assert auth.read_token(token, secret=secret, now=T0 + dt.timedelta(seconds=3600)) is None
    assert auth.read_token(token, secret=b"t" * 32, now=T0) is None
    assert b"s" * 8 not in token.encode() and re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", token)
    body, signature = token.split(".")
    forged_body = auth._b64(auth._unb64(body).replace(b"|3|", b"|4|"))
    for bad in (f"{forged_body}.{signature}", f"{body}.{signature[:-2]}AA", f"{body}x.{signature}", body, "",
                "a.b.c", "x" * 5000, None, 42, f"{signature}.{body}"):
        assert auth.read_token(bad, secret=secret, now=T0) is None
    store.add_user("ann", "correct horse")                     # an old epoch: the token reads, the session does not
    old = auth.issue_token("ann", store.session_epoch("ann"), secret=secret, ttl_s=60, now=T0)
    store.add_user("ann", "another password")
    name, epoch = auth.read_token(old, secret=secret, now=T0)
    assert not store.check_session(name, epoch)
    fresh = auth.read_token(auth.issue_token("ann", store.session_epoch("ann"), secret=secret, ttl_s=60, now=T0),
                            secret=secret, now=T0)
    assert fresh is not None and store.check_session(*fresh)


def test_the_token_secret_comes_from_the_environment_or_one_private_file(tmp_path):
    env = {"SMARTPICK_DATA_DIR": str(tmp_path / "data")}
    first = auth.token_secret(env)
    path = tmp_path / "data" / auth.SECRET_FILE_NAME
    assert len(first) == 32 and oct(path.stat().st_mode & 0o777) == "0o600"
    assert auth.token_secret(env) == first                      # made once, reused
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".smartpick-secret-")]
    assert auth.token_secret(env | {"SMARTPICK_SESSION_SECRET": "x" * 40}) == b"x" * 40
    with pytest.raises(ValueError):
        auth.token_secret(env | {"SMARTPICK_SESSION_SECRET": "short"})
    path.write_text("not hex")
    with pytest.raises(ValueError) as caught:
        auth.token_secret(env)
    assert "damaged" in str(caught.value) and str(tmp_path) not in str(caught.value)


# --- fail closed -----------------------------------------------------------------------------------------------
@pytest.mark.slow   # the command line in a subprocess (`make test`)
def test_users_add_writes_the_marker_and_sign_in_stays_required(database_url, tmp_path):
    data = tmp_path / "data"
    env = {"SMARTPICK_DATA_DIR": str(data)}
    assert not auth.sign_in_required(False, env) and not auth.sign_in_required(None, env)
    assert not auth.refuse_to_open(None, env)
    run = _cli("users", "add", "ann", "--database", database_url, env=env, stdin="correct horse\n")
    assert run.returncode == 0, run.stderr
    assert (data / "auth-required").is_file()
    assert auth.sign_in_required(False, env) and auth.sign_in_required(None, env)
    assert auth.refuse_to_open(None, env) and not auth.refuse_to_open(True, env)
    assert auth.auth_required(False, env)                      # existing callers see it too


def test_sign_in_required_follows_the_flag_a_user_file_or_accounts(tmp_path):
    env = {"SMARTPICK_DATA_DIR": str(tmp_path)}
    assert not auth.sign_in_required(False, env)
    assert auth.sign_in_required(True, env)
    assert auth.sign_in_required(None, env | {"SMARTPICK_AUTH": "on"})
    assert auth.sign_in_required(False, env | {"SMARTPICK_USERS_FILE": str(tmp_path / "users")})
    assert auth.refuse_to_open(None, env | {"SMARTPICK_AUTH": "yes"})


# --- a newer database ------------------------------------------------------------------------------------------
def _schema(url: str) -> dict:
    engine = _plain_engine(url)
    inspector = sa.inspect(engine)
    shape = {t: sorted(c["name"] for c in inspector.get_columns(t)) for t in inspector.get_table_names()}
    with engine.connect() as conn:
        shape["version"] = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        shape["students"] = conn.execute(sa.text("SELECT name FROM students ORDER BY id")).scalars().all()
    engine.dispose()
    return shape


@pytest.mark.slow   # the command line in a subprocess (`make test`)
def test_a_database_from_a_newer_smartpick_is_refused_and_left_as_it_was(database_url, tmp_path, capsys):
    store = open_store(database_url)
    store.save_student("local", "Amal")
    store.close()
    engine = _plain_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
        conn.execute(sa.text("ALTER TABLE facts DROP COLUMN told_by"))     # a newer schema may differ anywhere
    engine.dispose()
    before = _schema(database_url)
    file = tmp_path / "smartpick.db"
    raw = file.read_bytes() if database_url.startswith("sqlite") else None
    for upgrade in (True, False):
        with pytest.raises(NewerSchemaError) as caught:
            open_store(database_url, upgrade=upgrade)
        assert str(caught.value) == NEWER and isinstance(caught.value, StoreError)
    env = {"SMARTPICK_DATA_DIR": str(tmp_path / "data"), "SMARTPICK_DATABASE_URL": database_url}
    for argv, stdin in ((["backup", "--out", str(tmp_path / "b.json")], ""), (["users", "add", "ann"], "correct horse\n")):
        run = _cli(*argv, env=env, stdin=stdin)
        assert (run.returncode, run.stderr, run.stdout) == (2, NEWER + "\n", ""), argv
    from smartpick_core.cli import main
    for argv in (["users", "lock", "ann"], ["facts", "export"], ["facts", "import", str(tmp_path / "facts.csv")]):
        assert main([*argv, "--database", database_url]) == 2
        assert capsys.readouterr() == ("", NEWER + "\n"), argv
    assert not (tmp_path / "b.json").exists() and not (tmp_path / "data" / "auth-required").exists()
    assert _schema(database_url) == before
    if raw is not None:
        assert file.read_bytes() == raw
        wal = tmp_path / "smartpick.db-wal"
        assert not wal.exists() or wal.stat().st_size == 0


# --- messages without paths ------------------------------------------------------------------------------------
def test_store_messages_name_the_database_by_its_role_never_a_path_or_host(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path / "data"))
    assert describe_url(f"sqlite:///{tmp_path / 'smartpick.db'}") == "the workspace database (SQLite file smartpick.db)"
    assert describe_url(f"sqlite:///{tmp_path / 'data' / 'smartpick.db'}") == (
        "the workspace database (SQLite file smartpick.db in the data folder)")
    shared = describe_url("postgresql+psycopg://ann:secret@db.example.org:6543/smartpick")
    assert shared == "the shared workspace database (PostgreSQL)"
    (tmp_path / "dir" / "smartpick.db").mkdir(parents=True)
    (tmp_path / "junk.db").write_bytes(b"this is not a database\n" * 500)
    (tmp_path / "blocker").write_text("x")
    for url in (f"sqlite:///{tmp_path / 'dir' / 'smartpick.db'}", f"sqlite:///{tmp_path / 'junk.db'}",
                f"sqlite:///{tmp_path / 'blocker' / 'smartpick.db'}",
                "postgresql+psycopg://nobody:secret@127.0.0.1:1/smartpick"):
        with pytest.raises(StoreError) as caught:
            open_store(url).students("local")
        message = str(caught.value)
        for leak in (str(tmp_path), "/tmp", "127.0.0.1", "secret", ":1/", "port 1"):
            assert leak not in message, message
        assert "\n" not in message


def test_a_full_disk_or_read_only_file_says_nothing_was_lost_and_what_to_do(tmp_path):
    from smartpick_core.store.store import Store
    path = tmp_path / "smartpick.db"
    store = open_store(f"sqlite:///{path}")
    store.save_student("local", "Amal")
    store.close()
    engine = sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    read_only = Store(engine, f"sqlite:///{path}")
    with pytest.raises(StoreError) as caught:
        read_only.save_student("local", "Ben")
    assert str(caught.value) == DISK_FULL_MESSAGE and str(tmp_path) not in str(caught.value)
    assert "Nothing you had saved was lost" in DISK_FULL_MESSAGE and "free some space" in DISK_FULL_MESSAGE
    assert [s.name for s in read_only.students("local")] == ["Amal"]
    engine.dispose()


@pytest.mark.parametrize("orig", [
    sqlite3.OperationalError("database or disk is full"),
    sqlite3.OperationalError("attempt to write a readonly database"),
])
def test_disk_full_errors_from_either_backend_give_the_one_message(orig):
    from smartpick_core.store.store import _database_errors

    class Fake:
        url = "sqlite:////srv/private/smartpick.db"

        @_database_errors
        def save(self):
            raise sa.exc.OperationalError("INSERT", {}, orig)

    with pytest.raises(StoreError) as caught:
        Fake().save()
    assert str(caught.value) == DISK_FULL_MESSAGE


def test_a_postgresql_disk_full_error_gives_the_one_message():
    import psycopg
    from smartpick_core.store.database import is_disk_full
    assert is_disk_full(sa.exc.OperationalError("INSERT", {}, psycopg.errors.DiskFull("could not extend file")))
    assert is_disk_full(OSError(28, "No space left on device"))
    assert not is_disk_full(sa.exc.OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked")))
