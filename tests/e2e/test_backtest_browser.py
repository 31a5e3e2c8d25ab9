"""Real browser: an advisor uploads a season's outcomes (applications and student-seasons CSV) on the Back-test page,
reviews the import, applies it, and sees the calibration chart with the back-test in words.

The server runs on its own temporary database and the synthetic program fixture; the outcomes are 24 invented
students with 3 applications each to programs outside SoCal (no real program is named)."""

from __future__ import annotations

import pytest

from browser_support import RUN_COUNTER_JS, ROOT, free_port, open_app, rerun, start_server

pytestmark = pytest.mark.e2e
KINDS = ("community", "university", "county")


def _files(folder) -> tuple[str, str]:
    apps = ["student,season,specialty,program_id,program_name,city,state,kind,sub_region,invited,invited_on,"
            "interviewed,ranked,predicted_chance,model_version"]
    seasons = ["student,season,result,matched_program,profile_json,model_version,predicted_match,"
               "predicted_interviews,consent"]
    for n in range(24):
        for i, kind in enumerate(KINDS):
            invited = "yes" if (n + i) % 4 == 0 else "no"
            apps.append(f"Student {n},2026,Internal Medicine,,Example {kind} hospital {i},Tulsa,OK,{kind},,{invited},"
                        f",,,{0.1 + 0.1 * i:.2f},2026.12.2")
        seasons.append(f"Student {n},2026,unmatched,,,2026.12.2,0.3,0.6,yes")
    a, s = folder / "applications.csv", folder / "seasons.csv"
    a.write_text("\n".join(apps) + "\n", encoding="utf-8")
    s.write_text("\n".join(seasons) + "\n", encoding="utf-8")
    return str(a), str(s)


def _shown(page) -> str:
    """The page's text as a reader sees it (without the invisible word joiners plain_markdown adds)."""
    return page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")


@pytest.fixture(scope="module")
def backtest_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backtest_e2e")
    port = free_port()
    proc = start_server(port, {"SMARTPICK_DATA_DIR": str(folder / "db"),
                               "SMARTPICK_PROGRAM_FILES": str(ROOT / "tests" / "fixtures" / "programs_fixture.csv"),
                               "SMARTPICK_DATABASE_URL": "", "SMARTPICK_AUTH": ""})
    yield f"http://127.0.0.1:{port}", folder
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def bpage(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_init_script(RUN_COUNTER_JS)
    page = context.new_page()
    yield page
    context.close()


def test_an_imported_csv_gives_the_calibration_chart(backtest_server, bpage):
    base, folder = backtest_server
    applications, seasons = _files(folder)
    open_app(bpage, f"{base}/backtest")
    assert bpage.get_by_test_id("stException").count() == 0
    assert bpage.get_by_text("No outcomes recorded yet").count() == 1
    uploads = bpage.locator("[data-testid='stFileUploader'] input[type='file']")
    rerun(bpage, lambda: uploads.nth(0).set_input_files(applications))
    rerun(bpage, lambda: uploads.nth(1).set_input_files(seasons))
    rerun(bpage, lambda: bpage.get_by_role("button", name="Review the import").click())
    assert "applications: 72 new, 0 changed" in _shown(bpage)
    rerun(bpage, lambda: bpage.get_by_role("button", name="Apply the import").click(), timeout=60000)
    chart = bpage.locator("[data-testid='stPlotlyChart']")
    chart.first.wait_for(state="visible", timeout=30000)
    assert chart.count() == 1
    assert (bpage.locator(".js-plotly-plot .gtitle").first.text_content() or "").startswith("National model")
    assert "n = 72 applications from 24 students" in _shown(bpage)
    assert bpage.get_by_test_id("stException").count() == 0
