"""Maps a Californian recognises and a readable per-program chart: pure builders, no server.

Maps: programs on one point are fanned out to distinct dots whose tooltip still names the true place; the
camera fits every program with a margin; cities, sub-region names and sub-region outlines are drawn; labels
do not cover each other. Chart: the top programs in the one ranking, "show all" grows the chart.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core import Profile, load_programs, score
from smartpick_core.views.figures import TOP_PROGRAMS, axis_name, likelihood_chart, name_chars, wrap_title
from smartpick_core.views.maps import (
    MAP_SIZE_PX, MINI_MAP_SIZE_PX, city_labels, fit_view, load_counties, map_points, place_labels, program_deck,
    project, spread_points, subregion_labels, subregion_outlines, view_bounds,
)
from smartpick_core.model.ranking import ranked

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def bundled():
    return load_programs()


@pytest.fixture(scope="module")
def fm_result(bundled):
    profile = Profile.from_dict(json.loads((EXAMPLES / "profile_fm_spanish_la.json").read_text(encoding="utf-8")))
    return score(profile, bundled, n_national=80)


@pytest.fixture(scope="module")
def im_result(bundled):
    profile = Profile.from_dict(json.loads((EXAMPLES / "profile_im_inland_empire.json").read_text(encoding="utf-8")))
    return score(profile, bundled, n_national=120)


def layer(deck, layer_id: str) -> dict:
    return next(item for item in json.loads(deck.to_json())["layers"] if item["id"] == layer_id)


# --- programs on one point ------------------------------------------------------------------------------------
coords = st.lists(st.tuples(st.sampled_from([34.0522, 33.9533, 32.7157]), st.sampled_from([-118.2437, -117.3962])),
                  min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(coords)
def test_spreading_gives_every_program_its_own_dot_near_its_true_point(points):
    lat = pd.Series([p[0] for p in points], index=range(100, 100 + len(points)))
    lon = pd.Series([p[1] for p in points], index=lat.index)
    spread = spread_points(lat, lon)
    assert list(spread.index) == list(lat.index)
    assert not spread[["lat", "lon"]].round(5).duplicated().any()            # distinct dots
    km = np.hypot(spread["lat"] - lat, (spread["lon"] - lon) * np.cos(np.radians(lat))) * 111.32
    assert (km <= 3.5 * np.sqrt(len(points)) + 0.01).all()                   # still at its city
    first = ~pd.DataFrame({"a": lat, "b": lon}).duplicated()
    assert (spread.loc[first, "lat"] == lat[first]).all() and not spread.loc[first, "offset"].any()
    assert spread.loc[~first, "offset"].all()


def test_programs_stacked_on_the_los_angeles_centre_become_distinct_dots_with_true_tooltips(fm_result):
    la = fm_result.programs[fm_result.programs["city"].eq("Los Angeles")
                            & fm_result.programs["coord_precision"].str.startswith("city")]
    assert len(la) >= 4 and la[["lat", "lon"]].duplicated().any()            # the data has the stack
    points = map_points(la)
    assert not points[["lat", "lon"]].duplicated().any()
    assert points["true_lat"].nunique() == 1 and points["true_lat"].iloc[0] == round(la["lat"].iloc[0], 4)
    moved = points["location_text"].str.contains("dot offset so it can be seen")
    assert moved.sum() == len(la) - 1
    assert points["location_text"].str.contains("city centre of Los Angeles").all()


def test_a_hospital_coordinate_says_hospital_and_is_not_moved_when_alone(fm_result):
    points = map_points(fm_result.programs)
    hospital = points["location_text"].str.startswith("dot at the hospital")
    assert hospital.any()
    alone = hospital & ~points["location_text"].str.contains("offset")
    assert ((points.loc[alone, "lat"] - points.loc[alone, "true_lat"]).abs() < 1e-4).all()


def test_realistic_dots_are_drawn_last_so_they_stay_on_top(fm_result):
    tiers = map_points(fm_result.programs)["tier"].tolist()
    order = {"Not eligible": 0, "Ultra-reach": 1, "Reach": 2, "Realistic": 3}
    assert [order[t] for t in tiers] == sorted(order[t] for t in tiers)


# --- the camera ---------------------------------------------------------------------------------------------------
latlons = st.lists(st.tuples(st.floats(32.5, 35.5), st.floats(-120.7, -114.5)), min_size=1, max_size=30)


@settings(max_examples=80, deadline=None)
@given(latlons, st.sampled_from([MAP_SIZE_PX, MINI_MAP_SIZE_PX]))
def test_the_fitted_view_shows_every_program_with_a_margin(points, size):
    lat, lon = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    view = fit_view(lat, lon, width_px=size[0], height_px=size[1])
    x, y = project(lon, lat, view, width_px=size[0], height_px=size[1])
    assert (x >= 20).all() and (x <= size[0] - 20).all()
    assert (y >= 20).all() and (y <= size[1] - 20).all()
    west, south, east, north = view_bounds(view, width_px=size[0], height_px=size[1])
    assert west < lon.min() <= lon.max() < east and south < lat.min() <= lat.max() < north


def test_the_compare_mini_map_fits_all_its_programs(im_result):
    la = im_result.programs[im_result.programs["subregion"] == "Los Angeles"]
    deck = json.loads(program_deck(la, size_px=MINI_MAP_SIZE_PX).to_json())
    view = deck["initialViewState"]
    dots = next(item for item in deck["layers"] if item["id"] == "programs")["data"]
    assert len(dots) == len(la)
    x, y = project([d["lon"] for d in dots], [d["lat"] for d in dots], view, width_px=MINI_MAP_SIZE_PX[0],
                   height_px=MINI_MAP_SIZE_PX[1])
    assert (x > 0).all() and (x < MINI_MAP_SIZE_PX[0]).all() and (y > 0).all() and (y < MINI_MAP_SIZE_PX[1]).all()


def test_no_programs_gives_the_whole_of_southern_california():
    view = fit_view([], [])
    assert 32 < view["latitude"] < 36 and view["zoom"] < 8


# --- names and outlines --------------------------------------------------------------------------------------------
def test_sub_region_outlines_drop_the_border_inside_the_inland_empire():
    counties = load_counties()
    assert counties is not None
    outlines = subregion_outlines(counties)
    segments = {(region, tuple(sorted((tuple(a), tuple(b)))))
                for item in outlines for region in [item["subregion"]] for a, b in zip(item["path"], item["path"][1:])}
    riverside = next(f for f in counties["features"] if f["properties"]["county"] == "Riverside")
    bernardino = next(f for f in counties["features"] if f["properties"]["county"] == "San Bernardino")
    edges = lambda f: {tuple(sorted((tuple(a), tuple(b)))) for poly in f["geometry"]["coordinates"]  # noqa: E731
                       for ring in (poly if f["geometry"]["type"] == "MultiPolygon" else [poly])
                       for a, b in zip(ring, ring[1:])}
    shared = edges(riverside) & edges(bernardino)
    assert shared, "the two counties share a border"
    assert not {("Inland Empire", e) for e in shared} & segments
    assert {item["subregion"] for item in outlines} == {f["properties"]["subregion"] for f in counties["features"]}


def test_sub_region_names_sit_inside_the_frame_and_every_program_city_can_be_named(fm_result):
    counties = load_counties()
    la = fm_result.programs[fm_result.programs["subregion"] == "Los Angeles"]
    view = fit_view(la["lat"], la["lon"], width_px=MINI_MAP_SIZE_PX[0], height_px=MINI_MAP_SIZE_PX[1])
    bounds = view_bounds(view, width_px=MINI_MAP_SIZE_PX[0], height_px=MINI_MAP_SIZE_PX[1])
    names = subregion_labels(counties, bounds)
    assert "LOS ANGELES" in set(names["text"])
    west, south, east, north = bounds
    assert names["lon"].between(west, east).all() and names["lat"].between(south, north).all()
    assert set(city_labels(la)["text"]) == set(la["city"])


def test_city_labels_do_not_cover_each_other_and_realistic_cities_come_first(fm_result):
    programs = fm_result.programs
    points = map_points(programs)
    view = fit_view(programs["lat"], programs["lon"])
    cities, regions = place_labels(city_labels(programs), points, subregion_labels(load_counties()), view,
                                   width_px=MAP_SIZE_PX[0], height_px=MAP_SIZE_PX[1])
    assert len(cities) >= 8 and len(regions) == 8
    x, y = project(cities["lon"], cities["lat"], view, width_px=MAP_SIZE_PX[0], height_px=MAP_SIZE_PX[1])
    boxes = []
    for (_, row), cx, cy in zip(cities.iterrows(), x, y):
        w = 7.6 * len(row["text"]) + 6
        x = cx + row["offset"][0]
        x0 = {"start": x, "end": x - w, "middle": x - w / 2}[row["anchor"]]
        y = cy + row["offset"][1]
        boxes.append((x0, y - 8, x0 + w, y + 8))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1), (a, b)
    realistic_cities = set(programs.loc[programs["tier"] == "Realistic", "city"])
    assert realistic_cities & set(cities["text"])


def test_the_deck_names_places_and_stays_offline_unless_streets_are_asked_for(fm_result):
    deck = program_deck(fm_result.programs)
    spec = deck.to_json()
    assert "cartocdn" not in spec and '"__MAP_STYLE__"' in spec
    assert layer(deck, "city-labels")["data"] and layer(deck, "subregion-labels")["data"]
    assert layer(deck, "subregion-outlines")["data"]
    streets = program_deck(fm_result.programs, streets=True).to_json()
    assert "carto" in streets and "__MAP_STYLE__" not in streets


def test_without_the_county_file_the_deck_has_no_outlines_but_still_names_cities(fm_result):
    deck = json.loads(program_deck(fm_result.programs, counties_url=None).to_json())
    ids = {item["id"] for item in deck["layers"]}
    assert "counties" not in ids and "subregion-outlines" not in ids and "subregion-labels" not in ids
    assert "city-labels" in ids


# --- the per-program chart -----------------------------------------------------------------------------------------
def _chart_names(figure) -> list[str]:
    return list(figure.layout.yaxis.ticktext)


def _bar_count(figure) -> int:
    return sum(len(trace.y) for trace in figure.data)


@pytest.mark.parametrize("which", ["fm_result", "im_result"])
def test_the_chart_shows_the_top_programs_in_the_one_ranking(which, request):
    result = request.getfixturevalue(which)
    chart = likelihood_chart(result).figure
    order = ranked(result.programs)["name"].head(TOP_PROGRAMS).tolist()
    assert len(result.programs) > TOP_PROGRAMS
    assert _bar_count(chart) == TOP_PROGRAMS
    limit = name_chars(14)
    names = _chart_names(chart)
    assert names == [axis_name(n, result.profile.specialty, limit) for n in order]
    assert not any(n.endswith("…") for n in names)                            # shortened by rule, never cut
    assert chart.layout.yaxis.autorange == "reversed"                           # the best at the top
    full = {c[0] for trace in chart.data for c in trace.customdata}
    assert set(order) == full                                                  # full names on hover
    assert f"top {TOP_PROGRAMS} of {len(result.programs)}" in chart.layout.title.text.replace("<br>", " ")


def test_show_all_draws_every_program_and_grows_the_chart(im_result):
    top = likelihood_chart(im_result).figure
    everyone = likelihood_chart(im_result, top=None).figure
    assert _bar_count(everyone) == len(im_result.programs)
    assert everyone.layout.height > top.layout.height
    per_bar = (everyone.layout.height - top.layout.height) / (len(im_result.programs) - TOP_PROGRAMS)
    assert per_bar >= 24                                                       # a readable bar each
    assert _chart_names(everyone)[:TOP_PROGRAMS] == _chart_names(top)


def test_names_that_shorten_alike_stay_separate_bars(im_result):
    programs = im_result.programs.copy()
    programs.loc[programs.index[:2], "name"] = ["A very long shared program name prefix, campus one",
                                                "A very long shared program name prefix, campus two"]
    result = type("R", (), {"programs": programs})()
    chart = likelihood_chart(result, top=None).figure
    assert _bar_count(chart) == len(programs)
    assert len(set(chart.layout.yaxis.tickvals)) == len(programs)


def test_the_title_wraps_to_the_chart_and_shorter_lines_with_bigger_text():
    assert max(len(line) for line in wrap_title("word " * 40).split("<br>")) < 70
    big = wrap_title("word " * 40, font_size=19)
    assert big.count("<br>") > wrap_title("word " * 40).count("<br>")        # bigger text, shorter lines


def test_chart_text_grows_in_presentation_mode(im_result):
    small = likelihood_chart(im_result).figure
    large = likelihood_chart(im_result, font_size=19).figure
    assert large.layout.font.size > small.layout.font.size
    assert large.layout.title.font.size > small.layout.title.font.size
    assert large.layout.height > small.layout.height
    assert small.layout.legend.orientation == "h" and small.layout.legend.yref == "container"   # below the plot


def test_realistic_places_are_named_in_words_most_programs_first(fm_result):
    from smartpick_core.views.maps import tier_places

    la = fm_result.programs[fm_result.programs["subregion"] == "Los Angeles"]
    text = tier_places(la)
    realistic = la.loc[la["tier"] == "Realistic", "city"].value_counts()
    top_city, top_n = realistic.index[0], int(realistic.iloc[0])
    assert text.startswith(f"{top_city} ({top_n})" if top_n > 1 else top_city)
    assert all(city in text for city in realistic.index[:8])
    assert tier_places(la[la["tier"] != "Realistic"]) == "none"


def test_the_tier_chart_title_names_every_sub_region_that_ties_for_the_most():
    from smartpick_core.views.figures import _leaders
    import pandas as pd
    assert _leaders(pd.Series({"Los Angeles": 6, "Inland Empire": 6, "San Diego": 2})) == \
        "Los Angeles and Inland Empire have"
    assert _leaders(pd.Series({"Los Angeles": 3, "Inland Empire": 6})) == "Inland Empire has"


def test_the_curve_does_not_advise_a_longer_list_when_nothing_elsewhere_is_open():
    import pandas as pd

    from smartpick_core.views.figures import applications_curve_chart

    one_point = pd.DataFrame({"national_applications": [0], "match_probability": [0.0], "match_probability_low": [0.0],
                              "match_probability_high": [0.0], "expected_interviews": [0.0]})
    chart = applications_curve_chart(one_point, 0)
    assert "add nothing" in chart.takeaway and "rarely enough" not in chart.takeaway
    assert list(chart.figure.layout.xaxis.range) == [0, 10]
    several = pd.DataFrame({"national_applications": [0, 20, 40], "match_probability": [0.1, 0.3, 0.4],
                            "match_probability_low": [0.05, 0.2, 0.3], "match_probability_high": [0.15, 0.4, 0.5],
                            "expected_interviews": [0.2, 1.0, 2.0]})
    assert "rarely enough" in applications_curve_chart(several, 20).takeaway
