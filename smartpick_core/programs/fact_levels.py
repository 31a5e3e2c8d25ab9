"""The level and age of a stated program fact: its basis, its source year, a confidence and the words for it.

    fact_confidence("institution", 2019)   -> 0.45   (an institution-wide statement from before the proclamation)
    fact_words("H-1B", "no", "institution", 2019) -> "H-1B: no (institution-wide statement, 2019 — verify)"
    add_confidence(programs)               -> the table with sponsors_j1_confidence, sponsors_h1b_confidence

Why: a reader (and the model) must tell a program's current policy from a hospital's 2016 line. Each fact
carries `<field>_basis` (program / institution / other_program / third_party / advisor) and `<field>_year`
(the year of its source text; empty = undated) from the build (scripts/audit_fixes.py, docs/data.md).

The confidence numbers are labelled assumptions (no published source measures how often a stated visa policy
is wrong): see BASIS_CONFIDENCE and AGE_FACTOR and docs/data.md, "How much a stated visa fact counts".
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

BASES: tuple[str, ...] = ("program", "institution", "other_program", "third_party", "advisor")
BASIS_WORDS: dict[str, str] = {
    "program": "program's own statement",
    "institution": "institution-wide statement",
    "other_program": "another program of the same sponsor",
    "third_party": "third-party listing",
    "advisor": "advisor-recorded",
}
LEVEL_FIELDS: tuple[str, ...] = ("accepts_imgs", "sponsors_j1", "sponsors_h1b", "step2_min", "yog_max_years",
                                 "usce_required", "first_attempt_only", "img_share")
LEVEL_COLUMNS: tuple[str, ...] = tuple(c for f in LEVEL_FIELDS for c in (f"{f}_basis", f"{f}_year"))
CONFIDENCE_FIELDS: tuple[str, ...] = ("sponsors_j1", "sponsors_h1b")
VERIFY_BEFORE = 2020            # a statement from before 2020 is flagged "verify" (issue 24)
H1B_PROCLAMATION_YEAR = 2025    # the September 2025 $100,000 H-1B fee proclamation

# ASSUMPTION (labelled): how far a stated fact is trusted over the estimate for programs like it, by who states
# it. A program's own page is the program's policy; an advisor's record names its source and date; an
# institution-wide policy may not bind every program (Loma Linda's surgery FAQ is stricter than the LLUH list);
# a line on another department's page is one step further; a third-party listing is a copy of a copy.
BASIS_CONFIDENCE: dict[str, float] = {
    "program": 0.95, "advisor": 0.9, "institution": 0.75, "other_program": 0.6, "third_party": 0.5,
}
# ASSUMPTION (labelled): how the age of the source text discounts it. Visa policies change with funding and law:
# 2024 or later counts fully; 2020-2023 a little less; before 2020 much less (flagged "verify"); an undated page
# sits between, since most undated pages were read live in 2026 but may carry old text.
AGE_FACTOR_RECENT, AGE_FACTOR_2020S, AGE_FACTOR_UNDATED, AGE_FACTOR_OLD = 1.0, 0.9, 0.85, 0.6
RECENT_FROM = 2024
# ASSUMPTION (labelled): an H-1B statement from before the September 2025 proclamation describes a world before
# the $100,000 fee; a "yes" from then is weaker still (some hospitals paused H-1B), a "no" only a little.
H1B_YES_BEFORE_FEE, H1B_NO_BEFORE_FEE = 0.7, 0.95


def _year(year: object) -> int | None:
    try:
        value = float(str(year))
    except ValueError:
        return None
    return None if math.isnan(value) else int(value)


def age_factor(year: object) -> float:
    """How the age of the source text discounts a fact (AGE_FACTOR_* assumptions)."""
    y = _year(year)
    if y is None:
        return AGE_FACTOR_UNDATED
    if y >= RECENT_FROM:
        return AGE_FACTOR_RECENT
    return AGE_FACTOR_2020S if y >= VERIFY_BEFORE else AGE_FACTOR_OLD


def fact_confidence(basis: object, year: object, *, field: str = "", value: str = "") -> float:
    """Confidence in [0, 1] of a stated fact from its basis and age (0 for no basis: nothing stated).

    Ordered as the tests pin it: a program-level fact beats an institution-wide one of the same age, and a
    recent fact beats an old one of the same basis.
    """
    base = BASIS_CONFIDENCE.get(str(basis), 0.0)
    confidence = base * age_factor(year)
    y = _year(year)
    if field == "sponsors_h1b" and (y is None or y <= H1B_PROCLAMATION_YEAR) and str(basis) != "advisor":
        confidence *= H1B_YES_BEFORE_FEE if value == "yes" else H1B_NO_BEFORE_FEE
    return round(min(1.0, max(0.0, confidence)), 3)


def add_confidence(programs: pd.DataFrame) -> pd.DataFrame:
    """`<field>_confidence` for the visa fields: a stated value's confidence, NaN where the value is unknown.

    Tables without level columns (a user's own program file) get no confidence columns: the model then
    reads their stated facts as certain, as before. Column-wise (a national table has 13,000 rows); the
    rounding runs on the few distinct products only, with Python's round as in fact_confidence.
    """
    out = programs
    for field in CONFIDENCE_FIELDS:
        basis_col, year_col = f"{field}_basis", f"{field}_year"
        if basis_col not in programs or field not in programs:
            continue
        values = programs[field].astype("string").fillna("").to_numpy(dtype=object)
        bases = programs[basis_col].astype("string").fillna("")
        years = _years(programs[year_col]) if year_col in programs else np.full(len(programs), np.nan)
        confidence = _column_confidence(bases, years, field, values)
        if out is programs:
            out = programs.copy()
        out[f"{field}_confidence"] = pd.Series(confidence, index=programs.index, dtype="float64")
    return out


def _years(years: pd.Series) -> np.ndarray:
    """_year for a column: the year as a float, NaN where there is none (a validated table's Int64 years)."""
    if pd.api.types.is_numeric_dtype(years.dtype):
        return years.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return np.array([np.nan if (y := _year(v)) is None else y for v in years], dtype=float)   # text: as _year


def _column_confidence(bases: pd.Series, years: np.ndarray, field: str, values: np.ndarray) -> np.ndarray:
    """fact_confidence for every row at once (NaN where the value is unknown), the same floats bit for bit."""
    base = bases.map(BASIS_CONFIDENCE).astype("Float64").to_numpy(dtype=float, na_value=0.0)
    dated = ~np.isnan(years)
    age = np.where(~dated, AGE_FACTOR_UNDATED,
                   np.where(years >= RECENT_FROM, AGE_FACTOR_RECENT,
                            np.where(years >= VERIFY_BEFORE, AGE_FACTOR_2020S, AGE_FACTOR_OLD)))
    confidence = base * age
    if field == "sponsors_h1b":
        before_fee = (~dated | (np.floor(np.nan_to_num(years)) <= H1B_PROCLAMATION_YEAR)) \
            & (bases.to_numpy(dtype=object) != "advisor")
        factor = np.where(values == "yes", H1B_YES_BEFORE_FEE, H1B_NO_BEFORE_FEE)
        confidence = np.where(before_fee, confidence * factor, confidence)
    confidence = np.minimum(1.0, np.maximum(0.0, confidence))
    distinct, position = np.unique(confidence, return_inverse=True)
    rounded = np.array([round(float(value), 3) for value in distinct], dtype=float)[position.reshape(-1)]
    return np.where(values != "", rounded, np.nan)


def level_words(basis: object, year: object) -> str:
    """'institution-wide statement, 2019 — verify'; 'program's own statement, undated'; '' without a basis."""
    words = BASIS_WORDS.get(str(basis), "")
    if not words:
        return ""
    y = _year(year)
    if y is None:
        return f"{words}, undated"
    return f"{words}, {y}" + (" — verify" if y < VERIFY_BEFORE else "")


def fact_words(label: str, value: str, basis: object, year: object) -> str:
    """'H-1B: no (institution-wide statement, 2019 — verify)'."""
    level = level_words(basis, year)
    return f"{label}: {value}" + (f" ({level})" if level else "")


def column_fact_words(programs: pd.DataFrame, field: str, label: str) -> np.ndarray:
    """fact_words for every row where `field` is stated ('' elsewhere), as a numpy string array."""
    n = len(programs)
    if field not in programs:
        return np.full(n, "", dtype=object).astype(str)
    values = programs[field].astype("string").fillna("")
    bases = programs[f"{field}_basis"] if f"{field}_basis" in programs else pd.Series("", index=programs.index)
    years = programs[f"{field}_year"] if f"{field}_year" in programs else pd.Series(np.nan, index=programs.index)
    words = [fact_words(label, v, b, y) if v else "" for v, b, y in zip(values, bases.astype("string").fillna(""),
                                                                      years)]
    return np.asarray(words, dtype=str) if n else np.array([], dtype=str)
