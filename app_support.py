"""Streamlit-side helpers: cached loaders, the sidebar profile, URL sync, the per-run dashboard value.

Pages call `dashboard()` and render; they never touch widget keys. All session
state lives under the keys defined here:

    smartpick.inputs       the sidebar's values: one entry per public Profile field, plus national and present
    profile.<field>, slider.national, smartpick.present
                           the live widgets (sliders, selects); each copies its value into smartpick.inputs on
                           change, so the values survive page switches and widgets hidden in presentation mode
    typed.<field>, smartpick.national
                           the typed numbers in the "Type your numbers" form; Apply copies them all at once
                           (one rerun for many fields). Every run, each widget whose value differs from the
                           store is given the stored value, so slider and typed field agree both ways.
    smartpick.url_notes    corrections made to the link's values (shown once per session)
    smartpick.dashboard    this run's Dashboard (profile + its one ScoreResult)
    smartpick.last_valid   the last Dashboard whose profile was valid: an invalid entry shows its error beside
                           the field and the pages keep rendering this one (Dashboard.stale says why)
    smartpick.pinned       scenario A (Pinned: profile + national) for the Compare scenarios page; in the link
                           as a=pinned and a.<field> beside B's own keys

Hardening (#12): text from a link, a file or a field is shown as plain text (text.plain_markdown,
values quoted shortened to 40 characters); a missing or broken bundled file stops the app with one
message naming the file relative to the project; every st.cache_data is bounded (max_entries, ttl).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import dataclass, field, replace

import pandas as pd
import streamlit as st

import app_workspace
from smartpick_core import (
    ApplicationPlan, MODEL_VERSION, NATIONAL_MAX, PROFILE_FIELDS, Place, Profile, ProfileError, ProgramDataError, ScoreResult, Step1, Step3, Visa,
    applications_curve, compare_scenarios, load_programs, national_default, plan, resolve_city, score, specialties_in,
    tiers_by_step2,
)
from smartpick_core.model.profile import STEP2_MIN, SUBREGIONS
from smartpick_core.programs.frozen import freeze
from smartpick_core.programs.geography import GEONAMES_ATTRIBUTION
from smartpick_core.programs.table import PROJECT_ROOT, check_calibration_files
from smartpick_core.text import plain_markdown, quote
from smartpick_core.views.urlstate import (
    PINNED_PREFIX, from_query, national_from_query, pinned_to_query, split_pinned, to_query,
)

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
_LAST_VALID = "smartpick.last_valid"
_PINNED = "smartpick.pinned"
_DRAWN = "smartpick.drawn"      # the live widgets the sidebar drew (with the stored value) in its last run
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


def load_programs_cached(paths: tuple[str, ...] | None, facts: str) -> pd.DataFrame:
    """The bundled table with the advisor-recorded facts overlaid (#11); the facts key (app_workspace.facts_key,
    read once per run) is part of every cache key, so a recorded, corrected or retracted fact - in the app or by
    the command line - is used from the next rerun on."""
    return _programs_with_facts(paths, facts)


# cache_resource, not cache_data: every rerun reads these tables several times, and cache_data would unpickle a
# fresh copy each time (~15 ms apiece). They are shared read-only: nothing assigns into them (pandas copy-on-write
# keeps every derived frame separate).
@st.cache_resource(show_spinner=False, max_entries=4)
def _programs_with_facts(paths: tuple[str, ...] | None, facts_key: str) -> pd.DataFrame:
    return app_workspace.programs_with_facts(load_programs(paths))


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


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def scenarios_cached(profile_key: str, n_national: int, paths: tuple[str, ...] | None, facts: str,
                     _base: ScoreResult) -> pd.DataFrame:
    return compare_scenarios(_base, specialty_programs(paths, facts, _base.profile.specialty), n_national=n_national)


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def applications_curve_cached(profile_key: str, cycle_year: int, paths: tuple[str, ...] | None,
                              facts: str) -> pd.DataFrame:
    profile = _profile_from_key(profile_key)
    return applications_curve(profile, specialty_programs(paths, facts, profile.specialty), cycle_year=cycle_year)


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def tiers_by_step2_cached(profile_key: str, cycle_year: int, paths: tuple[str, ...] | None, facts: str) -> pd.DataFrame:
    profile = _profile_from_key(profile_key)
    return tiers_by_step2(profile, specialty_programs(paths, facts, profile.specialty), cycle_year=cycle_year)


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def plan_cached(profile_key: str, cycle_year: int, paths: tuple[str, ...] | None, facts: str, applications: int | None,
                budget_usd: float | None, include: tuple[str, ...], exclude: tuple[str, ...],
                prefer: tuple[str, ...], signals: bool) -> ApplicationPlan:
    profile = _profile_from_key(profile_key)
    return plan(profile, specialty_programs(paths, facts, profile.specialty), applications=applications,
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
    stale: str | None = None      # the entry in words that keeps the pages on this (last valid) profile, if any
    facts: str = ""               # app_workspace.facts_key() of this run: part of every per-profile cache key

    @property
    def key(self) -> str:
        return profile_key(self.profile) if self.profile else ""

    def scenarios(self) -> pd.DataFrame:
        return scenarios_cached(self.key, self.national, self.paths, self.facts, self.result)

    def applications_curve(self) -> pd.DataFrame:
        return applications_curve_cached(self.key, self.result.cycle_year, self.paths, self.facts)

    def tiers_by_step2(self) -> pd.DataFrame:
        return tiers_by_step2_cached(self.key, self.result.cycle_year, self.paths, self.facts)

    def plan(self, *, applications: int | None = None, budget_usd: float | None = None, include=(), exclude=(),
             prefer=(), signals: bool = True) -> ApplicationPlan:
        """The SmartPick list for this profile (cached per profile and choice)."""
        return plan_cached(self.key, self.result.cycle_year, self.paths, self.facts, applications, budget_usd,
                           tuple(include),
                           tuple(exclude), tuple(prefer), bool(signals))


def dashboard() -> Dashboard:
    """This run's Dashboard. With an invalid entry it is the last valid one (`stale` says why; the error sits
    beside its field); the page stops quietly only when nothing valid was ever scored (the error is shown)."""
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
@dataclass(frozen=True)
class NumberField:
    """One numeric input, drawn twice: a live slider and a typed field in the Apply form, both bound to `store`."""

    name: str               # profile field, or "national"
    label: str              # the slider's label
    short: str              # the typed field's label (two columns in the form)
    low: float
    high: float             # slider range; the typed field accepts any number and the profile says what is allowed
    step: float
    slider_key: str
    typed_key: str
    help: str | None = None

    @property
    def store(self) -> str:
        return _NATIONAL if self.name == "national" else widget_key(self.name)

    def slider_value(self, value):
        """The stored value clamped to the slider's range (a typed 48 months shows the slider at its end)."""
        kind = float if isinstance(self.step, float) else int
        try:
            return kind(min(max(value, self.low), self.high))
        except (TypeError, ValueError):
            return kind(self.low)


def _field(name: str, label: str, short: str, low, high, step, help: str | None = None) -> NumberField:
    slider_key = widget_key(name) if name != "national" else "slider.national"
    typed_key = f"typed.{name}" if name != "national" else _NATIONAL
    return NumberField(name, label, short, low, high, step, slider_key, typed_key, help)


MONTHS_HELP = f"The slider goes to {MONTHS_SLIDER_MAX:g} months; type a larger number in “Type your numbers”."
NUMBER_FIELDS: tuple[NumberField, ...] = (   # in pairs: the rows of the typed form, Tab goes left to right
    _field("step2_ck", "Step 2 CK score", "Step 2 CK", STEP2_MIN, 300, 1,
           "214–217 passed under the earlier standard; tests from 1 July 2025 need 218."),
    _field("step2_attempts", "Step 2 CK attempts", "CK attempts", 1, 6, 1),
    _field("usce_months", "Hands-on US clinical experience (months)", "USCE months", 0.0, MONTHS_SLIDER_MAX,
           0.5, "Hands-on US clinical experience: inpatient or clinic work where you present patients and write "
           "notes. Observerships go separately. " + MONTHS_HELP),
    _field("socal_usce_months", "…of which in Southern California (months)", "…in SoCal", 0.0,
           MONTHS_SLIDER_MAX, 0.5, "Of your hands-on months, those in Southern California; observerships cannot "
           "count here. " + MONTHS_HELP),
    _field("us_lors", "US letters of recommendation", "US letters", 0, 6, 1),
    _field("socal_lors", "…of which from attendings in Southern California", "…from SoCal", 0, 6, 1,
           "Of your US letters, those from attendings in Southern California."),
    _field("observership_months", "Observership months (hands-off)", "Observerships", 0.0, MONTHS_SLIDER_MAX,
           0.5, "Observership months (hands-off). " + MONTHS_HELP),
    _field("research_items", "Research items (posters, abstracts, papers)", "Research", 0, 100, 1,
           "Research items: posters, abstracts, papers. The slider goes to 100; type a larger number in “Type your "
           "numbers”."),
    _field("graduation_year", "Graduation year", "Graduated in", 1970, _dt.date.today().year + 1, 1),
    _field("national", "Programs you will apply to elsewhere (national)", "National apps", 0, NATIONAL_MAX, 5,
           "Programs you will apply to elsewhere in the US (national). Advisors suggest 80–150 programs across "
           "the country; SoCal alone is rarely enough."),
)
_MAIN_SLIDERS = ("step2_ck", "usce_months", "socal_usce_months", "national")   # the what-if sliders always in view


def _widget_value(name: str, profile: Profile):
    value = getattr(profile, name)
    if name in ("languages", "usce_subregions"):
        return list(value)
    if name == "home":
        return value or ""
    return value


def store_inputs(profile: Profile, national: int | None = None) -> None:
    """Make `profile` (and the national count) the sidebar's values; the widgets follow on the next draw."""
    inputs = st.session_state.setdefault(_INPUTS, {_PRESENT: False})
    inputs.update({widget_key(name): _widget_value(name, profile) for name in PROFILE_FIELDS})
    if national is not None:
        inputs[_NATIONAL] = int(national)


def _seed_from_url(specialties: set[str], defaults: Profile) -> None:
    """First load only: the link's profile (corrected, with notes) becomes the widgets' starting values;
    scenario A's keys (a.<field>), if any, become the pinned scenario."""
    current, pinned, is_pinned = split_pinned(st.query_params.to_dict())
    profile, notes = from_query(current, defaults=defaults, specialties=specialties, ignore=APP_QUERY_KEYS)
    national, national_notes = national_from_query(current, NATIONAL_DEFAULT, NATIONAL_MAX)
    notes += national_notes
    st.session_state[_INPUTS] = {_PRESENT: False}
    store_inputs(profile, national)
    if is_pinned:
        a_profile, a_notes = from_query(pinned, defaults=defaults, specialties=specialties, ignore=APP_QUERY_KEYS)
        a_national, a_national_notes = national_from_query(pinned, NATIONAL_DEFAULT, NATIONAL_MAX)
        notes += [f"Scenario A: {note}" for note in a_notes + a_national_notes]
        st.session_state[_PINNED] = Pinned(a_profile, a_national)
    st.session_state[_NOTES] = notes


def _sync(key: str, value) -> None:
    """Give a widget its value only when it differs, so a typed but not yet applied entry survives other reruns."""
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value


def init_state(specialties: set[str], defaults: Profile) -> None:
    """First run: read the link once. Every run: give each widget its value from the one inputs store.

    The store is the only truth. Every live widget is given its stored value on every run, so the browser is
    always sent the value: a widget the browser re-creates (after a sign-in page, a page switch or an
    interrupted run) never shows, and so never sends back, its first option or minimum. Only the typed numbers
    of the Apply form keep an entry not yet applied (they are given the stored value when it changed)."""
    if _INPUTS not in st.session_state:
        _seed_from_url(specialties, defaults)
    inputs = st.session_state[_INPUTS]
    numeric = {f.store: f for f in NUMBER_FIELDS}
    for key, value in inputs.items():
        if key in numeric:
            st.session_state[numeric[key].slider_key] = numeric[key].slider_value(value)
            _sync(numeric[key].typed_key, value)
        else:
            st.session_state[key] = value


def _drawn(key: str) -> bool:
    """Whether the sidebar last drew this widget itself, with the stored value."""
    return key in st.session_state.get(_DRAWN, ())


def _commit(key: str) -> None:
    """on_change: the widget's new value becomes the stored input - only for a widget the sidebar drew in
    its last run. A value from a widget the sidebar did not draw (after the sign-in page, say) is the
    browser's default, not the user's choice, and is dropped: the next run draws the stored value again."""
    if _drawn(key):
        st.session_state[_INPUTS][key] = st.session_state[key]


def _commit_slider(field: NumberField) -> None:
    if _drawn(field.slider_key):
        st.session_state[_INPUTS][field.store] = st.session_state[field.slider_key]


def forget_profile() -> None:
    """Sign-out: nothing of this advisor's stays for the next one on the tab - the sidebar's values, the
    widgets, scenario A, the last results and the address bar. The next run starts from the default profile."""
    st.session_state.clear()       # every page's widgets and notes too: one advisor's typing is not the next one's
    st.query_params.clear()


def mark_sidebar_hidden() -> None:
    """A run that shows no sidebar (the sign-in page): no widget of it counts as drawn any more."""
    st.session_state.pop(_DRAWN, None)


def _apply_typed() -> None:
    """The form's Apply: every typed number becomes the stored input at once (one rerun for many fields)."""
    inputs = st.session_state[_INPUTS]
    for f in NUMBER_FIELDS:
        if f.typed_key in st.session_state and st.session_state[f.typed_key] is not None:
            inputs[f.store] = st.session_state[f.typed_key]


def _on(key: str) -> dict:
    return {"key": key, "on_change": _commit, "args": (key,)}


def _beside(container, name: str, error: ProfileError | None) -> None:
    """The profile's error, in words, right under the field it is about."""
    if error is not None and error.field_name == name:
        container.error(plain_markdown(error.message), icon=":material/error:")


def _slider(container, f: NumberField, error: ProfileError | None) -> None:
    container.slider(f.label, f.low, f.high, step=f.step, key=f.slider_key, on_change=_commit_slider, args=(f,),
                     help=f.help)
    _beside(container, f.name, error)


def _typed_numbers(error: ProfileError | None) -> None:
    """Every number typed at once: Tab between fields, Enter or Apply scores the profile once."""
    with st.sidebar.form("typed_numbers", enter_to_submit=True):
        st.markdown("**Type your numbers**", help="Type several numbers (Tab moves to the next), then Apply or "
                    "press Enter: the profile is scored once. The sliders below move live and follow what you apply; "
                    "their labels say what each number means.")
        per_row = 1 if st.session_state[_INPUTS][_PRESENT] else 2   # presentation text is too large for two
        for pair in (NUMBER_FIELDS[i:i + per_row] for i in range(0, len(NUMBER_FIELDS), per_row)):
            for col, f in zip(st.columns(per_row), pair):
                fmt = "%.1f" if isinstance(f.step, float) else "%d"
                col.number_input(f.short, step=f.step, format=fmt, key=f.typed_key)   # no help icon: Tab skips nothing
            for f in pair:     # full width under the row of the field: long messages stay readable
                _beside(st, f.name, error)
        st.form_submit_button("Apply", type="primary", on_click=_apply_typed, width="stretch")


def _live_widget_keys() -> frozenset[str]:
    """The sidebar's widgets outside the Apply form (they commit on change)."""
    live = {widget_key(name) for name in PROFILE_FIELDS} | {f.slider_key for f in NUMBER_FIELDS}
    return frozenset(live | {_PRESENT})


def profile_sidebar(specialties: set[str], error: ProfileError | None = None) -> bool:
    """Draw the shared applicant profile, each error beside its field; returns presentation mode."""
    k = widget_key
    sb = st.sidebar
    st.session_state[_DRAWN] = _live_widget_keys()
    sb.header("Your profile")
    options = sorted(specialties)
    if st.session_state.get(k("specialty")) not in options:
        st.session_state[k("specialty")] = st.session_state[_INPUTS][k("specialty")] = options[0]
    sb.selectbox("Target specialty", options, **_on(k("specialty")))
    _beside(sb, "specialty", error)
    sb.selectbox("Visa you need", list(Visa), **_on(k("visa")), format_func=lambda v: v.label)
    _typed_numbers(error)
    fields = {f.name: f for f in NUMBER_FIELDS}
    sb.markdown("**What if…** (sliders apply as you move them)")
    for name in _MAIN_SLIDERS[:3]:
        _slider(sb, fields[name], error)
    sb.multiselect("Where in Southern California?", list(SUBREGIONS), **_on(k("usce_subregions")),
                   help="Your SoCal USCE (and the letters from it) count most at programs in these sub-regions.")
    _slider(sb, fields["national"], error)
    with sb.expander("More about you (Step 1, Step 3, letters, research, …)"):
        st.selectbox("Step 1", list(Step1), **_on(k("step1")), format_func=lambda v: v.label)
        st.selectbox("Step 3", list(Step3), **_on(k("step3")), format_func=lambda v: v.label)
        for f in NUMBER_FIELDS:
            if f.name not in _MAIN_SLIDERS:
                _slider(st, f, error)
        languages = sorted(set(LANGUAGES) | set(st.session_state.get(k("languages"), [])))
        st.multiselect("Languages you speak with patients", languages, **_on(k("languages")))
        st.checkbox("Family or other ties to Southern California", **_on(k("socal_ties")))
        if not st.session_state[_INPUTS][_PRESENT]:
            st.text_input("Home city (for distances)", **_on(k("home")), placeholder="e.g. Riverside",
                          max_chars=80)
            _beside(st, "home", error)
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


def read_national() -> tuple[int, ProfileError | None]:
    """The stored programs-elsewhere count; a typed value outside 0–NATIONAL_MAX is an error beside its field."""
    raw = st.session_state[_INPUTS][_NATIONAL]
    if isinstance(raw, float) and not raw.is_integer() or not 0 <= raw <= NATIONAL_MAX:
        return NATIONAL_DEFAULT, ProfileError("national", raw, f"needs to be a whole number between 0 and {NATIONAL_MAX}",
                                              message=f"{raw:g} programs elsewhere is not allowed: type a whole "
                                                      f"number between 0 and {NATIONAL_MAX}.")
    return int(raw), None


def sync_url(profile: Profile, defaults: Profile, national: int, present: bool) -> None:
    """Keep the address bar equal to the scenario (and the pinned scenario A) so the link can be shared."""
    query = to_query(profile, defaults=defaults)
    if national != NATIONAL_DEFAULT:
        query["national"] = str(national)
    pinned = st.session_state.get(_PINNED)
    if pinned is not None:
        query.update(pinned_to_query(pinned.profile, pinned.national, defaults=defaults,
                                     national_default=NATIONAL_DEFAULT))
    if present:   # no personal details in a link shown on a shared screen
        query.pop("home", None)
        query.pop(PINNED_PREFIX + "home", None)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


# --- scenario A (the Compare scenarios page) -----------------------------------------------------------
@dataclass(frozen=True)
class Pinned:
    profile: Profile
    national: int


@st.cache_data(show_spinner=False, max_entries=PROFILE_CACHE_ENTRIES, ttl=CACHE_TTL_S)
def score_cached(profile_key: str, n_national: int, paths: tuple[str, ...] | None, facts: str) -> ScoreResult:
    """A whole scoring for a profile other than this run's (scenario A), cached by its key."""
    profile = _profile_from_key(profile_key)
    home = resolve_city_cached(profile.home) if profile.home else None
    return score(profile, specialty_programs(paths, facts, profile.specialty), n_national=n_national, home=home)


def pin_current() -> None:
    """Button callback: the profile on screen (the last valid one) becomes scenario A."""
    dash = st.session_state.get(_DASHBOARD)
    if dash is not None and dash.profile is not None:
        st.session_state[_PINNED] = Pinned(dash.profile, dash.national)


def unpin() -> None:
    st.session_state.pop(_PINNED, None)


def pinned_scenario() -> tuple[Pinned, ScoreResult] | None:
    """Scenario A and its result, or None when nothing is pinned (or A no longer scores: then it is unpinned)."""
    pinned = st.session_state.get(_PINNED)
    dash = st.session_state.get(_DASHBOARD)
    if pinned is None or dash is None:
        return None
    try:
        return pinned, score_cached(profile_key(pinned.profile), pinned.national, dash.paths, dash.facts)
    except (ProfileError, ProgramDataError):
        unpin()
        return None


PRESENTATION_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
/* The sidebar is for the presenter, not the audience: zoom it back to its usual size (20px x 0.8 = 16px) so
   labels in the two-column "Type your numbers" form and the page names keep fitting its width. */
[data-testid="stSidebar"] > div { zoom: 0.8; }
[data-testid="stAppViewContainer"] p, [data-testid="stAppViewContainer"] li { font-size: 1.15rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.6rem !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
h1 { font-size: 2.3rem !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.05rem !important; }
/* A long Why makes a row tall: keep each row's program, tier and chance at its top, where the eye starts. */
[data-testid="stTable"] td { vertical-align: top !important; }
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
        facts = app_workspace.facts_key()      # once per run: it reads the workspace database
        programs = load_programs_cached(paths, facts)
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
    profile, error = None, None
    try:
        profile = read_profile()       # validated before the sidebar is drawn, so its error sits beside its field
    except ProfileError as exc:
        error = exc
    national, national_error = read_national()
    error = error or national_error
    present = profile_sidebar(specialties, error)
    if present:
        st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    for note in st.session_state.get(_NOTES, []):
        st.warning(plain_markdown(note), icon=":material/link:")   # link values are data, never markup
    if error is not None:
        return _last_valid(error, present, facts)
    notes = list(profile.notes)
    home = None
    if profile.home:
        home = resolve_city_cached(profile.home)
        if home is None:
            notes.append(f"Home city {quote(profile.home)} was not found; distances are not shown. Try 'City, CA'.")
    try:
        result = score(profile, specialty_programs(paths, facts, profile.specialty), n_national=national, home=home)
    except ProfileError as exc:
        return _last_valid(exc, present, facts)
    except ProgramDataError as exc:
        st.error(plain_markdown(str(exc)))
        st.session_state[_DASHBOARD] = Dashboard(programs, paths, profile, None, home, national, present, facts=facts)
        return None
    except (OSError, KeyError, ValueError, pd.errors.ParserError) as exc:   # e.g. a calibration table edited badly
        st.error(plain_markdown(f"The scores could not be computed from the bundled data ({type(exc).__name__}). "
                                "Check data/calibration/ and data/programs.csv against the repository."))
        st.session_state[_DASHBOARD] = Dashboard(programs, paths, profile, None, home, national, present, facts=facts)
        return None
    for note in notes:
        st.info(plain_markdown(note))
    sync_url(profile, defaults, national, present)
    dash = Dashboard(programs, paths, profile, result, home, national, present, notes, counties_available(), facts=facts)
    st.session_state[_DASHBOARD] = st.session_state[_LAST_VALID] = dash
    return dash


def error_in_words(error: ProfileError) -> str:
    """'SoCal USCE months: more months in ...' - the field in words, never its raw name."""
    if error.field_name == "national":
        return f"Programs elsewhere (national): {error.message[:1].lower()}{error.message[1:]}"
    return error.in_words()


STALE_NOTE = "Showing your last valid profile"


def _last_valid(error: ProfileError, present: bool, facts: str) -> Dashboard | None:
    """An invalid entry never blanks the pages: they keep the last valid result, under a small note."""
    last = st.session_state.get(_LAST_VALID)
    if last is None:
        st.error(plain_markdown(f"{error_in_words(error)} Change it in the sidebar to see results; your other "
                                "entries are kept."))
        st.session_state[_DASHBOARD] = None
        return None
    dash = replace(last, present=present, stale=error_in_words(error), facts=facts)
    st.caption(plain_markdown(f"{STALE_NOTE} — {dash.stale} Fix it in the sidebar to update the results."),
               help="The sidebar keeps what you entered; the pages show the results of the last profile that was "
                    "valid until the entry beside the field is fixed.")
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
