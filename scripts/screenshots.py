#!/usr/bin/env python3
"""Refresh the README screenshots: every page for both worked examples in ../shared/DOMAIN.md, full page.

    .venv/bin/python scripts/screenshots.py                      # docs/screenshots/<example>_<page>.png, 1280x720
    .venv/bin/python scripts/screenshots.py --present --out test-results/screenshots/present

Starts its own `streamlit run` (bundled data, no file watcher) and drives Debian chromium with Playwright,
using the helpers of the browser tests (scripts/browser_support.py). Every request that does not go to this
machine is aborted, so the pictures show the offline map. `make screenshots` runs the first form.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from browser_support import (ALL_PAGES, CHROMIUM, CHROMIUM_ARGS, EXAMPLES, README_SCREENSHOTS, example_query,
                         free_port, full_page_screenshot, go_to, set_presentation, start_server, wait_for_app)

ROOT = Path(__file__).resolve().parents[1]

LOCAL = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:")


def slug(title: str) -> str:
    return title.lower().replace(" ", "_")


def capture(out: Path, width: int, height: int, present: bool, examples: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    workspace = tempfile.mkdtemp(prefix="smartpick-screenshots-")   # an empty workspace, never the user's
    server = start_server(port, env={"SMARTPICK_DATA_DIR": workspace})
    written = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name in examples:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL)
                           else route.abort())
                page.goto(f"http://127.0.0.1:{port}/{example_query(name)}")
                wait_for_app(page)
                set_presentation(page, present)
                for title in ALL_PAGES:
                    go_to(page, title)
                    path = out / f"{name}_{slug(title)}.png"
                    full_page_screenshot(page, path)
                    written.append(path)
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path, flush=True)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=README_SCREENSHOTS, help="folder for the PNGs")
    parser.add_argument("--size", default="1280x720", help="viewport WIDTHxHEIGHT (pages are captured in full)")
    parser.add_argument("--present", action="store_true", help="presentation mode on")
    parser.add_argument("--example", action="append", choices=sorted(EXAMPLES), help="only this example (repeatable)")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    capture(args.out.resolve(), width, height, args.present, args.example or list(EXAMPLES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
