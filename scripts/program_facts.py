"""Apply program-id-keyed research facts and published hospital coordinates to a program frame.

Used by scripts/build_programs.py for both bundled files (programs.csv from the roster,
programs_added.csv from its research base), so every researched fact is applied the same
way and the output is reproducible from the files under data/research/.

* data/research/pass3_facts.csv — one fact per line, keyed by program_id, with the
  verbatim evidence quote and the level of the statement (program / institution /
  third_party). A fact that would replace a different existing value needs a non-empty
  `curation` cell saying why; otherwise the build stops.
* data/research/hospital_coordinates.csv — a coordinate printed in a public source for a
  program's main training hospital; replaces the GeoNames city centroid.

Why facts and evidence are kept apart from the tables: the tables stay readable, while the
research file holds the exact quote a reviewer can check against the source.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "data" / "research" / "pass3_facts.csv"
COORDS = ROOT / "data" / "research" / "hospital_coordinates.csv"

FACT_COLUMNS = ["program_id", "field", "value", "basis", "source_url", "source_date", "checked",
                "evidence", "note", "curation"]
COORD_COLUMNS = ["program_id", "hospital", "lat", "lon", "source_url", "evidence", "address",
                 "checked", "note"]

YES_NO_FIELDS = ("accepts_imgs", "sponsors_j1", "sponsors_h1b", "usce_required",
                 "first_attempt_only")
INT_FIELDS = ("positions_per_year", "step2_min", "yog_max_years")
VALUE_FIELDS = YES_NO_FIELDS + INT_FIELDS + ("usce_min_months", "acgme_id", "status", "img_share")
TEXT_FIELDS = ("positions_note", "screens_note", "visa_note", "notes")
ALL_FIELDS = VALUE_FIELDS + TEXT_FIELDS + ("nrmp_codes",)
VISA_FIELDS = ("sponsors_j1", "sponsors_h1b")
BASES = ("program", "institution", "third_party")
# Where a fact's evidence is written next to the structured value it explains.
COMPANION = {"positions_per_year": "positions_note", "sponsors_j1": "visa_note",
             "sponsors_h1b": "visa_note", "accepts_imgs": "visa_note", "img_share": "img_share_note",
             "step2_min": "screens_note", "yog_max_years": "screens_note",
             "usce_required": "screens_note", "usce_min_months": "screens_note",
             "first_attempt_only": "screens_note", "acgme_id": "notes", "status": "notes",
             "nrmp_codes": "notes", "positions_note": "positions_note", "screens_note": "screens_note",
             "visa_note": "visa_note"}
BASIS_WORDS = {"program": "program's own statement", "institution": "institution-wide statement",
               "third_party": "third-party listing"}
STATUSES = ("accredited", "new", "unverified", "possibly_closed")
PRECISION_HOSPITAL = "hospital (coordinate published in the cited source)"


def join(*parts: str, sep: str = " ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def read_table(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read a research CSV as text; the header must be exactly `columns`."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(table.columns) != columns:
        raise ValueError(f"{path.name}: columns {list(table.columns)} != {columns}")
    return table.apply(lambda col: col.str.strip())


def normalise_value(field: str, value: str, where: str) -> str:
    """The cell text a fact writes; rejects values outside the field's vocabulary."""
    if field in YES_NO_FIELDS and value not in ("yes", "no"):
        raise ValueError(f"{where}: {field} must be yes/no, got {value!r}")
    if field in INT_FIELDS:
        if not re.fullmatch(r"\d+", value):
            raise ValueError(f"{where}: {field} must be a whole number, got {value!r}")
        return str(int(value))
    if field == "usce_min_months":
        if not re.fullmatch(r"\d+(\.\d+)?", value):
            raise ValueError(f"{where}: usce_min_months must be a number of months, got {value!r}")
        return f"{float(value):g}"
    if field == "acgme_id" and not re.fullmatch(r"\d{10}", value):
        raise ValueError(f"{where}: acgme_id must have 10 digits, got {value!r}")
    if field == "status" and value not in STATUSES:
        raise ValueError(f"{where}: status must be one of {STATUSES}, got {value!r}")
    if field == "img_share":
        m = re.fullmatch(r"(\d+)/(\d+)", value)
        if not m or int(m[2]) == 0 or int(m[1]) > int(m[2]):
            raise ValueError(f"{where}: img_share must be 'IMGs/residents' counted, got {value!r}")
        return f"{int(m[1]) / int(m[2]):.3f}"
    if field == "nrmp_codes" and not re.fullmatch(r"[0-9A-Z]{9}(;[0-9A-Z]{9})*", value):
        raise ValueError(f"{where}: nrmp_codes must be ';'-separated 9-character codes, got {value!r}")
    return value


def weakest_basis(bases: list[str]) -> str:
    """visa_basis is the level of the weakest statement the visa fields rest on."""
    known = [b for b in bases if b in BASES]
    return max(known, key=BASES.index) if known else ""


def strongest_basis(bases: list[str]) -> str:
    """Two sources for one field: the field rests on the more specific one."""
    return min(bases, key=BASES.index)


def visa_basis_after(original: dict, final: dict, field_facts: dict[str, list[tuple[str, str]]]) -> str:
    """Weakest basis over both visa fields. A field rests on the strongest statement that gives
    its final value (facts whose value was later replaced do not count); it keeps its old basis
    too where the value is unchanged. Military rows stay military: no statement opens them."""
    if original["visa_basis"] == "military":
        return "military"
    old_basis = [original["visa_basis"]] if original["visa_basis"] in BASES else []
    per_field = []
    for f, facts in field_facts.items():
        backing = [basis for basis, value in facts if value == final[f]]
        per_field.append(strongest_basis(backing + (old_basis if original[f] == final[f] else [])))
    kept_old = any(original[f] for f in VISA_FIELDS if f not in field_facts)
    return weakest_basis(per_field + (old_basis if kept_old else []))


def evidence_text(fact: pd.Series) -> str:
    dated = f"; source dated {fact['source_date']}" if fact["source_date"] else ""
    return (f"Pass 3 ({fact['checked']}, {BASIS_WORDS[fact['basis']]}{dated}): "
            f"\u201c{fact['evidence']}\u201d \u2014 {fact['source_url']}"
            + (f" ({fact['note']})" if fact["note"] else ""))


def check_fact(fact: pd.Series, where: str, known_ids: set[str]) -> None:
    if fact["program_id"] not in known_ids:
        raise ValueError(f"{where}: program_id {fact['program_id']!r} is in neither program file")
    if fact["field"] not in ALL_FIELDS:
        raise ValueError(f"{where}: field {fact['field']!r} cannot be set by a fact")
    if fact["basis"] not in BASES:
        raise ValueError(f"{where}: basis must be one of {BASES}, got {fact['basis']!r}")
    if not re.fullmatch(r"https?://\S+", fact["source_url"]):
        raise ValueError(f"{where}: bad source_url {fact['source_url']!r}")
    if not re.fullmatch(r"\d{4}-\d{2}", fact["checked"]):
        raise ValueError(f"{where}: checked must be YYYY-MM, got {fact['checked']!r}")
    if not fact["evidence"]:
        raise ValueError(f"{where}: evidence (the verbatim quote) is required")


def add_source(row: dict, url: str) -> None:
    other = row["other_sources"].split()
    if url != row["source_url"] and url not in other:
        row["other_sources"] = " ".join(other + [url])


def apply_facts(df: pd.DataFrame, facts: pd.DataFrame, known_ids: set[str],
                label: str = "pass3_facts.csv") -> pd.DataFrame:
    """Apply the facts whose program_id is in `df`; every fact must name a known program."""
    rows = {r["program_id"]: dict(r) for r in df.astype(str).to_dict("records")}
    originals = {pid: dict(r) for pid, r in rows.items()}
    visa_facts: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for i, fact in facts.iterrows():
        where = f"{label} line {i + 2}"
        check_fact(fact, where, known_ids)
        row = rows.get(fact["program_id"])
        if row is None:
            continue
        field = fact["field"]
        value = normalise_value(field, fact["value"], where)
        old = row[field]
        if field in VALUE_FIELDS and old and old != value and not fact["curation"]:
            raise ValueError(f"{where}: {fact['program_id']}.{field} = {old!r} would become {value!r}; "
                             "say why in the curation column")
        if field in TEXT_FIELDS:
            row[field] = join(old, f"Pass 3: {value}")
        elif field == "nrmp_codes":
            codes = [c for c in old.split(";") if c]
            row[field] = ";".join(codes + [c for c in value.split(";") if c not in codes])
        else:
            row[field] = value
        if field in VISA_FIELDS:
            visa_facts.setdefault(fact["program_id"], {}).setdefault(field, []).append((fact["basis"], value))
        companion = COMPANION.get(field, "notes")
        row[companion] = join(row[companion], evidence_text(fact))
        if fact["curation"]:
            row["notes"] = join(row["notes"], f"Curation (pass 3, {field}): {fact['curation']}")
        add_source(row, fact["source_url"])
    for pid, field_facts in visa_facts.items():
        rows[pid]["visa_basis"] = visa_basis_after(originals[pid], rows[pid], field_facts)
    return pd.DataFrame(list(rows.values()), columns=df.columns)


def apply_coordinates(df: pd.DataFrame, coords: pd.DataFrame, known_ids: set[str],
                      label: str = "hospital_coordinates.csv") -> pd.DataFrame:
    """Replace city centroids by published hospital coordinates (the county check is a test)."""
    rows = {r["program_id"]: dict(r) for r in df.astype(str).to_dict("records")}
    if coords["program_id"].duplicated().any():
        raise ValueError(f"{label}: duplicate program_id {coords.loc[coords.program_id.duplicated(), 'program_id'].tolist()}")
    for i, c in coords.iterrows():
        where = f"{label} line {i + 2}"
        if c["program_id"] not in known_ids:
            raise ValueError(f"{where}: program_id {c['program_id']!r} is in neither program file")
        if not re.fullmatch(r"https?://\S+", c["source_url"]) or not c["evidence"]:
            raise ValueError(f"{where}: a coordinate needs its source_url and the evidence as printed")
        lat, lon = float(c["lat"]), float(c["lon"])
        if not (32.5 <= lat <= 35.8 and -121.5 <= lon <= -114.1):  # the geocoder's box
            raise ValueError(f"{where}: ({lat}, {lon}) is outside Southern California")
        row = rows.get(c["program_id"])
        if row is None:
            continue
        row["lat"], row["lon"] = f"{lat:.5f}", f"{lon:.5f}"
        row["coord_precision"] = PRECISION_HOSPITAL
        row["coord_source"] = c["source_url"]
        address = f", address {c['address']}" if c["address"] else ""
        row["notes"] = join(row["notes"], (
            f"Hospital coordinate ({c['checked']}): {c['hospital']}{address}; printed as "
            f"\u201c{c['evidence']}\u201d \u2014 {c['source_url']}; replaces the city centroid above."
            + (f" ({c['note']})" if c["note"] else "")))
        add_source(row, c["source_url"])
    return pd.DataFrame(list(rows.values()), columns=df.columns)


def apply_research(df: pd.DataFrame, known_ids: set[str],
                   facts_path: Path = FACTS, coords_path: Path = COORDS) -> pd.DataFrame:
    """Both research files, facts first; missing files mean nothing to apply yet."""
    if facts_path.exists():
        df = apply_facts(df, read_table(facts_path, FACT_COLUMNS), known_ids, facts_path.name)
    if coords_path.exists():
        df = apply_coordinates(df, read_table(coords_path, COORD_COLUMNS), known_ids, coords_path.name)
    return df
