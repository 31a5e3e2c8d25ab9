"""My list: the application list for a budget or a number of applications, with signals, the curve of chance
against dollars, the cost, and the exports (list CSV, printable plan). Everything is built by the core."""

import streamlit as st

from app_support import dashboard
from smartpick_core.views.tables import eligible_program_names
from smartpick_core.model.profile import SUBREGIONS
from smartpick_core.text import plain_markdown
from smartpick_core.views.plan_report import (
    cost_table, curve_chart, headline, left_out_summary, left_out_table, list_csv, national_table, printable_html,
    signal_lines, tier_groups, tier_mix,
)

BUDGET_MAX = 8000
BY_BUDGET, BY_COUNT = "Budget (US dollars)", "Number of applications"

dash = dashboard()
result = dash.result
st.title(f"My {result.profile.specialty} list")

c1, c2, c3 = st.columns([1, 1.3, 1.7])
mode = c1.radio("Plan by", [BY_BUDGET, BY_COUNT], key="mylist.mode")
if mode == BY_BUDGET:
    budget = c2.slider("Budget for the season's fees (US dollars)", 0, BUDGET_MAX, 3000, step=100, key="mylist.budget")
    applications = None
else:
    applications = c2.number_input("Applications (Southern California + elsewhere)", 0, 400, 100, step=5,
                                   key="mylist.applications")
    budget = None
prefer = c3.multiselect("Preferred sub-regions (a bonus, not a rule)", list(SUBREGIONS), key="mylist.prefer",
                        default=list(result.profile.usce_subregions), placeholder="No preference",
                        help="Starts at the sub-regions of your SoCal USCE, as advisors advise stating a SoCal "
                             "preference; clear it to see the list that maximises the chance alone.")
names = eligible_program_names(result)
p1, p2, p3 = st.columns([1.5, 1.5, 1])
include = p1.multiselect("Pin programs (always on the list)", list(names), format_func=names.get, key="mylist.include",
                         placeholder="None pinned")
exclude = p2.multiselect("Exclude programs", [i for i in names if i not in include], format_func=names.get,
                         key="mylist.exclude", placeholder="None excluded")
signals = p3.toggle("Recommend signals", value=True, key="mylist.signals")

the_plan = dash.plan(applications=None if applications is None else int(applications),
                     budget_usd=None if budget is None else float(budget), include=include, exclude=exclude,
                     prefer=prefer, signals=signals)
first, second = headline(the_plan)
st.markdown(f"### {plain_markdown(first)}")
st.markdown(f"**{plain_markdown(second)}**")
st.caption(plain_markdown(f"{the_plan.socal_applications} Southern California programs + "
                          f"{the_plan.national_applications} elsewhere. {tier_mix(the_plan)} "
                          f"{left_out_summary(the_plan)}"))
for note in the_plan.notes:
    st.caption(plain_markdown(note))

left, right = st.columns([1.4, 1])
with left:
    st.subheader("Your Southern California list, by tier")
    groups = tier_groups(the_plan)
    if not groups:
        st.write("No Southern California program makes this list: programs elsewhere give more per dollar. "
                 "Raise the budget, pin programs, or prefer a sub-region.")
    for tier, rows in groups:
        st.markdown(f"**{plain_markdown(tier)}** — {len(rows)} programs")
        st.dataframe(rows, hide_index=True, width="stretch", key=f"mylist.tier.{tier}",
                     column_config={"Program": st.column_config.TextColumn(width="medium", pinned=True),
                                    "Reasons": st.column_config.TextColumn(width="large")})
    st.subheader("Programs elsewhere, by kind")
    st.dataframe(national_table(the_plan), hide_index=True, width="stretch")
    st.caption("Typical programs of each kind outside Southern California, every fact estimated: choose real programs "
               "that sponsor your visa.")
with right:
    chart = curve_chart(the_plan)
    st.plotly_chart(chart.figure, key="mylist.curve", width="stretch")
    st.caption(chart.takeaway)
    st.subheader("Signals")
    for line in signal_lines(the_plan):
        st.markdown(f"- {plain_markdown(line)}")
    st.caption(plain_markdown(f"Assumed effect: a signal multiplies the interview odds by "
                              f"{the_plan.signal_odds_ratio:g} (published for US graduates; none for IMGs)."))

st.subheader("Cost")
st.dataframe(cost_table(the_plan), hide_index=True, width="stretch",
             column_config={"USD": st.column_config.NumberColumn("USD", format="$%.2f")})
st.caption(plain_markdown(the_plan.cost.season_note))
with st.expander("Programs left out, and why"):
    st.dataframe(left_out_table(the_plan), hide_index=True, width="stretch")

d1, d2 = st.columns(2)
d1.download_button("Download the list (CSV)", list_csv(the_plan), file_name="smartpick_list.csv", mime="text/csv",
                   on_click="ignore", key="mylist.csv")
d2.download_button("Download the printable plan (HTML)", printable_html(the_plan, dash.scenarios()),
                   file_name="smartpick_plan.html", mime="text/html", on_click="ignore", key="mylist.html")
