"""Presentation mode's pure parts: plurals, the decisive reason, short names, tie-aware titles, the one-line rows,
map labels beside their own dots and on their side of the ring, and the static sub-region outlines."""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pydeck as pdk
import pytest
from hypothesis import given, strategies as st

from smartpick_core import Profile, load_programs, score
from smartpick_core.model.reasons import decisive_reason
from smartpick_core.model.ranking import ranked
from smartpick_core.views.figures import _leaders, _most, axis_name, likelihood_chart, tiers_by_region_chart
from smartpick_core.views.formatting import plural, short_name
from smartpick_core.views.maps import (
    CITY_LABEL_PX, MAP_SIZE_PX, SUBREGIONS_FILE, city_labels, fit_view, load_counties, map_points, place_labels,
    program_deck, project, ring_pixels, same_side_of_ring, subregion_geojson, unproject,
)
from smartpick_core.views.tables import plan_tier_rows, program_rows_html, program_table, row_reason


EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "examples"


def _example(name: str):
    return Profile.from_dict(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def bundled():
    return load_programs()


@pytest.fixture(scope="module")
def fm_result(bundled):
    return score(_example("profile_fm_spanish_la.json"), bundled)


@pytest.fixture(scope="module")
def im_result(bundled):
    return score(_example("profile_im_inland_empire.json"), bundled)


# --- plurals and tie titles -------------------------------------------------------------------------------------
@given(st.integers(min_value=0, max_value=10_000))
def test_a_count_agrees_with_its_noun(n):
    text = plural(n, "program")
    assert text.startswith(f"{n} ")
    assert text.endswith("program") == (n == 1) and text.endswith("programs") == (n != 1)
    assert plural(n, "city", "cities").endswith("city" if n == 1 else "cities")


@given(st.dictionaries(st.sampled_from(["Los Angeles", "Inland Empire", "San Diego", "Kern", "Ventura"]),
                       st.integers(min_value=0, max_value=20), min_size=1))
def test_a_tie_names_every_leader_and_says_each(counts):
    series = pd.Series(counts)
    leaders = [name for name, n in counts.items() if n == max(counts.values())]
    text, most = _leaders(series), _most(series)
    assert all(name in text for name in leaders)
    assert text.endswith("has") == (len(leaders) == 1)
    assert most == (f"{max(counts.values())} each" if len(leaders) > 1 else str(max(counts.values())))


def test_the_tier_chart_title_says_each_when_sub_regions_tie(im_result):
    realistic = im_result.tier_counts(by="subregion")["Realistic"]
    title = tiers_by_region_chart(im_result).figure.layout.title.text.replace("<br>", " ")
    tied = (realistic == realistic.max()).sum() > 1
    assert ("each)" in title) == tied
    assert re.search(r"\b1 [A-Z][a-z-]+ programs\b", json.dumps(tiers_by_region_chart(im_result).figure.to_dict()
                                                                 ["data"][0]["customdata"])) is None


# --- the decisive reason and short names ------------------------------------------------------------------------
@given(st.integers(180, 280), st.integers(180, 290), st.lists(st.sampled_from(
    ["+8 hands-on USCE", "+6 US letters", "+3 Spanish, spoken at home by 38% of Los Angeles County.", "+1 research"]),
    max_size=4), st.integers(180, 280))
def test_the_decisive_reason_keeps_the_comparison_and_drops_the_itemised_points(score, here, items, usual):
    reason = f"Your {score} counts as about {here} here" + (": " + ", ".join(items) if items else "") + \
        f". Programs like this usually interview around {usual}–{usual + 10}"
    line = decisive_reason([reason, "second reason"])
    assert line.startswith(f"Your {score} counts as about {here} here")
    assert line.endswith(f"programs like this usually interview around {usual}–{usual + 10}")
    assert "USCE" not in line and "letters" not in line and len(line) <= len(reason)


def test_a_row_keeps_only_what_differs_between_rows(im_result):
    for reasons in im_result.programs["reasons"]:
        line, decisive = row_reason(reasons), decisive_reason(reasons)
        assert len(line) < len(decisive)
        numbers = re.findall(r"\d+(?:–\d+)?", decisive)
        if decisive.startswith("Your "):
            assert line == f"about {numbers[1]} here; usually {numbers[2]}"   # the score here and the usual range
        else:
            assert decisive == "Not eligible — " + line


def test_a_failed_screen_is_the_decisive_reason_as_it_is(im_result):
    closed = im_result.programs[~im_result.programs["eligible"]]
    assert len(closed)
    for reasons in closed["reasons"]:
        assert decisive_reason(reasons) == reasons[0] and reasons[0].startswith("Not eligible")
    assert decisive_reason([]) == ""


@pytest.mark.parametrize("name, specialty, short", [
    ("Desert Regional Medical Center Internal Medicine Residency", "Internal Medicine", "Desert Regional Medical Center"),
    ("UCLA Internal Medicine Residency (categorical)", "Internal Medicine", "UCLA (categorical)"),
    ("OPTI West/West Anaheim Medical Center Program (Internal Medicine)", "Internal Medicine",
     "OPTI West/West Anaheim Medical Center"),
    ("Kaiser Permanente Southern California (Anaheim) Family Medicine Residency - Orange County", "Family Medicine",
     "Kaiser Permanente Southern California (Anaheim) - Orange County"),
    ("Family Medicine Residency", "Family Medicine", "Family Medicine Residency"),     # the rule never empties it
])
def test_short_names_drop_what_every_row_shares(name, specialty, short):
    assert short_name(name, specialty) == short


def test_chart_names_are_never_cut(im_result):
    chart = likelihood_chart(im_result, top=None, font_size=19).figure
    names = list(chart.layout.yaxis.ticktext)
    assert names and not any(n.endswith("…") for n in names)
    full = ranked(im_result.programs)["name"].tolist()
    for shown, name in zip(names, full):          # every word of the short name is there, in order
        assert shown.replace("<br>", " ") == short_name(name, "Internal Medicine").replace("&", "&amp;")
    assert axis_name("A B C D E F G H", "", 3).count("<br>") >= 2


# --- the one-line rows ------------------------------------------------------------------------------------------
class _Rows(HTMLParser):
    """Collects each <details> row: its summary cells (text and title) and the text of its opened part."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.where: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details":
            self.rows.append({"cells": [], "more": ""})
        if self.rows and tag == "span" and "sp-cell" in (attrs.get("class") or "") and "summary" in self.where:
            self.rows[-1]["cells"].append({"title": attrs.get("title", ""), "text": ""})
        self.where.append(tag)

    def handle_endtag(self, tag):
        while self.where and self.where.pop() != tag:
            pass

    def handle_data(self, data):
        if not self.rows or "details" not in self.where:
            return
        if "summary" in self.where:
            if self.rows[-1]["cells"]:
                self.rows[-1]["cells"][-1]["text"] += data
        else:
            self.rows[-1]["more"] += data


def _parse(html: str) -> list[dict]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def test_program_rows_are_one_line_each_with_every_reason_a_click_away(im_result):
    table = program_table(im_result)
    rows = _parse(program_rows_html(table, im_result.programs, "Internal Medicine"))
    assert len(rows) == len(table)
    reasons = im_result.programs.set_index("program_id")["reasons"]
    for row, (_, record) in zip(rows, table.iterrows()):
        name_cell, _, _, why_cell = row["cells"]
        assert name_cell["title"] == record["Program"]                 # full name on hover
        assert record["Program"] in row["more"]                        # and when opened
        assert why_cell["text"] == row_reason(reasons[record["program_id"]])
        for reason in reasons[record["program_id"]]:                   # every reason in full when opened
            assert reason in row["more"]
        for cell in row["cells"]:                                      # a cut cell's whole text is its tooltip
            assert set(cell["text"].replace("●", "").split()) <= set(cell["title"].split()), cell


def test_program_rows_escape_text_from_the_data(im_result):
    table = program_table(im_result).head(1).assign(Program="<img src=x onerror=alert(1)> Clinic")
    html = program_rows_html(table, im_result.programs, "Internal Medicine")
    assert "<img" not in html and "&lt;img" in html


def test_an_opened_row_says_unknown_for_a_missing_city_and_sub_region(im_result):
    table = program_table(im_result).head(1).assign(City=None, **{"Sub-region": float("nan")})
    opened = _parse(program_rows_html(table, im_result.programs, "Internal Medicine"))[0]["more"]
    assert "city unknown" in opened and "sub-region unknown" in opened and "nan" not in opened.split()


def test_my_list_rows_follow_the_tiers_with_their_counts(bundled):
    from smartpick_core import plan

    the_plan = plan(_example("profile_im_inland_empire.json"), bundled, applications=40)
    groups = plan_tier_rows(the_plan, "Internal Medicine")
    chosen = ranked(the_plan.chosen)
    assert list(groups) == [t for t in ["Realistic", "Reach", "Ultra-reach"] if (chosen["tier"] == t).any()]
    for tier, html in groups.items():
        rows = _parse(html)
        assert len(rows) == int((chosen["tier"] == tier).sum())
        assert f"{tier} — {plural(len(rows), 'program')}" in html


# --- map labels -------------------------------------------------------------------------------------------------
def _boxes(cities: pd.DataFrame, view: dict, size) -> list[tuple[float, float, float, float]]:
    x, y = project(cities["lon"], cities["lat"], view, width_px=size[0], height_px=size[1])
    boxes = []
    for (_, row), cx, cy in zip(cities.iterrows(), x, y):
        w, h = CITY_LABEL_PX[0] * len(row["text"]) + 6, CITY_LABEL_PX[1]
        lx, ly = cx + row["offset"][0], cy + row["offset"][1]
        x0 = {"start": lx, "end": lx - w, "middle": lx - w / 2}[row["anchor"]]
        boxes.append((x0, ly - h / 2, x0 + w, ly + h / 2))
    return boxes


def _box_distance(box, x, y) -> float:
    return math.hypot(max(box[0] - x, 0, x - box[2]), max(box[1] - y, 0, y - box[3]))


@pytest.mark.parametrize("which, home", [("im_result", (-117.3962, 33.9533)), ("fm_result", (-118.2437, 34.0522))])
@pytest.mark.parametrize("miles", [30, 60])
def test_map_labels_sit_beside_their_own_dots_and_on_their_side_of_the_ring(which, home, miles, request):
    programs = request.getfixturevalue(which).programs
    points = map_points(programs)
    view = fit_view(programs["lat"], programs["lon"])
    ring = (home[0], home[1], miles * 1609.344)
    from smartpick_core.views.maps import _draw_order
    dot_city = _draw_order(programs)["city"].astype(str).tolist()
    cities, _ = place_labels(city_labels(programs), points, pd.DataFrame(columns=["text", "lon", "lat"]), view,
                             width_px=MAP_SIZE_PX[0], height_px=MAP_SIZE_PX[1], dot_city=dot_city, ring=ring)
    assert len(cities) >= 5
    dx, dy = project(points["lon"], points["lat"], view, width_px=MAP_SIZE_PX[0], height_px=MAP_SIZE_PX[1])
    ring_px = ring_pixels(ring, view, width_px=MAP_SIZE_PX[0], height_px=MAP_SIZE_PX[1])
    for box, (_, row) in zip(_boxes(cities, view, MAP_SIZE_PX), cities.iterrows()):
        mine = np.asarray(dot_city) == row["text"]
        assert mine.any(), row["text"]
        nearest = min(_box_distance(box, x, y) for x, y in zip(dx[mine], dy[mine]))
        assert nearest <= 40, (row["text"], nearest)                     # beside its own dots
        x, y = project([row["lon"]], [row["lat"]], view, width_px=MAP_SIZE_PX[0], height_px=MAP_SIZE_PX[1])
        if math.hypot(x[0] - ring_px[0], y[0] - ring_px[1]) > ring_px[2]:      # a city outside the ring
            assert _box_distance(box, ring_px[0], ring_px[1]) >= ring_px[2] - 0.5, row["text"]   # stays out of it


def test_the_ring_rule_itself():
    ring = (100.0, 100.0, 50.0)
    assert same_side_of_ring((90, 90, 110, 110), (100, 100), ring)            # inside, dot inside
    assert same_side_of_ring((140, 95, 200, 105), (100, 100), ring)           # its own ring's line: allowed
    assert not same_side_of_ring((90, 90, 110, 110), (300, 300), ring)        # inside a ring it does not belong to
    assert not same_side_of_ring((140, 95, 200, 105), (200, 100), ring)       # reaching into it from outside
    assert same_side_of_ring((200, 200, 260, 220), (300, 300), ring)
    assert same_side_of_ring((0, 0, 1, 1), (0, 0), None)


def test_the_ring_keeps_out_a_label_that_would_reach_into_it():
    """Inglewood's label east of its dot would run into a ring around Riverside whose edge is 40 px east of the dot."""
    cities = pd.DataFrame({"text": ["Inglewood"], "lon": [-118.35], "lat": [33.96], "priority": [1]})
    dots = pd.DataFrame({"lon": [-118.35], "lat": [33.96]})
    size = dict(width_px=MAP_SIZE_PX[0], height_px=MAP_SIZE_PX[1])
    view = fit_view([33.96, 33.96], [-118.35, -117.40])
    x, y = project([-118.35], [33.96], view, **size)
    edge_lon, _ = unproject([x[0] + 40], [y[0]], view, **size)
    radius_m = (-117.40 - edge_lon[0]) * 111_320 * math.cos(math.radians(33.96))
    none = pd.DataFrame(columns=["text", "lon", "lat"])
    free, _ = place_labels(cities, dots, none, view, **size, dot_city=["Inglewood"])
    kept, _ = place_labels(cities, dots, none, view, **size, dot_city=["Inglewood"], ring=(-117.40, 33.96, radius_m))
    assert free.iloc[0]["anchor"] == "start"                          # without the ring: right of the dot
    assert kept.iloc[0]["anchor"] != "start"                          # with it: another side, out of the ring


# --- static layers ----------------------------------------------------------------------------------------------
def test_the_static_sub_region_file_is_built_from_the_county_outlines():
    counties = load_counties()
    assert counties is not None
    on_disk = json.loads(SUBREGIONS_FILE.read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(subregion_geojson(counties)))      # regenerate: maps.write_subregions
    assert {f["properties"]["subregion"] for f in on_disk["features"]} == \
        {f["properties"]["subregion"] for f in counties["features"]}


def test_the_deck_sends_the_outlines_as_urls_and_compact_json(im_result):
    deck = program_deck(im_result.programs)
    spec = deck.to_json()
    layers = {layer["id"]: layer for layer in json.loads(spec)["layers"]}
    assert layers["subregion-outlines"]["data"] == "/app/static/subregions.json"
    assert layers["counties"]["data"] == "/app/static/counties.json"
    indented = pdk.Deck.to_json(deck)                 # pydeck's own, indented by two spaces
    assert json.loads(spec) == json.loads(indented) and len(spec) < 0.8 * len(indented)
    assert "\n  " not in spec


@pytest.mark.parametrize("keep", [1, 2])
def test_no_sentence_reads_one_programs(bundled, keep):
    from smartpick_core.views.maps import tier_places
    from smartpick_core.views.summary import best_program_sentence, limiting_sentence

    profile = _example("profile_im_inland_empire.json")
    few = bundled[bundled["specialty"] == profile.specialty].head(keep)
    result = score(profile, few)
    text = " ".join([limiting_sentence(result), best_program_sentence(result), tier_places(result.programs, limit=0),
                     json.dumps(tiers_by_region_chart(result).figure.to_dict()["data"], default=str),
                     likelihood_chart(result).figure.layout.title.text])
    assert not re.search(r"(?<![\d.])1 (?:[A-Z][\w-]* )*(?:programs|places)\b", text), text
