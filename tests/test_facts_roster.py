"""Roster -> IMG share (smartpick_core/facts/roster.py): layouts, aliases, surnames that are also aliases, and no
resident's name ever kept."""

from __future__ import annotations

import pytest

from smartpick_core.facts.paste import PasteError
from smartpick_core.facts.roster import count_roster

NAMES = ("Jane Doe", "Ross Smith", "Ayesha Khan", "Rahul Mehta", "Maria Lopez", "Sam Lee", "Chris Park")


@pytest.mark.parametrize("alias, category", [
    ("UCLA DGSOM", "us_md"), ("Keck School of Medicine of USC", "us_md"), ("Ross", "caribbean"), ("AUC", "caribbean"),
    ("SGU", "caribbean"), ("Universidad Autónoma de Guadalajara", "international"),
    ("Universidad Autonoma de Guadalajara", "international"), ("Dow", "international"), ("KEMU", "international"),
    ("AIIMS", "international"), ("Universidad Central del Caribe", "us_md"),
    ("Touro University California College of Osteopathic Medicine", "us_do"),
    ("Rowan-Virtua School of Osteopathic Medicine", "us_do"), ("University of Michigan Medical School", "us_md"),
    ("Cairo University Faculty of Medicine, Egypt", "international"),
])
def test_the_issues_aliases_and_the_rules_classify_a_school(alias, category):
    result = count_roster(f"Medical School: {alias}")
    assert [m.category for m in result.mentions] == [category]


LAYOUTS = {
    "one per line": "Jane Doe, MD\nDavid Geffen School of Medicine at UCLA\nRoss Smith, MD\nRoss University School of "
                    "Medicine\nAyesha Khan\nDow Medical College, Karachi, Pakistan\nSam Lee, DO\nWestern University of "
                    "Health Sciences",
    "browser table": "Name\tYear\tMedical School\nJane Doe\tPGY-1\tUCLA DGSOM\nRoss Smith\tPGY-1\tRoss University\n"
                     "Ayesha Khan\tPGY-2\tDow University of Health Sciences\nSam Lee\tPGY-3\tWesternU COMP",
    "labelled cards": "Jane Doe | Undergraduate: University of Michigan | Medical School: David Geffen School of "
                      "Medicine at UCLA\nRoss Smith | Hometown: Miami | Medical School: Ross University School of "
                      "Medicine\nAyesha Khan | Medical School: Dow Medical College\nSam Lee | Medical School: Touro "
                      "University California College of Osteopathic Medicine",
    "dashes": "Jane Doe — UCLA DGSOM\nRoss Smith — Ross University\nAyesha Khan — KEMU\nSam Lee — PCOM",
    "html": "<table><tr><td>Jane Doe</td><td>UCLA DGSOM</td></tr><tr><td>Ross Smith</td><td>SGU</td></tr>"
            "<tr><td>Ayesha Khan</td><td>AIIMS</td></tr><tr><td>Sam Lee</td><td>LECOM</td></tr></table>",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_gives_one_us_md_one_caribbean_one_international_one_do(layout):
    result = count_roster(LAYOUTS[layout])
    assert {c: n for c, n in result.counts.items() if n} == {"us_md": 1, "caribbean": 1, "international": 1,
                                                               "us_do": 1}
    assert result.img_share_value() == "2 of 4" and result.img_share == 0.5 and result.non_caribbean_share == 0.25


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_residents_name_is_kept(layout):
    kept = repr(count_roster(LAYOUTS[layout]).to_dict())
    assert not any(name in kept for name in NAMES)


def test_a_surname_that_is_an_alias_is_not_a_school():
    assert count_roster("Ross Smith, MD\nDr. Dow Jones").mentions == ()


def test_an_unknown_school_is_unrecognised_and_left_out_of_the_share():
    result = count_roster("Medical School: Xyz Medical Institute\nMedical School: SGU")
    assert result.counts["unrecognised"] == 1 and result.img_share_value() == "1 of 1"


def test_a_roster_with_no_school_has_no_share():
    assert count_roster("Internal Medicine Residents 2025-2026\nPGY-1").img_share is None


def test_hostile_pastes_are_refused():
    with pytest.raises(PasteError):
        count_roster("x" * 200_001)
    with pytest.raises(PasteError):
        count_roster(b"\x00\x01binary")


@pytest.mark.parametrize("school, category", [
    ("Nowhere Medical College", "international"),          # "<Name> Medical College": a form US schools do not take
    ("Medical College of Wisconsin", "us_md"),              # ... unlike "Medical College of <State>"
    ("Rush Medical College", "us_md"),                      # a US "<Name> Medical College", listed by name
    ("Somewhere State Medical University", "international"),
    ("Medical University of South Carolina", "us_md"),
    ("Elsewhere University Faculty of Medicine", "international"),
    ("Elsewhere University of Medical and Health Sciences", "international"),
])
def test_name_forms_only_schools_outside_the_us_take_are_international(school, category):
    assert [m.category for m in count_roster(f"Medical School: {school}").mentions] == [category]


def test_a_name_with_the_school_in_parentheses_and_a_comma_continued_name_count_once():
    counted = count_roster("PGY-2: Jane Doe (Ross), Sam Lee (KEMU), Chris Park (Western University of Health "
                           "Sciences, College of Osteopathic Medicine of the Pacific).")
    assert [m.category for m in counted.mentions] == ["caribbean", "international", "us_do"]
    assert not any("Doe" in m.school or "Lee" in m.school for m in counted.mentions)


def test_faculty_and_graduates_sections_and_the_program_directors_line_do_not_count():
    counted = count_roster("RESIDENTS\nJane Doe | PGY-1 | SGU\nProgram Director: Dr. Sam Lee (UCLA DGSOM)\n\n"
                           "FACULTY\nDr. Ayesha Khan — MBBS, Dow Medical College\n\nRecent graduates\n"
                           "Chris Park — Keck School of Medicine of USC\n\nPGY-2\nMaria Lopez | AUC\n")
    assert counted.counts["caribbean"] == 2 and counted.recognised == 2


def test_a_camel_case_alias_matches_inside_a_longer_cell_with_its_case():
    assert [m.category for m in count_roster("Sam Lee, DO – TouroCOM Harlem").mentions] == ["us_do"]
    assert count_roster("Sam Lee – tourocom harlem").mentions == ()
