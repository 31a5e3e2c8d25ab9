"""Program facts recorded by advisors: the records, the rules a value must meet, imports with a diff, the
overlay that puts recorded facts over the bundled table, and the fact files advisors export and import.

Sits between programs (the bundled table) and store (which saves these records). Heavy parts load on first use.
"""

from __future__ import annotations


from ..lazy import lazy_attributes
from .records import (
    FACT_FIELDS, MAX_NAME_CHARS, MAX_NOTE_CHARS, NEW_PROGRAM_FIELD, SOURCE_TYPES, FactError, FactRecord, ImportDiff,
    ImportRow, RowError,
)

_LAZY = {
    "diff_fact_import": "imports", "IMPORT_COLUMNS": "imports", "allowed_text": "rules", "check_fact_value": "rules",
    "apply_recorded_facts": "overlay", "load_programs_with_facts": "overlay",
}

__all__ = [
    "FACT_FIELDS",
    "FactError",
    "FactRecord",
    "IMPORT_COLUMNS",
    "ImportDiff",
    "ImportRow",
    "MAX_NAME_CHARS",
    "MAX_NOTE_CHARS",
    "NEW_PROGRAM_FIELD",
    "RowError",
    "SOURCE_TYPES",
    "allowed_text",
    "apply_recorded_facts",
    "check_fact_value",
    "diff_fact_import",
    "load_programs_with_facts",
]


__getattr__ = lazy_attributes(__name__, _LAZY, globals())   # The rules, imports and overlay imported on first use (PEP 562).
