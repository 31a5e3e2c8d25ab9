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


def start_server(port: int, env: dict | None = None, script: str | Path = "app.py") -> subprocess.Popen:
    """`streamlit run` of the app (or another script, e.g. the benchmark's bare floor app) without file watcher."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("streamlit server did not become healthy within 60 s")



def wait_for_app(page, timeout: float = 30000) -> None:
    """Streamlit's own readiness signal: connected, script not running, no skeletons."""
    page.wait_for_timeout(250)  # slider / deck debounce is 200 ms
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
                           timeout=timeout)
    page.wait_for_timeout(150)


def example_query(name: str) -> str:
    """'?…' that opens a worked example (the app's own URL codec, only values that differ from the defaults)."""
    import json
    from urllib.parse import urlencode

    from smartpick_core import Profile
    from smartpick_app.urlstate import to_query

    profile = Profile.from_dict(json.loads(EXAMPLES[name].read_text(encoding="utf-8")))
    return "?" + urlencode(to_query(profile))


def wait_for_visuals(page, timeout: float = 20000) -> None:
    """Charts and maps drawn: plotly's SVG is there and deck.gl had time to fetch the outlines."""
    for chart in page.get_by_test_id("stPlotlyChart").all():
        chart.locator(".main-svg").first.wait_for(state="attached", timeout=timeout)
    if page.get_by_test_id("stDeckGlJsonChart").count():
        page.get_by_test_id("stDeckGlJsonChart").first.wait_for(state="visible", timeout=timeout)
        page.wait_for_timeout(1200)


def go_to(page, title: str) -> None:
    """Switch page in the same session (sidebar navigation keeps the profile and presentation mode)."""
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
    page.wait_for_timeout(300)
    wait_for_app(page)
    wait_for_visuals(page)


def set_presentation(page, on: bool) -> None:
    """Flip the sidebar's Presentation mode switch to `on` (no-op when it already is)."""
    switch = page.locator("input[aria-label='Presentation mode']")
    if switch.is_checked() != on:
        page.get_by_text("Presentation mode", exact=True).click()
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
