"""The product's one CSV writer: every export (dashboard downloads, CLI --format csv) goes through here.

A spreadsheet treats a cell that starts with =, +, -, @, a tab or a carriage return
as a formula (OWASP "CSV injection"). Any such text cell gets a leading apostrophe,
so a hostile program name or URL opens as text. Numbers stay numbers: a negative
number written by pandas from a numeric column is not text and is left alone.

    to_csv_text(frame)   -> str    (UTF-8 text, header + rows, no index)
    to_csv_bytes(frame)  -> bytes  (UTF-8 with BOM-free encoding, for downloads)
"""

from __future__ import annotations

import pandas as pd

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) can no longer start a formula."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[column] = series.map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def to_csv_text(frame: pd.DataFrame) -> str:
    return neutralise(frame).to_csv(index=False, lineterminator="\n")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return to_csv_text(frame).encode("utf-8")
