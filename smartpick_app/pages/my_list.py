"""My list: the application list for a budget or a number of applications, with signals, the curve of chance
against dollars, the cost, and the exports (list CSV, printable plan). Everything is built by the core."""

from functools import partial

import streamlit as st

from smartpick_app.state import (APPLICATIONS_KEY, back_to_default_applications, dashboard, follow_default_applications,
                                 own_applications)
from smartpick_app.tables import key_columns, show_table
from smartpick_core.views.formatting import plural
from smartpick_core.views.tables import eligible_program_names, plan_tier_rows
from smartpick_core.model.profile import SUBREGIONS
from smartpick_core.model.wording import season_name
from smartpick_core.text import plain_markdown
from smartpick_core.views.plan_report import (
    cost_table, curve_chart, difference_from_default, headline, left_out_summary, left_out_table, list_csv,
    named_national_table, national_table, no_socal_sentence, printable_html, signal_lines, tier_groups, tier_mix,
)

BUDGET_MAX = 8000
BY_BUDGET, BY_COUNT = "Budget (US dollars)", "Number of applications"

dash = dashboard()
result = dash.result
st.title(f"My {result.profile.specialty} list")


@st.fragment
def plan_view(dash) -> None:
    """The list's settings and the list they build: budget, count, pins or signals rerun this part only, not
    the sidebar and its scoring (a fragment is page structure; the plan is built in smartpick_core)."""
    # Presentation mode: the settings fold away (still drawn, one click to open; full width, so the settings'
    # columns are as wide as in normal mode) and the fine print moves under the list, so the list itself starts in
    # the first screen.
    controls = st.expander("List settings") if dash.present else st.container()
    c1, c2, c3 = controls.columns([1, 1.3, 1.7])
    mode = c1.radio("Plan by", [BY_COUNT, BY_BUDGET], key="mylist.mode")
    if mode == BY_BUDGET:
        budget: int | None = c2.slider("Budget for the season's fees (US dollars)", 0, BUDGET_MAX, 3000, step=100, key="mylist.budget")
        applications: int | None = None
    else:
        follow_default_applications(dash.default_applications)
        applications = c2.number_input("Applications (Southern California + elsewhere)", 0, 800, step=5,
                                       key=APPLICATIONS_KEY, on_change=own_applications,
                                       help="Starts at the default list the Overview shows; type your own number.")
        c2.button("Default list", key="mylist.default", on_click=back_to_default_applications,
                  help="Back to the default list the Overview shows.")
        budget = None
    prefer = c3.multiselect("Preferred sub-regions (a bonus, not a rule)", list(SUBREGIONS), key="mylist.prefer",
                            placeholder="No preference",
                            help="A stated preference counts a program's value more in these sub-regions (your SoCal "
                                 "USCE's, for example). Empty: the default list the Overview shows.")
    socal_first = c1.toggle("SoCal first", value=True, key="mylist.socal_first",
                            help="Your Realistic and then Reach SoCal programs go on the list before any program "
                                 "elsewhere. Off: order by chance alone (never apply to SoCal alone either way).")
    names = eligible_program_names(result)
    p1, p2, p3 = controls.columns([1.3, 1.3, 1.4])   # "Recommend signals" whole at 1280 px in presentation mode
    include = p1.multiselect("Pin programs (always on the list)", list(names), format_func=names.__getitem__, key="mylist.include",
                             placeholder="None pinned")
    exclude = p2.multiselect("Exclude programs", [i for i in names if i not in include], format_func=names.__getitem__,
                             key="mylist.exclude", placeholder="None excluded")
    signals = p3.toggle("Recommend signals", value=True, key="mylist.signals")

    the_plan = dash.plan(applications=None if applications is None else int(applications),
                         budget_usd=None if budget is None else float(budget), include=include, exclude=exclude,
                         prefer=prefer, signals=signals, socal_first=socal_first)
    first, second = headline(the_plan)
    st.markdown(f"### {plain_markdown(first)}")
    st.markdown(f"**{plain_markdown(second)}**")
    fine_print = [f"{season_name(the_plan.cycle_year)} · {the_plan.socal_applications} Southern California programs + "
                  f"{the_plan.national_applications} elsewhere. {tier_mix(the_plan)} {left_out_summary(the_plan)}",
                  difference_from_default(the_plan, result.outlook), *the_plan.notes]
    for line in fine_print if not dash.present else ():     # presentation: under the list, folded
        if line:
            st.caption(plain_markdown(line))

    if not dash.present:      # presentation: the tier lines below say it
        st.subheader("Your Southern California list, by tier")
    groups = tier_groups(the_plan)
    why_none = no_socal_sentence(the_plan) if not groups else ""
    if why_none:
        st.write(plain_markdown(why_none))
    column = st.column_config
    one_line = plan_tier_rows(the_plan, result.profile.specialty) if dash.present else {}
    for tier, rows in groups:     # full width, widths that fit 1280 px, Reasons wrapped (tables.show_table)
        if not dash.present:      # presentation: the rows' heading names the tier and its count
            st.markdown(f"**{plain_markdown(tier)}** — {plural(len(rows), 'program')}")
        show_table(rows, present=dash.present, key=f"mylist.tier.{tier}", rows_html=one_line.get(tier), column_config={
            "Program": column.TextColumn("Program", width=200), "Sub-region": column.TextColumn("Sub-region", width=105),
            "Interview chance": column.TextColumn("Interview chance", width=115),
            "Signal": column.TextColumn("Signal", width=60), "Why chosen": column.TextColumn("Why chosen", width=150),
            "Reasons": column.TextColumn("Reasons", width=170)})
    if dash.present:
        with st.expander("About this list: season, tier mix, fees, signals"):
            for line in fine_print:
                if line:
                    st.caption(plain_markdown(line))
    if len(the_plan.named_national):
        st.subheader("Your own programs elsewhere")
        show_table(named_national_table(the_plan), present=dash.present, key="mylist.named")
    st.subheader("Programs elsewhere, by kind")
    show_table(national_table(the_plan), present=dash.present, column_config={
        "Programs elsewhere": column.TextColumn("Programs elsewhere", width=260)})
    st.caption(plain_markdown(the_plan.pool_note))
    chart_col, signal_col = (st.container(), st.container()) if dash.present else st.columns([3, 2])
    with chart_col:
        chart = curve_chart(the_plan)
        st.plotly_chart(chart.figure, key="mylist.curve", width="stretch")
        st.caption(chart.takeaway)
    with signal_col:
        st.subheader("Signals")
        for line in signal_lines(the_plan):
            st.markdown(f"- {plain_markdown(line)}")
        st.caption(plain_markdown(f"Assumed effect: a signal multiplies the interview odds by "
                                  f"{the_plan.signal_odds_ratio:g} (published for US graduates; none for IMGs)."))

    st.subheader("Cost")
    show_table(cost_table(the_plan), present=dash.present, hide_when_presenting=("Source",), column_config={
        "Item": column.TextColumn("Item", width=330), "USD": column.NumberColumn("USD", format="$%.2f", width=100),
        "Confirmed for the season": column.TextColumn("Confirmed for the season", width=200),
        "Source": column.LinkColumn("Source", display_text="open source", width=120)})
    st.caption(plain_markdown(the_plan.cost.season_note))
    with st.expander("Programs left out, and why"):
        show_table(left_out_table(the_plan), present=dash.present, height=420,
                   column_config={**{k: v for k, v in key_columns().items() if k != "Why"},
                                  "Why left out": column.TextColumn("Why left out", width=280)})

    d1, d2 = st.columns(2)
    # The files are written when clicked (a callable), not on every rerun of the page.
    d1.download_button("Download the list (CSV)", partial(list_csv, the_plan), file_name="smartpick_list.csv", mime="text/csv",
                       on_click="ignore", key="mylist.csv")
    d2.download_button("Download the printable plan (HTML)", lambda: printable_html(the_plan, dash.plan_what_ifs(the_plan)),
                       file_name="smartpick_plan.html", mime="text/html", on_click="ignore", key="mylist.html")


plan_view(dash)
