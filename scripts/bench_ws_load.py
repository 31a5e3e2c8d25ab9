"""10 concurrent sessions on one server with clients that cost (almost) nothing: Streamlit's own websocket
protocol spoken by plain asyncio clients, so the figures are the server's, not ten software-drawn browsers'.

    .venv/bin/python scripts/bench_ws_load.py [--sessions 10] [--n 10] [--root /tmp/bench_base] [--json out.json]
        [--port 8599] [--browser-probe]

Why: scripts/bench_load.py drives ten headless Chromium contexts on the same 2 cores as the server, so its
latencies mix the server's work with the browsers drawing deck.gl in software. On an office network each
advisor's browser draws on its own machine; the fair load for "p50 <= 1 s with 10 sessions on 2 cores" is the
server serving 10 sessions while the clients cost nothing. Like Streamlit's own load tests, each client is a
websocket (`websockets`, asyncio) on /_stcore/stream with the subprotocol "streamlit":
  - a session's first run is a BackMsg rerun_script whose ClientState names the page (page_name = the page's URL
    path, no page hash yet), the query string and no widget states, as the frontend's first message does;
  - the server answers with ForwardMsgs, one per websocket message (new_session, navigation with the current
    page's hash, deltas, page_info_changed when the app rewrites the URL, ...) up to script_finished;
  - a slider press is another rerun_script with the page's hash, the URL's latest query string and the latest
    value of every widget the session has seen (the sidebar's Step 2 CK slider one higher each press;
    double_array_value for sliders, string_value for select boxes, ...), as the frontend sends them. Form
    widgets (sent only on submit), buttons and chart selections are left out; the server keeps the last value of
    any widget not sent.
No client keeps Streamlit's message cache (no cached_message_hashes), so every message comes in full: the harsher
case for the server. Sessions are spread over the pages; each first runs its page (the first view under load),
then presses the slider N times at a person's pace (0.4-0.8 s apart). Latency: send -> script_finished
FINISHED_SUCCESSFULLY. A press counts as failed when the run ends otherwise, times out, shows an exception or an
error box, or the slider does not come back with the value sent; a press after which no metric or text changed is
counted apart. The server's script time comes from SMARTPICK_RUN_LOG over the same window; the latency also holds
what follows the script on the server, notably Streamlit's full gc.collect(2) after every run (runner.postScriptGC),
which holds the GIL and so stalls every other session's run as well. With --browser-probe,
N-1 websocket sessions press while one real Chromium page (as in bench_load.py) presses the Overview's slider:
one advisor's browser while the others use the same server.
"""

from __future__ import annotations

import argparse
import hashlib
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench_browser import commit_of, pct, start_server
from browser_support import PAGES, free_port

ROOT = Path(__file__).resolve().parent.parent
GOAL_P50_MS = 1000
SLIDER_KEY = "profile.step2_ck"
RUN_TIMEOUT_S = 60.0
FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
WIDGET_KINDS = {"slider", "checkbox", "selectbox", "radio", "multiselect", "text_input", "text_area", "number_input",
                "button", "download_button", "date_input", "time_input", "color_picker", "toggle"}
LOST = (TimeoutError, websockets.ConnectionClosed)     # no end of the run within RUN_TIMEOUT_S, or no socket
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")


@dataclass
class Session:
    """What a browser tab would remember between runs: its page, its URL's query and its widgets' values."""

    page_name: str                       # URL path of the page ('' = the default page)
    page_hash: str = ""                  # from the navigation message of the first run
    query: str = ""                      # the URL's query, as the app last set it
    widgets: dict[str, WidgetState] = field(default_factory=dict)
    slider_id: str | None = None
    slider_value: float | None = None
    shown: dict[tuple, str] = field(default_factory=dict)     # digests of the last run's elements, by delta path


@dataclass
class Run:
    """One run as the client saw it: time to its end, bytes, how it ended and what it showed."""

    ms: float
    status: int | None
    bytes: int = 0
    messages: int = 0
    errors: list[str] = field(default_factory=list)
    changed: bool = False


def widget_state(element) -> WidgetState | None:
    """The WidgetState the frontend would send for a new_element, or None for one it sends only on an action
    (buttons, form widgets before submit, chart selections) or that has no value to send."""
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    if not getattr(proto, "id", "") or getattr(proto, "form_id", ""):
        return None
    state = WidgetState(id=proto.id)
    if kind == "slider":
        state.double_array_value.data.extend(proto.value if proto.set_value else proto.default)
    elif kind == "checkbox":
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind in ("selectbox", "radio"):
        if proto.set_value and proto.HasField("raw_value"):
            state.string_value = proto.raw_value
        elif proto.HasField("default"):
            state.string_value = proto.options[proto.default]
        else:
            return None
    elif kind == "multiselect":
        values = proto.raw_values if proto.set_value else [proto.options[i] for i in proto.default]
        state.string_array_value.data.extend(values)
    elif kind in ("text_input", "text_area"):
        value = proto.value if proto.set_value and proto.HasField("value") else proto.default
        state.string_value = value
    elif kind == "number_input":
        if proto.set_value and proto.HasField("value"):
            state.double_value = proto.value
        elif proto.HasField("default"):
            state.double_value = proto.default
        else:
            return None
    else:
        return None
    return state


def shown(element) -> str | None:
    """A digest of what a non-widget element shows (metric, text, chart, map, table), to tell whether a run
    changed the page; None for the widgets themselves, whose echo of the value sent proves nothing."""
    if element.WhichOneof("type") in WIDGET_KINDS:
        return None
    return hashlib.blake2b(element.SerializeToString(deterministic=True), digest_size=8).hexdigest()


def error_of(element) -> str | None:
    """An exception or an error box in the deltas: the run failed as far as an advisor can see."""
    kind = element.WhichOneof("type")
    if kind == "exception":
        return f"exception {element.exception.type}: {element.exception.message[:120]}"
    if kind == "alert" and element.alert.format == Alert.ERROR:
        return f"error box: {element.alert.body[:120]}"
    return None


def rerun_msg(session: Session, *, first: bool) -> bytes:
    """The BackMsg the frontend sends to run the page: on the first run only the page's URL path, later its hash
    and the widgets' current values."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = session.query
    state.page_name = session.page_name
    state.widget_states.SetInParent()
    if not first:
        state.page_script_hash = session.page_hash
        state.widget_states.widgets.extend(session.widgets.values())
    return msg.SerializeToString()


def take(session: Session, msg: ForwardMsg, run: Run, shown_now: dict[tuple, str]) -> None:
    """Update the session from one ForwardMsg of a run, as the frontend would."""
    kind = msg.WhichOneof("type")
    if kind == "navigation":
        session.page_hash = msg.navigation.page_script_hash
    elif kind == "page_info_changed":
        session.query = msg.page_info_changed.query_string
    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        error = error_of(element)
        if error:
            run.errors.append(error)
        state = widget_state(element)
        if state is not None:
            session.widgets[state.id] = state
            if state.id.endswith(SLIDER_KEY) and state.HasField("double_array_value"):
                session.slider_id, session.slider_value = state.id, state.double_array_value.data[0]
        digest = shown(element)
        if digest is not None:
            shown_now[tuple(msg.metadata.delta_path)] = digest


async def run_page(ws, session: Session, payload: bytes) -> Run:
    """Send one rerun and read the server's messages until the run ends (a run cut short for a newer one is not
    an end)."""
    run, shown_now = Run(ms=0.0, status=None), {}
    start = time.perf_counter()
    await ws.send(payload)
    async with asyncio.timeout(RUN_TIMEOUT_S):
        while True:
            data = await ws.recv()
            run.bytes += len(data)
            run.messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(data)
            take(session, msg, run, shown_now)
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished != EARLY_FOR_RERUN:
                run.status = msg.script_finished
                break
    run.ms = (time.perf_counter() - start) * 1000
    run.changed = bool(session.shown) and shown_now != session.shown
    session.shown = shown_now
    return run


def press(session: Session, value: float) -> bytes:
    """The slider moved to `value`: the rerun the frontend sends with every widget's latest value."""
    slider = WidgetState(id=session.slider_id)
    slider.double_array_value.data.append(value)
    session.widgets[session.slider_id] = slider
    return rerun_msg(session, first=False)


def connect(port: int):
    """A websocket as the frontend opens it: the 'streamlit' subprotocol (the header's later entries, an XSRF
    token and a session to resume, are left out; without a browser's Origin header the server lets it in)."""
    return websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                              max_size=None, compression=None, open_timeout=RUN_TIMEOUT_S)


async def advisor(port: int, title: str, n: int, seed: int, out: dict, keep_going: asyncio.Event | None) -> None:
    """One simulated advisor: the page's first view, then N slider presses at a person's pace (with keep_going,
    on until it is cleared, so the load lasts as long as the browser probe)."""
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 0.5))        # not all in the same millisecond
    session = Session(page_name=PAGES[title])
    start = time.perf_counter()
    async with connect(port) as ws:
        out["runs_sent"] += 1
        try:
            first = await run_page(ws, session, rerun_msg(session, first=True))
        except LOST as error:
            out["failures"].append(f"{title} first view: {type(error).__name__} {error}")
            return
        out["first_view"].setdefault(title, []).append((time.perf_counter() - start) * 1000)
        out["first_bytes"].setdefault(title, []).append(first.bytes)
        out["failures"].extend(f"{title} first view: {e}" for e in first.errors)
        if first.status != FINISHED or session.slider_id is None:
            out["failures"].append(f"{title} first view ended with status {first.status}, slider "
                                   f"{'found' if session.slider_id else 'missing'}")
            return
        done = 0
        while done < n or (keep_going is not None and keep_going.is_set()):
            await asyncio.sleep(rng.uniform(0.4, 0.8))
            value = session.slider_value + 1 if session.slider_value < 300 else 200
            out["runs_sent"] += 1
            try:
                run = await run_page(ws, session, press(session, value))
            except LOST as error:
                out["failures"].append(f"{title} press {done + 1}: {type(error).__name__} {error}")
                return
            done += 1
            problems = list(run.errors)
            if run.status != FINISHED:
                problems.append(f"ended with status {run.status}")
            if session.slider_value != value:
                problems.append(f"slider came back at {session.slider_value}, not {value}")
            out["failures"].extend(f"{title} press {done}: {p}" for p in problems)
            if problems:
                continue
            out["latency"].append(run.ms)
            out["by_page"].setdefault(title, []).append(run.ms)
            out["bytes"].append(run.bytes)
            out["unchanged"] += not run.changed


def logged(run_log: Path, since: float) -> list[float]:
    """Script times (ms) the server logged after `since` (epoch seconds)."""
    if not run_log.exists():
        return []
    rows = [line.split() for line in run_log.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [float(ms) for when, ms in rows if float(when) >= since]


async def browser_probe(port: int, n: int, out: dict) -> None:
    """One real Chromium page on the Overview pressing its slider, timed as in bench_load.py."""
    from bench_load import advisor as browser_advisor
    from browser_support import CHROMIUM, CHROMIUM_ARGS
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            await browser_advisor(browser, f"http://127.0.0.1:{port}/", "Overview", n, seed=0, out=out)
        finally:
            await browser.close()


async def load(port: int, sessions: int, n: int, run_log: Path, probe: bool) -> dict:
    titles = list(PAGES)
    out: dict = {"latency": [], "by_page": {}, "first_view": {}, "first_bytes": {}, "bytes": [], "failures": [],
                 "unchanged": 0, "runs_sent": 0}
    warm_session = Session(page_name="")
    async with connect(port) as ws:                 # the server is running and warm
        warm = await run_page(ws, warm_session, rerun_msg(warm_session, first=True))
    out["warm_up_ms"] = warm.ms
    since = time.time()
    load_before = os.getloadavg()[0]
    start, cpu_start = time.perf_counter(), time.process_time()
    keep_going = asyncio.Event() if probe else None
    ws_sessions = range(1, sessions) if probe else range(sessions)
    clients = [advisor(port, titles[i % len(titles)], n, i, out, keep_going)
               for i in ws_sessions]
    if probe:
        keep_going.set()
        out["probe"] = {"latency": [], "by_page": {}, "first_view": {}, "first_view_parts": {}, "lost": 0}

        async def probe_then_stop() -> None:
            try:
                await browser_probe(port, n, out["probe"])
            finally:
                keep_going.clear()
        clients.append(probe_then_stop())
    await asyncio.gather(*clients)
    out["wall_s"] = time.perf_counter() - start
    out["client_cpu_s"] = time.process_time() - cpu_start       # the websocket clients' own cost (and the probe's driver)
    if probe:
        out["runs_sent"] += 1 + len(out["probe"]["latency"])
    out["script_ms"] = logged(run_log, since)
    out["load_before"], out["load_after"] = load_before, os.getloadavg()[0]
    return out


def fmt(values: list[float], q: float) -> str:
    return f"{pct(values, q):.0f}" if values else "-"


def report(result: dict) -> None:
    lat, script, first = result["latency"], result["script_ms"], result["first_view"]
    firsts = [ms for views in first.values() for ms in views]
    ws_sessions = result["sessions"] - (1 if result.get("probe") else 0)
    print(f"\nWebsocket clients: {ws_sessions} sessions{' + 1 Chromium probe' if result.get('probe') else ''}, "
          f"{result['n']} presses each, app {result['commit']}; no message cache (every message in full); "
          f"load average {result['load_before']:.1f} -> {result['load_after']:.1f}, {result['wall_s']:.0f} s; the clients "
          f"used {result['client_cpu_s']:.1f} s of CPU ({result['client_cpu_s'] / result['wall_s']:.0%} of one core)")
    p50 = pct(lat, .5) if lat else float("nan")
    print(f"  presses timed            {len(lat)}  (failed {len(result['failures'])}, no metric/text changed "
          f"{result['unchanged']})")
    print(f"  rerun latency p50 / p95  {fmt(lat, .5)} / {fmt(lat, .95)} ms   (goal p50 <= {GOAL_P50_MS} ms: "
          f"{'met' if p50 <= GOAL_P50_MS else 'MISSED'})")
    print(f"  server script p50 / p95  {fmt(script, .5)} / {fmt(script, .95)} ms over {len(script)} runs logged "
          f"for {result['runs_sent']} reruns sent (first views included)")
    print(f"  first view p50 / max     {fmt(firsts, .5)} / {max(firsts) if firsts else 0:.0f} ms "
          f"(warm-up session before the load: {result['warm_up_ms']:.0f} ms)")
    print(f"  KB received per press    {statistics.median(result['bytes']) / 1024 if result['bytes'] else 0:.0f} "
          f"(median)")
    print(f"  {'page':<20}{'rerun p50':>10}{'first view':>12}{'KB first':>10}")
    for title in PAGES:
        if title in first:
            print(f"  {title:<20}{fmt(result['by_page'].get(title, []), .5):>10}"
                  f"{statistics.median(first[title]):>12.0f}{statistics.median(result['first_bytes'][title]) / 1024:>10.0f}")
    if result.get("probe"):
        probe = result["probe"]
        views = probe["first_view"].get("Overview", [])
        print(f"  Chromium probe (Overview): rerun p50 / p95 {fmt(probe['latency'], .5)} / "
              f"{fmt(probe['latency'], .95)} ms over {len(probe['latency'])} presses, first view "
              f"{views[0] * 1000 if views else float('nan'):.0f} ms, key presses dropped {probe['lost']}")
    for failure in result["failures"][:10]:
        print(f"  FAILED: {failure}")


@contextmanager
def serving(root: Path, run_log: Path, port: int) -> Iterator[int]:
    """The app's server (its launcher, so the warm-up starts with it), logging each run's script time."""
    server = start_server(port, root / "app.py", root, run_log)
    try:
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--n", type=int, default=10, help="slider presses per session")
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose app.py is measured")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--port", type=int, help="the server's port (default: a free one)")
    parser.add_argument("--browser-probe", action="store_true",
                        help="one of the sessions is a real Chromium page on the Overview, timed apart")
    args = parser.parse_args()
    root = Path(args.root).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "runs.log"
        with serving(root, log, args.port or free_port()) as port:
            result = asyncio.run(load(port, args.sessions, args.n, log, args.browser_probe))
    result.update(sessions=args.sessions, n=args.n, commit=commit_of(root))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    report(result)


if __name__ == "__main__":
    main()
