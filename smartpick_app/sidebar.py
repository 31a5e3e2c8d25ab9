"""The applicant profile sidebar: live sliders and selects, the typed-number Apply form, errors beside their
field, presentation mode. Every widget is drawn from the one stored inputs (state.py) and commits to it."""

from __future__ import annotations

import streamlit as st

from smartpick_core import PROFILE_FIELDS, ProfileError, Step1, Step3, Visa
from smartpick_core.model.profile import SUBREGIONS
from smartpick_core.text import plain_markdown

from .state import DRAWN_KEY, INPUTS_KEY, NATIONAL_KEY, NUMBER_FIELDS, PRESENT_KEY, NumberField, use_default_list, widget_key

LANGUAGES = ("Spanish", "Tagalog", "Vietnamese", "Mandarin", "Cantonese", "Korean", "Arabic", "Armenian", "Farsi",
             "Hindi", "Urdu", "Punjabi", "Russian", "French", "Portuguese")
MAIN_SLIDERS = ("step2_ck", "usce_months", "socal_usce_months", "national")   # the what-if sliders always in view


def _drawn(key: str) -> bool:
    """Whether the sidebar last drew this widget itself, with the stored value."""
    return key in st.session_state.get(DRAWN_KEY, ())


def _commit(key: str) -> None:
    """on_change: the widget's new value becomes the stored input - only for a widget the sidebar drew in
    its last run. A value from a widget the sidebar did not draw (after the sign-in page, say) is the
    browser's default, not the user's choice, and is dropped: the next run draws the stored value again."""
    if _drawn(key):
        st.session_state[INPUTS_KEY][key] = st.session_state[key]


def _commit_slider(field: NumberField) -> None:
    if _drawn(field.slider_key):
        st.session_state[INPUTS_KEY][field.store] = st.session_state[field.slider_key]


def _apply_typed() -> None:
    """The form's Apply: every typed number becomes the stored input at once (one rerun for many fields)."""
    inputs = st.session_state[INPUTS_KEY]
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
        per_row = 1 if st.session_state[INPUTS_KEY][PRESENT_KEY] else 2   # presentation text is too large for two
        for pair in (NUMBER_FIELDS[i:i + per_row] for i in range(0, len(NUMBER_FIELDS), per_row)):
            for col, f in zip(st.columns(per_row), pair):
                fmt = "%.1f" if isinstance(f.step, float) else "%d"
                col.number_input(f.short, step=f.step, format=fmt, key=f.typed_key,   # no help icon: Tab skips nothing
                                 placeholder="default list" if f.name == "national" else None)
            for f in pair:     # full width under the row of the field: long messages stay readable
                _beside(st, f.name, error)
        st.form_submit_button("Apply", type="primary", on_click=_apply_typed, width="stretch")


def _live_widget_keys() -> frozenset[str]:
    """The sidebar's widgets outside the Apply form (they commit on change)."""
    live = {widget_key(name) for name in PROFILE_FIELDS} | {f.slider_key for f in NUMBER_FIELDS}
    return frozenset(live | {PRESENT_KEY})


def profile_sidebar(specialties: set[str], error: ProfileError | None = None) -> bool:
    """Draw the shared applicant profile, each error beside its field; returns presentation mode."""
    k = widget_key
    sb = st.sidebar
    st.session_state[DRAWN_KEY] = _live_widget_keys()
    sb.header("Your profile")
    options = sorted(specialties)
    if st.session_state.get(k("specialty")) not in options:
        st.session_state[k("specialty")] = st.session_state[INPUTS_KEY][k("specialty")] = options[0]
    sb.selectbox("Target specialty", options, **_on(k("specialty")))
    _beside(sb, "specialty", error)
    sb.selectbox("Visa you need", list(Visa), **_on(k("visa")), format_func=lambda v: v.label)
    _typed_numbers(error)
    fields = {f.name: f for f in NUMBER_FIELDS}
    sb.markdown("**What if…** (sliders apply as you move them)")
    for name in MAIN_SLIDERS[:3]:
        _slider(sb, fields[name], error)
    sb.multiselect("Where in Southern California?", list(SUBREGIONS), **_on(k("usce_subregions")),
                   help="Your SoCal USCE (and the letters from it) count most at programs in these sub-regions.")
    _slider(sb, fields["national"], error)
    if st.session_state[INPUTS_KEY].get(NATIONAL_KEY) is not None:
        sb.button("Back to the default list", key="national.default", on_click=use_default_list,
                  help="The default list: your Realistic and Reach SoCal programs, then the best chances up to the "
                       "number of applications a non-US IMG typically sends in this specialty.")
    with sb.expander("More about you (Step 1, Step 3, letters, research, …)"):
        st.selectbox("Step 1", list(Step1), **_on(k("step1")), format_func=lambda v: v.label)
        st.selectbox("Step 3", list(Step3), **_on(k("step3")), format_func=lambda v: v.label)
        for f in NUMBER_FIELDS:
            if f.name not in MAIN_SLIDERS:
                _slider(st, f, error)
        languages = sorted(set(LANGUAGES) | set(st.session_state.get(k("languages"), [])))
        st.multiselect("Languages you speak with patients", languages, **_on(k("languages")))
        st.checkbox("Family or other ties to Southern California", **_on(k("socal_ties")))
        if not st.session_state[INPUTS_KEY][PRESENT_KEY]:
            st.text_input("Home city (for distances)", **_on(k("home")), placeholder="e.g. Riverside",
                          max_chars=80)
            _beside(st, "home", error)
    sb.toggle("Presentation mode", **_on(PRESENT_KEY),
              help="Larger text for screen-sharing; hides personal details such as your home city.")
    return bool(st.session_state[INPUTS_KEY][PRESENT_KEY])


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
