"""The app's cached loaders: the program tables (with the advisor-recorded facts over them), the workspace
database, and per-profile results. Keys are small and hashable; every cache is bounded (max_entries, ttl), so a
script cycling links cannot grow server memory without limit. Core calls only: no widgets here.
"""

from __future__ import annotations

import datetime as _dt
import gc
import hashlib
import importlib
import json
import os
import threading
import time

import pandas as pd
import streamlit as st

from smartpick_core import (
    ApplicationPlan, Place, Profile, ProgramDataError, ScoreResult, applications_curve, compare_scenarios,
    load_programs, plan, resolve_city, score, specialties_in, tiers_by_step2,
)
from smartpick_core.facts import FactRecord
from smartpick_core.facts.overlay import apply_recorded_facts
from smartpick_core.facts.national_import import national_list_key
from smartpick_core.programs.frozen import freeze
from smartpick_core.programs.table import PROJECT_ROOT, check_calibration_files
from smartpick_core.store import NewerSchemaError, Store, StoreError, default_database_url, open_store
from smartpick_core.store.database import describe_url, sqlite_path

PROGRAM_FILES_ENV = "SMARTPICK_PROGRAM_FILES"   # os.pathsep-separated CSVs; tests point it at a fixture
COUNTIES_FILE = PROJECT_ROOT / "static" / "counties.json"
CACHE_TTL_S = 3600
PROFILE_CACHE_ENTRIES = 64       # per-profile results (scenarios, curves): ~0.7 MB each
SCORE_CACHE_ENTRIES = 128        # per-profile scorings (one SoCal specialty's scored rows each, well under 1 MB)
STORE_RETRY_S = 30      # a broken file that is fixed (or a server that comes back) is retried after this
NOTE_KEY = "smartpick.workspace_note"


# --- the workspace database and the recorded facts over the bundled table -----------------------------------
def database_url() -> str:
    return default_database_url()


def database_present(url: str) -> bool:
    """A configured server, or a SQLite file that already exists (reading never creates one)."""
    if not url.startswith("sqlite"):
        return True
    path = sqlite_path(url)
    return path is not None and path.exists()


def _still_good(opened: tuple[Store | None, str | None, float]) -> bool:
    """A working store is kept; a failure is retried once it is STORE_RETRY_S old (the file may have been fixed)."""
    store, _, when = opened
    return store is not None or time.monotonic() - when < STORE_RETRY_S


def _release(opened: tuple[Store | None, str | None, float]) -> None:
    if opened[0] is not None:
        opened[0].close()


@st.cache_resource(show_spinner=False, max_entries=4, validate=_still_good, on_release=_release)
def _open(url: str) -> tuple[Store | None, str | None, float]:
    """One Store (engine + pool) per URL for every session; a failure is cached briefly too, never raised."""
    try:
        return open_store(url), None, time.monotonic()
    except NewerSchemaError as exc:
        NEWER_SCHEMA_ERRORS.add(str(exc))
        return None, str(exc), time.monotonic()
    except StoreError as exc:
        return None, str(exc), time.monotonic()


NEWER_SCHEMA_ERRORS: set[str] = set()    # the messages of databases written by a newer SmartPick (never opened)


def is_newer_schema(error: str | None) -> bool:
    """The workspace was written by a newer SmartPick: every page says so, and nothing is written."""
    return error is not None and error in NEWER_SCHEMA_ERRORS


def workspace_store(create: bool = False) -> tuple[Store | None, str | None]:
    """The workspace database, or (None, why). Without `create`, a database that does not exist yet is (None, None)."""
    url = database_url()
    if not create and not database_present(url):
        return None, None
    store, error, _ = _open(url)
    return store, error


def database_words() -> str:
    """Where the data lives, in words, never with a password."""
    return describe_url(database_url())


# --- recorded facts over the bundled table -------------------------------------------------------------------
def current_facts() -> list[FactRecord]:
    """The store's current facts; none when there is no database or it cannot be read (bundled data then)."""
    store, _ = workspace_store()
    if store is None:
        return []
    try:
        return store.current_facts()
    except StoreError:
        return []


def facts_key() -> str:
    """Changes whenever a fact is recorded, corrected or retracted, and each day (verify-again flags age)."""
    ids = ",".join(str(f.id) for f in current_facts())
    return f"{_dt.date.today().isoformat()}:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"


def programs_with_facts(programs: pd.DataFrame) -> pd.DataFrame:
    """The bundled table with the advisor-recorded facts applied (provenance and verify-again columns added)."""
    return apply_recorded_facts(programs, current_facts())


def after_write(note: str | None = None) -> None:
    """A fact or program was written: cached what-ifs, curves and plans must not keep the old values."""
    st.cache_data.clear()
    _score_shared.clear()
    if note:
        st.session_state[NOTE_KEY] = note



# --- program tables and per-profile results ---------------------------------------------------------
# --- cached loaders (thin: small hashable keys in, core calls inside) ------------------------------
def program_paths() -> tuple[str, ...] | None:
    env = os.environ.get(PROGRAM_FILES_ENV, "").strip()
    return tuple(p for p in env.split(os.pathsep) if p) or None


def load_programs_cached(paths: tuple[str, ...] | None, facts: str) -> pd.DataFrame:
    """The bundled table with the advisor-recorded facts overlaid; the facts key (facts_key,
    read once per run) is part of every cache key, so a recorded, corrected or retracted fact - in the app or by
    the command line - is used from the next rerun on."""
    return _programs_with_facts(paths, facts)


# cache_resource, not cache_data: every rerun reads these tables several times, and cache_data would unpickle a
# fresh copy each time (~15 ms apiece). They are shared read-only: nothing assigns into them (pandas copy-on-write
# keeps every derived frame separate).
@st.cache_resource(show_spinner=False, max_entries=4)
def _programs_with_facts(paths: tuple[str, ...] | None, facts_key: str) -> pd.DataFrame:
    return programs_with_facts(load_programs(paths))


def specialty_programs(paths: tuple[str, ...] | None, facts: str, specialty: str) -> pd.DataFrame:
    """One specialty's rows of load_programs_cached: score() then takes the table as it is (no row copy)."""
    return _specialty_table(paths, facts, specialty)


@st.cache_resource(show_spinner=False, max_entries=32)
def _specialty_table(paths: tuple[str, ...] | None, facts_key: str, specialty: str) -> pd.DataFrame:
    programs = _programs_with_facts(paths, facts_key)
    return freeze(programs[programs["specialty"] == specialty].reset_index(drop=True))   # shared, read-only


@st.cache_data(show_spinner=False, max_entries=256, ttl=CACHE_TTL_S)
def resolve_city_cached(query: str) -> Place | None:
    return resolve_city(query)


NATIONAL_LISTS_KEPT = 16
_NATIONAL_LISTS: dict[str, pd.DataFrame] = {}    # content key -> an imported national list (bounded, read-only)


def register_national_list(frame: pd.DataFrame | None) -> str:
    """The cache key of a user's national list (its content fingerprint), kept so cached scorings can find it."""
    key = national_list_key(frame)
    if key and frame is not None and key not in _NATIONAL_LISTS:
        while len(_NATIONAL_LISTS) >= NATIONAL_LISTS_KEPT:
            _NATIONAL_LISTS.pop(next(iter(_NATIONAL_LISTS)))
        _NATIONAL_LISTS[key] = frame
    return key


def national_list(key: str) -> pd.DataFrame | None:
    return _NATIONAL_LISTS.get(key) if key else None


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def scenarios_cached(profile_key: str, n_national: int | None, paths: tuple[str, ...] | None, facts: str,
                     _base: ScoreResult, national_key: str = "") -> pd.DataFrame:
    return compare_scenarios(_base, specialty_programs(paths, facts, _base.profile.specialty), n_national=n_national,
                             national_programs=national_list(national_key))


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def applications_curve_cached(profile_key: str, cycle_year: int, paths: tuple[str, ...] | None,
                              facts: str, national: int | None = None, national_key: str = "",
                              _base: ScoreResult | None = None) -> pd.DataFrame:
    """_base: this run's scoring of the same key, count and list (not hashed), so the curve does not score again."""
    profile = _profile_from_key(profile_key)
    return applications_curve(profile, specialty_programs(paths, facts, profile.specialty), cycle_year=cycle_year,
                              national=national, national_programs=national_list(national_key), base=_base)


def tiers_by_step2_cached(profile: Profile, cycle_year: int, paths: tuple[str, ...] | None, facts: str) -> pd.DataFrame:
    """The Step 2 CK sweep sets Step 2 CK itself at every point, so it is kept per profile without its Step 2 CK:
    moving the Step 2 CK slider on the Tiers page reuses the sweep instead of redoing it."""
    return _tiers_by_step2(sweep_key(profile), cycle_year, paths, facts, profile)


def sweep_key(profile: Profile) -> str:
    """profile_key with Step 2 CK left out (what the sweep does not read)."""
    values = profile.to_dict()
    values.pop("step2_ck", None)
    return json.dumps(values, sort_keys=True)


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def _tiers_by_step2(sweep_key: str, cycle_year: int, paths: tuple[str, ...] | None, facts: str,
                    _profile: Profile) -> pd.DataFrame:
    return tiers_by_step2(_profile, specialty_programs(paths, facts, _profile.specialty), cycle_year=cycle_year)


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def plan_cached(profile_key: str, cycle_year: int, paths: tuple[str, ...] | None, facts: str, applications: int | None,
                budget_usd: float | None, include: tuple[str, ...], exclude: tuple[str, ...],
                prefer: tuple[str, ...], signals: bool, socal_first: bool = True, national_key: str = "") -> ApplicationPlan:
    profile = _profile_from_key(profile_key)
    scored = _score_shared(profile_key, None, paths, facts, national_key)    # plan() decides whether it can reuse it
    return plan(profile, specialty_programs(paths, facts, profile.specialty), applications=applications,
                budget_usd=budget_usd, include=include, exclude=exclude, prefer_subregions=prefer, signals=signals,
                cycle_year=cycle_year, socal_first=socal_first, national_programs=national_list(national_key),
                scored=scored)


@st.cache_data(show_spinner=False, max_entries=1, ttl=60)
def calibration_problem() -> str | None:
    """None when the NRMP calibration files are usable; else one line naming the file (checked once a minute)."""
    try:
        check_calibration_files()
    except ProgramDataError as exc:
        return str(exc)
    return None


@st.cache_data(show_spinner=False, max_entries=1, ttl=60)
def counties_available() -> bool:
    """The optional county outlines (static/counties.json): present and readable JSON."""
    try:
        with COUNTIES_FILE.open("rb") as handle:
            json.loads(handle.read(20 * 1024 * 1024))
        return True
    except (OSError, ValueError):
        return False




def profile_key(profile: Profile) -> str:
    return json.dumps(profile.to_dict(), sort_keys=True)


def _profile_from_key(key: str) -> Profile:
    return Profile.from_dict(json.loads(key))


# --- the per-run value pages render ---------------------------------------------------------------


def score_cached(profile_key: str, n_national: int | None, paths: tuple[str, ...] | None, facts: str,
                 national_key: str = "") -> ScoreResult:
    """A whole scoring for a profile given by its key (scenario A), from the shared per-profile cache."""
    return _score_shared(profile_key, n_national, paths, facts, national_key)


def score_profile(profile: Profile, n_national: int | None, paths: tuple[str, ...] | None, facts: str,
                  national_key: str = "") -> ScoreResult:
    """This run's scoring, kept per profile (its canonical fingerprint, profile_key) for every session: moving a
    slider back to a value already seen, or a second advisor on the same profile, scores nothing. Raises as
    score() does (errors are never cached)."""
    return _score_shared(profile_key(profile), n_national, paths, facts, national_key)


# cache_resource, not cache_data: a hit returns the one shared result without unpickling a copy (a rerun reads
# it many times). Shared read-only, like the specialty tables it is scored from; bounded and aged like the rest.
@st.cache_resource(show_spinner=False, max_entries=SCORE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def _score_shared(profile_key: str, n_national: int | None, paths: tuple[str, ...] | None, facts: str,
                  national_key: str) -> ScoreResult:
    profile = _profile_from_key(profile_key)
    home = resolve_city_cached(profile.home) if profile.home else None
    return score(profile, specialty_programs(paths, facts, profile.specialty), n_national=n_national, home=home,
                 national_programs=national_list(national_key))


# --- warm-up: once per server process, off the first session's path -----------------------------------------
WARM_UP_ENV = "SMARTPICK_WARM_UP"     # "off": no warm-up thread (tests that count what a run loads)
WARM_MODULES = (    # what the pages after the first one import: loaded once here instead of in someone's click
    "smartpick_core.views.figures", "smartpick_core.views.maps", "smartpick_core.views.plan_report",
    "smartpick_core.views.scenario_compare", "smartpick_core.views.workspace_tables", "pydeck", "plotly.graph_objects",
)


def warm_up() -> None:
    """Start the server's warm-up once per process (later calls do nothing). The first run draws its page with
    only what that page needs; this thread then loads every specialty's table, checks the calibration, imports the
    other pages' modules and makes the sign-in's dummy hash, so no later session or page waits for them."""
    if os.environ.get(WARM_UP_ENV, "").lower() != "off":
        _warm_up_thread(program_paths())


@st.cache_resource(show_spinner=False, max_entries=1)
def _warm_up_thread(paths: tuple[str, ...] | None) -> threading.Thread:
    thread = threading.Thread(target=_warm, args=(paths,), name="smartpick-warm-up", daemon=True)
    thread.start()
    return thread


def _warm(paths: tuple[str, ...] | None) -> None:
    """The warm-up itself; any failure is left for the page that needs the part to report in words."""
    from smartpick_core.store.auth import verify_password

    try:
        check_calibration_files()
        facts = facts_key()
        programs = _programs_with_facts(paths, facts)
        for specialty in sorted(specialties_in(programs)):
            _specialty_table(paths, facts, specialty)
        for module in WARM_MODULES:
            importlib.import_module(module)
        verify_password(None, "warm-up")      # the dummy hash unknown names are checked against
    except Exception:   # noqa: BLE001 - a warm-up never fails the server; the pages report their own errors
        return
    freeze_long_lived_objects()


def freeze_long_lived_objects() -> int:
    """Move everything loaded so far (modules, tables, the calibration) out of the garbage collector's sight.

    Why: Streamlit runs a full collection after every script run (`runner.postScriptGC`), and it blocks every
    session on the server while it walks every object the process holds: ~100 ms a rerun on this box with the
    tables loaded, about as long as a page's own script. Those objects live as long as the server, so scanning
    them finds nothing; frozen, the collection walks only what the runs made (a fraction of a millisecond).
    Garbage is collected first, so nothing unreachable is kept. Returns how many objects are frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
