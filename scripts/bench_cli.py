"""`make bench` start-up and command-line figures. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_cli.py [--repeat 5] [--cohort 200]

1. Start-up: `import smartpick_core` against `import pandas` alone, each in a fresh interpreter,
   alternated and repeated; the medians and their ratio (goal: at most 2x).
2. One `python -m smartpick_core score` of worked example 1, wall clock from process start (goal: under 1 s)
   and the same against `python -c "import pandas"` (the floor any pandas tool pays).
3. A cohort: `score --profiles` over N profiles (default 200: the two worked examples varied across
   specialties, scores, visas and home cities; goal: under 5 s), as wall clock and as a ratio to the
   single-score command.
The machine is shared and noisy, so each figure is a median of fresh runs taken in the same session.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = (ROOT / "examples" / "profile_im_inland_empire.json", ROOT / "examples" / "profile_fm_spanish_la.json")
SPECIALTIES = ("Internal Medicine", "Family Medicine", "Pediatrics", "Psychiatry", "Neurology", "Pathology")
HOMES = ("Riverside", "Los Angeles", "San Diego", "Irvine", "Bakersfield", None)


def run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process; CPU time barely moves when other jobs load the box."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(commands: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, float]]:
    """Alternate the commands so a burst of load on the shared machine hits each of them alike."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(run(command))
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in times.items()}


def cohort_file(n: int, folder: Path) -> Path:
    """n profiles from the worked examples, varied deterministically (seeded)."""
    rng = random.Random(7)
    base = [json.loads(path.read_text(encoding="utf-8")) for path in EXAMPLES]
    path = folder / f"cohort_{n}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            profile = dict(base[i % 2], specialty=SPECIALTIES[i % len(SPECIALTIES)], step2_ck=rng.randint(205, 250),
                           visa=rng.choice(["J-1", "H-1B", "none"]))
            home = rng.choice(HOMES)
            profile.pop("home", None)
            if home:
                profile["home"] = home
            handle.write(json.dumps(profile) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cohort", type=int, default=200)
    args = parser.parse_args()
    py = sys.executable
    startup = medians({"pandas": [py, "-c", "import pandas"], "smartpick_core": [py, "-c", "import smartpick_core"]},
                      args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        cohort = cohort_file(args.cohort, Path(tmp))
        runs = medians({
            "score": [py, "-m", "smartpick_core", "score", "--profile", str(EXAMPLES[0]), "--format", "json"],
            "cohort": [py, "-m", "smartpick_core", "score", "--profiles", str(cohort), "--format", "json"],
        }, max(1, args.repeat // 2))
    base_wall, base_cpu = startup["pandas"]
    rows = [("import pandas (baseline)", startup["pandas"], None, None),
            ("import smartpick_core", startup["smartpick_core"], 2.0, "x pandas"),
            ("score, worked example 1 (whole command)", runs["score"], 1.0, "s"),
            (f"score --profiles, {args.cohort}-profile cohort", runs["cohort"], 5.0, "s")]
    print("\nStart-up and command line (median of fresh processes; the machine is shared: CPU time is the steadier "
          "figure)")
    print(f"{'figure':<44}{'wall s':>8}{'CPU s':>8}{'wall/base':>10}{'CPU/base':>9}  goal")
    for label, (wall_s, cpu_s), goal, unit in rows:
        line = f"{label:<44}{wall_s:>8.2f}{cpu_s:>8.2f}{wall_s / base_wall:>10.2f}{cpu_s / base_cpu:>9.2f}"
        if goal is not None:
            value = cpu_s / base_cpu if unit == "x pandas" else cpu_s
            verdict = "met" if value <= goal else "MISSED"
            shown = f"<= {goal:.0f}x pandas" if unit == "x pandas" else f"< {goal:.0f} s"
            line += f"  {shown} (CPU): {verdict}"
        print(line)
    per_profile = (runs["cohort"][1] - runs["score"][1]) / max(args.cohort - 1, 1) * 1000
    print(f"(base = `import pandas` in the same run; CPU per cohort profile: {per_profile:.0f} ms)")

if __name__ == "__main__":
    main()
