"""School aliases on both backends: an advisor's one-click classification of an unrecognised roster school is
stored append-only with who and when, read back as the mapping the roster classifier takes, and retractable."""

from __future__ import annotations

import pytest

from smartpick_core.facts import FactError
from smartpick_core.facts.roster import count_roster
from smartpick_core.store import NO_SIGN_IN, NotFound
from smartpick_core.store.aliases import alias_history, current_aliases, record_alias, retract_alias

ROSTER = "Name\tMedical School\nA. Example\tUCLA DGSOM\nB. Example\tNorthwind Academy of Health\n"


def test_a_recorded_alias_changes_how_the_roster_counts_that_school(store):
    before = count_roster(ROSTER)
    assert before.unrecognised() == ["Northwind Academy of Health"]
    record_alias(store, "Northwind Academy of Health", "international", by=NO_SIGN_IN)
    after = count_roster(ROSTER, current_aliases(store))
    assert after.counts["international"] == before.counts["international"] + 1
    assert after.counts["unrecognised"] == 0
    assert after.img_share_value() == "1 of 2"


def test_the_latest_choice_wins_and_retracting_it_brings_the_earlier_one_back(store):
    first = record_alias(store, "Northwind Institute", "caribbean", by="ann")
    second = record_alias(store, "  NORTHWIND institute ", "international", by="bob")
    assert current_aliases(store) == {"northwind institute": "international"}
    retract_alias(store, second.id, by="carol")
    assert current_aliases(store) == {"northwind institute": "caribbean"}
    history = alias_history(store)
    assert [r.id for r in history] == [second.id, first.id]
    assert history[0].retracted_by == "carol" and history[0].retracted_at is not None
    assert history[1].retracted_at is None and history[1].recorded_by == "ann"
    assert not history[0].by_verified          # "bob" is a typed name, not an advisor account


def test_not_a_school_drops_the_cell_from_the_count(store):
    record_alias(store, "Northwind Academy of Health", "not_school", by=NO_SIGN_IN)
    counted = count_roster(ROSTER, current_aliases(store))
    assert counted.counts["unrecognised"] == 0 and counted.recognised == 1


def test_retracting_twice_keeps_the_first_stamp_and_an_unknown_id_is_not_found(store):
    record = record_alias(store, "Northwind Institute", "us_md", by="ann")
    retract_alias(store, record.id, by="bob")
    retract_alias(store, record.id, by="carol")
    assert alias_history(store)[0].retracted_by == "bob"
    with pytest.raises(NotFound):
        retract_alias(store, record.id + 99, by="bob")


@pytest.mark.parametrize(("label", "classification", "field"), [
    ("Northwind", "martian", "classification"),
    ("", "us_md", "label"),
    ("---", "us_md", "label"),
    ("x" * 301, "us_md", "label"),
    ("North\u202ewind", "us_md", "label"),
])
def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(store, label, classification, field):
    with pytest.raises(FactError) as caught:
        record_alias(store, label, classification, by=NO_SIGN_IN)
    assert caught.value.field == field
    assert alias_history(store) == []


def test_aliases_are_in_the_backup_and_come_back_on_restore(store):
    record_alias(store, "Northwind Institute", "international", by=NO_SIGN_IN)
    backup = store.export_all()
    store.restore_all(backup)
    assert current_aliases(store) == {"northwind institute": "international"}
