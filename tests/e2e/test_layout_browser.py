"""Real browser: every page fits a 1280x720 and a 1920x1080 window, with presentation mode off and on.

Nothing overflows: the page does not scroll sideways, no table scrolls sideways (a dataframe's scroller and
st.table), every chart title, axis title and legend sits inside its chart, and no metric is cut short with
an ellipsis. Presentation mode enlarges numbers, labels, tables and chart text together (metric values stay
larger than their labels). Every page names the same best program for both worked examples.

One server and one browser page per window size, reused across pages (sidebar navigation keeps the session); each
switch waits for its run to end (browser_support.go_to), not for a fixed time.
"""

from __future__ import annotations

import re

import pytest

from browser_support import PAGES, RUN_COUNTER_JS, SCREENSHOTS, example_query, go_to, open_app, set_presentation

pytestmark = pytest.mark.e2e
SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}

OVERFLOW_JS = """() => {
  const problems = [];
  const wide = (el) => el && el.scrollWidth > el.clientWidth + 1;
  const name = (el) => (el.dataset && el.dataset.testid) || el.tagName;
  for (const el of [document.documentElement, document.body,
                    document.querySelector("[data-testid='stMain']"),
                    document.querySelector("[data-testid='stAppViewContainer']")]) {
    if (wide(el)) problems.push(`page scrolls sideways (${name(el)} ${el.scrollWidth} > ${el.clientWidth})`);
  }
  document.querySelectorAll("[data-testid='stDataFrame']").forEach((frame, i) => {
    const scroller = frame.querySelector('.dvn-scroller');
    if (wide(scroller)) problems.push(`table ${i} scrolls sideways (${scroller.scrollWidth} > ${scroller.clientWidth})`);
    const box = frame.getBoundingClientRect(), main = document.querySelector("[data-testid='stMain']").getBoundingClientRect();
    if (box.right > main.right + 1) problems.push(`table ${i} runs past the page`);
  });
  document.querySelectorAll("[data-testid='stTable']").forEach((table, i) => {
    for (const el of [table, ...table.querySelectorAll('*')]) {
      const style = getComputedStyle(el);
      if (['auto', 'scroll'].includes(style.overflowX) && wide(el)) {
        problems.push(`static table ${i} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`); break;
      }
    }
  });
  document.querySelectorAll("[data-testid='stMain'] label").forEach((label) => {   // "Recommen…": a cut widget label
    for (const el of [label, ...label.querySelectorAll('*')]) {
      if (el.clientWidth > 4 && wide(el)) { problems.push(`label cut: "${label.innerText.slice(0, 40)}"`); break; }
    }
  });
  document.querySelectorAll("[data-testid='stPlotlyChart']").forEach((chart, i) => {
    const svg = chart.querySelector('.main-svg');
    if (!svg) { problems.push(`chart ${i} not drawn`); return; }
    const frame = svg.getBoundingClientRect();
    chart.querySelectorAll('.gtitle, .xtitle, .ytitle, .legend').forEach((part) => {
      const r = part.getBoundingClientRect();
      if (r.width === 0) return;
      if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1) {
        problems.push(`chart ${i}: ${part.getAttribute('class')} cut ("${part.textContent.slice(0, 50)}")`);
      }
    });
  });
  document.querySelectorAll("[data-testid='stMetric']").forEach((metric) => {
    const value = metric.querySelector("[data-testid='stMetricValue']");
    const label = metric.querySelector("[data-testid='stMetricLabel']");
    for (const el of [value, label, ...value.querySelectorAll('*'), ...label.querySelectorAll('*')]) {
      if (wide(el)) { problems.push(`metric cut: "${metric.innerText.replace(/\\s+/g, ' ').slice(0, 40)}"`); break; }
    }
    const size = (el) => parseFloat(getComputedStyle(el.querySelector('p, div') || el).fontSize);
    if (size(value) <= size(label)) problems.push(`metric value not larger than its label: "${label.innerText}"`);
  });
  return problems;
}"""

SIZES_JS = """() => {
  const px = (sel) => { const el = document.querySelector(sel); return el ? parseFloat(getComputedStyle(el).fontSize) : 0; };
  const tick = document.querySelector("[data-testid='stPlotlyChart'] .xtick text");
  return {metric_value: px("[data-testid='stMetricValue'] div") || px("[data-testid='stMetricValue']"),
          metric_label: px("[data-testid='stMetricLabel'] p"),
          text: px("[data-testid='stMain'] [data-testid='stMarkdownContainer'] p"),
          table: px("[data-testid='stTable'] td"),
          chart: tick ? parseFloat(tick.style.fontSize || getComputedStyle(tick).fontSize) : 0};
}"""


@pytest.fixture(scope="module")
def windows(browser, server_url):
    """One page per window size, opened on the Internal Medicine worked example; closed at the end."""
    pages = {}
    for label, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_init_script(RUN_COUNTER_JS)
        page = context.new_page()
        open_app(page, f"{server_url}/{example_query('im_inland_empire')}")
        pages[label] = page
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
@pytest.mark.parametrize("size", SIZES)
def test_every_page_fits_the_window_without_overflow(windows, size, present):
    page = windows[size]
    set_presentation(page, present)
    problems = {}
    for title in PAGES:
        go_to(page, title)
        assert page.get_by_test_id("stException").count() == 0, title
        found = page.evaluate(OVERFLOW_JS)
        if found:
            problems[title] = found
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"overflow_{size}_{'present' if present else 'normal'}_"
                                                 f"{title.lower().replace(' ', '_')}.png"), full_page=True)
    assert not problems, problems


def test_presentation_mode_enlarges_numbers_labels_tables_and_chart_text_together(windows):
    page = windows["1280x720"]
    sizes = {}
    for present in (False, True):
        set_presentation(page, present)
        go_to(page, "Overview")
        sizes[present] = page.evaluate(SIZES_JS)
    normal, big = sizes[False], sizes[True]
    for key in ("metric_value", "metric_label", "text", "chart"):
        assert big[key] > normal[key], (key, normal, big)
    assert big["metric_value"] > big["metric_label"]
    assert big["table"] >= 18, big          # the what-if table in enlarged text (a dataframe's canvas draws 14 px)
    set_presentation(page, False)


TITLES_JS = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart'] .gtitle")].map((title) => {
  const lines = [...title.querySelectorAll('tspan.line')];
  return (lines.length ? lines.map((line) => line.textContent).join(' ') : title.textContent).replace(/\\s+/g, ' ');
})"""


def _names(text: str) -> str:
    """Visible text compared as words: word joiners (text.plain_markdown's escaping) dropped, spaces squeezed."""
    return re.sub(r"\s+", " ", text.replace("\u2060", "")).strip()


@pytest.mark.parametrize("example", ["im_inland_empire", "fm_spanish_la"])
def test_every_page_names_the_same_best_program(page, server_url, example):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, f"{server_url}/{example_query(example)}")
    sentence = _names(page.locator("[data-testid='stMain'] strong").filter(has_text="Most realistic for you")
                      .first.inner_text())
    best = re.match(r"Most realistic for you: (.+) \([^()]*\) — ", sentence).group(1)
    first_bullet = _names(page.locator("[data-testid='stMain'] li strong").first.inner_text())
    assert first_bullet == best

    go_to(page, "Tiers")
    titles = page.evaluate(TITLES_JS)
    assert any(_names(t).startswith(f"Most realistic: {best} (") for t in titles), (best, titles)

    for title in ("Map", "Programs"):
        go_to(page, title)
        first_row = page.get_by_test_id("stDataFrame").first.locator("tr").nth(1).locator("td").first.inner_text()
        assert _names(first_row) == best, (title, first_row, best)
