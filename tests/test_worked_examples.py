"""The advisors' worked examples (../shared/DOMAIN.md) and the median applicant: the model must agree with them.

Profiles: examples/profile_im_inland_empire.json (worked example 1) and
examples/profile_fm_spanish_la.json (worked example 2), scored on the bundled data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartpick_core import Profile, score
from smartpick_core.model.calibration import reference_profile
from smartpick_core.model.profile import application_cycle_year

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CYCLE = 2027


def _score(name: str, programs, n_national: int = 120):
    profile = Profile.from_dict(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))
    return score(profile, programs, n_national=n_national, cycle_year=CYCLE).programs


def test_example_1_im_218_gets_realistic_community_programs_in_the_inland_empire_orange_county_and_san_diego(bundled_programs):
    table = _score("profile_im_inland_empire.json", bundled_programs)
    realistic = table[table["tier"] == "Realistic"]
    target = realistic[(realistic["kind"] == "community")
                       & realistic["subregion"].isin(["Inland Empire", "Orange County", "San Diego"])]
    assert len(target) >= 3, realistic[["name", "subregion"]]
    assert set(realistic["kind"]) == {"community"}, "only community programs are Realistic for this profile"
    # Realistic programs are where the effective score meets what the program usually interviews
    assert (realistic["score_gap"] >= 0).all()


def test_example_1_hybrids_and_county_programs_are_reach(bundled_programs):
    table = _score("profile_im_inland_empire.json", bundled_programs)
    middle = table[table["eligible"] & table["kind"].isin(["university_affiliated_community", "county"])]
    assert len(middle) >= 6
    assert (middle["tier"] == "Reach").all(), middle[["name", "tier"]]


def test_example_1_elite_academic_centres_are_ultra_reach(bundled_programs):
    table = _score("profile_im_inland_empire.json", bundled_programs)
    elite = table[(table["kind"] == "academic_centre") & table["eligible"]]
    named = {a for a in ("UCLA", "UC San Diego", "UC Irvine", "USC", "Cedars-Sinai") if elite["name"].str.contains(a).any()}
    assert named == {"UCLA", "UC San Diego", "UC Irvine", "USC", "Cedars-Sinai"}
    assert (elite["tier"] == "Ultra-reach").all(), elite[["name", "tier"]]


def test_example_1_reasons_say_the_effective_score_in_points(bundled_programs):
    table = _score("profile_im_inland_empire.json", bundled_programs)
    row = table[(table["tier"] == "Realistic") & (table["subregion"] == "Inland Empire")].iloc[0]
    first = row["reasons"][0]
    assert first.startswith("Your 218 counts as about ")
    assert "hands-on USCE" in first and "US letters" in first and "SoCal USCE in this sub-region" in first
    assert "Programs like this usually interview around" in first


def test_example_2_fm_210_is_scored_with_realistic_programs_in_los_angeles_and_the_inland_empire(bundled_programs):
    table = _score("profile_fm_spanish_la.json", bundled_programs)
    realistic = table[table["tier"] == "Realistic"]
    assert (realistic["subregion"] == "Los Angeles").sum() >= 3
    assert (realistic["subregion"] == "Inland Empire").sum() >= 1
    la = realistic[realistic["subregion"] == "Los Angeles"].iloc[0]
    assert any("Spanish, spoken at home by" in r for r in la["reasons"]), la["reasons"]


def test_example_2_profile_notes_name_the_standard_of_its_day():
    profile = Profile.from_dict(json.loads((EXAMPLES / "profile_fm_spanish_la.json").read_text(encoding="utf-8")))
    assert any("209, from July 2014" in note for note in profile.notes)


@pytest.mark.parametrize("specialty", ["Internal Medicine", "Family Medicine", "Pediatrics", "Psychiatry", "Neurology",
                                       "Pathology"])
def test_the_median_applicant_sees_realistic_programs_in_every_main_specialty(bundled_programs, specialty):
    profile = reference_profile(specialty).with_changes(graduation_year=application_cycle_year() - 2)
    table = score(profile, bundled_programs, n_national=80).programs
    assert (table["tier"] == "Realistic").any(), table[["name", "tier", "score_gap"]]


def test_every_view_names_the_same_best_program(bundled_programs):
    from smartpick_core.views.figures import likelihood_chart
    from smartpick_core.model.ranking import top_programs
    from smartpick_core.views.summary import best_program_sentence
    from smartpick_core.views.tables import program_table

    profile = Profile.from_dict(json.loads((EXAMPLES / "profile_im_inland_empire.json").read_text(encoding="utf-8")))
    result = score(profile, bundled_programs, n_national=120, cycle_year=CYCLE)
    best = top_programs(result, 1).iloc[0]["name"]
    assert best in best_program_sentence(result)
    assert program_table(result).iloc[0]["Program"] == best
    assert best in likelihood_chart(result).figure.layout.title.text.replace("<br>", " ")   # a long title wraps


def test_example_1_limits_sentence_names_a_lever_not_a_minor_screen(bundled_programs):
    from smartpick_core import compare_scenarios
    from smartpick_core.views.summary import limiting_sentence

    profile = Profile.from_dict(json.loads((EXAMPLES / "profile_im_inland_empire.json").read_text(encoding="utf-8")))
    result = score(profile, bundled_programs, n_national=120, cycle_year=CYCLE)
    sentence = limiting_sentence(result, compare_scenarios(result, bundled_programs, n_national=120))
    assert "do not sponsor J-1" not in sentence          # 4 of 39 programs: not what limits this applicant
    assert "Realistic" in sentence and "points" in sentence
    assert "of what you can still change, the change that helps most: +1 strong US letter" in sentence


# --- no cliffs: the example as the domain gives it states neither a graduation year nor where in SoCal -----
@pytest.mark.parametrize("graduation_year", [2021, 2022, 2023, 2024, 2025])
@pytest.mark.parametrize("where", [True, False])
def test_example_1_keeps_its_pattern_whatever_the_graduation_year_and_where_in_socal(bundled_programs,
                                                                                    graduation_year, where):
    data = json.loads((EXAMPLES / "profile_im_inland_empire.json").read_text(encoding="utf-8"))
    data["graduation_year"] = graduation_year
    if not where:
        data["usce_subregions"] = []
    table = score(Profile.from_dict(data), bundled_programs, cycle_year=CYCLE).programs
    open_ = table[table["eligible"]]
    middle = open_[open_["kind"].isin(["university_affiliated_community", "county"])]
    assert len(middle) >= 6 and middle["tier"].isin(["Realistic", "Reach"]).all(), middle[["name", "tier"]]
    elite = open_[open_["kind"] == "academic_centre"]
    assert (elite["tier"] == "Ultra-reach").all()
    community = open_[open_["kind"] == "community"]
    assert (community["tier"] == "Realistic").sum() >= 3
