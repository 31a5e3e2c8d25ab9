"""Streamlit-side table display shared by the pages: one way to show a scored table that fits the window.

    show_table(frame, present=dash.present, column_config={...}, height=420)

Normal mode: st.dataframe (sortable) with rows tall enough that Streamlit wraps long text (it wraps
only in rows taller than 4rem), so "Why" reads in full lines instead of running off to the right.
Presentation mode: program lists (Programs, My list, the map's table) are one line a program, with the decisive
reason, opened by a click on every reason (views.tables.program_rows_html, drawn by st.html with no rerun); other
tables are st.table (static HTML), which grows with the enlarged page text and wraps every cell, so an advisor
sharing a screen shows readable tables. st.table reads cells as Markdown, so text
from the data is escaped first (text.plain_markdown): a program name can never become a link or image.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np
import pandas as pd
import streamlit as st

from smartpick_core.text import plain_markdown

ROW_HEIGHT_PX = 84        # > 4rem (64 px): st.dataframe wraps text in rows this tall (four lines)
MAX_AUTO_ROWS = 8         # a taller table scrolls inside its frame


def _cell(value) -> str:
    """One st.table cell as text: escaped words, numbers without float noise (5.3, not 5.3000), blanks for unknown."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, str):
        return plain_markdown(value)
    if isinstance(value, (float, np.floating)):
        return f"{value:.1f}".removesuffix(".0")
    return plain_markdown(str(value))


def presentable(frame: pd.DataFrame, hide: Iterable[str] = ()) -> pd.DataFrame:
    """The frame as st.table shows it: hidden columns dropped, every cell text (escaped, numbers rounded)."""
    shown = frame.drop(columns=[c for c in hide if c in frame.columns])
    return shown.astype(object).map(_cell)


def show_table(frame: pd.DataFrame, *, present: bool, column_config: Mapping | None = None,
               height: int | str = "auto", hide_when_presenting: Iterable[str] = (), key: str | None = None,
               rows_html: str | None = None) -> None:
    """A table that fits the page: a wrapping st.dataframe, or in presentation mode the one-line rows the core built
    (rows_html: a program a line, every reason a click away) or else a plain enlarged st.table."""
    if present and rows_html is not None:
        st.html(rows_html)
        return
    if present:   # a given height scrolls inside the table (sticky header); "auto" shows every row
        st.table(presentable(frame, hide_when_presenting), hide_index=True, border="horizontal",
                 height=height if isinstance(height, int) else "content")
        return
    # Streamlit's auto height assumes one-line rows: size it for the tall ones
    rows_height = height if isinstance(height, int) else min(len(frame), MAX_AUTO_ROWS) * ROW_HEIGHT_PX + 40
    st.dataframe(frame, hide_index=True, width="stretch", height=rows_height, row_height=ROW_HEIGHT_PX,
                 column_config=dict(column_config or {}), key=key)


def key_columns(why_label: str = "Why (reasons)", why_width: int = 280) -> dict:
    """Widths for Program, Tier, Interview chance and Why: 690 px with the default Why, so with one more
    column they fit the ~818 px beside the sidebar in a 1280 px window; tier labels ("Not eligible") and
    bands ("12% (8–17%)") are never cut. Wider windows stretch every column."""
    column = st.column_config
    return {
        "Program": column.TextColumn("Program", width=200),
        "Tier": column.TextColumn("Tier", width=95),
        "Interview chance": column.TextColumn("Interview chance", width=115),
        "Why": column.TextColumn(why_label, width=why_width),
    }
