"""Real browser: an advisor records J-1 "yes" for a program whose J-1 is unknown, on the Data page, and its
tier and reasons change on every page (Overview, Map, Tiers, Programs, My list).

The server runs on its own temporary database (SMARTPICK_DATA_DIR) and on the synthetic fixture plus one Kaiser-type
program with J-1 unknown: an unknown visa route there is unlikely (Kaiser base rate), which caps the program at
Reach; a recorded "yes" opens the route, so with Step 2 CK 250 it becomes Realistic.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from browser_support import RUN_COUNTER_JS, ROOT, free_port, open_app, rerun, start_server

pytestmark = pytest.mark.e2e
PROGRAM_ID = "im-test-oc-kaiser-open"
PROGRAM = "Test Kaiser Orange County IM"
QUERY = "?step2_ck=250"
CAPPED = "Visa route unlikely here"


@pytest.fixture(scope="module")
def workspace_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workspace_e2e")
    fixture = pd.read_csv(ROOT / "tests" / "fixtures" / "programs_fixture.csv", dtype=str, keep_default_na=False)
    kaiser = fixture[fixture["program_id"] == "im-test-la-kaiser"].iloc[0].copy()
    kaiser.update({"program_id": PROGRAM_ID, "name": PROGRAM, "sponsors_j1": "", "sponsors_h1b": "",
                   "visa_basis": "", "county": "Orange", "subregion": "Orange County", "city": "Anaheim",
                   "lat": "33.84", "lon": "-117.91"})
    programs = folder / "programs.csv"
    pd.concat([fixture, kaiser.to_frame().T]).to_csv(programs, index=False)
    port = free_port()
    proc = start_server(port, {"SMARTPICK_DATA_DIR": str(folder / "db"), "SMARTPICK_PROGRAM_FILES": str(programs),
                               "SMARTPICK_DATABASE_URL": "", "SMARTPICK_AUTH": ""})
    yield f"http://127.0.0.1:{port}", folder / "db" / "smartpick.db"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def wpage(browser):
    """A page whose data-frame CSV export downloads a file (no native save dialog in headless Chromium)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    context.add_init_script("delete window.showSaveFilePicker;")
    context.add_init_script(RUN_COUNTER_JS)
    page = context.new_page()
    yield page
    context.close()


def goto(page, base: str, path: str) -> None:
    open_app(page, f"{base}/{path}{QUERY}")
    assert page.get_by_test_id("stException").count() == 0


def frame_csv(page, frame) -> pd.DataFrame:
    """A st.dataframe's rows, through its own 'Download as CSV' toolbar button."""
    frame.scroll_into_view_if_needed()
    frame.hover()
    with page.expect_download() as download:
        frame.get_by_role("button", name="Download as CSV").click()
    return pd.read_csv(download.value.path(), dtype=str, keep_default_na=False)


def program_row(page) -> dict[str, str]:
    """The program's row in the first data frame that lists it (Program, Tier, Why ...)."""
    frames = page.get_by_test_id("stDataFrame")
    for i in range(frames.count()):
        table = frame_csv(page, frames.nth(i))
        if "Program" in table and (table["Program"] == PROGRAM).any():
            return table[table["Program"] == PROGRAM].iloc[0].to_dict()
    raise AssertionError(f"{PROGRAM} is in no table on {page.url}")


def tiers_chart_entry(page) -> tuple[str, str]:
    """(tier, hover reasons) of the program in the Tiers page's per-program chart, from plotly's own data:
    each trace is a tier and its customdata rows are (program, chance, reasons)."""
    data = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(p =>
        (p.data || []).map(t => ({name: t.name || '', rows: Array.isArray(t.customdata) ? t.customdata : []})))""")
    for trace in data:
        for row in trace["rows"]:
            if isinstance(row, list) and row and row[0] == PROGRAM:
                return trace["name"], str(row[-1])
    raise AssertionError("program not in any Tiers chart")


def metrics(page) -> dict[str, str]:
    cards = page.locator("[data-testid='stMetric']")
    out = {}
    for i in range(cards.count()):
        label = cards.nth(i).locator("[data-testid='stMetricLabel']").inner_text().strip()
        out[label] = cards.nth(i).locator("[data-testid='stMetricValue']").inner_text().strip()
    return out


def my_list_row(page) -> dict[str, str]:
    """The program pinned on the list (so it is on it whatever its rank), read from the list CSV."""
    box = page.locator(".st-key-mylist-include input[role='combobox']")
    box.click()
    box.fill(PROGRAM)
    rerun(page, page.get_by_role("option").filter(has_text=PROGRAM).first.click)
    page.keyboard.press("Escape")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the list (CSV)").click()
    table = pd.read_csv(io.StringIO(open(download.value.path(), encoding="utf-8").read()), dtype=str,
                        keep_default_na=False)
    rows = table[table["program_id"] == PROGRAM_ID]
    assert len(rows) == 1, "the pinned program is not on the list CSV"
    return rows.iloc[0].to_dict()


def everything(page, base: str) -> dict:
    goto(page, base, "")
    seen = {"overview": metrics(page)}
    goto(page, base, "map")
    seen["map"] = program_row(page)
    goto(page, base, "tiers")
    page.get_by_test_id("stPlotlyChart").last.wait_for(state="visible", timeout=20000)
    seen["tiers"] = tiers_chart_entry(page)
    goto(page, base, "programs")
    seen["programs"] = program_row(page)
    goto(page, base, "my_list")
    seen["my_list"] = my_list_row(page)
    return seen


def pick(page, key: str, text: str) -> None:
    box = page.locator(f".st-key-{key} input[role='combobox']")
    box.click()
    box.fill(text)
    rerun(page, page.get_by_role("option").filter(has_text=text).first.click)


def test_recording_j1_yes_changes_tier_and_reasons_on_every_page(wpage, workspace_url):
    base, database = workspace_url
    page = wpage
    before = everything(page, base)
    assert before["programs"]["Tier"] == "Reach" and CAPPED in before["programs"]["Why"]
    assert not database.exists()                       # browsing stored nothing

    goto(page, base, "data")
    pick(page, "record-program", PROGRAM)
    pick(page, "record-field", "Sponsors J-1")
    pick(page, "record-source_type", "program email or phone call")
    for key, text in (("record-value", "yes"), ("record-source_note", "Email from the program coordinator"),
                      ("record-told_by", "the program coordinator")):
        page.locator(f".st-key-{key} input").fill(text)
        rerun(page, lambda: page.locator(f".st-key-{key} input").press("Enter"))   # noqa: B023 - called at once
    rerun(page, page.get_by_role("button", name="Record this fact").click)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("Recorded Sponsors J-1 = yes").count() == 1
    assert database.exists()

    after = everything(page, base)
    # Overview: one more Realistic, one fewer Reach
    assert int(after["overview"]["Realistic"]) == int(before["overview"]["Realistic"]) + 1
    assert int(after["overview"]["Reach"]) == int(before["overview"]["Reach"]) - 1
    # Map and Programs tables: the row's tier and reasons
    for name in ("map", "programs"):
        assert (before[name]["Tier"], after[name]["Tier"]) == ("Reach", "Realistic"), name
        assert CAPPED in before[name]["Why"] and CAPPED not in after[name]["Why"], name
    assert "advisor-recorded, program email or phone call" in after["programs"]["Why"]
    # Tiers chart: the program's trace (tier) and hover reasons
    assert before["tiers"][0] != after["tiers"][0] and "Realistic" in after["tiers"][0]
    assert before["tiers"][1] != after["tiers"][1]
    # My list: the program's tier and reasons on the list
    assert (before["my_list"]["tier"], after["my_list"]["tier"]) == ("Reach", "Realistic")
    assert CAPPED in before["my_list"]["reasons"] and CAPPED not in after["my_list"]["reasons"]
