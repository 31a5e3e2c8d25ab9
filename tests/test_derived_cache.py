"""The derived-data cache: a faster start, never a stale or wrong table (programs/derived_cache.py)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from smartpick_core.programs import derived_cache, table
from smartpick_core.programs.table import PROGRAM_FILES, ProgramDataError, load_programs

SOURCE = PROGRAM_FILES[1]     # programs_added.csv: small and complete


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(derived_cache.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def program_file(tmp_path) -> Path:
    path = tmp_path / "programs.csv"
    shutil.copy(SOURCE, path)
    return path


def _no_validation(*_args, **_kwargs):
    raise AssertionError("validated again although the cache holds this table")


def test_second_load_reads_the_cache_and_equals_the_validated_table(cache, program_file, monkeypatch):
    first = load_programs([program_file])
    assert len(list(cache.glob("programs-*"))) == 1
    monkeypatch.setattr(table, "_read_and_validate", _no_validation)
    second = load_programs([program_file])
    pd.testing.assert_frame_equal(first, second, check_exact=True)


def test_an_edited_file_is_validated_again_and_a_bad_value_still_fails(cache, program_file):
    load_programs([program_file])
    text = program_file.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    row = next(csv.reader([text[1]]))
    row[header.index("lat")] = "99.5"            # outside Southern California
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, row])
    program_file.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(ProgramDataError, match="lat"):
        load_programs([program_file])


def test_a_damaged_cache_file_is_rebuilt(cache, program_file):
    expected = load_programs([program_file])
    (cached_file,) = cache.glob("programs-*")
    cached_file.write_bytes(b"not parquet")
    pd.testing.assert_frame_equal(load_programs([program_file]), expected, check_exact=True)
    assert cached_file.read_bytes() != b"not parquet"


def test_cache_off_writes_nothing(tmp_path, program_file, monkeypatch):
    monkeypatch.setenv(derived_cache.CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_programs([program_file])
    assert not (tmp_path / "xdg").exists()


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path, program_file, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv(derived_cache.CACHE_ENV, str(blocker / "cache"))
    assert len(load_programs([program_file])) > 0


def test_city_lookup_is_the_same_from_the_cache(cache):
    from smartpick_core.programs import geography

    geography._cities.cache_clear()
    geography.resolve_city.cache_clear()
    fresh = geography.resolve_city("Riverside")
    geography._cities.cache_clear()
    geography.resolve_city.cache_clear()
    assert list(cache.glob("geonames-*"))
    assert geography.resolve_city("Riverside") == fresh
    assert fresh.admin1 == "CA"
