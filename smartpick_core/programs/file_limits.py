"""How large a program file the command line reads: a documented default that a flag or the environment moves.

    max_file_bytes(None, {})                              -> 200 MB (MAX_PROGRAM_FILE_BYTES)
    max_file_bytes(None, {"SMARTPICK_MAX_FILE_MB": "500"}) -> 500 MB
    max_file_bytes("50", {"SMARTPICK_MAX_FILE_MB": "500"}) -> 50 MB: the flag wins over the environment
    max_file_bytes("abc", {})                             -> ProgramDataError naming --max-file-mb and 1-2048

Why a default at all: reads are bounded so that /dev/zero, a pipe or a mistaken 10 GB file stops with one line
instead of filling memory. Why it moves: a national table with evidence quotes passes any fixed number, and a
shared server may want less. One rule for `--programs` and `--national-programs` (docs/performance.md,
"A national table through the CLI"); the Data page's upload keeps its own lower limit
(facts.national_import.MAX_NATIONAL_PAGE_BYTES), which neither the flag nor the environment touches.
"""

from __future__ import annotations

import re
from typing import Mapping

from ..text import ERROR_VALUE_LIMIT, quote
from .table import MAX_PROGRAM_FILE_BYTES, ProgramDataError

MEGABYTE = 1024 * 1024
MAX_FILE_MB_FLAG = "--max-file-mb"
MAX_FILE_MB_ENV = "SMARTPICK_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = MAX_PROGRAM_FILE_BYTES // MEGABYTE
MAX_FILE_MB_RANGE = (1, 2048)      # 2 GB: past that the read itself needs several times the file's size in memory
_WHOLE = re.compile(r"[0-9]{1,9}", re.ASCII)


def allowed_words() -> str:
    """The rule in words, for --help and for every message about a bad value."""
    low, high = MAX_FILE_MB_RANGE
    return f"a whole number of megabytes from {low} to {high} (default {DEFAULT_MAX_FILE_MB})"


def parse_max_file_mb(text: str, source: str) -> int:
    """A limit in megabytes from the flag or the environment, or ProgramDataError naming where it came from."""
    low, high = MAX_FILE_MB_RANGE
    value = text.strip(" ") if isinstance(text, str) else ""
    if not _WHOLE.fullmatch(value) or not low <= int(value) <= high:
        raise ProgramDataError(f"{source}: {quote(text, ERROR_VALUE_LIMIT)} is not allowed; the program-file "
                               f"limit ({MAX_FILE_MB_FLAG} or {MAX_FILE_MB_ENV}) is {allowed_words()}")
    return int(value)


def max_file_bytes(flag: str | None, environ: Mapping[str, str], default: int = MAX_PROGRAM_FILE_BYTES) -> int:
    """The limit in bytes: the flag if given, else the environment variable if set (and not blank), else default."""
    if flag is not None:
        return parse_max_file_mb(flag, MAX_FILE_MB_FLAG) * MEGABYTE
    configured = environ.get(MAX_FILE_MB_ENV, "")
    if configured.strip():
        return parse_max_file_mb(configured, MAX_FILE_MB_ENV) * MEGABYTE
    return default
