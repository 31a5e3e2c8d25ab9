"""Write the hostile-input corpus: malformed profiles, program files, share-link values, names.

    .venv/bin/python tests/hostile/make_corpus.py        # rewrites tests/hostile/{profiles,programs}/ and *.json

Deterministic (fixed seed), so the committed files equal what this script writes. Every file is listed in
manifest.json with what the CLI must do with it: "ok" (exit 0, and any CSV it prints is formula-safe) or
"refuse" (exit 2 with one line on stderr, no traceback). Inputs too big to commit (over-size files, a
50 MB value) and device files (/dev/zero, /dev/urandom) are made at test time by `runtime_cases()`.

Also written: facts/ (fact-import files: "ok" imports, "refuse" imports nothing), backups/ (forged backups
a restore must refuse, e.g. backups/student_id_2pow63.json) and typed_names.json (names and notes an
advisor could type, with bidi overrides and zero-width characters, and whether they are refused).
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "programs_fixture.csv"
EVIL = "http://evil.example"

# --- hostile names (program names; also used as share-link values) -----------------------------------------
HOSTILE_NAMES: list[str] = [
    f"[Verify your profile]({EVIL}/login)",
    f"![x]({EVIL}/s.png)",
    f"<img src='{EVIL}/i.png' onerror='alert(1)'>",
    "<script>alert(1)</script> Residency",
    f"<a href='{EVIL}'>Click</a> Program",
    "=HYPERLINK(\"http://evil.example\",\"Click\")",
    "+cmd|' /C calc'!A0",
    "-2+3 Internal Medicine",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tTab Residency",
    "*Bold* _italic_ **strong** `code` ~~strike~~ Residency",
    ":material/warning: :red[ALERT] :smile: Residency",
    "$\\frac{1}{2}$ and $$x^2$$ Residency",
    f"<{EVIL}/autolink> and www.evil.example and mail@evil.example",
    f"[ref]: {EVIL}/refdef",
    "Residency \u202egnp.exe\u202c (bidi override)",
    "# Heading name\n---\n> quote",
    "A" * 500,
    "javascript:alert(document.cookie)",
    "Sta. María & Sons' \"Residency\" <b>bold</b>",
]

# --- share-link values: (key, value) pairs; each becomes a link /?key=value -----------------------------------
_LINK_PAYLOADS: list[str] = [
    f"[Verify your profile]({EVIL}/login)",
    f"![x]({EVIL}/s.png)",
    f"<img src={EVIL}/i.png>",
    "<script>alert(1)</script>",
    f"<{EVIL}/auto>",
    f"{EVIL}/bare",
    "www.evil.example/x",
    ":red[You have been logged out]",
    ":material/lock: session expired",
    "$\\sum$",
    "**bold** _it_",
    "`code`",
    "x" * 5000,
    "２３０",
    "230\x00",
    "1_000",
    "\u202e032",
    "\r\n\r\n# heading",
    "=cmd|' /C calc'!A0",
    "9" * 5000,
]
_LINK_FIELDS = ["home", "step2_ck", "national", "specialty", "visa", "usce_months", "languages", "graduation_year"]


def link_values() -> list[dict[str, str]]:
    """At least 80 hostile links: every payload in the home field, each field with several payloads,
    hostile key names, and odd but valid values."""
    links: list[dict[str, str]] = [{"home": p} for p in _LINK_PAYLOADS]
    rotations = [_LINK_PAYLOADS[i::4] for i in range(4)]
    for i, field in enumerate(_LINK_FIELDS[1:]):
        for payload in rotations[i % 4] + rotations[(i + 1) % 4]:
            links.append({field: payload})
    links += [
        {f"[k]({EVIL})": "1"},
        {f"![k]({EVIL}/k.png)": "1"},
        {"<img src=x>": "1"},
        {"k" * 3000: "v"},
        {f"unknown{i}": "1" for i in range(50)},
        {"step2_ck": "-1"},
        {"step2_ck": "999999999999"},
        {"national": "-5"},
        {"national": "1e3"},
        {"usce_months": "nan"},
        {"usce_months": "inf"},
        {"usce_months": "-0.5"},
        {"socal_usce_months": "30", "usce_months": "1"},
        {"graduation_year": "0"},
        {"visa": "H-1B\x00"},
        {"specialty": "Dermatology"},
        {"languages": ",".join(["Spanish"] * 100)},
        {"languages": ",".join(f"L{i}" for i in range(30))},
        {"socal_ties": "maybe"},
        {"home": "Riverside"},
        {"usce_subregions": f"[x]({EVIL}),Inland Empire"},
        {"usce_subregions": ",".join(["Los Angeles"] * 200)},
        {"socal_lors": "![x](" + EVIL + "/s.png)"},
        {"socal_lors": "9", "us_lors": "1"},
    ]
    return links


# --- profiles -----------------------------------------------------------------------------------------------
# A fixed valid base profile (not read from examples/, so the corpus does not change when the examples do).
BASE_PROFILE = {"specialty": "Internal Medicine", "step2_ck": 232, "step1": "pass", "step2_attempts": 1,
                "step3": "not_taken", "visa": "J-1", "usce_months": 6, "observership_months": 2,
                "socal_usce_months": 3, "us_lors": 3, "research_items": 2, "graduation_year": 2022,
                "languages": ["Spanish"], "socal_ties": False, "home": "Riverside"}


def _example() -> dict:
    return dict(BASE_PROFILE)


def profiles() -> list[tuple[str, bytes, str]]:
    """(file name, content, 'ok' | 'refuse')."""
    rng = random.Random(12)
    ex = _example()
    j = lambda obj: json.dumps(obj, ensure_ascii=False).encode("utf-8")   # noqa: E731
    out: list[tuple[str, bytes, str]] = []

    def add(name: str, data: bytes | str, expect: str) -> None:
        out.append((name, data.encode("utf-8") if isinstance(data, str) else data, expect))

    # not JSON / wrong JSON shape
    for i, text in enumerate(["{not json", "", " \n\t ", "null", "[]", "42", '"a string"', "true",
                              '{"step2_ck": 230,}', "{'step2_ck': 230}", '{"step2_ck": 230 // comment\n}',
                              '{"step2_ck": 230}{"step2_ck": 231}']):
        add(f"notjson_{i:02d}.json", text, "refuse")
    # encodings and binary
    body = json.dumps(ex)
    add("utf16le_bom.json", b"\xff\xfe" + body.encode("utf-16-le"), "refuse")
    add("utf16be_bom.json", b"\xfe\xff" + body.encode("utf-16-be"), "refuse")
    add("utf16le_nobom.json", body.encode("utf-16-le"), "refuse")
    add("utf32.json", body.encode("utf-32"), "refuse")
    add("latin1_home.json", json.dumps({**ex, "home": "Sé"}, ensure_ascii=False).encode("latin-1"), "refuse")
    add("binary_random.bin", bytes(rng.randrange(256) for _ in range(4096)), "refuse")
    add("nul_bytes_raw.json", body.encode()[:20] + b"\x00\x00" + body.encode()[20:], "refuse")
    add("overlong_utf8.json", b'{"home": "\xc0\xaf"}', "refuse")
    add("utf8_bom_valid.json", b"\xef\xbb\xbf" + body.encode(), "ok")
    add("lone_surrogate.json", '{"home": "\\ud800"}', "refuse")
    add("nul_escape_home.json", '{"home": "Riv\\u0000erside"}', "refuse")
    add("nul_escape_key.json", '{"ho\\u0000me": "Riverside"}', "refuse")
    # depth and size of numbers
    add("deep_list_100k.json", "[" * 100_000 + "]" * 100_000, "refuse")
    add("deep_object_100k.json", '{"a":' * 100_000 + "1" + "}" * 100_000, "refuse")
    add("deep_65.json", "[" * 65 + "]" * 65, "refuse")
    add("deep_unclosed.json", "[" * 10_000, "refuse")
    add("int_5000_digits.json", '{"step2_ck": ' + "9" * 5000 + "}", "refuse")
    add("int_4301_digits.json", '{"research_items": ' + "1" * 4301 + "}", "refuse")
    add("int_neg_5000_digits.json", '{"us_lors": -' + "9" * 5000 + "}", "refuse")
    add("int_25_digits.json", '{"step2_ck": ' + "9" * 25 + "}", "refuse")
    add("float_1e400.json", '{"usce_months": 1e400}', "refuse")
    add("float_neg_1e400.json", '{"usce_months": -1e400}', "refuse")
    add("nan_literal.json", '{"usce_months": NaN}', "refuse")
    add("infinity_literal.json", '{"usce_months": Infinity}', "refuse")
    add("float_1e308_step2.json", '{"step2_ck": 1e308}', "refuse")
    # field values
    bad_values = [
        ("step2_ck", "２３０"), ("step2_ck", "230\u0000"), ("step2_ck", "1_000"), ("step2_ck", "0x1F"),
        ("step2_ck", 230.5), ("step2_ck", True), ("step2_ck", None), ("step2_ck", []), ("step2_ck", {}),
        ("step2_ck", ""), ("step2_ck", 150), ("step2_ck", -1),
        ("usce_months", "nan"), ("usce_months", "inf"), ("usce_months", "1e3"), ("usce_months", "３"),
        ("usce_months", 121), ("graduation_year", 0), ("graduation_year", 99999), ("graduation_year", "2020-01"),
        ("visa", "H-1B\u0000"), ("visa", "<script>"), ("visa", "F-1"),
        ("specialty", f"[IM]({EVIL})"), ("specialty", "I" * 10_000), ("specialty", ""), ("specialty", "   "),
        ("home", "A" * 81), ("home", "A" * 100_000), ("home", ["Riverside"]),
        ("languages", [f"L{i}" for i in range(1000)]), ("languages", [["Spanish"]]), ("languages", {"a": 1}),
        ("languages", ["x" * 41]), ("socal_ties", "maybe"), ("socal_ties", 2), ("step2_attempts", 0),
        ("us_lors", 7), ("research_items", 501), ("step1", "failed"), ("step3", 1),
    ]
    for i, (field, value) in enumerate(bad_values):
        add(f"bad_{field}_{i:02d}.json", j({**ex, field: value}), "refuse")
    add("socal_more_than_usce.json", j({**ex, "usce_months": 1, "socal_usce_months": 5}), "refuse")
    add("unknown_key.json", j({**ex, "password": "x"}), "refuse")
    add("unknown_markdown_key.json", j({**ex, f"[k]({EVIL})": 1}), "refuse")
    add("many_unknown_keys.json", j({f"k{i}": i for i in range(10_000)}), "refuse")
    # hostile but valid: the CLI scores them (exit 0)
    # invisible characters in a specialty or a choice: refused, and the message shows them as escapes
    for name, value in [("specialty_nbsp", "Internal\u00a0Medicine"), ("specialty_bidi_override", "\u202eInternal Medicine"),
                        ("specialty_rtl_mark", "Internal Medicine\u200f"), ("specialty_zero_width", "Internal\u200bMedicine"),
                        ("specialty_word_joiner", "Internal\u2060 Medicine"), ("specialty_soft_hyphen", "Inter\u00adnal Medicine"),
                        ("specialty_bom_inside", "Internal \ufeffMedicine"), ("specialty_isolate", "\u2066Internal Medicine\u2069")]:
        add(f"{name}.json", j({**ex, "specialty": value}), "refuse")
    add("visa_zero_width.json", j({**ex, "visa": "J-1\u200b"}), "refuse")
    # a key given twice: json.loads keeps the last value without a word, so it is refused (the key named)
    add("duplicate_keys.json", '{"step2_ck": 200, "step2_ck": 240}', "refuse")
    add("duplicate_keys_same_value.json", '{"specialty": "Internal Medicine", "step2_ck": 240, "step2_ck": 240}',
        "refuse")
    add("duplicate_keys_escaped.json", '{"step2_ck": 200, "step2\\u005fck": 240}', "refuse")
    add("duplicate_keys_nested.json", '{"languages": [{"a": 1, "a": 2}]}', "refuse")
    add("duplicate_keys_unknown.json", '{"k\u200b": 1, "k\u200b": 2}', "refuse")
    add("ok_example.json", j(ex), "ok")
    add("ok_empty_object.json", "{}", "ok")
    add("ok_specialty_trailing_nbsp.json", j({**ex, "specialty": "Internal Medicine\u00a0"}), "ok")
    add("ok_spaces_in_number.json", j({**ex, "step2_ck": " 231 "}), "ok")
    add("ok_home_markdown.json", j({**ex, "home": f"[Verify]({EVIL})"}), "ok")
    add("ok_home_bidi.json", j({**ex, "home": "\u202eedisreviR"}), "ok")
    add("ok_languages_string.json", j({**ex, "languages": "Spanish, Tagalog,,"}), "ok")
    add("ok_whitespace_padded.json", "\n" * 1000 + body + " " * 1000, "ok")
    return out


# --- program files ------------------------------------------------------------------------------------------
def _fixture_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8"))))
    return rows[0], rows[1:]


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])   # RFC 4180: a field with \r is quoted
    return buffer.getvalue().encode("utf-8")


def hostile_names_csv() -> bytes:
    """The fixture with its Internal Medicine programs renamed to the hostile names (a valid file)."""
    header, rows = _fixture_rows()
    name, spec = header.index("name"), header.index("specialty")
    im = [r for r in rows if r[spec] == "Internal Medicine"]
    for row, hostile in zip(im, HOSTILE_NAMES):
        row[name] = hostile
    return _csv(header, rows)


def program_files() -> list[tuple[str, bytes, str]]:
    header, rows = _fixture_rows()
    col = header.index
    out: list[tuple[str, bytes, str]] = []

    def mutated(column: str, value: str, row: int = 0) -> bytes:
        copy = [list(r) for r in rows]
        copy[row][col(column)] = value
        return _csv(header, copy)

    out.append(("ok_hostile_names.csv", hostile_names_csv(), "ok"))
    for i, formula in enumerate(["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx"]):
        copy = [list(r) for r in rows]
        copy[0][col("name")] = formula + " name"
        copy[0][col("institution")] = formula + " institution"
        copy[0][col("notes")] = formula
        out.append((f"ok_formula_{i}.csv", _csv(header, copy), "ok"))
    out.append(("ok_utf8_bom.csv", b"\xef\xbb\xbf" + _csv(header, rows), "ok"))
    refuse = [
        ("checked_2026-99-99.csv", mutated("checked", "2026-99-99")),
        ("checked_2026-02-30.csv", mutated("checked", "2026-02-30")),
        ("checked_2026-13.csv", mutated("checked", "2026-13")),
        ("checked_fullwidth.csv", mutated("checked", "２０２６-01")),
        ("checked_text.csv", mutated("checked", "last week")),
        ("positions_fullwidth.csv", mutated("positions_per_year", "２３")),
        ("positions_underscore.csv", mutated("positions_per_year", "1_0")),
        ("positions_exponent.csv", mutated("positions_per_year", "1e1")),
        ("positions_5000_digits.csv", mutated("positions_per_year", "9" * 5000)),
        ("img_share_nan.csv", mutated("img_share", "NaN")),
        ("lat_inf.csv", mutated("lat", "inf")),
        ("lat_london.csv", mutated("lat", "51.5")),
        ("lon_fullwidth.csv", mutated("lon", "－１１７.４")),
        ("source_javascript.csv", mutated("source_url", "javascript:alert(1)")),
        ("program_id_markdown.csv", mutated("program_id", f"[x]({EVIL})")),
        ("specialty_unknown.csv", mutated("specialty", "Dermatology")),
        ("subregion_mismatch.csv", mutated("subregion", "San Diego")),
        ("escape_sequence.csv", mutated("notes", "\x1b[2J\x1b[31mred")),
        ("duplicate_id.csv", _csv(header, [rows[0], rows[0]])),
        ("missing_column.csv", _csv(header[:-3], [r[:-3] for r in rows])),
        ("header_only.csv", _csv(header, [])),
        ("empty.csv", b""),
        ("ragged_row.csv", _csv(header, [rows[0] + ["extra", "cells"]])),
        ("unterminated_quote.csv", _csv(header, rows[:2]) + b'"never closed,' + b"x" * 1000),
        ("nul_bytes.csv", _csv(header, rows).replace(b"Test", b"Te\x00st", 1)),
        ("utf16.csv", b"\xff\xfe" + _csv(header, rows).decode().encode("utf-16-le")),
        ("latin1.csv", _csv(header, rows).decode().replace("Test", "Tést", 1).encode("latin-1")),
        ("binary.csv", bytes(random.Random(30).randrange(256) for _ in range(8192))),
        ("json_not_csv.csv", b'{"program_id": "x"}'),
        ("one_long_line.csv", b"a," * 50_000),
    ]
    out += [(name, data, "refuse") for name, data in refuse]
    return out


# --- names and notes an advisor types (student, scenario, notes, source notes, who recorded it) ----------------
TYPED_NAMES: list[tuple[str, str, str]] = [     # (text, kind, "refuse" | "ok")
    ("\u202eAnn Lee", "bidi override", "refuse"),
    ("Ann \u202eeeL\u202c", "bidi override", "refuse"),
    ("\u202aAnn\u202c", "bidi override", "refuse"),
    ("\u202bAnn", "bidi override", "refuse"),
    ("Ann\u202d Lee", "bidi override", "refuse"),
    ("\u2066Ann\u2069", "bidi isolate", "refuse"),
    ("Ann \u2067Lee", "bidi isolate", "refuse"),
    ("\u2068Ann Lee", "bidi isolate", "refuse"),
    ("Ann\u200e Lee", "bidi mark", "refuse"),
    ("Ann\u200f Lee", "bidi mark", "refuse"),
    ("Ann\u061c Lee", "bidi mark", "refuse"),
    ("Ann\u200bLee", "zero-width", "refuse"),
    ("Ann \u200cLee", "zero-width", "refuse"),
    ("\u200dAnn Lee", "zero-width", "refuse"),
    ("\u0645\u06cc\u200c\u0631\u0627\u0645", "persian-half-space", "ok"),
    ("Ann\u2060Lee", "zero-width", "refuse"),
    ("\ufeffAnn Lee", "zero-width", "refuse"),
    ("Ann\u180eLee", "zero-width", "refuse"),
    ("An\u00adn Lee", "zero-width", "refuse"),
    ("Ann\u2063Lee", "zero-width", "refuse"),
    ("Ann Lee\U000e0041", "zero-width", "refuse"),
    ("\u3164", "zero-width", "refuse"),
    ("Ann\u3164Lee", "zero-width", "refuse"),
    ("Ann Lee", "plain", "ok"),
    ("María José O'Neil-Ñúñez", "plain", "ok"),
    ("李小龍", "plain", "ok"),
    ("محمد عبد الله", "plain", "ok"),
    ("Ann\u00a0Lee", "plain", "ok"),
    ("Dr. 👩🏽 Ann", "plain", "ok"),
]


def _fact_row(**changes: str) -> dict[str, str]:
    return {"program_id": "im-cedars-sinai", "field": "sponsors_j1", "value": "yes", "source_type": "program website",
            "source_note": "https://example.org/im", "checked_on": "2026-10-01", "recorded_by": "Dr A"} | changes


def fact_files() -> list[tuple[str, bytes, str]]:
    """Fact-import files (JSON as `facts export` writes it, and CSV): "ok" imports, "refuse" imports nothing."""
    def facts(*rows: dict) -> bytes:
        return json.dumps({"format": "smartpick-facts", "version": 1, "facts": list(rows)}, ensure_ascii=True,
                          indent=1).encode()

    row = json.dumps(_fact_row())
    out = [
        ("ok_clean.json", facts(_fact_row()), "ok"),
        ("duplicate_keys_in_row.json", ('{"facts": [' + row[:-1] + ', "value": "no"}]}').encode(), "refuse"),
        ("duplicate_keys_top.json", ('{"facts": [' + row + '], "facts": []}').encode(), "refuse"),
        ("duplicate_keys_escaped.json", ('[' + row[:-1] + ', "recorded\\u005fby": "Dr B"}]').encode(), "refuse"),
        ("bidi_recorded_by.json", facts(_fact_row(recorded_by="Dr \u202eA")), "refuse"),
        ("bidi_isolate_source_note.json", facts(_fact_row(source_note="\u2066https://example.org/im\u2069")), "refuse"),
        ("zero_width_source_note.json", facts(_fact_row(source_note="https://exa\u200bmple.org/im")), "refuse"),
        ("bom_recorded_by.json", facts(_fact_row(recorded_by="\ufeffDr A")), "refuse"),
        ("bidi_new_program_name.json",
         facts(_fact_row(program_id="im-new-example", field="new_program",
                         value=json.dumps({"program_id": "im-new-example", "name": "Residency \u202egnp.exe"}))),
         "refuse"),
    ]
    header = list(_fact_row())
    csv_rows = [[_fact_row(recorded_by="Dr\u00adA")[c] for c in header]]
    out.append(("soft_hyphen_recorded_by.csv", _csv(header, csv_rows), "refuse"))
    return out


def backup_files() -> list[tuple[str, bytes, str]]:
    """Forged backups (the format `backup` writes) that a restore must refuse, changing nothing."""
    stamp = "2026-10-01T12:00:00"
    big = 2**63                                  # one past SQLite's and PostgreSQL's bigint
    data = {"format": "smartpick-backup", "version": 1, "schema_revision": "0003", "exported_at": stamp,
            "facts": [], "users": [],
            "students": [{"id": big, "owner": "local", "name": "Ann", "created_at": stamp, "updated_at": stamp}],
            "scenarios": [{"id": 1, "student_id": big, "owner": "local", "name": "base",
                           "profile": {"specialty": "Internal Medicine", "step2_ck": 232}, "notes": "",
                           "created_at": stamp, "updated_at": stamp}]}
    return [("student_id_2pow63.json", (json.dumps(data, indent=1) + "\n").encode(), "refuse")]


def runtime_cases(tmp: Path) -> list[tuple[str, str, Path, str]]:
    """(kind, name, path, expect) for inputs made at test time: too big to commit, or not files."""
    tmp.mkdir(parents=True, exist_ok=True)
    big_profile = tmp / "profile_over_1mb.json"
    big_profile.write_text('{"home": "' + "A" * (1024 * 1024 + 10) + '"}')
    value_50mb = tmp / "profile_50mb_value.json"
    with value_50mb.open("w") as handle:
        handle.write('{"step2_ck": "')
        for _ in range(50):
            handle.write("9" * (1024 * 1024))
        handle.write('"}')
    big_programs = tmp / "programs_over_20mb.csv"
    header, rows = _fixture_rows()
    with big_programs.open("w") as handle:
        handle.write(",".join(header) + "\n")
        line = ",".join(f'"{c}"' for c in rows[0]) + "\n"
        handle.write(line * (21 * 1024 * 1024 // len(line) + 1))
    return [
        ("profile", "profile_over_1mb.json", big_profile, "refuse"),
        ("profile", "profile_50mb_value.json", value_50mb, "refuse"),
        ("profile", "/dev/zero", Path("/dev/zero"), "refuse"),
        ("profile", "/dev/urandom", Path("/dev/urandom"), "refuse"),
        ("profile", "/dev/null", Path("/dev/null"), "refuse"),
        ("profile", "a directory", tmp, "refuse"),
        ("profile", "missing file", tmp / "missing.json", "refuse"),
        ("programs", "programs_over_20mb.csv", big_programs, "refuse"),
        ("programs", "/dev/zero", Path("/dev/zero"), "refuse"),
        ("programs", "/dev/urandom", Path("/dev/urandom"), "refuse"),
    ]


def write_corpus(root: Path = HERE) -> dict:
    manifest: dict[str, dict[str, str]] = {"profiles": {}, "programs": {}, "facts": {}, "backups": {}}
    for kind, items in (("profiles", profiles()), ("programs", program_files()), ("facts", fact_files()),
                        ("backups", backup_files())):
        folder = root / kind
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data, expect in items:
            (folder / name).write_bytes(data)
            manifest[kind][name] = expect
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    (root / "links.json").write_text(json.dumps(link_values(), indent=1, ensure_ascii=True) + "\n")
    (root / "names.json").write_text(json.dumps(HOSTILE_NAMES, indent=1, ensure_ascii=True) + "\n")
    (root / "hostile_names_programs.csv").write_bytes(hostile_names_csv())
    typed = [{"text": text, "kind": kind, "expect": expect} for text, kind, expect in TYPED_NAMES]
    (root / "typed_names.json").write_text(json.dumps(typed, indent=1, ensure_ascii=True) + "\n")
    return manifest


if __name__ == "__main__":
    m = write_corpus()
    print(f"profiles: {len(m['profiles'])}, program files: {len(m['programs'])}, fact files: {len(m['facts'])}, "
          f"backups: {len(m['backups'])}, links: {len(link_values())}, names: {len(HOSTILE_NAMES)}, "
          f"typed names: {len(TYPED_NAMES)}")
