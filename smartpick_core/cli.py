"""Command line: `python -m smartpick_core score --profile PROFILE.json [...]`.

The second consumer of the core (the dashboard is the first). Errors in the
profile or the program file exit with status 2 and one line naming what is
wrong - never a traceback.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Sequence

import pandas as pd

from .views.formatting import count_band, percent_band
from .programs.geography import resolve_city
from .model.profile import Profile, ProfileError
from .programs.table import ProgramDataError, load_programs, specialties_in
from .model.scoring import ScoreResult, national_default, score

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m smartpick_core", description="SmartPick SoCal scoring")
    sub = parser.add_subparsers(dest="command", required=True)
    sc = sub.add_parser("score", help="score the SoCal programs of the profile's specialty")
    sc.add_argument("--profile", required=True, help="profile JSON file (public field names)")
    sc.add_argument("--programs", action="append", help="program CSV (default: bundled data); repeatable")
    sc.add_argument("--national", type=int, default=national_default(),
                    help="applications to programs outside SoCal (default %(default)s)")
    sc.add_argument("--format", choices=("json", "csv", "table"), default="json")
    sc.add_argument("--cycle-year", type=int, default=None, help="ERAS season year (default: next season)")
    return parser


def _read_profile(path: str) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError("profile", path, f"cannot read the file ({exc.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProfileError("profile", path, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None


def render(result: ScoreResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False)
    table = result.programs[["program_id", "name", "subregion", "eligible", "tier", "interview_probability",
                             "likelihood_text", "reasons_text", "source_url", "checked"]].assign(model_version=result.model_version)
    if fmt == "csv":
        buffer = io.StringIO()
        table.to_csv(buffer, index=False)
        return buffer.getvalue()
    o = result.outlook
    head = (f"SmartPick {result.model_version} | {result.profile.specialty} | "
            f"match {percent_band(o.match_probability, o.match_probability_low, o.match_probability_high)} | "
            f"expected interviews {count_band(o.expected_interviews, o.expected_interviews_low, o.expected_interviews_high)} | applications {o.applications} "
            f"({o.socal_applications} SoCal + {o.national_applications} elsewhere)")
    view = table.sort_values("interview_probability", ascending=False)[["name", "subregion", "tier", "likelihood_text"]]
    with pd.option_context("display.width", 160, "display.max_colwidth", 60, "display.max_rows", 500):
        return head + "\n" + view.to_string(index=False)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        programs = load_programs(args.programs) if args.programs else load_programs()
        profile = Profile.from_dict(_read_profile(args.profile), specialties=specialties_in(programs))
        home = resolve_city(profile.home) if profile.home else None
        result = score(profile, programs, n_national=args.national, cycle_year=args.cycle_year, home=home)
    except (ProfileError, ProgramDataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(render(result, args.format) + "\n")
    return 0
