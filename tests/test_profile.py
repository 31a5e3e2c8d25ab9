from __future__ import annotations

import pytest

from smartpick_core import PROFILE_FIELDS, Profile, ProfileError, Step3, Visa
from smartpick_core.model.profile import current_year


def test_defaults_build_a_valid_profile():
    assert Profile().specialty == "Internal Medicine"


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("step2_ck", 195, "lowest passing standard was 196"),
        ("step2_ck", 301, "between 196 and 300"),
        ("socal_lors", 3, "between 0 and your US letters (2)"),
        ("usce_subregions", ["Bay Area"], "allowed: Los Angeles, Orange County"),
        ("step2_ck", "abc", "whole number"),
        ("step1", "failed", "pass, fail_then_pass"),
        ("step2_attempts", 0, "between 1 and"),
        ("step3", "maybe", "not_taken, passed, failed"),
        ("visa", "F-1", "none, J-1, H-1B, J-1 or H-1B"),
        ("usce_months", -1, "between 0 and 120"),
        ("observership_months", "x", "number of months"),
        ("us_lors", 7, "between 0 and 6"),
        ("research_items", -2, "between 0 and"),
        ("graduation_year", 1900, "between 1970"),
        ("socal_ties", "perhaps", "true or false"),
        ("languages", 5, "list of language names"),
    ],
)
def test_bad_value_names_the_field_and_the_allowed_range(field, value, words):
    with pytest.raises(ProfileError) as err:
        Profile.from_dict({field: value})
    assert str(err.value).startswith(f"{field}: ")
    assert words in str(err.value)
    assert err.value.field_name == field


def test_graduation_year_may_be_next_year_but_not_later():
    Profile.from_dict({"graduation_year": current_year() + 1})
    with pytest.raises(ProfileError, match="graduation_year"):
        Profile.from_dict({"graduation_year": current_year() + 2})


@pytest.mark.parametrize("score, standard, since", [
    (196, 196, "July 2012"), (202, 196, "July 2012"), (205, 203, "July 2013"), (210, 209, "July 2014"),
    (215, 214, "July 2022"), (217, 214, "July 2022"),
])
def test_a_score_that_passed_in_its_day_is_accepted_with_a_note_naming_its_standard(score, standard, since):
    notes = Profile.from_dict({"step2_ck": score}).notes
    assert any(f"standard of its day ({standard}, from {since})" in note and "218" in note for note in notes)
    assert not any("step2_ck" in note for note in notes), "notes are in words, not field names"


def test_below_nrmps_lowest_score_the_note_says_the_estimate_extrapolates():
    assert any("extrapolates" in note for note in Profile.from_dict({"step2_ck": 205}).notes)
    assert not any("extrapolates" in note for note in Profile.from_dict({"step2_ck": 210}).notes)
    assert Profile.from_dict({"step2_ck": 218}).notes == ()


def test_socal_usce_counts_hands_on_months_only():
    with pytest.raises(ProfileError, match="socal_usce_months") as err:
        Profile.from_dict({"usce_months": 2, "observership_months": 3, "socal_usce_months": 3})
    assert "observerships cannot count" in str(err.value)
    Profile.from_dict({"usce_months": 3, "observership_months": 1, "socal_usce_months": 3})


def test_unknown_field_is_refused_rather_than_ignored():
    with pytest.raises(ProfileError, match="step2ck"):
        Profile.from_dict({"step2ck": 230})


def test_specialty_must_exist_in_the_program_data():
    with pytest.raises(ProfileError, match="Dermatology"):
        Profile.from_dict({"specialty": "Dermatology"}, specialties={"Internal Medicine"})


def test_to_dict_round_trips_and_uses_the_public_field_names():
    profile = Profile.from_dict({"visa": "H-1B", "step3": "passed", "languages": ["spanish", "Tagalog"], "home": "Riverside"})
    data = profile.to_dict()
    assert tuple(data) == PROFILE_FIELDS
    assert data["visa"] == "H-1B" and data["languages"] == ["Spanish", "Tagalog"]
    assert Profile.from_dict(data) == profile


def test_strings_from_urls_are_coerced():
    profile = Profile.from_dict({"step2_ck": "231", "usce_months": "4.5", "socal_ties": "true", "visa": "J-1 or H-1B"})
    assert profile.step2_ck == 231 and profile.usce_months == 4.5 and profile.socal_ties
    assert profile.visa is Visa.J1_OR_H1B


def test_with_changes_validates():
    with pytest.raises(ProfileError):
        Profile().with_changes(step2_ck=100)
    assert Profile().with_changes(step3="passed").step3 is Step3.PASSED
