"""Speed of the SmartPick list (printed by `make bench`, not asserted): one plan on the bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartpick_core import Profile, load_programs, plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "profile_im_inland_empire.json"


@pytest.fixture(scope="module")
def programs():
    return load_programs()


def test_bench_plan_worked_example_1(benchmark, programs):
    profile = Profile.from_dict(json.loads(EXAMPLE.read_text()))
    result = benchmark(plan, profile, programs, applications=120, cycle_year=2027)
    assert result.applications == 120


def test_bench_plan_by_budget_with_preference(benchmark, programs):
    profile = Profile.from_dict(json.loads(EXAMPLE.read_text()))
    result = benchmark(plan, profile, programs, budget_usd=3000, prefer_subregions=["Inland Empire"], cycle_year=2027)
    assert result.cost.total_usd <= 3000
