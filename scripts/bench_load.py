"""`make bench` under load: concurrent sessions moving sliders on one server, p50/p95 of their reruns, the first
view of each page under that load, and the server's own script time apart from the clients' drawing.

    .venv/bin/python scripts/bench_load.py [--sessions 10] [--n 10] [--root /tmp/bench_base] [--json out.json]

Load generator: headless Debian Chromium driven by Playwright's async API in one process, one browser context
(a separate session, cookies and cache) per simulated advisor, all opened at once. Sessions are spread over the
pages (Overview, Map, Tiers, Compare regions, Compare scenarios, Programs, My list, ...): each opens its page (the
first view under load), then presses the sidebar's Step 2 CK slider N times at a person's pace (0.4-0.8 s apart),
each press a new value. Latency: key press -> the app's script state back to notRunning (in-page hooks, as in
scripts/bench_browser.py). The server appends each run's script time to SMARTPICK_RUN_LOG, so the table shows the
server's share; the rest is websocket, queueing and the clients' own drawing, which here run on the same 2 cores
as the server (on an office network each browser would draw on its own machine). Goal: p50 <= 1 s with 10
sessions. A warm-up session opens the app first, so the figures are those of a running server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from bench_browser import APP_SLIDER, FINISHED, OBSERVER, VIEWPORT, commit_of, pct, serving, split
from browser_support import CHROMIUM, CHROMIUM_ARGS, PAGES

ROOT = Path(__file__).resolve().parent.parent
GOAL_P50_MS = 1000
IDLE_JS = """() => document.querySelector("[data-testid='stApp']")?.getAttribute('data-test-script-state') === 'notRunning'
  && document.querySelectorAll("[data-testid='stSkeleton']").length === 0"""


async def open_page(browser, url: str) -> tuple[object, object, dict]:
    """A new session (its own context) at url: seconds until its first view is drawn, and where they went (the
    browser's clock from navigation: the app's scripts loaded and its websocket's first message, the first run's
    end)."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    await page.add_init_script(OBSERVER)
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_timeout(250)
    await page.wait_for_function(IDLE_JS, timeout=180000, polling=100)
    await page.locator(APP_SLIDER).first.wait_for(state="attached", timeout=180000)
    drawn = time.perf_counter() - start - 0.25
    marks = await page.evaluate("window.__marks")
    first_message = next((t for kind, t, _ in marks if kind == "message"), None)
    run_end = max((t for kind, t, _ in marks if kind == "notRunning"), default=None)
    return context, page, {"drawn": drawn, "socket": None if first_message is None else first_message / 1000,
                           "run_end": None if run_end is None else run_end / 1000}


async def advisor(browser, url: str, title: str, n: int, seed: int, out: dict) -> None:
    """One simulated advisor: the page's first view, then N slider presses at a person's pace."""
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 0.5))        # not all in the same millisecond
    context, page, first_view = await open_page(browser, url)
    out["first_view"].setdefault(title, []).append(first_view["drawn"])
    out["first_view_parts"].setdefault(title, []).append(first_view)
    slider = page.locator(APP_SLIDER).first
    done = 0
    try:
        while done < n:
            await page.wait_for_timeout(rng.uniform(400, 800))
            await slider.focus()
            await page.evaluate("window.__marks = []")
            await page.keyboard.press("ArrowRight")
            try:
                await page.wait_for_function(FINISHED, timeout=60000, polling=50)
            except Exception:   # noqa: BLE001 - a dropped key press: pressed again, counted, never timed
                out["lost"] += 1
                if out["lost"] > 5 * n:
                    raise
                continue
            await page.wait_for_timeout(50)
            try:
                press = split(await page.evaluate("window.__marks"))
            except StopIteration:
                out["lost"] += 1
                continue
            out["latency"].append(press["latency"])
            out["by_page"].setdefault(title, []).append(press["latency"])
            done += 1
    finally:
        await context.close()


def logged(run_log: Path, since: float) -> list[float]:
    """Script times (ms) the server logged after `since` (epoch seconds)."""
    if not run_log.exists():
        return []
    rows = [line.split() for line in run_log.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [float(ms) for when, ms in rows if float(when) >= since]


async def load(url: str, sessions: int, n: int, run_log: Path) -> dict:
    from playwright.async_api import async_playwright

    titles = list(PAGES)
    out: dict = {"latency": [], "by_page": {}, "first_view": {}, "first_view_parts": {}, "lost": 0}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context, _, warm = await open_page(browser, url)         # the server is running and warm
        await context.close()
        out["warm_up_s"] = warm["drawn"]
        since = time.time()
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        await asyncio.gather(*(advisor(browser, url + PAGES[titles[i % len(titles)]], titles[i % len(titles)], n,
                                       seed=i, out=out) for i in range(sessions)))
        out["wall_s"] = time.perf_counter() - start
        out["script_ms"] = logged(run_log, since)
        out["load_before"], out["load_after"] = load_before, os.getloadavg()[0]
        await browser.close()
    return out


def report(result: dict, baseline: dict | None) -> None:
    lat, script = result["latency"], result["script_ms"]
    p50, p95 = pct(lat, .5), pct(lat, .95)
    print(f"\nUnder load: {result['sessions']} concurrent sessions (Playwright browser contexts in one headless Chromium), "
          f"{result['n']} slider presses each, app {result['commit']}; load average {result['load_before']:.1f} -> "
          f"{result['load_after']:.1f}, {result['wall_s']:.0f} s in all")
    line = (f"rerun latency p50 {p50:.0f} ms, p95 {p95:.0f} ms (goal p50 <= {GOAL_P50_MS} ms: "
            f"{'met' if p50 <= GOAL_P50_MS else 'MISSED'}); ")
    line += (f"server script time per run p50 {pct(script, .5):.0f} ms, p95 {pct(script, .95):.0f} ms over "
             f"{len(script)} runs" if script else "no server script log (this app has no SMARTPICK_RUN_LOG hook)")
    if baseline:
        b = baseline
        line += (f". Before ({b['commit']}): p50 {pct(b['latency'], .5):.0f} ms, p95 {pct(b['latency'], .95):.0f} ms"
                 + (f", script p50 {pct(b['script_ms'], .5):.0f} ms" if b.get("script_ms") else ""))
    print(line)
    print("first view under load, median per page, s: drawn (websocket's first message = the app's scripts "
          "loaded and connected; the first run's end)" + (" | before: drawn" if baseline else ""))
    for title, views in result["first_view"].items():
        before = (baseline or {}).get("first_view", {}).get(title)
        by_page = result["by_page"].get(title, [])
        parts = result["first_view_parts"].get(title, [])
        socket = [p["socket"] for p in parts if p["socket"] is not None]
        run_end = [p["run_end"] for p in parts if p["run_end"] is not None]
        print(f"  {title:<20}{statistics.median(views):>6.1f}  ({statistics.median(socket) if socket else float('nan'):.1f}; "
              f"{statistics.median(run_end) if run_end else float('nan'):.1f})   rerun p50 "
              f"{pct(by_page, .5) if by_page else float('nan'):>6.0f} ms"
              + (f"   | {statistics.median(before):.1f}" if before else ""))
    print(f"Key presses dropped (pressed again, not timed): {result['lost']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--n", type=int, default=10, help="slider presses per session")
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose app.py is measured")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--baseline", type=Path, help="a bench_baseline.json (its 'load' part) to print beside")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("load benchmark skipped: no /usr/bin/chromium (make browser installs it)")
        return
    root = Path(args.root).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "app.log"
        with serving(root / "app.py", root, log) as url:
            result = asyncio.run(load(url, args.sessions, args.n, log))
    result.update(sessions=args.sessions, n=args.n, commit=commit_of(root))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline and args.baseline.exists() else None
    report(result, baseline.get("load") if baseline else None)


if __name__ == "__main__":
    main()
