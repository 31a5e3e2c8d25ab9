"""Real browser: moving the budget on "My list" re-plans the list and the cost; the printable plan prints
to at most two pages on Letter and A4 in headless Chromium, with its key text (pdftotext)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from browser_support import ROOT, open_app, wait_for_app
from smartpick_core import Profile, load_programs, plan
from smartpick_core.views.plan_report import printable_html

pytestmark = pytest.mark.e2e
EXAMPLE = ROOT / "examples" / "profile_im_inland_empire.json"


def _headline(page) -> str:
    return page.locator("h3").filter(has_text=re.compile(r"^With \d+ applications")).first.inner_text()


def _counts(page) -> str:
    return page.get_by_text(re.compile(r"Southern California programs \+ \d+ elsewhere")).first.inner_text()


def test_moving_the_budget_changes_the_list_and_the_cost(page, server_url):
    open_app(page, f"{server_url}/my_list")
    assert page.get_by_test_id("stException").count() == 0
    assert "With 77 applications" in _headline(page)      # My list starts from the Overview's default list
    page.locator(".st-key-mylist-mode").get_by_text("Budget (US dollars)").click()
    wait_for_app(page)
    before, counts_before = _headline(page), _counts(page)
    assert "$" in before and "the next $100 adds" in before
    thumb = page.locator(".st-key-mylist-budget input[type='range']").first
    thumb.focus()
    for _ in range(12):
        page.keyboard.press("ArrowLeft")     # $100 a step: $3,000 -> $1,800
    wait_for_app(page)
    after, counts_after = _headline(page), _counts(page)
    assert after != before
    assert counts_after != counts_before
    cost = lambda text: float(re.search(r"\(\$([\d,]+)\)", text).group(1).replace(",", ""))  # noqa: E731
    assert cost(after) < cost(before) <= 3000
    page.get_by_test_id("stPlotlyChart").first.wait_for(state="visible", timeout=20000)
    assert not page.external_requests


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_printable_plan_prints_to_at_most_two_pages(browser, tmp_path, paper):
    assert shutil.which("pdftotext") and shutil.which("pdfinfo"), "poppler-utils missing (run `make browser`)"
    profile = Profile.from_dict(json.loads(EXAMPLE.read_text()))
    # the longest list: every eligible SoCal program on it, with a preference and signals
    the_plan = plan(profile, load_programs(), applications=435, prefer_subregions=["Inland Empire"], cycle_year=2027)
    html = printable_html(the_plan)
    assert "<script" not in html.lower()
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content(html, wait_until="load")
    pdf = tmp_path / f"plan_{paper}.pdf"
    page.pdf(path=str(pdf), format=paper, print_background=True)
    context.close()
    assert not [u for u in requests if not u.startswith(("about:", "data:"))]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 1 <= pages <= 2, pages
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    squashed = " ".join(text.split())
    for key in ("Your SmartPick list", "With 435 applications", "Chance of no interview at all", "Your list by tier",
                "Programs elsewhere", "Signals", "Cost", "ERAS application fees", "Data caveats",
                "UC Riverside School of Medicine"):
        assert key in squashed, key
