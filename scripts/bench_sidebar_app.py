"""`make bench` browser reference (scripts/bench_browser.py): the app's frame and shared profile sidebar, scored
once, with no page. Every page draws this before its own content, so its latency is what any page costs at least.

Run by the benchmark as `streamlit run scripts/bench_sidebar_app.py` (the project root is put on the path).
"""



import streamlit as st

from smartpick_app import frame

st.set_page_config(page_title="SmartPick SoCal (sidebar only)", layout="wide")
if frame.build_dashboard() is not None:
    st.write("No page: the frame and the profile sidebar alone.")
