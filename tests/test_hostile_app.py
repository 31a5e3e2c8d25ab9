"""AppTest over the hostile corpus: every share link on every page, hostile program names on every
page, and the loud data faults (missing program file, corrupt calibration, missing county outlines).

A page is clean when it runs without exception and no formatted text element (markdown, caption, notes,
errors, headings) could render a link, an image or markup that the clean page does not have: outside text
must arrive escaped (text.plain_markdown)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from hostile_checks import HOSTILE, ROOT, links, markdown_hazards, names, shown, unescaped
from smartpick_app.registry import PAGES as REGISTRY

pytestmark = pytest.mark.slow   # every share link of the hostile corpus on every page: minutes of AppTest runs (`make test`, not `make test-fast`)


FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
HOSTILE_NAMES_FILE = HOSTILE / "hostile_names_programs.csv"
PAGES = [p.script for p in REGISTRY if not p.workspace]
LINKS = links()
TEXT_KINDS = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")


@pytest.fixture(scope="module", autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def fixture_data(monkeypatch, request):
    """The fixture program table; caches stay warm across links (most hostile links fall back to the same
    profile) but are cleared around the tests that patch data files."""
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(FIXTURE))
    patched = "index" not in request.fixturenames
    if patched:
        st.cache_data.clear()
    yield
    if patched:
        st.cache_data.clear()


def texts(at: AppTest) -> list[str]:
    out = []
    for kind in TEXT_KINDS:
        out += [str(el.value) for el in getattr(at, kind)]
    return out


def new_hazards(at) -> list[tuple[str, list[str]]]:
    """Text elements in which a link, an image or markup could render (the product's own markup aside)."""
    found = []
    for body in texts(at):
        hazards = markdown_hazards(body)
        if hazards or "evil.example" in unescaped(body):
            found.append((body[:160], hazards))
    return found


def run_pages(params: dict[str, str], pages: list[str]) -> dict[str, AppTest]:
    """One session: open the link on the Overview, then switch to each page (the link's notes stay)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    seen = {}
    for page in pages:
        if page != "smartpick_app/pages/overview.py":
            at.switch_page(page).run()
        seen[page] = _Snapshot(at)
    return seen


class _Snapshot:
    """The element lists of one page run (AppTest's tree changes on the next run)."""

    def __init__(self, at: AppTest) -> None:
        self.exception = list(at.exception)
        for kind in TEXT_KINDS:
            setattr(self, kind, list(getattr(at, kind)))


def test_clean_pages_have_no_hazards_so_the_check_means_something():
    for page, at in run_pages({"home": "Riverside"}, PAGES).items():
        assert texts(at) and new_hazards(at) == [], page


@pytest.mark.parametrize("index", range(len(LINKS)), ids=[f"link{i:03d}" for i in range(len(LINKS))])
def test_every_hostile_link_on_every_page_renders_as_plain_text(index, request):
    request.node.user_properties.append(("hostile", "AppTest link (x5 pages)"))
    params = LINKS[index]
    for page, at in run_pages(params, PAGES).items():
        assert not at.exception, (page, [e.value for e in at.exception])
        assert new_hazards(at) == [], page


def test_link_notes_quote_a_shortened_value():
    at = run_pages({"home": "x" * 5000, "step2_ck": "9" * 5000}, ["smartpick_app/pages/overview.py"])["smartpick_app/pages/overview.py"]
    bodies = [w.value for w in at.warning] + [i.value for i in at.info]
    assert bodies and all(len(b) < 400 for b in bodies)


@pytest.mark.parametrize("page", PAGES)
def test_hostile_program_names_render_as_plain_text(page, monkeypatch, request):
    request.node.user_properties.append(("hostile", "AppTest names page"))
    monkeypatch.setenv("SMARTPICK_PROGRAM_FILES", str(HOSTILE_NAMES_FILE))
    at = run_pages({}, [page])[page]
    assert not at.exception, [e.value for e in at.exception]
    assert new_hazards(at) == []


def test_the_hostile_names_file_reaches_the_pages():
    assert len(names()) >= 10
    assert "HYPERLINK" in HOSTILE_NAMES_FILE.read_text()


# --- loud data faults ---------------------------------------------------------------------------------------
def _no_absolute_paths(at, *paths: Path) -> None:
    for body in texts(at):
        for path in (ROOT, *paths):
            assert str(path) not in shown(body), body


def test_a_missing_bundled_program_file_stops_the_app_with_one_clear_message(monkeypatch, tmp_path):
    from smartpick_core.programs import table

    monkeypatch.delenv("SMARTPICK_PROGRAM_FILES")
    monkeypatch.setattr(table, "PROGRAM_FILES", (table.DATA_DIR / "no_such_programs.csv", table.PROGRAM_FILES[1]))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and "data/no_such_programs.csv" in shown(at.error[0].value)
    assert "restore" in shown(at.error[0].value)
    assert not at.metric, "no numbers from a partial table"
    _no_absolute_paths(at)


def test_a_corrupt_calibration_file_stops_the_app_naming_the_file(monkeypatch, tmp_path):
    from smartpick_core.programs import table

    for name in table.CALIBRATION_FILES:
        (tmp_path / name).write_bytes((table.CALIBRATION_DIR / name).read_bytes())
    broken = table.CALIBRATION_FILES[0]
    (tmp_path / broken).write_bytes(b"\xff\xd8\xff\xe0 not a csv \x00\x01")
    monkeypatch.setattr(table, "CALIBRATION_DIR", tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and broken in shown(at.error[0].value) and "restore" in shown(at.error[0].value)
    _no_absolute_paths(at, tmp_path)


def test_missing_county_outlines_degrade_with_a_note_and_the_legend_follows(monkeypatch, tmp_path):
    from smartpick_app import cache

    monkeypatch.setattr(cache, "COUNTIES_FILE", tmp_path / "counties.json")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("smartpick_app/pages/map.py").run()
    assert not at.exception and not at.error
    assert any("static/counties.json" in shown(i.value) for i in at.info)
    legend = " ".join(shown(c.value) for c in at.caption)
    assert "not drawn" in legend and "Grey lines are county borders" not in legend
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert "counties" not in {layer["id"] for layer in deck["layers"]}


# --- bounded caches -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [*(str(p.relative_to(ROOT)) for p in sorted((ROOT / "smartpick_app").glob("*.py"))), "app.py", *PAGES])
def test_every_cache_is_bounded(path):
    tree = ast.parse((ROOT / path).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ("st.cache_data", "st.cache_resource"):
            keywords = {k.arg for k in node.keywords}
            assert keywords & {"max_entries", "ttl"}, f"{path}:{node.lineno} unbounded cache"
        if isinstance(node, ast.Attribute) and ast.unparse(node) in ("st.cache_data", "st.cache_resource"):
            cleared = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.value is node and n.attr == "clear"]
            if cleared:    # st.cache_data.clear(): emptying a cache, not declaring one
                continue
            parent_calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.func is node]
            assert parent_calls, f"{path}:{node.lineno} bare @{ast.unparse(node)} (no max_entries/ttl)"
