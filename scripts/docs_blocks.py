"""Write the generated blocks of README.md and docs/*.md from the code, so the docs cannot go stale.

    .venv/bin/python scripts/docs_blocks.py            # rewrite every block in place
    .venv/bin/python scripts/docs_blocks.py --check    # exit 1 naming each stale, unknown or missing block
    .venv/bin/python scripts/docs_blocks.py --print model-settings   # print one block's text

A block is the text between two marker lines, anywhere in README.md or docs/*.md:

    <!-- BEGIN generated: NAME -->
    ... written by this script; edit the code it comes from, never the block ...
    <!-- END generated: NAME -->

The blocks:
    model-settings    the model's settings table (smartpick_core.model.settings.SETTINGS)
    fitted-weights    the fitted parameters per specialty (fit.fitted_settings(), data/calibration/model_fit.csv)
    list-settings     the list-building settings (smartpick_core.strategy.settings.STRATEGY_SETTINGS)
    calibration       what `make calibration` (scripts/calibrate.py, without --fit) prints, spaced for Markdown
    cli-help          `python -m smartpick_core --help` and every subcommand's --help, at 80 columns (the
                      parser the command runs, built in this process: the same text, without ten interpreter starts)
    nrmp-citation     the NRMP citation and where its terms are (smartpick_core.model.nrmp_terms): one text in
                      every doc that shows NRMP-derived numbers

tests/test_docs.py runs the check. This script replaces scripts/settings_table.py.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import re
import sys
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
# Markers are whole lines: a marker quoted inside a sentence or inline code is not one.
BLOCK = re.compile(r"^(<!-- BEGIN generated: (?P<name>[a-z0-9-]+) -->\n)(?P<body>.*?)^(<!-- END generated: (?P=name) -->)$",
                   re.DOTALL | re.MULTILINE)
MARKER = re.compile(r"^<!-- (BEGIN|END) generated: (.*?) -->$", re.MULTILINE)
HELP_WIDTH = 78     # what argparse uses when COLUMNS is unset and the output is not a terminal (80 - 2)


def doc_files() -> list[Path]:
    """Every file that may hold a block: README.md and docs/*.md."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


# --- the blocks ------------------------------------------------------------------------------------------------
def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def settings_table(settings: Iterable, *, short: bool = False) -> str:
    """Settings as a Markdown table; `short` keeps name, value and unit."""
    if short:
        lines = ["| setting | value | unit |", "|---|---|---|"]
        lines += [f"| `{s.name}` | {s.value:g} | {_cell(s.unit)} |" for s in settings]
    else:
        lines = ["| setting | value | unit | meaning | source |", "|---|---|---|---|---|"]
        lines += [f"| `{s.name}` | {s.value:g} | {_cell(s.unit)} | {_cell(s.description)} | {_cell(s.source)} |"
                  for s in settings]
    return "\n".join(lines)


def model_settings() -> str:
    from smartpick_core.model.settings import SETTINGS
    return settings_table(SETTINGS)


def fitted_weights() -> str:
    from smartpick_core.model.fit import fitted_settings
    return settings_table(fitted_settings())


def list_settings() -> str:
    from smartpick_core.strategy.settings import STRATEGY_SETTINGS
    return settings_table(STRATEGY_SETTINGS)


def calibration() -> str:
    """scripts/calibrate.py's report (the stored weights, no refit), with blank lines around its tables."""
    import calibrate   # scripts/ is on the path: this script's folder, and pytest's pythonpath

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        calibrate.report()
    lines: list[str] = []
    for line in out.getvalue().strip("\n").splitlines():
        in_table = line.startswith("|")
        if lines and lines[-1] and in_table != lines[-1].startswith("|"):
            lines.append("")          # a Markdown table needs a blank line before and after it
        lines.append(line)
    return "\n".join(lines)


def _subcommands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command words, parser) for the parser and every subcommand below it, in the order --help lists them."""
    yield path, parser
    for action in parser._actions:            # argparse keeps subcommands here; there is no public accessor
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _subcommands(sub, (*path, name))


def cli_help() -> str:
    from smartpick_core.cli import build_parser

    parts = []
    for path, parser in _subcommands(build_parser()):
        parser.formatter_class = functools.partial(argparse.HelpFormatter, width=HELP_WIDTH)
        command = " ".join(["python -m smartpick_core", *path, "--help"])
        parts.append(f"#### `{command}`\n\n```text\n{parser.format_help().rstrip()}\n```")
    return "\n\n".join(parts)


def nrmp_citation() -> str:
    from smartpick_core.model.nrmp_terms import NRMP_CITATION, NRMP_NOTICE, NRMP_TRANSCRIPTION

    return (f"**NRMP's figures.** {NRMP_CITATION} ({NRMP_TRANSCRIPTION}). The chances rest on these aggregate "
            "published tables, used in a transparent parametric model (no training). NRMP asks that its data be "
            "cited and that products using it be sent to NRMP for review before publication; its terms restrict "
            "reuse and, as the transcription reports, use with machine-learning or AI systems. NRMP has not "
            f"reviewed SmartPick: its review or permission is needed before any public release (`{NRMP_NOTICE}`).")


BLOCKS: dict[str, Callable[[], str]] = {
    "model-settings": model_settings,
    "fitted-weights": fitted_weights,
    "list-settings": list_settings,
    "calibration": calibration,
    "cli-help": cli_help,
    "nrmp-citation": nrmp_citation,
}


# --- reading and writing the files -----------------------------------------------------------------------------
def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def render(text: str, path: Path, rendered: dict[str, str], problems: list[str]) -> str:
    """`text` with every block rewritten; an unknown block or an unpaired marker is a problem, text kept."""
    names = [m.group("name") for m in BLOCK.finditer(text)]
    markers = [m.group(2) for m in MARKER.finditer(text)]
    if len(markers) != 2 * len(names):
        problems.append(f"{_relative(path)}: a generated-block marker has no partner "
                        f"(markers: {', '.join(markers) or 'none'})")

    def replace(match: re.Match) -> str:
        name = match.group("name")
        if name not in BLOCKS:
            problems.append(f"{_relative(path)}: unknown generated block '{name}' (known: {', '.join(BLOCKS)})")
            return match.group(0)
        if name not in rendered:
            rendered[name] = BLOCKS[name]().strip("\n")
        return f"{match.group(1)}\n{rendered[name]}\n\n{match.group(4)}"

    return BLOCK.sub(replace, text)


def run(check: bool, files: list[Path] | None = None) -> list[str]:
    """Rewrite (or, with check, compare) every block; returns the problems, one line each."""
    rendered: dict[str, str] = {}
    problems: list[str] = []
    seen: set[str] = set()
    for path in files if files is not None else doc_files():
        text = path.read_text(encoding="utf-8")
        new = render(text, path, rendered, problems)
        seen |= {m.group("name") for m in BLOCK.finditer(text)}
        if new == text:
            continue
        if check:
            stale = [m.group("name") for m, n in zip(BLOCK.finditer(text), BLOCK.finditer(new))
                     if m.group(0) != n.group(0)]
            problems += [f"{_relative(path)}: generated block '{name}' is stale "
                         f"(run .venv/bin/python scripts/docs_blocks.py)" for name in stale]
        else:
            path.write_text(new, encoding="utf-8")
            print(f"updated {_relative(path)}")
    if files is None:
        problems += [f"generated block '{name}' is in no file (README.md, docs/*.md)"
                     for name in BLOCKS if name not in seen]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 naming each stale block")
    parser.add_argument("--print", dest="block", choices=sorted(BLOCKS), help="print one block's text and exit")
    args = parser.parse_args(argv)
    if args.block:
        print(BLOCKS[args.block]())
        return 0
    problems = run(check=args.check)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
