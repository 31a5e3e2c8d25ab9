"""Tiers: where your programs fall, program by program, and how Step 2 CK shifts them."""

import streamlit as st

from smartpick_app.state import dashboard
from smartpick_core.views.summary import best_program_sentence
from smartpick_core.views.figures import (CHART_WIDTH_PX, FONT, FULL_WIDTH_PX, PRESENTATION_FONT_SIZE, TOP_PROGRAMS,
                                          likelihood_chart, tiers_by_region_chart, tiers_by_step2_chart)
from smartpick_core.text import plain_markdown
from smartpick_core.views.formatting import plural

dash = dashboard()
result = dash.result
font_size = PRESENTATION_FONT_SIZE if dash.present else FONT["size"]
width_px = FULL_WIDTH_PX if dash.present else CHART_WIDTH_PX     # presentation: each chart on its own row
text: dict[str, int] = dict(font_size=font_size, width_px=width_px)
st.title("Tiers")
st.markdown(f"**{plain_markdown(best_program_sentence(dash.result))}**")


def show(key: str, chart) -> None:
    # Presentation mode: the chart takes the full width (larger text needs it), its takeaway below.
    chart_col, text_col = (st.container(), st.container()) if dash.present else st.columns([3, 1])
    chart_col.plotly_chart(chart.figure, key=key, width="stretch")
    text_col.markdown(f"**What to take from it**  \n{plain_markdown(chart.takeaway)}")


show("tiers_by_region", tiers_by_region_chart(result, **text))
show("tiers_by_step2", tiers_by_step2_chart(dash.tiers_by_step2(), result.profile.step2_ck, **text))


@st.fragment
def likelihood_part() -> None:
    """The toggle reruns this chart only, not the sidebar and the charts above."""
    show_all = st.toggle(f"Show all {plural(len(result.programs), 'program')} in the chart below (default: the top "
                         f"{TOP_PROGRAMS})", key="tiers.show_all", value=False)
    show("likelihood", likelihood_chart(result, top=None if show_all else TOP_PROGRAMS, **text))


likelihood_part()
