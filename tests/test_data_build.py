"""The data build: bundled tables are exactly what the research files produce, and the
fact-applying rules (evidence kept, conflicts need a reason, weakest visa basis) hold."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import build_programs
import program_facts
from program_facts import COORD_COLUMNS, FACT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent

COLUMNS = build_programs.COLUMNS


def _bundled(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / name, dtype=str, keep_default_na=False)


@pytest.mark.slow   # over 5 s: `make test`, not `make test-fast`
def test_bundled_tables_are_reproducible_from_the_research_files():
    built, added = build_programs.build_both()
    pd.testing.assert_frame_equal(built.astype(str).reset_index(drop=True), _bundled("programs.csv"))
    pd.testing.assert_frame_equal(added.astype(str).reset_index(drop=True), _bundled("programs_added.csv"))


def _row(pid: str = "im-x", **values: str) -> dict:
    row = {c: "" for c in COLUMNS}
    row.update(program_id=pid, source_url="https://example.org/p", lat="34.0", lon="-118.2")
    row.update(values)
    return row


def _fact(**values: str) -> dict:
    fact = {c: "" for c in FACT_COLUMNS}
    fact.update(program_id="im-x", basis="program", source_url="https://example.org/visa",
                checked="2026-11", evidence="We sponsor J-1 visas only.")
    fact.update(values)
    return fact


def _apply(rows: list[dict], facts: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return program_facts.apply_facts(frame, pd.DataFrame(facts, columns=FACT_COLUMNS),
                                     set(frame.program_id)).set_index("program_id")


def test_fact_sets_value_and_keeps_its_evidence_and_source():
    out = _apply([_row()], [_fact(field="sponsors_j1", value="yes")])
    assert out.at["im-x", "sponsors_j1"] == "yes"
    assert "We sponsor J-1 visas only." in out.at["im-x", "visa_note"]
    assert "https://example.org/visa" in out.at["im-x", "other_sources"].split()
    assert out.at["im-x", "visa_basis"] == "program"


def test_visa_basis_is_the_weakest_statement_left_standing():
    facts = [_fact(field="sponsors_j1", value="yes", basis="program"),
             _fact(field="sponsors_h1b", value="no", basis="institution")]
    assert _apply([_row()], facts).at["im-x", "visa_basis"] == "institution"
    # an old third-party value on the other field still counts
    old = _row(sponsors_h1b="no", visa_basis="third_party")
    assert _apply([old], facts[:1]).at["im-x", "visa_basis"] == "third_party"
    # a program statement confirming an old institution-level value makes it program-level
    old = _row(sponsors_j1="yes", visa_basis="institution")
    assert _apply([old], facts[:1]).at["im-x", "visa_basis"] == "program"


def test_a_replaced_statement_does_not_lend_its_basis():
    facts = [_fact(field="sponsors_h1b", value="no", basis="program"),
             _fact(field="sponsors_h1b", value="yes", basis="third_party", curation="newer listing")]
    out = _apply([_row()], facts)
    assert out.at["im-x", "sponsors_h1b"] == "yes"
    assert out.at["im-x", "visa_basis"] == "third_party"


def test_military_rows_stay_military():
    old = _row(sponsors_j1="no", sponsors_h1b="no", visa_basis="military")
    out = _apply([old], [_fact(field="sponsors_j1", value="no", basis="institution")])
    assert out.at["im-x", "visa_basis"] == "military"


def test_text_facts_append_and_codes_merge():
    old = _row(screens_note="Old note.", nrmp_codes="1234140C0")
    out = _apply([old], [_fact(field="screens_note", value="New screen."),
                         _fact(field="nrmp_codes", value="1234140P0;1234140C0")])
    assert out.at["im-x", "screens_note"].startswith("Old note. Pass 3: New screen.")
    assert out.at["im-x", "nrmp_codes"] == "1234140C0;1234140P0"


def test_a_fact_for_a_row_in_the_other_file_is_left_for_that_file():
    frame = pd.DataFrame([_row()], columns=COLUMNS)
    facts = pd.DataFrame([_fact(program_id="fm-y", field="sponsors_j1", value="yes")], columns=FACT_COLUMNS)
    out = program_facts.apply_facts(frame, facts, {"im-x", "fm-y"})
    pd.testing.assert_frame_equal(out, frame.astype(str))


def test_changing_a_known_value_needs_a_curation_reason():
    old = _row(sponsors_h1b="yes", visa_basis="third_party")
    change = _fact(field="sponsors_h1b", value="no")
    with pytest.raises(ValueError, match="curation"):
        _apply([old], [change])
    out = _apply([old], [{**change, "curation": "Program FAQ (2025) supersedes the 2019 listing."}])
    assert out.at["im-x", "sponsors_h1b"] == "no"
    assert "supersedes the 2019 listing" in out.at["im-x", "notes"]


@pytest.mark.parametrize("field,value", [("sponsors_j1", "maybe"), ("positions_per_year", "about 10"),
                                         ("img_share", "0.4"), ("img_share", "9/4"),
                                         ("acgme_id", "12345"), ("status", "open"),
                                         ("usce_min_months", "six")])
def test_values_outside_the_vocabulary_stop_the_build(field, value):
    with pytest.raises(ValueError, match=field):
        _apply([_row()], [_fact(field=field, value=value)])


def test_img_share_is_computed_from_a_count():
    out = _apply([_row()], [_fact(field="img_share", value="7/24", evidence="roster list")])
    assert out.at["im-x", "img_share"] == "0.292"


def test_fact_for_an_unknown_program_stops_the_build():
    with pytest.raises(ValueError, match="neither program file"):
        _apply([_row()], [_fact(program_id="im-nowhere", field="sponsors_j1", value="yes")])


def _coords(**values: str) -> pd.DataFrame:
    c = {k: "" for k in COORD_COLUMNS}
    c.update(program_id="im-x", hospital="Example Hospital", lat="33.81200", lon="-118.34300",
             source_url="https://example.org/wiki", evidence="33.812°N 118.343°W", checked="2026-11")
    c.update(values)
    return pd.DataFrame([c], columns=COORD_COLUMNS)


def test_hospital_coordinate_replaces_the_centroid_with_its_source():
    frame = pd.DataFrame([_row()], columns=COLUMNS)
    out = program_facts.apply_coordinates(frame, _coords(), {"im-x"}).set_index("program_id")
    assert (out.at["im-x", "lat"], out.at["im-x", "lon"]) == ("33.81200", "-118.34300")
    assert out.at["im-x", "coord_source"] == "https://example.org/wiki"
    assert "hospital" in out.at["im-x", "coord_precision"]


def test_coordinate_outside_the_region_stops_the_build():
    frame = pd.DataFrame([_row()], columns=COLUMNS)
    with pytest.raises(ValueError, match="outside Southern California"):
        program_facts.apply_coordinates(frame, _coords(lon="118.343"), {"im-x"})


def _both_files() -> pd.DataFrame:
    return pd.concat([_bundled("programs.csv"), _bundled("programs_added.csv")]).set_index("program_id")


def test_every_research_fact_is_traceable_in_its_row():
    """Each pass-3 fact's quote and URL can be found in the row it changed."""
    rows = _both_files()
    facts = program_facts.read_table(program_facts.FACTS, FACT_COLUMNS)
    for fact in facts.itertuples():
        row = rows.loc[fact.program_id]
        text = " ".join(row.astype(str))
        assert fact.evidence in text, (fact.program_id, fact.field)
        assert fact.source_url in (row["source_url"], *row["other_sources"].split()), fact.program_id
    last = facts.drop_duplicates(["program_id", "field"], keep="last")
    fixes = pd.read_csv(ROOT / "data" / "research" / "issue24_fixes.csv", dtype=str, keep_default_na=False)
    fixed = set(zip(fixes["program_id"], fixes["field"]))       # issue-24 audit fixes override with their reason
    for fact in last[last["field"].isin(program_facts.VALUE_FIELDS)].itertuples():
        if (fact.program_id, fact.field) in fixed:
            continue
        expected = program_facts.normalise_value(fact.field, fact.value, "test")
        assert rows.at[fact.program_id, fact.field] == expected, (fact.program_id, fact.field)


def test_hospital_points_name_their_source_and_printed_coordinate():
    rows = _both_files()
    hospital = rows[rows["coord_precision"] == program_facts.PRECISION_HOSPITAL]
    coords = program_facts.read_table(program_facts.COORDS, COORD_COLUMNS).set_index("program_id")
    assert set(hospital.index) == set(coords.index)
    assert hospital["coord_source"].str.match(r"https?://").all()
    for pid, c in coords.iterrows():
        assert c["evidence"] in rows.at[pid, "notes"]
        assert abs(float(rows.at[pid, "lat"]) - float(c["lat"])) < 1e-4
        assert abs(float(rows.at[pid, "lon"]) - float(c["lon"])) < 1e-4
