"""Shared fixtures: a small synthetic program table (model tests must not hinge on the data of the day)."""

from __future__ import annotations

import os
import tempfile

import pandas as pd
import pytest
from hypothesis import settings

# Derived-data cache (programs/derived_cache.py) in a folder of this test run, never the user's ~/.cache;
# subprocesses (CLI tests, app servers) inherit it.
os.environ.setdefault("SMARTPICK_CACHE_DIR", tempfile.mkdtemp(prefix="smartpick-test-cache-"))

# The machine is shared and noisy: property tests check behaviour, never time (speed lives in `make bench`).
settings.register_profile("smartpick", deadline=None)
settings.load_profile("smartpick")

from smartpick_core.programs.table import COLUMNS, validate_programs  # noqa: E402  (after the cache folder is set)

BASE_ROW = {c: None for c in COLUMNS} | {
    "institution": "Test Hospital", "city": "Riverside", "county": "Riverside", "subregion": "Inland Empire",
    "status": "accredited", "lat": 33.95, "lon": -117.40, "source_url": "https://example.org/program",
    "checked": "2026-11", "confidence": "high", "specialty": "Internal Medicine",
}


def make_programs(rows: list[dict]) -> pd.DataFrame:
    """Build and validate a program table from partial rows (missing fields = unknown)."""
    frame = pd.DataFrame([BASE_ROW | {"program_id": f"im-test-{i}", "name": f"Test program {i}"} | row
                          for i, row in enumerate(rows)], columns=list(COLUMNS))
    frame = frame.astype({c: "str" for c in COLUMNS if c not in ("lat", "lon")})
    frame = frame.replace({"None": pd.NA, "nan": pd.NA, "<NA>": pd.NA})
    return validate_programs(frame)


SYNTHETIC_ROWS: list[dict] = [
    {"program_type": "community", "sponsors_j1": "yes", "sponsors_h1b": "yes", "img_share": "0.8", "positions_per_year": "10"},
    {"program_type": "community", "sponsors_j1": "yes", "sponsors_h1b": "no"},
    {"program_type": "community"},  # everything unknown
    {"program_type": "university", "sponsors_j1": "yes", "sponsors_h1b": "no", "img_share": "0.1", "step2_min": "245"},
    {"program_type": "university_affiliated_community", "yog_max_years": "3", "first_attempt_only": "yes"},
    {"program_type": "county", "sponsors_j1": "yes", "usce_required": "yes", "usce_min_months": "3",
     "county": "Los Angeles", "subregion": "Los Angeles", "city": "Los Angeles", "lat": 34.05, "lon": -118.24},
    {"program_type": "kaiser", "sponsors_j1": "no", "sponsors_h1b": "no", "visa_basis": "institution",
     "county": "Orange", "subregion": "Orange County", "city": "Anaheim", "lat": 33.84, "lon": -117.91},
    {"program_type": "military", "sponsors_j1": "no", "sponsors_h1b": "no", "visa_basis": "military", "accepts_imgs": "no",
     "county": "San Diego", "subregion": "San Diego", "city": "San Diego", "lat": 32.72, "lon": -117.16},
    {"program_type": "community", "status": "unverified", "sponsors_h1b": "yes"},
    {"program_type": "community", "status": "possibly_closed"},
]


@pytest.fixture(scope="session")
def synthetic_programs() -> pd.DataFrame:
    return make_programs(SYNTHETIC_ROWS)


@pytest.fixture(scope="session")
def bundled_programs() -> pd.DataFrame:
    from smartpick_core import load_programs

    return load_programs()


# --- hostile-input tally: tests tagged with user_properties ("hostile", kind) ---------------
def pytest_terminal_summary(terminalreporter):
    """Print tried / clean counts per kind of hostile input at the end of the run (clean = test passed)."""
    tally: dict[str, list[int]] = {}
    for outcome in ("passed", "failed", "error", "xfailed", "xpassed"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") != "call" and outcome == "passed":
                continue
            for key, kind in getattr(report, "user_properties", []):
                if key == "hostile":
                    counts = tally.setdefault(kind, [0, 0])
                    counts[0] += 1
                    counts[1] += outcome == "passed"
    if not tally:
        return
    width = max(len(k) for k in tally)
    terminalreporter.section("hostile inputs (tests/hostile)")
    terminalreporter.write_line(f"{'kind':<{width}}  {'tried':>6}  {'clean':>6}")
    for kind in sorted(tally):
        tried, clean = tally[kind]
        terminalreporter.write_line(f"{kind:<{width}}  {tried:>6}  {clean:>6}")
    tried, clean = (sum(v[i] for v in tally.values()) for i in (0, 1))
    terminalreporter.write_line(f"{'total':<{width}}  {tried:>6}  {clean:>6}")


@pytest.fixture(autouse=True)
def _private_workspace_database(tmp_path_factory, monkeypatch):
    """No test reads or writes the user's real workspace (~/.smartpick), nor another test's: unless a test sets its
    own, SMARTPICK_DATA_DIR is a fresh folder per test (the sign-in marker, the session secret and the database of
    one test never turn sign-in on for the next)."""
    import os

    if os.environ.get("SMARTPICK_DATABASE_URL"):
        yield
        return
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path_factory.mktemp("workspace")))
    yield


@pytest.fixture(autouse=True)
def _fresh_streamlit_resources():
    """The app shares its program tables through st.cache_resource; each test starts from its own files."""
    import sys

    if "streamlit" in sys.modules:
        sys.modules["streamlit"].cache_resource.clear()
    yield


@pytest.fixture(autouse=True)
def _unhurried_sign_in(monkeypatch):
    """AppTests sign in and out many times a second; the per-process hashing budget (a server's defence, tested in
    tests/store/test_store_trust.py) would refuse them. Each test gets its own generous budget."""
    from smartpick_core.store import auth

    monkeypatch.setattr(auth, "HASH_BUDGET", auth.HashBudget(per_second=10**6))
