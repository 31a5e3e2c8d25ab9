"""Specialties as data: data/model/specialties.csv is the one place a specialty's figures live.

The file parses and is complete (every specialty in the program table has a row, every NRMP key has NRMP
figures, every row has signal rows), the model and the plan do what the file says (checked against what
they output, nothing hard-coded here), and a broken file fails with a message naming file, line and column.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from smartpick_core.model import calibration, estimates, nrmp
from smartpick_core.model.nrmp import nrmp_for, nrmp_table
from smartpick_core.model.profile import Profile
from smartpick_core.model.settings import setting
from smartpick_core.programs import specialties as sp
from smartpick_core.programs import table
from smartpick_core.programs.kinds import SELECTIVITY_CLASSES
from smartpick_core.programs.table import load_programs
from smartpick_core.strategy.fees import SYSTEM_ITEMS, eras_season
from smartpick_core.strategy.plan import plan
from smartpick_core.strategy.signals import SIGNALS_FILE, signal_allowance

ROOT = Path(__file__).resolve().parent.parent
RECORDS = sp.load_specialties()
NAMES = [s.name for s in RECORDS]
PROGRAMS = load_programs()
IN_TABLE = [name for name in NAMES if (PROGRAMS["specialty"] == name).any()]   # specialties with programs to score


def _estimated_share_programs(name: str):
    from smartpick_core.model.scoring import score
    result = score(Profile(specialty=name, step2_ck=235), PROGRAMS, n_national=0, cycle_year=2027)
    return result.programs[result.programs["img_share_estimated"].astype(bool)]


ESTIMATED = [name for name in IN_TABLE if not _estimated_share_programs(name).empty]


def test_the_parametrised_lists_are_not_empty():
    """The per-specialty checks below run over these lists: an empty one would check nothing."""
    assert len(IN_TABLE) >= 6 and len(ESTIMATED) >= 3


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- the file --------------------------------------------------------------------------------------------
def test_the_file_parses_one_row_per_specialty_with_the_documented_columns():
    rows = _rows(sp.SPECIALTIES_FILE)
    assert tuple(rows[0]) == sp.COLUMNS
    assert [r["name"] for r in rows] == NAMES
    assert len(set(NAMES)) == len(NAMES)
    assert sp.load_specialties() is RECORDS            # read once


def test_every_column_is_documented_in_the_data_readme():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for column in sp.COLUMNS:
        assert f"`{column}`" in readme, column


def test_every_specialty_of_the_program_table_has_a_row():
    assert set(PROGRAMS["specialty"].dropna()) <= set(NAMES)


def test_the_program_schema_accepts_exactly_the_files_specialties():
    assert table.SPECIALTIES == sp.specialty_names()
    assert table.program_schema().columns["specialty"].checks[0].statistics["allowed_values"] == list(NAMES)


def test_every_nrmp_key_has_nrmp_figures():
    keys = set(nrmp_table().index)
    for s in RECORDS:
        assert s.nrmp_key in keys, s.name


def test_every_specialty_has_signal_rows_for_the_plan():
    signalled = {r["specialty"] for r in _rows(SIGNALS_FILE)}
    assert set(NAMES) == signalled


def test_the_application_systems_are_the_fee_tables_systems():
    assert set(sp.APPLICATION_SYSTEMS) <= set(SYSTEM_ITEMS)
    assert {s.application_system for s in RECORDS} <= set(SYSTEM_ITEMS)


def test_calibrated_specialties_have_their_own_nrmp_table():
    for s in RECORDS:
        if s.calibrated:
            assert s.nrmp_proxy_note is None, s.name


# --- the model does what the file says -------------------------------------------------------------------
def test_the_old_names_are_views_of_the_file():
    assert nrmp.CO_SPECIALTY == {s.name: s.nrmp_key for s in RECORDS}
    assert dict(sp.proxy_notes()) == {s.name: s.nrmp_proxy_note for s in RECORDS if s.nrmp_proxy_note}
    assert nrmp.EXTRA_SPECIALTY_LOG_ODDS == {s.name: s.extra_log_odds for s in RECORDS if s.extra_log_odds}
    assert calibration.CALIBRATION_SPECIALTIES == tuple(
        s.name for s in sorted((s for s in RECORDS if s.calibrated), key=lambda s: s.calibration_order))


@pytest.mark.parametrize("name", NAMES)
def test_the_nrmp_figures_used_are_the_keys_table(name):
    record = sp.specialty(name)
    figures = nrmp_for(name)
    rates = {r["specialty"]: r for r in _rows(ROOT / "data" / "calibration" / "nrmp_2026_nonus_img_match_rates.csv")}
    assert figures.co_specialty == record.nrmp_key
    assert figures.match_rate == float(rates[record.nrmp_key]["pref_match_rate_pct"]) / 100.0
    assert figures.n_matched == int(rates[record.nrmp_key]["nonUS_IMG_matched"])
    assert calibration.CO_SPECIALTY[name] == record.nrmp_key


@pytest.mark.parametrize("name", NAMES + ["Diagnostic Radiology"])
def test_the_img_share_estimate_scales_apdim_by_the_files_prior(name):
    record = sp.specialty(name)
    im = sp.specialty("Internal Medicine").img_share_prior
    prior = record.img_share_prior if record is not None and record.img_share_prior is not None else im
    apdim = {"community": setting("img_share_community"), "county": setting("img_share_county"),
             "university": setting("img_share_university"), "kaiser": setting("img_share_kaiser")}
    for kind, share in apdim.items():
        assert estimates.national_img_share(kind, name) == float(np.clip(share * (prior / im), 0.0, 0.95))
    source = estimates.specialty_share_source(name)
    if record is not None and record.img_share_prior is not None:
        assert source == record.img_share_prior_source
    else:
        assert "Internal Medicine's used" in source


@pytest.mark.parametrize("name", ESTIMATED)
def test_the_reasons_quote_the_files_img_share_source(name):
    """Every program whose IMG share is estimated quotes the file's source."""
    estimated = _estimated_share_programs(name)
    assert not estimated.empty
    record = sp.specialty(name)
    source = record.img_share_prior_source if record.img_share_prior is not None else \
        estimates.specialty_share_source(name)
    for reasons in estimated["reasons"]:
        assert f"APDIM, {source}, scaled to California" in " ".join(reasons)


# --- signals and fees: the plan's output against the files -------------------------------------------------
def _expected_signals(name: str, season: int) -> tuple[int, str]:
    """(signals, application system) from signals.csv read here, else the specialties file's system."""
    rows = [r for r in _rows(SIGNALS_FILE) if r["specialty"] == name and int(r["season"]) <= season]
    if not rows:
        return 0, sp.specialty(name).application_system
    row = max(rows, key=lambda r: int(r["season"]))
    return int(row["gold"] or 0) + int(row["silver"] or 0), row["application_system"]


def _seasons() -> list[int]:
    seasons = sorted({int(r["season"]) for r in _rows(SIGNALS_FILE)})
    return [seasons[0] - 2] + seasons          # a season before any row: the specialties file decides


@pytest.mark.parametrize("name", NAMES)
def test_signal_allowance_and_system_match_the_files(name):
    for season in _seasons():
        total, system = _expected_signals(name, season)
        allowance = signal_allowance(name, season)
        assert (allowance.total, allowance.application_system) == (total, system), season


def test_a_specialty_not_in_the_file_applies_through_eras_without_signals():
    allowance = signal_allowance("Diagnostic Radiology", _seasons()[-1])
    assert (allowance.total, allowance.application_system) == (0, sp.DEFAULT_APPLICATION_SYSTEM)


@pytest.mark.parametrize("name", IN_TABLE)
def test_the_plans_signals_and_fee_system_are_the_files(name):
    profile = Profile.from_dict(dict(specialty=name, step2_ck=235, visa="J-1", usce_months=3.0, us_lors=2,
                                     graduation_year=2022))
    for cycle in (_seasons()[0] - 1, _seasons()[-1] - 1):
        result = plan(profile, PROGRAMS, applications=20, cycle_year=cycle)
        total, system = _expected_signals(name, eras_season(cycle))
        out = result.to_json_dict()
        assert out["signal_allowance"]["gold"] + out["signal_allowance"]["silver"] == total
        assert sum(s["count"] for s in out["signals"]) <= total
        assert out["cost"]["items"][0]["item"] == SYSTEM_ITEMS[system]
        assert json.dumps(out)                                      # the CLI contract still serialises


# --- a broken file says where ----------------------------------------------------------------------------
def _broken(tmp_path: Path, edit, filename: str = "specialties.csv") -> Path:
    rows = _rows(sp.SPECIALTIES_FILE)
    header = list(rows[0])
    header, rows = edit(header, rows)
    path = tmp_path / filename
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _set(index: int, column: str, value: str):
    def edit(header, rows):
        rows[index][column] = value
        return header, rows
    return edit


@pytest.mark.parametrize("edit, column, line", [
    (_set(3, "img_share_prior", "0,088"), "img_share_prior", 5),
    (_set(3, "img_share_prior", "1.5"), "img_share_prior", 5),
    (_set(0, "img_share_prior", "٠.٤٣"), "img_share_prior", 2),
    (_set(1, "calibration_order", "yes"), "calibration_order", 3),
    (_set(2, "calibration_order", "1"), "calibration_order", 4),
    (_set(11, "application_system", "Thalamus"), "application_system", 13),
    (_set(0, "name", ""), "name", 2),
    (_set(4, "name", "Internal Medicine"), "name", 6),
    (_set(0, "nrmp_key", ""), "nrmp_key", 2),
    (_set(5, "img_share_prior_source", ""), "img_share_prior_source", 7),
    (_set(3, "extra_log_odds", ""), "extra_log_odds", 5),
    (_set(0, "national_programs", "758.5"), "national_programs", 2),
    (_set(6, "j1_acceptance_by_kind", "university=0.8;hospital=0.5"), "j1_acceptance_by_kind", 8),
    (_set(6, "j1_acceptance_by_kind", "university=0.8"), "visa_acceptance_source", 8),
    (_set(0, "applications_per_applicant", "77 "), "applications_per_applicant", 2),
])
def test_a_malformed_file_names_file_line_and_column(tmp_path, edit, column, line):
    path = _broken(tmp_path, edit)
    with pytest.raises(sp.SpecialtyDataError) as caught:
        sp.load_specialties(path)
    message = str(caught.value)
    assert "specialties.csv" in message and f"line {line}" in message and f"column '{column}'" in message
    assert str(tmp_path) not in message                    # never a server path
    assert "\n" not in message


def test_a_missing_or_unknown_column_is_named(tmp_path):
    def drop(header, rows):
        return [c for c in header if c != "nrmp_key"], rows

    def extra(header, rows):
        return header + ["signals"], [dict(r, signals="5") for r in rows]

    with pytest.raises(sp.SpecialtyDataError, match=r"specialties\.csv line 1, column 'nrmp_key': missing"):
        sp.load_specialties(_broken(tmp_path, drop))
    with pytest.raises(sp.SpecialtyDataError, match=r"specialties\.csv line 1, column 'signals': not a specialties"):
        sp.load_specialties(_broken(tmp_path, extra, "other_specialties.csv"))


def test_a_row_with_the_wrong_number_of_cells_and_a_missing_file_say_so(tmp_path):
    path = tmp_path / "specialties.csv"
    lines = sp.SPECIALTIES_FILE.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n = len(sp.COLUMNS)
    with pytest.raises(sp.SpecialtyDataError, match=rf"specialties\.csv line 3: {n + 1} cells for {n} columns"):
        sp.load_specialties(path)
    with pytest.raises(sp.SpecialtyDataError, match=r"nowhere\.csv: the specialties file is missing"):
        sp.load_specialties(tmp_path / "nowhere.csv")
    (tmp_path / "bad.csv").write_bytes(b"name\xff\n")
    with pytest.raises(sp.SpecialtyDataError, match=r"bad\.csv: not UTF-8"):
        sp.load_specialties(tmp_path / "bad.csv")


def test_visa_acceptance_by_kind_parses_when_given(tmp_path):
    path = _broken(tmp_path, lambda header, rows: (header, [
        dict(rows[0], j1_acceptance_by_kind="university=0.8;community=0.45", visa_acceptance_source="assumed")]
        + rows[1:]))
    record = sp.load_specialties(path)[0]
    assert record.j1_acceptance_by_kind == (("university", 0.8), ("community", 0.45))
    assert {k for k, _ in record.j1_acceptance_by_kind} <= set(SELECTIVITY_CLASSES)
    assert record.h1b_sponsorship_by_kind == ()
