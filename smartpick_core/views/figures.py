"""Plotly figures of one ScoreResult, each with a title that states its finding.

Every builder returns a Chart: the plotly figure plus the sentence to print beside
it. Colours come from the one tier palette (TIER_COLORS). No streamlit here, so
tests read the figure JSON directly.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from ..text import plotly_text, shorten
from .formatting import percent
from .summary import ranked
from ..model.tiers import TIER_ORDER, Tier

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=14)
PRESENTATION_FONT_SIZE = 19     # chart text in presentation mode, to match the enlarged page text
CHART_WIDTH_PX = 560            # the narrowest a chart gets at 1280 px with the sidebar open (titles wrap to it)
FULL_WIDTH_PX = 780             # a chart alone on its row at 1280 px (presentation mode)
TOP_PROGRAMS = 15               # the per-program chart shows this many unless "show all"
NAME_CHARS = 32                 # program names on an axis are shortened to this at 14 px; the hover has the full name


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    takeaway: str


def wrap_title(title: str, *, font_size: int = FONT["size"], width_px: int = CHART_WIDTH_PX) -> str:
    """The title broken into lines ("<br>") that fit width_px at font_size, so a narrow chart never cuts it."""
    title_px = font_size + 3
    chars = max(20, int(width_px / (0.56 * title_px)))
    lines = [line for part in title.split(" · ")          # " · " parts start a new line when the title wraps
             for line in textwrap.wrap(part, chars, break_long_words=False, break_on_hyphens=False)]
    return title if len(title) <= chars else ("<br>".join(lines) or title)


def _layout(fig: go.Figure, title: str, x: str, y: str, *, font_size: int = FONT["size"],
            width_px: int = CHART_WIDTH_PX, height: int | None = None, **extra) -> go.Figure:
    """Title wrapped to the chart's width above the plot; legend in one row at the bottom of the chart, so it
    covers no bar and no title. The height is explicit (grows with the title's lines) so the title can be
    placed in pixels."""
    text = wrap_title(title, font_size=font_size, width_px=width_px)
    lines = text.count("<br>") + 1
    line_h = 1.25 * (font_size + 3)
    title_h = 8 + lines * line_h
    legend_h = font_size * 2.4
    height = height or int(300 + 9 * font_size + title_h)
    # Plotly puts the *first* line of a multi-line title at the anchor and runs the others downwards, so the
    # first line's bottom is anchored, in pixels from the top, and the top margin makes room for all lines.
    fig.update_layout(title=dict(text=text, x=0, xanchor="left", xref="container", yref="container",
                                 y=1 - (8 + line_h) / height, yanchor="bottom", font=dict(size=font_size + 3)),
                      xaxis_title=x, yaxis_title=y, font={**FONT, "size": font_size}, height=height,
                      legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", xanchor="left", x=0,
                                  title_text="", traceorder="normal"),   # tier order, also for stacked bars
                      margin=dict(l=10, r=10, t=int(title_h + 14), b=int(legend_h + 8)), uirevision="static",
                      **extra)
    # Explicit sizes: Streamlit's chart theme would otherwise draw ticks, axis titles and legend at its own size,
    # so presentation mode could not enlarge them together with the page.
    axis_text = dict(tickfont=dict(size=font_size), title_font=dict(size=font_size + 1), automargin=True)
    fig.update_xaxes(**axis_text)
    fig.update_yaxes(**axis_text)
    fig.update_layout(legend_font=dict(size=font_size))
    return fig


def tiers_by_region_chart(result, *, font_size: int = FONT["size"], width_px: int = CHART_WIDTH_PX) -> Chart:
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
    return Chart(_layout(fig, title, "Sub-region", "Programs (count)", font_size=font_size, width_px=width_px),
                 takeaway)


def name_chars(font_size: int, width_px: int = CHART_WIDTH_PX) -> int:
    """How much of a program name fits beside the bars: fewer characters as the text grows, more in a wider chart."""
    return max(18, int(NAME_CHARS * FONT["size"] / font_size * min(width_px / CHART_WIDTH_PX, 1.6)))


def likelihood_chart(result, *, top: int | None = TOP_PROGRAMS, font_size: int = FONT["size"],
                     width_px: int = CHART_WIDTH_PX) -> Chart:
    """Horizontal bars: interview chance per program in the one ranking (best at the top), coloured by tier,
    full name and reasons on hover. top=None shows every program; the height grows with the count so each bar
    stays readable. Bars sit on rank positions (names as tick labels), so two names that shorten alike never
    merge into one bar."""
    everyone = ranked(result.programs)
    p = everyone if top is None else everyone.head(top)
    p = p.assign(rank=range(len(p)), full_name=p["name"].map(plotly_text),
                 reasons_text=p["reasons_text"].map(plotly_text))           # data, not markup
    fig = go.Figure()
    for tier in TIER_ORDER:
        part = p[p["tier"] == tier.value]
        if part.empty:
            continue
        fig.add_bar(
            y=part["rank"], x=(part["interview_probability"] * 100).round(1), orientation="h", name=tier.value,
            marker_color=tier.color,
            error_x=dict(type="data", symmetric=False,
                         array=((part["interview_high"] - part["interview_probability"]) * 100).round(1),
                         arrayminus=((part["interview_probability"] - part["interview_low"]) * 100).round(1)),
            customdata=list(zip(part["full_name"], part["likelihood_text"], part["reasons_text"].str.replace("; ", "<br>"))),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra>" + tier.value + "</extra>",
        )
    eligible = everyone[everyone["eligible"]]
    if not eligible.empty:
        best = eligible.iloc[0]
        title = f"Most realistic: {plotly_text(best['name'])} ({best['tier']}, {percent(best['interview_probability'])})"
    else:
        title = "No program is open to this profile yet"
    if top is not None and len(everyone) > len(p):
        title += f" · top {len(p)} of {len(everyone)} programs"
    fig.update_yaxes(tickmode="array", tickvals=list(p["rank"]),
                     ticktext=[plotly_text(shorten(name, name_chars(font_size, width_px))) for name in p["name"]],
                     autorange="reversed")
    takeaway = ("Bars show the chance of an interview invitation at each program, best first in the same order as "
                "every page, with its uncertainty band; hover for the full name and the reasons. Programs with a "
                "zero bar fail a hard screen.")
    bar_px = int(font_size * 2)
    lines = wrap_title(title, font_size=font_size, width_px=width_px).count("<br>") + 1
    return Chart(_layout(fig, title, "Interview chance (%)", "Program", font_size=font_size, width_px=width_px,
                         height=bar_px * len(p) + int(6.5 * font_size + lines * 1.25 * (font_size + 3) + 40),
                         barmode="overlay", bargap=0.25, showlegend=True),
                 takeaway)


def tiers_by_step2_chart(frame: pd.DataFrame, current_step2: int, *, font_size: int = FONT["size"],
                         width_px: int = CHART_WIDTH_PX) -> Chart:
    """Stacked bars: how the tier counts shift as Step 2 CK moves (frame from scenarios.tiers_by_step2)."""
    wide = frame.pivot_table(index="step2_ck", columns="tier", values="programs", aggfunc="sum").reindex(
        columns=[t.value for t in TIER_ORDER], fill_value=0).fillna(0)
    fig = go.Figure()
    for tier in TIER_ORDER:
        fig.add_bar(x=wide.index, y=wide[tier.value], name=tier.value, marker_color=tier.color,
                    hovertemplate="Step 2 CK %{x}: %{y} " + tier.value + "<extra></extra>")
    fig.update_layout(barmode="stack", bargap=0.15)
    fig.add_vline(x=current_step2, line_dash="dash", line_color="#333333",
                  annotation_text=f"you: {current_step2}", annotation_position="bottom right",
                  annotation_bgcolor="rgba(255,255,255,0.85)")
    realistic = wide[Tier.REALISTIC.value]
    low_score, high_score = int(wide.index.min()), int(wide.index.max())
    title = (f"Realistic programs: {int(realistic.iloc[0])} at Step 2 CK {low_score}, "
             f"{int(realistic.iloc[-1])} at {high_score}")
    takeaway = ("Everything else in your profile is held fixed; only Step 2 CK moves. Where green grows quickly, "
                "the score is what holds you back; where grey stays, a hard screen (often visa) does.")
    return Chart(_layout(fig, title, "Step 2 CK score (points)", "Programs (count)", font_size=font_size,
                         width_px=width_px), takeaway)


def applications_curve_chart(curve: pd.DataFrame, current_national: int, *, font_size: int = FONT["size"],
                             width_px: int = CHART_WIDTH_PX) -> Chart:
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
                  annotation_text=f"you: {current_national}", annotation_position="bottom right",
                  annotation_bgcolor="rgba(255,255,255,0.85)")
    first, last = curve.iloc[0], curve.iloc[-1]
    title = (f"Chance to match: {percent(first['match_probability'])} with SoCal only, "
             f"{percent(last['match_probability'])} with {int(last['national_applications'])} programs elsewhere")
    takeaway = ("Applying only in Southern California is rarely enough; the curve shows how much a broad national "
                "list adds, and where extra applications stop paying off.")
    fig = _layout(fig, title, "Applications outside SoCal (programs)", "Chance to match (%)", font_size=font_size,
                  width_px=width_px)
    fig.update_yaxes(range=[0, 100])
    return Chart(fig, takeaway)
