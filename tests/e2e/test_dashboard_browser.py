"""Real browser: every page renders without an exception, the Step 2 CK slider updates map and charts, offline.

The per-page visit (a deep link to each page) is in test_hostile_browser.py, which checks it for exceptions and
outside requests and saves its screenshot: one visit per page covers both."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser_support import open_app, rerun, wait_for_app

pytestmark = pytest.mark.e2e


def open_page(page, server_url: str, path: str, query: str = "") -> None:
    open_app(page, f"{server_url}/{path}{query}")


def metric_value(page, label: str):
    card = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return card.locator("[data-testid='stMetricValue']")


def move_step2_slider(page, presses: int) -> None:
    thumb = page.locator(".st-key-profile-step2_ck input[type='range']")
    thumb.focus()
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
    wait_for_app(page)


def assert_offline(page) -> None:
    bad = [u for u in page.external_requests if re.search(r"cartocdn|mapbox", u)]
    assert not bad, bad


def test_step2_slider_updates_metrics_map_and_tier_chart(page, server_url):
    open_page(page, server_url, "tiers")
    page.get_by_test_id("stPlotlyChart").nth(2).wait_for(state="visible", timeout=20000)
    chart_before = page.get_by_test_id("stPlotlyChart").nth(1).inner_html()
    move_step2_slider(page, 30)
    # Key presses during a rerun may be coalesced, so the slider can stop short of 255; what must
    # hold is that the shared URL ends on the value the slider shows, and that it moved up.
    wait_for_app(page)
    shown = int(page.locator(".st-key-profile-step2_ck input[type='range']").input_value())
    assert shown > 225
    expect(page).to_have_url(re.compile(rf"step2_ck={shown}(&|$)"), timeout=20000)
    wait_for_app(page)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_test_id("stPlotlyChart").nth(1).inner_html() != chart_before

    rerun(page, page.get_by_test_id("stSidebarNavLink").filter(has_text="Overview").click)
    before = metric_value(page, "Interviews expected").inner_text()
    move_step2_slider(page, 15)
    expect(metric_value(page, "Interviews expected")).not_to_have_text(before, timeout=20000)

    rerun(page, page.get_by_test_id("stSidebarNavLink").filter(has_text="Map").click)
    deck = page.get_by_test_id("stDeckGlJsonChart")
    deck.wait_for(state="visible", timeout=20000)
    move_step2_slider(page, 10)
    assert page.get_by_test_id("stException").count() == 0
    assert deck.count() == 1 and deck.is_visible()
    assert_offline(page)


def test_shared_link_opens_the_same_scenario(page, server_url):
    open_page(page, server_url, "", "?step2_ck=246&visa=H-1B&step3=passed")
    thumb = page.locator(".st-key-profile-step2_ck input[type='range']")
    assert thumb.input_value() == "246"
    assert "step2_ck=246" in page.url
