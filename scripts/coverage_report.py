"""Print the data/README.md "Coverage" tables for the bundled program data.

Reads data/programs.csv and data/programs_added.csv (raw text, no schema coercion)
and prints Markdown:

1. programs per specialty x subregion (both files together), with the count from
   programs_added.csv in brackets where it is non-zero;
2. share of rows with each field known (non-empty), per file and for both;
3. status / confidence / visa_basis counts.

"Hospital-level coordinate" = coord_precision says the point is a hospital /
street address rather than a city or county-seat centroid.

Run:  .venv/bin/python scripts/coverage_report.py   (paste the output under "## Coverage")
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FILES = {"programs.csv": ROOT / "data" / "programs.csv",
         "programs_added.csv": ROOT / "data" / "programs_added.csv"}

SPECIALTIES = [
    "Internal Medicine", "Internal Medicine (Preliminary)", "Family Medicine", "Transitional Year",
    "Psychiatry", "Pediatrics", "Neurology", "Child Neurology", "Pathology",
    "Physical Medicine and Rehabilitation", "General Surgery", "Emergency Medicine",
    "Obstetrics and Gynecology", "Anesthesiology",
]
SUBREGIONS = ["Los Angeles", "Orange County", "Inland Empire", "San Diego", "Ventura",
              "Imperial", "Kern", "Central Coast"]
SUB_SHORT = {"Los Angeles": "LA", "Orange County": "OC", "Inland Empire": "IE",
             "San Diego": "SD", "Ventura": "Ventura", "Imperial": "Imperial", "Kern": "Kern",
             "Central Coast": "Central Coast"}
FIELDS = ["positions_per_year", "img_share", "accepts_imgs", "sponsors_j1", "sponsors_h1b",
          "step2_min", "yog_max_years", "usce_required", "first_attempt_only", "acgme_id"]
HOSPITAL_WORDS = ("hospital", "address", "street", "building")


def load() -> pd.DataFrame:
    frames = []
    for name, path in FILES.items():
        f = pd.read_csv(path, dtype=str, keep_default_na=False)
        f["_file"] = name
        frames.append(f)
    df = pd.concat(frames, ignore_index=True)
    for col in df.columns:
        df[col] = df[col].str.strip()
    return df


def hospital_level(precision: pd.Series) -> pd.Series:
    low = precision.str.lower()
    return low.apply(lambda s: any(w in s for w in HOSPITAL_WORDS) and "centroid" not in s)


def specialty_table(df: pd.DataFrame) -> str:
    unknown = sorted(set(df.specialty) - set(SPECIALTIES)) + sorted(set(df.subregion) - set(SUBREGIONS))
    if unknown:
        raise SystemExit(f"unexpected specialty/subregion values: {unknown}")
    added = df["_file"] == "programs_added.csv"
    lines = ["| Specialty | " + " | ".join(SUB_SHORT[s] for s in SUBREGIONS) + " | Total |",
             "|---" + "|--:" * (len(SUBREGIONS) + 1) + "|"]

    def cell(mask: pd.Series) -> str:
        n, a = int(mask.sum()), int((mask & added).sum())
        return f"{n} ({a})" if a else str(n)

    for spec in SPECIALTIES:
        in_spec = df.specialty == spec
        lines.append(f"| {spec} | " + " | ".join(cell(in_spec & (df.subregion == s))
                                                   for s in SUBREGIONS)
                     + f" | {cell(in_spec)} |")
    lines.append("| **Total** | " + " | ".join(cell(df.subregion == s) for s in SUBREGIONS)
                 + f" | **{cell(df.specialty != '')}** |")
    return "\n".join(lines)


def field_table(df: pd.DataFrame) -> str:
    parts = {name: df[df._file == name] for name in FILES} | {"both files": df}
    head = "| Field | " + " | ".join(f"{k} (n={len(v)})" for k, v in parts.items()) + " |"
    lines = [head, "|---" + "|--:" * len(parts) + "|"]
    known = {f: (lambda d, f=f: d[f] != "") for f in FIELDS}
    known["hospital-level coordinate"] = lambda d: hospital_level(d["coord_precision"])
    for label, fn in known.items():
        cells = []
        for sub in parts.values():
            k = int(fn(sub).sum())
            cells.append(f"{k} ({k / len(sub):.0%})" if len(sub) else "0")
        name = f"`{label}`" if label in FIELDS else label
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def counts(df: pd.DataFrame) -> str:
    out = []
    for col in ("status", "confidence", "visa_basis", "program_type"):
        vc = df[col].replace("", "(empty)").value_counts()
        out.append(f"- `{col}` (both files): " + ", ".join(f"{k} {v}" for k, v in vc.items()))
    return "\n".join(out)


def report() -> str:
    df = load()
    return "\n".join([
        f"Programs per specialty × subregion, both files ({len(df)} rows; in brackets: "
        "how many of them come from `programs_added.csv`):",
        "",
        specialty_table(df),
        "",
        "Rows with each field known (non-empty); count (share of the file's rows):",
        "",
        field_table(df),
        "",
        counts(df),
    ])


if __name__ == "__main__":
    print(report())
    sys.exit(0)
