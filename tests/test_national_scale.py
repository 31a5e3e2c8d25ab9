"""A national-size program table through the loader: column-wise validation, the same typed frame and messages.

Not timed (the machine is shared; speed lives in `make bench`, scripts/bench_cli.py): these tests pin that a
13,000-row table loads with no Python per row, that the fast path returns exactly what pandera returns, and that
the vectorised helpers agree with the per-value functions they replaced.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from smartpick_core.model.default_list import place_signals, prefix_signals
from smartpick_core.programs import table
from smartpick_core.programs.fact_levels import BASES, add_confidence, fact_confidence
from smartpick_core.programs.table import (
    FAST_RULES, PROGRAM_FILES, ProgramDataError, load_programs, program_schema, real_date, real_dates,
)

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("make_national_table", ROOT / "scripts" / "make_national_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def stress_table(tmp_path_factory) -> Path:
    """The bench's stress table: 13,000 Internal Medicine programs with short text fields (~9 MB)."""
    return _generator().write_table(tmp_path_factory.mktemp("national") / "im_13000.csv", 13_000)


def _raw(path: Path) -> pd.DataFrame:
    frame = table._read_csv(path)
    frame["_row"] = range(2, len(frame) + 2)
    return frame


def _refuse_row_by_row(monkeypatch) -> None:
    """Make every per-row pandas entry point raise: apply, iterrows, itertuples, and map with a function."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("per-row Python on the load path")

    original_map = pd.Series.map

    def map_without_functions(self, arg, *args, **kwargs):
        if callable(arg):
            raise AssertionError("Series.map with a function (per-row Python) on the load path")
        return original_map(self, arg, *args, **kwargs)

    for owner, name in ((pd.DataFrame, "apply"), (pd.Series, "apply"), (pd.DataFrame, "iterrows"),
                        (pd.DataFrame, "itertuples"), (pd.DataFrame, "map"), (pd.DataFrame, "applymap")):
        monkeypatch.setattr(owner, name, refuse, raising=False)
    monkeypatch.setattr(pd.Series, "map", map_without_functions)


def test_the_stress_table_is_the_size_the_bench_names(stress_table):
    size_mb = stress_table.stat().st_size / 1e6
    assert 8.0 <= size_mb <= 10.0, size_mb
    names = pd.read_csv(stress_table, usecols=["name", "source_url"], dtype=str)
    assert names["name"].str.startswith("Synthetic IM Program ").all()
    assert names["source_url"].str.startswith("https://example.org/synthetic/").all()


def test_the_generator_refuses_to_write_into_data():
    with pytest.raises(ValueError, match="never written into data"):
        _generator().write_table(ROOT / "data" / "synthetic.csv", 3)


def test_a_13000_program_table_loads_and_validates_with_no_per_row_python(stress_table, monkeypatch):
    monkeypatch.setenv("SMARTPICK_CACHE_DIR", "off")
    monkeypatch.setattr(table, "program_schema", lambda: pytest.fail("a clean table must not need pandera"))
    _refuse_row_by_row(monkeypatch)
    programs = load_programs([stress_table])
    assert len(programs) == 13_000 and programs["program_id"].is_unique
    assert str(programs["positions_per_year"].dtype) == "Int64" and str(programs["lat"].dtype) == "float64"
    assert programs["sponsors_j1_confidence"].notna().sum() == programs["sponsors_j1"].notna().sum()


def test_a_bad_row_deep_in_a_national_table_is_named_by_pandera(stress_table, tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTPICK_CACHE_DIR", "off")
    frame = pd.read_csv(stress_table, dtype=str, keep_default_na=False)
    frame.loc[9_000, "lat"] = "40.7"                      # New York: outside Southern California
    path = tmp_path / "bad_national.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(ProgramDataError) as info:
        load_programs([path])
    message = str(info.value)
    assert "bad_national.csv row 9002, column lat: value '40.7' fails in_range(32.4, 35.9)" in message, message


@pytest.mark.parametrize("path", [*PROGRAM_FILES, ROOT / "tests" / "fixtures" / "programs_fixture.csv"],
                         ids=lambda p: p.name)
def test_the_fast_path_returns_pandera_s_typed_frame(path):
    raw = _raw(path)
    fast = table._fast_validate(raw)
    assert fast is not None, "a clean table must take the fast path"
    pd.testing.assert_frame_equal(fast, program_schema().validate(raw, lazy=True), check_exact=True)


def test_the_fast_path_matches_pandera_on_the_stress_table(stress_table):
    raw = _raw(stress_table)
    pd.testing.assert_frame_equal(table._fast_validate(raw), program_schema().validate(raw, lazy=True),
                                  check_exact=True)


@pytest.mark.parametrize("column, value", [("lat", "40.7"), ("checked", "2026-02-30"), ("specialty", "Dermatology "),
                                           ("program_id", "IM-UPPER"), ("subregion", "Kern"), ("source_url", "ftp://x")])
def test_the_fast_path_declines_what_pandera_refuses(column, value):
    raw = _raw(PROGRAM_FILES[0])
    raw.loc[3, column] = value
    assert table._fast_validate(raw) is None


def test_the_fast_rules_are_the_schema_s_rules():
    """FAST_RULES restate program_schema(); a change to one without the other fails here."""
    schema = program_schema()
    assert list(FAST_RULES) == list(schema.columns)
    for name, column in schema.columns.items():
        rule = FAST_RULES[name]
        dtype = "str" if str(column.dtype).startswith("str") else str(column.dtype)    # pandera: 'string[pyarrow]'
        assert (dtype, column.nullable, column.required) == (rule.dtype, rule.nullable, rule.required), name
        stats = {check.name: check.statistics for check in column.checks}
        assert stats.get("isin", {}).get("allowed_values") == (list(rule.allowed) if rule.allowed else None), name
        bounds = stats.get("in_range")
        assert (None if bounds is None else (bounds["min_value"], bounds["max_value"])) == rule.bounds, name
        assert stats.get("str_matches", {}).get("pattern") == rule.pattern, name
        assert any(check.error and "real date" in check.error for check in column.checks) == rule.real_date, name


_DATE_LIKE = st.one_of(
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else ""),
              st.integers(1900, 2200), st.integers(0, 14), st.one_of(st.none(), st.integers(0, 33))),
    st.text(alphabet="0123456789-２ \n", max_size=12),
)


@given(st.lists(_DATE_LIKE, max_size=30))
def test_real_dates_agrees_with_real_date_on_every_value(values):
    column = pd.Series(values, dtype="str")
    assert real_dates(column).tolist() == [real_date(v) for v in values]


_YEARS = st.one_of(st.none(), st.integers(1990, 2100))


@given(st.lists(st.tuples(st.sampled_from(["", "yes", "no"]), st.sampled_from(["", *BASES]), _YEARS), max_size=40))
def test_add_confidence_is_fact_confidence_for_every_row(rows):
    frame = pd.DataFrame({
        field: pd.Series([v for v, _, _ in rows], dtype="str").replace("", pd.NA) for field in ("sponsors_j1",
                                                                                                 "sponsors_h1b")
    } | {
        f"{field}_basis": pd.Series([b for _, b, _ in rows], dtype="str").replace("", pd.NA)
        for field in ("sponsors_j1", "sponsors_h1b")
    } | {
        f"{field}_year": pd.Series([y for _, _, y in rows], dtype="Int64") for field in ("sponsors_j1", "sponsors_h1b")
    })
    out = add_confidence(frame)
    for field in ("sponsors_j1", "sponsors_h1b"):
        expected = [fact_confidence(b, y if y is not None else pd.NA, field=field, value=v) if v else math.nan
                    for v, b, y in rows]
        assert np.array_equal(out[f"{field}_confidence"].to_numpy(), np.array(expected, dtype=float), equal_nan=True)


@given(st.lists(st.tuples(st.sampled_from([0.0, 0.01, 0.02, 0.05, 0.1]), st.booleans(),
                          st.sampled_from([1.0, 1.25])), max_size=40),
       st.integers(0, 6))
def test_prefix_signals_is_place_signals_on_every_prefix(slots, n_signals):
    """Ties in value are common (sampled gains): the earlier slot must win them at every list size."""
    gain = np.array([g for g, _, _ in slots], dtype=float)
    nameable = np.array([n for _, n, _ in slots], dtype=bool)
    weight = np.array([w for _, _, w in slots], dtype=float)
    sizes = np.arange(len(slots) + 1)
    masks = prefix_signals(gain, nameable, n_signals, sizes, weight)
    for n, mask in zip(sizes, masks):
        assert np.array_equal(mask, place_signals(gain[:n], nameable[:n], n_signals, weight[:n])), n
