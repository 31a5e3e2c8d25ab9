"""The SmartPick list: fees exact at band edges, plans monotone in budget, never a Not eligible program or a
signal on one, greedy near exhaustive search, the plan CLI contract and cohort mode, the exports."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from smartpick_core import ApplicationPlan, Profile, load_programs, plan
from smartpick_core.model.fit import fit_for
from smartpick_core.model.outlook import ListChances, list_outlook
from smartpick_core.model.scoring import score
from smartpick_core.strategy.fees import application_fee, cost_breakdown, season_fees
from smartpick_core.strategy.settings import STRATEGY_SETTINGS
from smartpick_core.strategy.signals import signal_allowance
from smartpick_core.views.plan_report import LIST_COLUMNS, headline, list_csv_text, printable_html

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "profile_im_inland_empire.json"
PROGRAMS = load_programs()
CYCLE = 2027
FEES = season_fees(2026)
PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    phases=[Phase.explicit, Phase.reuse, Phase.generate])   # plans are slow to shrink


def example_profile() -> Profile:
    return Profile.from_dict(json.loads(EXAMPLE.read_text()))


profiles = st.builds(
    lambda specialty, step2, visa, usce, step3, lors: Profile.from_dict(dict(
        specialty=specialty, step2_ck=step2, visa=visa, usce_months=usce, socal_usce_months=min(usce, 3.0),
        step3=step3, us_lors=lors, graduation_year=2024)),
    st.sampled_from(["Internal Medicine", "Family Medicine", "Psychiatry", "Pediatrics", "Neurology", "Pathology"]),
    st.integers(200, 270), st.sampled_from(["none", "J-1", "H-1B", "J-1 or H-1B"]), st.sampled_from([0.0, 3.0, 12.0]),
    st.sampled_from(["not_taken", "passed"]), st.integers(0, 4),
)


# --- fees ------------------------------------------------------------------------------------------------
@given(st.integers(0, 600))
def test_eras_fee_is_exact_for_every_list_size(n):
    assert application_fee(n, FEES) == 11 * min(n, 30) + 30 * max(n - 30, 0)


def test_eras_fee_exact_at_the_band_edge_30_31():
    assert application_fee(30, FEES) == 330
    assert application_fee(31, FEES) == 360
    assert application_fee(31, FEES) - application_fee(30, FEES) == 30
    assert application_fee(np.array([29, 30, 31, 32]), FEES).tolist() == [319, 330, 360, 390]


@given(st.integers(0, 400))
def test_residencycas_fee_is_exact(n):
    expected = (99 if n >= 1 else 0) + 18 * max(0, min(n, 30) - 18) + 23 * max(0, n - 30)
    assert application_fee(n, FEES, "ResidencyCAS") == expected


@given(st.integers(0, 200), st.integers(1, 200))
def test_a_second_specialty_adds_its_own_eras_bands(a, b):
    cost = cost_breakdown({"Internal Medicine": a, "Family Medicine": b}, FEES)
    eras = [i.usd for i in cost.items if i.item.startswith("ERAS application fees")]
    assert eras == [application_fee(a, FEES), application_fee(b, FEES)]
    assert sum(eras) == 11 * (min(a, 30) + min(b, 30)) + 30 * (max(a - 30, 0) + max(b - 30, 0))


def test_aamc_worked_fee_example_43_im_plus_7_dr_is_797():
    cost = cost_breakdown({"Internal Medicine": 43, "Diagnostic Radiology": 7}, FEES)
    assert sum(i.usd for i in cost.items if i.item.startswith("ERAS application fees")) == 797


def test_every_fee_row_has_a_source_and_a_status():
    rows = FEES.rows
    assert rows["source_url"].str.startswith("https://").all()
    assert rows["status"].isin(["confirmed", "unconfirmed"]).all()
    assert (rows.loc[rows["item"] == "NRMP registration", "status"] == "unconfirmed").all()


def test_signal_counts_come_from_the_season_table():
    im = signal_allowance("Internal Medicine", 2026)
    assert (im.gold, im.silver, im.confirmed) == (3, 12, True)
    fm = signal_allowance("Family Medicine", 2026)
    assert fm.total == 5 and not fm.confirmed and "not confirmed" in fm.note
    assert signal_allowance("Psychiatry", 2026).total == 10
    obgyn = signal_allowance("Obstetrics and Gynecology", 2026)
    assert obgyn.total == 0 and obgyn.application_system == "ResidencyCAS"


# --- the plan ----------------------------------------------------------------------------------------------
def test_worked_example_1_at_120_applications():
    result = plan(example_profile(), PROGRAMS, applications=120, cycle_year=CYCLE)   # speed: `make bench`
    assert isinstance(result, ApplicationPlan)
    assert result.applications == 120 == result.socal_applications + result.national_applications
    eras = next(i for i in result.cost.items if i.item == "ERAS application fees")
    assert eras.usd == 11 * 30 + 30 * 90
    o = result.outcome
    assert o.match_probability_low <= o.match_probability <= o.match_probability_high
    assert result.without_signals.match_probability <= result.half_signal_effect.match_probability <= o.match_probability
    assert 0 <= result.knee_applications <= len(result.curve) - 1
    first, second = headline(result)
    assert first.startswith("With 120 applications ($") and "the next $100 adds" in first
    assert second.startswith("Chance of no interview at all: ")


def test_the_knee_is_where_ten_more_applications_add_under_one_point():
    result = plan(example_profile(), PROGRAMS, applications=60, cycle_year=CYCLE)
    chance = result.curve["match_probability"].to_numpy()
    k = result.knee_applications
    assert np.all(chance[k + 10:] - chance[k:-10] < 0.01)
    if k > 0:
        assert chance[k - 1 + 10] - chance[k - 1] >= 0.01


@PROPERTY
@given(profiles, st.integers(0, 6000), st.integers(1, 3000), st.booleans(),
       st.lists(st.sampled_from(["Los Angeles", "Inland Empire", "Orange County", "San Diego"]), max_size=2))
def test_chance_never_falls_as_the_budget_grows(profile, budget, more, signals, prefer):
    small = plan(profile, PROGRAMS, budget_usd=budget, cycle_year=CYCLE, signals=signals, prefer_subregions=prefer)
    large = plan(profile, PROGRAMS, budget_usd=budget + more, cycle_year=CYCLE, signals=signals,
                 prefer_subregions=prefer)
    assert large.applications >= small.applications
    assert large.match_probability >= small.match_probability - 1e-9
    assert small.cost.total_usd <= budget + 1e-6 or small.applications == 0


@PROPERTY
@given(profiles, st.integers(0, 300), st.data())
def test_no_not_eligible_program_and_no_signal_on_one(profile, n, data):
    scored = score(profile, PROGRAMS, n_national=0, cycle_year=CYCLE).programs
    closed = scored.loc[~scored["eligible"], "program_id"].tolist()
    pins = data.draw(st.lists(st.sampled_from(closed), max_size=3, unique=True)) if closed else []
    result = plan(profile, PROGRAMS, applications=min(n, 300), include=pins, cycle_year=CYCLE)
    chosen = result.chosen
    assert chosen["eligible"].all()
    assert not set(closed) & set(chosen["program_id"])
    signalled = result.programs[result.programs["signal"] != ""]
    assert signalled["eligible"].all() and signalled["chosen"].all()
    assert all(s.target not in closed for s in result.signals)
    assert (result.programs.loc[~result.programs["eligible"], "why"].str.startswith("Not eligible")).all()


def _candidates(profile: Profile, n: int):
    """The eligible SoCal programs and the n best programs elsewhere, as the plan scores them (no signals)."""
    r = score(profile, PROGRAMS, cycle_year=CYCLE, explain=False)
    rows = np.flatnonzero(r.programs["eligible"].to_numpy())
    like, nat = r.likelihood, r.national
    socal = ListChances(like.log_odds[rows], like.open_chance[rows], np.zeros(len(rows)), np.ones(len(rows), bool))
    best = r.national_order[:n]
    national = ListChances(nat.log_odds[best], nat.open_chance[best], np.zeros(len(best)), np.zeros(len(best), bool))
    first = r.programs["tier"].to_numpy()[rows]
    return socal, national, np.isin(first, ["Realistic", "Reach"]), fit_for(profile.specialty)


def _exhaustive_best(profile: Profile, n: int, socal_first: bool) -> float:
    """Best chance to match over every list of n applications (SoCal subsets + the best national programs);
    with SoCal first, only lists that hold as many Realistic and Reach SoCal programs as n allows."""
    socal, national, first, fit = _candidates(profile, n)
    need = min(n, int(first.sum())) if socal_first else 0
    best = 0.0
    for k in range(0, min(n, len(socal.log_odds)) + 1):
        for subset in itertools.combinations(range(len(socal.log_odds)), k):
            if first[list(subset)].sum() < need or n - k > len(national.log_odds):
                continue
            chosen = ListChances.join([socal.take(np.array(subset, dtype=int)), national.take(np.arange(n - k))])
            best = max(best, list_outlook(profile.specialty, chosen, fit).match_probability)
    return best


small_specialties = profiles.map(lambda p: p.with_changes(specialty="Pathology")) | profiles.map(
    lambda p: p.with_changes(specialty="Neurology"))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(small_specialties, st.integers(1, 4), st.booleans())
def test_greedy_is_within_half_a_point_of_exhaustive_search(profile, n, socal_first):
    result = plan(profile, PROGRAMS, applications=n, signals=False, cycle_year=CYCLE, socal_first=socal_first)
    assert result.match_probability >= _exhaustive_best(profile, n, socal_first) - 0.005


def test_regional_preference_is_a_bonus_not_a_rule():
    base = plan(example_profile(), PROGRAMS, applications=4, cycle_year=CYCLE)
    prefer = plan(example_profile(), PROGRAMS, applications=4, prefer_subregions=["Inland Empire"], cycle_year=CYCLE)
    chosen = prefer.chosen
    assert (chosen["subregion"] == "Inland Empire").sum() > (base.chosen["subregion"] == "Inland Empire").sum()
    assert chosen.loc[chosen["subregion"] == "Inland Empire", "why"].str.contains("preferred sub-region").all()
    wide = plan(example_profile(), PROGRAMS, applications=150, prefer_subregions=["Inland Empire"], cycle_year=CYCLE,
                socal_first=False)
    assert wide.national_applications > 0          # still applies elsewhere: not a hard rule


def test_pins_and_exclusions():
    scored = score(example_profile(), PROGRAMS, n_national=0, cycle_year=CYCLE).programs
    open_ids = scored.loc[scored["eligible"]].sort_values("interview_probability")["program_id"].tolist()
    result = plan(example_profile(), PROGRAMS, applications=20, include=open_ids[:2], exclude=open_ids[-1:],
                  cycle_year=CYCLE)
    assert set(open_ids[:2]) <= set(result.chosen["program_id"])
    assert open_ids[-1] not in set(result.chosen["program_id"])
    why = result.programs.set_index("program_id")["why"]
    assert why[open_ids[-1]] == "Excluded by you" and why[open_ids[0]].startswith("Pinned by you")


def test_a_budget_below_the_fixed_fees_buys_no_applications():
    result = plan(example_profile(), PROGRAMS, budget_usd=50, cycle_year=CYCLE)
    assert result.applications == 0 and result.match_probability == 0


def test_json_contract_and_list_csv():
    result = plan(example_profile(), PROGRAMS, applications=240, cycle_year=CYCLE)
    data = result.to_json_dict()
    assert {"model_version", "profile", "programs", "national_applications", "tier_counts", "match_probability",
            "match_probability_low", "match_probability_high", "p_no_interview", "curve", "knee_applications",
            "cost"} <= set(data)
    assert data["programs"] and set(data["programs"][0]) == {"program_id", "name", "subregion", "tier",
                                                              "interview_probability", "signal", "reasons"}
    assert set(data["curve"][0]) == {"applications", "match_probability", "cost_usd"}
    assert any(i["item"] == "ERAS application fees" for i in data["cost"]["items"])
    assert abs(data["cost"]["total_usd"] - sum(i["usd"] for i in data["cost"]["items"])) < 0.02
    header = list_csv_text(result).splitlines()[0].split(",")
    assert header[:len(LIST_COLUMNS)] == list(LIST_COLUMNS)


def test_list_csv_is_formula_safe_and_html_escapes_names():
    hostile = PROGRAMS.copy()
    first = hostile.index[hostile["specialty"] == "Internal Medicine"][0]
    hostile.loc[first, "name"] = '=HYPERLINK("http://evil")<script>alert(1)</script>'
    result = plan(example_profile(), hostile, applications=400, cycle_year=CYCLE)
    if hostile.loc[first, "program_id"] in set(result.chosen["program_id"]):
        text = list_csv_text(result)
        assert "'=HYPERLINK" in text and not re.search(r'(^|\n|,)"?=HYPERLINK', text)
    html = printable_html(result)
    assert "<script" not in html.lower()


def test_printable_plan_is_self_contained():
    html = printable_html(plan(example_profile(), PROGRAMS, applications=120, prefer_subregions=["Inland Empire"],
                               cycle_year=CYCLE))
    assert "<svg" in html and "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    for text in ("Your list by tier", "Signals", "Cost", "Data caveats", "Chance of no interview at all"):
        assert text in html


def test_every_strategy_setting_is_documented_in_the_list_docs():
    readme = (ROOT / "docs" / "list.md").read_text(encoding="utf-8")
    for s in STRATEGY_SETTINGS:
        assert f"| `{s.name}` | {s.value:g} |" in readme, s.name


# --- command line ---------------------------------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smartpick_core", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


@pytest.mark.slow   # over 5 s: `make test`, not `make test-fast`
def test_plan_cli_json_table_and_csv():
    out = run_cli("plan", "--profile", str(EXAMPLE), "--applications", "120", "--cycle-year", str(CYCLE))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["national_applications"] + len(data["programs"]) == 120
    table = run_cli("plan", "--profile", str(EXAMPLE), "--budget", "2500", "--prefer", "Inland Empire",
                    "--format", "table", "--cycle-year", str(CYCLE))
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[1].startswith("With ")
    assert table.stdout.splitlines()[2].startswith("Chance of no interview at all")
    csv = run_cli("plan", "--profile", str(EXAMPLE), "--applications", "300", "--format", "csv")
    assert csv.returncode == 0 and csv.stdout.startswith("program,program_id,acgme_id,nrmp_codes")


@pytest.mark.parametrize("args", [
    ("--applications", "9999"), ("--budget", "abc"), ("--budget", "-5"), ("--applications", "10", "--budget", "5"),
    ("--applications", "10", "--prefer", "Mars"), ("--applications", "10", "--exclude", "no-such-id"), (),
    ("--applications", "10", "--format", "csv", "--cycle-year", "0"),
])
def test_plan_cli_bad_input_exits_2_with_one_line(args):
    out = run_cli("plan", "--profile", str(EXAMPLE), *args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and out.stderr.startswith("error")


@pytest.mark.parametrize("command", [("score",), ("plan", "--applications", "60")])
def test_cohort_mode_reports_a_bad_line_by_number_and_goes_on(tmp_path, command):
    good = json.dumps(json.loads(EXAMPLE.read_text()))
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text("\n".join([good, '{"step2_ck": 999}', "not json", good]) + "\n", encoding="utf-8")
    out = run_cli(command[0], "--profiles", str(cohort), *command[1:])
    assert out.returncode == 2
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == 4
    assert "model_version" in lines[0] and "model_version" in lines[3]
    assert lines[1]["line"] == 2 and "step2_ck" in lines[1]["error"]
    assert lines[2]["line"] == 3
    assert [line.split(":")[0] for line in out.stderr.splitlines()] == ["line 2", "line 3"]


def _exhaustive_signals(result, profile: Profile) -> float:
    """Best chance to match for the plan's own list over every placement of its signals on nameable programs."""
    r = score(profile, PROGRAMS, cycle_year=CYCLE, explain=False)
    chosen = result.programs["chosen"].to_numpy()
    like, nat = r.likelihood, r.national
    socal = ListChances(like.log_odds[chosen], like.open_chance[chosen], np.zeros(chosen.sum()), np.ones(chosen.sum(), bool))
    best_nat = r.national_order[:result.national_applications]
    national = ListChances(nat.log_odds[best_nat], nat.open_chance[best_nat], np.zeros(len(best_nat)),
                           np.zeros(len(best_nat), bool))
    budget = min(result.allowance.total, int(chosen.sum()))
    fit = fit_for(profile.specialty)
    best = 0.0
    for subset in itertools.combinations(range(int(chosen.sum())), budget):
        boosted = socal.log_odds.copy()
        boosted[list(subset)] += np.log(result.signal_odds_ratio)
        listed = ListChances.join([ListChances(boosted, socal.route, socal.facts_half, socal.socal), national])
        best = max(best, list_outlook(profile.specialty, listed, fit).match_probability)
    return best


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(small_specialties, st.integers(6, 12))
def test_signal_placement_is_within_half_a_point_of_exhaustive_search(profile, n):
    result = plan(profile, PROGRAMS, applications=n, cycle_year=CYCLE)
    assert result.match_probability >= _exhaustive_signals(result, profile) - 0.005
    assert result.match_probability >= result.without_signals.match_probability - 1e-9


# --- the list v2: SoCal first, a pool of distinct programs, signals on nameable programs, no fees for nothing ---
@PROPERTY
@given(profiles, st.integers(0, 200))
def test_with_socal_first_every_realistic_socal_program_is_on_a_list_that_has_room(profile, n):
    scored = score(profile, PROGRAMS, cycle_year=CYCLE, explain=False).programs
    realistic = set(scored.loc[scored["eligible"] & (scored["tier"] == "Realistic"), "program_id"])
    try:
        result = plan(profile, PROGRAMS, applications=n, cycle_year=CYCLE)
    except Exception as exc:     # a list larger than the candidates is refused in words
        assert "applications" in str(exc)
        return
    if result.no_fees_advice:
        assert result.applications == 0
        return
    if n >= len(realistic):
        assert realistic <= set(result.chosen["program_id"])


@PROPERTY
@given(profiles, st.integers(1, 150))
def test_no_signal_sits_on_a_placeholder_and_none_enters_twice(profile, n):
    try:
        result = plan(profile, PROGRAMS, applications=n, cycle_year=CYCLE)
    except Exception:
        return
    socal_ids = set(result.programs["program_id"])
    assert all(s.target in socal_ids and s.count == 1 for s in result.signals)
    assert len({s.target for s in result.signals}) == len(result.signals)
    assert (result.national["applications"] <= result.national["pool"]).all()
    assert result.leftover_signals == max(result.allowance.total - len(result.signals), 0) or result.applications == 0


@PROPERTY
@given(profiles)
def test_the_overview_chance_is_the_default_plans_chance(profile):
    """One number, one list: score()'s outlook is the plan at the documented number of applications."""
    outlook = score(profile, PROGRAMS, cycle_year=CYCLE, explain=False).outlook
    if outlook.applications == 0:
        return
    result = plan(profile, PROGRAMS, applications=outlook.applications, cycle_year=CYCLE)
    if result.no_fees_advice:
        assert outlook.match_probability < 0.01
        return
    assert result.match_probability == pytest.approx(outlook.match_probability, abs=1e-9)
    assert result.socal_applications == outlook.socal_applications


def test_h1b_without_step3_is_told_what_to_do_first_not_what_to_pay():
    profile = example_profile().with_changes(visa="H-1B")
    result = plan(profile, PROGRAMS, applications=108, cycle_year=CYCLE)
    assert result.applications == 0 and result.cost.total_usd == 0
    assert "Step 3" in result.no_fees_advice and "J-1" in result.no_fees_advice
    first, second = headline(result)
    assert first.startswith("Recommend no fees") and second.startswith("Money saved: $")
    assert result.money_saved_usd > 2000


@pytest.mark.parametrize("name", ["im_inland_empire", "fm_spanish_la"])
def test_worked_examples_lead_with_their_realistic_socal_programs(name):
    profile = Profile.from_dict(json.loads((ROOT / "examples" / f"profile_{name}.json").read_text()))
    result = plan(profile, PROGRAMS, applications=120, cycle_year=CYCLE)
    realistic = result.programs[result.programs["eligible"] & (result.programs["tier"] == "Realistic")]
    assert realistic["chosen"].all() and result.national_applications > 0
    assert result.signals and all(not s.target.startswith("~") for s in result.signals)
    assert result.optimiser_probability is not None


@pytest.mark.slow   # over 5 s: `make test`, not `make test-fast`
def test_plan_keeps_the_cli_contract_over_the_hostile_profiles(capsys):
    """Every malformed profile of the hostile corpus through `plan`: exit 2 and one line, or a plan."""
    from hostile_checks import HOSTILE, manifest

    from smartpick_core import cli

    fixture = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
    for name, expect in manifest()["profiles"].items():
        path = HOSTILE / "profiles" / name
        if not path.is_file():
            continue
        code = cli.main(["plan", "--profile", str(path), "--programs", str(fixture), "--applications", "10"])
        out, err = capsys.readouterr()
        if expect == "refuse":
            assert code == 2 and out == "", name
            assert len(err.strip().splitlines()) == 1 and err.startswith("error"), (name, err[:200])
        else:
            assert code == 0 and json.loads(out)["national_applications"] >= 0, (name, err[:200])


@PROPERTY
@given(profiles, st.integers(0, 200))
def test_no_fees_are_recommended_when_even_the_largest_list_is_under_one_percent(profile, n):
    result = plan(profile, PROGRAMS, applications=n, cycle_year=CYCLE)
    best = float(result.curve["match_probability"].max())
    if best < 0.01:
        assert result.no_fees_advice and result.applications == 0 and result.cost.total_usd == 0
        assert headline(result)[0].startswith("Recommend no fees")
    else:
        assert not result.no_fees_advice
