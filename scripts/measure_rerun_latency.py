"""Measure dashboard rerun latency in a real browser and the core score() time. Prints figures; asserts nothing.

    .venv/bin/python scripts/measure_rerun_latency.py [--n 15] [--page tiers]

Browser: a Step 2 CK keyboard step (after the slider's 200 ms debounce) -> the app root's
data-test-script-state goes running -> notRunning, timed in the page with a MutationObserver.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]

from e2e_support import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, wait_for_app  # noqa: E402

OBSERVER = """
window.__marks = [];
new MutationObserver(() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (app) window.__marks.push([app.getAttribute('data-test-script-state'), performance.now()]);
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
document.addEventListener('keyup', () => window.__marks.push(['input', performance.now()]), true);
"""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def core_score_times(n: int) -> list[float]:
    from smartpick_core import Profile, load_programs, score

    programs = load_programs()
    profile = Profile()
    score(profile, programs)  # warm-up
    out = []
    for i in range(n):
        start = time.perf_counter()
        score(profile.with_changes(step2_ck=220 + i), programs, n_national=80)
        out.append((time.perf_counter() - start) * 1000)
    return out


def browser_times(n: int, page_path: str) -> tuple[list[float], list[float]]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_server(port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.add_init_script(OBSERVER)
            page.goto(f"http://127.0.0.1:{port}/{page_path}")
            wait_for_app(page)
            thumb = page.locator(".st-key-profile-step2_ck input[type='range']")
            total, script = [], []
            for i in range(n + 2):  # two warm-ups
                thumb.focus()
                page.evaluate("window.__marks = []")
                page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
                page.wait_for_function(
                    "(() => { const m = window.__marks; const r = m.findIndex(x => x[0] === 'running');"
                    " return r >= 0 && m.slice(r).some(x => x[0] === 'notRunning'); })()", timeout=30000)
                marks = page.evaluate("window.__marks")
                t_input = next(t for s, t in marks if s == "input")
                t_run = next(t for s, t in marks if s == "running")
                t_done = next(t for s, t in marks if s == "notRunning" and t >= t_run)
                if i >= 2:
                    total.append(t_done - t_input)
                    script.append(t_done - t_run)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return total, script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=15)
    parser.add_argument("--page", default="", help="url path of the page to measure ('' = Overview, map, tiers, ...)")
    args = parser.parse_args()
    core = core_score_times(args.n)
    print(f"core score() on bundled data, N={args.n}: p50 {pct(core, .5):.1f} ms, p95 {pct(core, .95):.1f} ms")
    if not Path(CHROMIUM).exists():
        print("browser: skipped (no /usr/bin/chromium)")
        return
    total, script = browser_times(args.n, args.page)
    name = args.page or "overview"
    print(f"browser {name}: key press -> script finished, N={args.n}: p50 {pct(total, .5):.0f} ms, "
          f"p95 {pct(total, .95):.0f} ms")
    print(f"browser {name}: running -> notRunning, N={args.n}: p50 {pct(script, .5):.0f} ms, "
          f"p95 {pct(script, .95):.0f} ms; mean {statistics.mean(script):.0f} ms")


if __name__ == "__main__":
    main()
