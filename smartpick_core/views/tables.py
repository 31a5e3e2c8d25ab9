"""The scored table in words: what the Programs page shows and the CSV a student downloads.

Unknown facts read "unknown — verify with the program"; dates read "checked 2026-10".
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence, cast

import pandas as pd

from ..csv_writer import to_csv_bytes
from .exports import with_sources
from ..model.estimates import route_rates
from .formatting import checked_label, plural, short_name
from ..model.tiers import Tier
from ..text import plain_html
from ..model.wording import percent_band
from ..model.ranking import ranked
from ..programs.table import ProgramType
from ..model.reasons import VERIFY, decisive_reason

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


def map_table(result, program_ids: pd.Series, *, ids: bool = False) -> pd.DataFrame:
    """The short table under the map: the programs on the map in the one ranking (the same first row as every
    page), Program, Tier, chance and Why first, then the city (the map shows the sub-region), with miles from
    home when a home city is set. ids=True keeps program_id and Sub-region (for the one-line rows)."""
    table = program_table(result)
    table = table[table["program_id"].isin(program_ids)]
    columns = (["program_id"] if ids else []) + list(KEY_COLUMNS) + ["City"] + (["Sub-region"] if ids else [])
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


# --- presentation mode: one line a program, every reason a click away -----------------------------------------------
# A screen-shared table shows at least five programs at 1280x720: each row is one line (name, tier, chance and the
# decisive reason), cut with an ellipsis where the window is narrow; the row opens (an HTML <details>, drawn by the
# browser with no rerun) on the full name and every reason, and each cut cell carries its whole text as a tooltip.
ROW_LIST_CSS = """<style>
.sp-rows { font-size: 0.9rem; line-height: 1.35; margin: 0 0 0.6rem 0; }
.sp-rows .sp-head, .sp-rows summary { display: grid; grid-template-columns: var(--sp-cols); column-gap: 0.7rem;
  align-items: baseline; padding: 0.25rem 0.4rem; }
.sp-rows .sp-head { font-weight: 700; border-bottom: 2px solid #c8c8c8; font-size: 0.8rem; color: #444; }
.sp-rows details { border-bottom: 1px solid #e3e3e3; }
.sp-rows details[open] { background: #f6f7f9; }
.sp-rows summary { cursor: pointer; list-style: none; }
.sp-rows summary::-webkit-details-marker { display: none; }
.sp-rows summary:hover { background: #f0f2f6; }
.sp-rows .sp-cell { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.sp-rows .sp-head .sp-cell { white-space: normal; }
.sp-rows .sp-name { font-weight: 700; }
.sp-rows .sp-more { padding: 0.2rem 0.6rem 0.6rem 1.2rem; font-size: 0.85rem; }
.sp-rows .sp-more ul { margin: 0.2rem 0 0 0; }
.sp-rows .sp-more li { white-space: normal; margin: 0; }
</style>"""


def _cell_html(text: str, *, cls: str = "sp-cell", full: str | None = None) -> str:
    """One cut-able cell: the text shown, the whole text (full, when different) as its tooltip."""
    shown = plain_html(text)
    return f'<span class="{cls}" title="{plain_html(full if full is not None else text)}">{shown}</span>'


def _tier_html(tier: str) -> str:
    color = Tier(tier).color if tier in {t.value for t in Tier} else "#777777"
    return (f'<span class="sp-cell" title="{plain_html(tier)}"><span style="color:{color}">●</span> '
            f'{plain_html(tier)}</span>')


def row_list_html(header: Sequence[str], widths: Sequence[str], rows: Sequence[tuple[Sequence[str], str]]) -> str:
    """The one-line rows: header labels, CSS grid widths, and per row its cells (HTML from _cell_html/_tier_html)
    and the HTML shown when it is opened."""
    head = "".join(f'<span class="sp-cell">{plain_html(label)}</span>' for label in header)
    body = "".join(f'<details class="sp-row"><summary>{"".join(cells)}</summary><div class="sp-more">{more}</div>'
                   f"</details>" for cells, more in rows)
    return (f'{ROW_LIST_CSS}<div class="sp-rows" style="--sp-cols: {" ".join(widths)}">'
            f'<div class="sp-head">{head}</div>{body}</div>')


_SCORE_LINE = re.compile(r"^Your \S+ counts as about (\S+) here; programs like this usually interview around (.+)$")
NOT_ELIGIBLE_PREFIX = "Not eligible — "
ROW_WHY = "Why: your score here; what they usually interview (click a row for every reason)"


def row_reason(reasons: Sequence[str]) -> str:
    """The decisive reason as a one-line row shows it: only what differs between rows. The effective score against
    the usual range reads 'about 243 here; usually 226–236' (the applicant's own score is the same on every row and
    the heading says what the numbers are); a failed screen drops 'Not eligible — ', which the Tier column says."""
    line = decisive_reason(reasons)
    found = _SCORE_LINE.match(line)
    if found:
        return f"about {found[1]} here; usually {found[2]}"
    return line.removeprefix(NOT_ELIGIBLE_PREFIX)


def _known(value, what: str) -> str:
    """A fact for the opened row, or '<what> unknown' where the data has none (never 'nan' or a silent gap)."""
    return f"{what} unknown" if value is None or pd.isna(value) or not str(value).strip() else str(value)


def _details_html(name: str, facts: Sequence[str], reasons: Sequence[str], why_label: str = "Why") -> str:
    """The opened row: the full name, a line of facts, and every reason in full."""
    line = " · ".join(plain_html(f) for f in facts if f)
    items = "".join(f"<li>{plain_html(r)}</li>" for r in reasons)
    return (f"<b>{plain_html(name)}</b>" + (f" — {line}" if line else "")
            + f'<div>{plain_html(why_label)}:</div><ul>{items or "<li>" + plain_html(VERIFY) + "</li>"}</ul>')


PROGRAM_ROW_WIDTHS = ("minmax(0, 3fr)", "minmax(0, 1.05fr)", "minmax(0, 1.25fr)", "minmax(0, 2.7fr)")


def program_rows_html(table: pd.DataFrame, programs: pd.DataFrame, specialty: str) -> str:
    """Programs in presentation mode: one line each (short name, tier, interview chance, decisive reason), in the
    table's order; opening a row shows the full name, city and sub-region and every reason.

    table: rows of program_table (program_id, Program, Tier, Interview chance, City, Sub-region); programs: the
    scored programs (their reasons lists)."""
    reasons = programs.set_index("program_id")["reasons"]
    rows = []
    for record in table[["program_id", "Program", "Tier", "Interview chance", "City", "Sub-region"]].itertuples(
            index=False):
        pid, name, tier, chance, city, region = record
        why = list(reasons.get(pid, []))
        cells = [_cell_html(short_name(name, specialty), cls="sp-cell sp-name", full=name), _tier_html(tier),
                 _cell_html(chance), _cell_html(row_reason(why))]
        rows.append((cells, _details_html(name, [_known(city, "city"), _known(region, "sub-region"),
                                                        f"interview chance {chance}"], why, "Every reason")))
    return row_list_html(("Program", "Tier", "Interview chance", ROW_WHY),
                         PROGRAM_ROW_WIDTHS, rows)


PLAN_ROW_WIDTHS = ("minmax(0, 3fr)", "minmax(0, 1.25fr)", "minmax(0, 0.9fr)", "minmax(0, 2.8fr)")


def plan_rows_html(chosen: pd.DataFrame, specialty: str, signal_marks: Mapping[str, str], title: str = "Program") -> str:
    """One tier of My list in presentation mode: short name, interview chance, signal and the decisive reason on one
    line; opened, the full name, sub-region, why it is on the list and every reason.

    chosen: the plan's chosen programs of one tier, in list order (name, subregion, likelihood_text, signal, why,
    reasons). title: the first column's heading (My list puts the tier and its count there)."""
    rows = []
    for record in chosen[["name", "subregion", "likelihood_text", "signal", "why", "reasons"]].itertuples(index=False):
        name, region, chance, signal, why_chosen, reasons = record
        mark = signal_marks.get(signal, "") or "—"
        short_mark = mark.removesuffix(" signal") if mark.count(" ") > 1 else mark    # '★ gold'; whole on hover
        cells = [_cell_html(short_name(name, specialty), cls="sp-cell sp-name", full=name), _cell_html(chance),
                 _cell_html(short_mark, full=mark), _cell_html(row_reason(list(reasons)))]
        facts = [_known(region, "sub-region"), f"interview chance {chance}", signal_marks.get(signal, ""), f"on the list: {why_chosen}"]
        rows.append((cells, _details_html(name, facts, list(reasons), "Every reason")))
    return row_list_html((title, "Interview chance", "Signal", ROW_WHY),
                         PLAN_ROW_WIDTHS, rows)


def plan_tier_rows(plan, specialty: str) -> dict[str, str]:
    """tier -> its one-line rows (plan_rows_html), in the order and grouping of My list's tables (tier_groups), headed
    by the tier and its count ('Realistic — 15 programs')."""
    from .plan_report import SIGNAL_MARKS     # plan_report builds the page's tables; only its signal words are shared

    chosen = ranked(plan.chosen)
    groups = {tier.value: chosen[chosen["tier"] == tier.value] for tier in Tier}
    return {tier: plan_rows_html(rows, specialty, SIGNAL_MARKS, f"{tier} — {plural(len(rows), 'program')}")
            for tier, rows in groups.items() if len(rows)}
