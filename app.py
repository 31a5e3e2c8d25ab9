"""SmartPick SoCal dashboard: the entry point `streamlit run app.py` (or `make run`) starts.

The frame is the same for every page: sign-in when the workspace is shared, the profile sidebar, one scoring of
the profile per rerun (smartpick_app.frame.build_dashboard), the page picked in the navigation, the footer.
The pages are listed once, in smartpick_app/registry.py.

SMARTPICK_RUN_LOG=<file> (benchmarks only) appends each full run's server script time to that file, so
scripts/bench_browser.py and scripts/bench_load.py can tell the server's time apart from the browser's.
"""

import os
import time

_STARTED = time.perf_counter()

import streamlit as st  # noqa: E402

from smartpick_app import cache, frame, workspace  # noqa: E402
from smartpick_app.registry import PAGES  # noqa: E402

# A local page icon: a ":material/..." page icon makes every browser fetch it from fonts.gstatic.com. Given as its
# URL in the app's static folder (static/favicon.png), not as a file path: a path is opened with PIL on every run.
PAGE_ICON = "/app/static/favicon.png"


def _log_run() -> None:
    """Benchmarks: this run's script time (ms) on the server, one line per run."""
    log = os.environ.get("SMARTPICK_RUN_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{time.time():.3f} {(time.perf_counter() - _STARTED) * 1000:.2f}\n")


st.set_page_config(page_title="SmartPick SoCal", page_icon=PAGE_ICON, layout="wide")
try:
    if not workspace.require_sign_in():   # shared workspace (SMARTPICK_AUTH=on or advisor accounts): sign in first
        st.stop()
    navigation = st.navigation([st.Page(str(p.path), title=p.title, icon=p.icon, default=(i == 0))
                                for i, p in enumerate(PAGES)])
    if frame.build_dashboard() is not None:
        navigation.run()
    frame.footer()
finally:
    _log_run()
cache.warm_up()      # once per server process, in the background, after this first page is drawn
