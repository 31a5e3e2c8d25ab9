"""Hard screens, one fact at a time, on the synthetic table (tests/conftest.py)."""

from __future__ import annotations

import pytest

from smartpick_core.model.estimates import j1_rates

from smartpick_core import Profile, score


def _row(result, index):
    return result.programs.iloc[index]


def _run(programs, **profile):
    return score(Profile.from_dict({"specialty": "Internal Medicine"} | profile), programs, n_national=0, cycle_year=2027)


def test_h1b_only_applicant_is_not_eligible_where_program_sponsors_j1_only(synthetic_programs):
    result = _run(synthetic_programs, visa="H-1B", step3="passed")
    row = _row(result, 1)
    assert row["tier"] == "Not eligible"
    assert "Not eligible — does not sponsor H-1B" in row["reasons"]


def test_h1b_without_step3_is_not_eligible_even_where_h1b_is_sponsored(synthetic_programs):
    row = _row(_run(synthetic_programs, visa="H-1B", step3="not_taken"), 0)
    assert row["tier"] == "Not eligible"
    assert any("Step 3" in r for r in row["reasons"])


def test_h1b_with_step3_is_eligible_where_h1b_is_sponsored(synthetic_programs):
    assert _row(_run(synthetic_programs, visa="H-1B", step3="passed"), 0)["eligible"]


def test_unknown_visa_policy_is_uncertainty_not_a_yes(synthetic_programs):
    result = _run(synthetic_programs, visa="J-1")
    known, unknown = _row(result, 1), _row(result, 2)  # same type; J-1 stated vs unknown
    assert unknown["eligible"]
    assert unknown["sponsorship_probability"] == pytest.approx(j1_rates()["community"])   # community programs' rate
    assert unknown["sponsorship_estimated"] and not known["sponsorship_estimated"]
    assert unknown["interview_probability"] < known["interview_probability"]
    assert any(r.startswith("Estimated from programs like this: J-1 ~") and "JGME 2022" in r for r in unknown["reasons"])


def test_unknown_visa_policy_counts_more_than_a_known_refusal(synthetic_programs):
    result = _run(synthetic_programs, visa="J-1")
    assert _row(result, 2)["interview_probability"] > _row(result, 6)["interview_probability"] == 0


def test_published_step2_minimum_screens_lower_scores_only(synthetic_programs):
    below = _row(_run(synthetic_programs, step2_ck=240), 3)
    assert below["tier"] == "Not eligible" and "Not eligible — Step 2 CK minimum 245 (yours 240)" in below["reasons"]
    assert _row(_run(synthetic_programs, step2_ck=245), 3)["eligible"]


def test_graduation_year_limit(synthetic_programs):
    assert not _row(_run(synthetic_programs, graduation_year=2023), 4)["eligible"]  # 4 years > 3
    assert _row(_run(synthetic_programs, graduation_year=2024), 4)["eligible"]


def test_first_attempt_only_programs_refuse_failed_attempts(synthetic_programs):
    assert not _row(_run(synthetic_programs, step1="fail_then_pass"), 4)["eligible"]
    assert not _row(_run(synthetic_programs, step2_attempts=2), 4)["eligible"]
    assert _row(_run(synthetic_programs, graduation_year=2025), 4)["eligible"]


def test_usce_requirement_with_months(synthetic_programs):
    assert not _row(_run(synthetic_programs, usce_months=2), 5)["eligible"]
    assert _row(_run(synthetic_programs, usce_months=3), 5)["eligible"]


def test_military_programs_take_no_foreign_nationals_even_without_a_visa_need(synthetic_programs):
    row = _row(_run(synthetic_programs, visa="none"), 7)
    assert row["tier"] == "Not eligible" and any("military" in r for r in row["reasons"])


def test_kaiser_is_open_to_applicants_who_need_no_visa(synthetic_programs):
    assert _row(_run(synthetic_programs, visa="none"), 6)["eligible"]
    assert not _row(_run(synthetic_programs, visa="J-1"), 6)["eligible"]


def test_possibly_closed_program_is_not_eligible(synthetic_programs):
    assert not _row(_run(synthetic_programs), 9)["eligible"]


def test_unverified_program_counts_less_than_the_same_program_verified(synthetic_programs):
    result = _run(synthetic_programs, visa="none")
    assert _row(result, 8)["interview_probability"] < _row(result, 2)["interview_probability"]


def test_known_high_img_share_raises_the_chance(synthetic_programs):
    result = _run(synthetic_programs, visa="none")
    assert _row(result, 0)["interview_probability"] > _row(result, 2)["interview_probability"]


def test_regional_ties_help_at_socal_programs(synthetic_programs):
    plain = _run(synthetic_programs)
    tied = _run(synthetic_programs, socal_ties=True, languages=["Spanish"])
    assert (tied.programs["interview_probability"] >= plain.programs["interview_probability"]).all()
    assert _row(tied, 2)["interview_probability"] > _row(plain, 2)["interview_probability"]
