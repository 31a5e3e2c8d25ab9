"""The effective score and its reason, in score points (model/effective.py, model/reasons.py)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from smartpick_core import Profile, score
from smartpick_core.model.settings import setting

CYCLE = 2027


def _table(programs, **changes):
    base = dict(specialty="Internal Medicine", step2_ck=218, visa="J-1", usce_months=6, socal_usce_months=6,
                usce_subregions=["Inland Empire"], us_lors=3, socal_lors=2, research_items=2, graduation_year=2025)
    return score(Profile.from_dict(base | changes), programs, n_national=0, cycle_year=CYCLE).programs


def _points(reason: str) -> list[int]:
    listed = reason.split(": ", 1)[1].split(". Programs like this")[0]
    return [int(x.replace("−", "-")) for x in re.findall(r"([+−]\d+) ", listed)]


def test_the_effective_score_is_the_score_plus_the_listed_points(synthetic_programs):
    table = _table(synthetic_programs)
    for _, row in table[table["eligible"]].iterrows():
        reason = row["reasons"][next(i for i, r in enumerate(row["reasons"]) if r.startswith("Your 218 counts as about"))]
        shown = int(re.search(r"counts as about (\d+)", reason).group(1))
        assert shown == round(row["effective_score"])
        assert abs(218 + sum(_points(reason)) - row["effective_score"]) <= 0.5 * len(_points(reason)) + 0.5


def test_the_usual_range_is_the_usual_score_plus_minus_the_band(synthetic_programs):
    table = _table(synthetic_programs)
    row = table[table["eligible"]].iloc[0]
    low, high = map(int, re.search(r"usually interview around (\d+)–(\d+)", row["reasons"][0]).groups())
    half = setting("usual_band_points")
    assert (low, high) == (round(row["usual_interview_score"] - half), round(row["usual_interview_score"] + half))


def test_hands_on_usce_counts_more_at_community_programs_and_for_a_lower_score(synthetic_programs):
    low = _table(synthetic_programs, step2_ck=210)
    high = _table(synthetic_programs, step2_ck=250)
    community = low["kind"].eq("community") & low["eligible"]
    university = low["kind"].eq("university")
    gain_low = low["effective_score"] - 210
    gain_high = high["effective_score"] - 250
    assert gain_low[community].iloc[0] > gain_low[university].iloc[0]
    assert (gain_low[community] > gain_high[community]).all()


def test_socal_usce_counts_double_in_its_own_sub_region(synthetic_programs):
    table = _table(synthetic_programs, socal_lors=0)
    here = table[(table["subregion"] == "Inland Empire") & table["eligible"]].iloc[0]
    assert any("SoCal USCE in this sub-region" in r for r in here["reasons"])
    away = _table(synthetic_programs, socal_lors=0, usce_subregions=["San Diego"])
    same_row = away[away["program_id"] == here["program_id"]].iloc[0]
    expected = setting("socal_usce_points") * (1 - np.exp(-6 / setting("socal_usce_scale_months")))
    assert here["effective_score"] - same_row["effective_score"] == pytest.approx(
        expected * (setting("same_subregion_factor") - 1), abs=1e-6)


def test_observerships_can_never_be_socal_hands_on_usce():
    with pytest.raises(Exception, match="observerships cannot count"):
        Profile.from_dict({"usce_months": 0, "observership_months": 6, "socal_usce_months": 3})


def test_spanish_counts_where_the_county_speaks_it_and_says_so(bundled_programs):
    fm = bundled_programs[bundled_programs["specialty"] == "Family Medicine"]
    table = _table(fm, specialty="Family Medicine", languages=["Spanish"])
    la = table[(table["county"] == "Los Angeles") & table["eligible"]].iloc[0]
    riverside = table[(table["county"] == "Riverside") & table["eligible"]].iloc[0]
    assert any(re.search(r"\+3 Spanish, spoken at home by 38% of Los Angeles County", r) for r in la["reasons"])
    assert any("Spanish (county share not sourced" in r for r in riverside["reasons"])


def test_estimates_are_grouped_in_one_line_and_never_read_as_facts(synthetic_programs):
    table = _table(synthetic_programs)
    unknown = table[table["program_id"] == "im-test-2"].iloc[0]   # every fact unknown
    lines = [r for r in unknown["reasons"] if r.startswith("Estimated from programs like this")]
    assert len(lines) == 1 and "J-1 ~" in lines[0] and "IMG share ~" in lines[0] and "verify" in lines[0]
    known = table[table["program_id"] == "im-test-0"].iloc[0]      # J-1 and IMG share stated
    assert not any(r.startswith("Estimated from programs like this") for r in known["reasons"])
    assert "Accepts J-1" in known["reasons"]
