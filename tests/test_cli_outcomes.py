"""`python -m smartpick_core outcomes import|export|backtest|retention` and `score --local-correction on|off`: the
diff first, each refused cell named by file, row and column, nothing saved without --apply, formula-safe exports,
one line and exit 2 for a problem, and the national model unless the correction is asked for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartpick_core.cli import main
from smartpick_core.store import open_store
from smartpick_core.store import outcomes as oc

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "data" / "templates"
APPS_HEAD = ("student,season,specialty,program_id,program_name,city,state,kind,sub_region,invited,invited_on,"
             "interviewed,ranked,predicted_chance,model_version\n")
SEASONS_HEAD = ("student,season,result,matched_program,profile_json,model_version,predicted_match,"
                "predicted_interviews,consent\n")
PROFILE = '"{""step2_ck"": 240, ""visa"": ""J-1""}"'


@pytest.fixture
def url(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTPICK_DATA_DIR", str(tmp_path / "data"))
    return f"sqlite:///{tmp_path / 'smartpick.db'}"


def _files(tmp_path: Path, apps: str, seasons: str) -> tuple[str, str]:
    a, s = tmp_path / "apps.csv", tmp_path / "seasons.csv"
    a.write_text(APPS_HEAD + apps, encoding="utf-8")
    s.write_text(SEASONS_HEAD + seasons, encoding="utf-8")
    return str(a), str(s)


def _template_import(url: str, *extra: str) -> int:
    return main(["outcomes", "import", str(TEMPLATES / "outcomes_template.csv"), "--seasons",
                 str(TEMPLATES / "outcomes_seasons_template.csv"), "--database", url, *extra])


def test_import_shows_the_diff_and_saves_only_with_apply(url, capsys):
    assert _template_import(url) == 0
    out = capsys.readouterr().out
    assert "applications: 2 new" in out and "+ application Example Student 2026 im-ucla" in out and "--apply" in out
    store = open_store(url)
    assert store.students("local") == []
    assert _template_import(url, "--apply") == 0
    assert "1 students added, 1 seasons saved, 2 applications written" in capsys.readouterr().out
    assert [r.season for r in oc.seasons(store, "local")] == [2026]
    assert _template_import(url, "--apply") == 0
    assert "nothing to save" in capsys.readouterr().out
    assert len(oc.season_history(store, "local", store.students("local")[0].id, 2026)) == 1
    store.close()


def test_a_bad_import_names_each_refused_cell_by_file_row_and_column_and_keeps_the_good_rows(url, tmp_path, capsys):
    apps, seasons = _files(
        tmp_path,
        "Ana,2026,Internal Medicine,,=HYPERLINK(\"x\"),Fresno,CA,community,,no,,,,0.2,v\n"          # formula
        "Ana,2026,Internal Medicine,im-nowhere,,,,,,no,,,,0.2,v\n"                                # unknown id
        "Ana,2026,Internal Medicine,,Valley Hospital,Fresno,CA,community,,yes,2024-01-05,,,0.2,v\n"  # out of season
        "Ana,2026,Internal Medicine,,Plains University,Tulsa,OK,university,,no,,yes,,0.1,v\n"    # interview, no invite
        "Ana,2026,Internal Medicine,,Good Hospital,Tulsa,OK,community,,yes,2025-11-02,yes,yes,0.3,v\n"
        "Ana,2026,Internal Medicine,,Good Hospital,Tulsa,OK,community,,yes,2025-11-02,yes,yes,0.3,v\n",  # duplicate
        f"Ana,2026,matched,Nowhere General,{PROFILE},v,0.4,2,yes\n")                              # not applied to
    assert main(["outcomes", "import", apps, "--seasons", seasons, "--database", url, "--apply"]) == 2
    err = capsys.readouterr().err.splitlines()
    for where in ("applications row 1, program_name", "applications row 2, program_id",
                  "applications row 3, invited_on", "applications row 4, interviewed",
                  "applications row 6, program_name", "seasons row 1, matched_program"):
        assert any(line.startswith(where) for line in err), where
    store = open_store(url)
    assert oc.seasons(store, "local") == []        # the season row was refused, so its applications wait for it
    store.close()


def test_export_is_formula_safe_and_owner_only_and_another_owner_sees_nothing(url, tmp_path, capsys):
    store = open_store(url)
    sid = store.save_student("local", "=cmd|' /C calc'!A0")
    oc.set_consent(store, "local", sid, True, by="test")
    oc.save_season(store, "local", sid, oc.SeasonOutcome(season=2026, result="unmatched"),
                   [{"specialty": "Internal Medicine", "program_name": "@SUM(1)", "kind": "community",
                     "invited": "no"}], by="test")
    store.close()
    out, seasons_out = tmp_path / "apps.csv", tmp_path / "seasons.csv"
    assert main(["outcomes", "export", "--out", str(out), "--seasons-out", str(seasons_out), "--database", url]) == 0
    assert "1 applications written and 1 student-seasons" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert "'=cmd" in text and "'@SUM(1)" in text and "\n=" not in text and ",@" not in text
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert main(["outcomes", "export", "--owner", "bob", "--database", url]) == 0
    assert capsys.readouterr().out.strip() == APPS_HEAD.strip()


def test_backtest_speaks_in_words_and_says_the_sample_is_too_small(url, capsys):
    assert _template_import(url, "--apply") == 0
    capsys.readouterr()
    assert main(["outcomes", "backtest", "--database", url]) == 0
    out = capsys.readouterr().out
    assert "too small to judge" in out and "n = 2 applications from 1 student" in out and "national model" in out
    assert main(["outcomes", "backtest", "--database", url, "--local-correction", "on"]) == 0
    out = capsys.readouterr().out
    assert "with your office's local correction" in out and "Local correction at community programs" in out
    assert "(corrected, evaluated on students left out of the fit)" in out     # never scored on its own fit
    assert "Snapshots: 2 of 2 applications (from 1 of 1 student)" in out
    assert main(["outcomes", "backtest", "--database", url, "--today"]) == 0
    assert "Chances tested: today's model" in capsys.readouterr().out


def test_score_uses_the_national_model_unless_the_correction_is_on(url, tmp_path, capsys):
    profile = tmp_path / "p.json"
    profile.write_text('{"step2_ck": 240, "visa": "J-1"}', encoding="utf-8")
    assert main(["score", "--profile", str(profile), "--database", url, "--local-correction", "on"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "local_correction" in err and "no outcomes" in err
    assert _template_import(url, "--apply") == 0
    capsys.readouterr()
    assert main(["score", "--profile", str(profile), "--database", url]) == 0
    national = json.loads(capsys.readouterr().out)
    assert "model_shown" not in national
    assert main(["score", "--profile", str(profile), "--database", url, "--local-correction", "on"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert local["model_shown"] == "with your office's local correction"
    assert set(local["local_correction"]) == {"academic_centre", "community"}
    assert main(["score", "--profile", str(profile), "--database", url, "--local-correction", "on",
                 "--format", "table"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("| with your office's local correction")
    assert main(["plan", "--profile", str(profile), "--applications", "20", "--database", url]) == 0
    assert "model_shown" not in json.loads(capsys.readouterr().out)
    assert main(["plan", "--profile", str(profile), "--applications", "20", "--database", url,
                 "--local-correction", "on"]) == 0
    assert json.loads(capsys.readouterr().out)["model_shown"] == "with your office's local correction"


def test_retention_lists_what_it_would_delete_and_deletes_only_with_apply(url, capsys):
    assert _template_import(url, "--apply") == 0
    capsys.readouterr()
    assert main(["outcomes", "retention", "--keep", "1", "--season", "2028", "--database", url]) == 0
    out = capsys.readouterr().out
    assert "- Example Student 2026" in out and "--apply" in out
    store = open_store(url)
    assert len(oc.seasons(store, "local")) == 1
    assert main(["outcomes", "retention", "--season", "2028", "--apply", "--database", url]) == 0
    assert "deleted: 1" in capsys.readouterr().out
    assert oc.seasons(store, "local") == []
    assert main(["outcomes", "retention", "--keep", "0", "--database", url]) == 2
    assert "keep_seasons" in capsys.readouterr().err
    store.close()


def test_the_anonymised_export_names_nobody_and_leaves_small_cells_out(url, tmp_path, capsys):
    assert _template_import(url, "--apply") == 0
    capsys.readouterr()
    out, students = tmp_path / "anon.csv", tmp_path / "students.csv"
    assert main(["outcomes", "export", "--anonymised", "--out", str(out), "--seasons-out", str(students),
                 "--database", url]) == 0
    said = capsys.readouterr().out
    assert "0 anonymised application cells" in said and "left out" in said
    for path in (out, students):
        text = path.read_text(encoding="utf-8")
        assert "Example Student" not in text and "2025-10-14" not in text and "Example Community" not in text
