"""Real browser, sign-in on, SQLite and PostgreSQL: the next advisor on a tab starts clean, a reload keeps the
advisor signed in (a signed, expiring session cookie), and sign-out or a password reset ends that session."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import (ROOT, RUN_COUNTER_JS, example_query, free_port, go_to, open_app, rerun, start_server,
                             wait_for_run)
from browser_workspace import workspace_database

pytestmark = pytest.mark.e2e
# alice and bob share a tab; carol's password is reset (so no other test depends on hers).
ACCOUNTS = {"alice": "alice-correct-horse-1", "bob": "bob-battery-staple-2", "carol": "carol-paper-clip-4"}


def users_add(env: dict, name: str, password: str) -> None:
    done = subprocess.run([sys.executable, "-m", "smartpick_core", "users", "add", name, "--password-stdin"],
                          input=password + "\n", text=True, capture_output=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def office(request, tmp_path_factory):
    """(app URL, server environment) of a signed-in workspace with three advisors, one per backend for the module:
    each test signs in in its own browser context."""
    data_dir = tmp_path_factory.mktemp("data")
    with workspace_database(request, request.param) as pg_url:
        env = {"SMARTPICK_DATA_DIR": str(data_dir), "SMARTPICK_DATABASE_URL": pg_url, "SMARTPICK_AUTH": "",
               "SMARTPICK_USERS_FILE": ""}
        for name, password in ACCOUNTS.items():
            users_add(env, name, password)
        port = free_port()
        proc = start_server(port, env)
        try:
            yield f"http://127.0.0.1:{port}", env
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def new_tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(RUN_COUNTER_JS)
    return context, context.new_page()


def reload(page) -> None:
    page.reload()
    wait_for_run(page, 0)


def sign_in(page, name: str, password: str | None = None) -> None:
    page.get_by_role("textbox", name="Advisor name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password or ACCOUNTS[name])
    rerun(page, page.get_by_role("button", name="Sign in").click)


def on_sign_in_page(page) -> bool:
    return page.get_by_role("button", name="Sign in").count() == 1


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def step2_shown(page) -> str:
    """The Step 2 CK slider's value as the sidebar shows it."""
    return page.evaluate("""() => {
      for (const el of document.querySelectorAll("[data-testid='stSidebar'] [data-testid='stSlider']")) {
        const label = el.querySelector("[data-testid='stWidgetLabel']");
        if (label && label.innerText.trim().startsWith("Step 2 CK score")) {
          const thumb = el.querySelector("input[type='range'], [role='slider']");
          return thumb.getAttribute("aria-valuenow") ?? thumb.value;
        }
      }
      return "";
    }""")


def test_the_next_advisor_on_a_tab_starts_clean(browser, office):
    base, _env = office
    context, page = new_tab(browser)
    open_app(page, base + "/" + example_query("im_inland_empire"))
    sign_in(page, "alice")
    assert step2_shown(page) == "218" and query(page).get("home") == ["Riverside"]
    go_to(page, "Compare scenarios")
    rerun(page, page.get_by_role("button", name="Pin as scenario A").click)
    assert query(page).get("a") == ["pinned"]
    rerun(page, page.get_by_role("button", name="Sign out").click)
    assert on_sign_in_page(page)
    assert query(page) == {}                       # her student's link (home city included) is gone
    sign_in(page, "bob")
    assert not on_sign_in_page(page)
    assert step2_shown(page) == "225"              # the default profile, not alice's student
    assert "home" not in query(page) and "a" not in query(page)
    go_to(page, "Compare scenarios")
    assert page.get_by_role("button", name="Clear scenario A").count() == 0
    context.close()


def test_a_reload_keeps_the_advisor_signed_in_until_sign_out_or_a_password_reset(browser, office):
    base, env = office
    context, page = new_tab(browser)
    open_app(page, base + "/")
    sign_in(page, "carol")
    assert not on_sign_in_page(page)
    reload(page)
    assert not on_sign_in_page(page), "a reload signed the advisor out"
    cookie = next(c for c in context.cookies() if c["name"] == "smartpick_session")
    assert ACCOUNTS["carol"] not in cookie["value"] and cookie["sameSite"] == "Strict"
    rerun(page, page.get_by_role("button", name="Sign out").click)
    reload(page)
    assert on_sign_in_page(page), "sign-out must end the session"

    sign_in(page, "carol")                         # a password reset ends the open session too
    users_add(env, "carol", "carol-new-password-3")
    reload(page)
    assert on_sign_in_page(page), "a password reset must end the session"
    sign_in(page, "carol", "carol-new-password-3")
    assert not on_sign_in_page(page)
    context.close()
