"""Back-test: see in words and one chart how well SmartPick predicted the office's students' invitations, per
program kind and sub-region, with the opt-in local correction beside the national model; then import a season's
outcomes (open until something is recorded). Layout only: the sections are smartpick_app.outcomes_panels, the
numbers smartpick_core."""

import streamlit as st

from smartpick_app import cache, outcomes_panels, state, workspace
from smartpick_core.store import StoreError
from smartpick_core.text import plain_markdown

dash = state.dashboard()
st.title("Back-test: SmartPick against what happened")
st.caption(plain_markdown(workspace.workspace_env_summary()) + " Your students' recorded outcomes only; nothing is "
           "stored until you press Apply.")
workspace.show_note()
store, problem = cache.workspace_store()          # None until something is saved: browsing creates nothing
if problem:
    st.error(plain_markdown(f"Outcomes cannot be read: {problem}"), icon=":material/database:")
    st.stop()
owner = workspace.owner()
try:
    recorded = outcomes_panels.backtest_view(store, owner, dash.programs)     # the answer first
    with st.expander("Import outcomes from a spreadsheet", expanded=not recorded or outcomes_panels.import_pending()):
        outcomes_panels.import_panel(store, owner, dash.programs, presenting=dash.present)
except StoreError as exc:
    st.error(plain_markdown(f"The workspace database failed: {exc}"), icon=":material/database:")
