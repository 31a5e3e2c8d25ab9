"""Helpers for the real-browser tests: server start, chromium settings, waiting for a rerun to finish."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from smartpick_app.registry import PAGES as REGISTRY

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]
# The browser tests' chromium is offline by construction: every request but one to 127.0.0.1 / localhost goes to a
# closed proxy port and fails (the tests record such requests and fail on them). Unlike a Playwright route, this
# keeps the HTTP cache on, so a tab of a context that already loaded the app's scripts loads them from the cache.
OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost"]
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost", "data:", "blob:")
SCREENSHOTS = ROOT / "test-results" / "screenshots"   # ignored by git: `make test` leaves the tree clean
README_SCREENSHOTS = ROOT / "docs" / "screenshots"   # written only by `make screenshots`
EXAMPLES = {"im_inland_empire": ROOT / "examples" / "profile_im_inland_empire.json",
            "fm_spanish_la": ROOT / "examples" / "profile_fm_spanish_la.json"}
# Navigation title -> URL path of every page (smartpick_app/registry.py); PAGES leaves out the workspace pages,
# which have their own browser tests.
ALL_PAGES = {p.title: p.url_path for p in REGISTRY}
PAGES = {p.title: p.url_path for p in REGISTRY if not p.workspace}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, env: dict | None = None, script: str | Path = "app.py", *, cwd: Path = ROOT,
                 timeout_s: float = 60) -> subprocess.Popen:
    """`streamlit run` of the app (or another script, e.g. the benchmark's bare floor app) from `cwd` (another
    checkout, for the benchmark's baseline) without file watcher; waits up to timeout_s for its health check."""
    launcher = Path(cwd) / "smartpick_app" / "serve.py"     # `make run`'s: the warm-up starts with the server
    start = ["-m", "smartpick_app.serve"] if Path(script).name == "app.py" and launcher.exists() \
        else ["-m", "streamlit", "run", str(script)]
    cmd = [sys.executable, *start, "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"streamlit server for {script} did not become healthy within {timeout_s:g} s")



def wait_for_app(page, timeout: float = 30000) -> None:
    """Streamlit's own readiness signal: connected, script not running, no skeletons."""
    page.wait_for_timeout(250)  # slider / deck debounce is 200 ms
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
                           timeout=timeout)
    page.wait_for_timeout(150)


# Counts the app's finished script runs as the server reports them: each ForwardMsg on Streamlit's websocket whose
# top-level field 6 (script_finished) says the run ended (0 success, 1 compile error, 3 fragment run; 2, "stopped
# early for a rerun", is not an end). Installed before the page loads (context.add_init_script or count_runs), it
# lets a test wait for exactly the run its action started instead of sleeping for a debounce it guesses.
RUN_COUNTER_JS = """(() => {
  if (window.__smartpickRuns !== undefined) return;
  window.__smartpickRuns = 0;
  performance.setResourceTimingBufferSize(100000);   // wait_for_visuals looks for the map outlines' request
  const finished = (data) => {
    const b = new Uint8Array(data); let i = 0;
    const varint = () => { let v = 0, s = 1, x; do { x = b[i++]; v += (x & 0x7f) * s; s *= 128; } while ((x & 0x80) && i < b.length); return v; };
    while (i < b.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key % 8;
      if (field === 6 && wire === 0) return varint();
      if (wire === 0) varint(); else if (wire === 2) { const n = varint(); i += n; }
      else if (wire === 1) i += 8; else if (wire === 5) i += 4;
      else return -1;
    }
    return -1;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (event.data instanceof ArrayBuffer && [0, 1, 3].includes(finished(event.data))) window.__smartpickRuns++;
      });
    }
  };
})();"""
APP_IDLE_JS = """n => window.__smartpickRuns > n
  && document.querySelector("[data-testid='stApp']")?.getAttribute('data-test-script-state') === 'notRunning'
  && document.querySelectorAll("[data-testid='stSkeleton']").length === 0"""
NEXT_FRAMES_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def count_runs(target) -> None:
    """Install the run counter on a browser context or page (before its first page load)."""
    target.add_init_script(RUN_COUNTER_JS)


def runs_finished(page) -> int:
    """Script runs finished in this tab so far; -1 when the run counter is not installed."""
    return page.evaluate("() => window.__smartpickRuns ?? -1")


def wait_for_run(page, after: int, timeout: float = 30000) -> None:
    """Wait until a run ends after the first `after` runs (run counter), the app is idle and drawn: no skeleton,
    and two frames later React has committed the run's last messages."""
    page.wait_for_function(APP_IDLE_JS, arg=after, timeout=timeout)
    page.evaluate(NEXT_FRAMES_JS)


def rerun(page, action, timeout: float = 30000) -> None:
    """Do `action` (a click, Enter, ...) and wait for the script run it starts to end (needs the run counter)."""
    before = runs_finished(page)
    assert before >= 0, "run counter not installed (count_runs before the page loads)"
    action()
    wait_for_run(page, before, timeout)


def open_app(page, url: str, timeout: float = 30000) -> None:
    """page.goto and wait for the new session's first run (run counter when installed, else wait_for_app)."""
    page.goto(url)
    if runs_finished(page) >= 0:
        wait_for_run(page, 0, timeout)
    else:
        wait_for_app(page, timeout)


def example_query(name: str) -> str:
    """'?…' that opens a worked example (the app's own URL codec, only values that differ from the defaults)."""
    import json
    from urllib.parse import urlencode

    from smartpick_core import Profile
    from smartpick_app.urlstate import to_query

    profile = Profile.from_dict(json.loads(EXAMPLES[name].read_text(encoding="utf-8")))
    return "?" + urlencode(to_query(profile))


COUNTIES_FETCHED_JS = """() => performance.getEntriesByType('resource')
  .some(e => e.name.includes('/app/static/counties.json') && e.responseEnd > 0)"""


def wait_for_visuals(page, timeout: float = 20000) -> None:
    """Charts and maps drawn: plotly's SVG is there and deck.gl had time to fetch the outlines (with the run
    counter installed: until the outlines' request has ended, then two frames; without it: 1.2 s)."""
    for chart in page.get_by_test_id("stPlotlyChart").all():
        chart.locator(".main-svg").first.wait_for(state="attached", timeout=timeout)
    if page.get_by_test_id("stDeckGlJsonChart").count():
        page.get_by_test_id("stDeckGlJsonChart").first.wait_for(state="visible", timeout=timeout)
        if runs_finished(page) < 0:
            page.wait_for_timeout(1200)
            return
        try:
            page.wait_for_function(COUNTIES_FETCHED_JS, timeout=5000)
        except Exception:   # noqa: BLE001 - a map without its outlines file (the page says so) draws without them
            pass
        page.evaluate(NEXT_FRAMES_JS)


def go_to(page, title: str) -> None:
    """Switch page in the same session (sidebar navigation keeps the profile and presentation mode)."""
    before = runs_finished(page)
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
    if before >= 0:
        wait_for_run(page, before)
    else:
        page.wait_for_timeout(300)
        wait_for_app(page)
    wait_for_visuals(page)


def set_presentation(page, on: bool) -> None:
    """Flip the sidebar's Presentation mode switch to `on` (no-op when it already is)."""
    switch = page.locator("input[aria-label='Presentation mode']")
    if switch.is_checked() != on:
        before = runs_finished(page)
        page.get_by_text("Presentation mode", exact=True).click()
        if before >= 0:
            wait_for_run(page, before)
        else:
            page.wait_for_timeout(300)
            wait_for_app(page)


def full_page_screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main container, so the window grows to the content's height
    for the capture (Playwright's full_page sees only the window) and shrinks back afterwards."""
    size = page.viewport_size
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll("
                           "\"[data-testid='stMain'], [data-testid='stAppViewContainer'], [data-testid='stSidebarContent']\")]"
                           ".map(e => e.scrollHeight), document.body.scrollHeight)")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 40, 12000))})
    page.wait_for_timeout(900)    # charts and maps redraw at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    page.wait_for_timeout(300)
