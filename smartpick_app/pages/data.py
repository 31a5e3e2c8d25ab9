"""Data: what the program table knows (coverage, oldest facts, the to-verify list), and the place where an advisor
records what they learned — with its source — and watches the coverage number move. History, retraction, import
and export of recorded facts. Every number comes from smartpick_core.views.coverage (the same function as the
table in data/README.md)."""

import datetime as _dt

import streamlit as st

from smartpick_app import cache, data_panels, paste_panels, state, workspace
from smartpick_core.facts import FACT_FIELDS, SOURCE_TYPES, FactError, allowed_text
from smartpick_core.store import NotFound, StoreError
from smartpick_core.text import plain_markdown
from smartpick_core.views.coverage import (
    coverage_caption, data_coverage, field_table, headline_metrics, known_count, specialty_grid, verify_table,
)
from smartpick_core.views.workspace_tables import (
    browse_specialties, browse_view, current_value, fact_error_input, history_table, program_picks, retract_labels,
)

ERRORS = "data.record_errors"     # {input key: message} of the last Record press (shown beside each input)
MOVED = "data.moved"              # (field, known before, program name) after a fact is recorded

dash = state.dashboard()
programs = dash.programs

st.title("Data: what is known, and what you know")
st.caption(plain_markdown(workspace.workspace_env_summary()) + " Recorded facts overlay the bundled files "
           "(never modified) and every page uses them at once; a recorded value wins over an estimate.")
workspace.show_note()
store, problem = cache.workspace_store()
if problem:
    st.error(plain_markdown(f"Recorded facts cannot be read, so this page and the app show the bundled data only: "
                            f"{problem}"), icon=":material/database:")
facts = cache.current_facts()


@st.cache_data(show_spinner=False, max_entries=8, ttl=cache.CACHE_TTL_S)
def _coverage(paths, facts_key: str, _programs, _facts):
    """Keyed like the overlaid table itself: the program files and the current facts."""
    return data_coverage(_programs, _facts)


coverage = _coverage(dash.paths, dash.facts, programs, facts)
names, order, known_ids = program_picks(programs, coverage.to_verify)


def _beside(key: str) -> None:
    message = st.session_state.get(ERRORS, {}).get(key)
    if message:
        st.error(plain_markdown(message), icon=":material/error:")


def _record() -> None:
    """Record button: validate and save; on a bad value the message goes beside its input and nothing typed is lost."""
    state = st.session_state
    field = state["record.field"]
    before = known_count(coverage, field)
    target, error = cache.workspace_store(create=True)
    if target is None:
        state[ERRORS] = {"record.value": f"Not saved: {error}"}
        return
    try:
        target.record_fact(state["record.program"], field, state.get("record.value", ""),
                           source_type=state["record.source_type"], source_note=state.get("record.source_note", ""),
                           checked_on=state["record.checked_on"], by=workspace.acting_account(),
                           told_by=state.get("record.told_by", ""),
                           known_ids=known_ids)
    except FactError as exc:
        state[ERRORS] = {fact_error_input(exc.field): exc.message}
        return
    except StoreError as exc:
        state[ERRORS] = {"record.value": f"Not saved: {exc}"}
        return
    state[ERRORS] = {}
    state[MOVED] = (field, before, names.get(state["record.program"], state["record.program"]))
    value = state.get("record.value", "")
    state["record.value"] = ""
    cache.after_write(f"Recorded {FACT_FIELDS[field]} = {value} for "
                              f"{names.get(state['record.program'], state['record.program'])}.")


# --- the headline numbers -----------------------------------------------------------------------------------------
moved = st.session_state.pop(MOVED, None) or (None, None, None)
st.markdown("**Programs with each fact known** (from a source or an advisor; the rest are estimated or unknown)")
cols = st.columns(3)      # three a row: "84 of 191" and its label stay whole at 1280 px, presentation mode too
for i, headline in enumerate(headline_metrics(coverage, moved[0], moved[1])):
    cols[i % 3].metric(headline.label, headline.value, delta=headline.delta, help=headline.help)
st.caption(coverage_caption(coverage, len(facts)))

# --- record what you learned --------------------------------------------------------------------------------------
st.subheader("Record what you learned")
if st.session_state.get("record.program") not in known_ids:
    st.session_state["record.program"] = order[0]
st.session_state.setdefault("record.checked_on", _dt.date.today())
left, right = st.columns(2)
with left:
    st.selectbox("Program", order, format_func=names.__getitem__, key="record.program",
                 help="Programs on the to-verify list come first, most urgent at the top.")
    _beside("record.program")
    st.selectbox("Fact", list(FACT_FIELDS), format_func=FACT_FIELDS.__getitem__, key="record.field")
    _beside("record.field")
    field = st.session_state["record.field"]
    st.caption(plain_markdown(f"Now: {current_value(programs, st.session_state['record.program'], field)}"))
    st.text_input("Value", key="record.value", max_chars=200, help="Allowed: " + allowed_text(field),
                  placeholder=allowed_text(field))
    _beside("record.value")
with right:
    st.selectbox("Source", SOURCE_TYPES, key="record.source_type")
    _beside("record.source_type")
    st.text_input("Source URL or note", key="record.source_note", max_chars=4000,
                  placeholder="e.g. https://… or 'email from the program coordinator'")
    _beside("record.source_note")
    st.date_input("Date checked", key="record.checked_on", max_value=_dt.date.today(),
                  min_value=_dt.date(1990, 1, 1))
    _beside("record.checked_on")
    st.text_input("Told by (optional)", key="record.told_by", max_chars=200,
                  help="Who at the program said it, e.g. 'program coordinator'. The history names you, the "
                       "signed-in account, as the one who recorded it.")
    _beside("record.told_by")
    st.caption(plain_markdown(f"Recorded as: {workspace.acting_account()}"))
st.button("Record this fact", type="primary", on_click=_record, key="record.submit")

with st.expander("Paste a roster: count its medical schools into the IMG share"):
    paste_panels.roster_panel(store, programs, facts, order, names, known_ids)
with st.expander("Paste an eligibility page: proposed facts, each with its sentence quoted"):
    paste_panels.eligibility_panel(programs, facts, order, names, known_ids)
with st.expander("Add a program that is missing from the data"):
    data_panels.add_program_form(known_ids)
with st.expander("Programs elsewhere (national list)"):
    data_panels.national_programs_panel()

# --- what is known ----------------------------------------------------------------------------------------------------
tabs = st.tabs(["To verify", "Coverage", "Oldest facts", "History", "Import / export", "Browse", "Audit",
                "School classifications"])
with tabs[0]:
    st.caption("Work down this list: pick the program above (the most urgent is preselected), record what you "
               "learned, and the numbers at the top move.")
    st.dataframe(verify_table(coverage), hide_index=True, width="stretch", height=360)
with tabs[1]:
    st.caption("Known = a source or an advisor states it; estimated = unknown, the model uses a labelled base rate; "
               "unknown = nothing stands in (the screen is not applied). The same numbers as data/README.md.")
    st.dataframe(field_table(coverage), hide_index=True, width="stretch",
                 column_config={"Known_share": st.column_config.NumberColumn("Share known", format="percent")})
    st.write("Per specialty, known / estimated / unknown:")
    st.dataframe(specialty_grid(coverage), hide_index=True, width="stretch")
with tabs[2]:
    st.caption("The facts checked longest ago, bundled rows and advisor records together.")
    st.dataframe(coverage.oldest, hide_index=True, width="stretch")
with tabs[3]:
    if store is None:
        st.info("Nothing recorded yet.")
    else:
        try:
            history = history_table(store.fact_history(), facts, names)
        except StoreError as exc:
            st.error(plain_markdown(str(exc)))
            history = history_table([], [])
        st.dataframe(history, hide_index=True, width="stretch")
        labels = retract_labels(history)
        if labels:
            pick = st.selectbox("Retract a record (the earlier or bundled value comes back; the record stays in "
                                "the history)", list(labels), format_func=labels.__getitem__, index=None,
                                placeholder="Choose a record", key="retract.pick")
            st.caption(plain_markdown(f"Retracted as: {workspace.acting_account()}"))
            if st.button("Retract", disabled=pick is None, key="retract.go") and pick is not None:
                try:
                    store.retract_fact(pick, by=workspace.acting_account())
                except (FactError, NotFound, StoreError) as exc:
                    st.error(plain_markdown(f"Not retracted: {exc}"))
                else:
                    cache.after_write(f"Retracted: {labels[pick]}.")
                    st.rerun()
with tabs[4]:
    data_panels.import_export_tab(store, facts, known_ids)
    data_panels.restore_preview_panel()
with tabs[5]:
    f1, f2 = st.columns([1, 2])
    scope = f1.selectbox("Specialty", browse_specialties(programs), key="browse.specialty")
    search = f2.text_input("Search program", key="browse.search", max_chars=80)
    shown = browse_view(programs, scope, search)
    st.caption(f"{len(shown)} programs: bundled values with advisor records applied; 'Recorded by advisors' gives "
               "each recorded value's provenance.")
    st.dataframe(shown, hide_index=True, width="stretch", height=420,
                 column_config={"Bundled source": st.column_config.LinkColumn("Bundled source")})
with tabs[6]:
    data_panels.audit_tab(programs)
with tabs[7]:
    st.caption("Names a pasted roster did not recognise, as advisors classified them (one click each). Every "
               "roster pasted in this workspace counts them this way.")
    paste_panels.alias_history_panel(store)
