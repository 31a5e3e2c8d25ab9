"""Recorded facts, students and scenarios on both backends: what is saved comes back, history is kept,
delete deletes, one advisor never reaches another's students."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from smartpick_core.facts import FACT_FIELDS, NEW_PROGRAM_FIELD, SOURCE_TYPES, FactError
from smartpick_core.store import NotFound, StoreError, open_store

SOURCE = dict(source_type="program email or phone call", source_note="email from the PD, 2026-10-02",
              checked_on=dt.date(2026, 10, 2), recorded_by="Dr Advisor")


def test_recorded_fact_is_saved_canonical_and_current(store):
    fact = store.record_fact("im-test-1", "sponsors_j1", " Yes ", **SOURCE)
    assert fact.value == "yes" and fact.id > 0
    current = store.current_facts()
    assert [(f.program_id, f.field, f.value) for f in current] == [("im-test-1", "sponsors_j1", "yes")]
    assert current[0].source_note == SOURCE["source_note"] and current[0].checked_on == dt.date(2026, 10, 2)


def test_a_correction_keeps_the_earlier_value_in_the_history(store):
    first = store.record_fact("im-test-1", "img_share", "12 of 20", **SOURCE)
    second = store.record_fact("im-test-1", "img_share", "45%", **SOURCE | {"recorded_by": "Dr B"})
    assert [f.value for f in store.current_facts()] == ["0.45"]
    history = store.fact_history("im-test-1")
    assert [f.id for f in history] == [second.id, first.id]
    assert [f.value for f in history] == ["0.45", "0.6"] and history[0].recorded_by == "Dr B"


def test_retracting_brings_back_the_earlier_record_then_nothing(store):
    first = store.record_fact("im-test-1", "step2_min", "220", **SOURCE)
    second = store.record_fact("im-test-1", "step2_min", "230", **SOURCE)
    store.retract_fact(second.id, by="Dr B")
    assert [f.value for f in store.current_facts()] == ["220"]
    store.retract_fact(first.id, by="Dr B")
    assert store.current_facts() == []
    history = store.fact_history()
    assert len(history) == 2 and all(f.retracted and f.retracted_by == "Dr B" for f in history)
    with pytest.raises(NotFound):
        store.retract_fact(99999, by="Dr B")


@pytest.mark.parametrize("field, value, words", [
    ("sponsors_j1", "maybe", "yes or no"),
    ("step2_min", "310", "from 180 to 300"),
    ("step2_min", "２３０", "digits 0-9"),
    ("img_share", "1.5", "share from 0 to 1"),
    ("img_share", "21 of 20", "N of M"),
    ("status", "open", "accredited"),
    ("positions_per_year", "0", "from 1 to 200"),
    ("usce_min_months", "x" * 300, "longer than 200"),
    ("lat", "34", "not a program fact"),
])
def test_a_bad_value_names_the_field_and_what_is_allowed(store, field, value, words):
    with pytest.raises(FactError) as caught:
        store.record_fact("im-test-1", field, value, **SOURCE)
    assert caught.value.field in (field, "field") and words in caught.value.message
    assert store.current_facts() == []


@pytest.mark.parametrize("change, field", [
    ({"source_type": "a blog"}, "source_type"),
    ({"source_note": "  "}, "source_note"),
    ({"checked_on": "2026-02-30"}, "checked_on"),
    ({"checked_on": dt.date.today() + dt.timedelta(days=40)}, "checked_on"),
    ({"recorded_by": ""}, "recorded_by"),
    ({"source_note": "a\x00b"}, "source_note"),
])
def test_every_record_needs_a_source_a_date_and_who(store, change, field):
    with pytest.raises(FactError) as caught:
        store.record_fact("im-test-1", "sponsors_j1", "yes", **SOURCE | change)
    assert caught.value.field == field


def test_facts_only_on_known_programs_when_the_table_is_given(store):
    with pytest.raises(FactError) as caught:
        store.record_fact("im-nowhere", "sponsors_j1", "yes", **SOURCE, known_ids={"im-test-1"})
    assert caught.value.field == "program_id"
    store.record_fact("im-test-1", "sponsors_j1", "yes", **SOURCE, known_ids={"im-test-1"})


def test_recorded_text_is_stored_raw(store):
    note = "=HYPERLINK(\"http://x\") <script>alert(1)</script> **bold** :red[x]"
    store.record_fact("im-test-1", "sponsors_h1b", "no", **SOURCE | {"source_note": note})
    assert store.current_facts()[0].source_note == note


def test_a_new_program_is_validated_by_the_program_schema(store):
    row = {"program_id": "im-new-hospital", "name": "New Hospital IM", "institution": "New Hospital",
           "specialty": "Internal Medicine", "city": "Upland", "county": "San Bernardino",
           "subregion": "Inland Empire", "program_type": "community", "status": "new", "lat": 34.1, "lon": -117.65,
           "source_url": "https://example.org/im", "checked": "2026-10", "confidence": "medium",
           "positions_per_year": "10", "accepts_imgs": "yes"}
    record = store.add_program(row, **SOURCE, known_ids={"im-test-1"})
    assert record.field == NEW_PROGRAM_FIELD and record.program_id == "im-new-hospital"
    store.record_fact("im-new-hospital", "sponsors_j1", "yes", **SOURCE, known_ids={"im-test-1"})
    with pytest.raises(FactError) as caught:
        store.add_program(row | {"program_id": "im-other", "county": "Orange"}, **SOURCE)
    assert "subregion" in caught.value.message
    with pytest.raises(FactError) as caught:
        store.add_program(row | {"program_id": "im-test-1"}, **SOURCE, known_ids={"im-test-1"})
    assert caught.value.field == "program_id"
    with pytest.raises(FactError) as caught:
        store.add_program(row | {"program_id": "im-x", "lat": "10"}, **SOURCE)
    assert caught.value.field == "lat"


def test_students_and_scenarios_round_trip_and_names_are_upserts(store):
    sid = store.save_student("local", "Amal")
    assert store.save_student("local", "Amal") == sid
    profile = {"specialty": "Internal Medicine", "step2_ck": 231, "visa": "J-1"}
    first = store.save_scenario("local", sid, "base", profile, "first try")
    again = store.save_scenario("local", sid, "base", profile | {"step2_ck": 240}, "after retake")
    other = store.save_scenario("local", sid, "with USCE", profile, "")
    assert first == again != other
    scenarios = store.scenarios("local", sid)
    assert [s.name for s in scenarios] == ["base", "with USCE"]
    assert store.scenario("local", first).profile["step2_ck"] == 240 and scenarios[0].notes == "after retake"
    assert [s.student_name for s in store.all_scenarios("local")] == ["Amal", "Amal"]
    assert store.students("local")[0].scenario_count == 2


def test_delete_really_deletes_the_student_and_its_scenarios(store, database_url):
    sid = store.save_student("local", "Amal")
    scenario_id = store.save_scenario("local", sid, "base", {"step2_ck": 231}, "private notes")
    store.delete_student("local", sid)
    assert store.students("local") == [] and store.all_scenarios("local") == []
    with pytest.raises(NotFound):
        store.scenario("local", scenario_id)
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:      # not just hidden: no row holds the notes any more
        assert conn.execute(sa.text("SELECT count(*) FROM scenarios")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM students")).scalar() == 0
    engine.dispose()


def test_a_deleted_profile_leaves_no_copy_in_the_sqlite_files(tmp_path):
    path = tmp_path / "smartpick.db"
    store = open_store(f"sqlite:///{path}")
    marker = "private-notes-" + "q7x" * 10
    sid = store.save_student("local", "Amal")
    store.save_scenario("local", sid, "base", {"home": marker}, marker)
    store.save_scenario("local", sid, "other", {"step2_ck": 231}, "")
    on_disk = lambda: b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("smartpick.db"))  # noqa: E731
    assert marker.encode() in on_disk()
    store.delete_student("local", sid)
    assert marker.encode() not in on_disk()
    store.close()


def test_advisor_b_cannot_open_advisor_a_s_student_or_scenario_by_id(store):
    sid = store.save_student("ann", "Amal")
    scenario_id = store.save_scenario("ann", sid, "base", {"step2_ck": 231}, "notes")
    assert store.students("bob") == [] and store.all_scenarios("bob") == []
    for attempt in (lambda: store.scenario("bob", scenario_id), lambda: store.student("bob", sid),
                    lambda: store.delete_scenario("bob", scenario_id), lambda: store.delete_student("bob", sid),
                    lambda: store.save_scenario("bob", sid, "mine now", {}, ""),
                    lambda: store.scenarios("bob", sid) or (_ for _ in ()).throw(NotFound())):
        with pytest.raises(NotFound):
            attempt()
    assert store.scenario("ann", scenario_id).notes == "notes"      # untouched
    assert [s.name for s in store.scenarios("ann", sid)] == ["base"]
    for bad in ("1 OR 1=1", "-1", "", None, 2**70):
        with pytest.raises(NotFound):
            store.scenario("bob", bad)


def test_passwords_are_argon2_hashes_and_verified(store, database_url):
    store.add_user("ann", "correct horse")
    assert store.verify_user("ann", "correct horse")
    assert not store.verify_user("ann", "wrong horse") and not store.verify_user("bob", "correct horse")
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users")).scalar()
    engine.dispose()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    with pytest.raises(FactError):
        store.add_user("bob", "short")
    store.add_user("ann", "new password!")
    assert store.verify_user("ann", "new password!") and not store.verify_user("ann", "correct horse")


def test_auth_mode_follows_the_environment_or_configured_users():
    from smartpick_core.store import auth_required
    assert not auth_required(False, {})
    assert auth_required(False, {"SMARTPICK_AUTH": "on"})
    assert auth_required(True, {})
    assert auth_required(False, {"SMARTPICK_USERS_FILE": "/etc/smartpick/users"})


def test_a_configured_user_file_signs_advisors_in(store, tmp_path, monkeypatch):
    from smartpick_core.store.auth import hash_password, write_users_file
    users = tmp_path / "users"
    write_users_file(users, "cleo", hash_password("file password"))
    write_users_file(users, "dan", hash_password("other password"))
    write_users_file(users, "cleo", hash_password("new file password"))     # replaces cleo's line
    assert oct(users.stat().st_mode & 0o777) == "0o600" and "file password" not in users.read_text()
    monkeypatch.setenv("SMARTPICK_USERS_FILE", str(users))
    assert store.user_names() == ["cleo", "dan"]
    assert store.verify_user("cleo", "new file password") and not store.verify_user("cleo", "file password")
    assert not store.verify_user("dan", "new file password")


def test_backup_restores_everything_into_an_empty_database(store, tmp_path):
    sid = store.save_student("ann", "Amal")
    store.save_scenario("ann", sid, "base", {"step2_ck": 231, "languages": ["Spanish"]}, "notes ✓")
    fact = store.record_fact("im-test-1", "sponsors_j1", "yes", **SOURCE)
    store.record_fact("im-test-1", "sponsors_j1", "no", **SOURCE)
    store.retract_fact(fact.id, by="Dr B")
    store.add_user("ann", "correct horse")
    backup = store.export_all()
    target = open_store(f"sqlite:///{tmp_path / 'restored.db'}")
    target.save_student("local", "will be replaced")
    target.restore_all(backup)
    assert target.export_all() | {"exported_at": ""} == backup | {"exported_at": ""}
    assert target.verify_user("ann", "correct horse")
    assert target.scenario("ann", store.all_scenarios("ann")[0].id).notes == "notes ✓"
    new_id = target.save_student("ann", "Next")       # ids continue after the restored ones
    assert new_id > sid
    target.close()


def test_restoring_a_bad_backup_changes_nothing(store):
    sid = store.save_student("ann", "Amal")
    good = store.export_all()
    broken = good | {"scenarios": [{"id": 1, "student_id": 999, "owner": "ann", "name": "x", "profile": {},
                                    "notes": "", "created_at": "2026-01-01T00:00:00",
                                    "updated_at": "2026-01-01T00:00:00"}]}
    for bad in ({"format": "other"}, good | {"students": [{"id": "one"}]}, broken):
        with pytest.raises(StoreError) as caught:
            store.restore_all(bad)
        assert "backup" in str(caught.value)
    assert [s.id for s in store.students("ann")] == [sid]


def test_vocabularies_match_the_issue():
    assert {"sponsors_j1", "sponsors_h1b", "img_share", "step2_min", "yog_max_years", "usce_required",
            "usce_min_months", "first_attempt_only", "positions_per_year", "status"} <= set(FACT_FIELDS)
    assert len(SOURCE_TYPES) == 6 and "FREIDA page" in SOURCE_TYPES


# --- property: the store's current facts are the latest non-retracted record per (program, field) ----------
from hypothesis import HealthCheck, given, settings, strategies as st   # noqa: E402

_OPS = st.lists(st.one_of(
    st.tuples(st.just("record"), st.sampled_from(["sponsors_j1", "sponsors_h1b"]), st.sampled_from(["yes", "no"])),
    st.tuples(st.just("retract"), st.integers(0, 20), st.none())), min_size=1, max_size=12)


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    opened = open_store(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'smartpick.db'}")
    yield opened
    opened.close()


_counter = iter(range(10**9))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_current_facts_are_the_latest_record_not_retracted(sqlite_store, ops):
    program = f"im-prop-{next(_counter)}"
    made: list = []            # (id, field, value) in recording order
    retracted: set[int] = set()
    for op, a, b in ops:
        if op == "record":
            made.append((sqlite_store.record_fact(program, a, b, **SOURCE).id, a, b))
        elif made:
            fact_id = made[a % len(made)][0]
            sqlite_store.retract_fact(fact_id, by="Dr B")
            retracted.add(fact_id)
    expected = {}
    for fact_id, field, value in made:
        if fact_id not in retracted:
            expected[field] = value
    current = {f.field: f.value for f in sqlite_store.current_facts() if f.program_id == program}
    assert current == expected
    assert len(sqlite_store.fact_history(program)) == len(made)
