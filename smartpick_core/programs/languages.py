"""Languages spoken at home by county (US Census ACS), so a language counts where the patients speak it.

Data: data/research/county_languages.csv (county, language, share_pct, vintage,
source_url, quote), every figure quoted from its source. A county or language
with no sourced figure is simply absent: the model then falls back to the
smaller DOMAIN.md bonus and says the share is not sourced.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

LANGUAGE_FILE = Path(__file__).resolve().parents[2] / "data" / "research" / "county_languages.csv"
# DOMAIN.md: languages valued by SoCal patients; the Census groups some of them.
DOMAIN_LANGUAGES: dict[str, str] = {
    "Spanish": "Spanish", "Tagalog": "Tagalog", "Filipino": "Tagalog", "Vietnamese": "Vietnamese",
    "Mandarin": "Chinese", "Cantonese": "Chinese", "Chinese": "Chinese", "Korean": "Korean", "Arabic": "Arabic",
    "Armenian": "Armenian", "Farsi": "Persian", "Persian": "Persian",
}


@lru_cache(maxsize=1)
def county_language_shares() -> pd.DataFrame:
    """county x Census language -> share of residents aged 5+ (0-1); empty when the file is absent."""
    if not LANGUAGE_FILE.exists():
        return pd.DataFrame(columns=["county", "language", "share", "vintage", "source_url"])
    raw = pd.read_csv(LANGUAGE_FILE, dtype=str)
    raw = raw[pd.to_numeric(raw["share_pct"], errors="coerce").notna()]
    raw = raw[~raw["population_basis"].fillna("").str.startswith("LOW-CONFIDENCE")]   # kept in the file, not used
    return pd.DataFrame({"county": raw["county"].str.replace(" County", "", regex=False).str.strip(),
                         "language": raw["language"].str.strip(), "share": raw["share_pct"].astype(float) / 100.0,
                         "vintage": raw.get("vintage", ""), "source_url": raw.get("source_url", "")})


def census_language(name: str) -> str | None:
    return DOMAIN_LANGUAGES.get(name.strip().title())


@lru_cache(maxsize=64)
def _shares_by_county(language: str) -> dict[str, float]:
    table = county_language_shares()
    part = table[table["language"] == language].drop_duplicates("county")
    return dict(zip(part["county"], part["share"].astype(float)))


def share_array(counties: np.ndarray, language: str) -> np.ndarray:
    """Share of each county's residents who speak the (Census-grouped) language at home, NaN if not sourced:
    on a numpy array of county names, without pandas' per-call overhead (a cohort asks 100s of times)."""
    shares = _shares_by_county(language)
    codes, uniques = pd.factorize(np.asarray(counties, dtype=object))
    values = np.array([shares.get(county, np.nan) for county in uniques] + [np.nan], dtype=float)
    return values[codes]
