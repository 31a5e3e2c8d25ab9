"""SmartPick SoCal dashboard: the router and frame (page config, shared profile sidebar, navigation, footer).

Run: streamlit run app.py   (or `make run`). Every number comes from smartpick_core;
app_support.build_dashboard() scores the sidebar profile once per rerun and the
page picked in the navigation renders that one result.
"""

import streamlit as st

import app_support

st.set_page_config(page_title="SmartPick SoCal", page_icon="🩺", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="📊", default=True),
    st.Page("pages/map.py", title="Map", icon="🗺️"),
    st.Page("pages/tiers.py", title="Tiers", icon="📶"),
    st.Page("pages/compare.py", title="Compare regions", icon="⚖️"),
    st.Page("pages/programs.py", title="Programs", icon="📋"),
]

navigation = st.navigation(PAGES)
dash = app_support.build_dashboard()
if dash is not None:
    navigation.run()
app_support.footer()
