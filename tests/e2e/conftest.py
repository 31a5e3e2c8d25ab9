"""Real-browser fixtures: one streamlit server per module (bundled data), Debian chromium via Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, free_port, start_server


@pytest.fixture(scope="module")
def server_url():
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    # `make test` installs Debian chromium first; without it the browser tests must fail, not vanish.
    assert Path(CHROMIUM).exists(), f"Debian chromium not installed at {CHROMIUM} (run `make browser`)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that may only talk to localhost; every other request is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.external_requests = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            page.external_requests.append(url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()
