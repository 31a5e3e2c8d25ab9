"""The back-test against outcomes simulated from a known model, its properties, and its words."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes_sim import simulate_office
from smartpick_core import Profile, load_programs, score
from smartpick_core.model.backtest import (
    MIN_APPLICATIONS, MIN_STUDENTS, backtest, brier_score, group_sentence, log_loss, today_chances,
)
from smartpick_core.model.local_correction import LOCAL_LABEL, fit_local_correction
from smartpick_core.views.backtest_report import calibration_chart, correction_table, group_table, outlook_side_by_side

OFFICES = 200
SHIFT = 0.5


def _offices(shift: float, seed: int) -> tuple[float, float, float, float]:
    """Over OFFICES simulated offices: share flagged at community programs, share with any kind flagged, share
    with a flagged decile, share of local-correction intervals at community programs holding the true shift."""
    rng = np.random.default_rng(seed)
    community = any_kind = decile = covered = 0
    for i in range(OFFICES):
        office = simulate_office(rng, {"community": shift})
        result = backtest(office, n_boot=100, seed=i)
        flagged = result.flagged_kinds()
        community += "community" in flagged
        any_kind += bool(flagged)
        decile += result.calibration_flagged
        fit = {k.kind: k for k in fit_local_correction(office).kinds}["community"]
        covered += fit.low <= shift <= fit.high
    return community / OFFICES, any_kind / OFFICES, decile / OFFICES, covered / OFFICES


def test_a_half_logit_shift_at_community_programs_is_flagged_and_the_correction_interval_covers_it():
    community, _, _, covered = _offices(SHIFT, seed=2026)
    assert community >= 0.80
    assert 0.70 <= covered <= 0.90


def test_with_no_shift_flags_stay_near_the_nominal_rate_and_the_correction_covers_zero():
    community, any_kind, decile, covered = _offices(0.0, seed=2027)
    assert community <= 0.05          # per kind: well under the 5% family-wise rate
    assert any_kind <= 0.10           # family-wise 5% (Bonferroni), with room for simulation noise
    assert decile <= 0.10
    assert 0.70 <= covered <= 0.90


def test_no_shift_gives_a_correction_near_zero():
    rng = np.random.default_rng(5)
    offsets = [fit_local_correction(simulate_office(rng)).offsets()["community"] for _ in range(20)]
    assert abs(float(np.mean(offsets))) < 0.05
    assert max(abs(o) for o in offsets) < 0.3


def test_the_sentence_says_how_often_students_were_invited_with_n_and_interval():
    office = simulate_office(np.random.default_rng(1), {"community": 0.6})
    result = backtest(office, n_boot=200)
    row = result.by_kind.set_index("group").loc["community"]
    sentence = group_sentence(row.to_dict() | {"group": "community"}, "community programs")
    assert sentence.startswith(f"At community programs, students were invited {row['ratio']:.1f}× as often")
    assert f"n = {int(row['n_applications']):,} applications from 40 students" in sentence
    assert f"80% interval {row['ratio_low']:.1f}–{row['ratio_high']:.1f}" in sentence
    assert row["ratio_low"] < row["ratio"] < row["ratio_high"]
    assert any(s.startswith("At community programs") for s in result.sentences())


def test_below_twenty_students_the_sample_is_too_small_but_counts_are_shown():
    office = simulate_office(np.random.default_rng(3), {"community": 2.0}, n_students=MIN_STUDENTS - 1, n_apps=10)
    result = backtest(office, n_boot=50)
    assert result.too_small
    assert not result.by_kind["flagged"].any() and not result.calibration["flagged"].any()
    assert result.by_kind["n_applications"].sum() == (MIN_STUDENTS - 1) * 10
    assert any("too small to judge" in s for s in result.sentences())


def test_enough_students_but_under_fifty_applications_is_too_small():
    office = simulate_office(np.random.default_rng(4), n_students=25, n_apps=1)
    assert len(office) < MIN_APPLICATIONS
    assert backtest(office, n_boot=50).too_small


def test_intervals_are_bootstrapped_by_student_so_clustered_offices_get_wider_intervals():
    rng = np.random.default_rng(8)
    plain = backtest(simulate_office(rng), n_boot=400).by_kind.set_index("group")
    clustered = backtest(simulate_office(rng, student_sd=1.0), n_boot=400).by_kind.set_index("group")
    width = (plain["ratio_high"] - plain["ratio_low"]).mean()
    clustered_width = (clustered["ratio_high"] - clustered["ratio_low"]).mean()
    assert clustered_width > 1.3 * width


def test_every_group_reports_its_students_and_applications():
    office = simulate_office(np.random.default_rng(9))
    result = backtest(office, n_boot=50)
    for table in (result.calibration, result.by_kind, result.by_sub_region):
        assert table["n_applications"].sum() == len(office)
        assert (table["n_students"] > 0).all() and (table["n_students"] <= 40).all()
    assert "outside SoCal" in set(result.by_sub_region["group"])


def test_applications_without_a_chance_are_left_out_and_counted():
    office = simulate_office(np.random.default_rng(10))
    office.loc[office.index[:30], "predicted_chance"] = np.nan
    result = backtest(office, n_boot=50)
    assert result.n_without_chance == 30 and result.n_applications == len(office) - 30


def test_applicant_level_compares_predicted_match_and_interviews_with_results():
    office = simulate_office(np.random.default_rng(11), n_students=30, n_apps=20)
    students = sorted(office["student"].unique())
    seasons = pd.DataFrame({"student": students, "season": 2026, "result": ["matched"] * 20 + ["unmatched"] * 10,
                            "predicted_match": 0.5, "predicted_interviews": 2.0})
    invited = office.groupby("student")["invited"].apply(lambda s: (s == "yes").sum()).mean()
    check = backtest(office, seasons, n_boot=200).applicants
    assert check.n_students == 30 and check.matched_rate == pytest.approx(2 / 3)
    assert check.matched_low <= 2 / 3 <= check.matched_high
    assert check.invitations == pytest.approx(invited)
    assert check.interviews_ratio == pytest.approx(invited / 2.0)


def test_an_unknown_chance_column_is_refused_by_name():
    with pytest.raises(ValueError, match="chance_column"):
        backtest(simulate_office(np.random.default_rng(0), n_students=2, n_apps=2), chance_column="nope")


def test_todays_chances_score_socal_programs_for_the_recorded_profile_and_keep_the_snapshot_elsewhere():
    programs = load_programs()
    profile = {"specialty": "Internal Medicine", "step2_ck": 235, "visa": "J-1", "graduation_year": 2022}
    apps = pd.DataFrame({"student": ["A", "A"], "season": [2026, 2026], "program_id": ["im-ucla", ""],
                         "kind": ["academic_centre", "community"], "invited": ["no", "yes"],
                         "predicted_chance": [0.5, 0.3]})
    seasons = pd.DataFrame({"student": ["A"], "season": [2026], "profile_json": [json.dumps(profile)]})
    expected = score(Profile.from_dict(profile), programs, cycle_year=2025, explain=False).programs \
        .set_index("program_id").loc["im-ucla", "interview_probability"]
    chances = today_chances(apps, seasons, programs)
    assert chances.iloc[0] == pytest.approx(expected) and chances.iloc[1] == 0.3
    corrected = today_chances(apps, seasons, programs, kind_offsets={"community": 1.0})
    assert corrected.iloc[1] > 0.3


@settings(max_examples=50, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=200))
def test_perfect_predictions_score_zero_and_the_baseline_is_never_better_than_perfect(outcomes):
    y = np.array(outcomes, dtype=float)
    assert brier_score(y, y) == 0.0
    assert log_loss(y, y) < 1e-3
    assert brier_score(np.full(len(y), y.mean()), y) >= brier_score(y, y)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.01, 0.99), min_size=2, max_size=100), st.floats(0.01, 0.99))
def test_the_office_rate_is_the_best_constant_prediction(chances, other):
    y = (np.array(chances) > 0.5).astype(float)
    rate = y.mean()
    assert brier_score(np.full(len(y), rate), y) <= brier_score(np.full(len(y), other), y) + 1e-12


def test_the_calibration_chart_draws_deciles_with_intervals_and_the_diagonal_and_names_the_model():
    office = simulate_office(np.random.default_rng(14), {"community": 1.0, "county": 1.0, "university": 1.0})
    result = backtest(office, n_boot=200)
    chart = calibration_chart(result)
    diagonal, deciles = chart.figure.data
    assert list(diagonal.x) == list(diagonal.y)
    assert len(deciles.x) == 10 and list(deciles.y) == pytest.approx(list(result.calibration["observed_rate"]))
    assert (np.array(deciles.error_y.array) >= 0).all() and (np.array(deciles.error_y.arrayminus) >= 0).all()
    title = chart.figure.layout.title.text.replace("<br>", " ")
    assert title.startswith("National model:") and "more invitations than predicted" in title
    assert "4000 applications" in title and "40 students" in title
    assert "80% interval" in deciles.text[0]
    local = backtest(office, n_boot=50, model_shown=LOCAL_LABEL)
    assert calibration_chart(local).figure.layout.title.text.startswith("With your office's local correction")


def test_a_small_sample_chart_says_it_is_too_few_to_judge():
    result = backtest(simulate_office(np.random.default_rng(15), n_students=5, n_apps=5), n_boot=50)
    assert "too few outcomes to judge" in calibration_chart(result).figure.layout.title.text


def test_the_tables_speak_in_words_and_the_outlooks_stand_side_by_side():
    office = simulate_office(np.random.default_rng(16), {"community": 0.8})
    result = backtest(office, n_boot=100)
    table = group_table(result.by_kind, result.level).set_index("Group")
    assert table.loc["community programs", "Judged"] == "miscalibrated"
    assert table.loc["community programs", "Invited ÷ predicted"].endswith("×")
    correction = correction_table(fit_local_correction(office)).set_index("Program kind")
    assert float(correction.loc["community programs", "Odds ×"]) > 1.5
    profile = Profile.from_dict({"specialty": "Internal Medicine", "step2_ck": 228, "visa": "J-1"})
    programs = load_programs()
    both = outlook_side_by_side(score(profile, programs, cycle_year=2027),
                                score(profile, programs, cycle_year=2027, kind_offsets={"community": 0.5}))
    assert list(both.columns) == ["", "National model", "With your office's local correction"]
    assert both.iloc[0, 1] != both.iloc[0, 2]


def test_a_sub_region_that_stands_out_is_said_in_words():
    office = simulate_office(np.random.default_rng(18))
    la = office["sub_region"] == "Los Angeles"
    office.loc[la, "invited"] = np.where(np.random.default_rng(19).random(int(la.sum())) < 0.6, "yes", "no")
    sentences = backtest(office, n_boot=100).sentences()
    assert any(s.startswith("At programs in Los Angeles, students were invited") for s in sentences)
    assert not any(s.startswith("At programs in San Diego") for s in sentences)


@given(observed=st.integers(0, 200), expected=st.floats(0.05, 200))
def test_the_exact_ratio_interval_holds_the_ratio_and_never_collapses(observed, expected):
    from smartpick_core.model.backtest import poisson_ratio_interval

    low, high = poisson_ratio_interval(np.array([observed]), np.array([expected]), 0.8)
    ratio = observed / expected
    assert 0 <= low[0] <= ratio <= high[0]
    assert high[0] > low[0]                       # zero invitations still leave an upper bound above zero


def test_zero_invitations_give_an_interval_above_zero_in_words():
    from smartpick_core.model.backtest import group_sentence

    row = {"n_applications": 120, "n_students": 24, "too_small": False, "invited": 0, "expected": 2.3,
           "ratio": 0.0, "ratio_low": 0.0, "ratio_high": 0.7, "flagged": False}
    text = group_sentence(row, "county programs")
    assert "0 invited, 2.3 predicted" in text and "interval 0.0–0.7" in text


def test_a_small_prediction_never_reads_as_a_bare_zero():
    from smartpick_core.model.wording import expected_words

    assert expected_words(0.04) == "<0.1" and expected_words(0.0) == "0.0" and expected_words(1.84) == "1.8"


def test_a_sentence_never_says_0_0_predicted_for_a_small_non_zero_count():
    from smartpick_core.model.backtest import group_sentence

    row = {"n_applications": 3, "n_students": 2, "too_small": True, "invited": 1, "expected": 0.02,
           "ratio": 50.0, "ratio_low": 5.0, "ratio_high": 90.0, "flagged": True}
    assert "<0.1 were predicted" in group_sentence(row, "community programs")
    judged = {**row, "too_small": False, "n_applications": 400, "n_students": 40}
    sentence = group_sentence(judged, "community programs")
    assert "<0.1 predicted" in sentence and "0.0 predicted" not in sentence
