"""Command line for the advisor workspace's storage; cli.py wires these subcommands in.

    python -m smartpick_core backup --out FILE.json          everything (students, scenarios, facts, accounts)
    python -m smartpick_core restore FILE.json [--apply]     what a restore would change; --apply does it
    python -m smartpick_core facts export --format csv|json [--out FILE] [--history]
    python -m smartpick_core facts import FILE [--format csv|json] [--apply] [--by NAME]
    python -m smartpick_core facts from-text --program ID --kind roster|eligibility FILE [--apply --source-url URL]
    python -m smartpick_core users add NAME [--password-stdin]     (also writes the sign-in marker: fail closed)
    python -m smartpick_core users lock NAME / users unlock NAME   no sign-in until unlocked (unlock clears failures)

Every one takes --database URL (default: SMARTPICK_DATABASE_URL, else the SQLite file in
SMARTPICK_DATA_DIR or ~/.smartpick). Same contract as score/plan: a problem is one line on stderr and
exit status 2, never a traceback. Import shows the diff first and changes nothing without --apply;
rejected rows are listed with row and column, the good rows are kept.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
from pathlib import Path

from .text import one_line, shorten

STORE_COMMANDS = ("backup", "restore", "facts", "users")
MAX_BACKUP_BYTES = 500 * 1024 * 1024
EXIT_USAGE = 2


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL", default=None,
                        help="database URL (default: SMARTPICK_DATABASE_URL, else SQLite in SMARTPICK_DATA_DIR "
                             "or ~/.smartpick/smartpick.db)")


def add_store_commands(sub) -> None:
    """The storage subcommands, on the same one-line-error parser class as score/plan."""
    backup = sub.add_parser("backup", help="export students, scenarios, recorded facts and accounts to one JSON file")
    backup.add_argument("--out", required=True, help="backup file to write (JSON)")
    _database_option(backup)
    restore = sub.add_parser("restore", help="show what a backup would change; --apply replaces the workspace "
                                             "with it (after a safety backup)")
    restore.add_argument("file", nargs="?", default=None, help="backup file (JSON) to restore")
    restore.add_argument("--in", dest="in_file", default=None, help=argparse.SUPPRESS)     # the older spelling
    restore.add_argument("--apply", action="store_true",
                         help="restore: write a safety backup of the current workspace first, then replace it")
    restore.add_argument("--include-accounts", action="store_true",
                         help="replace the advisor accounts too (kept by default; a backup without accounts "
                              "never removes them)")
    _database_option(restore)
    facts = sub.add_parser("facts", help="export or import advisor-recorded program facts")
    facts_sub = facts.add_subparsers(dest="facts_command", required=True, parser_class=type(facts))
    export = facts_sub.add_parser("export", help="current recorded facts as CSV (formula-safe) or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", default="-", help="file to write (default: standard output)")
    export.add_argument("--history", action="store_true", help="every record, superseded and retracted too")
    _database_option(export)
    imp = facts_sub.add_parser("import", help="show what an import would change; --apply saves it")
    imp.add_argument("file", help="CSV or JSON file of facts (columns as `facts export` writes them)")
    imp.add_argument("--format", choices=("csv", "json"), default=None, help="default: from the file name")
    imp.add_argument("--apply", action="store_true", help="save the new and changed rows")
    imp.add_argument("--by", default=None, help="who imports, recorded as a typed name (default: $USER)")
    _database_option(imp)
    paste = facts_sub.add_parser("from-text", help="propose facts from a pasted roster or eligibility page (JSON); "
                                                   "--apply records them")
    paste.add_argument("file", help="the page's text, copied from the browser (UTF-8; '-' for standard input)")
    paste.add_argument("--program", required=True, help="program id the page belongs to")
    paste.add_argument("--kind", required=True, choices=("roster", "eligibility"))
    paste.add_argument("--apply", action="store_true", help="record every recordable proposal (needs --source-url)")
    paste.add_argument("--source-url", default="", help="the page's URL, recorded with each fact")
    paste.add_argument("--checked", default=None, help="date the page was read, YYYY-MM-DD (default: today)")
    paste.add_argument("--by", default=None, help="who records, as a typed name (default: $USER)")
    _database_option(paste)
    users = sub.add_parser("users", help="advisor accounts for the shared workspace")
    users_sub = users.add_subparsers(dest="users_command", required=True, parser_class=type(users))
    add = users_sub.add_parser("add", help="add an advisor or set a new password (asked for, never an argument)")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--file", default=None, help="write the account to this user file (SMARTPICK_USERS_FILE) "
                                                  "instead of the database")
    _database_option(add)
    for verb, words in (("lock", "stop an advisor signing in (and end their sessions) until unlocked"),
                        ("unlock", "let a locked advisor sign in again (clears their failed attempts)")):
        command = users_sub.add_parser(verb, help=words)
        command.add_argument("name")
        _database_option(command)


def _write_private(path: Path, text: str) -> None:
    """Write atomically (temp file + rename) with owner-only permissions: a backup holds personal data."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(dir=directory, prefix=".smartpick-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _read_file(path: str, limit: int, what: str) -> bytes:
    from .programs.table import ProgramDataError, read_bounded
    from .facts import FactError
    try:
        return read_bounded(Path(path), limit, what)
    except ProgramDataError as exc:
        raise FactError("file", str(exc)) from None


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {one_line(args.name)}: ")
    if getpass.getpass("Repeat it: ") != first:
        from .facts import FactError
        raise FactError("password", "the two passwords differ")
    return first


def _backup(store, args) -> str:
    from .store.backup import write_backup
    data = store.export_all()
    write_backup(Path(args.out), data)
    return (f"backup written: {len(data['students'])} students, {len(data['scenarios'])} scenarios, "
            f"{len(data['facts'])} fact records, {len(data['users'])} accounts\n"
            f"Keep {shorten(args.out, 80)} safe: it holds personal data and password hashes (readable by you only).")


def _restore(store, args) -> str:
    """The diff first; nothing is replaced without --apply, an empty workspace included."""
    from .programs.table import ProgramDataError, decode_text
    from .store import StoreError
    from .store.restore import apply_restore, restore_preview
    from .text import DuplicateKeyError, loads_strict
    if args.file and args.in_file and args.file != args.in_file:
        raise StoreError("restore: name one backup file")
    name = args.file or args.in_file
    if not name:
        raise StoreError("restore: name the backup file (restore FILE.json)")
    raw = _read_file(name, MAX_BACKUP_BYTES, "backup file")
    try:
        data = loads_strict(decode_text(raw, shorten(name, 80), "backup file"), what="the backup")
    except DuplicateKeyError as exc:
        raise StoreError(f"backup file: {exc}") from None
    except (ValueError, RecursionError, ProgramDataError) as exc:
        raise StoreError(f"backup file: not readable JSON ({shorten(exc, 100)})") from None
    preview = restore_preview(store, data, include_accounts=args.include_accounts)
    lines = [f"Restoring {shorten(name, 80)} (exported {preview.exported_at or 'at an unknown time'}) would give:",
             *preview.lines()]
    if not preview.has_changes:
        return "\n".join([*lines, "Nothing to restore: the workspace already holds what the backup would restore."])
    if not args.apply:
        return "\n".join([*lines, "Nothing was changed. Run again with --apply to restore (a safety backup of the "
                                  "current workspace is written first)."])
    safety = Path(apply_restore(store, data, include_accounts=args.include_accounts, preview=preview))
    lines.append(f"Safety backup of the current workspace: {safety.name} (in the data folder; restore it to undo)")
    return "\n".join([*lines, f"restored: {preview.summary()}"])


def _export(store, args) -> str:
    from .facts.files import facts_csv_text, facts_json_text
    rows = store.export_fact_rows(current_only=not args.history)
    text = facts_csv_text(rows) if args.format == "csv" else facts_json_text(rows) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
        return ""
    _write_private(Path(args.out), text)
    return f"{len(rows)} facts written"


def _import(store, args) -> tuple[str, bool]:
    from .programs.table import load_programs
    from .facts import diff_fact_import
    from .facts.files import MAX_IMPORT_BYTES, read_fact_file
    fmt = args.format or ("json" if str(args.file).lower().endswith(".json") else "csv")
    rows = read_fact_file(_read_file(args.file, MAX_IMPORT_BYTES, "facts file"), fmt)
    known = set(load_programs()["program_id"])
    diff = diff_fact_import(rows, store.current_facts(), known_ids=known)
    lines = [f"import: {diff.summary()}"]
    lines += [f"+ {r.program_id} {r.field} = {shorten(r.value, 60)}" for r in diff.added]
    lines += [f"~ {r.program_id} {r.field}: {shorten(old, 40)} -> {shorten(r.value, 40)}" for r, old in diff.changed]
    for error in diff.errors:
        print(f"row {error.row}, column {error.column}: {shorten(error.message, 200)}", file=sys.stderr)
    if args.apply:
        # The command line has no sign-in: whoever runs it is a typed name, never a verified account.
        by = f"{args.by or os.environ.get('USER') or 'local'} (command line)"
        lines.append(f"applied: {store.apply_import(diff, by)} facts saved")
    elif diff.to_apply:
        lines.append("nothing saved yet: run again with --apply to save the new and changed rows")
    return "\n".join(lines), bool(diff.errors)


def _from_text(store, args) -> tuple[str, bool]:
    """Proposals as JSON; with --apply each recordable one is recorded with the URL, the quote and the rule."""
    import datetime as _dt
    import json

    import pandas as pd

    from .facts import FactError
    from .facts.from_text import (eligibility_proposals, other_institutions_for, roster_proposals, source_note,
                                  wrong_page_warning)
    from .facts.paste import MAX_PASTE_CHARS, PasteError
    from .programs.table import load_programs
    data = sys.stdin.buffer.read(4 * MAX_PASTE_CHARS + 1) if args.file == "-" else \
        _read_file(args.file, 4 * MAX_PASTE_CHARS, "pasted text")
    programs = load_programs()
    known = set(programs["program_id"])
    if args.program not in known:
        raise FactError("program", f"{shorten(args.program, 60)} is not a program id (see `score` output or the Data page)")
    try:
        if args.kind == "eligibility":
            result = eligibility_proposals(data)
        else:
            from .store.aliases import current_aliases      # the workspace's one-click school classifications
            result = roster_proposals(data, current_aliases(store))
    except PasteError as exc:
        raise FactError("file", str(exc)) from None
    named = other_institutions_for(data, args.program, programs, result.roster)
    out = result.to_dict()
    out["program_id"] = args.program
    out["kind"] = args.kind
    warning = wrong_page_warning(named)
    if warning:
        out["warnings"].append(warning)
    current = {(f.program_id, f.field): f.value for f in store.current_facts()}
    row = programs.loc[programs["program_id"] == args.program].iloc[0]
    for item, shown in zip(result.items, out["proposals"]):
        if item.field:
            bundled = row.get(item.field)
            now = current.get((args.program, item.field), None if pd.isna(bundled) else bundled)
            shown["now"] = None if now is None else str(now)
    applied = []
    if args.apply:
        if not args.source_url.strip():
            raise FactError("source_url", "--apply needs --source-url, the page's address, recorded with each fact")
        by = f"{args.by or os.environ.get('USER') or 'local'} (command line)"
        kind = "program website" if args.kind == "eligibility" else "resident roster count"
        for item in result.items:
            if item.field and item.record_value is not None:
                record = store.record_fact(args.program, item.field, item.record_value, source_type=kind,
                                           source_note=source_note(args.source_url, item),
                                           checked_on=args.checked or _dt.date.today(), recorded_by=by,
                                           known_ids=known)
                applied.append({"field": record.field, "value": record.value, "id": record.id})
    out["applied"] = applied if args.apply else None
    return json.dumps(out, indent=2, ensure_ascii=False), False


def _add_to_users_file(args: argparse.Namespace) -> str:
    """Same checks as an account in the database; the file gets `name:argon2-hash`, never the password."""
    from .facts import FactError
    from .store.auth import hash_password, write_users_file
    from .facts.records import MAX_NAME_CHARS
    from .store.store import MIN_PASSWORD_CHARS
    from .facts.rules import check_text
    name = check_text("name", args.name, limit=MAX_NAME_CHARS, words="the advisor name")
    if ":" in name or name == "local":
        raise FactError("name", "the advisor name cannot contain ':' or be 'local'")
    password = _read_password(args)
    if len(password) < MIN_PASSWORD_CHARS:
        raise FactError("password", f"the password needs at least {MIN_PASSWORD_CHARS} characters")
    write_users_file(Path(args.file), name, hash_password(password))
    return (f"advisor {shorten(name, 60)} written to {shorten(args.file, 80)} (argon2 hash); set "
            f"SMARTPICK_USERS_FILE to it to require sign-in")


def _add_user(store, args: argparse.Namespace) -> str:
    """The account, then the marker outside the database: a database that later cannot be read still means
    sign-in (fail closed). A missing marker is an error, as the server would otherwise fail open."""
    from .store import StoreError
    from .store.auth import write_auth_marker
    store.add_user(args.name, _read_password(args))
    try:
        write_auth_marker()
    except OSError as exc:
        raise StoreError(f"advisor {shorten(args.name, 60)} saved, but the sign-in marker could not be written in "
                         f"the data folder ({exc.strerror or type(exc).__name__}); make SMARTPICK_DATA_DIR "
                         "writable and run users add again") from None
    return f"advisor {shorten(args.name, 60)} saved (argon2 hash); sign-in is required from now on"


def _lock_or_unlock(store, args: argparse.Namespace) -> str:
    if args.users_command == "lock":
        store.lock_user(args.name)
        return f"advisor {shorten(args.name, 60)} locked: no sign-in until `users unlock`; their sessions ended"
    store.unlock_user(args.name)
    return f"advisor {shorten(args.name, 60)} unlocked (failed attempts cleared)"


def run_store_command(args: argparse.Namespace) -> int:
    """Run one storage subcommand; errors are one line on stderr, exit 2."""
    from .facts import FactError
    from .store import NewerSchemaError, NotFound, StoreError, open_store
    try:
        store = open_store(args.database)
        bad = False
        try:
            if args.command == "backup":
                message = _backup(store, args)
            elif args.command == "restore":
                message = _restore(store, args)
            elif args.command == "facts" and args.facts_command == "export":
                message = _export(store, args)
            elif args.command == "facts" and args.facts_command == "from-text":
                message, bad = _from_text(store, args)
            elif args.command == "facts":
                message, bad = _import(store, args)
            elif args.users_command in ("lock", "unlock"):
                message = _lock_or_unlock(store, args)
            elif args.file:
                message = _add_to_users_file(args)
            else:
                message = _add_user(store, args)
        finally:
            store.close()
    except NewerSchemaError as exc:      # the one line as it is: nothing was opened or written
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except FactError as exc:
        print(shorten(f"error: {exc.field}: {exc.message}", 420), file=sys.stderr)
        return EXIT_USAGE
    except (StoreError, NotFound, OSError) as exc:
        print(shorten(f"error: {exc}", 420), file=sys.stderr)
        return EXIT_USAGE
    if message:
        print(message)
    return EXIT_USAGE if bad else 0
