"""Overview: the three numbers that matter, the best bets, what limits you, and what would help."""

import streamlit as st

from smartpick_app import outcomes_panels
from smartpick_app.state import dashboard
from smartpick_app.tables import show_table
from smartpick_core import TIER_ORDER, percent, percent_band
from smartpick_core.views.formatting import count_range
from smartpick_core.text import plain_markdown
from smartpick_core.views.figures import (CHART_WIDTH_PX, FONT, FULL_WIDTH_PX, PRESENTATION_FONT_SIZE,
                                          applications_curve_chart)
from smartpick_core.model.ranking import top_programs
from smartpick_core.views.summary import best_program_sentence, limiting_sentence, list_sentence, uncertainty_words
from smartpick_core.views.tables import scenario_table
from smartpick_core.model.wording import season_name

dash = dashboard()
result, outlook = dash.result, dash.result.outlook
scenarios = dash.scenarios()

st.title(f"Your {result.profile.specialty} outlook in Southern California")
st.caption(plain_markdown(f"{season_name(result.cycle_year)} · {list_sentence(result, dash.national)}"))

st.markdown(f"**{plain_markdown(best_program_sentence(result))}**")
cols = st.columns(3)
cols[0].metric("Chance to match", percent(outlook.match_probability),
               help="For the list above (SoCal + elsewhere). The fit band is what NRMP's figures allow (80%); the "
                    "second range is how far the program facts that are estimated, not known, could move it.")
cols[0].caption(uncertainty_words(outlook))
cols[1].metric("No interview at all", percent(outlook.p_no_interview),
               help="The chance that not one program on the list invites you: the least checked number here, since "
                    "NRMP counts only applicants who ranked programs. Given at least one interview, the chance to "
                    f"match is {percent(outlook.match_if_interviewed)} (what NRMP's match rates measure).")
cols[1].caption(f"given an interview, match {percent(outlook.match_if_interviewed)}")
cols[2].metric("Interviews expected", f"{outlook.expected_interviews:.1f}",
               help="Sum of every program's interview chance, with the model's uncertainty band.")
cols[2].caption(f"fit band {count_range(outlook.expected_interviews_low, outlook.expected_interviews_high)}")
outcomes_panels.correction_note(dash)     # with the office's local correction on: both outlooks, named
counts = result.tier_counts()
st.markdown(f"**{result.profile.specialty} programs in Southern California, by tier**")
tier_cols = st.columns(len(TIER_ORDER))
for col, tier in zip(tier_cols, TIER_ORDER):
    col.metric(tier.value, int(counts[tier.value]), help=tier.meaning)
st.caption("Tiers compare your effective score with what each program usually interviews; they are not odds. "
           "Even a Realistic program invites only a few applicants like you, so the interview chance is shown beside "
           "every tier.")

st.subheader("What limits you most")
st.markdown(f"**{plain_markdown(limiting_sentence(result, scenarios))}**")

st.subheader("Your most realistic programs")
best = top_programs(result, 5)
if best.empty:
    st.write("No Southern California program in this specialty is open to this profile yet — see the reasons on "
             "the Programs page.")
for _, row in best.iterrows():
    reasons = row["reasons"]
    st.markdown(f"- **{plain_markdown(row['name'])}** ({plain_markdown(row['city'])}, {row['subregion']}) — "
                f"**{row['tier']}**, interview chance {row['likelihood_text']}  \n"
                f"  {plain_markdown(reasons[0] if reasons else '')}  \n"
                f"  <small>{plain_markdown(' · '.join(reasons[1:]))}</small>",
                unsafe_allow_html=True)

st.subheader("What moves the needle most")
if scenarios.empty:
    st.write("No what-if applies to this profile.")
else:
    today = percent_band(outlook.match_probability, outlook.match_probability_low, outlook.match_probability_high)
    st.caption(f"Today: {today} chance to match. Each row changes one thing, re-scores every program with the "
               "same model and builds the list by the same rule as the headline; Change is in percentage points of "
               "the chance to match.")
    show_table(scenario_table(scenarios), present=dash.present, column_config={
        "What if…": st.column_config.TextColumn("What if…", width=175),
        "Change (points)": st.column_config.NumberColumn("Change (pts)", width=95, format="%+.1f",
                                                         help="Change in the chance to match, in percentage points"),
        "Chance to match": st.column_config.TextColumn("Chance to match", width=120),
        "More Realistic programs": st.column_config.NumberColumn("More Realistic", width=105, format="%+d"),
        "Interviews expected": st.column_config.NumberColumn("Interviews", width=85),
        "What it means": st.column_config.TextColumn("What it means", width=220),
    })

chart = applications_curve_chart(dash.applications_curve(), outlook.national_applications,
                                 font_size=PRESENTATION_FONT_SIZE if dash.present else FONT["size"],
                                 width_px=FULL_WIDTH_PX if dash.present else CHART_WIDTH_PX)
chart_col, text_col = (st.container(), st.container()) if dash.present else st.columns([3, 1])
chart_col.plotly_chart(chart.figure, key="applications_curve", width="stretch")
text_col.markdown(f"**What to take from it**  \n{plain_markdown(chart.takeaway)}")
