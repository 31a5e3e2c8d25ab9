"""`make bench` browser reference (scripts/bench_browser.py): the app's frame and shared profile sidebar, scored
once, with no page. Every page draws this before its own content, so its latency is what any page costs at least.

Run by the benchmark as `streamlit run scripts/bench_sidebar_app.py` (the checkout measured is on PYTHONPATH).
SMARTPICK_RUN_LOG=<file> appends each run's script time, as app.py does.
"""

import os
import time

import streamlit as st

from smartpick_app import frame

_started = time.perf_counter()
st.set_page_config(page_title="SmartPick SoCal (sidebar only)", layout="wide")
if frame.build_dashboard() is not None:
    st.write("No page: the frame and the profile sidebar alone.")
if os.environ.get("SMARTPICK_RUN_LOG"):
    with open(os.environ["SMARTPICK_RUN_LOG"], "a", encoding="utf-8") as _log:
        _log.write(f"{time.time():.3f} {(time.perf_counter() - _started) * 1000:.2f}\n")
