"""The anonymised export: what it drops, coarsens and keeps, and the five-student rule."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core.facts.outcomes_share import (
    MIN_STUDENTS, anonymise_outcomes, chance_band, graduation_band, step2_band,
)

NAMES = [f"Student Name {i}" for i in range(12)]


def _office(n_students: int = 12, consent: str = "yes") -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(0)
    apps = []
    for i in range(n_students):
        for j in range(8):
            shared = j < 6
            apps.append({"student": NAMES[i], "season": 2026, "specialty": "Internal Medicine",
                         "program_id": f"im-shared-{j}" if shared else f"im-rare-{i}-{j}",
                         "program_name": "Secret Name Hospital", "city": "Secret City", "state": "CA",
                         "kind": "community" if j % 2 else "county", "sub_region": "Los Angeles",
                         "invited": "yes" if rng.random() < 0.4 else "no", "invited_on": "2025-10-14",
                         "interviewed": "", "ranked": "", "predicted_chance": 0.25, "model_version": "2026.12.2"})
    seasons = pd.DataFrame({
        "student": NAMES[:n_students], "season": 2026, "result": ["matched"] * n_students,
        "matched_program": "Secret Name Hospital",
        "profile_json": [json.dumps({"specialty": "Internal Medicine", "step2_ck": 231 + (i % 3), "visa": "J-1",
                                     "graduation_year": 2021, "home": "Secret Town", "languages": ["Tagalog"]})
                         for i in range(n_students)],
        "model_version": "2026.12.2", "predicted_match": 0.5, "predicted_interviews": 3.0, "consent": consent})
    return pd.DataFrame(apps), seasons


def test_names_dates_and_free_text_are_dropped():
    shared = anonymise_outcomes(*_office())
    text = "\n".join(shared.csv_texts().values())
    for secret in ("Student Name", "Secret", "2025-10-14", "Tagalog"):
        assert secret not in text
    assert "invited_on" not in text and "student," not in text.split("\n")[0]


def test_the_profile_is_coarsened_to_bands_and_kinds_and_sub_regions_are_kept():
    shared = anonymise_outcomes(*_office())
    assert set(shared.students["step2_band"]) == {"230-239"}
    assert set(shared.students["graduation_band"]) == {"3-5"}
    assert set(shared.applications["kind"]) == {"community", "county"}
    assert set(shared.applications["sub_region"]) == {"Los Angeles"}


def test_program_ids_are_kept_only_where_five_students_applied():
    shared = anonymise_outcomes(*_office())
    ids = set(shared.applications["program_id"])
    assert {f"im-shared-{j}" for j in range(6)} <= ids
    assert not any(i.startswith("im-rare") for i in ids)


def test_every_cell_has_at_least_five_students_and_smaller_ones_are_counted_as_suppressed():
    shared = anonymise_outcomes(*_office(n_students=4))
    assert shared.applications.empty and shared.students.empty
    assert shared.suppressed_application_cells > 0 and shared.suppressed_student_cells == 1
    big = anonymise_outcomes(*_office())
    assert (big.applications["students"] >= MIN_STUDENTS).all()
    assert (big.students["students"] >= MIN_STUDENTS).all()


def test_only_consented_student_seasons_are_exported():
    shared = anonymise_outcomes(*_office(consent="no"))
    assert shared.applications.empty and shared.students.empty


def test_counts_add_up_to_the_recorded_applications():
    apps, seasons = _office()
    shared = anonymise_outcomes(apps, seasons)
    assert shared.applications["applications"].sum() == len(apps)
    assert shared.applications["invited"].sum() == (apps["invited"] == "yes").sum()
    assert shared.students["students"].sum() == len(seasons)


@pytest.mark.parametrize(("score", "band"), [(230, "230-239"), (239, "230-239"), (241, "240-249"), (None, "")])
def test_step2_bands_are_ten_points_wide(score, band):
    assert step2_band(score) == band


@settings(max_examples=100, deadline=None)
@given(st.integers(1970, 2030), st.integers(2000, 2031))
def test_graduation_bands_cover_every_year_before_the_season(graduation, season):
    band = graduation_band(graduation, season)
    assert (band != "") == (season - graduation >= -10)


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 1))
def test_chance_bands_hold_the_chance(chance):
    low = int(chance_band(pd.Series([chance])).iloc[0].split("-")[0])
    assert low / 100 <= chance < low / 100 + 0.1 or (chance == 1.0 and low == 90)
