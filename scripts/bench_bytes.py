#!/usr/bin/env python3
"""Websocket bytes the browser receives per rerun on the Map and the Overview (a new session, then slider steps).

    .venv/bin/python scripts/bench_bytes.py                  # this tree, worked example 1, 5 steps per slider
    .venv/bin/python scripts/bench_bytes.py --app /tmp/old/app.py --label before

Starts its own `streamlit run` (bundled data, empty workspace) and drives Debian chromium with Playwright. The
bytes are the payloads of Chrome DevTools' Network.webSocketFrameReceived events (binary frames arrive base64-
encoded; their decoded size is counted), summed from the action to the end of the run it starts. The map's
static files (county and sub-region outlines, fetched over HTTP once and cached) are counted apart, per session.
"""

from __future__ import annotations

import argparse
import base64
import statistics
import tempfile
import time
from pathlib import Path

from browser_support import (CHROMIUM, CHROMIUM_ARGS, OFFLINE_ARGS, RUN_COUNTER_JS, example_query, free_port,
                             open_app, runs_finished, start_server, wait_for_run, wait_for_visuals)

ROOT = Path(__file__).resolve().parents[1]
SIDEBAR_SLIDER = ".st-key-profile-step2_ck input[type='range']"
RING_SLIDER = ".st-key-map-radius input[type='range']"


def frame_bytes(payload: str, opcode: int) -> int:
    """Size of one websocket frame's payload: binary frames (opcode 2) come base64-encoded from DevTools."""
    return len(base64.b64decode(payload)) if opcode == 2 else len(payload.encode("utf-8"))


class Meter:
    """Sums the websocket bytes received by one tab (CDP) and the bytes of its static-file responses."""

    def __init__(self, page) -> None:
        self.ws = 0
        self.static = 0
        self.last = time.monotonic()
        self.page = page
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.webSocketFrameReceived", self._frame)
        page.on("requestfinished", self._static)

    def _frame(self, event: dict) -> None:
        self.ws += frame_bytes(event["response"]["payloadData"], event["response"]["opcode"])
        self.last = time.monotonic()

    def settle(self, quiet_s: float = 0.8, limit_s: float = 20.0) -> None:
        """Wait until no frame has arrived for quiet_s: a run's last deltas can follow its end-of-run message."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline and time.monotonic() - self.last < quiet_s:
            self.page.wait_for_timeout(100)

    def _static(self, request) -> None:
        if "/app/static/" in request.url:
            sizes = request.sizes()
            self.static += sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)


def step(page, meter: Meter, selector: str, key: str) -> int:
    """Bytes received for one slider step: from the key press to the end of the run it starts."""
    before_ws, before_runs = meter.ws, runs_finished(page)
    page.locator(selector).focus()
    page.keyboard.press(key)
    wait_for_run(page, before_runs)
    meter.settle()
    return meter.ws - before_ws


def measure(app: Path, steps: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_server(port, env={"SMARTPICK_DATA_DIR": tempfile.mkdtemp(prefix="smartpick-bytes-")}, script=app)
    out: dict[str, float] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + OFFLINE_ARGS)
            for title, path in (("Overview", ""), ("Map", "map")):
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                context.add_init_script(RUN_COUNTER_JS)
                page = context.new_page()
                meter = Meter(page)
                open_app(page, f"http://127.0.0.1:{port}/{path}{example_query('im_inland_empire')}")
                wait_for_visuals(page)      # the map's outlines fetched
                meter.settle()
                out[f"{title}: new session (KB)"] = meter.ws / 1000
                out[f"{title}: static files, once (KB)"] = meter.static / 1000
                # Every step a new value: Streamlit's message cache sends only a reference for a message the browser
                # already has, so going back to a value seen before costs less than a real step.
                sidebar = [step(page, meter, SIDEBAR_SLIDER, "ArrowLeft") for _ in range(steps)]
                out[f"{title}: Step 2 CK slider step, median (KB)"] = statistics.median(sidebar) / 1000
                if title == "Map":
                    ring = [step(page, meter, RING_SLIDER, "ArrowRight") for _ in range(steps)]
                    out["Map: ring slider step, median (KB)"] = statistics.median(ring) / 1000
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=ROOT / "app.py", help="the app script to serve")
    parser.add_argument("--steps", type=int, default=5, help="slider steps per slider (median reported)")
    parser.add_argument("--label", default="this tree")
    args = parser.parse_args(argv)
    results = measure(args.app.resolve(), args.steps)
    print(f"websocket bytes received, 1280x720, worked example 1 ({args.label})")
    for name, value in results.items():
        print(f"  {name:<44} {value:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
