"""scripts/facts_eval.py: the benchmark's own scoring (statements, rosters, the leave-out switch)."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("facts_eval", ROOT / "scripts" / "facts_eval.py")
facts_eval = importlib.util.module_from_spec(_spec)
sys.modules["facts_eval"] = facts_eval
_spec.loader.exec_module(facts_eval)


def _write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("got, expected, got_total, expected_total, agrees", [
    (5, 6, 12, 12, True), (5, 7, 12, 12, False), (30, 33, 100, 100, True), (30, 40, 100, 100, False), (0, 2, 0, 2, False),
])
def test_a_class_agrees_within_one_or_five_points_of_a_long_rosters_share(got, expected, got_total, expected_total,
                                                                          agrees):
    assert facts_eval.class_agrees(got, expected, got_total, expected_total) is agrees


def test_statements_score_true_and_false_positives_and_negatives(tmp_path):
    path = _write(tmp_path / "statements.csv", [
        {"id": "1", "fact": "sponsors_h1b", "text": "We do not sponsor H-1B visas.", "expected": "no", "note": ""},
        {"id": "2", "fact": "sponsors_h1b", "text": "We do not sponsor H-1B visas.", "expected": "yes", "note": ""},
        {"id": "3", "fact": "sponsors_h1b", "text": "The cafeteria opens at 7.", "expected": "not_stated", "note": ""},
        {"id": "4", "fact": "sponsors_h1b", "text": "The cafeteria opens at 7.", "expected": "yes", "note": ""},
    ])
    score = facts_eval.evaluate(path)["sponsors_h1b"]
    assert (score.tp, score.fp, score.fn, score.tn) == (1, 1, 2, 1)
    assert score.precision == 0.5 and score.recall == pytest.approx(1 / 3) and not score.meets_goals()


def test_a_rosters_share_is_a_true_positive_only_within_five_points(tmp_path):
    (tmp_path / "rosters").mkdir()
    (tmp_path / "rosters" / "a.txt").write_text("Medical School: UCLA DGSOM\nMedical School: Ross University\n",
                                                encoding="utf-8")
    labels = {"file": "a.txt", "us_md": "1", "us_do": "0", "international_caribbean": "1", "international_other": "0",
              "unrecognised_expected": "0"}
    _, right = facts_eval.evaluate_rosters(_write(tmp_path / "rosters.csv", [labels]))
    assert (right.tp, right.fp, right.fn) == (1, 0, 0)
    _, wrong = facts_eval.evaluate_rosters(_write(tmp_path / "rosters.csv", [{**labels, "us_md": "3"}]))
    assert (wrong.tp, wrong.fp, wrong.fn) == (0, 1, 1)


def test_leaving_schools_out_restores_the_counter_afterwards(tmp_path):
    from smartpick_core.facts import roster
    before = roster.school_aliases, roster._school_words
    path = tmp_path / "schools.csv"
    with roster.SCHOOLS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["category"] in ("us_md", "us_do")]
    _write(path, rows)
    with pytest.raises(RuntimeError), facts_eval._schools_file(path):
        assert [m.rule for m in roster.count_roster("Medical School: Ross University School of Medicine").mentions] \
            != ["schools.csv"]                                   # Ross is not on a US-only list
        raise RuntimeError
    assert (roster.school_aliases, roster._school_words) == before


def test_verbose_is_refused_on_a_held_out_corpus():
    with pytest.raises(SystemExit):
        facts_eval.main(["--verbose", "--corpus", str(facts_eval.HELDOUT / "statements.csv")])


@pytest.mark.parametrize("argv", [["--leave-out", "1.5"], ["--leave-out", "0"], ["--leave-out", "0.5", "--draws", "0"]])
def test_leave_out_refuses_a_fraction_or_draw_count_it_cannot_use(argv, capsys):
    with pytest.raises(SystemExit):
        facts_eval.main(argv)
    assert "--leave-out takes a fraction between 0 and 1" in capsys.readouterr().err
