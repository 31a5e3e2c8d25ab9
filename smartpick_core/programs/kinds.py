"""Program kinds as advisors rank them, from hardest to most open for a non-US IMG.

DOMAIN.md names the large academic centres (UCLA, UCSD, UC Irvine, USC,
Cedars-Sinai). A program *sponsored* by one of them is selected like an academic
centre whatever its listed type: the USC programs at LA General are county
hospitals by ownership but USC's own residencies. Programs merely affiliated
with one (Harbor-UCLA, Olive View-UCLA, "UCLA-affiliated") keep their type.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from .frozen import derived, is_frozen

ACADEMIC_CENTRE = "academic_centre"
# Institution text that starts with the sponsor's own name (DOMAIN.md list).
_ACADEMIC_SPONSOR = (
    r"^(?:David Geffen School of Medicine at UCLA|UCLA\b|Ronald Reagan UCLA|Keck\b|LA General Medical Center"
    r"|Los Angeles General|LAC\+USC|UC Irvine|UC San Diego|Cedars-Sinai)"
)
SELECTIVITY_CLASSES: tuple[str, ...] = (
    "community", "university_affiliated_community", "county", "kaiser", "university", ACADEMIC_CENTRE, "va", "military",
)
CLASS_LABELS: dict[str, str] = {
    "community": "community programs",
    "university_affiliated_community": "university-affiliated community programs",
    "county": "county programs",
    "kaiser": "Kaiser programs",
    "university": "university programs",
    ACADEMIC_CENTRE: "large academic centres",
    "va": "VA programs",
    "military": "military programs",
}


def is_academic_centre(institution: pd.Series) -> pd.Series:
    return institution.fillna("").astype(str).str.contains(_ACADEMIC_SPONSOR, regex=True)


def selectivity_class(programs: pd.DataFrame) -> pd.Series:
    """The program's type, except that DOMAIN.md's academic centres are their own class (once per frozen table)."""
    return derived(programs, "kinds", lambda: _selectivity_class(programs))


def by_kind(programs: pd.DataFrame, kinds: pd.Series, key, build: Callable[[], np.ndarray]) -> np.ndarray:
    """build() of something that depends only on the table's classes: once per frozen table, when `kinds` are
    that table's own classes (selectivity_class), else afresh."""
    if is_frozen(programs) and kinds is selectivity_class(programs):
        return derived(programs, key, build)
    return build()


def _selectivity_class(programs: pd.DataFrame) -> pd.Series:
    types = tuple(programs["program_type"].astype(str))
    institutions = (tuple(programs["institution"].to_numpy(dtype=object, na_value=""))
                    if "institution" in programs else None)
    return pd.Series(_classes(types, institutions), index=programs.index, dtype=object)


@lru_cache(maxsize=64)
def _classes(types: tuple[str, ...], institutions: tuple[str, ...] | None) -> tuple[str, ...]:
    """Cached by content: every score of a specialty classifies the same rows (a cohort scores hundreds)."""
    if institutions is None:
        return types
    kind = pd.Series(types, dtype=object)
    academic = is_academic_centre(pd.Series(institutions, dtype=object)) & ~kind.isin(["military", "kaiser", "va"])
    return tuple(kind.where(~academic, ACADEMIC_CENTRE))


def per_kind(kinds: pd.Series, table: Mapping[str, float]) -> np.ndarray:
    """table[kind] for every program as floats (NaN for a kind not in the table), without pandas' map overhead."""
    codes, uniques = pd.factorize(kinds.to_numpy(dtype=object))
    values = np.array([table.get(kind, np.nan) for kind in uniques] + [np.nan], dtype=float)
    return values[codes]
