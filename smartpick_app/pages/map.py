"""Map: every program of your specialty, coloured by tier, sized by positions, with place and sub-region names,
your home and a distance ring."""

import streamlit as st

from smartpick_app.state import dashboard
from smartpick_app.tables import key_columns, show_table
from smartpick_core.views.summary import best_program_sentence
from smartpick_core import TIER_ORDER, ProgramType
from smartpick_core.views.maps import (COUNTIES_URL, MAP_SIZE_PX, PRESENTATION_MAP_SIZE_PX, SIZE_NOTE, legend_items,
                                       outline_note, program_deck, tier_places)
from smartpick_core.text import plain_markdown
from smartpick_core.views.formatting import plural
from smartpick_core.views.tables import filter_programs, map_table, program_rows_html

dash = dashboard()
st.title("Program map")
st.markdown(f"**{plain_markdown(best_program_sentence(dash.result))}**")


@st.fragment
def map_view(dash) -> None:
    """The filters, the ring, the map and its table: a filter or the ring reruns this part only, never the
    sidebar's scoring (a fragment is page structure; the work stays in smartpick_core)."""
    programs = dash.result.programs
    # Presentation mode: the filters fold away (still drawn) and the map is shorter, so it is in the first screen.
    filters = st.expander("Filters and distance ring") if dash.present else st.container()
    f1, f2, f3, f4 = filters.columns(4)
    regions = f1.multiselect("Sub-region", sorted(programs["subregion"].unique()), key="map.regions",
                             placeholder="All sub-regions")
    types = f2.multiselect("Program type", sorted(programs["program_type"].unique()), key="map.types",
                           format_func=lambda v: ProgramType(v).label, placeholder="All types")
    tiers = f3.multiselect("Tier", [t.value for t in TIER_ORDER], key="map.tiers", placeholder="All tiers")
    radius = f4.slider("Distance ring (miles from home)", 0, 150, 30, step=5, key="map.radius",
                       disabled=dash.home is None, help="Enter a home city in the sidebar to draw the ring.")

    framed = filter_programs(programs, {"subregion": regions, "program_type": types})   # the camera: not the tiers
    shown = filter_programs(framed, {"tier": tiers})

    # Presentation mode: the map takes the full width and the legend goes below it (larger text needs the room).
    map_col, legend_col = (st.container(), st.container()) if dash.present else st.columns([4, 1])
    if not dash.counties:
        st.info(plain_markdown(outline_note(False)))
    with legend_col:
        streets = st.toggle("Street map", key="map.streets", value=False,
                            help="Online only: draws streets from Carto's tile server (needs internet; your browser then contacts "
                                 "Carto). Off: county and sub-region borders only, nothing leaves this machine.")
    map_size = PRESENTATION_MAP_SIZE_PX if dash.present else MAP_SIZE_PX
    map_col.pydeck_chart(program_deck(shown, frame=framed, home=dash.home, radius_miles=radius if dash.home else None,
                                      counties_url=COUNTIES_URL if dash.counties else None, streets=streets,
                                      size_px=map_size),
                         height=map_size[1], width="stretch", key="program_map")
    with legend_col:
        st.markdown("**Legend**")
        for tier, color, meaning in legend_items():
            st.markdown(f"<span style='color:{color};font-size:1.4em'>●</span> **{tier}** — {meaning}",
                        unsafe_allow_html=True)
        if dash.home is not None:
            home_text = "your home city" if dash.present else plain_markdown(dash.home.label)
            st.markdown(f"<span style='color:#0072B2;font-size:1.4em'>◉</span> {home_text}; ring = {radius} miles",
                        unsafe_allow_html=True)
        st.markdown(f"**Realistic programs on the map:** {plain_markdown(tier_places(shown))}")
        st.caption(SIZE_NOTE + " " + outline_note(dash.counties, streets))

    st.caption(f"{len(shown)} of {plural(len(programs), 'program')} shown, most realistic first. City names sit beside their "
               "dots; hover a dot for its tier, interview chance and reasons.")
    show_table(map_table(dash.result, shown["program_id"]), present=dash.present, height=420,
               rows_html=program_rows_html(map_table(dash.result, shown["program_id"], ids=True), programs,
                                           dash.result.profile.specialty) if dash.present else None,
               column_config={**key_columns(why_width=200), "City": st.column_config.TextColumn("City", width=100),
                              "Miles from home": st.column_config.NumberColumn("Miles", width=80, format="%d mi")})


map_view(dash)
