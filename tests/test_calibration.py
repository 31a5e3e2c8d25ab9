"""`make calibration` goals, as tests, on the frozen fit (never refitted here): the product's default view for a
population like NRMP's, in the six main specialties."""

from __future__ import annotations

import numpy as np
import pytest

from smartpick_core import Profile, load_programs, score
from smartpick_core.model.calibration import (
    BAND_WIDTH_GOAL, CALIBRATION_SPECIALTIES, COVERAGE_GOAL, MAE_GOAL, POPULATION_GOAL, check_specialty, coverage,
    evaluate, population_parts, reference_profile, weight_floor,
)
from smartpick_core.model.fit import FIT_FILE, fit_for, model_fits
from smartpick_core.model.nrmp import CO_SPECIALTY
from smartpick_core.model.profile import Visa


@pytest.mark.parametrize("specialty", CALIBRATION_SPECIALTIES)
def test_default_view_meets_every_goal(specialty):
    c = check_specialty(specialty)
    assert c.mae <= MAE_GOAL, c.rows
    assert abs(c.population - c.nrmp_rate) <= POPULATION_GOAL
    assert c.quartiles_ok and c.spread_ok, (c.matched, c.unmatched, c.ranks)
    assert c.band_width <= BAND_WIDTH_GOAL


def test_fit_band_covers_held_out_bins_as_often_as_it_claims():
    share, n = coverage()
    assert n >= 25
    assert COVERAGE_GOAL[0] <= share <= COVERAGE_GOAL[1]


def test_every_nrmp_specialty_in_use_has_a_frozen_fit():
    assert FIT_FILE.exists()
    fitted = set(model_fits())
    for name in CALIBRATION_SPECIALTIES:
        assert CO_SPECIALTY[name] in fitted
        assert fit_for(name).fitted


@pytest.mark.parametrize("specialty", CALIBRATION_SPECIALTIES)
def test_weights_respect_their_floor(specialty):
    assert fit_for(specialty).weight >= weight_floor(specialty) - 1e-9


@pytest.mark.parametrize("specialty", ["Internal Medicine", "Family Medicine", "Pathology"])
def test_calibration_measures_exactly_what_the_overview_shows(specialty):
    """The decomposed population evaluation equals score() of the same reference applicant (the default list)."""
    fit = fit_for(specialty)
    parts = population_parts(specialty)
    ev = evaluate(parts, fit.anchor, fit.weight, fit.sigma)
    programs = load_programs()
    for i in np.linspace(0, len(parts.scores) - 1, 4).astype(int):
        profile = reference_profile(specialty, max(int(parts.scores[i]), 196))
        assert score(profile, programs, explain=False).outlook.match_probability == pytest.approx(ev.match[i], abs=1e-9)


def test_family_medicine_interview_chances_rise_with_the_score():
    """NRMP's FM match rates barely move with the score, but programs screen on it: the floor keeps it."""
    programs = load_programs()
    chances = [score(Profile(specialty="Family Medicine", step2_ck=s, visa=Visa.J1), programs, explain=False)
               .programs.query("eligible")["interview_probability"].to_numpy() for s in (200, 230, 260)]
    assert np.all(chances[1] > chances[0]) and np.all(chances[2] > chances[1])
