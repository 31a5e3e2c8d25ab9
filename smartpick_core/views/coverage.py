"""What the program data knows: coverage per fact and specialty, the oldest facts, and the "to verify" list.

    data_coverage(programs, facts=None, today=None) -> Coverage
    coverage_markdown(coverage)                     -> the Markdown under "## Coverage" in data/README.md
    headline_metrics(coverage, field, before)       -> the Data page's headline numbers, as plain records

One function feeds both the Data page and data/README.md, so the number an advisor sees move after recording a
fact is the number the README documents. Each fact column is counted three ways:
  known      a value is stated (bundled source or an advisor's record);
  estimated  unknown, but the model uses a labelled base rate for it (J-1, H-1B, IMG share: model/estimates.py);
  unknown    unknown and nothing stands in for it (the screen is treated as not applying).
`facts` (optional) are the recorded facts as rows with program_id, field, checked_on, source_type and
verify_again; they add the "recorded" count, their dates to the oldest facts and their flags to the to-verify list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..programs.table import SPECIALTIES
from .formatting import plural

# Fact columns counted, in the order shown, with the words used on the page.
FACT_LABELS: dict[str, str] = {
    "sponsors_j1": "J-1 sponsorship",
    "sponsors_h1b": "H-1B sponsorship",
    "accepts_imgs": "Considers IMGs",
    "img_share": "IMG share",
    "step2_min": "Step 2 CK minimum",
    "yog_max_years": "Graduation-year limit",
    "usce_required": "USCE required",
    "first_attempt_only": "First-attempt passes only",
    "positions_per_year": "Positions per year",
    "acgme_id": "ACGME id",
}
# Unknown values the model replaces with a labelled estimate (model/estimates.py: route_rates, img_share_estimate).
ESTIMATED_FIELDS = frozenset({"sponsors_j1", "sponsors_h1b", "img_share"})
HOSPITAL_WORDS = ("hospital", "address", "street", "building")
SUBREGION_ORDER = ("Los Angeles", "Orange County", "Inland Empire", "San Diego", "Ventura", "Imperial", "Kern",
                   "Central Coast")
SUBREGION_SHORT = {"Los Angeles": "LA", "Orange County": "OC", "Inland Empire": "IE", "San Diego": "SD"}
COUNTED_COLUMNS = ("status", "confidence", "visa_basis", "program_type")
# Why a program is on the to-verify list, most urgent first (the list is sorted by this order).
VERIFY_REASONS = (
    "recorded fact to verify again",
    "status unverified: existence not confirmed",
    "may have closed",
    "J-1 sponsorship unknown",
)
OLDEST_N = 15
# The facts the Data page leads with (the screens an IMG's list turns on).
HEADLINE_FIELDS = ("sponsors_j1", "sponsors_h1b", "img_share", "step2_min", "yog_max_years")


@dataclass(frozen=True)
class Coverage:
    by_field: pd.DataFrame        # field, fact, known, recorded, estimated, unknown, total, known_share
    by_specialty: pd.DataFrame    # specialty, field, fact, known, estimated, unknown, total
    by_region: pd.DataFrame       # specialty x subregion program counts (with Total row and column)
    oldest: pd.DataFrame          # program_id, name, specialty, what, checked, source: oldest first
    to_verify: pd.DataFrame       # program_id, name, specialty, subregion, reasons: most urgent first
    counts: dict[str, dict[str, int]]   # status / confidence / visa_basis / program_type value counts
    programs: int
    by_file: pd.DataFrame | None = None  # field x source file known counts (bundled files only)

    def known_share(self, field: str) -> float:
        """Share of programs with the fact known (0 when there are no programs)."""
        row = self.by_field.set_index("field").loc[field]
        return float(row["known"]) / float(row["total"]) if row["total"] else 0.0


def known_mask(values: pd.Series) -> pd.Series:
    """True where a fact is stated: not missing and not blank (works on typed and raw-text frames)."""
    return values.notna() & values.astype("string").str.strip().fillna("").ne("")


def hospital_level(precision: pd.Series) -> pd.Series:
    """The map point names a hospital or street address rather than a city or county-seat centroid."""
    low = precision.astype("string").fillna("").str.lower()
    hospital = pd.Series(False, index=precision.index)
    for word in HOSPITAL_WORDS:
        hospital |= low.str.contains(word, regex=False)
    return hospital & ~low.str.contains("centroid", regex=False)


def _facts_frame(facts) -> pd.DataFrame:
    columns = ["program_id", "field", "checked_on", "source_type", "verify_again"]
    if facts is None:
        return pd.DataFrame(columns=columns)
    if isinstance(facts, pd.DataFrame):
        frame = facts.copy()
    else:
        frame = pd.DataFrame([{c: getattr(f, c, None) for c in columns} for f in facts], columns=columns)
    for column in columns:
        if column not in frame:
            frame[column] = None
    return frame[columns]


def _field_counts(programs: pd.DataFrame, recorded: pd.DataFrame) -> pd.DataFrame:
    rows = []
    total = len(programs)
    for field, label in FACT_LABELS.items():
        known = int(known_mask(programs[field]).sum()) if field in programs else 0
        estimated = total - known if field in ESTIMATED_FIELDS else 0
        n_recorded = int((recorded["field"] == field).sum())
        rows.append(dict(field=field, fact=label, known=known, recorded=n_recorded, estimated=estimated,
                         unknown=total - known - estimated, total=total))
    if "coord_precision" in programs:
        known = int(hospital_level(programs["coord_precision"]).sum())
        rows.append(dict(field="hospital_coordinate", fact="Hospital-level map point", known=known, recorded=0,
                         estimated=0, unknown=total - known, total=total))
    frame = pd.DataFrame(rows)
    frame["known_share"] = (frame["known"] / frame["total"]).where(frame["total"] > 0, 0.0)
    return frame


def _specialty_counts(programs: pd.DataFrame) -> pd.DataFrame:
    """Long table: one row per specialty and fact (vectorised per fact over the groupby)."""
    parts = []
    for field, label in FACT_LABELS.items():
        if field not in programs:
            continue
        known = known_mask(programs[field]).groupby(programs["specialty"]).agg(["sum", "size"])
        part = pd.DataFrame({"specialty": known.index, "field": field, "fact": label,
                             "known": known["sum"].astype(int).to_numpy(), "total": known["size"].to_numpy()})
        part["estimated"] = (part["total"] - part["known"]) if field in ESTIMATED_FIELDS else 0
        part["unknown"] = part["total"] - part["known"] - part["estimated"]
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["specialty", "field", "fact", "known", "estimated", "unknown", "total"])
    out = pd.concat(parts, ignore_index=True)
    return out[["specialty", "field", "fact", "known", "estimated", "unknown", "total"]]


def _region_counts(programs: pd.DataFrame) -> pd.DataFrame:
    regions = [r for r in SUBREGION_ORDER if r in set(programs["subregion"])] + sorted(
        set(programs["subregion"]) - set(SUBREGION_ORDER))
    table = pd.crosstab(programs["specialty"], programs["subregion"]).reindex(columns=regions, fill_value=0)
    present = set(programs["specialty"])
    order = [s for s in SPECIALTIES if s in present] + sorted(present - set(SPECIALTIES))
    table = table.reindex(index=order, fill_value=0)
    table["Total"] = table.sum(axis=1)
    table.loc["Total"] = table.sum(axis=0)
    table.index.name = "Specialty"
    table.columns.name = None
    return table.astype(int)


def _oldest(programs: pd.DataFrame, recorded: pd.DataFrame, n: int) -> pd.DataFrame:
    names = programs.set_index("program_id")[["name", "specialty"]]
    bundled = pd.DataFrame({"program_id": programs["program_id"], "what": "bundled facts (whole row)",
                            "checked": programs["checked"].astype("string"), "source": programs["source_url"]})
    parts = [bundled]
    if len(recorded):
        parts.append(pd.DataFrame({
            "program_id": recorded["program_id"].astype("string"),
            "what": recorded["field"].map(lambda f: FACT_LABELS.get(f, str(f).replace("_", " "))),
            "checked": recorded["checked_on"].astype("string").str[:10],
            "source": "advisor-recorded, " + recorded["source_type"].astype("string")}))
    both = pd.concat(parts, ignore_index=True)
    both = both.join(names, on="program_id")     # a record of a program no longer in the table says so
    both = both.fillna({"name": "(not in the program table)", "specialty": "unknown"})
    both = both.sort_values(["checked", "program_id", "what"], kind="stable").head(n)
    return both[["program_id", "name", "specialty", "what", "checked", "source"]].reset_index(drop=True)


def _to_verify(programs: pd.DataFrame, recorded: pd.DataFrame) -> pd.DataFrame:
    stale = set(recorded.loc[recorded["verify_again"].fillna(False).astype(bool), "program_id"])
    if "verify_again" in programs:   # the overlay's flag (recorded facts already applied)
        stale |= set(programs.loc[programs["verify_again"].fillna(False).astype(bool), "program_id"])
    flags = pd.DataFrame({
        VERIFY_REASONS[0]: programs["program_id"].isin(stale),
        VERIFY_REASONS[1]: programs["status"].eq("unverified"),
        VERIFY_REASONS[2]: programs["status"].eq("possibly_closed"),
        VERIFY_REASONS[3]: ~known_mask(programs["sponsors_j1"]) & programs["accepts_imgs"].ne("no").fillna(True),
    }).fillna(False).astype(bool)
    urgency = flags.to_numpy().argmax(axis=1)
    listed = flags.any(axis=1).to_numpy()
    reasons = flags.apply(lambda row: "; ".join(r for r in VERIFY_REASONS if row[r]), axis=1)
    out = pd.DataFrame({"program_id": programs["program_id"], "name": programs["name"],
                        "specialty": programs["specialty"], "subregion": programs["subregion"],
                        "reasons": reasons, "_urgency": urgency})[listed]
    return (out.sort_values(["_urgency", "specialty", "name"], kind="stable").drop(columns="_urgency")
            .reset_index(drop=True))


def _file_counts(programs: pd.DataFrame) -> pd.DataFrame | None:
    if "_source_file" not in programs:
        return None
    files = programs["_source_file"].astype("string").str.rsplit("/", n=1).str[-1]
    out = {}
    for name in dict.fromkeys(files):
        part = programs[files == name]
        out[f"{name} (n={len(part)})"] = _field_counts(part, _facts_frame(None)).set_index("field")["known"]
    out[f"both files (n={len(programs)})"] = _field_counts(programs, _facts_frame(None)).set_index("field")["known"]
    return pd.DataFrame(out)


def data_coverage(programs: pd.DataFrame, facts=None, *, oldest_n: int = OLDEST_N) -> Coverage:
    """Coverage of the program table (bundled, or with recorded facts already overlaid) in one value."""
    recorded = _facts_frame(facts)
    counts = {c: {str(k): int(v) for k, v in programs[c].astype("string").fillna("").replace("", "(empty)")
                  .value_counts().items()} for c in COUNTED_COLUMNS if c in programs}
    return Coverage(
        by_field=_field_counts(programs, recorded),
        by_specialty=_specialty_counts(programs),
        by_region=_region_counts(programs),
        oldest=_oldest(programs, recorded, oldest_n),
        to_verify=_to_verify(programs, recorded),
        counts=counts,
        programs=len(programs),
        by_file=_file_counts(programs),
    )


@dataclass(frozen=True)
class Headline:
    """One headline number as the page shows it: label, "84 of 191", the move after a record, the hover text."""
    field: str
    label: str
    value: str
    delta: str | None
    help: str


def known_count(coverage: Coverage, field: str) -> int | None:
    """Programs with the fact known, or None for a field the coverage does not count (so no delta is shown)."""
    if field not in FACT_LABELS:
        return None
    return int(coverage.by_field.set_index("field")["known"].get(field, 0))


def headline_metrics(coverage: Coverage, moved_field: str | None = None, known_before: int | None = None,
                     fields=HEADLINE_FIELDS) -> list[Headline]:
    """The headline numbers; the fact just recorded (moved_field, known before it) shows how far it moved, so
    the advisor sees their record count."""
    by_field = coverage.by_field.set_index("field")
    out = []
    for field in fields:
        row = by_field.loc[field]
        known = int(row["known"])
        delta = None
        if moved_field == field and known_before is not None and known != known_before:
            delta = f"{known - known_before:+d} known"
        out.append(Headline(
            field=field, label=str(row["fact"]), value=f"{known} of {int(row['total'])}", delta=delta,
            help=f"{row['known_share']:.0%} known; {int(row['estimated'])} estimated from programs like it; "
                 f"{int(row['unknown'])} unknown; {int(row['recorded'])} recorded by advisors."))
    return out


def coverage_caption(coverage: Coverage, recorded_facts: int) -> str:
    """The line under the headline numbers: table size, advisor records, and the work left to verify."""
    return (f"{plural(coverage.programs, 'program')}; {plural(recorded_facts, 'fact')} recorded by advisors; "
            f"{plural(len(coverage.to_verify), 'program')} on the to-verify list.")


def verify_table(coverage: Coverage) -> pd.DataFrame:
    """The to-verify list as shown: the program is named, so its id column is left out."""
    return coverage.to_verify.drop(columns=["program_id"])


def field_table(coverage: Coverage) -> pd.DataFrame:
    """The per-fact coverage with headed columns (the Coverage tab; Known_share is shown as a percent)."""
    return coverage.by_field.drop(columns=["field"]).rename(columns=str.capitalize)


def _share(k: int, n: int) -> str:
    return f"{k} ({k / n:.0%})" if n else "0"


def specialty_grid(coverage: Coverage) -> pd.DataFrame:
    """One row per specialty, one column per fact, each cell 'known / estimated / unknown' (the Data page's grid)."""
    spec = coverage.by_specialty
    cells = spec.assign(cell=spec["known"].astype(str) + " / " + spec["estimated"].astype(str)
                        + " / " + spec["unknown"].astype(str))
    return cells.pivot(index="specialty", columns="fact", values="cell").reset_index()


def coverage_markdown(coverage: Coverage) -> str:
    """The Markdown pasted under "## Coverage" in data/README.md (tests/test_coverage.py checks it is current)."""
    regions = coverage.by_region
    head = ["Specialty"] + [SUBREGION_SHORT.get(c, c) for c in regions.columns]
    lines = [f"Programs per specialty × subregion ({coverage.programs} rows):", "",
             "| " + " | ".join(head) + " |", "|---" + "|--:" * len(regions.columns) + "|"]
    for spec, row in regions.iterrows():
        cells = [str(v) for v in row]
        label = f"**{spec}**" if spec == "Total" else str(spec)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "Each fact, all programs: known (a source states it), estimated (unknown; the model uses a labelled "
              "base rate), unknown (nothing stands in):", "",
              "| Fact | column | known | estimated | unknown |", "|---|---|--:|--:|--:|"]
    for row in coverage.by_field.itertuples():
        column = f"`{row.field}`" if row.field in FACT_LABELS else "`coord_precision`"
        lines.append(f"| {row.fact} | {column} | {_share(row.known, row.total)} | {_share(row.estimated, row.total)} "
                     f"| {_share(row.unknown, row.total)} |")
    if coverage.by_file is not None:
        lines += ["", "Known per file:", "", "| column | " + " | ".join(coverage.by_file.columns) + " |",
                  "|---" + "|--:" * len(coverage.by_file.columns) + "|"]
        for field, row in coverage.by_file.iterrows():
            lines.append(f"| `{field}` | " + " | ".join(str(int(v)) for v in row) + " |")
    spec = coverage.by_specialty
    if len(spec):
        known = spec.pivot(index="specialty", columns="field", values="known")
        total = spec.groupby("specialty")["total"].first()
        fields = [f for f in FACT_LABELS if f in known.columns]
        lines += ["", "Known per specialty (of n programs):", "",
                  "| Specialty | n | " + " | ".join(f"`{f}`" for f in fields) + " |",
                  "|---|--:" + "|--:" * len(fields) + "|"]
        for specialty in regions.index.drop("Total"):
            lines.append(f"| {specialty} | {int(total[specialty])} | "
                         + " | ".join(str(int(known.at[specialty, f])) for f in fields) + " |")
    lines.append("")
    for column, values in coverage.counts.items():
        lines.append(f"- `{column}`: " + ", ".join(f"{k} {v}" for k, v in values.items()))
    lines += ["", f"To verify: {len(coverage.to_verify)} programs (reasons: "
              + ", ".join(f"{r} {int(coverage.to_verify['reasons'].str.contains(r, regex=False).sum())}"
                          for r in VERIFY_REASONS) + ")."]
    return "\n".join(lines) + "\n"
