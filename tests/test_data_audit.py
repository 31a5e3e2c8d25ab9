"""Issue 24: the data audit holds on the bundled table (no duplicate key, no point off its site, no kind against
the sponsor rule without a listed exception), and a fact's weight follows its level and age."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartpick_core.programs.audit import SITE_RADIUS_KM, data_audit, points_off_site
from smartpick_core.programs.fact_levels import add_confidence, fact_confidence, fact_words, level_words
from smartpick_core.programs.table import load_programs

RESEARCH = Path(__file__).resolve().parents[1] / "data" / "research"


@pytest.fixture(scope="module")
def programs() -> pd.DataFrame:
    return load_programs()


@pytest.fixture(scope="module")
def audit(programs):
    keys = pd.read_csv(RESEARCH / "pass3_facts.csv", dtype=str, keep_default_na=False, usecols=["program_id", "field"])
    return data_audit(programs, keys)


def test_no_duplicate_program_ids_or_fact_keys(audit):
    assert audit.duplicate_keys.empty, audit.duplicate_keys.to_string()


def test_a_repeated_fact_key_is_caught(programs):
    keys = pd.DataFrame({"program_id": ["im-ucla", "im-ucla"], "field": ["sponsors_j1", "sponsors_j1"]})
    assert list(data_audit(programs, keys).duplicate_keys["key"]) == ["fact im-ucla.sponsors_j1"]


def test_every_point_lies_within_5_km_of_its_stated_hospital_or_place(audit):
    assert audit.far_points.empty, audit.far_points.to_string()


def test_a_point_moved_away_from_its_site_is_caught(programs):
    moved = programs.copy()
    row = moved.index[moved["program_id"] == "fm-kaiser-woodland-hills"][0]
    moved.loc[row, ["lat", "lon"]] = (34.05223, -118.24368)      # downtown Los Angeles, 33 km away
    far = points_off_site(moved)
    assert list(far["program_id"]) == ["fm-kaiser-woodland-hills"] and far["km"].iloc[0] > SITE_RADIUS_KM


def test_kinds_follow_the_sponsor_rule_or_a_listed_exception(audit, programs):
    assert audit.kind_inconsistencies.empty, audit.kind_inconsistencies.to_string()
    sponsors = pd.read_csv(RESEARCH / "sponsors.csv", dtype=str)
    listed = set(pd.read_csv(RESEARCH / "kind_exceptions.csv", dtype=str)["program_id"])
    for row in programs.itertuples():
        match = next((s for s in sponsors.itertuples() if re.search(s.pattern, row.institution)), None)
        if match is not None and row.program_id not in listed:
            assert row.program_type == match.kind, (row.program_id, row.program_type, match.kind)


def test_a_kind_breaking_the_rule_without_an_exception_is_caught(programs):
    broken = programs.copy()
    broken.loc[broken["program_id"] == "em-eisenhower-p3", "program_type"] = "community"
    bad = data_audit(broken).kind_inconsistencies
    assert list(bad["program_id"]) == ["em-eisenhower-p3"]


def test_every_known_visa_screen_and_share_fact_has_a_basis(programs):
    for field in ("accepts_imgs", "sponsors_j1", "sponsors_h1b", "yog_max_years", "usce_required",
                  "first_attempt_only", "img_share"):
        stated = programs[field].notna()
        assert programs.loc[stated, f"{field}_basis"].notna().all(), field
        assert programs.loc[~stated, f"{field}_basis"].isna().all(), field


def test_program_level_fact_beats_institution_wide_and_recent_beats_old():
    for year in (2016, 2022, 2026, None):
        assert fact_confidence("program", year) > fact_confidence("institution", year)
        assert fact_confidence("institution", year) > fact_confidence("other_program", year)
        assert fact_confidence("other_program", year) > fact_confidence("third_party", year)
    for basis in ("program", "institution", "other_program", "third_party", "advisor"):
        assert fact_confidence(basis, 2026) > fact_confidence(basis, 2021) > fact_confidence(basis, 2016)
    # the example: an institution-wide H-1B "no" from before the proclamation vs a program's 2026 page
    assert (fact_confidence("institution", 2019, field="sponsors_h1b", value="no")
            < fact_confidence("program", 2026, field="sponsors_h1b", value="no"))
    assert all(0.0 <= fact_confidence(b, y) <= 1.0 for b in ("program", "x", "") for y in (1990, 2100, None))


def test_fact_words_say_level_and_age_and_flag_old_statements():
    assert fact_words("H-1B", "no", "institution", 2019) == "H-1B: no (institution-wide statement, 2019 — verify)"
    assert fact_words("J-1", "yes", "program", 2024) == "J-1: yes (program's own statement, 2024)"
    assert level_words("other_program", None) == "another program of the same sponsor, undated"


def test_confidence_columns_exist_only_for_stated_visa_facts(programs):
    for field in ("sponsors_j1", "sponsors_h1b"):
        confidence = programs[f"{field}_confidence"]
        assert confidence[programs[field].isna()].isna().all()
        assert confidence[programs[field].notna()].between(0, 1).all()
    bare = add_confidence(programs.drop(columns=["sponsors_j1_basis", "sponsors_h1b_basis"]).drop(
        columns=["sponsors_j1_confidence", "sponsors_h1b_confidence"]))
    assert "sponsors_j1_confidence" not in bare


def test_a_weaker_stated_yes_counts_less_toward_the_visa_route(programs):
    from smartpick_core.model.likelihood import _route
    from smartpick_core.programs.kinds import selectivity_class

    rows = programs[programs["sponsors_j1"].eq("yes")].head(3).reset_index(drop=True)
    kinds = selectivity_class(rows)
    strong = rows.assign(sponsors_j1_confidence=1.0)
    weak = rows.assign(sponsors_j1_confidence=0.4)
    assert np.all(_route(strong, kinds, "j1") == 1.0)
    assert np.all(_route(weak, kinds, "j1") < 1.0)


def test_possibly_closed_rows_are_never_realistic(programs):
    from smartpick_core.model.profile import Profile, Visa
    from smartpick_core.model.scoring import score

    closed = programs[programs["status"] == "possibly_closed"]
    assert len(closed) >= 5
    for specialty in sorted(set(closed["specialty"])):
        result = score(Profile(specialty=specialty, step2_ck=260, visa=Visa.NONE), programs)
        tiers = result.programs.set_index("program_id")["tier"]
        for pid in closed.loc[closed["specialty"] == specialty, "program_id"]:
            assert tiers[pid] == "Not eligible", pid
