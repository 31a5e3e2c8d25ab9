"""A saved scenario keeps the predictions shown when it was saved (revision 0006): read back unchanged, cleared
when the scenario is overwritten without one, carried by backup and restore, and absent (None, never guessed) for
scenarios and backups from before the revision. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from smartpick_core.facts import FactError
from smartpick_core.store import open_store
from smartpick_core.store.database import current_revision, make_engine, migrate
from smartpick_core.store.restore import apply_restore

SNAPSHOT = {"format": 1, "model_version": "2026.12.2", "specialty": "Internal Medicine",
            "saved_at": "2026-10-01T12:00:00+00:00", "match_probability": 0.4123, "p_no_interview": 0.08,
            "expected_interviews": 3.25, "listed": ["im-x"], "chances": {"im-x": 0.3, "im-y": 0.05}}


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path / "data"))


def test_a_scenario_keeps_its_snapshot_and_an_overwrite_without_one_clears_it(store):
    sid = store.save_student("ann", "Amal")
    first = store.save_scenario("ann", sid, "base", {"step2_ck": 240}, snapshot=SNAPSHOT)
    assert store.scenario("ann", first).snapshot == SNAPSHOT
    assert [s.snapshot for s in store.scenarios("ann", sid)] == [SNAPSHOT]
    again = store.save_scenario("ann", sid, "base", {"step2_ck": 250})        # another profile: the old numbers go
    assert again == first and store.scenario("ann", first).snapshot is None
    store.save_scenario("ann", sid, "base", {"step2_ck": 250}, snapshot=SNAPSHOT | {"match_probability": 0.5})
    assert store.scenario("ann", first).snapshot["match_probability"] == 0.5


@pytest.mark.parametrize("bad", [["not", "a", "mapping"], {"chance": float("nan")}, {"when": dt.date(2026, 1, 1)},
                                 {"x": "y" * 100_001}])
def test_a_bad_snapshot_is_refused_naming_the_field_and_nothing_is_saved(store, bad):
    sid = store.save_student("ann", "Amal")
    with pytest.raises(FactError) as caught:
        store.save_scenario("ann", sid, "base", {"step2_ck": 240}, snapshot=bad)
    assert caught.value.field == "snapshot"
    assert store.scenarios("ann", sid) == []


def test_the_snapshot_goes_through_backup_and_restore_and_an_older_backup_restores_without_one(store):
    sid = store.save_student("ann", "Amal")
    store.save_scenario("ann", sid, "base", {"step2_ck": 240}, snapshot=SNAPSHOT)
    store.save_scenario("ann", sid, "older", {"step2_ck": 231})
    backup = store.export_all()
    assert [row["snapshot"] for row in backup["scenarios"]] == [SNAPSHOT, None]
    older = backup | {"scenarios": [{k: v for k, v in row.items() if k != "snapshot"} for row in backup["scenarios"]]}
    apply_restore(store, older)
    assert [s.snapshot for s in store.scenarios("ann", sid)] == [None, None]
    apply_restore(store, backup)
    assert [s.snapshot for s in store.scenarios("ann", sid)] == [SNAPSHOT, None]


def test_a_database_at_0005_upgrades_and_its_scenarios_have_no_snapshot(database_url):
    engine = make_engine(database_url)
    migrate(engine, "0005")
    now = dt.datetime(2026, 1, 1)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO students (owner, name, created_at, updated_at) VALUES ('ann', 'Amal', :t, :t)"),
                     {"t": now})
        sid = conn.execute(sa.text("SELECT id FROM students")).scalar_one()
        conn.execute(sa.text("INSERT INTO scenarios (student_id, owner, name, profile_json, notes, created_at, "
                             "updated_at) VALUES (:s, 'ann', 'base', '{\"step2_ck\": 240}', '', :t, :t)"),
                     {"s": sid, "t": now})
    engine.dispose()
    store = open_store(database_url)
    assert current_revision(store.engine) == "0006"
    [record] = store.scenarios("ann", sid)
    assert record.profile == {"step2_ck": 240} and record.snapshot is None
    store.close()


def test_an_unreadable_stored_snapshot_reads_as_none(store):
    sid = store.save_student("ann", "Amal")
    scenario = store.save_scenario("ann", sid, "base", {"step2_ck": 240}, snapshot=SNAPSHOT)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE scenarios SET snapshot_json = '[1, 2' WHERE id = :i"), {"i": scenario})
    assert store.scenario("ann", scenario).snapshot is None
