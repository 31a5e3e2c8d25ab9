"""Read-only program tables, and what is derived from them computed once per table.

Why: a rerun of the dashboard scores one specialty's table 8-30 times (the profile, seven what-ifs, the tier
chart's Step 2 CK sweep, the plan), and each score used to re-read the same columns through pandas (Arrow
strings to numpy, nullable numbers to floats, the selectivity classes). A table kept for many scores - the
app's per-specialty tables, a cohort's, the national archetypes - is registered with `freeze`; the model then
asks `derived` / `column_*` and gets each array built once for that table. An unregistered table is never
memoised, so a table a caller edits between scores is always read afresh. Arrays handed out are read-only,
so a caller cannot change what the next score reads.
"""

from __future__ import annotations

import weakref
from typing import Callable, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")
_DERIVED: dict[int, dict] = {}     # id(table) -> {key: value}; an entry leaves when its table is collected


def freeze(table: T) -> T:
    """Declare `table` read-only from now on (the caller's promise) so scores may reuse what they derive."""
    key = id(table)
    if key not in _DERIVED:
        _DERIVED[key] = {}
        weakref.finalize(table, _DERIVED.pop, key, None)
    return table


def is_frozen(table) -> bool:
    return id(table) in _DERIVED


def _read_only(value):
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
    return value


def derived(table, key, build: Callable[[], T]) -> T:
    """build() for this table, once if the table is frozen (key names what is built, with its arguments)."""
    memo = _DERIVED.get(id(table))
    if memo is None:
        return build()
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = _read_only(build())
        return value


def column_text(table: pd.DataFrame, column: str) -> np.ndarray:
    """The column as Python strings, "" where the fact is missing (an object array numpy compares fast)."""
    return derived(table, ("text", column), lambda: table[column].to_numpy(dtype=object, na_value=""))


def column_number(table: pd.DataFrame, column: str) -> np.ndarray:
    """The column as floats, NaN where the fact is missing."""
    return derived(table, ("number", column),
                   lambda: table[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan))


def column_missing(table: pd.DataFrame, column: str) -> np.ndarray:
    """True where the fact is missing (unknown)."""
    return derived(table, ("missing", column), lambda: table[column].isna().to_numpy())
