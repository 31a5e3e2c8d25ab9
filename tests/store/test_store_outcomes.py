"""Outcomes in the store: owned like students, stored only with consent, corrected by new versions (the history
keeps the old), carried by backup and restore (and named in the restore preview), deleted under the retention
setting. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smartpick_core.facts.outcomes import season_window
from smartpick_core.store import NotFound
from smartpick_core.store import outcomes as oc
from smartpick_core.store.restore import apply_restore, restore_preview


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path / "data"))


def _apps(invited_at_community: str = "yes") -> list[dict]:
    return [
        {"specialty": "Internal Medicine", "program_id": "im-x", "program_name": "X IM", "city": "Los Angeles",
         "state": "CA", "kind": "community", "sub_region": "Los Angeles", "invited": invited_at_community,
         "invited_on": "2025-10-15" if invited_at_community == "yes" else "", "interviewed": invited_at_community,
         "ranked": "", "predicted_chance": 0.3, "model_version": "2026.12.2"},
        {"specialty": "Internal Medicine", "program_name": "Elsewhere General", "city": "Tulsa", "state": "OK",
         "kind": "university", "invited": "no", "predicted_chance": "", "model_version": "2026.12.2"},
    ]


def _outcome(season: int = 2026, result: str = "matched") -> oc.SeasonOutcome:
    return oc.SeasonOutcome(season=season, result=result, matched_program="X IM", profile={"step2_ck": 240},
                            model_version="2026.12.2", predicted_match=0.4, predicted_interviews=2.5,
                            scenario_name="base")


def _student_with_consent(store, owner: str = "ann", name: str = "Amal") -> int:
    sid = store.save_student(owner, name)
    oc.set_consent(store, owner, sid, True, by=owner)
    return sid


def test_outcomes_are_stored_only_with_the_students_consent(store):
    sid = store.save_student("ann", "Amal")
    with pytest.raises(oc.OutcomeValueError, match="consent"):
        oc.save_season(store, "ann", sid, _outcome(), _apps(), by="ann")
    assert oc.seasons(store, "ann") == []
    oc.set_consent(store, "ann", sid, True, by="ann")
    assert oc.consent(store, "ann", sid)
    oc.save_season(store, "ann", sid, _outcome(), _apps(), by="ann")
    assert len(oc.seasons(store, "ann")) == 1


def test_withdrawing_consent_deletes_outcomes_only_when_confirmed(store):
    sid = _student_with_consent(store)
    oc.save_season(store, "ann", sid, _outcome(), _apps(), by="ann")
    with pytest.raises(oc.OutcomeValueError, match="consent"):
        oc.set_consent(store, "ann", sid, False, by="ann")
    assert oc.consent(store, "ann", sid) and len(oc.seasons(store, "ann")) == 1
    assert oc.set_consent(store, "ann", sid, False, by="ann", delete_outcomes=True) == 1
    assert not oc.consent(store, "ann", sid) and oc.seasons(store, "ann") == []


def test_advisor_b_cannot_read_or_change_advisor_as_outcomes_by_id(store):
    sid = _student_with_consent(store, "ann")
    season_id = oc.save_season(store, "ann", sid, _outcome(), _apps(), by="ann")
    assert oc.season_outcome(store, "ann", season_id).student_name == "Amal"
    with pytest.raises(NotFound):
        oc.season_outcome(store, "bob", season_id)
    with pytest.raises(NotFound):
        oc.consent(store, "bob", sid)
    with pytest.raises(NotFound):
        oc.set_consent(store, "bob", sid, True, by="bob")
    with pytest.raises(NotFound):
        oc.save_season(store, "bob", sid, _outcome(), _apps(), by="bob")
    with pytest.raises(NotFound):
        oc.delete_season(store, "bob", sid, 2026)
    assert oc.seasons(store, "bob") == [] and oc.season_history(store, "bob", sid, 2026) == []
    applications, seasons = oc.outcome_frames(store, "bob")
    assert applications.empty and seasons.empty
    assert len(oc.seasons(store, "ann")) == 1


def test_a_correction_adds_a_version_and_keeps_the_one_it_corrects(store):
    sid = _student_with_consent(store)
    first = oc.save_season(store, "ann", sid, _outcome(), _apps("no"), by="ann")
    assert oc.save_season(store, "ann", sid, _outcome(), _apps("no"), by="ann") == first   # nothing new
    second = oc.save_season(store, "ann", sid, _outcome(), _apps("yes"), by="bea")
    history = oc.season_history(store, "ann", sid, 2026)
    assert [h.id for h in history] == [second, first]
    assert history[0].current and not history[1].current and history[1].superseded_by == "bea"
    assert history[1].applications[0]["invited"] == 0 and history[0].applications[0]["invited"] == 1
    current = oc.seasons(store, "ann")
    assert [r.id for r in current] == [second]
    applications, seasons = oc.outcome_frames(store, "ann")
    assert list(applications["invited"]) == ["yes", "no"]
    assert list(applications["invited_on"]) == ["2025-10-15", ""]
    assert list(seasons["result"]) == ["matched"] and seasons["predicted_match"].iloc[0] == pytest.approx(0.4)


@pytest.mark.parametrize("row, field", [
    ({"kind": "spa"}, "application 1, kind"),
    ({"invited": "maybe"}, "application 1, invited"),
    ({"invited_on": "2024-10-01"}, "application 1, invited_on"),
    ({"predicted_chance": 1.5}, "application 1, predicted_chance"),
    ({"program_id": "", "program_name": ""}, "application 1, program_name"),
])
def test_a_bad_application_is_refused_naming_its_row_and_column(store, row, field):
    sid = _student_with_consent(store)
    bad = [dict(_apps()[0], **row)]
    with pytest.raises(oc.OutcomeValueError) as caught:
        oc.save_season(store, "ann", sid, _outcome(), bad, by="ann")
    assert caught.value.field == field
    assert oc.seasons(store, "ann") == []


def test_retention_deletes_only_older_seasons_and_only_when_applied(store):
    sid = _student_with_consent(store)
    other = _student_with_consent(store, "bob", "Bo")
    for season in (2023, 2024, 2025, 2026):
        oc.save_season(store, "ann", sid, _outcome(season), [], by="ann")
    oc.save_season(store, "bob", other, _outcome(2020), [], by="bob")
    assert oc.retention(store, "ann") is None and oc.retention_due(store, "ann", 2026) == []
    oc.set_retention(store, "ann", 2, by="ann")
    assert len(oc.seasons(store, "ann")) == 4                       # the setting alone deletes nothing
    assert oc.retention_due(store, "ann", 2026) == [("Amal", 2023), ("Amal", 2024)]
    assert oc.apply_retention(store, "ann", 2026) == 2
    assert [r.season for r in oc.seasons(store, "ann")] == [2025, 2026]
    assert [r.season for r in oc.seasons(store, "bob")] == [2020]   # another advisor's setting is theirs
    with pytest.raises(oc.OutcomeValueError, match="keep_seasons"):
        oc.set_retention(store, "ann", 0, by="ann")


def test_deleting_a_student_deletes_their_outcomes(store):
    sid = _student_with_consent(store)
    oc.save_season(store, "ann", sid, _outcome(), _apps(), by="ann")
    store.delete_student("ann", sid)
    assert oc.seasons(store, "ann") == []
    assert store.export_all()["outcome_applications"] == []


def test_outcomes_round_trip_through_backup_and_restore_and_show_in_the_preview(store):
    sid = _student_with_consent(store)
    oc.save_season(store, "ann", sid, _outcome(), _apps("no"), by="ann")
    oc.set_retention(store, "ann", 3, by="ann")
    backup = store.export_all()
    oc.save_season(store, "ann", sid, _outcome(), _apps("yes"), by="ann")     # a correction after the backup
    preview = restore_preview(store, backup)
    words = {t.table: t for t in preview.tables}
    assert words["outcome_seasons"].in_backup == 1 and words["outcome_seasons"].here == 2
    assert words["outcome_applications"].in_backup == 2 and words["outcome_applications"].here == 4
    assert any(line.startswith("outcome seasons:") for line in preview.lines())
    assert any("outcomes 2026 of Amal" in line for line in preview.lines())
    assert any("application to im-x in outcomes 2026 of Amal" in line for line in preview.lines())
    apply_restore(store, backup)
    restored = oc.seasons(store, "ann")
    assert len(restored) == 1 and restored[0].applications[0]["invited"] == 0
    assert restored[0].applications[0]["invited_on"] is None
    assert oc.retention(store, "ann") == 3 and oc.consent(store, "ann", sid)
    assert store.export_all() | {"exported_at": ""} == backup | {"exported_at": ""}


def test_season_window_runs_from_september_to_march():
    assert season_window(2026) == (dt.date(2025, 9, 1), dt.date(2026, 3, 31))


APPS_CSV = """student,season,specialty,program_id,program_name,city,state,kind,sub_region,invited,invited_on,interviewed,ranked,predicted_chance,model_version
Cy,2026,Internal Medicine,,Valley Community Hospital,Fresno,CA,community,,{invited},,,,0.2,2026.12.2
Cy,2026,Internal Medicine,,Plains University,Tulsa,OK,university,,no,,,,0.05,2026.12.2
"""
SEASONS_CSV = """student,season,result,matched_program,profile_json,model_version,predicted_match,predicted_interviews,consent
Cy,2026,unmatched,,"{{""step2_ck"": 240}}",2026.12.2,0.3,1.5,yes
"""


def _import(store, invited: str):
    from smartpick_core.facts.outcomes import diff_outcomes, parse_outcomes, read_outcome_csv
    parsed = parse_outcomes(read_outcome_csv(APPS_CSV.format(invited=invited).encode()),
                            read_outcome_csv(SEASONS_CSV.format().encode()),
                            consented=oc.consented_pairs(store, "ann"), today=dt.date(2026, 5, 1))
    assert parsed.errors == ()
    return diff_outcomes(parsed, *oc.outcome_frames(store, "ann"))


def test_a_reviewed_csv_import_adds_the_student_with_consent_and_a_reimport_is_a_correction(store):
    counts = oc.apply_outcome_import(store, "ann", _import(store, "no"), by="ann")
    assert counts == {"students added": 1, "seasons saved": 1, "applications written": 2}
    cy = store.students("ann")[0]
    assert cy.name == "Cy" and oc.consent(store, "ann", cy.id)
    again = _import(store, "no")                                     # the same file: nothing to apply
    assert again.applications_to_apply.empty and again.seasons_to_apply.empty
    changed = _import(store, "yes")
    assert list(changed.applications["status"]) == ["changed", "unchanged"]
    oc.apply_outcome_import(store, "ann", changed, by="ann")
    history = oc.season_history(store, "ann", cy.id, 2026)
    assert len(history) == 2 and [a["invited"] for a in history[0].applications] == [1, 0]
    assert oc.seasons(store, "bob") == []


def test_an_import_naming_a_saved_scenario_takes_its_stored_snapshot_or_says_there_is_none(store):
    from smartpick_core.facts.outcomes import read_outcome_csv
    from smartpick_core.programs.table import load_programs
    programs = load_programs()
    im = list(programs.loc[programs["specialty"] == "Internal Medicine", "program_id"][:2])
    sid = _student_with_consent(store, name="Dee")
    snapshot = {"format": 1, "model_version": "2025.01.1", "match_probability": 0.321, "p_no_interview": 0.2,
                "expected_interviews": 1.75, "listed": im, "chances": {im[0]: 0.123}}
    store.save_scenario("ann", sid, "base", {"step2_ck": 240, "visa": "J-1", "national": None}, snapshot=snapshot)
    store.save_scenario("ann", sid, "before", {"step2_ck": 231, "visa": "J-1", "national": None})
    apps = ("student,season,specialty,program_id,invited,predicted_chance\n"
            f"Dee,2026,Internal Medicine,{im[0]},yes,\nDee,2026,Internal Medicine,{im[1]},no,0.4\n"
            f"Dee,2025,Internal Medicine,{im[0]},no,\n")
    seasons = ("student,season,result,scenario,consent\nDee,2026,unmatched,base,yes\nDee,2025,unmatched,before,yes\n"
               "Dee,2024,unmatched,nonesuch,yes\n")
    diff = oc.plan_import(store, "ann", read_outcome_csv(apps.encode()), read_outcome_csv(seasons.encode()), programs)
    assert [(e.file, e.row, e.column) for e in diff.errors] == [("seasons", 3, "scenario")]
    assert "No snapshot was saved with the scenario before of Dee" in diff.summary()
    got = diff.seasons.set_index("season")
    assert (got.loc[2026, "model_version"], got.loc[2026, "predicted_match"], got.loc[2026, "predicted_interviews"]) \
        == ("2025.01.1", 0.321, 1.75)
    assert got.loc[2025, "model_version"] == "" and pd.isna(got.loc[2025, "predicted_match"])
    assert '"step2_ck": 231' in got.loc[2025, "profile_json"]                 # the profile still comes from it
    chances = diff.applications.set_index(["season", "program_id"])["predicted_chance"]
    assert chances[(2026, im[0])] == 0.123                                   # empty: from the stored snapshot
    assert chances[(2026, im[1])] == 0.4                                     # typed: kept as given
    assert pd.isna(chances[(2025, im[0])])                                   # no snapshot: nothing invented
