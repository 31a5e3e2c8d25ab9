"""`make bench` browser figures: every page's rerun latency against its own render floor and against a bare
Streamlit app, a new session's first page, and requests leaving the machine. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_browser.py [--n 15] [--pages Overview,Map] [--sessions 5] [--sidebar]
        [--before /tmp/bench_base] [--json out.json] [--baseline scripts/bench_baseline.json]

Method. `streamlit run` with no file watcher, headless Debian Chromium at 1280x720. On each page the sidebar's
Step 2 CK slider gets N keyboard steps after two warm-ups, always upwards so each press is a new value (no cache
hit from an earlier value); in-page hooks time key press -> the app's data-test-script-state going running ->
notRunning (the latency), note every websocket message (time, bytes) and two animation frames after the run.
Every server is up at once and a page's rows are measured in turns (one press on each tab per round), so a change
in the machine's load reaches every row alike and the ratios of one run hold on a noisy machine:
  - the bare floor: a two-widget app (a slider and a number field that print their values);
  - the page's render floor: scripts/bench_render_floor_app.py replays the page's frozen elements (the same
    figures, decks, tables, metrics and widgets, scripts/render_floor/) with no SmartPick computation;
  - the app's page, and with --before the same page of an earlier checkout (a `git worktree`), so before and
    after come from one run; --json keeps the figures, --baseline prints stored ones when --before is not given;
  - with --sidebar, the frame and sidebar alone (scripts/bench_sidebar_app.py), what any page costs first.
Split of a rerun (medians): the server's script time of the runs a press caused (the app logs each run when
SMARTPICK_RUN_LOG names a file; the floors log theirs the same way), the bytes received on the websocket, the
first to the last message of the run, and the browser's drawing (the run's last message to two animation frames
later). New sessions' first pages are timed in turns as well, on warm servers; the first session on each fresh
server is reported apart.
Goals per page (issue 21): p50 <= 1.5x its render floor and <= 3x the bare floor, p95 <= 4x the bare floor;
a new session's first page <= 2x the bare app's first page.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlparse

from browser_support import CHROMIUM, CHROMIUM_ARGS, PAGES, free_port, wait_for_app
from browser_support import start_server as browser_start_server

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
    return browser_start_server(port, {"SMARTPICK_RUN_LOG": str(run_log), "PYTHONPATH": str(cwd)}, script,
                                cwd=cwd, timeout_s=90)


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


def one_press(page, slider_selector: str, run_log: Path | None) -> dict | None:
    """One ArrowRight (a new, higher value every time) to the rerun's end, with the server's script time of the
    runs it caused; None when the slider dropped the key press (now and then a synthetic press is lost, on the
    bare app too): the caller presses again, the loss is counted in LOST_PRESSES and never timed."""
    global LOST_PRESSES
    slider = page.locator(slider_selector).first
    page.wait_for_timeout(400)      # a person's pace: the slider settles (and debounces) between presses
    logged_before = len(logged_runs(run_log)) if run_log else 0
    slider.focus()
    page.evaluate("window.__marks = []")
    page.keyboard.press("ArrowRight")
    try:
        page.wait_for_function(FINISHED, timeout=15000, polling=50)
        page.wait_for_timeout(100)      # late messages of the run
        press = split(page.evaluate("window.__marks"))
    except Exception:   # noqa: BLE001 - timeout, or marks of an unfinished run
        LOST_PRESSES += 1
        if LOST_PRESSES > 200:
            raise RuntimeError("the slider ignored most key presses; is the page drawn?") from None
        return None
    runs = logged_runs(run_log)[logged_before:] if run_log else []
    press["script"] = sum(runs) if runs else None
    return press


def measure_together(new_page, tabs: dict[str, tuple[str, str, Path | None]], n: int) -> dict[str, dict]:
    """N presses on each tab (name -> url, slider, run log), taken in turns - one press per tab per round - so a
    change in the machine's load reaches every row alike and the ratios of one run hold. Two warm-up rounds."""
    pages = {}
    for name, (url, _, _) in tabs.items():
        pages[name] = new_page()
        pages[name].goto(url)
        wait_for_app(pages[name], timeout=90000)
    presses: dict[str, list[dict]] = {name: [] for name in tabs}
    try:
        while any(len(done) < n + 2 for done in presses.values()):
            for name, (_, slider, log) in tabs.items():
                if len(presses[name]) < n + 2:
                    press = one_press(pages[name], slider, log)
                    if press is not None:
                        presses[name].append(press)
    finally:
        for page in pages.values():
            page.close()
    return {name: columns(done[2:]) for name, done in presses.items()}


def columns(presses: list[dict]) -> dict:
    return {key: [p[key] for p in presses if p.get(key) is not None] for key in ("latency", "kb", "stream", "draw", "script")}


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


def first_page_seconds(new_page, url: str, drawn: str) -> float:
    """Seconds from opening a new session (a fresh tab) to its first page drawn (`drawn` visible)."""
    page = new_page()
    start = time.perf_counter()
    page.goto(url)
    wait_for_app(page, timeout=90000)
    page.locator(drawn).first.wait_for(state="visible", timeout=90000)
    seconds = time.perf_counter() - start - 0.4   # wait_for_app's own two pauses
    page.close()
    return seconds


def outside(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in ("127.0.0.1", "localhost")


def summary(m: dict) -> dict:
    """p50/p95 and the split's medians of one measured row."""
    return {"p50": pct(m["latency"], .5), "p95": pct(m["latency"], .95), "kb": median(m["kb"]),
            "script": median(m["script"]), "stream": median(m["stream"]), "draw": median(m["draw"]), "n": len(m["latency"])}


def run(args) -> dict:
    """One run, every server up at once: the bare floor, the render floors, the app (and with --before the earlier
    checkout's app), optionally the frame + sidebar reference; each page's rows are measured in turns."""
    from playwright.sync_api import sync_playwright

    apps = {"app": Path(args.root).resolve()}
    if args.before:
        apps["before"] = Path(args.before).resolve()
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    result: dict = {"n": args.n, "load_before": os.getloadavg()[0], "commits": {k: commit_of(v) for k, v in apps.items()},
                    "bare": {}, "floors": {}, "pages": {k: {} for k in apps}, "first_page": {}}
    requests_out: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw, ExitStack() as stack:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def new_page():
            page = browser.new_page(viewport=VIEWPORT)
            page.add_init_script(OBSERVER)
            page.on("request", lambda request: requests_out.add(request.url) if outside(request.url) else None)
            return page

        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        logs = {name: Path(tmp) / f"{name}.log" for name in ("bare", "floor", "sidebar", *apps)}
        urls = {"bare": stack.enter_context(serving(bare, Path(tmp), logs["bare"])),
                "floor": stack.enter_context(serving(FLOOR_APP, ROOT, logs["floor"]))}
        if args.sidebar:
            urls["sidebar"] = stack.enter_context(serving(SIDEBAR_APP, apps["app"], logs["sidebar"]))
        fresh = {}
        for name, root in apps.items():    # each app's first session on its fresh server
            urls[name] = stack.enter_context(serving(root / "app.py", root, logs[name]))
            fresh[name] = [first_page_seconds(new_page, urls[name], "[data-testid='stMetric']")]
        result["first_page"].update({f"{name} fresh server": seconds for name, seconds in fresh.items()})
        turns = {"bare": (urls["bare"], "[data-testid='stMarkdown']"),
                 "render floor": (urls["floor"], "[data-testid='stMetric']"),
                 **{name: (urls[name], "[data-testid='stMetric']") for name in apps}}
        for _ in range(args.sessions):     # new sessions on warm servers, in turns
            for name, (url, drawn) in turns.items():
                result["first_page"].setdefault(name, []).append(first_page_seconds(new_page, url, drawn))
        bare_presses: list[dict] = []
        if args.sidebar:
            rows = measure_together(new_page, {"bare": (urls["bare"], FLOOR_SLIDER, logs["bare"]),
                                               "sidebar": (urls["sidebar"], APP_SLIDER, logs["sidebar"])}, args.n)
            result["sidebar"] = summary(rows["sidebar"])
            bare_presses.append(rows["bare"])
        for title in pages:
            tabs = {"bare": (urls["bare"], FLOOR_SLIDER, logs["bare"]),
                    "floor": (urls["floor"] + PAGES[title], APP_SLIDER, logs["floor"]),
                    **{name: (urls[name] + PAGES[title], APP_SLIDER, logs[name]) for name in apps}}
            rows = measure_together(new_page, tabs, args.n)
            result["floors"][title] = summary(rows["floor"])
            for name in apps:
                result["pages"][name][title] = summary(rows[name])
            result.setdefault("bare_by_page", {})[title] = summary(rows["bare"])
            bare_presses.append(rows["bare"])
        browser.close()
    pooled = {key: [v for rows in bare_presses for v in rows[key]] for key in ("latency", "kb", "stream", "draw", "script")}
    result["bare"] = summary(pooled)
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


def ratios(run: dict, name: str, title: str) -> dict | None:
    """A page's figures in one run with its ratios to its render floor and to the bare floor measured in turns."""
    m = run["pages"].get(name, {}).get(title)
    if not m:
        return None
    floor = run["floors"].get(title)
    bare = run.get("bare_by_page", {}).get(title, run["bare"])
    return {**m, "floor": floor["p50"] if floor else None, "x_floor": m["p50"] / floor["p50"] if floor else None,
            "x_bare": m["p50"] / bare["p50"], "p95_bare": m["p95"] / bare["p50"]}


def goals(r: dict) -> str:
    return (f"{verdict(r['x_floor'] is not None and r['x_floor'] <= GOAL_FLOOR_P50)}, {verdict(r['x_bare'] <= GOAL_BARE_P50)}, "
            f"{verdict(r['p95_bare'] <= GOAL_BARE_P95)}")


def report(result: dict, baseline: dict | None) -> None:
    """The issue's table: each page against its render floor and the bare floor, goals met or missed, and before
    (measured in the same run with --before, else read from --baseline)."""
    bare = result["bare"]
    before_run, before_name = (result, "before") if "before" in result["pages"] else (baseline, "before")
    if before_run is baseline and baseline and "before" not in baseline.get("pages", {}):
        before_name = "app"
    commits = result["commits"]
    before_commit = (before_run or {}).get("commits", {}).get(before_name, "?")
    print(f"\nBrowser reruns: key press -> rerun finished, Chromium 1280x720, N={result['n']} per row (each press a new "
          f"value), rows of a page measured in turns; app {commits['app']}, before {before_commit}"
          f"{' (same run)' if before_run is result else ' (stored run)' if before_run else ''}; load average "
          f"{result['load_before']:.1f} -> {result['load_after']:.1f}.")
    print(f"{'page':<20}{'p50':>6}{'p95':>6}{'floor':>7}{'x floor':>8}{'x bare':>7}{'p95/bare':>9}  "
          f"{'goals: <=1.5x floor, <=3x bare, p95 <=4x bare':<30}{'KB':>7}{'script':>7}{'stream':>7}{'draw':>6}"
          f"  | before: p50 / p95, x floor, x bare")
    print(f"{BARE_ROW:<20}{bare['p50']:>6.0f}{bare['p95']:>6.0f}{'':>7}{'':>8}{1.0:>7.2f}{bare['p95'] / bare['p50']:>9.2f}  "
          f"{'(the bare floor, all its turns)':<30}{fmt(bare['kb'], '.1f'):>7}{fmt(bare['script']):>7}"
          f"{fmt(bare['stream']):>7}{fmt(bare['draw']):>6}")
    if "sidebar" in result:
        sb = result["sidebar"]
        print(f"{SIDEBAR_ROW[:20]:<20}{sb['p50']:>6.0f}{sb['p95']:>6.0f}{'':>7}{'':>8}{sb['p50'] / bare['p50']:>7.2f}"
              f"{sb['p95'] / bare['p50']:>9.2f}  {'(reference, today)':<30}{fmt(sb['kb'], '.1f'):>7}{fmt(sb['script']):>7}"
              f"{fmt(sb['stream']):>7}{fmt(sb['draw']):>6}")
    for title in result["pages"]["app"]:
        r = ratios(result, "app", title)
        line = (f"{title:<20}{r['p50']:>6.0f}{r['p95']:>6.0f}{fmt(r['floor']):>7}{fmt(r['x_floor'], '.2f'):>8}"
                f"{r['x_bare']:>7.2f}{r['p95_bare']:>9.2f}  {goals(r):<30}{fmt(r['kb'], '.1f'):>7}{fmt(r['script']):>7}"
                f"{fmt(r['stream']):>7}{fmt(r['draw']):>6}")
        b = ratios(before_run, before_name, title) if before_run else None
        if b:
            line += f"  | {b['p50']:.0f} / {b['p95']:.0f}, {fmt(b['x_floor'], '.2f')}, {b['x_bare']:.2f}"
        print(line)
    print(f"{'render floors':<20}" + "; ".join(f"{t} {f['p50']:.0f}/{f['p95']:.0f} ms {fmt(f['kb'], '.0f')} KB"
                                             for t, f in result["floors"].items()))
    first = {k: statistics.median(v) for k, v in result["first_page"].items()}
    ratio = first["app"] / first["bare"]
    line = (f"New session's first page (Overview drawn, warm server), median of {len(result['first_page']['app'])} in "
            f"turns: {first['app']:.2f} s = {ratio:.2f}x the bare app's {first['bare']:.2f} s (goal <= "
            f"{GOAL_FIRST_PAGE:g}x: {verdict(ratio <= GOAL_FIRST_PAGE)}); its render floor {first['render floor']:.2f} s "
            f"({first['render floor'] / first['bare']:.2f}x bare); first session on a fresh server {first['app fresh server']:.2f} s")
    if before_run:
        bf = {k: statistics.median(v) for k, v in before_run["first_page"].items()}
        name = "before" if "before" in bf else "app"
        line += (f". Before: {bf[name]:.2f} s = {bf[name] / bf['bare']:.2f}x bare; fresh server "
                 f"{bf.get(name + ' fresh server', float('nan')):.2f} s")
    print(line)
    print("KB received per rerun; script = the server's script time of the runs a press caused; stream = first to last "
          "websocket message of the run; draw = last message to two animation frames after the run (medians, ms).")
    print(f"Key presses the slider dropped (pressed again, not timed): {result['lost_presses']}")
    out = result["requests_out"]
    print(f"Requests to hosts other than the app's own: {len(out)}" + (" - " + ", ".join(out[:5]) if out else " (target 0: met)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=15)
    parser.add_argument("--sessions", type=int, default=5, help="new sessions timed for the first page")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated navigation titles")
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose app.py is measured")
    parser.add_argument("--before", help="an earlier checkout (git worktree) whose app.py is measured in the same turns")
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
