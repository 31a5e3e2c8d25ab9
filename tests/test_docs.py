"""Documentation stays in step with the code: every setting and profile field is in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartpick_core import PROFILE_FIELDS, SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_every_model_setting_is_documented_in_the_readme_with_its_value(name):
    setting = next(s for s in SETTINGS if s.name == name)
    assert f"| `{name}` | {setting.value:g} |" in README


@pytest.mark.parametrize("field", PROFILE_FIELDS)
def test_every_profile_field_is_documented(field):
    assert f"| `{field}` |" in README


def test_every_setting_has_a_description_and_a_source():
    for s in SETTINGS:
        assert s.description.strip() and s.source.strip() and s.unit.strip(), s.name


def test_readme_opens_with_the_two_fresh_machine_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
