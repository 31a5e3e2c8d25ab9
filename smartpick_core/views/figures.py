"""Plotly figures of one ScoreResult, each with a title that states its finding.

Every builder returns a Chart: the plotly figure plus the sentence to print beside
it. Colours come from the one tier palette (TIER_COLORS). No streamlit here, so
tests read the figure JSON directly.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import Any
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..text import plotly_text
from .formatting import plural, short_name
from ..model.wording import percent
from ..model.ranking import ranking_order
from ..model.tiers import TIER_ORDER, Tier

FONT: dict[str, Any] = dict(family="DejaVu Sans, Arial, sans-serif", size=14)
PRESENTATION_FONT_SIZE = 19     # chart text in presentation mode, to match the enlarged page text
CHART_WIDTH_PX = 560            # the narrowest a chart gets at 1280 px with the sidebar open (titles wrap to it)
FULL_WIDTH_PX = 780             # a chart alone on its row at 1280 px (presentation mode)
TOP_PROGRAMS = 15               # the per-program chart shows this many unless "show all"
NAME_CHARS = 32                 # a line of a program's name beside its bar at 14 px (longer names wrap; hover: full)


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


def _layout(title: str, x: str, y: str, *, font_size: int = FONT["size"], width_px: int = CHART_WIDTH_PX,
            height: int | None = None, xaxis: dict | None = None, yaxis: dict | None = None, **extra) -> dict:
    """Title wrapped to the chart's width above the plot; legend in one row at the bottom of the chart, so it
    covers no bar and no title. The height is explicit (grows with the title's lines) so the title can be
    placed in pixels. A plain layout dict: the figure is validated once, in `_figure` (plotly's update_layout
    re-validates on every call, ~20 ms a chart on every rerun)."""
    text = wrap_title(title, font_size=font_size, width_px=width_px)
    lines = text.count("<br>") + 1
    line_h = 1.25 * (font_size + 3)
    title_h = 8 + lines * line_h
    legend_h = font_size * 2.4
    height = height or int(300 + 9 * font_size + title_h)
    # Explicit sizes: Streamlit's chart theme would otherwise draw ticks, axis titles and legend at its own size,
    # so presentation mode could not enlarge them together with the page.
    def axis(label: str, more: dict | None) -> dict:
        return {"title": {"text": label, "font": {"size": font_size + 1}}, "tickfont": {"size": font_size},
                "automargin": True, **(more or {})}
    # Plotly puts the *first* line of a multi-line title at the anchor and runs the others downwards, so the
    # first line's bottom is anchored, in pixels from the top, and the top margin makes room for all lines.
    return {"title": {"text": text, "x": 0, "xanchor": "left", "xref": "container", "yref": "container",
                      "y": 1 - (8 + line_h) / height, "yanchor": "bottom", "font": {"size": font_size + 3}},
            "xaxis": axis(x, xaxis), "yaxis": axis(y, yaxis), "font": {**FONT, "size": font_size}, "height": height,
            "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "xanchor": "left", "x": 0,
                       "title": {"text": ""}, "traceorder": "normal",   # tier order, also for stacked bars
                       "font": {"size": font_size}},
            "margin": {"l": 10, "r": 10, "t": int(title_h + 14), "b": int(legend_h + 8)}, "uirevision": "static",
            **extra}


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """One plotly Figure from plain trace and layout dicts (validated once, as a whole)."""
    return go.Figure({"data": data, "layout": layout})


def _you_line(x: float, label: str) -> dict:
    """A dashed vertical line at the applicant's own value, labelled at its foot (shape + annotation)."""
    return {"shapes": [{"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                        "line": {"color": "#333333", "dash": "dash"}}],
            "annotations": [{"text": label, "x": x, "xref": "x", "y": 0, "yref": "y domain", "xanchor": "left",
                             "yanchor": "bottom", "showarrow": False, "bgcolor": "rgba(255,255,255,0.85)"}]}


def _leaders(counts: pd.Series) -> str:
    """'Inland Empire has' or, when counts tie, 'Los Angeles and Inland Empire have': a tie is never hidden."""
    top = [str(name) for name, n in counts.items() if n == counts.max()]
    if len(top) == 1:
        return f"{top[0]} has"
    return f"{', '.join(top[:-1])} and {top[-1]} have"


def _most(counts: pd.Series) -> str:
    """The leaders' count: '6', or '6 each' when several share it, so a tie never reads as their sum."""
    most = int(counts.max())
    return f"{most} each" if int((counts == most).sum()) > 1 else str(most)


def tiers_by_region_chart(result, *, font_size: int = FONT["size"], width_px: int = CHART_WIDTH_PX) -> Chart:
    """Stacked bars: programs per tier in each sub-region."""
    counts = result.tier_counts(by="subregion")
    data = [{"type": "bar", "x": list(counts.index.astype(str)), "y": counts[tier.value].to_numpy(), "name": tier.value,
             "marker": {"color": tier.color}, "customdata": [plural(n, f"{tier.value} program") for n in counts[tier.value]],
             "hovertemplate": "%{x}: %{customdata}<extra></extra>"}
            for tier in TIER_ORDER]
    realistic = counts[Tier.REALISTIC.value]
    if realistic.sum() > 0:
        title = f"{_leaders(realistic)} the most Realistic programs for you ({_most(realistic)})"
    else:
        open_ = counts.drop(columns=Tier.NOT_ELIGIBLE.value).sum(axis=1)
        title = (f"No Realistic programs yet; {_leaders(open_)} the most you can apply to ({_most(open_)})"
                 if open_.sum() > 0 else "Every program is closed to this profile by a hard screen")
    takeaway = ("Each bar is one sub-region; green programs are your realistic targets, grey ones are closed by a "
                "hard screen (visa, score, graduation year), so an application there is money thrown away.")
    return Chart(_figure(data, _layout(title, "Sub-region", "Programs (count)", font_size=font_size, width_px=width_px,
                                       barmode="stack")), takeaway)


def name_chars(font_size: int, width_px: int = CHART_WIDTH_PX) -> int:
    """How much of a program name fits on a line beside the bars: fewer characters as the text grows, more in a
    wider chart."""
    return max(18, int(NAME_CHARS * FONT["size"] / font_size * min(width_px / CHART_WIDTH_PX, 1.6)))


@lru_cache(maxsize=8192)
def axis_name(name: str, specialty: str, chars: int) -> str:
    """A program's name beside its bar: the short display name (formatting.short_name: no specialty, no
    'Residency'), wrapped at word boundaries onto lines of `chars` ("<br>"), never cut, so no name ends in '…'."""
    lines = textwrap.wrap(short_name(name, specialty), chars, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(plotly_text(line) for line in lines)


LIKELIHOOD_COLUMNS = ("name", "reasons_text", "tier", "interview_probability", "interview_low", "interview_high",
                      "likelihood_text", "eligible", "specialty")
RANKING_COLUMNS = ("status", "unknown_facts", "score_gap", "program_id")     # what ranking_order reads besides


@lru_cache(maxsize=16384)
def _plotly_text(value: str) -> str:
    """plotly_text kept per text: the names (and most reasons) are the same from one rerun to the next."""
    return plotly_text(value)


def likelihood_chart(result, *, top: int | None = TOP_PROGRAMS, font_size: int = FONT["size"],
                     width_px: int = CHART_WIDTH_PX) -> Chart:
    """Horizontal bars: interview chance per program in the one ranking (best at the top), coloured by tier,
    full name and reasons on hover. top=None shows every program; the height grows with the count so each bar
    stays readable. Bars sit on rank positions (names as tick labels), so two names that shorten alike never
    merge into one bar."""
    programs = result.programs
    # ranked(programs), but only the columns this chart reads through the take (not every scored column)
    everyone = programs[[c for c in dict.fromkeys((*LIKELIHOOD_COLUMNS, *RANKING_COLUMNS)) if c in programs.columns]
                        ].iloc[ranking_order(programs)]
    p = everyone if top is None else everyone.head(top)
    p = p.assign(rank=range(len(p)), full_name=p["name"].map(_plotly_text),
                 reasons_text=p["reasons_text"].map(_plotly_text))           # data, not markup
    data = []
    for tier in TIER_ORDER:
        part = p[p["tier"] == tier.value]
        if part.empty:
            continue
        data.append({
            "type": "bar", "y": part["rank"].to_numpy(), "x": (part["interview_probability"] * 100).round(1).to_numpy(),
            "orientation": "h", "name": tier.value, "marker": {"color": tier.color},
            "error_x": {"type": "data", "symmetric": False,
                        "array": ((part["interview_high"] - part["interview_probability"]) * 100).round(1).to_numpy(),
                        "arrayminus": ((part["interview_probability"] - part["interview_low"]) * 100).round(1).to_numpy()},
            "customdata": [list(row) for row in zip(part["full_name"], part["likelihood_text"],
                                                    part["reasons_text"].str.replace("; ", "<br>"))],
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra>" + tier.value + "</extra>",
        })
    eligible = everyone[everyone["eligible"]]
    if not eligible.empty:
        best = eligible.iloc[0]
        title = f"Most realistic: {plotly_text(best['name'])} ({best['tier']}, {percent(best['interview_probability'])})"
    else:
        title = "No program is open to this profile yet"
    if top is not None and len(everyone) > len(p):
        title += f" · top {len(p)} of {len(everyone)} programs"
    specialty = str(p["specialty"].iloc[0]) if "specialty" in p and len(p) else ""    # one specialty a chart
    names = [axis_name(name, specialty, name_chars(font_size, width_px)) for name in p["name"]]
    ticks = {"tickmode": "array", "tickvals": list(p["rank"]), "autorange": "reversed", "ticktext": names}
    takeaway = ("Bars show the chance of an interview invitation at each program, best first in the same order as "
                "every page, with its uncertainty band; hover for the full name and the reasons. Programs with a "
                "zero bar fail a hard screen.")
    name_lines = max((name.count("<br>") + 1 for name in names), default=1)
    bar_px = int(font_size * max(2.0, 1.25 * name_lines + 0.5))     # a wrapped name keeps clear of the next
    lines = wrap_title(title, font_size=font_size, width_px=width_px).count("<br>") + 1
    return Chart(_figure(data, _layout(title, "Interview chance (%)", "Program", font_size=font_size, width_px=width_px,
                                       height=bar_px * len(p) + int(6.5 * font_size + lines * 1.25 * (font_size + 3) + 40),
                                       yaxis=ticks, barmode="overlay", bargap=0.25, showlegend=True)),
                 takeaway)


def _tiers_wide(frame: pd.DataFrame) -> pd.DataFrame:
    """Programs per Step 2 CK (rows) and tier (columns, tier order). The sweep gives every tier at every score
    once, so a reshape of its numbers is the table; anything else takes pandas' pivot (sum, missing = 0)."""
    order = [t.value for t in TIER_ORDER]
    step2 = frame["step2_ck"].to_numpy()
    scores = np.unique(step2)
    col = pd.Index(order).get_indexer(frame["tier"].to_numpy(dtype=object))
    row = np.searchsorted(scores, step2)
    complete = (len(frame) == len(scores) * len(order) and frame["programs"].dtype.kind in "iu" and bool((col >= 0).all())
                and len(np.unique(row * len(order) + col)) == len(frame))
    if not complete:
        return frame.pivot_table(index="step2_ck", columns="tier", values="programs", aggfunc="sum").reindex(
            columns=order, fill_value=0).fillna(0)
    values = np.zeros((len(scores), len(order)), dtype=frame["programs"].dtype)
    values[row, col] = frame["programs"].to_numpy()
    return pd.DataFrame(values, index=pd.Index(scores, name="step2_ck"), columns=pd.Index(order, name="tier"))


def tiers_by_step2_chart(frame: pd.DataFrame, current_step2: int, *, font_size: int = FONT["size"],
                         width_px: int = CHART_WIDTH_PX) -> Chart:
    """Stacked bars: how the tier counts shift as Step 2 CK moves (frame from scenarios.tiers_by_step2)."""
    wide = _tiers_wide(frame)
    data = [{"type": "bar", "x": wide.index.to_numpy(), "y": wide[tier.value].to_numpy(), "name": tier.value,
             "marker": {"color": tier.color}, "hovertemplate": "Step 2 CK %{x}: %{y} " + tier.value + "<extra></extra>"}
            for tier in TIER_ORDER]
    realistic = wide[Tier.REALISTIC.value]
    low_score, high_score = int(wide.index.min()), int(wide.index.max())
    title = (f"Realistic programs: {int(realistic.iloc[0])} at Step 2 CK {low_score}, "
             f"{int(realistic.iloc[-1])} at {high_score}")
    takeaway = ("Everything else in your profile is held fixed; only Step 2 CK moves. Where green grows quickly, "
                "the score is what holds you back; where grey stays, a hard screen (often visa) does.")
    return Chart(_figure(data, _layout(title, "Step 2 CK score (points)", "Programs (count)", font_size=font_size,
                                       width_px=width_px, barmode="stack", bargap=0.15,
                                       **_you_line(current_step2, f"you: {current_step2}"))), takeaway)


def applications_curve_chart(curve: pd.DataFrame, current_national: int, *, font_size: int = FONT["size"],
                             width_px: int = CHART_WIDTH_PX) -> Chart:
    """Line with band: chance to match as applications elsewhere grow (frame from scenarios.applications_curve)."""
    x = curve["national_applications"].to_numpy()
    data = [
        {"type": "scatter", "x": x, "y": (curve["match_probability_high"] * 100).round(1).to_numpy(), "mode": "lines",
         "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"},
        {"type": "scatter", "x": x, "y": (curve["match_probability_low"] * 100).round(1).to_numpy(), "mode": "lines",
         "line": {"width": 0}, "fill": "tonexty", "fillcolor": "rgba(0,114,178,0.18)", "name": "uncertainty band",
         "hoverinfo": "skip"},
        {"type": "scatter", "x": x, "y": (curve["match_probability"] * 100).round(1).to_numpy(), "mode": "lines+markers",
         "line": {"color": "#0072B2", "width": 3}, "name": "chance to match",
         "customdata": curve["expected_interviews"].round(1).to_numpy(),
         "hovertemplate": "%{x} programs elsewhere: %{y}% chance to match, %{customdata} interviews expected<extra></extra>"},
    ]
    first, last = curve.iloc[0], curve.iloc[-1]
    title = (f"Chance to match: {percent(first['match_probability'])} with SoCal only, "
             f"{percent(last['match_probability'])} with {plural(last['national_applications'], 'program')} elsewhere")
    takeaway = ("Applying only in Southern California is rarely enough; the curve shows how much a broad national "
                "list adds, and where extra applications stop paying off.")
    nothing_elsewhere = int(last["national_applications"]) == 0
    if nothing_elsewhere:       # one point at 0: a longer list cannot help, so the usual advice would mislead
        takeaway = ("No program elsewhere takes this profile either, so more applications add nothing: change what "
                    "limits you most (above) first.")
    return Chart(_figure(data, _layout(title, "Applications outside SoCal (programs)", "Chance to match (%)",
                                       font_size=font_size, width_px=width_px, yaxis={"range": [0, 100]},
                                       xaxis={"range": [0, 10]} if nothing_elsewhere else None,
                                       **_you_line(current_national, f"you: {current_national}"))), takeaway)
