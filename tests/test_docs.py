"""Documentation stays in step with the code: generated blocks are current, every setting and profile field is
documented, every link and every named file exists, and the README stays a five-minute read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import docs_blocks
from smartpick_core import MODEL_VERSION, PROFILE_FIELDS, SETTINGS
from smartpick_core.strategy.settings import STRATEGY_SETTINGS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
DOC_FILES = [README_PATH, *sorted(DOCS.glob("*.md"))]
README_MAX_LINES = 180


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# --- generated blocks (scripts/docs_blocks.py) ------------------------------------------------------------------
def test_every_generated_block_is_current():
    problems = docs_blocks.run(check=True)
    assert not problems, "\n".join(problems)


def test_the_check_names_a_stale_block(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("text\n<!-- BEGIN generated: list-settings -->\n| old |\n<!-- END generated: list-settings -->\n",
                   encoding="utf-8")
    problems = docs_blocks.run(check=True, files=[doc])
    assert len(problems) == 1 and "'list-settings' is stale" in problems[0]
    assert "| old |" in doc.read_text(encoding="utf-8"), "--check must not write"
    assert docs_blocks.run(check=False, files=[doc]) == []
    assert docs_blocks.run(check=True, files=[doc]) == []
    assert f"| `{STRATEGY_SETTINGS[0].name}` |" in doc.read_text(encoding="utf-8")


def test_the_check_names_an_unknown_or_unpaired_block(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("<!-- BEGIN generated: no-such-block -->\n<!-- END generated: no-such-block -->\n"
                   "<!-- BEGIN generated: calibration -->\n", encoding="utf-8")
    problems = docs_blocks.run(check=True, files=[doc])
    assert any("unknown generated block 'no-such-block'" in p for p in problems)
    assert any("no partner" in p for p in problems)


# --- what the docs must hold --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_every_model_setting_is_documented_with_its_value(name):
    setting = next(s for s in SETTINGS if s.name == name)
    assert f"| `{name}` | {setting.value:g} |" in read("model.md")


@pytest.mark.parametrize("name", [s.name for s in STRATEGY_SETTINGS])
def test_every_list_setting_is_documented_with_its_value(name):
    setting = next(s for s in STRATEGY_SETTINGS if s.name == name)
    assert f"| `{name}` | {setting.value:g} |" in read("list.md")


@pytest.mark.parametrize("field", PROFILE_FIELDS)
def test_every_profile_field_is_documented(field):
    assert f"| `{field}` |" in read("cli.md")


def test_every_setting_has_a_description_and_a_source():
    for s in (*SETTINGS, *STRATEGY_SETTINGS):
        assert s.description.strip() and s.source.strip() and s.unit.strip(), s.name


def test_the_model_doc_names_the_current_model_version():
    assert f"`MODEL_VERSION` (**{MODEL_VERSION}**" in read("model.md")


# --- the README: five minutes, two commands first, the method one click away --------------------------------------
def test_readme_opens_with_the_two_fresh_machine_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_readme_is_a_five_minute_read():
    lines = len(README.splitlines())
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines (at most {README_MAX_LINES}): move detail to docs/"


def test_readme_links_every_doc_and_the_model_method():
    for path in sorted(DOCS.glob("*.md")):
        assert f"](docs/{path.name})" in README, f"README.md does not link docs/{path.name}"


# --- links and named files ----------------------------------------------------------------------------------------
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def prose(text: str) -> str:
    """The text without code blocks and inline code (a link there is an example, not a link)."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def heading_anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file (lower case, punctuation dropped, spaces to '-')."""
    anchors: set[str] = set()
    for line in FENCE.sub("", path.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"#{1,6}\s+(.*?)\s*#*$", line)
        if match:
            slug = re.sub(r"[^\w\- ]", "", match.group(1).lower()).replace(" ", "-")
            anchor, n = slug, 0
            while anchor in anchors:
                n += 1
                anchor = f"{slug}-{n}"
            anchors.add(anchor)
    return anchors


def relative_links(path: Path) -> list[str]:
    return [target for target in LINK.findall(prose(path.read_text(encoding="utf-8")))
            if not re.match(r"[a-z][a-z0-9+.-]*:", target)]      # http:, https:, mailto: are not files


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_at_an_existing_file(path):
    broken = []
    for target in relative_links(path):
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked):
            broken.append(f"{target} (no heading with that anchor)")
    assert not broken, f"{path.relative_to(ROOT)}: " + "; ".join(broken)


NAMED_PATH = re.compile(r"`((?:smartpick_core|smartpick_app|scripts|tests|data|docs|static|examples)/[\w./*-]*)")


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_the_docs_name_in_code_exists(path):
    """A path written as code (`smartpick_app/cache.py`) names a file or folder of the project, so a move or a
    rename that forgets the docs fails here."""
    missing = []
    for name in NAMED_PATH.findall(path.read_text(encoding="utf-8")):
        name = name.rstrip(".")
        exists = any(ROOT.glob(name)) if "*" in name else (ROOT / name).exists()
        if not exists:
            missing.append(name)
    assert not missing, f"{path.relative_to(ROOT)} names missing paths: {missing}"
