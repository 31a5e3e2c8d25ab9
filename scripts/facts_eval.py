"""`make facts-eval`: the eligibility extractor and the roster counter (smartpick_core/facts/) against labelled data.

Statements. Reads data/facts_eval/heldout_2/statements.csv (the benchmark: written by someone who had not seen the
rules, frozen before the latest round of rules and run once per round), data/facts_eval/heldout/ (the first
held-out corpus: never read statement by statement, but its aggregate table was run about fifteen times over three
rounds of rules, so it is printed as a second check, not as the gate) and every data/facts_eval/dev/statements*.csv
(the development corpora the rules are written on, printed separately and labelled as such). Columns: id, fact, text, expected, note. Per fact type: a
proposal equal to `expected` is a true positive; a proposal with another value (or any proposal where `expected` is
not_stated) a false positive; no proposal where something is expected a false negative; not_stated with no
proposal a true negative. Precision = TP / (TP + FP), recall = TP / (statements with a value).

Rosters. Reads rosters.csv beside each statements file (a `file` column naming a paste in rosters/, and the
expected count of each class: us_md, us_do, caribbean (or international_caribbean), international (or
international_other), unrecognised (or unrecognised_expected); a missing class column is not scored). A class AGREES when the counted number is within ±1 of the label, or, for a long roster, when its share of
the roster's schools is within 5 points of the label's share. A roster's IMG share (schools outside the US over
recognised schools) is scored as the fact type `img_share`: TP when it is within 5 points of the share the labels
give, FP when it is further, FN when no school was recognised.

Rosters are gated on data/facts_eval/heldout_4 (12 rosters of real schools only, written blind at the end of round 6
and run on its final rules). data/facts_eval/heldout_3 (written the same way at its start, run eleven times in
aggregate during the round) and heldout_2's rosters are printed as second checks: heldout_2's writer gave each roster
one invented school labelled "unrecognised", which no real roster has, and its README, which names every school,
was read by the developer of round 6.

Exits 1 when, on the benchmark (heldout_2's statements and heldout_4's rosters), any fact type is below precision 95%
or recall 80%; 0 when it meets them; 2 when a held-out corpus is missing (the dev figures are printed anyway).
`--leave-out F` instead scores the dev rosters as if a random fraction F of the bundled schools outside the US were
missing (over several draws): how the rules place schools no list has, which is what a new roster mostly tests. `--verbose` lists every miss of the
DEV corpora only: the held-out corpus is reported as aggregate numbers, never statement by statement, so that
nobody tunes the rules on it by reading its misses.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from smartpick_core.facts.extract import EXTRACT_FACTS, extract_eligibility
from smartpick_core.facts.paste import PasteError
from smartpick_core.facts import roster
from smartpick_core.facts.roster import CATEGORIES, count_roster

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "data/facts_eval/heldout_2"          # the gate for statements
HELDOUT_ROSTERS = ROOT / "data/facts_eval/heldout_4"  # the gate for rosters: real schools only, never tuned on
HELDOUT_ROSTERS_3 = ROOT / "data/facts_eval/heldout_3"  # round 6's roster benchmark, run eleven times: a second check
HELDOUT_FIRST = ROOT / "data/facts_eval/heldout"        # consulted in aggregate in earlier rounds: a second check
DEV = ROOT / "data/facts_eval/dev"

PRECISION_GOAL, RECALL_GOAL = 0.95, 0.80
COUNT_TOLERANCE, SHARE_TOLERANCE = 1, 0.05
ALIASES = {"first_attempt_only": "attempts"}     # a corpus may name the recorded field instead
ROSTER_FACT = "img_share"
ROSTER_COLUMNS = {                               # a label file may spell a class another way
    **{c: c for c in CATEGORIES}, "international_caribbean": "caribbean", "international_other": "international",
    "unrecognised_expected": "unrecognised", "unrecognized": "unrecognised",
}


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

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn
        self.n += other.n


@dataclass
class RosterScore:
    rosters: int = 0
    all_agree: int = 0
    classes: dict[str, list[int]] = field(default_factory=dict)     # class -> [agree, scored]

    def add(self, other: "RosterScore") -> "RosterScore":
        """Two label files of one folder, pooled."""
        classes = {c: list(v) for c, v in self.classes.items()}
        for c, (agree, scored) in other.classes.items():
            tally = classes.setdefault(c, [0, 0])
            tally[0] += agree
            tally[1] += scored
        return RosterScore(self.rosters + other.rosters, self.all_agree + other.all_agree, classes)


def _normal(value: str) -> str:
    text = (value or "").strip().lower().replace(" ", "_")
    return {"": "not_stated", "none_stated": "not_stated", "unknown": "not_stated", "case_by_case": "possible",
            "no_minimum": "none", "no_limit": "none"}.get(text, text)


def evaluate(path: Path, verbose: bool = False) -> dict[str, Score]:
    """Per fact type, how the extractor does on one statements file; `verbose` prints each miss."""
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


def class_agrees(got: int, expected: int, got_total: int, expected_total: int) -> bool:
    """Within ±1, or (a long roster) the class's share of the roster within 5 points of the label's."""
    if abs(got - expected) <= COUNT_TOLERANCE:
        return True
    if not got_total or not expected_total:
        return False
    return abs(got / got_total - expected / expected_total) <= SHARE_TOLERANCE + 1e-9


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def evaluate_rosters(path: Path, verbose: bool = False) -> tuple[RosterScore, Score]:
    """Class agreement and the img_share fact for the rosters labelled in one rosters.csv."""
    result, share_score = RosterScore(), Score()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    folder = path.parent / "rosters"
    header = list(rows[0]) if rows else []
    unread = [c for c in header if c not in ROSTER_COLUMNS and c not in ("file", "note", "notes", "layout", "id")]
    if unread:
        print(f"  {path.parent.name}/rosters.csv: columns not scored (not a class name): {', '.join(unread)}")
    for row in rows:
        name = (row.get("file") or "").strip()
        paste = folder / name if (folder / name).is_file() else path.parent / name
        expected = {ROSTER_COLUMNS[c]: n for c in header if c in ROSTER_COLUMNS and (n := _int(row.get(c))) is not None}
        if not name or not paste.is_file() or not expected:
            print(f"  skipped roster {name or '(no file)'}: the paste or its labels are missing")
            continue
        try:
            counted = count_roster(paste.read_bytes())
        except PasteError as exc:
            print(f"  roster {name}: refused ({exc})")
            continue
        got = {c: counted.counts.get(c, 0) for c in expected}
        got_total, expected_total = sum(got.values()), sum(expected.values())
        agree = {c: class_agrees(got[c], expected[c], got_total, expected_total) for c in expected}
        result.rosters += 1
        result.all_agree += all(agree.values())
        for c, ok in agree.items():
            tally = result.classes.setdefault(c, [0, 0])
            tally[0] += ok
            tally[1] += 1
        share_score.n += 1
        outside = expected.get("caribbean", 0) + expected.get("international", 0)
        recognised = outside + expected.get("us_md", 0) + expected.get("us_do", 0)
        want = outside / recognised if recognised else None
        have = counted.img_share
        if want is None:
            share_score.tn += have is None
            share_score.fp += have is not None
        elif have is None:
            share_score.fn += 1
        elif abs(have - want) <= SHARE_TOLERANCE + 1e-9:
            share_score.tp += 1
        else:
            share_score.fp += 1
            share_score.fn += 1
        if verbose and not all(agree.values()):
            wrong = ", ".join(f"{c} {got[c]} (label {expected[c]})" for c, ok in agree.items() if not ok)
            print(f"  roster miss {name}: {wrong}")
    return result, share_score


def _percent(value: float | None) -> str:
    return "  —  " if value is None else f"{value:5.0%}"


def report(name: str, scores: dict[str, Score], rosters: RosterScore | None = None) -> bool:
    print(f"\n{name}: {sum(s.n for f, s in scores.items() if f != ROSTER_FACT)} statements"
          + (f", {rosters.rosters} rosters" if rosters else "")
          + f" (goals: precision ≥ {PRECISION_GOAL:.0%}, recall ≥ {RECALL_GOAL:.0%})")
    print(f"  {'fact':<16} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4}  precision  recall  goals")
    ok = True
    for fact in [*EXTRACT_FACTS, ROSTER_FACT]:
        if fact not in scores:
            continue
        s = scores[fact]
        ok &= s.meets_goals()
        print(f"  {fact:<16} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.tn:>4}  {_percent(s.precision):>9}  "
              f"{_percent(s.recall):>6}  {'met' if s.meets_goals() else 'MISSED'}")
    if rosters and rosters.rosters:
        per_class = ", ".join(f"{CATEGORIES[c]} {a}/{n}" for c, (a, n) in rosters.classes.items())
        print(f"  rosters: every class agrees (±{COUNT_TOLERANCE}, or share ±{SHARE_TOLERANCE:.0%}) in "
              f"{rosters.all_agree} of {rosters.rosters}; per class: {per_class}")
    return ok


def corpus(folder: Path, verbose: bool) -> tuple[dict[str, Score], RosterScore | None]:
    """Every statements*.csv of a folder pooled, and its rosters.csv scored."""
    pooled: dict[str, Score] = {}
    for path in sorted(folder.glob("statements*.csv")):
        for fact, score in evaluate(path, verbose).items():
            pooled.setdefault(fact, Score()).add(score)
    rosters = None
    for path in roster_label_files(folder):
        counted, share = evaluate_rosters(path, verbose)
        rosters = counted if rosters is None else rosters.add(counted)
        if share.n:
            pooled.setdefault(ROSTER_FACT, Score()).add(share)
    return pooled, rosters


def roster_label_files(folder: Path) -> list[Path]:
    """Every rosters*.csv of a folder that labels pastes with class counts (a `file` column and a class column):
    rosters.csv, rosters_6.csv, ...; not rosters_schools.csv, which lists school mentions."""
    def labels_pastes(path: Path) -> bool:
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle), [])
        return "file" in header and any(c in ROSTER_COLUMNS for c in header)
    return [p for p in sorted(folder.glob("rosters*.csv")) if labels_pastes(p)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true",
                        help="list every statement and roster the rules got wrong, in the dev corpora only")
    parser.add_argument("--corpus", type=Path, action="append",
                        help="evaluate this statements.csv instead (never a held-out file with --verbose)")
    parser.add_argument("--leave-out", type=float, metavar="F",
                        help="score the dev rosters with a random fraction F of the non-US schools left out of the list")
    parser.add_argument("--draws", type=int, default=8, help="how many random draws --leave-out makes (8)")
    args = parser.parse_args(argv)
    if args.corpus:
        if args.verbose and any(folder in p.resolve().parents for p in args.corpus
                                for folder in (HELDOUT, HELDOUT_ROSTERS, HELDOUT_ROSTERS_3, HELDOUT_FIRST)):
            parser.error("--verbose is for the dev corpora only: the held-out corpus is reported in aggregate")
        met = [report(str(p), evaluate(p, args.verbose)) for p in args.corpus]    # every corpus, then the verdict
        return 0 if all(met) else 1
    if args.leave_out is not None:
        if not 0 < args.leave_out < 1 or args.draws < 1:
            parser.error("--leave-out takes a fraction between 0 and 1 (exclusive), --draws a whole number of 1 or more")
        return leave_out_report(args.leave_out, args.draws)
    verdicts: list[bool] = []
    if (HELDOUT / "statements.csv").is_file():
        scores, rosters = corpus(HELDOUT, verbose=False)
        scores.pop(ROSTER_FACT, None)
        verdicts.append(report("held-out statements (heldout_2, the benchmark for statements)", scores))
    else:
        print(f"\nheld-out: {(HELDOUT / 'statements.csv').relative_to(ROOT)} does not exist")
    if (HELDOUT_ROSTERS / "rosters.csv").is_file():
        scores, rosters = corpus(HELDOUT_ROSTERS, verbose=False)
        verdicts.append(report("held-out rosters (heldout_4, the benchmark for rosters)", scores, rosters))
    else:
        print(f"\nheld-out: {(HELDOUT_ROSTERS / 'rosters.csv').relative_to(ROOT)} does not exist")
    if (HELDOUT_ROSTERS_3 / "rosters.csv").is_file():
        scores, rosters = corpus(HELDOUT_ROSTERS_3, verbose=False)
        report("heldout_3's rosters (round 6's roster benchmark, run eleven times during it; not the gate)", scores,
               rosters)
    if (HELDOUT / "rosters.csv").is_file():
        scores, rosters = corpus(HELDOUT, verbose=False)
        report("heldout_2's rosters (one invented school each, labelled unrecognised; not the gate)",
               {ROSTER_FACT: scores[ROSTER_FACT]} if ROSTER_FACT in scores else {}, rosters)
    if (HELDOUT_FIRST / "statements.csv").is_file():
        scores, rosters = corpus(HELDOUT_FIRST, verbose=False)
        report("first held-out corpus (heldout; its aggregate was consulted in earlier rounds: not the gate)",
               scores, rosters)
    if any(DEV.glob("statements*.csv")):
        scores, rosters = corpus(DEV, verbose=args.verbose)
        report("dev (the rules were tuned on it)", scores, rosters)
    if len(verdicts) < 2:
        print("\nA held-out corpus is missing: the goals are not checked.")
        return 2
    ok = all(verdicts)
    print("\nHeld-out corpora: " + ("every fact type meets the goals." if ok else "a goal is missed."))
    return 0 if ok else 1


@contextmanager
def _schools_file(path: Path):
    """count_roster reading another schools file (the bundled one with rows left out), for --leave-out only."""
    saved = roster.school_aliases, roster._school_words
    roster.school_aliases = lambda _=None: saved[0](path)
    roster._school_words = lambda _=None: saved[1](path)
    try:
        yield
    finally:
        roster.school_aliases, roster._school_words = saved


def leave_out_report(fraction: float, draws: int) -> int:
    """The dev rosters' IMG share with a random `fraction` of the non-US schools left out of the list, per draw."""
    with roster.SCHOOLS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\ndev rosters with {fraction:.0%} of the {sum(r['category'] not in ('us_md', 'us_do') for r in rows)} "
          f"schools outside the US left out of the list ({draws} draws):")
    within = []
    for seed in range(1, draws + 1):
        rng = random.Random(seed)
        kept = [r for r in rows if r["category"] in ("us_md", "us_do") or rng.random() >= fraction]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "schools.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(kept)
            with _schools_file(path):
                share = Score()
                rosters = RosterScore()
                for label_file in roster_label_files(DEV):
                    counted, one = evaluate_rosters(label_file)
                    share.add(one)
                    rosters = rosters.add(counted)
        within.append(share.tp)
        print(f"  draw {seed}: IMG share within 5 points on {share.tp} of {share.n} rosters; every class agrees on "
              f"{rosters.all_agree}")
    print(f"  mean: {sum(within) / len(within):.1f} of {share.n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
