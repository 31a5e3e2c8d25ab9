"""Recount rosters_key.csv per file and compare with rosters.csv (audit helper; not project code)."""
import csv, os, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["us_md", "us_do", "international_caribbean", "international_other"]

key = defaultdict(Counter)
ok = True
with open(os.path.join(HERE, "rosters_key.csv"), newline="", encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        assert row["class"] in CLASSES, row
        key[row["file"]][row["class"]] += 1
        lines = open(os.path.join(HERE, "rosters", row["file"]), encoding="utf-8").read().split("\n")
        if row["school_as_written"] not in lines[int(row["line"]) - 1]:
            print("key text not on stated line:", row); ok = False

files = sorted(f for f in os.listdir(os.path.join(HERE, "rosters")) if f.endswith(".txt"))
with open(os.path.join(HERE, "rosters.csv"), newline="", encoding="utf-8") as fh:
    rows = list(csv.DictReader(fh))
assert [r["file"] for r in rows] == files, "rosters.csv rows != roster files"
for r in rows:
    for c in CLASSES:
        if int(r[c]) != key[r["file"]][c]:
            print("mismatch", r["file"], c, r[c], key[r["file"]][c]); ok = False
    if int(r["unrecognised_expected"]) != 0:
        print("unrecognised_expected != 0", r["file"]); ok = False
    n = sum(int(r[c]) for c in CLASSES)
    if not 10 <= n <= 25:
        print("resident count out of range", r["file"], n); ok = False
tot = Counter()
for f in files:
    tot.update(key[f])
print("totals:", dict(tot), "residents:", sum(tot.values()))
print("OK" if ok else "FAILED")
sys.exit(0 if ok else 1)
