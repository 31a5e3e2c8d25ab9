"""Programs: the scored table in words, sortable and filterable, with sources, a CSV download and,
for one chosen program, every fact next to the source's own words."""

from functools import partial

import streamlit as st

from smartpick_app.state import dashboard
from smartpick_app.tables import key_columns, show_table
from smartpick_core.views.summary import best_program_sentence
from smartpick_core.views.workspace_tables import with_provenance
from smartpick_core.text import plain_markdown
from smartpick_core import TIER_ORDER
from smartpick_core.views.formatting import plural
from smartpick_core.views.tables import (PROGRAM_TABLE_COLUMNS, filter_programs, program_evidence, program_rows_html,
                                         program_table, table_csv)

HIDDEN = ("program_id", "interview_probability", "model_version")

dash = dashboard()
table = with_provenance(program_table(dash.result), dash.programs)   # advisor-recorded facts
st.title("All programs, scored")
st.markdown(f"**{plain_markdown(best_program_sentence(dash.result))}**")


@st.fragment
def programs_view(dash, table) -> None:
    """Filters, columns, the table and the evidence: each reruns this part only, not the sidebar and its scoring."""
    # Presentation mode: filters and extra columns fold away so the programs start in the first screen (still drawn).
    filters = st.expander("Filters and columns") if dash.present else st.container()
    f1, f2, f3 = filters.columns([1, 1, 2])
    regions = f1.multiselect("Sub-region", sorted(table["Sub-region"].unique()), key="programs.regions",
                             placeholder="All sub-regions")
    tiers = f2.multiselect("Tier", [t.value for t in TIER_ORDER], key="programs.tiers", placeholder="All tiers")
    search = f3.text_input("Search program, institution or city", key="programs.search")
    shown = filter_programs(table, {"Sub-region": regions, "Tier": tiers}, search=search,
                            search_columns=("Program", "Institution", "City"))

    more = filters.multiselect("More columns", [c for c in table.columns if c not in PROGRAM_TABLE_COLUMNS + HIDDEN],
                          key="programs.columns", placeholder="Add columns (visa, IMG share, scores, source, …)",
                          help="The download below always has every column.")
    st.caption(f"{len(shown)} of {plural(len(table), 'program')}, most realistic first (the same order on every page). "
               + ("Click a row for every reason. " if dash.present else "Click a column header to sort. ")
               + "'unknown — estimated' is a rate for programs like this (see Why), not a fact about the program; "
               "'unknown — verify with the program' means no source we read states it.")
    show_table(
        shown[list(PROGRAM_TABLE_COLUMNS) + list(more)], present=dash.present, height=560,
        hide_when_presenting=("Source",),
        rows_html=program_rows_html(shown, dash.result.programs, dash.result.profile.specialty) if dash.present else None,
        column_config={
            **key_columns(),
            "City": st.column_config.TextColumn("City", width=105),
            "Source": st.column_config.LinkColumn("Source", display_text="open source"),
            "Miles from home": st.column_config.NumberColumn("Miles from home", format="%d mi"),
        },
    )
    st.download_button("Download this table (CSV)", partial(table_csv, shown, dash.result.cycle_year),
                       file_name="smartpick_programs.csv", mime="text/csv", on_click="ignore")

    st.subheader("Where do these facts come from?")
    names = dict(zip(shown["program_id"], shown["Program"]))
    chosen = st.selectbox("Show the evidence for one program", list(names), format_func=names.__getitem__,
                          index=None, placeholder="Choose a program", key="programs.evidence")
    if chosen is not None:
        st.caption("Each fact as stored, with the sentences quoted from its source and the date it was read. "
                   "An institution-wide statement is a policy of the sponsoring institution, not the program's own page.")
        for title, text in program_evidence(dash.programs, chosen):
            with st.expander(title, expanded=title in ("Visa", "Screens (scores, graduation year, attempts, USCE)")):
                st.text(text)


programs_view(dash, table)
