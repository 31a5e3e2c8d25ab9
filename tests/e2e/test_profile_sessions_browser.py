"""Real browser: the advisor's profile is never changed behind their back.

A signed-in workspace (one advisor, maria) on SQLite and on PostgreSQL. Thirty sessions in one browser context,
each in a new tab while the earlier tabs stay open, alternate the two worked examples' share links. Each session
signs in (half of them afresh, half by the session cookie a reload would use), reads the whole sidebar profile, saves it as a new student on Students, then walks every page of the
navigation: after the save and after each page the sidebar (every selectbox, slider, typed number, multiselect,
checkbox and the home city) and the address bar's query are exactly what they were right after sign-in. At the
end every saved scenario in the database is the profile its session showed (and the link's profile).

On a failure a screenshot of the tab goes to test-results/screenshots/profile_sessions_<backend>_*.png.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from browser_support import (CHROMIUM, CHROMIUM_ARGS, EXAMPLES, OFFLINE_ARGS, ROOT, RUN_COUNTER_JS, SCREENSHOTS,
                             example_query, free_port, open_app, rerun, start_server)
from browser_workspace import workspace_database
from smartpick_core import PROFILE_FIELDS, Profile, Step1, Step3, Visa, national_default
from smartpick_core.store import open_store

pytestmark = pytest.mark.e2e
ADVISOR, PASSWORD = "maria", "correct-horse-battery-1"
SESSIONS = 30
EXAMPLE_NAMES = ("fm_spanish_la", "im_inland_empire")
NATIONAL = "national"          # a saved scenario's programs-elsewhere count, beside the profile fields
ENUM_LABELS = {"visa": Visa, "step1": Step1, "step3": Step3}   # selectboxes show an enum's label

# Every input of the sidebar, in one pass: kind, label, the widget key (from the st-key-<key> class of its
# element container) and the value the browser shows.
READ_SIDEBAR = """() => {
  const sidebar = document.querySelector("[data-testid='stSidebar']");
  if (!sidebar) return null;
  const more = sidebar.querySelector("[data-testid='stExpander'] details");
  const keyOf = el => {
    const box = el.closest("[data-testid='stElementContainer']");
    const cls = box ? [...box.classList].find(c => c.startsWith('st-key-')) : null;
    return cls ? cls.slice('st-key-'.length) : null;
  };
  const labelOf = el => {
    const label = el.querySelector("[data-testid='stWidgetLabel']");
    return label ? label.innerText.trim() : null;
  };
  const out = [];
  for (const el of sidebar.querySelectorAll("[data-testid='stSelectbox']")) {
    const box = el.querySelector("input[role='combobox']");
    out.push(['select', box.getAttribute('aria-label') || labelOf(el), keyOf(el), box.value]);
  }
  for (const el of sidebar.querySelectorAll("[data-testid='stSlider']")) {
    for (const thumb of el.querySelectorAll("input[type='range'], [role='slider']")) {
      const now = thumb.getAttribute('aria-valuenow');
      out.push(['slider', thumb.getAttribute('aria-label') || labelOf(el), keyOf(el),
                now !== null ? now : thumb.value]);
    }
  }
  for (const el of sidebar.querySelectorAll("[data-testid='stNumberInput']")) {
    const field = el.querySelector("input");
    out.push(['typed', field.getAttribute('aria-label') || labelOf(el), keyOf(el), field.value]);
  }
  for (const el of sidebar.querySelectorAll("[data-testid='stMultiSelect']")) {
    const tags = [...el.querySelectorAll("[data-testid='stMultiSelectTagsContainer'] [data-tag]")];
    out.push(['multiselect', labelOf(el), keyOf(el), tags.map(t => t.getAttribute('aria-label') || t.innerText)]);
  }
  for (const el of sidebar.querySelectorAll("[data-testid='stCheckbox']")) {
    const box = el.querySelector("input[type='checkbox']");
    out.push(['checkbox', box.getAttribute('aria-label') || labelOf(el), keyOf(el), box.checked]);
  }
  for (const el of sidebar.querySelectorAll("[data-testid='stTextInput']")) {
    const box = el.querySelector("input");
    out.push(['text', box.getAttribute('aria-label') || labelOf(el), keyOf(el), box.value]);
  }
  return {entries: out, search: location.search, closed: !!more && !more.open,
          exceptions: document.querySelectorAll("[data-testid='stException']").length};
}"""

NAV_TITLES = """() => [...document.querySelectorAll("[data-testid='stSidebarNavLink']")].map(a => {
  const title = a.querySelector("[data-testid='stMarkdownContainer']") || a.querySelector('span[label]');
  return (title ? title.innerText : a.innerText.split('\\n').pop()).trim();
})"""

def read_sidebar(page) -> dict:
    """The sidebar as the browser shows it, in one evaluation: {entries: [[kind, label, key, value], ...], search:
    the address bar's query, closed: whether the "More about you" expander is closed, exceptions: how many
    exceptions the page shows}. The expander is opened first when closed (it then stays open), so its widgets are
    drawn and read."""
    seen = page.evaluate(READ_SIDEBAR)
    assert seen and seen["entries"], "no sidebar drawn"
    if seen["closed"]:
        details = page.get_by_test_id("stSidebar").get_by_test_id("stExpander").locator("details").first
        details.locator("summary").click()
        expect(details).to_have_attribute("open", "")
        seen = page.evaluate(READ_SIDEBAR)
        assert seen and seen["entries"] and not seen["closed"], "the sidebar's expander did not open"
    return seen


def sidebar_profile(seen: dict) -> dict:
    """The whole profile as the sidebar shows it (read_sidebar), keyed '<kind>: <label>': the selectboxes' shown
    values, every slider thumb's value (aria-valuenow, or the value of the thumb's <input type=range>, which is how
    this Streamlit draws a thumb), the typed numbers of the Apply form, the multiselects' chosen tags, the checkboxes
    and the home text box."""
    profile = {}
    for kind, label, _key, value in seen["entries"]:
        name = f"{kind}: {label}"
        assert name not in profile, f"two sidebar widgets read as {name!r}"
        profile[name] = value
    return profile


def sidebar_fields(seen: dict) -> dict[str, str]:
    """'<kind>: <label>' -> the profile field the widget holds (its key: profile.<field>, typed.<field>,
    slider.national, smartpick.national); widgets that hold no profile field (presentation mode) are left out."""
    fields = {}
    for kind, label, key, _value in seen["entries"]:
        key = key or ""
        for prefix in ("profile-", "typed-"):
            if key.startswith(prefix) and key[len(prefix):] in PROFILE_FIELDS:
                fields[f"{kind}: {label}"] = key[len(prefix):]
        if key in ("slider-national", "smartpick-national"):
            fields[f"{kind}: {label}"] = NATIONAL
    return fields


DEFAULT_LIST_SLIDER = "<the default list's count>"   # the national slider's value while the store holds None


def shown_as_stored(kind: str, field: str, shown):
    """A widget's shown value in the stored profile's terms. With no count stored (the default list), the national
    slider shows the default list's count and the typed field is empty: the typed field carries the stored value."""
    if field == NATIONAL and kind == "typed" and shown in ("", None):
        return None
    if field == NATIONAL and kind == "slider" and _default_list_stored:
        return DEFAULT_LIST_SLIDER
    if kind == "select" and field in ENUM_LABELS:
        by_label = {member.label: member.value for member in ENUM_LABELS[field]}
        return by_label.get(shown, f"<unknown label {shown!r}>")
    if kind in ("slider", "typed"):
        return float(shown)
    if kind == "multiselect":
        return sorted(shown)
    if kind == "text" and field == "home":
        return shown or None
    return shown


def stored_as_shown(kind: str, field: str, stored):
    if field == NATIONAL and stored is None:
        return DEFAULT_LIST_SLIDER if kind == "slider" else None
    if kind in ("slider", "typed"):
        return float(stored)
    if kind == "multiselect":
        return sorted(stored or [])
    return stored


def query_of(search: str) -> dict[str, list[str]]:
    return parse_qs(search.lstrip("?"), keep_blank_values=True)


def switch_page(page, index: int) -> None:
    """Click the navigation's link number `index` and wait for the script run it starts to end (the run counter:
    the server's "script finished" message, then the app idle and drawn); no chart waits."""
    link = page.get_by_test_id("stSidebarNavLink").nth(index)
    rerun(page, link.click)
    expect(link).to_have_attribute("aria-current", "page")


_default_list_stored = national_default() is None


def example_profile(name: str) -> dict:
    """The stored form of a worked example: its profile fields plus the programs-elsewhere count (None: the
    default list)."""
    profile = Profile.from_dict(json.loads(EXAMPLES[name].read_text(encoding="utf-8"))).to_dict()
    return {**profile, NATIONAL: national_default()}


# --- the workspace on each backend ---------------------------------------------------------------------------------
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def workspace(request, tmp_path):
    """(app URL, database URL, backend) of a fresh signed-in workspace with one advisor account."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with workspace_database(request, request.param) as pg_url:
        database = pg_url or f"sqlite:///{data_dir / 'smartpick.db'}"
        env = {"SMARTPICK_DATA_DIR": str(data_dir), "SMARTPICK_DATABASE_URL": pg_url,
               "SMARTPICK_AUTH": "on", "SMARTPICK_USERS_FILE": ""}
        added = subprocess.run([sys.executable, "-m", "smartpick_core", "users", "add", ADVISOR, "--password-stdin"],
                               input=PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT,
                               env={**os.environ, **env}, timeout=120)
        assert added.returncode == 0, added.stderr
        port = free_port()
        proc = start_server(port, env)
        try:
            yield f"http://127.0.0.1:{port}", database, request.param
        finally:
            proc.terminate()
            proc.wait(timeout=10)


# --- the gate ---------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stateful_browser(playwright_driver):
    """Chromium without WebGL: this gate is about the profile's state, and software WebGL drawing the maps of Map and
    Compare regions cost ~13 of a session's ~25 CPU-seconds (the maps' own browser tests draw them). Offline by its
    launch arguments (no route: a route turns the HTTP cache off, and each new tab would fetch and compile the app's
    scripts afresh)."""
    chromium = playwright_driver.chromium.launch(
        executable_path=CHROMIUM,
        args=[a for a in CHROMIUM_ARGS if "swiftshader" not in a] + ["--disable-3d-apis"] + OFFLINE_ARGS)
    yield chromium
    chromium.close()


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_thirty_signed_in_sessions_never_change_the_profile(stateful_browser, workspace):
    browser = stateful_browser
    base, database, backend = workspace
    started = time.monotonic()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RUN_COUNTER_JS)
    shown: dict[str, tuple[str, dict, dict]] = {}   # student -> (example, sidebar profile, widget -> field)
    where = {"session": None, "page": "start", "tab": None}
    try:
        for i in range(SESSIONS):
            example = EXAMPLE_NAMES[i % 2]
            student = f"s{i:02d}"
            fresh = i % 4 < 2          # half the sessions sign in afresh; the rest resume from the session cookie
            if fresh:
                context.clear_cookies()
            page = context.new_page()
            where.update(session=i, page="sign-in", tab=page)
            open_app(page, base + "/" + example_query(example))
            if fresh:
                page.get_by_role("textbox", name="Advisor name").fill(ADVISOR)
                page.get_by_role("textbox", name="Password").fill(PASSWORD)
                rerun(page, page.get_by_role("button", name="Sign in").click)
            expect(page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {ADVISOR}")).to_be_visible()

            seen = read_sidebar(page)
            before, query = sidebar_profile(seen), query_of(seen["search"])
            fields = sidebar_fields(seen)
            assert set(fields.values()) == {*PROFILE_FIELDS, NATIONAL}, (
                f"session {i}: the sidebar does not show every profile field: "
                f"missing {sorted({*PROFILE_FIELDS, NATIONAL} - set(fields.values()))}")
            expected = example_profile(example)
            opened = {name: (before[name], expected[field]) for name, field in fields.items()
                      if shown_as_stored(name.split(": ")[0], field, before[name])
                      != stored_as_shown(name.split(": ")[0], field, expected[field])}
            assert not opened, f"session {i} ({example}): after sign-in the sidebar is not the link's profile: {opened}"
            shown[student] = (example, before, fields)
            titles = page.evaluate(NAV_TITLES)
            assert "Students" in titles and len(titles) >= 2, titles

            def check(step: str) -> None:
                """One evaluation: the whole sidebar, the address bar's query and the page's exceptions."""
                where["page"] = step
                seen = read_sidebar(page)
                assert seen["exceptions"] == 0, f"session {i} ({example}), {step}: the page shows an exception"
                now, now_query = sidebar_profile(seen), query_of(seen["search"])
                changed = {k: (before.get(k), now.get(k)) for k in before.keys() | now.keys()
                           if before.get(k) != now.get(k)}
                assert not changed, (f"session {i} ({example}), {step}: the sidebar changed "
                                     f"(widget: (after sign-in, now)): {changed}")
                assert now_query == query, (f"session {i} ({example}), {step}: the address bar's query changed "
                                            f"from {query} to {now_query}")

            where["page"] = "Students"
            switch_page(page, titles.index("Students"))
            check("Students")
            page.get_by_role("textbox", name="New student's name").fill(student)
            page.get_by_role("textbox", name="Scenario name").fill("base")
            where["page"] = "Students (save)"
            rerun(page, page.get_by_role("button", name="Save", exact=True).click)
            expect(page.get_by_test_id("stMain").get_by_text(f"Saved {student} — base")).to_be_visible()
            check("Students after Save")
            for index, title in enumerate(titles):
                where["page"] = title
                switch_page(page, index)
                check(title)
        where.update(session=None, page="database", tab=None)
        elapsed = time.monotonic() - started
    except BaseException:
        tab = where["tab"]
        if tab is not None and not tab.is_closed():
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            path = SCREENSHOTS / f"profile_sessions_{backend}_s{where['session']:02d}_{where['page'].replace(' ', '_')}.png"
            try:
                tab.screenshot(path=str(path))
                print(f"screenshot: {path} (session {where['session']}, page {where['page']})")
            except Exception as exc:   # noqa: BLE001 - the failure itself matters more than its picture
                print(f"no screenshot ({exc})")
        raise
    finally:
        for tab in context.pages:
            tab.close()
        context.close()

    store = open_store(database)
    try:
        records = store.all_scenarios(ADVISOR)
    finally:
        store.close()
    assert sorted(r.student_name for r in records) == sorted(shown), "one saved scenario per session"
    for record in records:
        example, before, fields = shown[record.student_name]
        assert record.name == "base"
        saved = record.profile
        assert set(saved) == {*PROFILE_FIELDS, NATIONAL}, f"{record.student_name}: stored fields {sorted(saved)}"
        differs = {name: (before[name], saved[field]) for name, field in fields.items()
                   if shown_as_stored(name.split(": ")[0], field, before[name])
                   != stored_as_shown(name.split(": ")[0], field, saved[field])}
        assert not differs, (f"{record.student_name} ({backend}): the saved profile is not what the session showed "
                             f"(widget: (shown, stored)): {differs}")
        assert saved == example_profile(example), f"{record.student_name}: saved {saved}"
    print(f"{backend}: {SESSIONS} sessions in {elapsed:.0f} s")
