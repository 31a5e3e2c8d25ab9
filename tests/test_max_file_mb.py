"""The command line's program-file size limit: 200 MB by default, moved by --max-file-mb or SMARTPICK_MAX_FILE_MB.

The flag wins over the environment; a bad value names where it came from and the allowed range; the limit covers
--programs and --national-programs alike; the Data page's upload keeps its own, lower, fixed limit.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from smartpick_core import cli
from smartpick_core.facts.national_import import MAX_NATIONAL_CLI_BYTES, MAX_NATIONAL_PAGE_BYTES, TEMPLATE_FILE
from smartpick_core.programs.file_limits import (
    DEFAULT_MAX_FILE_MB, MAX_FILE_MB_ENV, MAX_FILE_MB_RANGE, MEGABYTE, max_file_bytes,
)
from smartpick_core.programs.table import MAX_PROGRAM_FILE_BYTES, ProgramDataError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "profile_im_inland_empire.json"
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"


@pytest.fixture(scope="module")
def table_of_1_5_mb(tmp_path_factory) -> Path:
    """A valid synthetic program file between 1 and 2 MB (scripts/make_national_table.py)."""
    spec = importlib.util.spec_from_file_location("make_national_table", ROOT / "scripts" / "make_national_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = module.write_table(tmp_path_factory.mktemp("limit") / "im_2200.csv", 2_200)
    assert MEGABYTE < path.stat().st_size < 2 * MEGABYTE
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["score", "--profile", str(EXAMPLE), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_default_is_200_mb_for_both_files_and_the_page_keeps_1_mb():
    assert DEFAULT_MAX_FILE_MB == 200 and MAX_PROGRAM_FILE_BYTES == 200 * MEGABYTE
    assert MAX_NATIONAL_CLI_BYTES == MAX_PROGRAM_FILE_BYTES
    assert MAX_NATIONAL_PAGE_BYTES == 1 * MEGABYTE
    assert max_file_bytes(None, {}) == MAX_PROGRAM_FILE_BYTES


@pytest.mark.parametrize("flag, environ, megabytes", [
    (None, {MAX_FILE_MB_ENV: "500"}, 500),
    (None, {MAX_FILE_MB_ENV: " 7 "}, 7),
    (None, {MAX_FILE_MB_ENV: "   "}, DEFAULT_MAX_FILE_MB),        # blank: not set
    ("50", {MAX_FILE_MB_ENV: "500"}, 50),                         # the flag wins
    ("50", {MAX_FILE_MB_ENV: "not a number"}, 50),                # ... and a bad environment is then not read
    (str(MAX_FILE_MB_RANGE[1]), {}, MAX_FILE_MB_RANGE[1]),
    (str(MAX_FILE_MB_RANGE[0]), {}, MAX_FILE_MB_RANGE[0]),
])
def test_the_flag_wins_over_the_environment(flag, environ, megabytes):
    assert max_file_bytes(flag, environ) == megabytes * MEGABYTE


@pytest.mark.parametrize("value", ["abc", "0", "2049", "-5", "1e3", "１０", "1_000", "", "9" * 50, "2.5"])
@pytest.mark.parametrize("source", ["flag", "environment"])
def test_a_bad_value_names_its_source_and_the_allowed_range(value, source):
    flag, environ = (value, {}) if source == "flag" else (None, {MAX_FILE_MB_ENV: value})
    if source == "environment" and not value.strip():
        assert max_file_bytes(flag, environ) == MAX_PROGRAM_FILE_BYTES       # an empty variable is unset
        return
    with pytest.raises(ProgramDataError) as info:
        max_file_bytes(flag, environ)
    message = str(info.value)
    assert message.startswith("--max-file-mb: " if source == "flag" else f"{MAX_FILE_MB_ENV}: ")
    assert "from 1 to 2048" in message and "(default 200)" in message and len(message) < 300


def test_the_flag_lowers_and_raises_the_limit_on_the_command_line(capsys, table_of_1_5_mb):
    code, out, err = run(capsys, "--programs", str(table_of_1_5_mb), "--max-file-mb", "1")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "im_2200.csv: the program file is larger than 1 MB; refused; --max-file-mb N" in err
    code, out, err = run(capsys, "--programs", str(table_of_1_5_mb), "--max-file-mb", "2")
    assert code == 0 and err == "" and '"program_id": "syn-im-' in out


def test_the_environment_moves_the_limit_and_the_flag_overrides_it(capsys, monkeypatch, table_of_1_5_mb):
    monkeypatch.setenv(MAX_FILE_MB_ENV, "1")
    code, _, err = run(capsys, "--programs", str(table_of_1_5_mb))
    assert code == 2 and "larger than 1 MB" in err
    code, _, err = run(capsys, "--programs", str(table_of_1_5_mb), "--max-file-mb", "2")
    assert code == 0, err


@pytest.mark.parametrize("command", [[], ["plan", "--applications", "40"]])
def test_a_bad_flag_or_variable_exits_2_with_one_line(capsys, monkeypatch, command):
    argv = (["plan", "--profile", str(EXAMPLE), "--applications", "40"] if command else
            ["score", "--profile", str(EXAMPLE)]) + ["--programs", str(FIXTURE)]
    code = cli.main([*argv, "--max-file-mb", "0"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: --max-file-mb: '0' is not allowed")
    monkeypatch.setenv(MAX_FILE_MB_ENV, "lots")
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"error: {MAX_FILE_MB_ENV}: 'lots' is not allowed") and "1 to 2048" in err


def test_the_national_list_follows_the_same_rule(capsys, monkeypatch, tmp_path):
    national = tmp_path / "national.csv"
    template = TEMPLATE_FILE.read_text(encoding="utf-8")
    national.write_text(template + "\n" * (MEGABYTE + 10), encoding="utf-8")    # blank lines: over 1 MB
    base = ["--programs", str(FIXTURE), "--national-programs", str(national)]
    code, _, err = run(capsys, *base, "--max-file-mb", "1")
    assert code == 2 and "national.csv: the national program list is larger than 1 MB" in err
    monkeypatch.setenv(MAX_FILE_MB_ENV, "1")
    code, _, err = run(capsys, *base)
    assert code == 2 and "larger than 1 MB" in err
    code, _, err = run(capsys, *base, "--max-file-mb", "3")
    assert "larger than" not in err


def test_both_commands_document_the_flag_and_its_default():
    parser = cli.build_parser()
    for command in ("score", "plan"):
        sub = parser._subparsers._group_actions[0].choices[command]
        text = " ".join(sub.format_help().split())      # argparse wraps to the terminal's width
        assert "--max-file-mb N" in text and "(default 200)" in text and MAX_FILE_MB_ENV in text
    docs = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    section = docs.split("## A national table through the CLI", 1)[1]
    assert "--max-file-mb" in section and MAX_FILE_MB_ENV in section and "200 MB" in section


def test_a_limit_under_a_megabyte_is_said_in_bytes_not_as_0_mb(tmp_path):
    from smartpick_core.programs.table import ProgramDataError, read_bounded
    big = tmp_path / "huge.txt"
    big.write_bytes(b"x" * 500_000)
    with pytest.raises(ProgramDataError, match="larger than 400,000 bytes; refused"):
        read_bounded(big, 400_000, "pasted text")
