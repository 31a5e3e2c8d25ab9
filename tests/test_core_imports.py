from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import smartpick_core

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_and_scores_without_streamlit():
    code = (
        "import sys; sys.modules['streamlit'] = None\n"  # any import of streamlit now fails
        "import smartpick_core as sc\n"
        "r = sc.score(sc.Profile(), sc.load_programs(), n_national=10, cycle_year=2027)\n"
        "assert 'streamlit' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
        "print(r.outlook.applications)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_exported_members_are_deliberate_and_sorted():
    assert smartpick_core.__all__ == sorted(smartpick_core.__all__)
    for name in smartpick_core.__all__:
        assert hasattr(smartpick_core, name), name


def test_import_leaves_heavy_libraries_for_first_use():
    """Start-up budget: scipy, pandera, geopy, plotly, pydeck load only when a call needs them."""
    heavy = ("scipy", "pandera", "geopy", "plotly", "pydeck", "streamlit")
    code = ("import sys, smartpick_core, smartpick_core.cli\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
