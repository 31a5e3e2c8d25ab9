"""The corrected back-test is scored out of sample (K-fold by student): a correction is never judged on the outcomes
it was fitted to. Simulated offices (tests/outcomes_sim.py): with no true shift the corrected Brier score is no
better than the national one beyond noise, while the in-sample score would have flattered it; with a +0.5 logit
shift at community programs the corrected model is better."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes_sim import simulate_office
from smartpick_core.model.backtest import (
    CROSS_FOLDS, OUT_OF_SAMPLE_LABEL, backtest, corrected_backtest, out_of_sample_chances, snapshot_count_words,
    student_folds,
)
from smartpick_core.model.local_correction import apply_offsets, fit_local_correction

OFFICES = 40
NOISE = 0.001       # Brier: in 100 offices without a shift the out-of-sample gain was never above 0.0004


def _briers(shift: dict[str, float] | None, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per office: national, corrected out of sample, corrected in sample (fitted and scored on the same data)."""
    out = []
    for i in range(OFFICES):
        office = simulate_office(np.random.default_rng(seed + i), shift)
        national = backtest(office, n_boot=10).scores.brier
        held_out = corrected_backtest(office, n_boot=10)[0].scores.brier
        offsets = fit_local_correction(office).offsets()
        flattered = backtest(office.assign(predicted_chance=apply_offsets(
            office["predicted_chance"].to_numpy(), office["kind"], offsets)), n_boot=10).scores.brier
        out.append((national, held_out, flattered))
    table = np.array(out)
    return table[:, 0], table[:, 1], table[:, 2]


def test_with_no_shift_the_out_of_sample_correction_is_no_better_than_national_beyond_noise():
    national, held_out, flattered = _briers(None, seed=500)
    gain = national - held_out
    assert gain.max() < NOISE
    assert gain.mean() <= 2 * gain.std(ddof=1) / np.sqrt(OFFICES)      # not better on average
    assert (gain > 0).mean() <= 0.5
    assert ((national - flattered) > 0).mean() >= 0.8                  # what the in-sample score used to show


def test_with_a_community_shift_the_out_of_sample_correction_is_better():
    national, held_out, _ = _briers({"community": 0.5}, seed=900)
    gain = national - held_out
    assert (gain > 0).mean() >= 0.95
    assert gain.mean() > NOISE


def test_a_students_corrected_chances_do_not_depend_on_their_own_outcomes():
    office = simulate_office(np.random.default_rng(3), {"community": 0.5}, n_students=25, n_apps=40)
    flipped = office.copy()
    mine = flipped["student"] == "student 7"
    flipped.loc[mine, "invited"] = np.where(flipped.loc[mine, "invited"] == "yes", "no", "yes")
    before, after = out_of_sample_chances(office), out_of_sample_chances(flipped)
    assert np.allclose(before[mine], after[mine])
    assert not np.allclose(before[~mine], after[~mine])          # the others' corrections did learn from student 7


def test_one_student_alone_gets_the_national_chances():
    office = simulate_office(np.random.default_rng(4), {"community": 1.0}, n_students=1, n_apps=60)
    assert np.allclose(out_of_sample_chances(office), office["predicted_chance"])


def test_the_corrected_backtest_says_it_is_out_of_sample_and_returns_the_full_fit():
    office = simulate_office(np.random.default_rng(5), {"community": 0.5})
    before = office.copy()
    result, correction = corrected_backtest(office, n_boot=50)
    assert result.model_shown == OUT_OF_SAMPLE_LABEL
    assert "evaluated on students left out of the fit" in result.sentences()[0]
    assert correction.offsets() == fit_local_correction(office).offsets()      # the one applied: every outcome
    pd.testing.assert_frame_equal(office, before)                             # the national chances untouched


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=120), st.integers(2, 8), st.integers(0, 1000))
def test_folds_keep_each_student_whole_and_are_balanced_and_fixed(students, folds, seed):
    names = pd.Series([f"Student {s}" if i % 2 else f" student {s} " for i, s in enumerate(students)])
    fold = student_folds(names, folds, seed)
    by_student = pd.Series(fold).groupby(np.array(students)).nunique()
    assert (by_student == 1).all()                                       # names compared without case or spaces
    per_fold = np.bincount(pd.Series(fold).groupby(np.array(students)).first(), minlength=folds)
    assert per_fold.max() - per_fold.min() <= 1
    assert np.array_equal(fold, student_folds(names, folds, seed))


def test_fewer_than_two_folds_is_refused_by_name():
    with pytest.raises(ValueError, match="folds"):
        student_folds(pd.Series(["a"]), 1)
    assert CROSS_FOLDS == 5


def test_the_snapshot_count_is_said_with_its_applications_and_students():
    office = simulate_office(np.random.default_rng(6), n_students=10, n_apps=10)
    office.loc[office["student"] == "student 0", "predicted_chance"] = np.nan
    office.loc[:4, "program_id"] = "im-x"
    words = snapshot_count_words(office)
    assert "90 of 100 applications (from 9 of 10 students)" in words
    assert "the other 10 can be compared with today's model only" in words
    assert "re-scores the 5 applications to SoCal programs" in words
