"""`make data-audit`: per fact type the share known by basis and by source age, duplicate keys, points farther
than 5 km from their site, kind inconsistencies within a sponsor and rows resting only on old lists.

Exits 1 on a duplicate key (program ids, or (program_id, field) in data/research/pass3_facts.csv), a point off
its site, or a kind that breaks the kinds-by-sponsor rule without a listed exception. The Data page shows the
same table (smartpick_core.programs.audit).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from smartpick_core.programs.audit import audit_text, data_audit
from smartpick_core.programs.table import load_programs

FACTS = Path(__file__).resolve().parents[1] / "data" / "research" / "pass3_facts.csv"


def main() -> int:
    fact_keys = pd.read_csv(FACTS, dtype=str, keep_default_na=False, usecols=["program_id", "field"])
    audit = data_audit(load_programs(), fact_keys)
    print(audit_text(audit))
    if audit.problems:
        print(f"\ndata-audit: {audit.problems} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
