"""The shared synthetic program table of tests/conftest.py, importable from this folder
(its own conftest.py shadows the name `conftest` here)."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("smartpick_tests_conftest", Path(__file__).parents[1] / "conftest.py")
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)

SYNTHETIC_ROWS = _module.SYNTHETIC_ROWS
make_programs = _module.make_programs
