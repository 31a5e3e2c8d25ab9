"""`make facts-eval`: the eligibility extractor (smartpick_core/facts/extract.py) against labelled statements.

Reads data/facts_eval/heldout/statements.csv (the benchmark: written by someone who had not seen the rules, never
used to tune them) and data/facts_eval/dev/statements.csv (the development corpus the rules were written on,
printed separately and labelled as such). Columns: id, fact, text, expected, note.

Per fact type: a proposal equal to `expected` is a true positive; a proposal with another value (or any proposal
where `expected` is not_stated) a false positive; no proposal where something is expected a false negative;
not_stated with no proposal a true negative. Precision = TP / (TP + FP), recall = TP / (statements with a value).
Exits 1 when, on the held-out corpus, any fact type is below precision 95% or recall 80%; 0 when it meets them;
2 when the held-out corpus is missing (the dev figures are printed anyway). `--verbose` lists every miss.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from smartpick_core.facts.extract import EXTRACT_FACTS, extract_eligibility
from smartpick_core.facts.paste import PasteError

ROOT = Path(__file__).resolve().parent.parent

PRECISION_GOAL, RECALL_GOAL = 0.95, 0.80
CORPORA = {"held-out": ROOT / "data/facts_eval/heldout/statements.csv",
           "dev (the rules were tuned on it)": ROOT / "data/facts_eval/dev/statements.csv"}
ALIASES = {"first_attempt_only": "attempts"}     # a corpus may name the recorded field instead


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    n: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def meets_goals(self) -> bool:
        return (self.precision is None or self.precision >= PRECISION_GOAL) and \
               (self.recall is None or self.recall >= RECALL_GOAL)


def _normal(value: str) -> str:
    text = (value or "").strip().lower().replace(" ", "_")
    return {"": "not_stated", "none_stated": "not_stated", "unknown": "not_stated", "case_by_case": "possible",
            "no_minimum": "none", "no_limit": "none"}.get(text, text)


def evaluate(path: Path, verbose: bool = False) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        fact = ALIASES.get(row["fact"].strip(), row["fact"].strip())
        if fact not in EXTRACT_FACTS:
            print(f"  skipped {row.get('id')}: unknown fact {fact!r}")
            continue
        expected = _normal(row["expected"])
        try:
            got = extract_eligibility(row["text"]).decided.get(fact)
        except PasteError:
            got = None
        score = scores.setdefault(fact, Score())
        score.n += 1
        if got is None:
            if expected == "not_stated":
                score.tn += 1
            else:
                score.fn += 1
        elif got == expected:
            score.tp += 1
        else:
            score.fp += 1
            if expected != "not_stated":
                score.fn += 1
        if verbose and got != (None if expected == "not_stated" else expected):
            print(f"  miss {row.get('id')} {fact}: expected {expected}, got {got or 'nothing'} — "
                  f"{row['text'][:150]!r}")
    return scores


def _percent(value: float | None) -> str:
    return "  —  " if value is None else f"{value:5.0%}"


def report(name: str, scores: dict[str, Score]) -> bool:
    print(f"\n{name}: {sum(s.n for s in scores.values())} statements "
          f"(goals: precision ≥ {PRECISION_GOAL:.0%}, recall ≥ {RECALL_GOAL:.0%})")
    print(f"  {'fact':<16} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4}  precision  recall  goals")
    ok = True
    for fact in EXTRACT_FACTS:
        if fact not in scores:
            continue
        s = scores[fact]
        ok &= s.meets_goals()
        print(f"  {fact:<16} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.tn:>4}  {_percent(s.precision):>9}  "
              f"{_percent(s.recall):>6}  {'met' if s.meets_goals() else 'MISSED'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every statement the extractor got wrong")
    parser.add_argument("--corpus", type=Path, action="append", help="evaluate this statements.csv instead")
    args = parser.parse_args(argv)
    if args.corpus:
        return 0 if all(report(str(p), evaluate(p, args.verbose)) for p in args.corpus) else 1
    heldout_ok: bool | None = None
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"\n{name}: {path.relative_to(ROOT)} does not exist")
            continue
        ok = report(name, evaluate(path, args.verbose))
        if name == "held-out":
            heldout_ok = ok
    if heldout_ok is None:
        print("\nNo held-out corpus: the goals are not checked.")
        return 2
    print("\nHeld-out corpus: " + ("every fact type meets the goals." if heldout_ok else "a goal is missed."))
    return 0 if heldout_ok else 1


if __name__ == "__main__":
    sys.exit(main())
