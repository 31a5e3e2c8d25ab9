# Kept for the record: how the researchers' /tmp/pass3/out_*.csv were merged (pass 3, 2026-11). Not run by the build.
"""Merge helper outputs into data/research/pass3_facts.csv (review before commit)."""
import csv, glob, sys
import pandas as pd
sys.path.insert(0, "/work/main/scripts")
import program_facts as pf
ROOT = "/work/main"
known = pd.concat([pd.read_csv(f"{ROOT}/data/programs.csv", dtype=str, keep_default_na=False),
                   pd.read_csv(f"{ROOT}/data/research/issue4_programs_added.csv", dtype=str, keep_default_na=False), pd.read_csv(f"{ROOT}/data/research/pass3_programs_added.csv", dtype=str, keep_default_na=False)])
ids = set(known.program_id)
rows = []
for path in sorted(glob.glob("/tmp/pass3/out_g*.csv") + glob.glob("/tmp/pass3/out_v2*.csv") + glob.glob("/tmp/pass3/out_img.csv")):
    t = pd.read_csv(path, dtype=str, keep_default_na=False)
    t["_src"] = path.rsplit("/", 1)[1]
    rows.append(t)
t = pd.concat(rows, ignore_index=True)
t = t.apply(lambda c: c.str.strip())
print(len(t), "facts"); print(t.field.value_counts().to_string())
bad = t[~t.program_id.isin(ids)]
if len(bad): print("UNKNOWN IDS", bad[["_src", "program_id"]].to_string())
badf = t[~t.field.isin(pf.ALL_FIELDS)]
if len(badf): print("BAD FIELDS", badf[["_src", "program_id", "field", "value"]].to_string())
t["checked"] = "2026-11"
t["curation"] = t.get("curation", "")
t = t[t.program_id.isin(ids) & t.field.isin(pf.ALL_FIELDS)]
t[pf.FACT_COLUMNS].to_csv("/tmp/pass3/merged_facts.csv", index=False)
