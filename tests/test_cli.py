from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow   # the command line in subprocesses (`make test`, not `make test-fast`)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "profile_im_inland_empire.json"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smartpick_core", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def example_json() -> dict:
    out = run_cli("score", "--profile", str(EXAMPLE), "--national", "60", "--cycle-year", "2027")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_json_output_follows_the_public_contract(example_json):
    assert set(example_json) == {"model_version", "profile", "outlook", "programs", "season", "nrmp_source"}
    assert set(example_json["outlook"]) >= {"expected_interviews", "match_probability", "match_probability_low",
                                            "match_probability_high", "applications", "p_no_interview",
                                            "match_probability_if_interviewed"}
    assert 0 <= example_json["outlook"]["p_no_interview"] <= 1
    assert example_json["programs"], "the example specialty has programs"
    for program in example_json["programs"]:
        assert set(program) == {"program_id", "name", "specialty", "subregion", "eligible", "tier", "interview_probability",
                                "effective_score", "usual_interview_score", "reasons"}
        assert program["tier"] in {"Realistic", "Reach", "Ultra-reach", "Not eligible"}
        assert program["specialty"] == example_json["profile"]["specialty"]
        assert 0 <= program["interview_probability"] <= 1
        assert program["reasons"]


def test_applications_count_eligible_socal_programs_plus_national(example_json):
    eligible = sum(p["eligible"] for p in example_json["programs"])
    assert example_json["outlook"]["applications"] == eligible + 60


def test_csv_and_table_formats(tmp_path):
    csv = run_cli("score", "--profile", str(EXAMPLE), "--format", "csv")
    assert csv.returncode == 0 and csv.stdout.splitlines()[0].startswith("program_id,name,subregion")
    assert "model_version" in csv.stdout.splitlines()[0]
    table = run_cli("score", "--profile", str(EXAMPLE), "--format", "table")
    assert table.returncode == 0 and "match" in table.stdout.splitlines()[0]


@pytest.mark.parametrize("content, words", [
    ('{"step2_ck": 190, "specialty": "Internal Medicine"}', "step2_ck"),
    ('{"visa": "F-1"}', "visa"),
    ('{"specialty": "Dermatology"}', "specialty"),
    ("{not json", "not valid JSON"),
])
def test_bad_profile_exits_2_with_one_line_and_no_traceback(tmp_path, content, words):
    path = tmp_path / "p.json"
    path.write_text(content)
    out = run_cli("score", "--profile", str(path))
    assert out.returncode == 2
    assert words in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_bad_program_file_exits_2_naming_row_and_column(tmp_path):
    source = (ROOT / "data" / "programs_added.csv").read_text().splitlines()
    header = source[0].split(",")
    bad = tmp_path / "bad.csv"
    lat = header.index("lat")
    import csv as _csv
    import io
    rows = list(_csv.reader(io.StringIO("\n".join(source[:3]))))
    rows[2][lat] = "51.5"  # London is not in Southern California
    buffer = io.StringIO()
    _csv.writer(buffer).writerows(rows)
    bad.write_text(buffer.getvalue())
    out = run_cli("score", "--profile", str(EXAMPLE), "--programs", str(bad))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "row 3" in out.stderr and "lat" in out.stderr


def test_missing_program_file_exits_2(tmp_path):
    out = run_cli("score", "--profile", str(EXAMPLE), "--programs", str(tmp_path / "nope.csv"))
    assert out.returncode == 2 and "not found" in out.stderr


@pytest.mark.parametrize("kind, words", [("directory", "cannot read the program file"),
                                         ("empty file", "not a readable CSV")])
def test_unreadable_program_file_exits_2_without_traceback(tmp_path, kind, words):
    path = tmp_path
    if kind == "empty file":
        path = tmp_path / "empty.csv"
        path.write_text("")
    out = run_cli("score", "--profile", str(EXAMPLE), "--programs", str(path))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert words in out.stderr and len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("year", ["1800", "2100"])
def test_implausible_cycle_year_exits_2_naming_the_range(year):
    out = run_cli("score", "--profile", str(EXAMPLE), "--cycle-year", year)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "cycle_year" in out.stderr and "needs to be between" in out.stderr


def test_table_head_gives_expected_interviews_with_its_band():
    head = run_cli("score", "--profile", str(EXAMPLE), "--format", "table").stdout.splitlines()[0]
    assert re.search(r"expected interviews \d+\.\d \(\d+\.\d–\d+\.\d\)", head)
