"""The frame every page shares: load the data, draw the sidebar, score the profile once, keep the link in step,
and the footer. A broken file or an invalid entry is a message in words, never a traceback."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from smartpick_core import MODEL_VERSION, ProfileError, ProgramDataError, specialties_in
from smartpick_core.model.nrmp_terms import NRMP_CITATION, NRMP_NOTICE, NRMP_TRANSCRIPTION
from smartpick_core.programs.geography import GEONAMES_ATTRIBUTION
from smartpick_core.text import plain_markdown, quote

from .cache import (
    calibration_problem, counties_available, facts_key, load_programs_cached, program_paths, register_national_list,
    resolve_city_cached, score_profile,
)
from .outcomes_panels import model_shown_words
from .sidebar import PRESENTATION_CSS, profile_sidebar
from .state import (
    DASHBOARD_KEY, LAST_VALID_KEY, NATIONAL_PROGRAMS_KEY, NOTES_KEY, PROGRAMS_KEY, Dashboard, default_profile, init_state, read_national, read_profile,
    show_default_national, sync_url,
)


# Presentation mode at 1280x720: each page answers its question in the first screen, so the margins around the page
# shrink (Streamlit's are sized in rem, which the enlarged text doubles), captions (the fine print, for the
# presenter) go back to a normal size, and titles and subheaders sit tighter.
PRESENTATION_FIT_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding: 1.2rem 2rem 2rem 2rem !important; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] p { font-size: 0.8rem !important;
  line-height: 1.4; }
[data-testid="stMainBlockContainer"] [data-testid="stAlert"] p { font-size: 0.85rem !important; }
[data-testid="stMainBlockContainer"] [data-testid="stAlertContainer"] { padding: 0.5rem 0.8rem !important; }
[data-testid="stMainBlockContainer"] h1 { padding-top: 0 !important; padding-bottom: 0.3rem !important; }
[data-testid="stMainBlockContainer"] h2, [data-testid="stMainBlockContainer"] h3 { padding-top: 0.4rem !important;
  padding-bottom: 0.2rem !important; }
</style>"""


def build_dashboard() -> Dashboard | None:
    """Entrypoint: load data, draw the sidebar, score once, sync the URL. Errors are shown in words."""
    paths = program_paths()
    problem = calibration_problem()
    if problem:
        st.error(plain_markdown(f"The match calibration could not be loaded: {problem}. "
                                "The dashboard stops here rather than show numbers it cannot tie to NRMP figures."))
        st.session_state[DASHBOARD_KEY] = None
        return None
    try:
        facts = facts_key()      # once per run: it reads the workspace database
        programs = load_programs_cached(paths, facts)
        st.session_state[PROGRAMS_KEY] = programs      # the footer names the data even when scoring fails
    except ProgramDataError as exc:
        st.error(plain_markdown(f"The program data could not be loaded: {exc}. "
                                "The dashboard stops here rather than score part of the programs. "
                                "Fix the named file (data/SCHEMA.md describes each column) or restore it "
                                "from the repository."))
        st.session_state[DASHBOARD_KEY] = None
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
    national_key = register_national_list(st.session_state.get(NATIONAL_PROGRAMS_KEY))
    early = _score_before_sidebar(profile, national, error, paths, facts, national_key)
    # Notes on the profile (a score's standard, a home city not found): above the profile fields they concern; in
    # presentation mode there, in the presenter's sidebar, so the shared first screen keeps its answer.
    sidebar_notes = st.sidebar.container()
    present = profile_sidebar(specialties, error)
    if present:
        st.markdown(PRESENTATION_CSS + PRESENTATION_FIT_CSS, unsafe_allow_html=True)
    for note in st.session_state.get(NOTES_KEY, []):
        st.warning(plain_markdown(note), icon=":material/link:")   # link values are data, never markup
    if error is not None or profile is None:
        return _last_valid(error or ProfileError("profile", None, "could not be read"), present, facts)
    notes = list(profile.notes)
    home = None
    if profile.home:
        home = resolve_city_cached(profile.home)
        if home is None:
            notes.append(f"Home city {quote(profile.home)} was not found; distances are not shown. Try 'City, CA'.")
    try:
        result = (early if early is not None
                  else score_profile(profile, national, paths, facts, national_key))   # kept per profile
    except ProfileError as exc:
        return _last_valid(exc, present, facts)
    except ProgramDataError as exc:
        st.error(plain_markdown(str(exc)))
        st.session_state[DASHBOARD_KEY] = None
        return None
    except (OSError, KeyError, ValueError, pd.errors.ParserError) as exc:   # e.g. a calibration table edited badly
        st.error(plain_markdown(f"The scores could not be computed from the bundled data ({type(exc).__name__}). "
                                "Check data/calibration/ and data/programs.csv against the repository."))
        st.session_state[DASHBOARD_KEY] = None
        return None
    for note in notes:
        (sidebar_notes if present else st).info(plain_markdown(note))
    sync_url(profile, defaults, national, present)
    dash = Dashboard(programs, paths, profile, result, home, national, present, notes, counties_available(), facts=facts,
                     national_key=national_key)
    st.session_state[DASHBOARD_KEY] = st.session_state[LAST_VALID_KEY] = dash
    return dash


def _score_before_sidebar(profile, national: int | None, error, paths, facts: str, national_key: str):
    """With the default list, score before the sidebar is drawn so its slider shows the list's applications
    elsewhere in this run (a widget cannot change once drawn); the main step reuses this result, so a run scores
    once. Errors are left to the main scoring below, which says them in words."""
    if profile is None or error is not None or national is not None:
        return None
    try:
        result = score_profile(profile, None, paths, facts, national_key)
    except (ProfileError, ProgramDataError, OSError, KeyError, ValueError, pd.errors.ParserError):
        return None
    show_default_national(result.outlook.national_applications)
    return result


def error_in_words(error: ProfileError) -> str:
    """'SoCal USCE months: more months in ...' - the field in words, never its raw name."""
    if error.field_name == "national":
        return f"Programs elsewhere (national): {error.message[:1].lower()}{error.message[1:]}"
    return error.in_words()


STALE_NOTE = "Showing your last valid profile"


def _last_valid(error: ProfileError, present: bool, facts: str) -> Dashboard | None:
    """An invalid entry never blanks the pages: they keep the last valid result, under a small note."""
    last = st.session_state.get(LAST_VALID_KEY)
    if last is None:
        st.error(plain_markdown(f"{error_in_words(error)} Change it in the sidebar to see results; your other "
                                "entries are kept."))
        st.session_state[DASHBOARD_KEY] = None
        return None
    dash = replace(last, present=present, stale=error_in_words(error), facts=facts)
    st.caption(plain_markdown(f"{STALE_NOTE} — {dash.stale} Fix it in the sidebar to update the results."),
               help="The sidebar keeps what you entered; the pages show the results of the last profile that was "
                    "valid until the entry beside the field is fixed.")
    st.session_state[DASHBOARD_KEY] = dash
    return dash


def footer() -> None:
    programs = st.session_state.get(PROGRAMS_KEY)
    st.divider()
    parts = [f"SmartPick SoCal · model version **{MODEL_VERSION}**"]
    parts += model_shown_words()          # only while the office's local correction is switched on
    if programs is not None and len(programs):
        checked = programs["checked"].dropna().astype(str).str[:7]
        parts.append(f"program data: {len(programs)} SoCal programs from their own websites and listings "
                     f"(checked {checked.min()} to {checked.max()}; each program's source is on the Programs page)")
    parts.append("match calibration: " + plain_markdown(   # escaped: a bare URL would become a link
        f"{NRMP_CITATION} ({NRMP_TRANSCRIPTION}; not reviewed by NRMP, see {NRMP_NOTICE})"))
    parts.append(f"cities: {GEONAMES_ATTRIBUTION}; county outlines: US Census via us-atlas")
    st.caption(" · ".join(parts) + ". Estimates, not promises: verify every fact with the program.")
