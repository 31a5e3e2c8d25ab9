"""The one session state of the app: the sidebar's stored inputs, the widgets' keys, the link, scenario A and
this run's Dashboard value that every page renders.

    smartpick.inputs       the sidebar's values: one entry per public Profile field, plus national and present
    profile.<field>, slider.national, smartpick.present
                           the live widgets (sliders, selects); each copies its value into smartpick.inputs on
                           change, so the values survive page switches and widgets hidden in presentation mode
    typed.<field>, smartpick.national
                           the typed numbers in the "Type your numbers" form; Apply copies them all at once
    smartpick.drawn        the live widgets the sidebar drew in its last run (only those may commit a change)
    smartpick.url_notes    corrections made to the link's values (shown once per session)
    smartpick.dashboard    this run's Dashboard (profile + its one ScoreResult)
    smartpick.last_valid   the last Dashboard whose profile was valid: an invalid entry shows its error beside
                           the field and the pages keep rendering this one (Dashboard.stale says why)
    smartpick.pinned       scenario A (Pinned: profile + national) for the Compare scenarios page; in the link
                           as a=pinned and a.<field> beside B's own keys

Pages call `dashboard()` and render; they never touch widget keys.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from smartpick_core import (
    NATIONAL_MAX, PROFILE_FIELDS, ApplicationPlan, Place, Profile, ProfileError, ProgramDataError, ScoreResult,
    national_default,
)
from smartpick_core.model.profile import STEP2_MIN
from smartpick_core.strategy.scenarios import plan_what_ifs

from .cache import (
    applications_curve_cached, national_list, plan_cached, profile_key, scenarios_cached, score_cached,
    specialty_programs, tiers_by_step2_cached,
)
from .urlstate import PINNED_PREFIX, from_query, national_from_query, pinned_to_query, split_pinned, to_query

NATIONAL_DEFAULT = national_default()
MONTHS_SLIDER_MAX = 36.0
NATIONAL_KEY = "smartpick.national"
NATIONAL_SHOWN_KEY = "smartpick.national_shown"     # the default list's applications elsewhere, for the slider
PRESENT_KEY = "smartpick.present"
INPUTS_KEY = "smartpick.inputs"
NOTES_KEY = "smartpick.url_notes"
DASHBOARD_KEY = "smartpick.dashboard"      # None when nothing valid could be scored this run
PROGRAMS_KEY = "smartpick.programs"        # this run's program table (the footer names its sources)
LAST_VALID_KEY = "smartpick.last_valid"
PINNED_KEY = "smartpick.pinned"
NATIONAL_PROGRAMS_KEY = "smartpick.national_programs"   # the advisor's accepted national list (Data page), or absent
DRAWN_KEY = "smartpick.drawn"      # the live widgets the sidebar drew (with the stored value) in its last run
APP_QUERY_KEYS = ("national",)


def widget_key(name: str) -> str:
    return f"profile.{name}"


@dataclass(frozen=True)
class Dashboard:
    programs: pd.DataFrame
    paths: tuple[str, ...] | None
    profile: Profile
    result: ScoreResult
    home: Place | None
    national: int | None          # applications elsewhere; None: the default list (fills to the documented number)
    present: bool
    notes: list[str] = field(default_factory=list)
    counties: bool = True
    stale: str | None = None      # the entry in words that keeps the pages on this (last valid) profile, if any
    facts: str = ""               # cache.facts_key() of this run: part of every per-profile cache key
    national_key: str = ""        # the imported national list's fingerprint ("": none), part of the same keys

    @property
    def key(self) -> str:
        return profile_key(self.profile) if self.profile else ""

    def scenarios(self) -> pd.DataFrame:
        return scenarios_cached(self.key, self.national, self.paths, self.facts, self.result, self.national_key)

    def applications_curve(self) -> pd.DataFrame:
        return applications_curve_cached(self.key, self.result.cycle_year, self.paths, self.facts, self.national,
                                         self.national_key, _base=self.result)

    def tiers_by_step2(self) -> pd.DataFrame:
        return tiers_by_step2_cached(self.profile, self.result.cycle_year, self.paths, self.facts)

    def plan(self, *, applications: int | None = None, budget_usd: float | None = None, include=(), exclude=(),
             prefer=(), signals: bool = True, socal_first: bool = True) -> ApplicationPlan:
        """The SmartPick list for this profile (cached per profile and choice)."""
        return plan_cached(self.key, self.result.cycle_year, self.paths, self.facts, applications, budget_usd,
                           tuple(include), tuple(exclude), tuple(prefer), bool(signals), bool(socal_first),
                           self.national_key)

    def plan_what_ifs(self, the_plan: ApplicationPlan) -> pd.DataFrame:
        """The plan's what-ifs, each on a list built by the plan's own rule (for the printable plan)."""
        return plan_what_ifs(the_plan, specialty_programs(self.paths, self.facts, self.profile.specialty),
                             national_list(self.national_key))

    @property
    def default_applications(self) -> int:
        """The default list's size: what My list starts from, so it shows the Overview's list and chance."""
        return int(self.result.outlook.applications)


FOLLOW_DEFAULT_KEY = "mylist.follow_default"
APPLICATIONS_KEY = "mylist.applications"


def follow_default_applications(default: int) -> None:
    """My list's number of applications follows the default list until the user types their own."""
    if st.session_state.get(FOLLOW_DEFAULT_KEY, True) or APPLICATIONS_KEY not in st.session_state:
        st.session_state[APPLICATIONS_KEY] = int(default)
        st.session_state[FOLLOW_DEFAULT_KEY] = True


def own_applications() -> None:
    """on_change of My list's number: from now on it is the user's."""
    st.session_state[FOLLOW_DEFAULT_KEY] = False


def back_to_default_applications() -> None:
    st.session_state[FOLLOW_DEFAULT_KEY] = True


def dashboard() -> Dashboard:
    """This run's Dashboard. With an invalid entry it is the last valid one (`stale` says why; the error sits
    beside its field); the page stops quietly only when nothing valid was ever scored (the error is shown)."""
    dash = st.session_state.get(DASHBOARD_KEY)
    if dash is None:
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
        return NATIONAL_KEY if self.name == "national" else widget_key(self.name)

    def slider_value(self, value):
        """The stored value clamped to the slider's range (a typed 48 months shows the slider at its end)."""
        kind = float if isinstance(self.step, float) else int
        try:
            return kind(min(max(value, self.low), self.high))
        except (TypeError, ValueError):
            return kind(self.low)


def _field(name: str, label: str, short: str, low, high, step, help: str | None = None) -> NumberField:
    slider_key = widget_key(name) if name != "national" else "slider.national"
    typed_key = f"typed.{name}" if name != "national" else NATIONAL_KEY
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
           "Programs you will apply to elsewhere in the US, best-fitting first. Until you move it, the list is the "
           "default list: your Realistic and Reach SoCal programs, then the best chances up to the number of "
           "applications a non-US IMG typically sends in this specialty. Advisors suggest 80–150 programs across "
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


KEEP_NATIONAL = object()   # store_inputs(): leave the programs-elsewhere choice as it is


def store_inputs(profile: Profile, national: int | None | object = KEEP_NATIONAL) -> None:
    """Make `profile` (and the national count; None: the default list) the sidebar's values; the widgets follow
    on the next draw."""
    inputs = st.session_state.setdefault(INPUTS_KEY, {PRESENT_KEY: False, NATIONAL_KEY: None})
    inputs.update({widget_key(name): _widget_value(name, profile) for name in PROFILE_FIELDS})
    if national is not KEEP_NATIONAL:
        inputs[NATIONAL_KEY] = None if national is None else int(national)  # type: ignore[call-overload]


def _seed_from_url(specialties: set[str], defaults: Profile) -> None:
    """First load only: the link's profile (corrected, with notes) becomes the widgets' starting values;
    scenario A's keys (a.<field>), if any, become the pinned scenario."""
    current, pinned, is_pinned = split_pinned(st.query_params.to_dict())
    profile, notes = from_query(current, defaults=defaults, specialties=specialties, ignore=APP_QUERY_KEYS)
    national, national_notes = national_from_query(current, NATIONAL_DEFAULT, NATIONAL_MAX)
    notes += national_notes
    st.session_state[INPUTS_KEY] = {PRESENT_KEY: False}
    store_inputs(profile, national)
    if is_pinned:
        a_profile, a_notes = from_query(pinned, defaults=defaults, specialties=specialties, ignore=APP_QUERY_KEYS)
        a_national, a_national_notes = national_from_query(pinned, NATIONAL_DEFAULT, NATIONAL_MAX)
        notes += [f"Scenario A: {note}" for note in a_notes + a_national_notes]
        st.session_state[PINNED_KEY] = Pinned(a_profile, a_national)
    st.session_state[NOTES_KEY] = notes


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
    if INPUTS_KEY not in st.session_state:
        _seed_from_url(specialties, defaults)
    inputs = st.session_state[INPUTS_KEY]
    numeric = {f.store: f for f in NUMBER_FIELDS}
    inputs.setdefault(NATIONAL_KEY, None)
    for key, value in inputs.items():
        if key in numeric:
            shown = value if value is not None else st.session_state.get(NATIONAL_SHOWN_KEY, numeric[key].low)
            st.session_state[numeric[key].slider_key] = numeric[key].slider_value(shown)
            _sync(numeric[key].typed_key, value)
        else:
            st.session_state[key] = value


def forget_profile() -> None:
    """Sign-out: nothing of this advisor's stays for the next one on the tab - the sidebar's values, the
    widgets, scenario A, the last results and the address bar. The next run starts from the default profile."""
    st.session_state.clear()       # every page's widgets and notes too: one advisor's typing is not the next one's
    st.query_params.clear()


def mark_sidebar_hidden() -> None:
    """A run that shows no sidebar (the sign-in page): no widget of it counts as drawn any more."""
    st.session_state.pop(DRAWN_KEY, None)


def read_profile() -> Profile:
    """The one typed accessor: widget values -> validated Profile (raises ProfileError)."""
    inputs = st.session_state[INPUTS_KEY]
    values = {name: inputs.get(widget_key(name)) for name in PROFILE_FIELDS}
    values["languages"] = list(values["languages"] or [])
    values["usce_subregions"] = list(values.get("usce_subregions") or [])
    return Profile.from_dict({k: v for k, v in values.items() if v is not None})


def read_national() -> tuple[int | None, ProfileError | None]:
    """The stored programs-elsewhere count (None: the default list); a typed value outside 0–NATIONAL_MAX is an
    error beside its field."""
    raw = st.session_state[INPUTS_KEY].get(NATIONAL_KEY)
    if raw is None:
        return None, None
    if isinstance(raw, float) and not raw.is_integer() or not 0 <= raw <= NATIONAL_MAX:
        return NATIONAL_DEFAULT, ProfileError("national", raw, f"needs to be a whole number between 0 and {NATIONAL_MAX}",
                                              message=f"{raw:g} programs elsewhere is not allowed: type a whole "
                                                      f"number between 0 and {NATIONAL_MAX}.")
    return int(raw), None


def show_default_national(count: int) -> None:
    """The default list's applications elsewhere, shown on the slider until the user moves it."""
    st.session_state[NATIONAL_SHOWN_KEY] = int(count)
    if st.session_state[INPUTS_KEY].get(NATIONAL_KEY) is None:
        st.session_state["slider.national"] = int(min(max(count, 0), NATIONAL_MAX))


def use_default_list() -> None:
    """Back to the default list (the sidebar's button)."""
    st.session_state[INPUTS_KEY][NATIONAL_KEY] = None


def sync_url(profile: Profile, defaults: Profile, national: int | None, present: bool) -> None:
    """Keep the address bar equal to the scenario (and the pinned scenario A) so the link can be shared."""
    query = to_query(profile, defaults=defaults)
    if national != NATIONAL_DEFAULT:
        query["national"] = str(national)
    pinned = st.session_state.get(PINNED_KEY)
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
    national: int | None


def pin_current() -> None:
    """Button callback: the profile on screen (the last valid one) becomes scenario A."""
    dash = st.session_state.get(DASHBOARD_KEY)
    if dash is not None:
        st.session_state[PINNED_KEY] = Pinned(dash.profile, dash.national)


def unpin() -> None:
    st.session_state.pop(PINNED_KEY, None)


def pinned_scenario() -> tuple[Pinned, ScoreResult] | None:
    """Scenario A and its result, or None when nothing is pinned (or A no longer scores: then it is unpinned)."""
    pinned = st.session_state.get(PINNED_KEY)
    dash = st.session_state.get(DASHBOARD_KEY)
    if pinned is None or dash is None:
        return None
    try:
        return pinned, score_cached(profile_key(pinned.profile), pinned.national, dash.paths, dash.facts,
                                    dash.national_key)
    except (ProfileError, ProgramDataError):
        unpin()
        return None
