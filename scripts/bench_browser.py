"""`make bench` browser figures: every page's rerun latency against its own render floor and against a bare
Streamlit app, a new session's first page, and requests leaving the machine. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_browser.py [--n 15] [--pages Overview,Map] [--sessions 5]
        [--root /tmp/bench_base] [--json out.json] [--baseline scripts/bench_baseline.json]

Method. `streamlit run` with no file watcher, headless Debian Chromium at 1280x720. On each page the sidebar's
Step 2 CK slider gets N keyboard steps after two warm-ups, always upwards so each press is a new value (no cache
hit from an earlier value); in-page hooks time key press -> the app's data-test-script-state going running ->
notRunning (the latency), note every websocket message (time, bytes) and two animation frames after the run.
Three references are measured in the same run, so the ratios hold on a noisy machine:
  - the bare floor: a two-widget app (a slider and a number field that print their values);
  - each page's render floor: scripts/bench_render_floor_app.py replays the page's frozen elements (the same
    figures, decks, tables, metrics and widgets, scripts/render_floor/) with no SmartPick computation;
  - the frame and sidebar alone (scripts/bench_sidebar_app.py), what any page costs before its own content.
Split of a rerun (medians): the server's script time (the app logs each run when SMARTPICK_RUN_LOG names a file;
the floors log theirs the same way), the bytes received on the websocket, the time from the first to the last
message of the run, and the browser's drawing (the run's end to two animation frames later).
Goals per page (issue 21): p50 <= 1.5x its render floor and <= 3x the bare floor, p95 <= 4x the bare floor;
a new session's first page <= 2x the bare app's first page. --root serves another checkout's app.py (the
`before` figures come from a `git worktree` of the earlier commit); --json keeps the figures, --baseline prints
them beside today's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from browser_support import CHROMIUM, CHROMIUM_ARGS, PAGES, free_port, wait_for_app

ROOT = Path(__file__).resolve().parent.parent
FLOOR_APP = ROOT / "scripts" / "bench_render_floor_app.py"
SIDEBAR_APP = ROOT / "scripts" / "bench_sidebar_app.py"

VIEWPORT = {"width": 1280, "height": 720}
OBSERVER = """
window.__marks = [];
new MutationObserver(() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app) return;
  const state = app.getAttribute('data-test-script-state');
  const marks = window.__marks;     // a reset between the run's end and its frames drops them with the old list
  marks.push([state, performance.now(), 0]);
  if (state === 'notRunning')
    requestAnimationFrame(() => requestAnimationFrame(() => marks.push(['painted', performance.now(), 0])));
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
document.addEventListener('keyup', () => window.__marks.push(['input', performance.now(), 0]), true);
const NativeSocket = window.WebSocket;
window.WebSocket = class extends NativeSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', (event) => {
      const size = event.data instanceof ArrayBuffer ? event.data.byteLength : (event.data.length || 0);
      window.__marks.push(['message', performance.now(), size]);
    });
  }
};
"""
FINISHED = ("(() => { const m = window.__marks; const r = m.findIndex(x => x[0] === 'running');"
            " return r >= 0 && m.slice(r).some(x => x[0] === 'painted'); })()")
RUN_LOG_SNIPPET = '''
import os as _os, time as _time
def _log_run(started):
    if _os.environ.get("SMARTPICK_RUN_LOG"):
        with open(_os.environ["SMARTPICK_RUN_LOG"], "a", encoding="utf-8") as _fh:
            _fh.write(f"{_time.time():.3f} {(_time.perf_counter() - started) * 1000:.2f}\\n")
'''
BARE_APP = RUN_LOG_SNIPPET + '''
_started = _time.perf_counter()
import streamlit as st
value = st.slider("Step 2 CK", 200, 280, 218, key="bare")
typed = st.number_input("Months", 0.0, 60.0, 12.0)
st.write(f"Score {value}, months {typed}")
_log_run(_started)
'''
FLOOR_SLIDER = ".st-key-bare input[type='range']"
APP_SLIDER = ".st-key-profile-step2_ck input[type='range']"
GOAL_FLOOR_P50, GOAL_BARE_P50, GOAL_BARE_P95, GOAL_FIRST_PAGE = 1.5, 3.0, 4.0, 2.0
BARE_ROW, SIDEBAR_ROW = "bare two-widget app", "frame + sidebar, no page"
LOST_PRESSES = 0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def start_server(port: int, script: Path, cwd: Path, run_log: Path) -> subprocess.Popen:
    """`streamlit run` of `script` from `cwd` (its own checkout first on the path), no file watcher, logging runs."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    env = {**os.environ, "SMARTPICK_RUN_LOG": str(run_log), "PYTHONPATH": str(cwd)}
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"streamlit server for {script} did not become healthy within 90 s")


@contextmanager
def serving(script: Path, cwd: Path, run_log: Path):
    port = free_port()
    server = start_server(port, script, cwd, run_log)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def logged_runs(run_log: Path) -> list[float]:
    """Script times (ms) the server logged so far, one per run."""
    if not run_log.exists():
        return []
    return [float(line.split()[1]) for line in run_log.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(new_page, url: str, slider: str, n: int, run_log: Path) -> dict:
    """Latencies and their split for N key presses on a fresh tab at url."""
    page = new_page()
    page.goto(url)
    wait_for_app(page, timeout=90000)
    before = len(logged_runs(run_log))
    try:
        presses = key_presses(page, slider, n)
    finally:
        page.close()
    script_ms = logged_runs(run_log)[before:][-n:]
    return {"latency": [p["latency"] for p in presses], "kb": [p["kb"] for p in presses],
            "stream": [p["stream"] for p in presses], "draw": [p["draw"] for p in presses], "script": script_ms}


def key_presses(page, slider_selector: str, n: int) -> list[dict]:
    """Each ArrowRight (a new, higher value every time) to the rerun's end; two warm-ups dropped.

    Now and then the slider drops a synthetic key press (no value change, no rerun, on the bare app too);
    such a press is pressed again and counted in LOST_PRESSES, never timed.
    """
    global LOST_PRESSES
    slider = page.locator(slider_selector).first
    out: list[dict] = []
    while len(out) < n + 2:
        page.wait_for_timeout(400)      # a person's pace: the slider settles (and debounces) between presses
        slider.focus()
        page.evaluate("window.__marks = []")
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function(FINISHED, timeout=15000, polling=50)
        except Exception:
            LOST_PRESSES += 1
            if LOST_PRESSES > 3 * (n + 2):
                raise RuntimeError("the slider ignored most key presses; is the page drawn?") from None
            continue
        page.wait_for_timeout(100)      # late messages of the run
        try:
            out.append(split(page.evaluate("window.__marks")))
        except StopIteration:           # marks of an unfinished run: press again, never timed
            LOST_PRESSES += 1
    return out[2:]


def split(marks: list) -> dict:
    """One press: latency (input -> notRunning), KB received, first -> last message of the run, drawing after it."""
    t_input = next(t for s, t, _ in marks if s == "input")
    t_done = next(t for s, t, _ in marks if s == "notRunning" and t >= t_input)
    t_painted = next(t for s, t, _ in marks if s == "painted" and t >= t_done)
    messages = [(t, size) for s, t, size in marks if s == "message" and t >= t_input and t <= t_done + 50]
    first = messages[0][0] if messages else t_done
    last = max((t for t, _ in messages if t <= t_done), default=t_done)
    return {"latency": t_done - t_input, "kb": sum(size for _, size in messages) / 1024, "stream": last - first,
            "draw": t_painted - last}


def first_page_seconds(new_page, url: str, drawn: str, sessions: int) -> list[float]:
    """Seconds from opening a new session to its first page drawn (`drawn` visible), one fresh tab each."""
    out = []
    for _ in range(sessions):
        page = new_page()
        start = time.perf_counter()
        page.goto(url)
        wait_for_app(page, timeout=90000)
        page.locator(drawn).first.wait_for(state="visible", timeout=90000)
        out.append(time.perf_counter() - start - 0.4)   # wait_for_app's own two pauses
        page.close()
    return out


def outside(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in ("127.0.0.1", "localhost")


def summary(m: dict) -> dict:
    """p50/p95 and the split's medians of one measured row."""
    return {"p50": pct(m["latency"], .5), "p95": pct(m["latency"], .95), "kb": median(m["kb"]),
            "script": median(m["script"]), "stream": median(m["stream"]), "draw": median(m["draw"]), "n": len(m["latency"])}


def run(args) -> dict:
    """Every measurement of one run: bare floor, render floors, the sidebar reference, the app's pages, first pages."""
    from playwright.sync_api import sync_playwright

    app_root = Path(args.root).resolve()
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    result: dict = {"root": str(app_root), "commit": commit_of(app_root), "n": args.n, "load_before": os.getloadavg()[0],
                    "bare": {}, "floors": {}, "pages": {}, "first_page": {}}
    requests_out: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def new_page():
            page = browser.new_page(viewport=VIEWPORT)
            page.add_init_script(OBSERVER)
            page.on("request", lambda request: requests_out.add(request.url) if outside(request.url) else None)
            return page

        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        log = Path(tmp) / "bare.log"
        with serving(bare, Path(tmp), log) as url:
            result["bare"] = summary(measure(new_page, url, FLOOR_SLIDER, args.n, log))
            result["first_page"]["bare"] = first_page_seconds(new_page, url, "[data-testid='stMarkdown']", args.sessions)
        log = Path(tmp) / "floor.log"
        with serving(FLOOR_APP, ROOT, log) as url:
            for title in pages:
                result["floors"][title] = summary(measure(new_page, url + PAGES[title], APP_SLIDER, args.n, log))
            result["first_page"]["render floor"] = first_page_seconds(new_page, url, "[data-testid='stMetric']",
                                                                      args.sessions)
        if args.sidebar:
            log = Path(tmp) / "sidebar.log"
            with serving(SIDEBAR_APP, app_root, log) as url:
                result["sidebar"] = summary(measure(new_page, url, APP_SLIDER, args.n, log))
        log = Path(tmp) / "app.log"
        with serving(app_root / "app.py", app_root, log) as url:
            result["first_page"]["fresh server"] = first_page_seconds(new_page, url, "[data-testid='stMetric']", 1)
            result["first_page"]["app"] = first_page_seconds(new_page, url, "[data-testid='stMetric']", args.sessions)
            for title in pages:
                result["pages"][title] = summary(measure(new_page, url + PAGES[title], APP_SLIDER, args.n, log))
        browser.close()
    result["lost_presses"] = LOST_PRESSES
    result["requests_out"] = sorted(requests_out)
    result["load_after"] = os.getloadavg()[0]
    return result


def commit_of(root: Path) -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    return out.stdout.strip() or "?"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def fmt(value: float | None, spec: str = ".0f") -> str:
    return "–" if value is None else format(value, spec)


def report(result: dict, baseline: dict | None) -> None:
    """The issue's table: each page against its render floor and the bare floor, goals met or missed, and before."""
    bare = result["bare"]
    print(f"\nBrowser reruns: key press -> rerun finished, Chromium 1280x720, N={result['n']} per row (each press a new "
          f"value), no file watcher; app {result['commit']}; load average {result['load_before']:.1f} -> "
          f"{result['load_after']:.1f}. Ratios are within this run.")
    head = (f"{'page':<20}{'p50':>6}{'p95':>6}{'floor p50':>10}{'x floor':>8}{'x bare':>7}{'p95 x bare':>11}"
            f"  {'goals (<=1.5x floor, <=3x bare, p95 <=4x bare)':<48}{'KB':>6}{'script':>7}{'stream':>7}{'draw':>6}")
    if baseline:
        head += f"   before: p50 / p95, x bare ({baseline.get('commit', '?')})"
    print(head)
    print(f"{BARE_ROW:<20}{bare['p50']:>6.0f}{bare['p95']:>6.0f}{'':>10}{'':>8}{1.0:>7.2f}{1.0:>11.2f}  {'(the bare floor)':<48}"
          f"{fmt(bare['kb'], '.1f'):>6}{fmt(bare['script']):>7}{fmt(bare['stream']):>7}{fmt(bare['draw']):>6}")
    if "sidebar" in result:
        s = result["sidebar"]
        print(f"{SIDEBAR_ROW:<20}{s['p50']:>6.0f}{s['p95']:>6.0f}{'':>10}{'':>8}{s['p50'] / bare['p50']:>7.2f}"
              f"{s['p95'] / bare['p50']:>11.2f}  {'(reference)':<48}{fmt(s['kb'], '.1f'):>6}{fmt(s['script']):>7}"
              f"{fmt(s['stream']):>7}{fmt(s['draw']):>6}")
    for title, m in result["pages"].items():
        floor = result["floors"].get(title)
        x_floor = m["p50"] / floor["p50"] if floor else None
        x_bare, p95_bare = m["p50"] / bare["p50"], m["p95"] / bare["p50"]
        goals = (f"{verdict(x_floor is not None and x_floor <= GOAL_FLOOR_P50)}, {verdict(x_bare <= GOAL_BARE_P50)}, "
                 f"{verdict(p95_bare <= GOAL_BARE_P95)}")
        line = (f"{title:<20}{m['p50']:>6.0f}{m['p95']:>6.0f}{fmt(floor and floor['p50']):>10}{fmt(x_floor, '.2f'):>8}"
                f"{x_bare:>7.2f}{p95_bare:>11.2f}  {goals:<48}{fmt(m['kb'], '.1f'):>6}{fmt(m['script']):>7}"
                f"{fmt(m['stream']):>7}{fmt(m['draw']):>6}")
        before = (baseline or {}).get("pages", {}).get(title)
        if before:
            line += f"   {before['p50']:.0f} / {before['p95']:.0f}, {before['p50'] / baseline['bare']['p50']:.2f}x"
        print(line)
    print(f"{'render floor alone':<20}" + "  ".join(f"{t}: {f['p50']:.0f}/{f['p95']:.0f} ms, {fmt(f['kb'], '.1f')} KB, "
                                                 f"script {fmt(f['script'])} ms"
                                                 for t, f in result["floors"].items()))
    first = {k: statistics.median(v) for k, v in result["first_page"].items()}
    ratio = first["app"] / first["bare"]
    line = (f"New session's first page (Overview drawn), median of {len(result['first_page']['app'])}: {first['app']:.2f} s "
            f"= {ratio:.2f}x the bare app's {first['bare']:.2f} s (goal <= {GOAL_FIRST_PAGE:g}x: {verdict(ratio <= GOAL_FIRST_PAGE)}); "
            f"its render floor {first['render floor']:.2f} s; the first session on a fresh server {first['fresh server']:.2f} s")
    if baseline:
        b = {k: statistics.median(v) for k, v in baseline["first_page"].items()}
        line += (f". Before: {b['app']:.2f} s = {b['app'] / b['bare']:.2f}x bare, fresh server "
                 f"{b.get('fresh server', float('nan')):.2f} s")
    print(line)
    print("Columns: KB received per rerun, server script ms, stream = first to last websocket message of the run, "
          "draw = last message to two animation frames after the run (medians).")
    print(f"Key presses the slider dropped (pressed again, not timed): {result['lost_presses']}")
    out = result["requests_out"]
    print(f"Requests to hosts other than the app's own: {len(out)}" + (" - " + ", ".join(out[:5]) if out else " (target 0: met)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=15)
    parser.add_argument("--sessions", type=int, default=5, help="new sessions timed for the first page")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated navigation titles")
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose app.py is measured")
    parser.add_argument("--sidebar", action="store_true", help="also the frame + sidebar reference")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--baseline", type=Path, help="figures of an earlier run (--json) to print beside these")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("browser benchmark skipped: no /usr/bin/chromium (make browser installs it)")
        return
    result = run(args)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline and args.baseline.exists() else None
    report(result, baseline.get("browser", baseline) if baseline else None)


if __name__ == "__main__":
    main()
