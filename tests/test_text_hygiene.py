"""Text hygiene: names and notes refuse invisible characters, messages show them as escapes, JSON refuses a key
given twice. Hostile cases (tests/hostile/typed_names.json, facts/, backups/) are counted in the tally."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from hostile_checks import HOSTILE, ROOT, manifest
from smartpick_core.facts import FactError, diff_fact_import
from smartpick_core.facts.files import read_fact_file
from smartpick_core.facts.records import MAX_NAME_CHARS, MAX_NOTE_CHARS
from smartpick_core.facts.rules import check_fact_value, check_program_row, check_source, check_text
from smartpick_core.model.profile import Profile, ProfileError, check_specialty
from smartpick_core.text import DuplicateKeyError, invisible_characters, loads_strict, quote

FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u2060\ufeff\u180e\u00ad"
JOINERS = "\u200c\u200d"      # spelling inside a word (Persian half-space, emoji); refused anywhere else
TYPED = json.loads((HOSTILE / "typed_names.json").read_text())
MANIFEST = manifest()
TODAY = dt.date(2026, 12, 1)
# (field, words, limit, required) as the store and the fact rules call check_text
TEXT_FIELDS = [("name", "the student name", MAX_NAME_CHARS, True), ("name", "the scenario name", MAX_NAME_CHARS, True),
               ("notes", "the notes", MAX_NOTE_CHARS, False), ("owner", "the advisor name", MAX_NAME_CHARS, True),
               ("source_note", "the source URL or note", MAX_NOTE_CHARS, True),
               ("recorded_by", "who recorded it", MAX_NAME_CHARS, True),
               ("told_by", "who at the program said it", MAX_NAME_CHARS, False)]
_NOT_SHOWN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _hostile(request, kind: str) -> None:
    request.node.user_properties.append(("hostile", kind))


# --- invisible_characters and check_text ---------------------------------------------------------------------
@pytest.mark.parametrize("ch", list(BIDI + ZERO_WIDTH))
def test_every_listed_character_is_found_by_its_unicode_name(ch):
    [(index, name)] = invisible_characters(f"Ann{ch}Lee")
    assert index == 3 and name == f"U+{ord(ch):04X} {unicodedata.name(ch).lower()}"


@pytest.mark.parametrize("ch", list(JOINERS))
def test_a_joiner_is_refused_at_an_edge_or_beside_a_space_but_spells_inside_a_word(ch):
    for text in (f"{ch}Ann", f"Ann{ch}", f"Ann {ch}Lee", f"Ann{ch}{ch}Lee"):
        assert invisible_characters(text), repr(text)
    assert invisible_characters(f"Ann{ch}Lee") == []
    assert invisible_characters("\u0645\u06cc\u200c\u0631\u0627\u0645") == []     # a Persian name with its half-space


def test_ordinary_names_have_no_invisible_characters():
    for text in ("Ann Lee", "María José O'Neil", "李小龍", "محمد", "Ann\u00a0Lee", "Dr. 👩🏽 Ann", ""):
        assert invisible_characters(text) == []


def test_the_message_names_the_field_and_the_character():
    with pytest.raises(FactError) as err:
        check_text("name", "Ann\u202eeeL", limit=MAX_NAME_CHARS, words="the student name")
    assert err.value.field == "name"
    assert err.value.message == ("Student name: contains an invisible character (U+202E right-to-left override); "
                                 "type the name again without it.")
    with pytest.raises(FactError) as err:
        check_text("notes", "a\u200bb\u00adc", limit=MAX_NOTE_CHARS, required=False, words="the notes")
    assert err.value.message == ("Notes: contains invisible characters (U+200B zero width space, U+00AD soft hyphen); "
                                 "type the notes again without them.")


@settings(max_examples=300)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60), st.sampled_from(BIDI + ZERO_WIDTH),
       st.integers(min_value=0), st.sampled_from(TEXT_FIELDS))
def test_any_text_with_an_inserted_override_or_zero_width_character_is_refused(text, ch, at, spec):
    field, words, limit, required = spec
    at %= len(text) + 1
    with pytest.raises(FactError) as err:
        check_text(field, text[:at] + ch + text[at:], limit=limit, required=required, words=words)
    assert err.value.field == field
    assert "invisible character" in err.value.message and f"U+{ord(ch):04X}" in err.value.message
    assert "\n" not in err.value.message and not invisible_characters(err.value.message)


@settings(max_examples=200)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf")), min_size=1, max_size=60).filter(str.strip))
def test_text_without_control_or_format_characters_is_kept_as_typed(text):
    if not invisible_characters(text):
        assert check_text("name", text, limit=MAX_NAME_CHARS, words="the student name") == text.strip()


def test_source_notes_and_recorders_are_checked_too():
    with pytest.raises(FactError, match="U\\+2066"):
        check_source("program website", "\u2066https://example.org\u2069", dt.date(2026, 1, 1), "Dr A", today=TODAY)
    with pytest.raises(FactError, match="U\\+FEFF") as err:
        check_source("program website", "https://example.org", dt.date(2026, 1, 1), "\ufeffDr A", today=TODAY)
    assert err.value.field == "recorded_by"


def test_a_recorded_program_name_with_an_override_is_refused():
    with pytest.raises(FactError) as err:
        check_program_row({"program_id": "im-new-example", "name": "Residency \u202egnp.exe"})
    assert err.value.field == "name" and "U+202E right-to-left override" in err.value.message


# --- the store uses the same checks ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from smartpick_core.store import open_store

    opened = open_store(f"sqlite:///{tmp_path_factory.mktemp('hygiene') / 'workspace.db'}")
    yield opened
    opened.close()


@pytest.mark.parametrize("case", TYPED, ids=lambda c: f"{c['kind']}:{c['text'].encode('unicode_escape').decode()}")
def test_typed_names_and_notes_in_the_store(case, store, request):
    _hostile(request, "typed names")
    text = case["text"]
    profile = Profile().to_dict()
    if case["expect"] == "ok":
        student = store.save_student("hygiene", text)
        store.save_scenario("hygiene", student, text, profile, notes=text)
        assert store.student("hygiene", student).name == text.strip()
        return
    with pytest.raises(FactError, match="invisible character") as err:
        store.save_student("hygiene", text)
    assert err.value.field == "name"
    student = store.save_student("hygiene", "Typed names")
    for name, notes, field in ((text, "", "name"), ("base", text, "notes")):
        with pytest.raises(FactError, match="invisible character") as err:
            store.save_scenario("hygiene", student, name, profile, notes=notes)
        assert err.value.field == field


# --- quote: what a message shows ------------------------------------------------------------------------------
def test_quote_shows_a_no_break_space_as_its_escape():
    assert quote("Internal\u00a0Medicine") == "'Internal\\u00a0Medicine'"
    assert quote("\u202eevil\u200b") == "'\\u202eevil\\u200b'"
    assert quote("tag\U000e0041") == "'tag\\U000e0041'"
    assert quote("Internal Medicine") == "'Internal Medicine'"      # ordinary text as before
    assert quote("x" * 50) == "'" + "x" * 40 + "…'"                  # the limit counts what was typed


@settings(max_examples=500)
@given(st.text(max_size=120), st.integers(min_value=1, max_value=100))
def test_quote_of_any_text_shows_no_invisible_or_control_character(text, limit):
    shown = quote(text, limit)
    assert not [ch for ch in shown if unicodedata.category(ch) in _NOT_SHOWN]
    assert not [ch for ch in shown if unicodedata.category(ch) == "Zs" and ch != " "]
    assert shown.startswith("'") and shown.endswith("'")


@settings(max_examples=200)
@given(st.text(st.characters(blacklist_categories=tuple(_NOT_SHOWN | {"Zs"})), max_size=60))
def test_quote_leaves_printing_text_alone(text):
    if not invisible_characters(text):
        assert quote(text, 60) == f"'{text}'"


def test_profile_messages_show_invisible_characters():
    with pytest.raises(ProfileError) as err:
        check_specialty("Internal\u00a0Medicine", {"Internal Medicine"})
    assert err.value.message == "'Internal\\u00a0Medicine' is not allowed; allowed: Internal Medicine"
    assert err.value.in_words() == "Specialty: 'Internal\\u00a0Medicine' is not allowed; allowed: Internal Medicine"
    assert str(err.value) == "specialty: 'Internal\\u00a0Medicine' is not allowed; allowed: Internal Medicine"
    with pytest.raises(ProfileError) as err:
        Profile.from_dict({"visa": "J-1\u200b"})
    assert "'J-1\\u200b' is not allowed" in err.value.message


def test_fact_messages_quote_through_quote():
    with pytest.raises(FactError) as err:
        check_fact_value("sponsors\u00a0j1", "yes")
    assert err.value.message.startswith("'sponsors\\u00a0j1' is not a program fact")


# --- loads_strict: a key given twice --------------------------------------------------------------------------
@pytest.mark.parametrize("text, key", [
    ('{"step2_ck": 200, "step2_ck": 240}', "step2_ck"),
    ('{"step2_ck": 240, "step2\\u005fck": 240}', "step2_ck"),
    ('{"a": [{"b": 1, "b": 2}]}', "b"),
    ('{"k\\u200b": 1, "k\\u200b": 2}', "k\u200b"),
])
def test_a_key_given_twice_is_refused_and_named(text, key):
    with pytest.raises(DuplicateKeyError) as err:
        loads_strict(text, what="the profile")
    assert err.value.key == key and isinstance(err.value, ValueError)
    assert str(err.value) == f"the profile has the key {quote(key)} twice; keep one."


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def test_loads_strict_reads_what_json_loads_reads():
    text = '{"a": 1, "b": [1, {"a": 2}], "c": {"d": null}, "e": "x\\u200by"}'
    assert loads_strict(text) == json.loads(text)
    with pytest.raises(ValueError, match="NaN is not a number"):
        loads_strict('{"a": NaN}', parse_constant=_no_constants)     # json.loads options are passed on


def test_a_fact_file_with_a_key_twice_is_one_file_message():
    data = b'[{"program_id": "im-cedars-sinai", "value": "yes", "value": "no"}]'
    with pytest.raises(FactError) as err:
        read_fact_file(data, "json")
    assert err.value.field == "file" and err.value.message == "the file has the key 'value' twice; keep one."


# --- the hostile corpus: fact files and forged backups ----------------------------------------------------------
@pytest.mark.parametrize("name", sorted(MANIFEST["facts"]))
def test_hostile_fact_files_import_nothing(name, request):
    _hostile(request, "fact import")
    data = (HOSTILE / "facts" / name).read_bytes()
    fmt = "json" if name.endswith(".json") else "csv"
    if name.startswith("duplicate_keys"):
        with pytest.raises(FactError, match="twice; keep one") as err:
            read_fact_file(data, fmt)
        assert err.value.field == "file"
        return
    diff = diff_fact_import(read_fact_file(data, fmt), [], known_ids={"im-cedars-sinai"}, today=TODAY)
    if MANIFEST["facts"][name] == "ok":
        assert len(diff.to_apply) == 1 and diff.errors == ()
    else:
        assert diff.to_apply == () and len(diff.errors) == 1
        assert "invisible character" in diff.errors[0].message


@pytest.mark.parametrize("name", sorted(MANIFEST["backups"]))
def test_forged_backups_are_refused_and_change_nothing(name, store, request):
    from smartpick_core.store import StoreError

    _hostile(request, "backup restore")
    before = store.students("hygiene")
    with pytest.raises(StoreError, match="out of range"):
        store.restore_all(json.loads((HOSTILE / "backups" / name).read_text()))
    assert store.students("hygiene") == before


# --- the command line: one line naming the file and the key, exit 2 ---------------------------------------------
def _score(path) -> subprocess.CompletedProcess:
    path = path.relative_to(ROOT)      # the message shows the path as given
    return subprocess.run([sys.executable, "-m", "smartpick_core", "score", "--profile", str(path), "--programs",
                           str(FIXTURE), "--format", "csv"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.mark.parametrize("name, expected", [
    ("duplicate_keys.json", "error: profile file 'tests/hostile/profiles/duplicate_keys.json': the profile has the "
                            "key 'step2_ck' twice; keep one."),
    ("duplicate_keys_unknown.json", "the profile has the key 'k\\u200b' twice; keep one."),
    ("specialty_nbsp.json", "error: specialty: 'Internal\\u00a0Medicine' is not allowed; allowed: "),
    ("specialty_bidi_override.json", "error: specialty: '\\u202eInternal Medicine' is not allowed"),
    ("visa_zero_width.json", "error: visa: 'J-1\\u200b' is not allowed"),
])
@pytest.mark.slow   # the command line in a subprocess (`make test`)
def test_the_cli_names_the_key_or_shows_the_character(name, expected):
    run = _score(HOSTILE / "profiles" / name)
    assert run.returncode == 2 and run.stdout == ""
    [line] = run.stderr.splitlines()
    assert expected in line and "Traceback" not in run.stderr
    assert not [ch for ch in line if unicodedata.category(ch) in _NOT_SHOWN]


@pytest.mark.slow   # the command line in a subprocess (`make test`)
def test_a_key_given_twice_on_a_cohort_line_names_the_line(tmp_path):
    path = tmp_path / "cohort.jsonl"
    path.write_text('{"step2_ck": 230}\n{"step2_ck": 230, "step2_ck": 231}\n')
    run = subprocess.run([sys.executable, "-m", "smartpick_core", "score", "--profiles", str(path), "--programs",
                          str(FIXTURE)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert run.stderr.strip().endswith("line 2': the profile has the key 'step2_ck' twice; keep one.")
    assert len(run.stdout.splitlines()) == 2
