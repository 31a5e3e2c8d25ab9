"""SmartPick SoCal dashboard: the router and frame (page config, shared profile sidebar, navigation, footer).

Run: streamlit run app.py   (or `make run`). Every number comes from smartpick_core;
app_support.build_dashboard() scores the sidebar profile once per rerun and the
page picked in the navigation renders that one result.
"""

from pathlib import Path

import streamlit as st

import app_support
import app_workspace

# A local page icon: a ":material/..." page icon makes every browser fetch it from fonts.gstatic.com.
PAGE_ICON = str(Path(__file__).resolve().parent / "static" / "favicon.png")
st.set_page_config(page_title="SmartPick SoCal", page_icon=PAGE_ICON, layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/map.py", title="Map", icon=":material/map:"),
    st.Page("app_pages/tiers.py", title="Tiers", icon=":material/bar_chart:"),
    st.Page("app_pages/compare.py", title="Compare regions", icon=":material/compare:"),
    st.Page("app_pages/scenarios.py", title="Compare scenarios", icon=":material/difference:"),
    st.Page("app_pages/programs.py", title="Programs", icon=":material/table:"),
    st.Page("app_pages/my_list.py", title="My list", icon=":material/checklist:"),
    st.Page("app_pages/students.py", title="Students", icon=":material/groups:"),          # advisor workspace (#11)
    st.Page("app_pages/data.py", title="Data", icon=":material/database:"),
]

if not app_workspace.require_sign_in():   # shared workspace (SMARTPICK_AUTH=on or advisor accounts): sign in first
    st.stop()
navigation = st.navigation(PAGES)
dash = app_support.build_dashboard()
if dash is not None:
    navigation.run()
app_support.footer()
