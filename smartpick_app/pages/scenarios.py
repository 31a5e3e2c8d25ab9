"""Compare scenarios: pin the profile on screen as scenario A, change the sidebar (scenario B), see A vs B.

The page only renders: smartpick_core.views.scenario_compare builds every table, smartpick_app.state keeps A
(session state and the link's a.<field> keys)."""

import streamlit as st

from smartpick_app.state import dashboard, pin_current, pinned_scenario, unpin
from smartpick_app.tables import show_table
from smartpick_core import percent
from smartpick_core.text import plain_markdown
from smartpick_core.views.formatting import count_range, percent_range
from smartpick_core.views.scenario_compare import (
    changed_tiers, outlook_comparison, profile_changes, same_programs, tiers_by_subregion_comparison,
)

dash = dashboard()
st.title("Compare scenarios")
pinned = pinned_scenario()

b1, b2 = st.columns(2)     # wide enough for the labels in presentation mode
b1.button("Pin as scenario A", on_click=pin_current, key="scenarios.pin", type="primary" if pinned is None else "secondary",
          help="Keeps the profile on screen now as scenario A. Then change the sidebar: that is scenario B.")
if pinned is not None:
    b2.button("Clear scenario A", on_click=unpin, key="scenarios.clear")

if pinned is None:
    st.info("Pin the profile on screen as scenario A, then change the sidebar (a higher score, more SoCal months, "
            "another visa route…). Scenario B is always the sidebar now; both stay in the address bar, so the link "
            "shares the comparison.")
else:
    (a_pin, a), b = pinned, dash.result
    changes = profile_changes(a_pin.profile, b.profile, a_pin.national, dash.national)
    st.markdown("**Scenario A** is the pinned profile; **scenario B** is the sidebar now.")
    if changes:
        st.markdown("**What differs (A → B):** " + plain_markdown("; ".join(changes)))
    else:
        st.caption("A and B are the same profile so far: change the sidebar to see B move.")

    st.subheader("Outlook")
    compared = outlook_comparison(a, b)
    for col, name, result, is_b in zip(st.columns(2), ("Scenario A", "Scenario B"), (a, b), (False, True)):
        o = result.outlook
        with col:
            st.markdown(f"**{name}**")
            m1, m2, m3 = st.columns(3)
            m1.metric("Chance to match", percent(o.match_probability),
                      delta=f"{compared.match_change * 100:+.1f} pts" if is_b else None)
            m1.caption(f"band {percent_range(o.match_probability_low, o.match_probability_high)}")
            m2.metric("Interviews expected", f"{o.expected_interviews:.1f}",
                      delta=f"{compared.interviews_change:+.1f}" if is_b else None)
            m2.caption(f"band {count_range(o.expected_interviews_low, o.expected_interviews_high)}")
            m3.metric("No interview at all", percent(o.p_no_interview),
                      delta=f"{compared.no_interview_change * 100:+.1f} pts" if is_b else None, delta_color="inverse")
    if dash.present:   # short tables: plain st.dataframe normally, the enlarged st.table when presenting
        show_table(compared.table, present=True)
    else:
        st.dataframe(compared.table, hide_index=True, width="stretch", key="scenarios.outlook")

    st.subheader("Tiers by sub-region")
    st.caption("Programs per tier in each sub-region; “2 → 5” means 2 in scenario A and 5 in scenario B.")
    tiers = tiers_by_subregion_comparison(a, b)
    if dash.present:
        show_table(tiers, present=True)
    else:
        st.dataframe(tiers, hide_index=True, width="stretch", key="scenarios.tiers")

    st.subheader("Programs that changed tier")
    if not same_programs(a, b):
        st.caption(plain_markdown(f"A is {a.profile.specialty} and B is {b.profile.specialty}: the programs differ, "
                                  "so only the programs in both are compared."))
    moved = changed_tiers(a, b)
    if moved.empty:
        st.write("No program changed tier between A and B.")
    else:
        st.caption(f"{len(moved)} programs, in scenario B's ranking (most realistic first).")
        show_table(moved.drop(columns=["program_id"]), present=dash.present, key="scenarios.moved", height=420,
                   column_config={"Program": st.column_config.TextColumn("Program", width=240)})
    st.caption("Both scenarios are in the address bar (scenario A's values start with “a.”): copy it to share "
               "the comparison.")
