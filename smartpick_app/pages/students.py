"""Students & scenarios: save the sidebar profile under a student's name, reopen it in one click, delete it,
and the cohort view (every saved scenario's outlook, tiers and best programs in one sortable table)."""

from functools import partial

import streamlit as st

from smartpick_app import cache, outcomes_panels, state, workspace
from smartpick_core import MODEL_VERSION
from smartpick_core.store import StoreError
from smartpick_core.strategy.cohort import (
    NEW_STUDENT, cohort_csv, cohort_shown, cohort_summary, cohort_table, profile_line, save_request, scenario_line,
    scenario_profile, screen_name,
)
from smartpick_core.strategy.outcome_snapshot import result_snapshot
from smartpick_core.text import plain_markdown, plural
from smartpick_core.views.workspace_tables import scenarios_by_student

dash = state.dashboard()
st.title("Students & scenarios")
st.caption(plain_markdown(workspace.workspace_env_summary()) + " Nothing is stored until you press Save; "
           "Delete really deletes.")
workspace.show_note()
if st.session_state.get("workspace.open_error"):
    st.error(plain_markdown(st.session_state.pop("workspace.open_error")))
owner = workspace.owner()
store, problem = cache.workspace_store()
if problem:
    st.error(plain_markdown(f"Saved students cannot be read: {problem}"), icon=":material/database:")
    st.stop()



@st.cache_data(show_spinner="Scoring every saved scenario…", max_entries=8, ttl=cache.CACHE_TTL_S)
def _cohort(owner_key: str, signature: tuple, facts_key: str, paths, _records, _programs):
    """Keyed by whose scenarios, their ids and save times, the recorded facts and the program files."""
    return cohort_table(_records, _programs)


def render(store) -> None:
    """The page body; every store call is inside, so a database that fails mid-page gives one message."""
    students = store.students(owner) if store is not None else []
    records = store.all_scenarios(owner) if store is not None else []     # one query for the list and the cohort
    opened = workspace.open_student()
    shown = {s.name: screen_name(s.name, presenting=dash.present, is_open=s.id == opened) for s in students}

    # --- save the current profile ---------------------------------------------------------------------------------
    st.subheader("Save the profile in the sidebar")
    p = dash.profile
    st.write(plain_markdown(profile_line(p, dash.national)))
    with st.form("save_scenario", clear_on_submit=False):
        left, right = st.columns(2)
        existing = [s.name for s in students]
        pick = left.selectbox("Student", [NEW_STUDENT, *existing], key="save.student",
                              format_func=lambda name: shown.get(name, name))
        new_name = left.text_input("New student's name", key="save.new_name", max_chars=200,
                                   help="Used only when 'New student…' is chosen.")
        scenario_name = right.text_input("Scenario name", key="save.scenario", max_chars=200,
                                         placeholder="e.g. base, with Step 3, after 6 more months USCE")
        notes = right.text_area("Notes", key="save.notes", max_chars=4000, height=80)
        saved = st.form_submit_button("Save", type="primary")
    if saved:
        name, scenario, invalid = save_request(pick, new_name, scenario_name)
        if invalid:
            st.error(invalid)
        else:
            store, problem = cache.workspace_store(create=True)
            if problem:
                st.error(plain_markdown(f"Not saved: {problem}"))
            else:
                try:
                    sid = store.save_student(owner, name)
                    store.save_scenario(owner, sid, scenario, scenario_profile(p, dash.national), notes,
                                        snapshot=result_snapshot(dash.result))   # what this screen shows now
                    workspace.mark_open_student(sid)
                except (StoreError, ValueError, LookupError) as exc:
                    st.error(plain_markdown(f"Not saved: {exc}"))
                else:
                    cache.after_write(f"Saved {name} — {scenario}.")
                    st.rerun()

    # --- saved students ---------------------------------------------------------------------------------------------
    st.subheader("Saved students")
    if not students:
        st.info("No student saved yet. Set a profile in the sidebar, then Save it above.")
    by_student = scenarios_by_student(records)
    show_notes = not dash.present or st.toggle("Show notes", key="students.show_notes", value=False,
                                               help="Notes stay hidden on a shared screen until you show them.")
    for student in students:
        scenarios = by_student.get(student.id, [])
        with st.expander(plain_markdown(f"{shown[student.name]} — {plural(len(scenarios), 'scenario')}"),
                         expanded=len(students) <= 3 and (not dash.present or student.id == opened)):
            for record in scenarios:
                cols = st.columns([3, 4, 1, 1])
                cols[0].write(plain_markdown(scenario_line(record)))
                if not record.notes:
                    cols[1].write("—")
                elif show_notes:
                    cols[1].write(plain_markdown(record.notes))
                else:                         # on a shared screen notes are not sent until the advisor shows them
                    cols[1].write("Notes hidden while presenting")
                cols[2].button("Open", key=f"open.{record.id}", on_click=workspace.open_scenario, args=(record,),
                               help="Load this profile into the sidebar; every page follows.")
                if cols[3].button("Delete", key=f"delscn.{record.id}"):
                    store.delete_scenario(owner, record.id)
                    cache.after_write(f"Deleted scenario {record.name} of {shown[student.name]}.")
                    st.rerun()
            sure = st.checkbox(plain_markdown(f"Yes, delete {shown[student.name]} and all their scenarios"),
                               key=f"sure.{student.id}")
            if st.button("Delete student", key=f"delstu.{student.id}", disabled=not sure):
                store.delete_student(owner, student.id)
                cache.after_write(f"Deleted {shown[student.name]} and their scenarios.")
                st.rerun()

    # --- cohort view --------------------------------------------------------------------------------------------------
    st.subheader("Cohort view")
    if records:
        table = _cohort(owner, workspace.scenario_signature(records), dash.facts, dash.paths,
                        records, dash.programs)
        open_name = next((s.name for s in students if s.id == opened), None)
        if not dash.present:
            st.write(plain_markdown(cohort_summary(table, MODEL_VERSION)))
        st.dataframe(cohort_shown(table, presenting=dash.present, open_student=open_name, notes=show_notes), hide_index=True, width="stretch", column_config={
            "match_probability": st.column_config.NumberColumn("Chance to match", format="percent"),
            "outlook": "Outlook (band)", "expected_interviews": "Interviews expected",
            "interviews": "Interviews (band)", "top_programs": "Top programs",
            "step2_ck": "Step 2 CK", "error": "Problem"})
        st.download_button("Download the cohort (CSV)", partial(cohort_csv, table, MODEL_VERSION),
                           file_name="smartpick_cohort.csv", mime="text/csv", on_click="ignore")
    else:
        st.caption("The cohort view lists every saved scenario once you have saved one.")

    # --- outcomes (what happened; the Back-test page reads them) ------------------------------------------------------
    outcomes_panels.outcomes_editor(store, owner, students, by_student, dash.programs, shown)
    if store is not None:
        outcomes_panels.retention_panel(store, owner)


try:
    render(store)
except StoreError as exc:
    st.error(plain_markdown(f"The workspace database failed: {exc}"), icon=":material/database:")
