"""`make bench` memory figures: score() memory is linear in the list size, and the dashboard's caches level off.

    .venv/bin/python scripts/bench_memory.py [--profiles 1000]

1. One specialty's program table replicated to 1,000 / 4,000 / 13,000 rows (a national-size file):
   seconds (and the ratio to scoring the bundled table in the same run) and peak traced memory per score().
2. The dashboard's per-profile cache (cache.applications_curve_cached, bounded by max_entries) fed
   N distinct profiles: process RSS before and after, which must level off rather than grow with N.
Prints figures; asserts nothing (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import logging
import resource
import time
import tracemalloc
from pathlib import Path

import pandas as pd

from smartpick_core import Profile, load_programs, score

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def replicated(programs: pd.DataFrame, specialty: str, rows: int) -> pd.DataFrame:
    part = programs[programs["specialty"] == specialty]
    copies = -(-rows // len(part))
    table = pd.concat([part] * copies, ignore_index=True).head(rows)
    return table.assign(program_id=[f"bench-{i}" for i in range(len(table))])


def timed(profile: Profile, programs: pd.DataFrame) -> tuple[float, float]:
    """Best of 3 wall-clock runs, then one traced run for the peak memory (tracing slows Python down)."""
    seconds = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        score(profile, programs, n_national=80, cycle_year=2027)
        seconds = min(seconds, time.perf_counter() - start)
    tracemalloc.start()
    score(profile, programs, n_national=80, cycle_year=2027)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def list_size_table() -> None:
    programs = load_programs()
    profile = Profile(specialty="Internal Medicine", step2_ck=225)
    score(profile, programs, n_national=80, cycle_year=2027)           # warm caches (anchor, NRMP tables)
    base_s, base_mb = timed(profile, programs)
    print("score() and list size (one specialty; baseline = the bundled table, same run)")
    print("| programs | seconds | × baseline | peak MB | MB per 1,000 programs |")
    print("|---|---|---|---|---|")
    n_im = int((programs["specialty"] == "Internal Medicine").sum())
    print(f"| {n_im} (bundled IM) | {base_s:.3f} | 1.0 | {base_mb:.1f} | {base_mb / n_im * 1000:.1f} |")
    for rows in (1_000, 4_000, 13_000):
        seconds, peak = timed(profile, replicated(programs, "Internal Medicine", rows))
        print(f"| {rows:,} | {seconds:.3f} | {seconds / base_s:.1f} | {peak:.1f} | {peak / rows * 1000:.1f} |")


def cache_table(n_profiles: int) -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from smartpick_app import cache

    print(f"\nDashboard cache memory, {n_profiles} distinct profiles through applications_curve_cached "
          f"(max_entries={cache.PROFILE_CACHE_ENTRIES})")
    print("| profiles so far | RSS MB |")
    print("|---|---|")
    print(f"| 0 | {_rss_mb():.0f} |")
    checkpoints = {n_profiles // 10, n_profiles // 4, n_profiles // 2, n_profiles}
    for i in range(1, n_profiles + 1):
        profile = Profile(step2_ck=200 + i % 100, usce_months=float(i // 100), graduation_year=2020 + i % 5)
        cache.applications_curve_cached(cache.profile_key(profile), 2027, None)
        if i in checkpoints:
            print(f"| {i} | {_rss_mb():.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    args = parser.parse_args()
    list_size_table()
    cache_table(args.profiles)


if __name__ == "__main__":
    main()
