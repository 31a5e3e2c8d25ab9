"""Roster -> IMG share (smartpick_core/facts/roster.py): layouts, aliases, surnames that are also aliases, and no
resident's name ever kept."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

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


def _counts(text: str) -> dict[str, int]:
    return {c: n for c, n in count_roster(text).counts.items() if n}


def test_two_columns_squashed_with_runs_of_spaces_are_two_cells():
    text = ("PGY-1      PGY-2\nJane Doe, MD      Sam Lee, MBChB\n"
            "Rush Medical College      Grant Government Medical College, Mumbai\n")
    assert _counts(text) == {"us_md": 1, "international": 1}


def test_a_tables_school_column_is_read_and_the_hometown_column_is_not():
    text = ("| Name | Year | Medical School | Hometown |\n|---|---|---|---|\n"
            "| Jane Doe | PGY-1 | UCSD | Loma Linda, CA |\n| Sam Lee | PGY-2 | AUC | Lahore, Pakistan |\n")
    assert _counts(text) == {"us_md": 1, "caribbean": 1}


def test_prose_reads_the_parenthesis_after_a_degree_and_skips_the_director_and_graduates():
    text = ("Meet the class. Jane Doe (MD, University of California, San Francisco) grew up in Fresno and went to "
            "Stanford University. Sam Lee (MBBS, Allama Iqbal Medical College, Lahore) joins Ann Roe (MD, St. George's "
            "University). Our program director, Dr. Max Poe (MD, Baylor College of Medicine), welcomed them. Our "
            "recent graduate, Zed Moe (MD, Ross University), is now a fellow at UCLA.")
    assert _counts(text) == {"us_md": 1, "international": 1, "caribbean": 1}


def test_a_chief_listed_twice_counts_once_and_a_place_after_a_degree_is_placed():
    text = ("Chief Residents\nJane Doe, MD — SGU\n\nAll residents\nJane Doe, MD — SGU (Chief)\n"
            "Sam Lee, MD — UST Manila\nAnn Roe, MD — Tec de Monterrey\n")
    assert _counts(text) == {"caribbean": 1, "international": 2}


def test_a_bare_name_a_us_college_shares_is_unrecognised():
    assert _counts("Jane Doe, MD - Xavier") == {"unrecognised": 1}


@pytest.mark.parametrize("name", ["Trinity", "St. George's"])
def test_a_bare_name_two_schools_abroad_share_counts_as_outside_the_us(name):
    result = count_roster(f"Jane Doe, MD - {name}")
    assert result.counts["caribbean"] == 1 and result.img_share == 1.0
    assert "outside the US either way" in result.mentions[0].rule


def test_a_school_name_continued_after_commas_counts_once():
    assert _counts("Jane Doe, MD | Charles University, First Faculty of Medicine, Prague") == {"international": 1}


@pytest.mark.parametrize("line, counts", [
    ("Medical School: Faculty of Medicine, University of Colombo", {"international": 1}),
    ("Jane Doe, MBBS - College of Medicine, University of Lagos, Nigeria", {"international": 1}),
    ("Sam Lee, MD | College of Medicine, University of Cincinnati", {"us_md": 1}),
    ("Medical School: Faculty of Medicine", {"international": 1}),          # alone, it is still a school
])
def test_a_faculty_named_before_its_university_counts_once(line, counts):
    assert _counts(line) == counts


def test_two_residents_joined_by_and_each_keep_their_school():
    text = ("Our seniors are Mateo Diaz (UBA) and Lee Kim (UCSF).\n"
            "Our interns are Sam Lee (Saba University) and Jo Park (KCU).")
    assert _counts(text) == {"international": 1, "us_md": 1, "caribbean": 1, "us_do": 1}


@pytest.mark.parametrize("alias, category", [
    ("UNPHU", "caribbean"), ("Pontificia Universidad Católica Madre y Maestra", "caribbean"), ("UTESA", "caribbean"),
    ("Ahmadu Bello University", "international"), ("UNIBEN", "international"),
    ("Ain Shams University", "international"),
    ("Cebu Institute of Medicine", "international"), ("University of the Witwatersrand", "international"),
    ("Fertitta Family College of Medicine", "us_md"), ("University of Cincinnati", "us_md"), ("WVSOM", "us_do"),
    ("ATSU-SOMA", "us_do"), ("A.T. Still University", "us_do"),
])
def test_bundled_names_and_abbreviations_from_the_sourced_lists(alias, category):
    assert [m.category for m in count_roster(f"Medical School: {alias}").mentions] == [category]


@pytest.mark.parametrize("school", ["Liberty University College of Medicine", "Campbell University School of Medicine"])
def test_a_residents_name_that_is_a_country_does_not_place_the_school(school):
    result = count_roster(f"Jordan Lee, MD, {school}")
    assert [m.category for m in result.mentions] == ["unrecognised"]


@pytest.mark.parametrize("text", ["Jane Doe MBBS – Dow Medical College", "Dr. Jane Doe (MBBS)\nDow Medical College",
                                  "Jane Doe, MD (BS, UCLA)\nDow Medical College"])
def test_a_degree_beside_a_name_and_an_undergraduate_parenthesis_are_not_schools(text):
    assert _counts(text) == {"international": 1}


def test_past_residents_are_not_counted_until_a_class_heading():
    text = ("Current Residents\nJane Doe, MD - Dow Medical College\nPast Residents\nSam Lee, MD - Ross University\n"
            "PGY-1\nAnn Roe, MD - UCLA")
    assert _counts(text) == {"international": 1, "us_md": 1}


@pytest.mark.parametrize("text", ["Jane Doe, MD\nBS, University of Karachi\nDow Medical College",
                                  "Jane Doe, MD | B.Sc., University of Delhi | Dow Medical College",
                                  "Jane Doe, MD — Undergrad: University of Lagos — Med: Dow Medical College"])
def test_a_school_after_a_first_degree_is_not_the_medical_school(text):
    assert _counts(text) == {"international": 1}


@pytest.mark.parametrize("text", ["Jane Doe, MD — Dow Medical College — prior residency at Aga Khan University Hospital",
                                  "Jane Doe, MD\nMedical School: Dow Medical College\nResearch fellow at Aga Khan University"])
def test_training_or_research_after_medical_school_is_not_a_school(text):
    assert _counts(text) == {"international": 1}


# Schools no bundled list has: placed by a GeoNames place, by the form of a medical school's name when it is on
# neither US list, or left for the advisor when a US place or a word of a US school's name is in it.
@pytest.mark.parametrize("school, category, rule", [
    ("Northwind University, Surabaya", "international", "place name: surabaya (ID, GeoNames)"),            # a city no curated list names
    ("Northwind University School of Medicine, Saint Lucia", "caribbean", "place name: st lucia (LC, GeoNames)"),
    ("Northwind University School of Medicine", "international", "a medical school not on the US lists"),
    ("Northwind Medical Sciences University", "international", "a medical school not on the US lists"),
    ("Northwind School of Medicine, Houston", "unrecognised",
     "a school named like one abroad, with a US place or school word"),
    ("Northwind Geffen School of Medicine", "unrecognised",
     "a school named like one abroad, with a US place or school word"),
    ("Northwind Medical College at Weill", "unrecognised",
     "a school named like one abroad, with a US place or school word"),
])
def test_a_school_on_no_list_is_placed_by_its_place_or_its_form_unless_it_may_be_american(school, category, rule):
    assert [(m.category, m.rule) for m in count_roster(f"Medical School: {school}").mentions] == [(category, rule)]


@pytest.mark.parametrize("text, code", [
    ("Universidad Peruana, Lima", "PE"),            # Lima, Ohio is far smaller
    ("Obafemi Awolowo University, Ile-Ife", "NG"),
    ("Nishtar Medical College Multan", "PK"),
    ("Northwind University, Bombay", "IN"),         # an older name rosters still use
    ("University of Toledo", None),                 # Toledo, Ohio is larger than Toledo, Spain
    ("UAB, Birmingham", None),
    ("Wake Forest School of Medicine", None),       # "Forest" (Belgium) inside a US place
    ("Saint Louis University", None),               # St. Louis, Missouri, not Saint-Louis, Senegal
    ("University of New Mexico", None),             # "Mexico" inside a US state
    ("Van Andel Institute", None),                  # a name under four letters is never a place
])
def test_geonames_places_abroad_and_the_us_places_that_win(text, code):
    from smartpick_core.facts.places import place_abroad
    place = place_abroad(text)
    assert (place.country_code if place else None) == code


def test_new_mexico_is_not_mexico():
    assert [m.category for m in count_roster("Medical School: University of New Mexico Health Sciences Center "
                                             "School of Medicine, Albuquerque").mentions] == ["us_md"]


def _without_school(monkeypatch, name: str) -> None:
    """The alias matcher as if the bundled list lacked this one school (the rules' words still know it)."""
    from smartpick_core.facts import roster
    kept = tuple(a for a in roster.school_aliases() if a.school != name)
    monkeypatch.setattr(roster, "school_aliases", lambda path=roster.SCHOOLS_FILE: kept)


# "Western University of Health Sciences" shares every word with Western University (Canada): only the list places it.
SHARED_WITH_A_SCHOOL_ABROAD = {"Western University of Health Sciences"}


def test_no_us_school_written_without_its_alias_is_placed_outside_the_us(monkeypatch):
    """Each US school's own names, read as if the list lacked them, are never placed outside the US by a rule: a
    variant a roster writes that no alias matches is US or unrecognised, never counted as an IMG."""
    import csv
    from smartpick_core.facts import roster
    rows = [r for r in csv.DictReader(open(roster.SCHOOLS_FILE, encoding="utf-8")) if r["category"] in ("us_md", "us_do")]
    wrong = []
    for row in rows:
        with monkeypatch.context() as patch:
            _without_school(patch, row["name"])
            for name in {row["name"], *filter(None, (a.strip() for a in row["aliases"].split("|")))}:
                for text in (name, f"{name} School of Medicine"):
                    found = roster._classify(text, text)
                    if found and found[1] in ("international", "caribbean") and name not in SHARED_WITH_A_SCHOOL_ABROAD:
                        wrong.append((text, found[2]))
                for mention in count_roster(f"Name\tMedical School\nJane Doe\t{name}").mentions:
                    if mention.category in ("international", "caribbean") and name not in SHARED_WITH_A_SCHOOL_ABROAD:
                        wrong.append((name, mention.rule))
    assert len(rows) > 150 and wrong == []


SLOT_RULE = "a university where the medical school is named, on no list"
FORM_RULES = {"a medical school not on the US lists", "a name only schools outside the US take",
              "foreign school word or degree"}


@given(stem=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=10),
       form=st.sampled_from(["School of Medicine", "College of Medicine", "Medical College", "Faculty of Medicine",
                             "Medical University"]),
       state=st.sampled_from(["California", "Texas", "New York", "Ohio", "Florida", "Michigan"]))
@settings(max_examples=60, deadline=None)
def test_a_us_state_in_an_unknown_schools_name_never_counts_it_as_an_img(stem, form, state):
    """A name placed only by its form (not by a list or a place abroad) is left to the advisor when a US state
    follows it."""
    alone = count_roster(f"Medical School: {stem.title()} {form}").mentions
    assume(len(alone) == 1 and alone[0].rule in FORM_RULES)
    mentions = count_roster(f"Medical School: {stem.title()} {form}, {state}").mentions
    assert all(m.category not in ("international", "caribbean") for m in mentions)


@pytest.mark.parametrize("text, expected", [
    ("Name\tYear\tMedical School\nJane Doe\tPGY-1\tNorthwind University", [("unrecognised", SLOT_RULE)]),
    ("Medical School: Northwind University", [("unrecognised", SLOT_RULE)]),
    ("Jane Doe, MD, Northwind University", [("unrecognised", SLOT_RULE)]),
    ("Jane Doe, MD — Northwind University", [("unrecognised", SLOT_RULE)]),
    ("Medical School: Northwind University, Texas", [("unrecognised", SLOT_RULE)]),
    ("Jane Doe, MD — Northwind University — Ross University School of Medicine", [("caribbean", "schools.csv")]),
    ("Undergraduate: Northwind University", []),                 # not where the medical school is named
    ("Jane Doe — Northwind University", []),                     # no degree, no column: maybe a college
    ("Jane Doe, BS, Northwind University", []),
])
def test_a_bare_university_counts_only_where_the_medical_school_is_named(text, expected):
    assert [(m.category, m.rule) for m in count_roster(text).mentions] == expected


@pytest.mark.parametrize("heading", [
    "UCLA Internal Medicine Residency - Current Residents",
    "Welcome to the Harbor-UCLA Medical Center Internal Medicine Residency Program",
    "Home > Graduate Medical Education > Family Medicine > Keck School of Medicine of USC",
    "David Geffen School of Medicine at UCLA Department of Pediatrics: our residents",
    "© 2026 Desert Valley Medical Center, affiliated with the UC Riverside School of Medicine",
])
def test_the_host_programs_heading_is_not_a_residents_school(heading):
    result = count_roster(f"{heading}\nJane Doe, MD — Ross University\nSam Lee, DO — Western University of Health Sciences")
    assert [m.category for m in result.mentions] == ["caribbean", "us_do"]


def test_a_residents_track_beside_the_school_does_not_hide_it():
    result = count_roster("Jane Doe (Psychiatry, Ross University)\nSam Lee, MD — Internal Medicine — UCLA DGSOM")
    assert [m.category for m in result.mentions] == ["caribbean", "us_md"]


# A code review's realistic lines: none may count a US school, a hospital, a hometown or an undergraduate college
# as a school abroad, or drop a resident.
@pytest.mark.parametrize("text", [
    "Jane Doe, MD - BU School of Medicine", "Jane Doe, MD - WVU School of Medicine", "Medical School: JHU School of Medicine",
    "Medical School: Mizzou School of Medicine", "Medical School: UK College of Medicine",
    "Medical School: USA College of Medicine", "Medical School: University of New England",
    "Name\tMedical School\nJane Doe\tSeton Hall University", "Name\tMedical School\nJane Doe\tOld Dominion University",
    "Name\tMedical School\nJane Doe\tOral Roberts University", "Name\tMedical School\nJane Doe\tBarry University",
])
def test_a_us_school_written_short_or_a_us_university_is_never_counted_abroad(text):
    assert not [m for m in count_roster(text).mentions if m.category in ("international", "caribbean")]


@pytest.mark.parametrize("text, categories", [
    ("Dignity Health St. Mary Medical Center\nJane Doe, MD — Ross University\nSam Lee, DO — WesternU COMP\n"
     "St. Mary Medical Center, 1050 Linden Ave, Long Beach, CA", ["caribbean", "us_do"]),
    ("Harbor-UCLA Medical Center\nJane Doe, MD — Ross University", ["caribbean"]),
    ("Loma Linda University Health | Internal Medicine\nJane Doe, MD — Ross University", ["caribbean"]),
    ("Jane Doe, MD — Ross University | Prelim: St. Vincent Medical Center", ["caribbean"]),
    ("Jane Doe, MD — Ross University\nNassau University Medical Center", ["caribbean"]),
    ("Jane Doe, MD | Valencia, CA | Ross University School of Medicine", ["caribbean"]),
    ("Jane Doe, MD | San Marino, CA | Ross University School of Medicine", ["caribbean"]),
    ("Jane Doe, MD | Princeton University | Ross University School of Medicine", ["caribbean"]),
    ("Jane Doe, MD, Princeton University (BA), Ross University School of Medicine", ["caribbean"]),
    ("PGY-1 residents: Jane Doe (Ross University), John Roe (UCLA)", ["caribbean", "us_md"]),
    ("Our residents come from: Ross University, UCLA DGSOM", ["caribbean", "us_md"]),
    ("Welcome our new interns: Jane Doe (Ross University), John Roe (UCLA)", ["caribbean", "us_md"]),
    ("Medical School: Touro University California (affiliated with Touro College)", ["us_do"]),
    ("Medical School: University of Lagos (Department of Surgery scholar)", ["international"]),
])
def test_hospitals_hometowns_and_colleges_are_not_schools_and_no_resident_is_dropped(text, categories):
    assert [m.category for m in count_roster(text).mentions] == categories


def test_a_name_both_unrecognised_and_placed_is_offered_once():
    result = count_roster("Jane Doe, MD - Zorbex College of Medicine\n"
                          "John Roe, MD, Zorbex College of Medicine, San Antonio, TX")
    assert "Zorbex College of Medicine" in result.unrecognised()
    assert "Zorbex College of Medicine" not in result.placed_by_rule()


# A second review's lines: sentences, other schools' labels, tracks and card fields.
@pytest.mark.parametrize("text, categories", [
    ("Jane Doe, MD\nFun fact: I was a high school teacher before medical school.", []),
    ("Jane Doe, MD\nMedical school graduation year: 2022", []),
    ("Applicants must have graduated from medical school within 5 years.", []),
    ("Jane Doe, MD — Ross University\nAfter medical school she volunteered with Doctors Without Borders",
     ["caribbean"]),
    ("Jane Doe, MD\nBefore medical school, she was a pharmacist in Karachi.", []),
    ("Jane Doe, MD\nMedical School: UC Riverside School of Medicine\nHigh School: Granada Hills Charter High School",
     ["us_md"]),
    ("Jane Doe, MD\nMedical School: UCI\nGraduate School: University of the Punjab", ["us_md"]),
    ("Jane Doe, MD\nMedical School: LLUSM\nBachelor's: Yerevan State University", ["us_md"]),
    ("Jane Doe, MD\nResearch: Institute of Medical Sciences", []),
    ("Preliminary Medicine: Jane Doe, MD (Saba University)", ["caribbean"]),
    ("Family Medicine, Jane Doe, MD, King Edward Medical University, Lahore", ["international"]),
    ("She earned her medical degree from Ross University School of Medicine and chose our residency for its "
     "community focus.", ["caribbean"]),
    ("Jane Doe, MD | Ross University School of Medicine | Hometown: Fontana, CA", ["caribbean"]),
    ("Jane Doe, MD — King Edward Medical University, Lahore — Hometown: Lahore, Pakistan", ["international"]),
    ("Jane Doe, DO (WesternU COMP) — Hobbies: hiking", ["us_do"]),
    ("Jane Doe, MD | Languages: Spanish, Tagalog | Ross University", ["caribbean"]),
    ("Our program is affiliated with Western University of Health Sciences and Touro University California", []),
    ("Jane Doe, MD | Loma Linda, CA | Ross University School of Medicine", ["caribbean"]),   # a hometown
    ("11234 Anderson Street, Loma Linda, California 92354\nJane Doe, MD — Ross University", ["caribbean"]),
    ("Jane Doe, MD — Loma Linda University School of Medicine", ["us_md"]),
])
def test_sentences_other_schools_tracks_and_card_fields_count_as_a_reader_would(text, categories):
    assert [m.category for m in count_roster(text).mentions] == categories


@pytest.mark.parametrize("heading", ["2025-2026 Residents", "Internal Medicine Residents", "Intern Class"])
def test_a_residents_heading_after_a_faculty_menu_item_counts_again(heading):
    text = f"Home\nAbout the Program\nFaculty\nCurriculum\n{heading}\nJane Doe, MD — Ross University\nSam Lee, MD — UCI"
    assert [m.category for m in count_roster(text).mentions] == ["caribbean", "us_md"]


def test_an_unknown_school_written_two_ways_is_offered_once():
    result = count_roster("Jane Doe, MD — Zorbex Academy of Health\nSam Lee, MD — ZORBEX ACADEMY OF HEALTH")
    assert result.counts["unrecognised"] == 2 and result.unrecognised() == ["Zorbex Academy of Health"]
