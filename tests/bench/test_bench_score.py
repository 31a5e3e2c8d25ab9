"""Speed figures (printed by `make bench`, not asserted): one full score() and the scenario table."""

from __future__ import annotations

import pytest

from smartpick_core import Profile, compare_scenarios, load_programs, resolve_city, score



@pytest.fixture(scope="module")
def programs():
    return load_programs()


def test_bench_score_all_programs(benchmark, programs):
    profile = Profile(specialty="Internal Medicine", step2_ck=225)
    result = benchmark(score, profile, programs, n_national=80, cycle_year=2027)
    assert result.outlook.applications > 80


def test_bench_score_with_home_distances(benchmark, programs):
    home = resolve_city("Riverside")
    result = benchmark(score, Profile(), programs, n_national=80, cycle_year=2027, home=home)
    assert result.programs["miles_from_home"].notna().all()


def test_bench_scenarios(benchmark, programs):
    base = score(Profile(), programs, n_national=80, cycle_year=2027)
    table = benchmark(compare_scenarios, base, programs, n_national=80)
    assert len(table) >= 4
