"""The CLI over every file of the hostile corpus: exit status 0 or 2, one line, no traceback,
bounded time and memory. Each run is a subprocess under an address-space cap (RLIMIT_AS) and a timeout;
its peak RSS comes from wait4. The tally (tried / clean) is printed at the end of the pytest run."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hostile_checks import HOSTILE, ROOT, formula_cells, manifest

from make_corpus import runtime_cases

pytestmark = pytest.mark.slow   # every file of the hostile corpus through the command line: one process each (`make test`, not `make test-fast`)

FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
EXAMPLE = HOSTILE / "profiles" / "ok_example.json"   # the corpus's fixed valid profile
ADDRESS_SPACE_CAP = 3 * 1024 ** 3      # bytes; an unbounded read of /dev/zero would hit it
PEAK_RSS_LIMIT_MB = 700
TIME_LIMIT_S = 60                      # seconds per real process
WORKER_TIME_LIMIT_S = 400              # seconds for all cases in the worker
CASE_TIME_LIMIT_S = 20                 # seconds per case in the worker
MAX_ERROR_LINE = 500                   # characters: a bad value is quoted with at most 80

MANIFEST = manifest()


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def run_capped(argv: list[str], timeout: float = TIME_LIMIT_S) -> dict:
    """Run argv as a subprocess under the caps; returns returncode, stdout, stderr, seconds, peak RSS (MB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL, preexec_fn=_cap,
                                env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONIOENCODING": "utf-8"})
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        out.seek(0)
        err.seek(0)
        return {"returncode": os.waitstatus_to_exitcode(status), "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace"), "seconds": time.monotonic() - start,
                "rss_mb": usage.ru_maxrss / 1024, "escaped": None}


def cli(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "smartpick_core", *args]


def _cases(tmp: Path) -> dict[str, tuple[list[str], str]]:
    cases: dict[str, tuple[list[str], str]] = {}
    for name, expect in MANIFEST["profiles"].items():
        cases[f"profile:{name}"] = (["score", "--profile", str(HOSTILE / "profiles" / name), "--programs",
                                     str(FIXTURE), "--format", "csv"], expect)
    for name, expect in MANIFEST["programs"].items():
        cases[f"programs:{name}"] = (["score", "--profile", str(EXAMPLE), "--programs",
                                      str(HOSTILE / "programs" / name), "--format", "csv"], expect)
    for kind, name, path, expect in runtime_cases(tmp):
        if kind == "profile":
            args = ["score", "--profile", str(path), "--programs", str(FIXTURE)]
        else:
            args = ["score", "--profile", str(EXAMPLE), "--programs", str(path)]
            if "over_20mb" in name:         # the size bound itself, set below the 200 MB default
                args += ["--max-file-mb", "20"]
        cases[f"{kind}:{name}"] = (args, expect)
    arguments = {
        "cycle-year 0": ["--cycle-year", "0"], "cycle-year -1": ["--cycle-year", "-1"],
        "cycle-year 5000 digits": ["--cycle-year", "9" * 5000], "cycle-year fullwidth": ["--cycle-year", "２０２７"],
        "national fullwidth": ["--national", "８０"], "national 1e3": ["--national", "1e3"],
        "national -1": ["--national", "-1"], "national 10**12": ["--national", "1" + "0" * 12],
        "national 50k chars": ["--national", "x" * 50_000], "format markdown": ["--format", "markdown"],
        "unknown option": ["--bogus"], "no profile": None,
    }
    for label, extra in arguments.items():
        args = ["score", "--programs", str(FIXTURE)] if extra is None else \
            ["score", "--profile", str(EXAMPLE), "--programs", str(FIXTURE), *extra]
        cases[f"argument:{label}"] = (args, "refuse")
    cases["argument:no command"] = ([], "refuse")
    cases["argument:NUL in path"] = (["score", "--profile", "a\x01b", "--programs", str(FIXTURE)], "refuse")
    return cases


_TMP = Path(tempfile.mkdtemp(prefix="smartpick-hostile-"))
CASES = _cases(_TMP)
# Run as real processes, one each (exit status and stderr of the process itself, its own memory peak):
# inputs made to exhaust time or memory, and argument errors. The rest run in one capped worker process
# (tests/hostile/cli_worker.py calls cli.main per case: same contract, 100x faster).
_PROCESS_MARKERS = ("profile:/dev/", "programs:/dev/", "over_", "50mb", "deep_", "int_5000", "binary",
                    "argument:no command", "argument:unknown option", "argument:national 50k chars",
                    "profile:ok_example.json", "programs:ok_hostile_names.csv")
PROCESS_KEYS = [k for k in CASES if any(m in k for m in _PROCESS_MARKERS)]


@pytest.fixture(scope="module")
def results():
    """Every case's result: the worker's for all, overwritten by a real process run for PROCESS_KEYS."""
    cases_file, results_file = _TMP / "cases.json", _TMP / "results.json"
    cases_file.write_text(json.dumps({key: args for key, (args, _) in CASES.items()}))
    with ThreadPoolExecutor(max_workers=2) as pool:
        worker = pool.submit(run_capped, [sys.executable, str(HOSTILE / "cli_worker.py"), str(cases_file),
                                          str(results_file)], WORKER_TIME_LIMIT_S)
        processes = {key: pool.submit(run_capped, cli(CASES[key][0])) for key in PROCESS_KEYS}
        worker_run = worker.result()
        out = {key: f.result() for key, f in processes.items()}
    assert worker_run["returncode"] == 0, worker_run["stderr"][-2000:]
    assert worker_run["rss_mb"] < PEAK_RSS_LIMIT_MB, f"worker peak RSS {worker_run['rss_mb']:.0f} MB"
    in_worker = json.loads(results_file.read_text())
    return {key: out.get(key, in_worker[key]) | {"worker": in_worker[key]} for key in CASES}


def test_the_corpus_is_big_enough():
    assert len(MANIFEST["profiles"]) >= 60 and len(MANIFEST["programs"]) >= 30


@pytest.mark.parametrize("key", list(CASES))
def test_cli_keeps_its_contract(key, results, request):
    request.node.user_properties.append(("hostile", "CLI " + key.split(":")[0]))
    expect = CASES[key][1]
    r = results[key]
    stderr = r["stderr"]
    assert r["worker"]["escaped"] is None, f"exception escaped main(): {r['worker']['escaped']}"
    assert r["worker"]["seconds"] < CASE_TIME_LIMIT_S, f"took {r['worker']['seconds']:.0f} s"
    assert r["worker"]["returncode"] == r["returncode"]
    assert "Traceback" not in stderr and "Traceback" not in r["stdout"]
    assert r["seconds"] < TIME_LIMIT_S, f"took {r['seconds']:.0f} s"
    assert r["rss_mb"] < PEAK_RSS_LIMIT_MB, f"peak RSS {r['rss_mb']:.0f} MB"
    if expect == "ok":
        assert r["returncode"] == 0, stderr
        assert formula_cells(r["stdout"]) == [] or all(c.lstrip("-").replace(".", "").isdigit()
                                                        for c in formula_cells(r["stdout"]))
    else:
        assert r["returncode"] == 2, (r["returncode"], stderr[:300])
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), stderr[:500]
        assert len(lines[0]) <= MAX_ERROR_LINE
        assert str(ROOT) not in lines[0], "absolute project path in the message"
        assert r["stdout"] == ""


def test_hostile_names_come_out_formula_safe_in_the_csv(results):
    csv_text = results["programs:ok_hostile_names.csv"]["stdout"]
    assert "'=HYPERLINK" in csv_text and "'+cmd" in csv_text and "'@SUM" in csv_text
    assert formula_cells(csv_text) == []


def test_cycle_year_zero_is_refused_not_read_as_the_default(results):
    assert "cycle_year" in results["argument:cycle-year 0"]["stderr"]
