#!/usr/bin/env python3
"""Standalone consistency check for heldout_4 (uses no project code).

Recounts rosters_key.csv per file, checks every key text occurs on its stated
line of the roster, and compares the recount with rosters.csv.
Exit status 0 when everything agrees.
"""
import csv
import os
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["us_md", "us_do", "international_caribbean", "international_other"]


def main():
    errors = []
    with open(os.path.join(HERE, "rosters.csv"), newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        expected_header = ["file"] + CLASSES + ["unrecognised_expected"]
        if reader.fieldnames != expected_header:
            errors.append(f"rosters.csv header {reader.fieldnames} != {expected_header}")
        totals = {row["file"]: row for row in reader}

    recount = defaultdict(Counter)
    with open(os.path.join(HERE, "rosters_key.csv"), newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["class"] not in CLASSES:
                errors.append(f"bad class {row['class']!r} in key row {row}")
                continue
            recount[row["file"]][row["class"]] += 1
            path = os.path.join(HERE, row["file"])
            with open(path, encoding="utf-8") as rf:
                lines = rf.read().split("\n")
            n = int(row["line"])
            if not (1 <= n <= len(lines)) or row["school_as_written"] not in lines[n - 1]:
                errors.append(f"{row['file']}:{n}: key text {row['school_as_written']!r} not on that line")

    on_disk = sorted("rosters/" + f for f in os.listdir(os.path.join(HERE, "rosters")) if f.endswith(".txt"))
    if sorted(totals) != on_disk:
        errors.append(f"rosters.csv files {sorted(totals)} != files on disk {on_disk}")
    if set(recount) - set(totals):
        errors.append(f"key mentions files missing from rosters.csv: {set(recount) - set(totals)}")

    grand = Counter()
    for f, row in sorted(totals.items()):
        for c in CLASSES:
            if int(row[c]) != recount[f][c]:
                errors.append(f"{f}: {c} rosters.csv={row[c]} key={recount[f][c]}")
            grand[c] += int(row[c])
        if int(row["unrecognised_expected"]) != 0:
            errors.append(f"{f}: unrecognised_expected should be 0")
        n = sum(int(row[c]) for c in CLASSES)
        if not 10 <= n <= 25:
            errors.append(f"{f}: {n} residents, expected 10-25")
        print(f"{f:40s} " + " ".join(f"{c}={row[c]}" for c in CLASSES) + f" total={n}")
    total = sum(grand.values())
    print("TOTAL", dict(grand), total)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
