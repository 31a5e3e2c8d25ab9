"""The back-test as a page shows it: the calibration chart, the tables in words, the sentences, and the national
and locally corrected outlooks side by side. No streamlit here; each builder returns plain values.

    calibration_chart(result)              -> Chart: observed vs predicted invite rate by decile, 80% intervals,
                                              the diagonal; the title says which model and what it found
    group_table(result.by_kind, level)     -> the per-kind (or per-sub-region) table in words
    correction_table(correction)           -> the fitted local correction per kind, as odds multipliers
    outlook_side_by_side(national, local)  -> the three outlook numbers under both models, labelled
    report_sentences(result)               -> the back-test's sentences (model/backtest.py), most important first
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..model.backtest import Backtest, backtest_sentences
from ..model.local_correction import LocalCorrection
from ..model.wording import expected_words, percent
from ..programs.kinds import CLASS_LABELS
from .figures import CHART_WIDTH_PX, FONT, Chart, wrap_title
from .formatting import plural

PREDICTED_COLOR = "#0072B2"     # Okabe-Ito blue: a decile within what chance allows
FLAGGED_COLOR = "#D55E00"       # Okabe-Ito vermillion: a decile that departs by more than chance
DIAGONAL_COLOR = "#999999"


def _label(model_shown: str) -> str:
    return model_shown[:1].upper() + model_shown[1:]


def _title(result: Backtest) -> str:
    model = _label(result.model_shown)
    n = f"{plural(result.n_applications, 'application')}, {plural(result.n_students, 'student')}"
    if result.n_applications == 0:
        return f"{model}: no applications with a predicted chance to test"
    if result.too_small:
        return f"{model}: too few outcomes to judge calibration yet ({n})"
    flagged = result.calibration[result.calibration["flagged"]]
    if flagged.empty:
        return f"{model}: invitations followed the predicted chances in every decile ({n})"
    direction = "more" if (flagged["ratio"] > 1).all() else "fewer" if (flagged["ratio"] < 1).all() else "other"
    words = f"{direction} invitations than predicted" if direction != "other" else "invitations off the predictions"
    return f"{model}: {len(flagged)} of {len(result.calibration)} deciles had {words} ({n})"


def calibration_chart(result: Backtest, *, font_size: int = FONT["size"], width_px: int = CHART_WIDTH_PX) -> Chart:
    """Observed invite rate against mean predicted chance per decile, with the 80% interval (bootstrapped by
    student) as error bars and the diagonal of perfect calibration; hover gives each decile's counts."""
    table = result.calibration
    level = int(result.level * 100)
    predicted = table["predicted_rate"].to_numpy(dtype=float)
    observed = table["observed_rate"].to_numpy(dtype=float)
    low = np.nan_to_num(observed - table["observed_low"].to_numpy(dtype=float), nan=0.0)
    high = np.nan_to_num(table["observed_high"].to_numpy(dtype=float) - observed, nan=0.0)
    top = float(np.nanmax(np.concatenate([predicted, observed + high, [0.1]]))) if len(table) else 1.0
    edge = min(1.0, math.ceil(top * 10 + 0.5) / 10)
    hover = [f"{group.capitalize()} (chances {percent(lo)}–{percent(hi)}): predicted {percent(p)}, invited "
             f"{percent(o)} ({level}% interval {percent(ol)}–{percent(oh)})<br>{n:,} applications, {s:,} students"
             + ("<br>More than chance explains" if flag else "")
             for group, lo, hi, p, o, ol, oh, n, s, flag in zip(
                 table["group"], table["chance_low"], table["chance_high"], predicted, observed, table["observed_low"],
                 table["observed_high"], table["n_applications"], table["n_students"], table["flagged"])]
    data = [
        {"type": "scatter", "mode": "lines", "x": [0, edge], "y": [0, edge], "name": "Perfect calibration",
         "line": {"color": DIAGONAL_COLOR, "dash": "dash"}, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "markers", "x": predicted, "y": observed, "name": f"Deciles ({level}% interval)",
         "marker": {"size": 11, "color": [FLAGGED_COLOR if f else PREDICTED_COLOR for f in table["flagged"]]},
         "error_y": {"type": "data", "symmetric": False, "array": high, "arrayminus": low, "color": "#555555"},
         "text": hover, "hovertemplate": "%{text}<extra></extra>"},
    ]
    layout = _chart_layout(_title(result), font_size, width_px, edge)
    takeaway = (f"Each dot is a tenth of the applications, from the lowest predicted chances to the highest; a dot "
                f"on the dashed diagonal means students were invited as often as predicted. Bars are {level}% "
                "intervals over students; an orange dot departs from the diagonal by more than chance explains.")
    return Chart(go.Figure({"data": data, "layout": layout}), takeaway)


def _chart_layout(title: str, font_size: int, width_px: int, edge: float) -> dict:
    """Square-ish percent axes from 0 to `edge`, the title wrapped to the chart's width, the legend below."""
    text = wrap_title(title, font_size=font_size, width_px=width_px)
    title_h = 8 + (text.count("<br>") + 1) * 1.25 * (font_size + 3)

    def axis(label: str) -> dict:
        return {"title": {"text": label, "font": {"size": font_size + 1}}, "tickfont": {"size": font_size},
                "tickformat": ".0%", "range": [0, edge], "automargin": True}
    return {"title": {"text": text, "x": 0, "xanchor": "left", "xref": "container", "font": {"size": font_size + 3}},
            "xaxis": axis("Predicted interview chance (mean of the decile)"),
            "yaxis": axis("Invited (share of applications)"), "font": {**FONT, "size": font_size},
            "height": int(340 + 9 * font_size + title_h),
            "legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0,
                       "font": {"size": font_size}},
            "margin": {"l": 10, "r": 10, "t": int(title_h + 14), "b": int(font_size * 2.4 + 8)}}


def group_table(table: pd.DataFrame, level: float) -> pd.DataFrame:
    """Per kind or sub-region: observed over predicted invitations with the interval and the counts, in words."""
    percent_level = int(level * 100)
    return pd.DataFrame({
        "Group": [CLASS_LABELS.get(g, g) or "unknown kind" for g in table["group"]],
        "Students": table["n_students"].to_numpy(), "Applications": table["n_applications"].to_numpy(),
        "Invited": table["invited"].to_numpy(), "Predicted": [expected_words(e) for e in table["expected"]],
        "Invited ÷ predicted": [f"{r:.1f}×" if np.isfinite(r) else "—" for r in table["ratio"]],
        f"{percent_level}% interval": [f"{lo:.1f}–{hi:.1f}" if np.isfinite(lo) and np.isfinite(hi) else "—"
                                       for lo, hi in zip(table["ratio_low"], table["ratio_high"])],
        "Judged": ["too few to judge" if small else ("miscalibrated" if flag else "within chance")
                   for small, flag in zip(table["too_small"], table["flagged"])],
    })


def correction_table(correction: LocalCorrection) -> pd.DataFrame:
    """The local correction per kind as odds multipliers with their interval, n and how much is the office's."""
    table = correction.table()
    level = int(correction.level * 100)
    return pd.DataFrame({
        "Program kind": [CLASS_LABELS.get(k, k) for k in table["kind"]],
        "Odds ×": [f"{math.exp(v):.2f}" for v in table["offset"]],
        f"{level}% interval": [f"{math.exp(lo):.2f}–{math.exp(hi):.2f}" for lo, hi in zip(table["low"], table["high"])],
        "Applications": table["n_applications"].to_numpy(), "Students": table["n_students"].to_numpy(),
        "Invited": table["invited"].to_numpy(), "Predicted": table["expected"].round(1).to_numpy(),
        "From your office's data": [f"{w:.0%}" for w in table["data_weight"]],
    })


def outlook_side_by_side(national, local) -> pd.DataFrame:
    """The outlook under the national model and with the local correction (two ScoreResults), column per model."""
    rows = [("Chance to match", percent(national.outlook.match_probability), percent(local.outlook.match_probability)),
            ("Chance of no interview", percent(national.outlook.p_no_interview),
             percent(local.outlook.p_no_interview)),
            ("Expected interviews", f"{national.outlook.expected_interviews:.1f}",
             f"{local.outlook.expected_interviews:.1f}")]
    return pd.DataFrame(rows, columns=["", _label(national.model_shown), _label(local.model_shown)])


def report_sentences(result: Backtest) -> tuple[str, ...]:
    return backtest_sentences(result)
