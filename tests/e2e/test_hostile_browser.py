"""Real browser over hostile links and names: no request leaves localhost on any page, and no
link, image or frame appears that the product did not make; the hostile text is shown as text.

The per-page visit here is also the dashboard's "every page renders without an exception" check (a deep link to
each page with a home city and USCE months, screenshotted to test-results/screenshots/<page>.png)."""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

import pytest

from browser_support import ROOT, SCREENSHOTS, free_port, open_app, start_server, wait_for_visuals

from hostile_checks import links
from smartpick_app.registry import PAGES as REGISTRY

pytestmark = pytest.mark.e2e
PAGES = {p.file.removesuffix(".py"): p.url_path for p in REGISTRY if not p.workspace}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Links whose values are markup, URLs or shortcodes, across fields (a sample of tests/hostile/links.json).
SAMPLE = [i for i, link in enumerate(links()) if any(
    marker in "".join(f"{k}{v}" for k, v in link.items())
    for marker in ("](", "<img", "<script", "<http", "http://evil.example/bare", "www.", ":red[", ":material",
                   "$\\sum"))][:16]

FOREIGN_ELEMENTS_JS = """() => {
  const out = [];
  const add = (tag, url) => { if (url) out.push(tag + ' ' + url); };
  document.querySelectorAll('a[href]').forEach(e => add('a', e.href));
  document.querySelectorAll('img[src]').forEach(e => add('img', e.src));
  document.querySelectorAll('iframe[src], embed[src], object[data], source[src], video[src], audio[src]')
    .forEach(e => add(e.tagName.toLowerCase(), e.src || e.data));
  document.querySelectorAll('image').forEach(e => add('svg-image', e.getAttribute('href') || e.getAttribute('xlink:href')));
  document.querySelectorAll('link[href]').forEach(e => add('link', e.href));
  return out;
}"""


def foreign(urls: list[str]) -> list[str]:
    bad = []
    for entry in urls:
        url = entry.split(" ", 1)[-1]
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob") or (parsed.scheme in ("http", "https", "ws") and parsed.hostname in LOCAL_HOSTS):
            continue
        bad.append(entry)
    return bad


@pytest.fixture
def recorded(page):
    """The page, with every request URL it makes (the conftest route also aborts the non-local ones)."""
    page.all_requests = []
    page.on("request", lambda request: page.all_requests.append(request.url))
    return page


def visit(page, base: str, path: str, params: dict[str, str] | None = None) -> None:
    """Open a page by its link and wait for its first run, its charts and its map (deck.gl has fetched the
    county outlines and drawn): what would load from elsewhere has been asked for by then."""
    query = ("?" + urlencode(params)) if params else ""
    open_app(page, f"{base}/{path}{query}")
    wait_for_visuals(page)


def check_clean(page) -> None:
    outside = [u for u in page.all_requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in LOCAL_HOSTS]
    assert outside == [] and page.external_requests == [], outside or page.external_requests
    assert page.get_by_test_id("stException").count() == 0
    assert foreign(page.evaluate(FOREIGN_ELEMENTS_JS)) == []


# A home city and USCE months, so distances, the home marker and the USCE wording are drawn too.
PAGE_QUERY = {"home": "Riverside", "usce_months": "6", "socal_usce_months": "3"}


@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_and_no_request_leaves_localhost(recorded, server_url, name, request):
    request.node.user_properties.append(("hostile", "browser page (no outside request)"))
    visit(recorded, server_url, PAGES[name], PAGE_QUERY)
    check_clean(recorded)            # no exception, no outside request (no map tiles either), no foreign element
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    recorded.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    if name == "overview":           # the page icon is served locally
        icon = recorded.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
        assert icon and all(urlparse(u).hostname in LOCAL_HOSTS for u in icon), icon
    if name == "programs":           # and with the default profile (no query at all)
        visit(recorded, server_url, PAGES[name])
        check_clean(recorded)


@pytest.mark.parametrize("index", SAMPLE, ids=[f"link{i:03d}" for i in SAMPLE])
def test_hostile_link_shows_text_and_makes_no_link_image_or_request(recorded, server_url, index, request):
    request.node.user_properties.append(("hostile", "browser link"))
    params = links()[index]
    visit(recorded, server_url, "", params)
    check_clean(recorded)
    alerts = " ".join(recorded.get_by_test_id("stAlert").all_inner_texts()).replace("\u2060", "")
    assert alerts, "a hostile link value must be reported in a note"
    value = next(iter(params.values()))
    if value.isprintable():
        assert value[:20] in alerts, (value[:20], alerts[:300])   # shown as text, not swallowed as markup


@pytest.fixture(scope="module")
def names_server():
    port = free_port()
    proc = start_server(port, env={"SMARTPICK_PROGRAM_FILES": str(ROOT / "tests" / "hostile" / "hostile_names_programs.csv")})
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.parametrize("name", PAGES)
def test_hostile_program_names_make_no_link_image_or_request(recorded, names_server, name, request):
    request.node.user_properties.append(("hostile", "browser names page"))
    visit(recorded, names_server, PAGES[name])
    check_clean(recorded)
    if name == "programs":
        assert recorded.get_by_test_id("stDataFrame").count() == 1
