"""Synthetic program tables of national size, for the CLI's load bench and scale tests. Fake, clearly labelled.

    .venv/bin/python scripts/make_national_table.py --rows 800 --text realistic      # ~IM's 758 programs
    .venv/bin/python scripts/make_national_table.py --rows 13000 --text short         # the stress table, ~9 MB
    .venv/bin/python scripts/make_national_table.py --rows 13000 --out /tmp/tables    # prints the file's path

Why synthetic: no national table of real programs with every column of data/SCHEMA.md exists in this project,
and the bench must not invent facts about real programs. Every row is named "Synthetic IM Program 00001",
its source is https://example.org/synthetic/... (a domain reserved for examples), and its notes say it is
synthetic. The columns, vocabularies and share of empty cells follow data/programs.csv, so loading and
validation do the same work per row as on the bundled table. The table passes the bundled schema (SoCal
counties and coordinates), so `score --programs FILE` takes it as it takes the bundled one.

Deterministic: the same --rows, --specialty, --text and --seed write the same bytes. It writes into a temp
dir (or --out), never into data/.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
from pathlib import Path

from smartpick_core.programs.table import AUDIT_COLUMNS, COLUMNS, COUNTY_TO_REGION

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SEED = 21
# Rough centres of the counties (degrees), so a synthetic point lies near its county; jittered by +-0.15.
COUNTY_CENTRES: dict[str, tuple[float, float]] = {
    "Los Angeles": (34.05, -118.25), "Orange": (33.72, -117.83), "Riverside": (33.95, -117.40),
    "San Bernardino": (34.10, -117.29), "San Diego": (32.85, -117.10), "Ventura": (34.28, -119.23),
    "Imperial": (32.85, -115.57), "Kern": (35.37, -119.02), "Santa Barbara": (34.42, -119.70),
    "San Luis Obispo": (35.28, -120.66),
}
COUNTY_WEIGHTS = (40, 10, 12, 12, 14, 4, 2, 3, 2, 1)
PROGRAM_TYPES = ("community", "university", "county", "university_affiliated_community", "kaiser", "va", "military")
TYPE_WEIGHTS = (30, 25, 22, 12, 5, 4, 2)
STATUSES = ("accredited", "new", "unverified", "possibly_closed")
STATUS_WEIGHTS = (65, 17, 15, 3)
BASES = ("program", "institution", "other_program", "third_party", "advisor")
SPECIALTY_CODES = {"Internal Medicine": "im", "Family Medicine": "fm", "Psychiatry": "psych", "Pediatrics": "peds",
                   "Neurology": "neuro", "Pathology": "path"}
_REALISTIC_NOTE = ("Synthetic row for the national-table bench: not a real program. The text below only gives the "
                   "cell a realistic length. J-1 (synthetic roster): yes - applicants must be eligible for ECFMG "
                   "J-1 sponsorship. H-1B not stated on the program pages; the institution-wide page refers to its "
                   "graduate medical education office. Scores and attempts: no published cut-off; examinations "
                   "must be passed before the contract starts. ")


def _maybe(rng: random.Random, share_filled: float, value: str) -> str:
    """value with probability share_filled, else empty (an unknown fact), as in data/programs.csv."""
    return value if rng.random() < share_filled else ""


def _text(rng: random.Random, realistic: bool, short: str, repeat: int) -> str:
    """A short fixed phrase, or (realistic) a note of the bundled table's typical length."""
    if not realistic:
        return short
    return short + " " + _REALISTIC_NOTE * rng.randint(1, repeat)


def program_row(rng: random.Random, number: int, specialty: str, realistic: bool) -> dict[str, str]:
    """One synthetic program: every column of the schema, vocabularies and empty shares like the bundled data."""
    code = SPECIALTY_CODES.get(specialty, "syn")
    county = rng.choices(tuple(COUNTY_CENTRES), COUNTY_WEIGHTS)[0]
    lat, lon = COUNTY_CENTRES[county]
    program_type = rng.choices(PROGRAM_TYPES, TYPE_WEIGHTS)[0]
    j1 = rng.choices(("yes", "no", ""), (45, 15, 40))[0]
    h1b = rng.choices(("yes", "no", ""), (15, 40, 45))[0]
    row = {column: "" for column in (*COLUMNS, *AUDIT_COLUMNS)}
    row.update({
        "program_id": f"syn-{code}-{number:05d}",
        "name": f"Synthetic {code.upper()} Program {number:05d}",
        "institution": f"Synthetic Hospital {number:05d}",
        "specialty": specialty,
        "city": "Synthetic City",
        "county": county,
        "subregion": COUNTY_TO_REGION[county].value,
        "program_type": program_type,
        "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
        "positions_per_year": _maybe(rng, 0.3, str(rng.randint(4, 40))),
        "positions_note": _text(rng, realistic, "Synthetic positions note: categorical PGY-1 positions of a fake program.", 1),
        "img_share": _maybe(rng, 0.4, f"{rng.uniform(0.0, 0.9):.2f}"),
        "accepts_imgs": rng.choices(("yes", "no", ""), (35, 5, 60))[0],
        "sponsors_j1": j1,
        "sponsors_h1b": h1b,
        "visa_basis": rng.choice(("program", "institution")) if j1 or h1b else "",
        "visa_note": _text(rng, realistic, "Synthetic visa note: J-1 through ECFMG; H-1B not stated on the fake program's pages.", 3),
        "step2_min": _maybe(rng, 0.1, str(rng.randint(200, 245))),
        "yog_max_years": _maybe(rng, 0.1, str(rng.randint(3, 7))),
        "usce_required": rng.choices(("yes", "no", ""), (10, 5, 85))[0],
        "usce_min_months": _maybe(rng, 0.05, str(rng.choice((3, 6, 12)))),
        "first_attempt_only": rng.choices(("yes", ""), (8, 92))[0],
        "screens_note": _text(rng, realistic, "", 1) if rng.random() < 0.2 else "",
        "lat": f"{lat + rng.uniform(-0.15, 0.15):.5f}",
        "lon": f"{lon + rng.uniform(-0.15, 0.15):.5f}",
        "coord_precision": "synthetic point near the county centre",
        "coord_source": "synthetic",
        "source_url": f"https://example.org/synthetic/{code}/{number:05d}",
        "other_sources": f"https://example.org/synthetic/{code}/{number:05d}/visa",
        "checked": rng.choice(("2026-11", "2026-10", "2025-09")),
        "confidence": rng.choice(("high", "medium", "low")),
        "notes": _text(rng, realistic, "Synthetic row for the national-table bench (scripts/make_national_table.py); not a real program.", 2),
        "sponsor": f"Synthetic Sponsor {number % 97:02d}",
        "site": f"Synthetic Hospital {number:05d}",
    })
    for field in ("sponsors_j1", "sponsors_h1b", "accepts_imgs"):
        if row[field]:
            row[f"{field}_basis"] = rng.choice(BASES)
            row[f"{field}_year"] = _maybe(rng, 0.5, str(rng.randint(2014, 2026)))
    return row


def write_table(path: Path, rows: int, *, specialty: str = "Internal Medicine", realistic: bool = False,
                seed: int = DEFAULT_SEED) -> Path:
    """Write `rows` synthetic programs of one specialty as a program CSV (the bundled header) and return path."""
    resolved = path.resolve()
    if resolved == DATA_DIR or DATA_DIR in resolved.parents:
        raise ValueError("the synthetic table is never written into data/")
    rng = random.Random(f"{seed}:{specialty}:{realistic}")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, *AUDIT_COLUMNS], lineterminator="\n")
        writer.writeheader()
        for number in range(1, rows + 1):
            writer.writerow(program_row(rng, number, specialty, realistic))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=800)
    parser.add_argument("--specialty", default="Internal Medicine", choices=tuple(SPECIALTY_CODES))
    parser.add_argument("--text", choices=("short", "realistic"), default="short",
                        help="short fixed phrases (the ~9 MB stress table) or notes of the bundled table's length")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=None, help="folder (default: a new temp dir)")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="smartpick-national-"))
    folder.mkdir(parents=True, exist_ok=True)
    name = f"synthetic_{SPECIALTY_CODES[args.specialty]}_{args.rows}_{args.text}.csv"
    path = write_table(folder / name, args.rows, specialty=args.specialty, realistic=args.text == "realistic",
                       seed=args.seed)
    print(path)


if __name__ == "__main__":
    main()
