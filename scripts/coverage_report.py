"""Print (or write) the data/README.md "Coverage" tables for the bundled program data.

The tables come from smartpick_core.views.coverage.data_coverage, the same function behind the Data page, run
on the bundled files as load_programs() reads them (both files, schema-checked, no recorded facts).

Run:  .venv/bin/python scripts/coverage_report.py           (print the Markdown)
      .venv/bin/python scripts/coverage_report.py --write   (replace it between the coverage markers in
                                                            data/README.md; tests/test_coverage.py checks it)
"""
from __future__ import annotations

import sys
from pathlib import Path

from smartpick_core import load_programs
from smartpick_core.views.coverage import coverage_markdown, data_coverage

ROOT = Path(__file__).resolve().parents[1]

README = ROOT / "data" / "README.md"
START, END = "<!-- coverage:start (scripts/coverage_report.py --write) -->", "<!-- coverage:end -->"


def report() -> str:
    """The Markdown block for the bundled files."""
    return coverage_markdown(data_coverage(load_programs()))


def readme_block(text: str) -> str:
    """What data/README.md holds between the markers (ValueError if a marker is missing)."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip("\n") + "\n"


def write_readme(path: Path = README) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    path.write_text(text[:start] + "\n" + report() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write_readme()
        print(f"updated {README.relative_to(ROOT)}")
    else:
        print(report())
    sys.exit(0)
