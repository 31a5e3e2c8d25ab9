"""Command line for recorded outcomes (what happened to each student's applications); cli.py wires it in.

    python -m smartpick_core outcomes import APPLICATIONS.csv [--seasons SEASONS.csv] [--apply]
    python -m smartpick_core outcomes export [--out FILE] [--seasons-out FILE] [--anonymised]
    python -m smartpick_core outcomes backtest [--today] [--local-correction on|off]
    python -m smartpick_core outcomes retention [--keep N|all] [--season YEAR] [--apply]
    python -m smartpick_core score|plan ... --local-correction on     (the office's correction; default off)

Every one takes --database URL and --owner NAME (whose outcomes: the advisor; default "local", the single-user
owner). Same contract as `facts import`: the diff first and nothing saved without --apply; each refused cell is
one stderr line naming the file, row and column, and the good rows are kept; a problem is one line, exit 2.
Exports are formula-safe CSV (the product's one writer), written readable by their owner only.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .text import shorten

if TYPE_CHECKING:
    import pandas as pd

    from .store import Store

OUTCOMES_COMMAND = "outcomes"
EXIT_USAGE = 2
CORRECTION_CHOICES = ("on", "off")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL", default=None,
                        help="database URL (default: SMARTPICK_DATABASE_URL, else SQLite in SMARTPICK_DATA_DIR "
                             "or ~/.smartpick/smartpick.db)")
    parser.add_argument("--owner", default=None, help="whose outcomes: the advisor's name (default: local, the "
                                                      "single-user workspace)")


def add_outcomes_commands(sub) -> None:
    """`outcomes import|export|backtest|retention`, on the same one-line-error parser class as score/plan."""
    outcomes = sub.add_parser(OUTCOMES_COMMAND, help="record what happened to your students' applications, "
                                                     "export it, and back-test SmartPick on it")
    verbs = outcomes.add_subparsers(dest="outcomes_command", required=True, parser_class=type(outcomes))
    imp = verbs.add_parser("import", help="show what an import would change; --apply saves it")
    imp.add_argument("file", help="applications CSV, one row per application (data/templates/outcomes_template.csv)")
    imp.add_argument("--seasons", default=None, help="student-seasons CSV: result, profile, predictions, consent "
                                                     "(data/templates/outcomes_seasons_template.csv)")
    imp.add_argument("--apply", action="store_true", help="save the new and changed rows")
    imp.add_argument("--by", default=None, help="who imports, recorded as a typed name (default: $USER)")
    _common(imp)
    export = verbs.add_parser("export", help="the outcomes as two CSV files (formula-safe)")
    export.add_argument("--out", default="-", help="applications CSV to write (default: standard output)")
    export.add_argument("--seasons-out", default=None, help="student-seasons CSV to write")
    export.add_argument("--anonymised", action="store_true",
                        help="for pooling across offices: no names, notes, exact dates or free text; coarsened "
                             "profiles; cells of fewer than 5 students suppressed (docs/outcomes.md)")
    _common(export)
    test = verbs.add_parser("backtest", help="how well SmartPick predicted your students' invitations, in words")
    test.add_argument("--today", action="store_true",
                      help="test today's model on the recorded profiles (default: the chances shown when the "
                           "lists were saved)")
    add_local_correction_option(test, database=False)
    _common(test)
    keep = verbs.add_parser("retention", help="how many seasons of outcomes to keep; --apply deletes older ones")
    keep.add_argument("--keep", default=None, help="seasons to keep (1-50, or 'all'); saved as the setting")
    keep.add_argument("--season", type=int, default=None, help="the newest season (default: the current Match year)")
    keep.add_argument("--apply", action="store_true", help="delete the seasons the setting no longer keeps")
    keep.add_argument("--by", default=None, help="who changes it, recorded as a typed name (default: $USER)")
    _common(keep)


def add_local_correction_option(parser: argparse.ArgumentParser, *, database: bool = True) -> None:
    """--local-correction on|off (default off: the national model, never replaced silently)."""
    parser.add_argument("--local-correction", choices=CORRECTION_CHOICES, default="off",
                        help="on: apply your office's per-kind correction, fitted to the outcomes in the workspace "
                             "(the output says which model is shown); off (default): the national model")
    if database:
        parser.add_argument("--database", metavar="URL", default=None,
                            help="database holding the outcomes for --local-correction (default: "
                                 "SMARTPICK_DATABASE_URL, else SQLite in SMARTPICK_DATA_DIR)")
        parser.add_argument("--owner", default=None, help="whose outcomes --local-correction reads (default: local)")


# --- helpers ---------------------------------------------------------------------------------------------------------
def _owner(args: argparse.Namespace) -> str:
    from .store import LOCAL_OWNER
    return (getattr(args, "owner", None) or LOCAL_OWNER).strip() or LOCAL_OWNER


def _typed_name(args: argparse.Namespace) -> str:
    """The command line has no sign-in: whoever runs it is a typed name, never a verified account."""
    return f"{args.by or os.environ.get('USER') or 'local'} (command line)"


def _read_csv(path: str, what: str) -> list[dict]:
    """At most the import limit is read (a device or a huge file is refused), then the CSV rows."""
    from .facts import FactError
    from .facts.files import MAX_IMPORT_BYTES
    from .facts.outcomes import read_outcome_csv
    from .programs.table import ProgramDataError, read_bounded
    try:
        data = read_bounded(Path(path), MAX_IMPORT_BYTES, what)
    except ProgramDataError as exc:
        raise FactError("file", str(exc)) from None
    return read_outcome_csv(data)


def diff_lines(diff) -> list[str]:
    """The diff in words: + new, ~ changed (column: old -> new), for both files."""
    lines = [f"import: {diff.summary()}"]
    for frame, what in ((diff.seasons, "season"), (diff.applications, "application")):
        for row in frame.to_dict("records"):
            program = "" if what == "season" else f" {row['program_id'] or row['program_name']}"
            name = f"{what} {shorten(row['student'], 40)} {row['season']}{shorten(program, 70)}"
            if row["status"] == "new":
                lines.append(f"+ {name}")
            elif row["status"] == "changed":
                lines.append(f"~ {name}: {shorten(row['changes'], 200)}")
    return lines


def _import(store: Store, args: argparse.Namespace) -> tuple[str, bool]:
    from .programs.table import load_programs
    from .store import outcomes as oc
    owner = _owner(args)
    applications = _read_csv(args.file, "applications file")
    seasons = _read_csv(args.seasons, "seasons file") if args.seasons else []
    diff = oc.plan_import(store, owner, applications, seasons, load_programs())
    for error in diff.errors:
        print(shorten(error.text, 300), file=sys.stderr)
    lines = diff_lines(diff)
    pending = not (diff.applications_to_apply.empty and diff.seasons_to_apply.empty)
    if args.apply and pending:
        counts = oc.apply_outcome_import(store, owner, diff, by=_typed_name(args))
        lines.append("applied: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    elif pending:
        lines.append("nothing saved yet: run again with --apply to save the new and changed rows")
    else:
        lines.append("nothing to save: the workspace already holds every valid row")
    return "\n".join(lines), bool(diff.errors)


def _write_private(path: str, text: str) -> None:
    """Owner-only from the first byte, then renamed into place: an export holds students' outcomes."""
    target = Path(path)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _export(store: Store, args: argparse.Namespace) -> str:
    """The named export (the templates' columns), or with --anonymised the two count tables of the sharing rule."""
    from .csv_writer import to_csv_text
    from .store import outcomes as oc
    applications, seasons = oc.outcome_frames(store, _owner(args))
    note = ""
    if args.anonymised:
        shared = anonymised(applications, seasons)
        apps_text, seasons_text = to_csv_text(shared.applications), to_csv_text(shared.students)
        counts = f"{len(shared.applications)} anonymised application cells"
        tail = f" and {len(shared.students)} student cells" if args.seasons_out else ""
        note = shared.summary()
    else:
        apps_text, seasons_text = to_csv_text(applications), to_csv_text(seasons)
        counts = f"{len(applications)} applications"
        tail = f" and {len(seasons)} student-seasons" if args.seasons_out else ""
    if args.out == "-":
        sys.stdout.write(apps_text)
    else:
        _write_private(args.out, apps_text)
    if args.seasons_out:
        _write_private(args.seasons_out, seasons_text)
    if args.out == "-":
        if note:
            print(note, file=sys.stderr)
        return ""
    return f"{counts} written{tail}" + (f" ({note})" if note else "")


def anonymised(applications: pd.DataFrame, seasons: pd.DataFrame) -> Any:
    """The sharing rule of docs/outcomes.md (facts.outcomes_share): count tables, no names, small cells left out."""
    from .facts import FactError
    try:
        from .facts.outcomes_share import anonymise_outcomes
    except ImportError:
        raise FactError("anonymised", "the anonymised export is not available in this version") from None
    return anonymise_outcomes(applications, seasons)


# --- the office's correction and the back-test -------------------------------------------------------------------
def correction_offsets(args: argparse.Namespace, programs: pd.DataFrame) -> dict[str, float] | None:
    """None with --local-correction off; else the office's per-kind offsets. A correction that cannot be had (no
    outcomes, no database) is a ProfileError naming --local-correction: one line, exit 2, like any bad argument."""
    if getattr(args, "local_correction", "off") != "on":
        return None
    from .facts import FactError
    from .model.backtest import office_correction
    from .model.profile import ProfileError
    from .store import NotFound, StoreError, open_store
    from .store import outcomes as oc

    def refuse(why: str) -> ProfileError:
        return ProfileError("local_correction", "on", why)
    try:
        store = open_store(args.database)
        try:
            applications, seasons = oc.outcome_frames(store, _owner(args))
        finally:
            store.close()
    except (StoreError, NotFound, FactError) as exc:
        raise refuse(f"the outcomes cannot be read ({shorten(exc, 160)})") from None
    if applications.empty:
        raise refuse("no outcomes are recorded in the workspace: import them first (outcomes import), or use off")
    return office_correction(applications, seasons, programs).offsets()


def _backtest(store: Store, args: argparse.Namespace) -> str:
    from .model.backtest import CROSS_FOLDS, backtest, corrected_backtest, snapshot_count_words, today_chances
    from .model.local_correction import LOCAL_LABEL, NATIONAL_LABEL
    from .programs.table import load_programs
    from .store import outcomes as oc
    applications, seasons = oc.outcome_frames(store, _owner(args))
    if applications.empty:
        return "No outcomes are recorded yet: import them with `outcomes import`."
    programs = load_programs()
    column = "predicted_chance"
    if args.today:
        applications = applications.assign(today_chance=today_chances(applications, seasons, programs))
        column = "today_chance"
    lines = [snapshot_count_words(applications), *backtest(applications, seasons, chance_column=column).sentences()]
    if args.local_correction == "on":
        result, correction = corrected_backtest(applications, seasons, chance_column=column)
        lines += ["", f"Beside it, {LOCAL_LABEL}: each student scored with a correction fitted to the other students "
                      f"only ({CROSS_FOLDS} groups of students), so the correction is not judged on the outcomes it "
                      "was fitted to:"]
        lines += list(result.sentences())
        lines += ["The correction applied (fitted to all these outcomes):"]
        lines += [correction_line(k, correction.level) for k in correction.kinds]
    else:
        lines.append(f"Shown: the {NATIONAL_LABEL}. --local-correction on adds your office's correction beside it.")
    return "\n".join(lines)


def correction_line(kind: Any, level: float) -> str:
    """One kind's fitted correction in words, as an odds ratio with its interval and n."""
    from .programs.kinds import CLASS_LABELS
    return (f"Local correction at {CLASS_LABELS.get(kind.kind, kind.kind)}: odds × {math.exp(kind.offset):.2f} "
            f"({int(level * 100)}% interval {math.exp(kind.low):.2f}–{math.exp(kind.high):.2f}; n = "
            f"{kind.n_applications} applications from {kind.n_students} students, {kind.data_weight:.0%} from "
            "your data, the rest the national model).")


def _retention(store: Store, args: argparse.Namespace) -> str:
    from .store import outcomes as oc
    owner = _owner(args)
    if args.keep is not None:
        oc.set_retention(store, owner, args.keep, by=_typed_name(args))
    keep = oc.retention(store, owner)
    season = oc.check_season(args.season if args.season is not None else oc.current_season())
    setting = "every season is kept" if keep is None else f"the newest {keep} season(s) are kept (to {season})"
    due = oc.retention_due(store, owner, season)
    lines = [f"retention: {setting}"]
    if not due:
        return "\n".join([*lines, "nothing to delete"])
    lines += [f"- {shorten(name, 60)} {year}" for name, year in due]
    if args.apply:
        lines.append(f"deleted: {oc.apply_retention(store, owner, season)} season version(s)")
    else:
        lines.append(f"{len(due)} student-season(s) would be deleted: run again with --apply to delete them")
    return "\n".join(lines)


def run_outcomes_command(args: argparse.Namespace) -> int:
    """Run one outcomes subcommand; errors are one line on stderr, exit 2."""
    from .facts import FactError
    from .store import NewerSchemaError, NotFound, StoreError, open_store
    try:
        store = open_store(args.database)
        bad = False
        try:
            if args.outcomes_command == "import":
                message, bad = _import(store, args)
            elif args.outcomes_command == "export":
                message = _export(store, args)
            elif args.outcomes_command == "backtest":
                message = _backtest(store, args)
            else:
                message = _retention(store, args)
        finally:
            store.close()
    except NewerSchemaError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except FactError as exc:
        print(shorten(f"error: {exc.field}: {exc.message}", 420), file=sys.stderr)
        return EXIT_USAGE
    except (StoreError, NotFound, OSError, ValueError) as exc:
        print(shorten(f"error: {exc}", 420), file=sys.stderr)
        return EXIT_USAGE
    if message:
        print(message)
    return EXIT_USAGE if bad else 0
