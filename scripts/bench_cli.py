"""`make bench` start-up and command-line figures. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_cli.py [--repeat 5] [--cohort 200]

1. Start-up: `import smartpick_core` against `import pandas` alone, each in a fresh interpreter,
   alternated and repeated; the medians and their ratio (goal: at most 2x).
2. One `python -m smartpick_core score` of worked example 1, wall clock from process start (goal: under 1 s)
   and the same against `python -c "import pandas"` (the floor any pandas tool pays).
3. A cohort: `score --profiles` over N profiles (default 200: the two worked examples varied across
   specialties, scores, visas and home cities; goal: under 5 s), as wall clock and as a ratio to the
   single-score command.
4. A national table through the CLI: `score` and `plan --applications 120` of worked example 1 with the bundled
   table, a realistic national specialty (800 programs, notes as long as the bundled ones) and the stress table
   (13,000 programs, short text fields, ~9 MB), both made by scripts/make_national_table.py in a temp dir. Wall
   clock, CPU and each process's own peak RSS (os.wait4), and the difference over the bundled table (goal: at most
   +1 s and +600 MB), with the derived-data cache off (every run reads and validates its table) and warm.
   `--baseline DIR` runs the same commands in another checkout (a `git worktree add DIR <commit>` of the code
   before a change) and prints before and after; `--only national` runs just this part.
The machine is shared and noisy, so each figure is a median of fresh runs taken in the same session.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_national_table import write_table

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


NATIONAL_TABLES: tuple[tuple[str, int, bool], ...] = (("800 programs", 800, True), ("13,000 programs", 13_000, False))
NATIONAL_COMMANDS: dict[str, list[str]] = {"score": ["score"], "plan": ["plan", "--applications", "120"]}
NATIONAL_GOAL_S, NATIONAL_GOAL_MB = 1.0, 600.0


def run_measured(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one fresh process: its own peak from os.wait4, not the children's maximum."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(args)} (in {cwd}) failed: {errors.read().decode(errors='replace')[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def national_runs(root: Path, tables: dict[str, Path | None], repeat: int, cache: str) -> dict[tuple[str, str], tuple]:
    """Median (wall, CPU, RSS) per (table, command) in the checkout at root; cache 'off' or a warmed folder."""
    env = dict(os.environ, SMARTPICK_CACHE_DIR=cache)
    commands = {}
    for table, path in tables.items():
        for command, words in NATIONAL_COMMANDS.items():
            args = [sys.executable, "-m", "smartpick_core", *words, "--profile", str(EXAMPLES[0]), "--format", "json"]
            commands[(table, command)] = args + (["--programs", str(path)] if path else [])
    if cache != "off":
        for args in commands.values():          # the warm case: every table already derived once
            run_measured(args, root, env)
    samples: dict[tuple[str, str], list[tuple[float, float, float]]] = {key: [] for key in commands}
    for _ in range(repeat):                     # alternated, so a burst of load hits every command alike
        for key, args in commands.items():
            samples[key].append(run_measured(args, root, env))
    return {key: tuple(statistics.median(sample[i] for sample in values) for i in range(3))
            for key, values in samples.items()}


def print_national(title: str, runs: dict[tuple[str, str], tuple]) -> list[str]:
    """The table of one checkout and cache mode; returns the verdict lines (goal met or missed) it printed."""
    print(f"\n{title}")
    print(f"{'table':<18}{'command':<9}{'wall s':>8}{'CPU s':>8}{'RSS MB':>8}{'+wall s':>9}{'+CPU s':>8}{'+RSS MB':>9}"
          f"  goal (+{NATIONAL_GOAL_S:g} s wall, +{NATIONAL_GOAL_MB:.0f} MB)")
    verdicts = []
    for (table, command), (wall, cpu, rss) in runs.items():
        base_wall, base_cpu, base_rss = runs[("bundled", command)]
        line = f"{table:<18}{command:<9}{wall:>8.2f}{cpu:>8.2f}{rss:>8.0f}"
        if table != "bundled":
            met = wall - base_wall <= NATIONAL_GOAL_S and rss - base_rss <= NATIONAL_GOAL_MB
            line += (f"{wall - base_wall:>+9.2f}{cpu - base_cpu:>+8.2f}{rss - base_rss:>+9.0f}  "
                     + ("met" if met else "MISSED"))
            verdicts.append(f"{table} {command}: {'met' if met else 'MISSED'}")
        print(line)
    return verdicts


def national(args: argparse.Namespace) -> None:
    """Section 4: the bundled, 800- and 13,000-program tables through score and plan, before and after."""
    with tempfile.TemporaryDirectory(prefix="smartpick-national-") as tmp:
        folder = Path(tmp)
        tables: dict[str, Path | None] = {"bundled": None}
        for label, rows, realistic in NATIONAL_TABLES:
            tables[label] = write_table(folder / f"im_{rows}.csv", rows, realistic=realistic)
        sizes = ", ".join(f"{label} {path.stat().st_size / 1e6:.1f} MB" for label, path in tables.items() if path)
        checkouts = {"after (this checkout)": ROOT}
        if args.baseline:
            checkouts = {f"before ({args.baseline})": Path(args.baseline).resolve(), **checkouts}
        results = {}
        for name, root in checkouts.items():
            for cache in ("off", "warm"):
                cache_dir = "off" if cache == "off" else str(folder / f"cache-{len(results)}")
                repeat = args.baseline_repeat if root != ROOT else args.national_repeat
                results[(name, cache)] = national_runs(root, tables, repeat, cache_dir)
        print(f"\nA national table through the CLI: worked example 1, `plan --applications 120`; synthetic tables "
              f"({sizes}); median of fresh processes")
        for (name, cache), runs in results.items():
            mode = "cache off: every run reads and validates its table" if cache == "off" else \
                "cache warm: the validated table read back"
            print_national(f"{name}, {mode}", runs)
        if args.baseline:
            print("\nBefore -> after, difference over the bundled table (cache off)")
            before, after = results[(next(iter(checkouts)), "off")], results[("after (this checkout)", "off")]
            for (table, command), (wall, _, rss) in after.items():
                if table == "bundled":
                    continue
                b_wall, _, b_rss = before[(table, command)]
                print(f"  {table:<16}{command:<6} wall {b_wall - before[('bundled', command)][0]:+.2f} s -> "
                      f"{wall - after[('bundled', command)][0]:+.2f} s; peak RSS "
                      f"{b_rss - before[('bundled', command)][2]:+.0f} MB -> {rss - after[('bundled', command)][2]:+.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cohort", type=int, default=200)
    parser.add_argument("--only", choices=("startup", "national"), default=None,
                        help="run one part: start-up, single score and cohort; or the national table")
    parser.add_argument("--national-repeat", type=int, default=3)
    parser.add_argument("--baseline", metavar="DIR", default=None,
                        help="a checkout of the code before a change (git worktree add DIR <commit>) to compare with")
    parser.add_argument("--baseline-repeat", type=int, default=1, help="runs per figure in the baseline (slow)")
    args = parser.parse_args()
    if args.only != "national":
        startup_and_cohort(args)
    if args.only != "startup":
        national(args)


def startup_and_cohort(args: argparse.Namespace) -> None:
    """Sections 1-3: start-up against import pandas, one score, and a cohort."""
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
