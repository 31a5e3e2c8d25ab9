"""`make run`'s entry point: Streamlit's own `streamlit run app.py`, with the server's warm-up started as the
server starts instead of after the first session's page.

    python -m smartpick_app.serve [streamlit run options, e.g. --server.port 8502]

Why a launcher: `streamlit run` has no start-up hook (st.App's lifespan would move the app onto another web
server), and without one the first visitor of a fresh server paid for loading every specialty's table, the
calibration check and the other pages' imports. Here a thread waits for Streamlit's runtime to exist and then
starts the same once-per-process warm-up the app itself starts (smartpick_app.cache.warm_up, which runs only once
whichever asks first), so by the time a browser connects the work is done or under way.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
RUNTIME_WAIT_S = 60.0       # a server that has not started by then has failed; its own error says why


def _warm_when_serving(wait_s: float = RUNTIME_WAIT_S) -> bool:
    """Start the warm-up once Streamlit's runtime exists (its caches are the ones the sessions use); False if it
    never came up."""
    from streamlit.runtime import Runtime

    deadline = time.monotonic() + wait_s
    while not Runtime.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    from smartpick_app import cache

    cache.warm_up()
    return True


def streamlit_argv(options: list[str]) -> list[str]:
    """The command line Streamlit's CLI receives: `streamlit run app.py` and the caller's options."""
    return ["streamlit", "run", str(APP), *options]


def main(options: list[str] | None = None) -> None:
    threading.Thread(target=_warm_when_serving, name="smartpick-start-warm-up", daemon=True).start()
    sys.argv = streamlit_argv(sys.argv[1:] if options is None else options)
    from streamlit.web import cli

    cli.main()


if __name__ == "__main__":
    main()
