"""Overview: the three numbers that matter, the best bets, what limits you, and what would help."""

from html import escape

import streamlit as st

from app_support import dashboard
from smartpick_core import TIER_ORDER, count_band, percent_band
from smartpick_core.views.figures import applications_curve_chart
from smartpick_core.views.summary import limiting_sentence, top_programs
from smartpick_core.views.tables import scenario_table

dash = dashboard()
result, outlook = dash.result, dash.result.outlook
scenarios = dash.scenarios()

st.title(f"Your {result.profile.specialty} outlook in Southern California")
st.caption(f"Application season {result.cycle_year} · {outlook.socal_applications} eligible SoCal programs "
           f"+ {outlook.national_applications} elsewhere = {outlook.applications} applications")

cols = st.columns(3)
cols[0].metric("Chance to match", percent_band(outlook.match_probability, outlook.match_probability_low,
                                               outlook.match_probability_high),
               help="Across all applications (SoCal + elsewhere), with the model's uncertainty band.")
cols[1].metric("Interviews expected",
               count_band(outlook.expected_interviews, outlook.expected_interviews_low, outlook.expected_interviews_high),
               help="Sum of every program's interview chance, with the model's uncertainty band.")
counts = result.tier_counts()
cols[2].metric("SoCal programs by tier", " · ".join(f"{int(counts[t.value])}" for t in TIER_ORDER),
               help=" · ".join(t.value for t in TIER_ORDER))
tier_cols = st.columns(len(TIER_ORDER))
for col, tier in zip(tier_cols, TIER_ORDER):
    col.metric(tier.value, int(counts[tier.value]), help=tier.meaning)

st.subheader("What limits you most")
st.markdown(f"**{limiting_sentence(result, scenarios)}**")

st.subheader("Your three most realistic programs")
best = top_programs(result, 3)
if best.empty:
    st.write("No Southern California program in this specialty is open to this profile yet — see the reasons on "
             "the Programs page.")
for _, row in best.iterrows():
    st.markdown(f"- **{escape(row['name'])}** ({escape(row['city'])}, {row['subregion']}) — {row['tier']}, "
                f"interview chance {row['likelihood_text']}  \n  <small>{escape(row['reasons_text'])}</small>",
                unsafe_allow_html=True)

left, right = st.columns(2)
with left:
    st.subheader("What moves the needle most")
    if scenarios.empty:
        st.write("No what-if applies to this profile.")
    else:
        st.dataframe(scenario_table(scenarios), hide_index=True, width="stretch")
        today = percent_band(outlook.match_probability, outlook.match_probability_low, outlook.match_probability_high)
        st.caption(f"Today: {today} chance to match. Each row changes one thing and "
                   "re-scores every program with the same model.")
with right:
    chart = applications_curve_chart(dash.applications_curve(), dash.national)
    st.plotly_chart(chart.figure, key="applications_curve", width="stretch")
    st.caption(chart.takeaway)
