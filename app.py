"""SmartPick SoCal dashboard: the entry point `streamlit run app.py` (or `make run`) starts.

The frame is the same for every page: sign-in when the workspace is shared, the profile sidebar, one scoring of
the profile per rerun (smartpick_app.frame.build_dashboard), the page picked in the navigation, the footer.
The pages are listed once, in smartpick_app/registry.py.
"""

from pathlib import Path

import streamlit as st

from smartpick_app import frame, workspace
from smartpick_app.registry import PAGES

# A local page icon: a ":material/..." page icon makes every browser fetch it from fonts.gstatic.com.
PAGE_ICON = str(Path(__file__).resolve().parent / "static" / "favicon.png")
st.set_page_config(page_title="SmartPick SoCal", page_icon=PAGE_ICON, layout="wide")

if not workspace.require_sign_in():   # shared workspace (SMARTPICK_AUTH=on or advisor accounts): sign in first
    st.stop()
navigation = st.navigation([st.Page(str(p.path), title=p.title, icon=p.icon, default=(i == 0))
                            for i, p in enumerate(PAGES)])
if frame.build_dashboard() is not None:
    navigation.run()
frame.footer()
