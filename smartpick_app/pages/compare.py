"""Compare regions: two sub-regions side by side (default Los Angeles vs Inland Empire)."""

import streamlit as st

from smartpick_app.state import dashboard
from smartpick_core.views.summary import best_program_sentence
from smartpick_core import TIER_ORDER, Region, count_band, known_total, miles
from smartpick_core.views.maps import COUNTIES_URL, MINI_MAP_SIZE_PX, legend_items, outline_note, program_deck, tier_places
from smartpick_core.text import plain_markdown
from smartpick_core.views.summary import region_summary
from smartpick_core.views.formatting import plural
from smartpick_core.views.tables import filter_programs

dash = dashboard()
st.title("Compare two sub-regions")
st.markdown(f"**{plain_markdown(best_program_sentence(dash.result))}**")


@st.fragment
def compare_view(dash) -> None:
    """The two pickers, the street-map switch and both sub-regions: a pick reruns this part only."""
    programs = dash.result.programs
    regions = [r.value for r in Region]
    pick_a, pick_b = st.columns(2)
    region_a = pick_a.selectbox("First sub-region", regions, index=regions.index(Region.LOS_ANGELES.value),
                                key="compare.a")
    region_b = pick_b.selectbox("Second sub-region", regions, index=regions.index(Region.INLAND_EMPIRE.value),
                                key="compare.b")

    streets = st.toggle("Street maps (online)", key="compare.streets", value=False,
                        help="Draws streets from Carto's tile server (needs internet; your browser then contacts Carto). "
                             "Off: county and sub-region borders only, nothing leaves this machine.")
    st.markdown(" &nbsp; ".join(f"<span style='color:{color};font-size:1.3em'>●</span> **{tier}**"
                                for tier, color, _ in legend_items()), unsafe_allow_html=True)
    st.caption("Each map is fitted to its sub-region's programs; city names sit beside their dots, and programs that "
               "share a city centre are fanned out around it. " + outline_note(dash.counties, streets))

    for col, region in zip(st.columns(2), (region_a, region_b)):
        s = region_summary(programs, region)
        with col:
            st.subheader(plain_markdown(f"{region}: {plural(s.programs, dash.result.profile.specialty + ' program')}"))
            if s.programs == 0:
                st.write("No programs of this specialty in the data for this sub-region.")
                continue
            part = filter_programs(programs, {"subregion": [region]})
            col.pydeck_chart(program_deck(part, home=dash.home,
                                          size_px=MINI_MAP_SIZE_PX, streets=streets,
                                          counties_url=COUNTIES_URL if dash.counties else None),
                             height=MINI_MAP_SIZE_PX[1], width="stretch",
                             key=f"compare_map_{'a' if region == region_a else 'b'}")
            st.markdown(" · ".join(f"<span style='color:{tier.color}'>●</span> {tier.value} **{s.tier_counts[tier.value]}**"
                                   for tier in TIER_ORDER), unsafe_allow_html=True)   # wraps; never "Realis…"
            st.markdown(f"**Realistic programs here:** {plain_markdown(tier_places(part))}")
            st.metric("Interviews expected here", count_band(s.expected_interviews, s.expected_interviews_low,
                                                             s.expected_interviews_high),
                      help="Sum of the interview chances of this sub-region's programs, with the sum of their bands.")
            mix = s.visa_mix
            img_share = "unknown" if s.img_share_mean is None else f"{s.img_share_mean:.0%}"
            st.markdown(f"**Positions per year:** {known_total(s.positions_total, s.positions_known, s.programs)}  \n"
                        f"**Visa:** J-1 at {mix['J-1']}, H-1B at {mix['H-1B']}, neither at {mix['none']}, "
                        f"unknown at {mix['unknown']} (a program can offer both).  \n"
                        f"**IMG share:** {img_share} (known for {s.img_share_known} of {plural(s.programs, 'program')}).")
            if s.median_miles_from_home is not None:
                st.markdown(f"**Distance from home:** median {miles(s.median_miles_from_home)}")


compare_view(dash)
