"""Real-browser fixtures: one streamlit server on the bundled data and one Debian chromium (via Playwright) for the
whole run; each test gets a new tab (so its own app session) of one shared context, or a context of its own where
it needs its own cookies or window."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_support import (CHROMIUM, CHROMIUM_ARGS, LOCAL_PREFIXES, OFFLINE_ARGS, RUN_COUNTER_JS, free_port,
                             start_server)


@pytest.fixture(scope="session")
def server_url():
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's driver for the whole run (one sync_playwright; browsers are launched from it)."""
    # `make test` installs Debian chromium first; without it the browser tests must fail, not vanish.
    assert Path(CHROMIUM).exists(), f"Debian chromium not installed at {CHROMIUM} (run `make browser`)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Chromium that cannot reach any host but this one (browser_support.OFFLINE_ARGS)."""
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + OFFLINE_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def shared_context(browser):
    """One context (1440x1000) for the tests that need no cookies of their own: its tabs share the HTTP cache, so
    each new app session loads the app's scripts from it (about 2 s less a visit than in a fresh context). It
    counts the app's finished runs (browser_support.RUN_COUNTER_JS), so a test waits for a run, not a fixed time."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_init_script(RUN_COUNTER_JS)
    yield context
    context.close()


@pytest.fixture
def page(shared_context):
    """A new tab (a new app session) in the shared context; every request to a host but this one is recorded in
    page.external_requests (and fails: the browser is offline)."""
    page = shared_context.new_page()
    page.external_requests = []
    page.on("request", lambda request: request.url.startswith(LOCAL_PREFIXES)
            or page.external_requests.append(request.url))
    yield page
    page.close()


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the run's browser tests: SMARTPICK_TEST_POSTGRES_URL's, else a throwaway cluster
    (the store tests' TempCluster); each workspace makes its own database on it (postgres_database)."""
    from store.store_pg_server import PostgresUnavailable, TempCluster, wait_ready

    server = os.environ.get("SMARTPICK_TEST_POSTGRES_URL")
    if server:
        wait_ready(server)
        yield server
        return
    cluster = TempCluster()
    try:
        try:
            server = cluster.start()
            wait_ready(server)
        except (PostgresUnavailable, OSError) as exc:
            pytest.fail(f"PostgreSQL could not be started: {exc} (make postgres installs Debian's postgresql)",
                        pytrace=False)
        yield server
    finally:
        cluster.stop()

