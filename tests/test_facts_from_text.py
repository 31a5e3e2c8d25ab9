"""`python -m smartpick_core facts from-text` and the proposals it prints (smartpick_core/facts/from_text.py)."""

from __future__ import annotations

import json

import pytest

from smartpick_core.cli import main
from smartpick_core.facts.from_text import eligibility_proposals, other_institutions_named, roster_proposals

PAGE = ("At this time, the David Geffen School of Medicine at UCLA accepts ECFMG J-1 clinical visas and F-1 visas. "
        "H-1 visas are only accepted if the applicant has graduated from a U.S. medical school.\n"
        "Is there a minimum Step 2 CK score?\nNo.\nApplicants must have graduated within the last 5 years.\n"
        "Passing of USMLE examinations on the first attempt\n")
ROSTER = "Name\tMedical School\nA\tUCLA DGSOM\nB\tRoss University\nC\tKEMU\nD\tWesternU COMP\n"


def run(capsys, *argv: str) -> tuple[int, dict | str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    try:
        return code, json.loads(out), err
    except ValueError:
        return code, out, err


def test_eligibility_items_map_to_recordable_facts_or_say_why_not():
    items = {item.fact: item for item in eligibility_proposals(PAGE).items}
    assert (items["sponsors_h1b"].field, items["sponsors_h1b"].record_value) == ("sponsors_h1b", "no")
    assert (items["attempts"].field, items["attempts"].record_value) == ("first_attempt_only", "yes")
    assert items["step2_min"].field is None and "no minimum" in items["step2_min"].why_not


def test_the_roster_item_is_the_share_as_counts():
    result = roster_proposals(ROSTER)
    assert [(i.field, i.record_value) for i in result.items] == [("img_share", "2 of 4")]


def test_a_page_naming_another_institution_is_flagged():
    named = other_institutions_named("Welcome to Cedars-Sinai Medical Center residency",
                                     ["UCLA Internal Medicine", "David Geffen School of Medicine at UCLA"],
                                     ["Cedars-Sinai Medical Center", "Kaiser Permanente Fontana"])
    assert named == ["Cedars-Sinai Medical Center"]              # as the program table writes it
    assert other_institutions_named("David Geffen School of Medicine at UCLA and Cedars-Sinai Medical Center",
                                    ["David Geffen School of Medicine at UCLA"], ["Cedars-Sinai Medical Center"]) == []


def test_a_rosters_medical_schools_are_no_sign_of_the_wrong_page_but_its_heading_is():
    import pandas as pd
    from smartpick_core.facts.from_text import other_institutions_for
    programs = pd.DataFrame({"program_id": ["im-a", "im-b"], "name": ["Desert Valley IM", "Harbor Coast IM"],
                             "institution": ["Desert Valley Medical Center", "David Geffen School of Medicine at UCLA"]})
    residents = "Medical School: David Geffen School of Medicine at UCLA\nMedical School: Ross University\n"
    assert other_institutions_for(residents, "im-a", programs, roster_proposals(residents).roster) == []
    assert other_institutions_for(residents, "im-a", programs) == ["David Geffen School of Medicine at UCLA"]
    headed = "David Geffen School of Medicine at UCLA Internal Medicine: our residents\n" + residents
    assert other_institutions_for(headed, "im-a", programs, roster_proposals(headed).roster) == [
        "David Geffen School of Medicine at UCLA"]


def test_from_text_prints_proposals_and_records_nothing_without_apply(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    code, out, _ = run(capsys, "facts", "from-text", "--program", "im-ucla", "--kind", "eligibility", str(page))
    assert code == 0 and out["applied"] is None
    assert {p["fact"]: p["value"] for p in out["proposals"]}["yog_max_years"] == "5"
    assert all(p["sentence"] and p["rule"] for p in out["proposals"])
    code, exported, _ = run(capsys, "facts", "export", "--format", "json")
    assert exported["facts"] == []


def test_from_text_apply_records_with_the_url_quote_and_rule(tmp_path, capsys):
    roster = tmp_path / "roster.txt"
    roster.write_text(ROSTER, encoding="utf-8")
    code, out, _ = run(capsys, "facts", "from-text", "--program", "im-ucla", "--kind", "roster", str(roster),
                       "--apply", "--source-url", "https://example.org/residents")
    assert code == 0 and [a["field"] for a in out["applied"]] == ["img_share"]
    _, exported, _ = run(capsys, "facts", "export", "--format", "json")
    fact = exported["facts"][0]
    assert fact["value"] == "0.5" and fact["source_type"] == "resident roster count"
    assert fact["source_note"].startswith("https://example.org/residents") and "roster.count" in fact["source_note"]
    assert not any(name in json.dumps(out) for name in ("\tA\t", "Name"))


def test_apply_without_a_url_a_binary_file_and_an_unknown_program_are_one_line_errors(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    code, _, err = run(capsys, "facts", "from-text", "--program", "im-ucla", "--kind", "eligibility", str(page),
                       "--apply")
    assert code == 2 and "--source-url" in err and err.count("\n") == 1
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    code, _, err = run(capsys, "facts", "from-text", "--program", "im-ucla", "--kind", "roster", str(binary))
    assert code == 2 and "binary" in err
    code, _, err = run(capsys, "facts", "from-text", "--program", "no-such-program", "--kind", "roster", str(page))
    assert code == 2 and "not a program id" in err


def test_paste_accept_record_changes_the_programs_chance_and_its_reasons_quote_the_recorded_facts(tmp_path):
    """The whole chain in the core: paste -> proposals -> the advisor's accepted values recorded with their source
    -> the overlay -> score: the chance moves and the reasons name each recorded value and where it came from."""
    import datetime as dt

    from smartpick_core import Profile, Visa, apply_recorded_facts, load_programs, score
    from smartpick_core.facts.from_text import source_note
    from smartpick_core.store import NO_SIGN_IN, open_store

    fixture = __import__("apptest_support").FIXTURE_PROGRAMS
    program = "im-test-la-community-c"              # J-1 and IMG share unknown: estimated from programs like it
    programs = load_programs([str(fixture)])
    profile = Profile(step2_ck=245, visa=Visa.J1)

    def chance_and_reasons(table):
        row = score(profile, table).programs.set_index("program_id").loc[program]
        return row["likelihood_text"], row["reasons_text"]

    before = chance_and_reasons(programs)
    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    url = "https://example.org/lynwood"
    page = eligibility_proposals("Visa sponsorship: we sponsor J-1 visas only.")
    roster = roster_proposals("Medical School\nKEMU\nRoss University\nAIIMS\nUCLA DGSOM\n")
    for item in (*page.items, *roster.items):
        if item.field and item.record_value:
            store.record_fact(program, item.field, item.record_value, source_type="program website",
                              source_note=source_note(url, item), checked_on=dt.date.today(), by=NO_SIGN_IN)
    after = chance_and_reasons(apply_recorded_facts(programs, store.current_facts()))
    store.close()
    assert after[0] != before[0]
    assert "Recorded by an advisor: Sponsors J-1: yes (advisor-recorded, program website" in after[1]
    assert "IMG share of residents: 0.75" in after[1] and "IMGs are 75% of residents" in after[1]
    assert "Recorded by an advisor" not in before[1]


def test_the_cli_counts_a_roster_with_the_workspaces_school_classifications(tmp_path, capsys, monkeypatch):
    from smartpick_core.store import NO_SIGN_IN, open_store
    from smartpick_core.store.aliases import record_alias

    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SMARTPICK_DATABASE_URL", raising=False)
    roster = tmp_path / "roster.txt"
    roster.write_text("Medical School\nNorthwind Academy of Health\nUCLA DGSOM\n", encoding="utf-8")
    _, before, _ = run(capsys, "facts", "from-text", "--program", "im-ucla", "--kind", "roster", str(roster))
    store = open_store(f"sqlite:///{tmp_path / 'smartpick.db'}")
    record_alias(store, "Northwind Academy of Health", "caribbean", by=NO_SIGN_IN)
    store.close()
    _, after, _ = run(capsys, "facts", "from-text", "--program", "im-ucla", "--kind", "roster", str(roster))
    assert before["roster"]["counts"]["unrecognised"] == 1 and before["roster"]["img_share_value"] == "0 of 1"
    assert after["roster"]["counts"]["caribbean"] == 1 and after["roster"]["img_share_value"] == "1 of 2"


def test_a_fact_the_page_states_two_ways_is_not_proposed_and_the_warning_quotes_both():
    result = eligibility_proposals("We sponsor H-1B visas.\nWe do not sponsor H-1B visas.")
    assert "sponsors_h1b" not in {item.fact for item in result.items}
    (warning,) = result.warnings
    assert '"yes" in "We sponsor H-1B visas."' in warning and '"no" in "We do not sponsor H-1B visas."' in warning


def test_a_heading_naming_another_programs_hospital_still_warns():
    import pandas as pd
    from smartpick_core.facts.from_text import other_institutions_for
    programs = pd.DataFrame({"program_id": ["im-a", "im-b"], "name": ["Desert Valley IM", "Harbor IM"],
                             "institution": ["Desert Valley Medical Center", "Harbor-UCLA Medical Center"]})
    page = "Harbor-UCLA Medical Center\nJane Doe, MD — Ross University\nJohn Roe, MD — UCLA DGSOM\n"
    assert other_institutions_for(page, "im-a", programs, roster_proposals(page).roster) == ["Harbor-UCLA Medical Center"]


@pytest.mark.parametrize("text, warning", [
    ("Medical School: Zorbex Academy of Health", "1 school not recognised: classify it, or it stays out of the share."),
    ("Medical School: Zorbex Academy of Health\nMedical School: Quillar Academy of Health",
     "2 schools not recognised: classify them, or they stay out of the share."),
])
def test_the_unrecognised_warning_agrees_with_its_count(text, warning):
    assert warning in roster_proposals(text).warnings


def test_the_share_caption_gives_its_counts_and_what_a_rule_placed_or_left_out():
    roster = roster_proposals("Medical School: UCLA DGSOM\nMedical School: Northwind University School of Medicine\n"
                              "Medical School: Zorbex Academy of Health\n").roster
    from smartpick_core.facts.from_text import share_caption
    assert share_caption(roster) == ("Non-Caribbean international share: 1 of 2 recognised schools (50%; proxy only, "
                                     "not recorded); 1 of the recognised placed by a rule, not a list; 1 unrecognised "
                                     "name left out.")
    assert share_caption(roster_proposals("Medical School: Zorbex Academy of Health").roster) is None


def test_the_unrecognised_warning_counts_distinct_names_like_the_list_below_it():
    text = "Jane Doe, MD — Zorbex Academy of Health\nSam Lee, MD — ZORBEX ACADEMY OF HEALTH"
    assert "1 school not recognised: classify it, or it stays out of the share." in roster_proposals(text).warnings


def test_a_town_that_is_a_schools_alias_reads_as_the_town_only_before_its_state():
    from smartpick_core.facts.roster import count_roster
    assert [m.category for m in count_roster("Jane Doe, MD | Loma Linda, CA | Ross University").mentions] == ["caribbean"]
    assert [m.category for m in count_roster("Jane Doe, MD | Loma Linda, is | Ross University").mentions] == [
        "us_md", "caribbean"]                                  # "is" is no state code
