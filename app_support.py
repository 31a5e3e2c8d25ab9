"""Streamlit-side helpers: cached loaders, the sidebar profile, URL sync, the per-run dashboard value.

Pages call `dashboard()` and render; they never touch widget keys. All session
state lives under the keys defined here:

    smartpick.inputs       the sidebar's values: one entry per public Profile field, plus national and present
    profile.<field>, smartpick.national, smartpick.present
                           the widgets themselves; each copies its value into smartpick.inputs on change, so
                           the values survive page switches and widgets hidden in presentation mode
    smartpick.url_notes    corrections made to the link's values (shown once per session)
    smartpick.dashboard    this run's Dashboard (profile + its one ScoreResult)

Hardening (#12): text from a link, a file or a field is shown as plain text (text.plain_markdown,
values quoted shortened to 40 characters); a missing or broken bundled file stops the app with one
message naming the file relative to the project; every st.cache_data is bounded (max_entries, ttl).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from smartpick_core import (
    ApplicationPlan, MODEL_VERSION, NATIONAL_MAX, PROFILE_FIELDS, Place, Profile, ProfileError, ProgramDataError, ScoreResult, Step1, Step3, Visa,
    applications_curve, compare_scenarios, load_programs, national_default, plan, resolve_city, score, specialties_in,
    tiers_by_step2,
)
from smartpick_core.model.profile import STEP2_MIN, SUBREGIONS
from smartpick_core.programs.geography import GEONAMES_ATTRIBUTION
from smartpick_core.programs.table import PROJECT_ROOT, check_calibration_files
from smartpick_core.text import plain_markdown, quote
from smartpick_core.views.urlstate import LABELS, from_query, national_from_query, to_query

PROGRAM_FILES_ENV = "SMARTPICK_PROGRAM_FILES"   # os.pathsep-separated CSVs; tests point it at a fixture
NATIONAL_DEFAULT = national_default()
MONTHS_SLIDER_MAX = 36.0
LANGUAGES = ("Spanish", "Tagalog", "Vietnamese", "Mandarin", "Cantonese", "Korean", "Arabic", "Armenian", "Farsi",
             "Hindi", "Urdu", "Punjabi", "Russian", "French", "Portuguese")
_NATIONAL = "smartpick.national"
_PRESENT = "smartpick.present"
_INPUTS = "smartpick.inputs"
_NOTES = "smartpick.url_notes"
_DASHBOARD = "smartpick.dashboard"
APP_QUERY_KEYS = ("national",)
COUNTIES_FILE = PROJECT_ROOT / "static" / "counties.json"
# Cache bounds: a script cycling URLs cannot grow server memory without limit.
CACHE_TTL_S = 3600
PROFILE_CACHE_ENTRIES = 64       # per-profile results (scenarios, curves): ~0.7 MB each


def widget_key(name: str) -> str:
    return f"profile.{name}"


# --- cached loaders (thin: small hashable keys in, core calls inside) ------------------------------
def program_paths() -> tuple[str, ...] | None:
    env = os.environ.get(PROGRAM_FILES_ENV, "").strip()
    return tuple(p for p in env.split(os.pathsep) if p) or None


@st.cache_data(show_spinner=False, max_entries=4)
def load_programs_cached(paths: tuple[str, ...] | None) -> pd.DataFrame:
    return load_programs(paths)


@st.cache_data(show_spinner=False, max_entries=256, ttl=CACHE_TTL_S)
def resolve_city_cached(query: str) -> Place | None:
    return resolve_city(query)


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def scenarios_cached(profile_key: str, n_national: int, paths: tuple[str, ...] | None, _base: ScoreResult,
                     _home: Place | None) -> pd.DataFrame:
    return compare_scenarios(_base, load_programs_cached(paths), n_national=n_national, home=_home)


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def applications_curve_cached(profile_key: str, cycle_year: int, paths: tuple[str, ...] | None) -> pd.DataFrame:
    return applications_curve(_profile_from_key(profile_key), load_programs_cached(paths), cycle_year=cycle_year)


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def tiers_by_step2_cached(profile_key: str, cycle_year: int, paths: tuple[str, ...] | None) -> pd.DataFrame:
    return tiers_by_step2(_profile_from_key(profile_key), load_programs_cached(paths), cycle_year=cycle_year)


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def plan_cached(profile_key: str, cycle_year: int, paths: tuple[str, ...] | None, applications: int | None,
                budget_usd: float | None, include: tuple[str, ...], exclude: tuple[str, ...],
                prefer: tuple[str, ...], signals: bool) -> ApplicationPlan:
    return plan(_profile_from_key(profile_key), load_programs_cached(paths), applications=applications,
                budget_usd=budget_usd, include=include, exclude=exclude, prefer_subregions=prefer, signals=signals,
                cycle_year=cycle_year)


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


COUNTIES_MISSING_NOTE = ("County outlines are not shown: static/counties.json is missing or unreadable "
                         "(restore it from the repository). Program dots are unaffected.")


def profile_key(profile: Profile) -> str:
    return json.dumps(profile.to_dict(), sort_keys=True)


def _profile_from_key(key: str) -> Profile:
    return Profile.from_dict(json.loads(key))


# --- the per-run value pages render ---------------------------------------------------------------
@dataclass(frozen=True)
class Dashboard:
    programs: pd.DataFrame
    paths: tuple[str, ...] | None
    profile: Profile | None
    result: ScoreResult | None
    home: Place | None
    national: int
    present: bool
    notes: list[str] = field(default_factory=list)
    counties: bool = True

    @property
    def key(self) -> str:
        return profile_key(self.profile) if self.profile else ""

    def scenarios(self) -> pd.DataFrame:
        return scenarios_cached(self.key, self.national, self.paths, self.result, self.home)

    def applications_curve(self) -> pd.DataFrame:
        return applications_curve_cached(self.key, self.result.cycle_year, self.paths)

    def tiers_by_step2(self) -> pd.DataFrame:
        return tiers_by_step2_cached(self.key, self.result.cycle_year, self.paths)

    def plan(self, *, applications: int | None = None, budget_usd: float | None = None, include=(), exclude=(),
             prefer=(), signals: bool = True) -> ApplicationPlan:
        """The SmartPick list for this profile (cached per profile and choice)."""
        return plan_cached(self.key, self.result.cycle_year, self.paths, applications, budget_usd, tuple(include),
                           tuple(exclude), tuple(prefer), bool(signals))


def dashboard() -> Dashboard:
    """This run's Dashboard; stops the page quietly if the profile is invalid (the error is already shown)."""
    dash = st.session_state.get(_DASHBOARD)
    if dash is None or dash.result is None:
        st.stop()
    return dash


def default_profile(specialties: set[str]) -> Profile:
    base = Profile()
    if base.specialty in specialties or not specialties:
        return base
    return base.with_changes(specialty=sorted(specialties)[0])


# --- widgets <-> Profile ----------------------------------------------------------------------------
def _widget_value(name: str, profile: Profile):
    value = getattr(profile, name)
    if name in ("languages", "usce_subregions"):
        return list(value)
    if name == "home":
        return value or ""
    return value


def _seed_from_url(specialties: set[str], defaults: Profile) -> None:
    """First load only: the link's profile (corrected, with notes) becomes the widgets' starting values."""
    params = st.query_params.to_dict()
    profile, notes = from_query(params, defaults=defaults, specialties=specialties, ignore=APP_QUERY_KEYS)
    for months in ("usce_months", "socal_usce_months"):
        if getattr(profile, months) > MONTHS_SLIDER_MAX:
            notes.append(f"The {LABELS[months]} slider goes to {MONTHS_SLIDER_MAX:g}; {MONTHS_SLIDER_MAX:g} is used.")
            profile = profile.with_changes(**{months: MONTHS_SLIDER_MAX})
            if profile.socal_usce_months > profile.usce_months:
                profile = profile.with_changes(socal_usce_months=profile.usce_months)
    national, national_notes = national_from_query(params, NATIONAL_DEFAULT, NATIONAL_MAX)
    notes += national_notes
    inputs = {widget_key(name): _widget_value(name, profile) for name in PROFILE_FIELDS}
    inputs[_NATIONAL] = national
    inputs[_PRESENT] = False
    st.session_state[_INPUTS] = inputs
    st.session_state[_NOTES] = notes


def init_state(specialties: set[str], defaults: Profile) -> None:
    """First run: read the link once. Every run: give each widget its value from the one inputs store."""
    if _INPUTS not in st.session_state:
        _seed_from_url(specialties, defaults)
    for key, value in st.session_state[_INPUTS].items():
        st.session_state[key] = value


def _commit(key: str) -> None:
    """on_change: the widget's new value becomes the stored input."""
    st.session_state[_INPUTS][key] = st.session_state[key]


def _on(key: str) -> dict:
    return {"key": key, "on_change": _commit, "args": (key,)}


def profile_sidebar(specialties: set[str]) -> bool:
    """Draw the shared applicant profile; returns presentation mode."""
    k = widget_key
    sb = st.sidebar
    sb.header("Your profile")
    options = sorted(specialties)
    if st.session_state.get(k("specialty")) not in options:
        st.session_state[k("specialty")] = st.session_state[_INPUTS][k("specialty")] = options[0]
    sb.selectbox("Target specialty", options, **_on(k("specialty")))
    sb.slider("Step 2 CK score", STEP2_MIN, 300, **_on(k("step2_ck")),
              help="214–217 passed under the earlier standard; tests from 1 July 2025 need 218.")
    sb.selectbox("Visa you need", list(Visa), **_on(k("visa")), format_func=lambda v: v.label)
    sb.slider("Hands-on US clinical experience (months)", 0.0, MONTHS_SLIDER_MAX, step=0.5, **_on(k("usce_months")),
              help="Inpatient or clinic work where you present patients and write notes. Observerships go below.")
    sb.slider("…of which in Southern California (months)", 0.0, MONTHS_SLIDER_MAX, step=0.5,
              **_on(k("socal_usce_months")), help="Hands-on months only: observerships cannot count here.")
    sb.multiselect("Where in Southern California?", list(SUBREGIONS), **_on(k("usce_subregions")),
                   help="Your SoCal USCE (and the letters from it) count most at programs in these sub-regions.")
    sb.number_input("Programs you will apply to elsewhere (national)", 0, NATIONAL_MAX, step=5, **_on(_NATIONAL),
                    help="Advisors suggest 80–150 programs across the country; SoCal alone is rarely enough.")
    with sb.expander("More about you (Step 1, Step 3, letters, research, …)"):
        st.selectbox("Step 1", list(Step1), **_on(k("step1")), format_func=lambda v: v.label)
        st.number_input("Step 2 CK attempts", 1, 6, step=1, **_on(k("step2_attempts")))
        st.selectbox("Step 3", list(Step3), **_on(k("step3")), format_func=lambda v: v.label)
        st.number_input("Observership months (hands-off)", 0.0, 120.0, step=0.5, **_on(k("observership_months")))
        st.slider("US letters of recommendation", 0, 6, **_on(k("us_lors")))
        st.number_input("…of which from attendings in Southern California", 0, 6, step=1, **_on(k("socal_lors")))
        st.number_input("Research items (posters, abstracts, papers)", 0, 500, step=1, **_on(k("research_items")))
        st.number_input("Graduation year", 1970, _dt.date.today().year + 1, step=1, **_on(k("graduation_year")))
        languages = sorted(set(LANGUAGES) | set(st.session_state.get(k("languages"), [])))
        st.multiselect("Languages you speak with patients", languages, **_on(k("languages")))
        st.checkbox("Family or other ties to Southern California", **_on(k("socal_ties")))
        if not st.session_state[_INPUTS][_PRESENT]:
            st.text_input("Home city (for distances)", **_on(k("home")), placeholder="e.g. Riverside",
                          max_chars=80)
    sb.toggle("Presentation mode", **_on(_PRESENT),
              help="Larger text for screen-sharing; hides personal details such as your home city.")
    return bool(st.session_state[_INPUTS][_PRESENT])


def read_profile() -> Profile:
    """The one typed accessor: widget values -> validated Profile (raises ProfileError)."""
    inputs = st.session_state[_INPUTS]
    values = {name: inputs.get(widget_key(name)) for name in PROFILE_FIELDS}
    values["languages"] = list(values["languages"] or [])
    values["usce_subregions"] = list(values.get("usce_subregions") or [])
    return Profile.from_dict({k: v for k, v in values.items() if v is not None})


def sync_url(profile: Profile, defaults: Profile, national: int, present: bool) -> None:
    """Keep the address bar equal to the scenario so the link can be shared."""
    query = to_query(profile, defaults=defaults)
    if present:
        query.pop("home", None)  # no personal details in a link shown on a shared screen
    if national != NATIONAL_DEFAULT:
        query["national"] = str(national)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


PRESENTATION_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stAppViewContainer"] p, [data-testid="stAppViewContainer"] li { font-size: 1.15rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.6rem !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
h1 { font-size: 2.3rem !important; }
</style>
"""


def build_dashboard() -> Dashboard | None:
    """Entrypoint: load data, draw the sidebar, score once, sync the URL. Errors are shown in words."""
    paths = program_paths()
    problem = calibration_problem()
    if problem:
        st.error(plain_markdown(f"The match calibration could not be loaded: {problem}. "
                                "The dashboard stops here rather than show numbers it cannot tie to NRMP figures."))
        st.session_state[_DASHBOARD] = None
        return None
    try:
        programs = load_programs_cached(paths)
    except ProgramDataError as exc:
        st.error(plain_markdown(f"The program data could not be loaded: {exc}. "
                                "The dashboard stops here rather than score part of the programs. "
                                "Fix the named file (data/SCHEMA.md describes each column) or restore it "
                                "from the repository."))
        st.session_state[_DASHBOARD] = None
        return None
    specialties = specialties_in(programs)
    defaults = default_profile(specialties)
    init_state(specialties, defaults)
    present = profile_sidebar(specialties)
    if present:
        st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    for note in st.session_state.get(_NOTES, []):
        st.warning(plain_markdown(note), icon=":material/link:")   # link values are data, never markup
    national = int(st.session_state[_INPUTS][_NATIONAL])
    try:
        profile = read_profile()
    except ProfileError as exc:
        label = LABELS.get(exc.field_name, exc.field_name)
        st.error(f"**{plain_markdown(label)}** — " + plain_markdown(f"{quote(exc.value)} is not allowed; {exc.allowed}. "
                 "Your other entries are kept; change this one to see results."))
        st.session_state[_DASHBOARD] = Dashboard(programs, paths, None, None, None, national, present)
        return None
    notes = list(profile.notes)
    home = None
    if profile.home:
        home = resolve_city_cached(profile.home)
        if home is None:
            notes.append(f"Home city {quote(profile.home)} was not found; distances are not shown. Try 'City, CA'.")
    try:
        result = score(profile, programs, n_national=national, home=home)
    except ProfileError as exc:
        st.error(plain_markdown(f"{LABELS.get(exc.field_name, exc.field_name)}: {quote(exc.value)} is not allowed; "
                                f"{exc.allowed}"))
        st.session_state[_DASHBOARD] = Dashboard(programs, paths, profile, None, home, national, present)
        return None
    except ProgramDataError as exc:
        st.error(plain_markdown(str(exc)))
        st.session_state[_DASHBOARD] = Dashboard(programs, paths, profile, None, home, national, present)
        return None
    except (OSError, KeyError, ValueError, pd.errors.ParserError) as exc:   # e.g. a calibration table edited badly
        st.error(plain_markdown(f"The scores could not be computed from the bundled data ({type(exc).__name__}). "
                                "Check data/calibration/ and data/programs.csv against the repository."))
        st.session_state[_DASHBOARD] = Dashboard(programs, paths, profile, None, home, national, present)
        return None
    for note in notes:
        st.info(plain_markdown(note))
    sync_url(profile, defaults, national, present)
    dash = Dashboard(programs, paths, profile, result, home, national, present, notes, counties_available())
    st.session_state[_DASHBOARD] = dash
    return dash


def footer() -> None:
    dash = st.session_state.get(_DASHBOARD)
    programs = dash.programs if dash is not None else None
    st.divider()
    parts = [f"SmartPick SoCal · model version **{MODEL_VERSION}**"]
    if programs is not None and len(programs):
        checked = programs["checked"].dropna().astype(str).str[:7]
        parts.append(f"program data: {len(programs)} SoCal programs from their own websites and listings "
                     f"(checked {checked.min()} to {checked.max()}; each program's source is on the Programs page)")
    parts.append("match calibration: NRMP Charting Outcomes 2026 (non-US IMGs)")
    parts.append(f"cities: {GEONAMES_ATTRIBUTION}; county outlines: US Census via us-atlas")
    st.caption(" · ".join(parts) + ". Estimates, not promises: verify every fact with the program.")
