"""`make bench` reference (scripts/bench_browser.py): each page's render floor. It draws exactly the elements a
page draws - the same figures, decks, tables, metrics, widgets and text, frozen by scripts/freeze_render_floor.py
into scripts/render_floor/ - with no SmartPick computation: the messages are replayed as they are.

    streamlit run scripts/bench_render_floor_app.py                 # every page, at the app's own URL paths
    streamlit run scripts/bench_render_floor_app.py -- --page Map   # one page only, as the default page

The page is chosen like the app's (the same navigation titles and URL paths: /map, /tiers, ...), or by argv.
The sidebar's Step 2 CK slider is a live widget at the frozen slider's place (same label, range and key, so the
benchmark presses it like the app's); each press reruns the page, which sends the next of its four frozen snapshots
(the page after a Step 2 CK change), so every figure, deck and table is redrawn with changed data. Four, because
the browser keeps a large message for two runs: with two, the floor's large elements came back as references.
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import time
from functools import partial
from pathlib import Path

import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import enqueue_message

FLOOR_DIR = Path(__file__).resolve().parent / "render_floor"
SIDEBAR_ROOT = 1


@st.cache_resource(show_spinner=False)
def frozen(file: str) -> tuple[bytes, ...]:
    """One page's frozen messages (read once per server; parsed anew each run, like the app builds them anew)."""
    data, out, i = (FLOOR_DIR / file).read_bytes(), [], 0
    while i < len(data):
        (n,) = struct.unpack_from(">I", data, i)
        out.append(data[i + 4:i + 4 + n])
        i += 4 + n
    return tuple(out)


def live_slider(frozen_slider) -> None:
    """The widget the benchmark presses, drawn where the frozen one was (its sidebar index)."""
    proto = frozen_slider.delta.new_element.slider
    st.sidebar._cursor._index = frozen_slider.metadata.delta_path[1]     # type: ignore[union-attr]
    st.sidebar.slider(proto.label, int(proto.min), int(proto.max), int(proto.default[0]), step=int(proto.step),
                      key="profile.step2_ck")


def replay(entry: dict) -> None:
    """Send one of the page's frozen snapshots, in order, the next one on the next press (the value modulo their
    number), so each press changes what is drawn as the app's do; the Step 2 CK slider is the live one."""
    slider_index = entry["slider_index"]
    value = st.session_state.get("profile.step2_ck", 0)
    files = entry["files"]
    for raw in frozen(files[value % len(files)]):
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        path = list(msg.metadata.delta_path)
        if path[0] == SIDEBAR_ROOT and len(path) == 2 and path[1] == slider_index \
                and msg.delta.WhichOneof("type") == "new_element":
            live_slider(msg)
            continue
        enqueue_message(msg)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", default="", help="one navigation title (default: every page)")
    args, _ = parser.parse_known_args()
    index = json.loads((FLOOR_DIR / "index.json").read_text(encoding="utf-8"))["pages"]
    st.set_page_config(page_title="SmartPick SoCal (render floor)", layout="wide")
    titles = [t for t in index if not args.page or t == args.page]
    pages = [st.Page(partial(replay, index[t]), title=t, url_path=index[t]["url_path"] or "overview",
                     default=(i == 0)) for i, t in enumerate(titles)]
    st.navigation(pages).run()


_started = time.perf_counter()
main()
if os.environ.get("SMARTPICK_RUN_LOG"):     # the benchmark's split: this run's script time, as the app logs it
    with open(os.environ["SMARTPICK_RUN_LOG"], "a", encoding="utf-8") as _log:
        _log.write(f"{time.time():.3f} {(time.perf_counter() - _started) * 1000:.2f}\n")
