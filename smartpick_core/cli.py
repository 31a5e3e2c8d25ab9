"""Command line: `python -m smartpick_core score --profile PROFILE.json [...]` and
`python -m smartpick_core plan --profile PROFILE.json (--applications N | --budget USD) [...]`.

Cohort mode: `--profiles FILE.jsonl` (score and plan) reads one profile per line and writes one JSON result
per line; a bad line gets {"line": n, "error": "..."} (and the same on stderr) and the others go on (exit 2
if any line was bad).

The second consumer of the core (the dashboard is the first). Its contract holds
for every input, however hostile: a bad profile, program file or argument exits
with status 2 and ONE line on stderr naming what is wrong - never a traceback.

    bounded reads      profile files over 1 MB and program files (--programs, --national-programs) over 200 MB
                       are refused; --max-file-mb N or SMARTPICK_MAX_FILE_MB moves that limit (the flag wins)
                       (also /dev/zero, /dev/urandom, pipes: at most limit+1 bytes are read)
    strict decoding    UTF-8 only (BOM allowed); UTF-16, binary and NUL bytes get a clear message
    safe JSON          nesting deeper than 64 levels, integers over 30 digits, NaN/Infinity, a key twice refused
    one-line errors    argparse errors too; a bad value is quoted with at most 80 characters
    --cycle-year       always validated (0 is not "the default season"); 2027 is Match 2028 (applications from
                       September 2027), named so in every output (model.wording.season_name)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn, Sequence

import pandas as pd

from .facts.national_import import MAX_NATIONAL_CLI_BYTES, read_national_programs
from .model.profile import Profile, ProfileError
from .model.scoring import ScoreResult, check_cycle_year, national_default, score
from .programs.file_limits import MAX_FILE_MB_ENV, allowed_words, max_file_bytes
from .programs.frozen import freeze
from .programs.table import (
    ProgramDataError, check_calibration_files, decode_text, display_path, load_programs, read_bounded,
    specialties_in,
)
from .cli_store import STORE_COMMANDS, add_store_commands, run_store_command
from .cli_outcomes import (
    OUTCOMES_COMMAND, add_local_correction_option, add_outcomes_commands, correction_offsets, run_outcomes_command,
)
from .model.local_correction import NATIONAL_LABEL
from .csv_writer import to_csv_text
from .model.nrmp_terms import NRMP_SOURCE_NOTE
from .model.wording import count_band, percent, percent_band, season_name
from .views.exports import json_sources, with_sources
from .model.ranking import ranked
from .text import ERROR_VALUE_LIMIT, DuplicateKeyError, loads_strict, one_line, quote, shorten

EXIT_USAGE = 2
EXIT_INTERNAL = 1
MAX_PROFILE_BYTES = 1024 * 1024
MAX_COHORT_BYTES = 20 * 1024 * 1024
MAX_JSON_DEPTH = 64
MAX_JSON_INT_DIGITS = 30
MAX_ERROR_LINE = 400
_ASCII_INT = re.compile(r"[+-]?[0-9]{1,9}", re.ASCII)
_SURROGATE = re.compile("[\ud800-\udfff]")


class UsageError(Exception):
    """A bad argument: one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but an error is one line (the usage block is on --help), never sys.exit from deep inside."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _whole_number(text: str) -> int:
    """argparse type: ASCII digits only, at most 9 of them (no '２３０', '1_000', 5000-digit values)."""
    if not isinstance(text, str) or not _ASCII_INT.fullmatch(text.strip(" ")):
        raise argparse.ArgumentTypeError(f"{quote(text, ERROR_VALUE_LIMIT)} is not a whole number (digits 0-9)")
    return int(text.strip(" "))


_whole_number.__name__ = "whole number"


_DOLLARS = re.compile(r"[0-9]{1,7}(\.[0-9]{1,2})?", re.ASCII)


def _dollars(text: str) -> float:
    """argparse type: a US dollar amount, ASCII digits with at most two decimals."""
    if not isinstance(text, str) or not _DOLLARS.fullmatch(text.strip(" ").lstrip("$")):
        raise argparse.ArgumentTypeError(f"{quote(text, ERROR_VALUE_LIMIT)} is not a dollar amount (e.g. 2500)")
    return float(text.strip(" ").lstrip("$"))


_dollars.__name__ = "dollar amount"


def _profile_arguments(sc: argparse.ArgumentParser) -> None:
    source = sc.add_mutually_exclusive_group(required=True)
    source.add_argument("--profile", help="profile JSON file (public field names), at most 1 MB")
    source.add_argument("--profiles", help="cohort: JSON Lines file, one profile per line (at most "
                                           f"{MAX_COHORT_BYTES // (1024 * 1024)} MB); one JSON result per line")


NATIONAL_PROGRAMS_HELP = ("your own list of programs elsewhere (CSV: name, city, state, kind, specialty; optional "
                          "sponsors_j1, sponsors_h1b, img_share, positions_per_year, source, checked), at most "
                          f"{MAX_NATIONAL_CLI_BYTES // (1024 * 1024)} MB unless --max-file-mb says otherwise: the plan names them, the built-in pool is "
                          "the fallback (docs/list.md, 'Your own national list')")


PROGRAMS_HELP = "program CSV (default: bundled data), at most 200 MB unless --max-file-mb says otherwise; repeatable"
MAX_FILE_MB_HELP = (f"the largest --programs and --national-programs file to read: {allowed_words()}; "
                    f"also {MAX_FILE_MB_ENV} (this flag wins)")


CYCLE_YEAR_HELP = ("year the applications open, in September: 2027 is Match 2028 (applications from September "
                   "2027); default: the next season still open")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m smartpick_core", description="SmartPick SoCal scoring")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sc = sub.add_parser("score", help="score the SoCal programs of the profile's specialty")
    _profile_arguments(sc)
    sc.add_argument("--programs", action="append", help=PROGRAMS_HELP)
    sc.add_argument("--max-file-mb", metavar="N", help=MAX_FILE_MB_HELP)
    sc.add_argument("--national", type=_whole_number, default=national_default(),
                    help="applications to programs outside SoCal, best-fitting first (default: the default list - "
                         "Realistic and Reach SoCal programs, then the best chances up to the specialty's documented "
                         "number of applications)")
    sc.add_argument("--national-programs", metavar="FILE", help=NATIONAL_PROGRAMS_HELP)
    sc.add_argument("--format", choices=("json", "csv", "table"), default="json")
    sc.add_argument("--cycle-year", type=_whole_number, default=None, help=CYCLE_YEAR_HELP)
    add_local_correction_option(sc)
    pl = sub.add_parser("plan", help="build the application list for a number of applications or a budget")
    _profile_arguments(pl)
    size = pl.add_mutually_exclusive_group(required=True)
    size.add_argument("--applications", type=_whole_number, help="number of applications (SoCal + elsewhere)")
    size.add_argument("--budget", type=_dollars, help="budget in US dollars for the season's fees")
    pl.add_argument("--prefer", nargs="+", action="extend", default=[], metavar="SUBREGION",
                    help="preferred SoCal sub-regions (a documented bonus, not a rule)")
    pl.add_argument("--include", nargs="+", action="extend", default=[], metavar="PROGRAM_ID",
                    help="program ids to pin on the list")
    pl.add_argument("--exclude", nargs="+", action="extend", default=[], metavar="PROGRAM_ID",
                    help="program ids to leave out")
    pl.add_argument("--no-signals", action="store_true", help="plan without program signals")
    pl.add_argument("--no-socal-first", action="store_true",
                    help="order by chance alone (the pure optimiser) instead of Realistic and Reach SoCal programs first")
    pl.add_argument("--programs", action="append", help=PROGRAMS_HELP)
    pl.add_argument("--max-file-mb", metavar="N", help=MAX_FILE_MB_HELP)
    pl.add_argument("--national-programs", metavar="FILE", help=NATIONAL_PROGRAMS_HELP)
    pl.add_argument("--format", choices=("json", "csv", "table"), default="json")
    pl.add_argument("--cycle-year", type=_whole_number, default=None, help=CYCLE_YEAR_HELP)
    add_local_correction_option(pl)
    add_store_commands(sub)      # backup, restore, facts export/import, users add
    add_outcomes_commands(sub)   # outcomes import/export/backtest/retention
    return parser


# --- the profile file: bounded, strict, depth- and size-safe -----------------------------------------
def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _bounded_int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > MAX_JSON_INT_DIGITS:
        raise ValueError(f"an integer of {len(digits)} digits")
    return int(text)


def _json_depth_ok(text: str, limit: int) -> bool:
    """Nesting depth of brackets outside strings, scanned without recursion (before json.loads recurses)."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _has_bad_character(value: Any) -> bool:
    """A NUL or a lone surrogate (JSON '\\ud800') anywhere in the decoded JSON, keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and ("\x00" in item or _SURROGATE.search(item)):
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def read_profile_file(path: str) -> dict:
    """The profile JSON, or ProfileError/ProgramDataError with one readable line."""
    shown = display_path(path)
    try:
        data = read_bounded(Path(path), MAX_PROFILE_BYTES, "profile file")
        text = decode_text(data, shown, "profile file")
    except ProgramDataError as exc:
        raise ProfileError("profile", shown, str(exc).split(": ", 1)[-1]) from None
    if not text.strip():
        raise ProfileError("profile", shown, "the file is empty; expected a JSON object of profile fields")
    return parse_profile_text(text, shown)


def parse_profile_text(text: str, shown: str) -> Any:
    """One profile's JSON text -> the decoded value (depth-, size- and character-safe), or ProfileError."""
    if not _json_depth_ok(text, MAX_JSON_DEPTH):
        raise ProfileError("profile", shown, f"JSON nested deeper than {MAX_JSON_DEPTH} levels; refused")
    try:
        value = loads_strict(text, what="the profile", parse_int=_bounded_int, parse_constant=_reject_constant)
    except DuplicateKeyError as exc:     # json.loads would keep the last value without a word
        raise ProfileError("profile", shown, str(exc)) from None
    except json.JSONDecodeError as exc:
        raise ProfileError("profile", shown, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except (ValueError, RecursionError) as exc:
        raise ProfileError("profile", shown, f"not usable JSON ({shorten(exc, 80)})") from None
    if _has_bad_character(value):
        raise ProfileError("profile", shown, "a value contains a NUL character or a lone surrogate; refused")
    return value


# --- output -------------------------------------------------------------------------------------------
def render_plan(result, fmt: str, *, indent: int | None = 2) -> str:
    from .views.plan_report import headline, list_csv_text, national_table, signal_lines
    corrected = getattr(result, "model_shown", NATIONAL_LABEL) != NATIONAL_LABEL    # the office's local correction
    if fmt == "json":
        shown = {"model_shown": result.model_shown} if corrected else {}   # the national plan's JSON as it was
        return json.dumps({**result.to_json_dict(), **shown, **json_sources(result.cycle_year)}, indent=indent,
                          ensure_ascii=False)
    if fmt == "csv":
        return list_csv_text(result).rstrip("\n")    # the product's one formula-safe CSV writer
    first, second = headline(result)
    lines = [f"SmartPick {result.model_version} | {result.specialty} plan | {season_name(result.cycle_year)}"
             + (f" | {result.model_shown}" if corrected else ""),
             first, second,
             f"{result.socal_applications} SoCal + {result.national_applications} elsewhere; knee at "
             f"{result.knee_applications} applications; cost ${result.cost.total_usd:,.2f}"]
    lines += ["signals: " + one_line(line) for line in signal_lines(result)]
    view = list_csv_frame_for_table(result)
    with pd.option_context("display.width", 160, "display.max_colwidth", 60, "display.max_rows", 500):
        lines.append(view.to_string(index=False))
        lines.append(national_table(result).to_string(index=False))
        lines.append(result.cost.frame()[["Item", "USD"]].to_string(index=False))
    lines.append(result.cost.season_note)
    lines.append(NRMP_SOURCE_NOTE)
    return "\n".join(lines)


def list_csv_frame_for_table(result) -> pd.DataFrame:
    from .views.plan_report import list_table
    table = list_table(result)[["program", "subregion", "tier", "interview_probability", "signal"]]
    return table.assign(program=table["program"].map(lambda v: shorten(v, 60)))


def render(result: ScoreResult, fmt: str, *, indent: int | None = 2) -> str:
    if fmt == "json":
        return json.dumps({**result.to_json_dict(), **json_sources(result.cycle_year)}, indent=indent,
                          ensure_ascii=False)
    table = ranked(result.programs)[["program_id", "name", "subregion", "eligible", "tier", "interview_probability",
                                     "effective_score", "usual_interview_score", "likelihood_text", "reasons_text",
                                     "source_url", "checked"]].assign(model_version=result.model_version)
    if result.local_correction:          # only then: the national model's CSV stays as it always was
        table = table.assign(model_shown=result.model_shown)
    table = table.assign(effective_score=table["effective_score"].round(1),
                         usual_interview_score=table["usual_interview_score"].round(1))
    if fmt == "csv":
        return to_csv_text(with_sources(table, result.cycle_year))    # the product's one formula-safe CSV writer
    o = result.outlook
    head = (f"SmartPick {result.model_version} | {result.profile.specialty} | {season_name(result.cycle_year)} | "
            f"match {percent_band(o.match_probability, o.match_probability_low, o.match_probability_high)} | "
            f"no interview at all {percent(o.p_no_interview)} | "
            f"expected interviews {count_band(o.expected_interviews, o.expected_interviews_low, o.expected_interviews_high)} | applications {o.applications} "
            f"({o.socal_applications} SoCal + {o.national_applications} elsewhere)"
            + (f" | {result.model_shown}" if result.local_correction else ""))
    view = table[["name", "subregion", "tier", "likelihood_text"]]      # the one ranking: tier, then chance
    view = view.assign(name=view["name"].map(one_line))   # a name cannot break the table into extra lines
    with pd.option_context("display.width", 160, "display.max_colwidth", 60, "display.max_rows", 500):
        return head + "\n" + view.to_string(index=False) + "\n" + NRMP_SOURCE_NOTE


def error_line(exc: BaseException) -> str:
    """One line, bad values quoted with at most ERROR_VALUE_LIMIT characters, whole line bounded."""
    if isinstance(exc, ProfileError):
        value = exc.value if exc.field_name == "profile" and isinstance(exc.value, str) else quote(exc.value, ERROR_VALUE_LIMIT)
        text = f"{exc.field_name}: {value} is not allowed; {exc.allowed}"
        if exc.field_name == "profile":
            text = f"profile file '{value}': {exc.allowed}"
    else:
        text = str(exc)
    return "error: " + shorten(text, MAX_ERROR_LINE)


def _print_error(message: str) -> None:
    print(shorten(message, MAX_ERROR_LINE + 20), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        _print_error(f"error: {exc}")
        return EXIT_USAGE
    if args.command in STORE_COMMANDS:
        return run_store_command(args)
    if args.command == OUTCOMES_COMMAND:
        return run_outcomes_command(args)
    try:
        check_calibration_files()
        limit = max_file_bytes(args.max_file_mb, os.environ)
        programs = load_programs(args.programs, max_bytes=limit) if args.programs else load_programs(max_bytes=limit)
        national_programs = _national_programs(args)
        args.kind_offsets = correction_offsets(args, programs)      # None: the national model (the default)
        if args.profiles:
            return _cohort(args, programs, national_programs)
        profile = Profile.from_dict(read_profile_file(args.profile), specialties=specialties_in(programs))
        output = _run_one(args, profile, programs, national_programs=national_programs)
    except (ProfileError, ProgramDataError) as exc:
        _print_error(error_line(exc))
        return EXIT_USAGE
    except (MemoryError, RecursionError) as exc:
        _print_error(f"error: the input is too large to score ({type(exc).__name__}); use a smaller file")
        return EXIT_USAGE
    except Exception as exc:  # a bug, not a bad input: still one line (set SMARTPICK_DEBUG=1 for the traceback)
        if os.environ.get("SMARTPICK_DEBUG"):
            raise
        _print_error(f"error: internal error ({type(exc).__name__}: {shorten(exc, 120)}); please report it "
                     "with the command you ran")
        return EXIT_INTERNAL
    sys.stdout.write(output + "\n")
    return 0


def _national_programs(args: argparse.Namespace) -> pd.DataFrame | None:
    """--national-programs FILE read and validated (facts/national_import.py), or None when not given.

    A bad file raises ProgramDataError: one line on stderr, exit 2, as for --programs."""
    path = getattr(args, "national_programs", None)
    if not path:
        return None
    limit = max_file_bytes(args.max_file_mb, os.environ, default=MAX_NATIONAL_CLI_BYTES)
    return read_national_programs(Path(path), shown=display_path(path), max_bytes=limit)


def _run_one(args: argparse.Namespace, profile: Profile, programs: pd.DataFrame, fmt: str | None = None,
             indent: int | None = 2, *, national_programs: pd.DataFrame | None = None) -> str:
    """One profile's output; indent=None writes the one-line JSON of cohort mode."""
    fmt = fmt or args.format
    named: dict[str, Any] = {}       # passed only when a list was given (score/plan take it once they name them)
    if national_programs is not None:
        named["national_programs"] = national_programs
    if getattr(args, "kind_offsets", None):
        named["kind_offsets"] = args.kind_offsets
    if args.cycle_year is not None:
        check_cycle_year(args.cycle_year, profile.graduation_year)   # 0 is refused, not read as "default"
    if args.command == "plan":
        from .strategy.plan import plan
        the_plan = plan(profile, programs, applications=args.applications, budget_usd=args.budget,
                        include=args.include, exclude=args.exclude, prefer_subregions=args.prefer,
                        signals=not args.no_signals, cycle_year=args.cycle_year,
                        socal_first=not args.no_socal_first, **named)
        return render_plan(the_plan, fmt, indent=indent)
    # No home city here: it only adds distances to the map's table, which no CLI output carries
    # (and resolving it would load GeoNames and geopy for nothing).
    result = score(profile, programs, n_national=args.national, cycle_year=args.cycle_year, **named)
    return render(result, fmt, indent=indent)


def _cohort(args: argparse.Namespace, programs: pd.DataFrame, national_programs: pd.DataFrame | None = None) -> int:
    """One profile per line in, one compact JSON result per line out; a bad line does not stop the others."""
    if args.format != "json":
        raise ProfileError("format", args.format, "--profiles writes JSON Lines: use --format json")
    shown = display_path(args.profiles)
    try:
        text = decode_text(read_bounded(Path(args.profiles), MAX_COHORT_BYTES, "profiles file"), shown, "profiles file")
    except ProgramDataError as exc:
        raise ProfileError("profile", shown, str(exc).split(": ", 1)[-1]) from None
    specialties = specialties_in(programs)
    by_specialty: dict[str, pd.DataFrame] = {}     # each specialty's rows once, not once per profile
    bad = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = parse_profile_text(line, f"{shown} line {number}")
            profile = Profile.from_dict(value, specialties=specialties)
            if profile.specialty not in by_specialty:
                by_specialty[profile.specialty] = freeze(   # read-only from here: scores reuse what they derive
                    programs[programs["specialty"] == profile.specialty].reset_index(drop=True))
            output = _run_one(args, profile, by_specialty[profile.specialty], "json", indent=None,
                              national_programs=national_programs)
        except (ProfileError, ProgramDataError, MemoryError, RecursionError) as exc:
            bad += 1
            message = error_line(exc) if not isinstance(exc, (MemoryError, RecursionError)) else \
                f"error: the line is too large to read ({type(exc).__name__})"
            _print_error(f"line {number}: {message}")
            output = json.dumps({"line": number, "error": message}, ensure_ascii=False)
        sys.stdout.write(output + "\n")
    return EXIT_USAGE if bad else 0
