"""`make calibration` goals, as tests: every main specialty within 4 points of NRMP by score bin."""

from __future__ import annotations

import pytest

from smartpick_core.model.calibration import (
    CALIBRATION_SPECIALTIES, calibration_rows, fit_score_weight, odds_ratio_per_10, weighted_mae,
)
from smartpick_core.model.likelihood import score_weight


@pytest.mark.parametrize("specialty", CALIBRATION_SPECIALTIES)
def test_model_is_within_4_points_of_nrmp_by_step2_bin(specialty):
    rows = calibration_rows(specialty)
    assert len(rows) == 6 and rows["applicants"].gt(0).all()
    assert weighted_mae(rows) <= 0.04, rows


def test_model_odds_ratios_lie_inside_nrmps_range():
    nrmp, model = [], []
    for specialty in CALIBRATION_SPECIALTIES:
        rows = calibration_rows(specialty)
        nrmp.append(odds_ratio_per_10(rows["nrmp_rate"], rows))
        model.append(odds_ratio_per_10(rows["model_rate"], rows))
    assert min(nrmp) - 0.01 <= min(model) and max(model) <= max(nrmp) + 0.01


@pytest.mark.parametrize("specialty", ["Internal Medicine", "Family Medicine"])
def test_stored_weights_are_the_fit(specialty):
    weight, _ = fit_score_weight(specialty)
    assert score_weight(specialty) == pytest.approx(weight, abs=0.021)


def test_family_medicine_score_weight_is_about_zero():
    """NRMP: matched 231 vs unmatched 232 - the score does not separate FM outcomes."""
    assert score_weight("Family Medicine") <= 0.05
