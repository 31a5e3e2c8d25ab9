"""The house's rules, checked on every `make test`: arrows run downward only (the import-linter contracts in
pyproject.toml), pages render and hold no logic, and no module reaches into another's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from smartpick_app.registry import PAGES, PAGES_DIR

ROOT = Path(__file__).resolve().parent.parent
MAX_PAGE_LINES = 200
CODE = [*sorted((ROOT / "smartpick_core").rglob("*.py")), *sorted((ROOT / "smartpick_app").rglob("*.py"))]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_layering_contracts_hold():
    """text <- programs <- facts/model <- strategy <- views <- store <- cli <- the app, and inside the app
    pages <- frame <- workspace <- sidebar <- state <- cache: no circle, no upward import."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "broken" in out.stdout and " 0 broken" in out.stdout


def test_every_page_file_is_in_the_registry_and_every_entry_has_a_file():
    files = {p.name for p in PAGES_DIR.glob("*.py") if p.name != "__init__.py"}
    assert files == {p.file for p in PAGES}
    assert len({p.title for p in PAGES}) == len(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file)
def test_pages_render_only(page):
    """A page draws what the core computed: no pandas or numpy, and short enough to read in one sitting."""
    imports = imported_modules(page.path)
    assert not {m for m in imports if m.split(".")[0] in ("pandas", "numpy")}, imports
    lines = len(page.path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_PAGE_LINES, f"{page.file} has {lines} lines; move its logic into smartpick_core"


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_another_modules_private_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = [alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               for alias in node.names if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert not private, f"{path.relative_to(ROOT)} imports private names {private}"


def test_no_sys_path_games():
    """The package installs with `pip install -e .`; pytest's pythonpath covers the helper folders."""
    offenders = [str(p.relative_to(ROOT)) for p in [*CODE, *sorted((ROOT / "tests").rglob("*.py")),
                                                    *sorted((ROOT / "scripts").glob("*.py"))]
                 if "sys.path.insert" in p.read_text(encoding="utf-8") and p.name != "test_layering.py"]
    assert not offenders
