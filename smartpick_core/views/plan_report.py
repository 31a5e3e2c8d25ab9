"""Views of one ApplicationPlan: the two headline lines, the list tables, the list CSV, the curve figure and the
printable plan (a self-contained HTML file, no network needed, two printed pages on Letter or A4).

No streamlit here; every text that came from outside (program names, reasons, URLs) is escaped for its context
(text.plotly_text for the figure, text.plain_html for the HTML), and every CSV goes through csv_writer.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..model.tiers import TIER_ORDER
from ..text import one_line, plain_html, plotly_text, shorten
from ..csv_writer import to_csv_bytes, to_csv_text
from .exports import with_sources
from .figures import FONT, Chart
from ..model.nrmp_terms import NRMP_SOURCE_NOTE
from ..model.wording import percent, percent_band, season_name
from ..model.ranking import ranked, ranking_order

SIGNAL_MARKS = {"gold": "★ gold signal", "silver": "☆ silver signal", "signal": "☆ signal", "": ""}
LIST_COLUMNS = ("program", "program_id", "acgme_id", "nrmp_codes", "specialty", "city", "subregion", "tier",
                "interview_probability", "signal", "reasons", "source_url", "checked")


def _usd(value: float) -> str:
    return f"${value:,.0f}"


def _points(value: float) -> str:
    return f"{value * 100:.1f} points"


def headline(plan) -> tuple[str, str]:
    """The two lines everyone reads first (no fees at all when no list gives even a 1% chance)."""
    o = plan.outcome
    if plan.no_fees_advice:
        return plan.no_fees_advice, (f"Money saved: {_usd(plan.money_saved_usd)} of fees this season (what the list "
                                     "asked for, or the typical list, would have cost).")
    chance = percent_band(o.match_probability, o.match_probability_low, o.match_probability_high)
    first = (f"With {plan.applications} applications ({_usd(plan.cost.total_usd)}) your chance to match is {chance}; "
             f"the next $100 adds {_points(plan.next_100_gain)}.")
    second = f"Chance of no interview at all: {percent(o.p_no_interview)}"
    socal = socal_first_line(plan)
    return first, f"{second}. {socal}" if socal else second


def difference_from_default(plan, default) -> str:
    """Whether this list is the Overview's default list, and if not, how it differs (one number, one list)."""
    if plan.no_fees_advice:
        return ""
    same = (plan.applications == default.applications and plan.socal_first and not plan.prefer_subregions
            and not plan.programs["preferred"].any() and plan.budget_usd is None
            and not plan.programs["why"].str.startswith(("Pinned", "Excluded")).any())
    if same:
        return f"This is the default list the Overview shows: {percent(default.match_probability)} chance to match."
    change = (plan.match_probability - default.match_probability) * 100
    return (f"This list differs from the Overview's default list ({default.applications} applications, "
            f"{percent(default.match_probability)}): {plan.applications} applications, "
            f"{percent(plan.match_probability)} ({change:+.1f} points).")


def socal_first_line(plan) -> str:
    """What putting the Realistic and Reach SoCal programs first costs against the pure optimiser ('' if off)."""
    if not plan.socal_first or plan.optimiser_probability is None or not plan.applications:
        return ""
    mine, best = plan.outcome.match_probability, plan.optimiser_probability
    if round(best * 100) <= round(mine * 100):
        return "SoCal first costs nothing here against ordering by chance alone."
    return f"SoCal first: {percent(mine)} instead of {percent(best)} (ordering by chance alone, same budget)."


def signal_lines(plan) -> list[str]:
    """Where to place the signals, and how the outlook moves with and without them."""
    a = plan.allowance
    lines = [a.note]
    for s in plan.signals:
        where = f"{s.count} of your {s.name.lower()}" if s.count > 1 or s.subregion == "" else s.name
        lines.append(f"{SIGNAL_MARKS[s.kind] or 'signal'}: {where} — interview chance {percent(s.chance_before)} → "
                     f"{percent(s.chance_after)}")
    if plan.signals:
        w, h, o = plan.without_signals, plan.half_signal_effect, plan.outcome
        lines.append(f"Chance to match with these signals {percent(o.match_probability)}, without them "
                     f"{percent(w.match_probability)}; if a signal helps half as much as assumed, "
                     f"{percent(h.match_probability)}.")
    return lines


def list_table(plan) -> pd.DataFrame:
    """The chosen SoCal programs (one ranking: tier, then chance), then the national slots by archetype."""
    chosen = ranked(plan.chosen)
    rows = pd.DataFrame({
        "program": chosen["name"].map(one_line),
        "program_id": chosen["program_id"],
        "acgme_id": chosen["acgme_id"],
        "nrmp_codes": chosen["nrmp_codes"],
        "specialty": plan.specialty,
        "city": chosen["city"],
        "subregion": chosen["subregion"],
        "tier": chosen["tier"],
        "interview_probability": chosen["interview_probability"].round(4),
        "signal": chosen["signal"],
        "reasons": chosen["reasons"].map(lambda rs: "; ".join(rs)),
        "source_url": chosen["source_url"],
        "checked": chosen["checked"].astype("str"),
    })
    nat = plan.national[plan.national["applications"] > 0]
    extra = pd.DataFrame({
        "program": [f"{int(r.applications)} {r.label.lower()} that take your visa (your choice among {int(r.pool)}; "
                    f"chances {percent(r.interview_probability)} down to {percent(r.interview_probability_last)})"
                    for r in nat.itertuples()],
        "program_id": "", "acgme_id": "", "nrmp_codes": "", "specialty": plan.specialty, "city": "",
        "subregion": "outside Southern California", "tier": nat["tier"].to_numpy(),
        "interview_probability": nat["interview_probability"].round(4).to_numpy(),
        "signal": "",
        "reasons": "programs of this kind elsewhere, best-fitting first; IMG share spread around the estimate for "
                   "the kind, other facts estimated (docs/list.md)",
        "source_url": "", "checked": "",
    })
    named = plan.named_national
    own = pd.DataFrame({
        "program": named.get("name", pd.Series(dtype=object)).map(one_line) if len(named) else [],
        "program_id": named.get("program_id", pd.Series(dtype=object)), "acgme_id": "", "nrmp_codes": "",
        "specialty": plan.specialty, "city": named.get("city", pd.Series(dtype=object)),
        "subregion": "outside Southern California (your list)", "tier": named.get("tier", pd.Series(dtype=object)),
        "interview_probability": named.get("interview_probability", pd.Series(dtype=float)).round(4),
        "signal": named.get("signal", pd.Series(dtype=object)),
        "reasons": "from your national list; facts it leaves empty are estimated for programs of its kind",
        "source_url": named.get("source_url", pd.Series(dtype=object)), "checked": "",
    }) if len(named) else pd.DataFrame(columns=list(LIST_COLUMNS))
    out = pd.concat([rows, own, extra], ignore_index=True)[list(LIST_COLUMNS)]
    out["model_version"] = plan.model_version
    return with_sources(out, plan.cycle_year)      # the season and the NRMP citation, before model_version


def list_csv(plan) -> bytes:
    """The list CSV, through the product's one formula-safe writer."""
    return to_csv_bytes(list_table(plan))


def list_csv_text(plan) -> str:
    return to_csv_text(list_table(plan))


def _ranked_columns(programs: pd.DataFrame, rows: np.ndarray, columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    """ranked(programs[rows])[columns] as object arrays: the whole table's ranking kept to the rows is the rows'
    own ranking (every key is a row's own, ids compare alike), so no sub-table is taken on every rerun."""
    order = ranking_order(programs)
    at = order[rows[order]]
    return {c: programs[c].to_numpy(dtype=object)[at] for c in columns}


@lru_cache(maxsize=8192)
def _one_line(value: str) -> str:
    """one_line, kept per name: the same program names are made one-line on every rerun."""
    return one_line(value)


def tier_groups(plan) -> list[tuple[str, pd.DataFrame]]:
    """(tier, rows) for each tier on the list, in tier order: rows for people (chance, signal, why, reasons)."""
    chosen = _ranked_columns(plan.programs, plan.programs["chosen"].to_numpy(dtype=bool),
                             ("tier", "name", "subregion", "likelihood_text", "signal", "why", "reasons"))
    tiers = chosen["tier"]
    groups = []
    for tier in TIER_ORDER:
        part = tiers == tier.value
        if not part.any():
            continue
        groups.append((tier.value, pd.DataFrame({
            "Program": [_one_line(v) for v in chosen["name"][part]],
            "Sub-region": chosen["subregion"][part],
            "Interview chance": chosen["likelihood_text"][part],
            "Signal": [SIGNAL_MARKS.get(v, np.nan) for v in chosen["signal"][part]],
            "Why chosen": chosen["why"][part],
            "Reasons": ["; ".join(rs) for rs in chosen["reasons"][part]],
        })))
    return groups


def national_table(plan) -> pd.DataFrame:
    n = plan.national
    return pd.DataFrame({"Programs elsewhere": n["label"], "Applications": n["applications"],
                         "Tier (most)": n["tier"],
                         "Interview chance, best to last": [f"{percent(a)} to {percent(b)}" for a, b in
                                                           zip(n["interview_probability"], n["interview_probability_last"])],
                         "At most": n["cap"]})


def no_socal_sentence(plan) -> str:
    """Why no Southern California program is on the list, in words."""
    if plan.no_fees_advice:
        return ""
    if not plan.programs["eligible"].any():
        return "No Southern California program in this specialty is open to this profile: see the Programs page."
    if not plan.applications:
        return "The list is empty: raise the budget or the number of applications."
    if plan.socal_first:
        return ("No Realistic or Reach Southern California program is open to this profile, and the other SoCal "
                "programs give less than programs elsewhere: pin the ones you want.")
    return ("No Southern California program makes this list when it is ordered by chance alone: turn SoCal first "
            "back on, or pin the programs you want.")


def named_national_table(plan) -> pd.DataFrame:
    """The user's own programs elsewhere that made the list, by name, for people."""
    n = plan.named_national
    return pd.DataFrame({"Program": n["name"].map(one_line), "Where": n["city"] + ", " + n["state"],
                         "Tier": n["tier"], "Interview chance": n["interview_probability"].map(percent),
                         "Signal": n["signal"].map(SIGNAL_MARKS)})


def left_out_table(plan) -> pd.DataFrame:
    left = _ranked_columns(plan.programs, ~plan.programs["chosen"].to_numpy(dtype=bool),
                           ("name", "tier", "likelihood_text", "why"))
    return pd.DataFrame({"Program": [_one_line(v) for v in left["name"]], "Tier": left["tier"],
                         "Interview chance": left["likelihood_text"], "Why left out": left["why"]})


def cost_table(plan) -> pd.DataFrame:
    frame = plan.cost.frame()
    total = pd.DataFrame([{"Item": "Total", "USD": round(plan.cost.total_usd, 2), "Confirmed for the season": "",
                           "Source": ""}])
    return pd.concat([frame, total], ignore_index=True)


def tier_mix(plan) -> str:
    """'Tier mix of the list: 120 Realistic, 5 Reach, 0 Ultra-reach' (SoCal programs and slots elsewhere)."""
    return "Tier mix of the list: " + ", ".join(f"{n} {tier}" for tier, n in plan.tier_counts.items()) + "."


def left_out_summary(plan) -> str:
    why = plan.programs["why"].to_numpy(dtype=object)[~plan.programs["chosen"].to_numpy(dtype=bool)]
    excluded = int((why == "Excluded by you").sum())
    below = sum(isinstance(w, str) and w.startswith("Below the marginal value") for w in why)
    parts = [f"{plan.not_eligible} Not eligible (never on a list; {_usd(plan.money_saved_usd)} saved)",
             f"{below} below the marginal value"]
    if excluded:
        parts.append(f"{excluded} excluded by you")
    return "Left out of the SoCal programs: " + ", ".join(parts) + "."


def curve_chart(plan) -> Chart:
    """Chance to match against dollars, with the knee and this plan marked."""
    c = plan.curve[plan.curve["applications"] > 0]
    knee = plan.curve.iloc[plan.knee_applications]
    here = plan.curve.iloc[plan.applications]
    data = [
        {"type": "scatter", "x": c["cost_usd"].to_numpy(), "y": (c["match_probability"] * 100).round(2).to_numpy(),
         "mode": "lines", "line": {"color": "#0072B2", "width": 3}, "name": "chance to match",
         "customdata": c["applications"].to_numpy(),
         "hovertemplate": "%{customdata} applications, $%{x:,.0f}: %{y:.1f}% chance to match<extra></extra>"},
        {"type": "scatter", "x": [knee["cost_usd"]], "y": [knee["match_probability"] * 100], "mode": "markers",
         "marker": {"size": 12, "color": "#D55E00", "symbol": "diamond"},
         "name": f"knee ({int(knee['applications'])} applications)",
         "hovertemplate": "knee: past here 10 more applications add under 1 point<extra></extra>"},
        {"type": "scatter", "x": [here["cost_usd"]], "y": [here["match_probability"] * 100], "mode": "markers",
         "marker": {"size": 12, "color": "#333333"}, "name": "your plan",
         "hovertemplate": f"your plan: {plan.applications} applications<extra></extra>"},
    ]
    title = (plotly_text(f"{percent(here['match_probability'])} chance to match for {_usd(here['cost_usd'])}") +
             "<br>" + plotly_text(f"knee at {int(knee['applications'])} applications ({_usd(knee['cost_usd'])})"))
    fig = go.Figure({"data": data, "layout": {    # plain dicts, validated once (update_layout re-validates per call)
        "title": {"text": title, "x": 0, "xanchor": "left"}, "xaxis": {"title": {"text": "Cost (US dollars)"}},
        "yaxis": {"title": {"text": "Chance to match (%)"}, "range": [0, 100]}, "font": FONT,
        "margin": {"l": 10, "r": 10, "t": 70, "b": 10}, "uirevision": "static",
        "legend": {"title": {"text": ""}, "orientation": "h", "yanchor": "top", "y": -0.22, "x": 0}}})
    takeaway = ("Each point is the best list for that many applications (signals placed), priced with the season's "
                "fees. Past the knee, ten more applications add under 1 point to the chance to match.")
    return Chart(fig, takeaway)


# --- the printable plan -----------------------------------------------------------------------------------
def _svg_curve(plan, width: int = 640, height: int = 190) -> str:
    c = plan.curve[plan.curve["applications"] > 0]
    if c.empty:
        return ""
    left, bottom, top, right = 44, 28, 10, 12
    xmax = max(float(c["cost_usd"].max()), 1.0)
    def x(v): return left + (width - left - right) * float(v) / xmax
    def y(v): return top + (height - top - bottom) * (1.0 - float(v))
    points = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in zip(c["cost_usd"], c["match_probability"]))
    knee = plan.curve.iloc[plan.knee_applications]
    here = plan.curve.iloc[plan.applications]
    ticks = "".join(f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#ddd"/>'
                    f'<text x="{left - 4}" y="{y(t) + 4:.1f}" text-anchor="end">{int(t * 100)}%</text>'
                    for t in (0, 0.25, 0.5, 0.75, 1.0))
    step = 1000 if xmax > 3000 else 500
    xticks = "".join(f'<text x="{x(v):.1f}" y="{height - 10}" text-anchor="middle">${v:,.0f}</text>'
                     for v in np.arange(0, xmax + 1, step * (2 if xmax > 8000 else 1)))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-size="10" font-family="DejaVu Sans, Arial, sans-serif" '
            f'role="img" aria-label="Chance to match against cost">{ticks}{xticks}'
            f'<polyline fill="none" stroke="#0072B2" stroke-width="2.5" points="{points}"/>'
            f'<circle cx="{x(knee["cost_usd"]):.1f}" cy="{y(knee["match_probability"]):.1f}" r="5" fill="#D55E00"/>'
            f'<text x="{x(knee["cost_usd"]) + 8:.1f}" y="{y(knee["match_probability"]) + 14:.1f}">knee: '
            f'{int(knee["applications"])} applications</text>'
            f'<circle cx="{x(here["cost_usd"]):.1f}" cy="{y(here["match_probability"]):.1f}" r="5" fill="#333"/>'
            f'<text x="{x(here["cost_usd"]) + 8:.1f}" y="{y(here["match_probability"]) - 6:.1f}">your plan</text>'
            "</svg>")


def _rows(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{plain_html(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{plain_html(v)}</td>" for v in row) + "</tr>"
                   for row in frame.astype(str).itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
@page { margin: 11mm 12mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #111; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 2pt; } h2 { font-size: 10.5pt; margin: 7pt 0 2pt; border-bottom: 1px solid #999; }
p { margin: 2pt 0; } .lead { font-size: 10pt; font-weight: bold; } .small { font-size: 7.4pt; color: #333; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #ddd; padding: 0.5pt 3pt;
text-align: left; vertical-align: top; } th { background: #f0f0f0; } tr { page-break-inside: avoid; }
ul { margin: 2pt 0 2pt 14pt; padding: 0; } .cols { display: flex; gap: 12pt; } .cols > div { flex: 1; }
"""


def printable_html(plan, scenarios: pd.DataFrame | None = None, today: _dt.date | None = None) -> str:
    """The printable plan: a self-contained HTML page (inline CSS and SVG, no scripts, no network)."""
    today = today or _dt.date.today()
    p = plan.profile
    first, second = headline(plan)
    o, w = plan.outcome, plan.without_signals
    prof = (f"{p.specialty} · Step 2 CK {p.step2_ck} · visa: {p.visa.label} · Step 3: {p.step3.label} · "
            f"{p.usce_months:g} months hands-on USCE ({p.socal_usce_months:g} in SoCal) · {p.us_lors} US letters · "
            f"graduated {p.graduation_year} · {season_name(plan.cycle_year)}")
    if plan.prefer_subregions:
        prof += " · preferred: " + ", ".join(plan.prefer_subregions)
    chosen = ranked(plan.chosen)
    list_rows = pd.DataFrame({
        "Tier": chosen["tier"], "Program": chosen["name"].map(lambda v: shorten(v, 70)),
        "Sub-region": chosen["subregion"], "Interview chance": chosen["likelihood_text"],
        "Signal": chosen["signal"],
    })
    nat = national_table(plan).drop(columns=["At most"])
    own = (f"<h2>Your own programs elsewhere</h2>{_rows(named_national_table(plan))}"
           if len(plan.named_national) else "")
    needle = ""
    if scenarios is not None and not scenarios.empty:
        items = "".join(f"<li>{plain_html(r.scenario)}: {'+' if r.match_change >= 0 else ''}"
                        f"{r.match_change * 100:.1f} points (chance to match {percent(r.match_probability)})</li>"
                        for r in scenarios.head(4).itertuples())
        needle = f"<h2>What moves the needle</h2><ul>{items}</ul>"
    cost = cost_table(plan)[["Item", "USD", "Confirmed for the season"]]
    cost["USD"] = cost["USD"].map(lambda v: f"${float(v):,.2f}")
    signals = "".join(f"<li>{plain_html(line)}</li>" for line in signal_lines(plan))
    caveats = [
        "Estimates, not promises: every chance comes from a transparent model (docs/model.md); unknown program "
        "facts are labelled estimates. Verify visa policy and screens with each program.",
        "The signal effect is assumed from US-graduate studies (odds ratio "
        f"{plan.signal_odds_ratio:g}); none is specific to IMGs.",
        *plan.notes,
        "Programs elsewhere are typical programs of each kind, every fact estimated; choose real programs that "
        "sponsor your visa.",
        NRMP_SOURCE_NOTE,
    ]
    caveat_html = "".join(f"<li>{plain_html(c)}</li>" for c in caveats)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>SmartPick plan — {plain_html(p.specialty)}</title>
<style>{_CSS}</style></head><body>
<h1>Your SmartPick list — {plain_html(p.specialty)}, Southern California and elsewhere</h1>
<p class="small">{plain_html(prof)} · made {today.isoformat()} · model {plain_html(plan.model_version)}</p>
<p class="lead">{plain_html(first)}</p>
<p class="lead">{plain_html(second)}</p>
<div class="cols"><div>
<h2>Outlook</h2>
<ul><li>Chance to match {plain_html(percent_band(o.match_probability, o.match_probability_low, o.match_probability_high))}; without the signals {plain_html(percent(w.match_probability))}</li>
<li>Interviews expected {o.expected_interviews:.1f}; no interview at all {plain_html(percent(o.p_no_interview))}</li>
<li>{plan.socal_applications} Southern California programs + {plan.national_applications} elsewhere = {plan.applications} applications; knee at {plan.knee_applications}</li>
<li>{plain_html(left_out_summary(plan))}</li></ul>
</div><div>{_svg_curve(plan, 380, 150)}</div></div>
<h2>Your list by tier (Southern California)</h2>
{_rows(list_rows) if len(list_rows) else "<p>No Southern California program on this list.</p>"}
<p class="small">Every program's reasons, ids and source link are in the list CSV (Download the list).</p>
{own}<h2>Programs elsewhere, by kind</h2>
{_rows(nat)}
<p class="small">{plain_html(plan.pool_note)}</p>
<h2>Signals</h2><ul>{signals}</ul>
{needle}
<h2>Cost</h2>
{_rows(cost)}
<p class="small">{plain_html(plan.cost.season_note)} Sources: docs/list.md; data/season/fees.csv.</p>
<h2>Data caveats</h2><ul class="small">{caveat_html}</ul>
</body></html>
"""
