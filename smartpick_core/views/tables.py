"""The scored table in words: what the Programs page shows and the CSV a student downloads.

Unknown facts read "unknown — verify with the program"; dates read "checked 2026-10".
"""

from __future__ import annotations

from typing import Mapping, Sequence, cast

import pandas as pd

from ..csv_writer import to_csv_bytes
from .exports import with_sources
from ..model.estimates import route_rates
from .formatting import checked_label
from ..model.wording import percent_band
from ..model.ranking import ranked
from ..programs.table import ProgramType
from ..model.reasons import VERIFY

_YES_NO = {"yes": "yes", "no": "no"}


def _words(series: pd.Series, mapping: dict[str, str] | None = None) -> pd.Series:
    out = series.map(mapping) if mapping is not None else series.astype("string")
    return out.astype("object").where(series.notna(), VERIFY)


_BASIS_WORDS = {"institution": " (institution-wide statement)", "third_party": " (third-party listing)"}


def visa_words(values: pd.Series, basis: pd.Series) -> pd.Series:
    """A visa yes/no with the level of the statement it rests on, so an institution-wide
    policy is never read as the program's own promise."""
    suffix = basis.map(_BASIS_WORDS).fillna("")
    return _words(values, _YES_NO).where(values.isna(), values.map(_YES_NO) + suffix)


def _estimated_words(values: pd.Series, basis: pd.Series, estimate: pd.Series) -> pd.Series:
    """A stated yes/no with its basis; where unknown, the labelled estimate the model used."""
    stated = visa_words(values, basis)
    guess = "unknown — estimated ~" + (estimate * 100).round(0).astype(int).astype(str) + "% from programs like this"
    return stated.where(values.notna(), guess)


def program_table(result) -> pd.DataFrame:
    """One row per program, columns named for people, in the one ranking (tier, then chance): Program, Tier,
    chance and Why first, so they stay on screen."""
    p = ranked(result.programs)
    share = (p["img_share_used"] * 100).round(0).astype("Int64").astype("string")
    j1_estimate = pd.Series(route_rates(p["kind"], "j1"), index=p.index)
    h1b_estimate = pd.Series(route_rates(p["kind"], "h1b"), index=p.index)
    table = pd.DataFrame({
        "program_id": p["program_id"],
        "Program": p["name"],
        "Tier": p["tier"],
        "Interview chance": p["likelihood_text"],
        "Why": p["reasons_text"],
        "Your effective score": p["effective_score"].round(0).astype(int),
        "Usually interviews": p["usual_interview_score"].round(0).astype(int),
        "interview_probability": p["interview_probability"].round(4),
        "City": p["city"],
        "Sub-region": p["subregion"],
        "Type": p["program_type"].map(lambda v: ProgramType(v).label),
        "Institution": p["institution"],
        "J-1": _estimated_words(p["sponsors_j1"], p["visa_basis"], j1_estimate),
        "H-1B": _estimated_words(p["sponsors_h1b"], p["visa_basis"], h1b_estimate),
        "IMG share": (share + "%").where(~p["img_share_estimated"], "unknown — estimated ~" + share + "%"),
        "Positions per year": _words(p["positions_per_year"].astype("Int64").astype("string")),
        "Step 2 CK minimum": _words(p["step2_min"].astype("Int64").astype("string")),
        "Checked": p["checked"].map(checked_label),
        "Source": p["source_url"],
    })
    if "miles_from_home" in p:
        table.insert(4, "Miles from home", p["miles_from_home"].round(0))
    table["model_version"] = result.model_version
    return table.reset_index(drop=True)


KEY_COLUMNS = ("Program", "Tier", "Interview chance", "Why")
# What the Programs page shows before the reader asks for more: fits a 1280 px window beside the sidebar.
PROGRAM_TABLE_COLUMNS = KEY_COLUMNS + ("City",)


def map_table(result, program_ids: pd.Series) -> pd.DataFrame:
    """The short table under the map: the programs on the map in the one ranking (the same first row as every
    page), Program, Tier, chance and Why first, then the city (the map shows the sub-region), with miles from
    home when a home city is set."""
    table = program_table(result)
    table = table[table["program_id"].isin(program_ids)]
    columns = list(KEY_COLUMNS) + ["City"]
    if "Miles from home" in table:
        columns.append("Miles from home")
    return table[columns].reset_index(drop=True)


def table_csv(table: pd.DataFrame, cycle_year: int | None = None) -> bytes:
    """The download, with the season (when given) and the NRMP citation: through the product's one formula-safe
    CSV writer."""
    return to_csv_bytes(with_sources(table, cycle_year))


def filter_programs(frame: pd.DataFrame, choices: Mapping[str, Sequence[str]], *, search: str = "",
                    search_columns: Sequence[str] = ()) -> pd.DataFrame:
    """Rows whose columns take one of the chosen values (an empty choice means all), and that contain search.

    One filter for every page (map, programs), so a filter means the same thing everywhere.
    """
    keep = pd.Series(True, index=frame.index)
    for column, values in choices.items():
        if values:
            keep &= frame[column].isin(list(values))
    needle = search.strip().casefold()
    if needle and search_columns:
        text = frame[list(search_columns)].astype("string").fillna("")
        keep &= text.apply(lambda col: col.str.casefold().str.contains(needle, regex=False)).any(axis=1)
    return frame[keep]


SCENARIO_COLUMNS = ["What if…", "Change (points)", "Chance to match", "More Realistic programs",
                    "Interviews expected", "What it means"]


def scenario_table(scenarios: pd.DataFrame) -> pd.DataFrame:
    """The what-if table in words: the change in points right after the what-if (the number to read first),
    then the chance to match with its band, realistic programs gained, interviews, and what it means."""
    if scenarios.empty:
        return pd.DataFrame(columns=SCENARIO_COLUMNS)
    return pd.DataFrame({
        "What if…": scenarios["scenario"],
        "Change (points)": (scenarios["match_change"] * 100).round(1),
        "Chance to match": [percent_band(m, lo, hi) for m, lo, hi in zip(
            scenarios["match_probability"], scenarios["match_probability_low"], scenarios["match_probability_high"])],
        "More Realistic programs": scenarios["realistic_change"],
        "Interviews expected": scenarios["expected_interviews"].round(1),
        "What it means": scenarios["explanation"],
    })[SCENARIO_COLUMNS]


# What a student or advisor reads to check one program: each structured fact next to the
# words and quotes it rests on (the *_note columns carry the sources' own sentences).
EVIDENCE_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Status", ("status", "acgme_id", "nrmp_codes")),
    ("Positions per year", ("positions_per_year", "positions_note")),
    ("Visa", ("sponsors_j1", "sponsors_h1b", "visa_basis", "accepts_imgs", "visa_note")),
    ("Screens (scores, graduation year, attempts, USCE)",
     ("step2_min", "yog_max_years", "usce_required", "usce_min_months", "first_attempt_only", "screens_note")),
    ("IMG share", ("img_share", "img_share_note")),
    ("Location", ("city", "county", "coord_precision", "coord_source")),
    ("Sources", ("source_url", "other_sources", "checked", "confidence")),
    ("Duplicates and other notes", ("duplicate_note", "notes")),
)


FACT_LABELS: dict[str, str] = {
    "status": "Status", "acgme_id": "ACGME id", "nrmp_codes": "NRMP codes",
    "positions_per_year": "Positions per year", "positions_note": "What the sources say",
    "sponsors_j1": "Accepts J-1", "sponsors_h1b": "Sponsors H-1B", "visa_basis": "Level of the visa statement",
    "accepts_imgs": "Considers IMGs", "visa_note": "What the sources say",
    "step2_min": "Step 2 CK minimum", "yog_max_years": "Max. years since graduation",
    "usce_required": "Requires US clinical experience", "usce_min_months": "USCE months required",
    "first_attempt_only": "First-attempt passes only", "screens_note": "What the sources say",
    "img_share": "IMG share of residents", "img_share_note": "How it was counted",
    "city": "City", "county": "County", "coord_precision": "Map point", "coord_source": "Point from",
    "source_url": "Main source", "other_sources": "Other sources", "checked": "Read",
    "confidence": "Confidence", "duplicate_note": "Possible duplicate", "notes": "Notes",
}


def _fact_text(column: str, value: object) -> str:
    if column == "img_share":
        return f"{float(cast(float, value)):.0%}"   # a known cell of the schema's float column img_share
    if column == "checked":
        return checked_label(str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def program_evidence(programs: pd.DataFrame, program_id: str) -> list[tuple[str, str]]:
    """(section, text) pairs for one program; a section whose facts are all unknown says so."""
    row = programs.loc[programs["program_id"] == program_id]
    if row.empty:
        raise KeyError(f"no program with program_id {program_id!r}")
    record = row.iloc[0]
    sections = []
    for title, columns in EVIDENCE_SECTIONS:
        parts = [f"{FACT_LABELS[column]}: {_fact_text(column, record[column])}"
                 for column in columns if column in record.index and pd.notna(record[column]) and str(record[column]).strip()]
        sections.append((title, "\n".join(parts) if parts else VERIFY))
    return sections


def eligible_program_names(result) -> dict[str, str]:
    """program_id -> name of the programs open to this profile, alphabetical (for pick lists)."""
    eligible = result.programs[result.programs["eligible"]].sort_values("name")
    return dict(zip(eligible["program_id"], eligible["name"]))
