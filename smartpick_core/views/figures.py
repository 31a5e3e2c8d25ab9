"""Plotly figures of one ScoreResult, each with a title that states its finding.

Every builder returns a Chart: the plotly figure plus the sentence to print beside
it. Colours come from the one tier palette (TIER_COLORS). No streamlit here, so
tests read the figure JSON directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from ..text import plotly_text
from .formatting import percent
from .summary import ranked
from ..model.tiers import TIER_ORDER, Tier

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=14)


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    takeaway: str


def _layout(fig: go.Figure, title: str, x: str, y: str, **extra) -> go.Figure:
    fig.update_layout(title=dict(text=title, x=0, xanchor="left"), xaxis_title=x, yaxis_title=y, font=FONT,
                      legend_title_text="Tier", margin=dict(l=10, r=10, t=60, b=10), uirevision="static", **extra)
    return fig


def tiers_by_region_chart(result) -> Chart:
    """Stacked bars: programs per tier in each sub-region."""
    counts = result.tier_counts(by="subregion")
    fig = go.Figure()
    for tier in TIER_ORDER:
        fig.add_bar(x=counts.index.astype(str), y=counts[tier.value], name=tier.value, marker_color=tier.color,
                    hovertemplate="%{x}: %{y} " + tier.value + " programs<extra></extra>")
    fig.update_layout(barmode="stack")
    realistic = counts[Tier.REALISTIC.value]
    if realistic.sum() > 0:
        best = realistic.idxmax()
        title = f"{best} has the most Realistic programs for you ({int(realistic.max())})"
    else:
        open_ = counts.drop(columns=Tier.NOT_ELIGIBLE.value).sum(axis=1)
        title = (f"No Realistic programs yet; {open_.idxmax()} has the most you can apply to ({int(open_.max())})"
                 if open_.sum() > 0 else "Every program is closed to this profile by a hard screen")
    takeaway = ("Each bar is one sub-region; green programs are your realistic targets, grey ones are closed by a "
                "hard screen (visa, score, graduation year), so an application there is money thrown away.")
    return Chart(_layout(fig, title, "Sub-region", "Programs (count)"), takeaway)


def likelihood_chart(result) -> Chart:
    """Horizontal bars: interview chance per program, best first, coloured by tier, reasons on hover."""
    p = ranked(result.programs).iloc[::-1]          # the one ranking, best at the top of the chart
    p = p.assign(name=p["name"].map(plotly_text), reasons_text=p["reasons_text"].map(plotly_text))  # data, not markup
    fig = go.Figure()
    for tier in TIER_ORDER:
        part = p[p["tier"] == tier.value]
        if part.empty:
            continue
        fig.add_bar(
            y=part["name"], x=(part["interview_probability"] * 100).round(1), orientation="h", name=tier.value,
            marker_color=tier.color,
            error_x=dict(type="data", symmetric=False,
                         array=((part["interview_high"] - part["interview_probability"]) * 100).round(1),
                         arrayminus=((part["interview_probability"] - part["interview_low"]) * 100).round(1)),
            customdata=list(zip(part["likelihood_text"], part["reasons_text"].str.replace("; ", "<br>"))),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra>" + tier.value + "</extra>",
        )
    eligible = p[p["eligible"]]
    if not eligible.empty:
        best = eligible.iloc[-1]
        title = f"Most realistic: {best['name']} ({best['tier']}, {percent(best['interview_probability'])})"
    else:
        title = "No program is open to this profile yet"
    fig.update_yaxes(categoryorder="array", categoryarray=list(p["name"]))
    takeaway = ("Bars show the chance of an interview invitation at each program, with its uncertainty band; "
                "hover for the reasons. Programs with a zero bar fail a hard screen.")
    return Chart(_layout(fig, title, "Interview chance (%)", "Program", height=max(360, 22 * len(p) + 120),
                         barmode="overlay"), takeaway)


def tiers_by_step2_chart(frame: pd.DataFrame, current_step2: int) -> Chart:
    """Stacked bars: how the tier counts shift as Step 2 CK moves (frame from scenarios.tiers_by_step2)."""
    wide = frame.pivot_table(index="step2_ck", columns="tier", values="programs", aggfunc="sum").reindex(
        columns=[t.value for t in TIER_ORDER], fill_value=0).fillna(0)
    fig = go.Figure()
    for tier in TIER_ORDER:
        fig.add_bar(x=wide.index, y=wide[tier.value], name=tier.value, marker_color=tier.color,
                    hovertemplate="Step 2 CK %{x}: %{y} " + tier.value + "<extra></extra>")
    fig.update_layout(barmode="stack", bargap=0.15)
    fig.add_vline(x=current_step2, line_dash="dash", line_color="#333333",
                  annotation_text=f"you: {current_step2}", annotation_position="top")
    realistic = wide[Tier.REALISTIC.value]
    low_score, high_score = int(wide.index.min()), int(wide.index.max())
    title = (f"Realistic programs: {int(realistic.iloc[0])} at Step 2 CK {low_score}, "
             f"{int(realistic.iloc[-1])} at {high_score}")
    takeaway = ("Everything else in your profile is held fixed; only Step 2 CK moves. Where green grows quickly, "
                "the score is what holds you back; where grey stays, a hard screen (often visa) does.")
    return Chart(_layout(fig, title, "Step 2 CK score (points)", "Programs (count)"), takeaway)


def applications_curve_chart(curve: pd.DataFrame, current_national: int) -> Chart:
    """Line with band: chance to match as applications elsewhere grow (frame from scenarios.applications_curve)."""
    x = curve["national_applications"]
    fig = go.Figure()
    fig.add_scatter(x=x, y=(curve["match_probability_high"] * 100).round(1), mode="lines", line=dict(width=0),
                    showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=x, y=(curve["match_probability_low"] * 100).round(1), mode="lines", line=dict(width=0),
                    fill="tonexty", fillcolor="rgba(0,114,178,0.18)", name="uncertainty band", hoverinfo="skip")
    fig.add_scatter(x=x, y=(curve["match_probability"] * 100).round(1), mode="lines+markers",
                    line=dict(color="#0072B2", width=3), name="chance to match",
                    customdata=curve["expected_interviews"].round(1),
                    hovertemplate="%{x} programs elsewhere: %{y}% chance to match, "
                                  "%{customdata} interviews expected<extra></extra>")
    fig.add_vline(x=current_national, line_dash="dash", line_color="#333333",
                  annotation_text=f"you: {current_national}", annotation_position="top")
    first, last = curve.iloc[0], curve.iloc[-1]
    title = (f"Chance to match: {percent(first['match_probability'])} with SoCal only, "
             f"{percent(last['match_probability'])} with {int(last['national_applications'])} programs elsewhere")
    takeaway = ("Applying only in Southern California is rarely enough; the curve shows how much a broad national "
                "list adds, and where extra applications stop paying off.")
    fig = _layout(fig, title, "Applications outside SoCal (programs)", "Chance to match (%)")
    fig.update_layout(legend_title_text="")
    fig.update_yaxes(range=[0, 100])
    return Chart(fig, takeaway)
