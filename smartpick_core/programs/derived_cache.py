"""A disk cache for data derived from files, keyed by the source's content, so a fresh process starts fast.

Why: a one-shot command (`python -m smartpick_core score`) pays for validating the program table with
pandera (~0.5 s) and for parsing GeoNames' 16 MB city file (~0.4 s) every time, more than the scoring
itself (a single score under 1 s). Both results depend only on their source files, so they
are kept under a key made from those files' bytes (or size and time for a library's own data file);
a changed source is a new key, so a stale result can never be read.

Safety: the cache is an optimisation only. Any failure (no permission, a truncated or foreign file,
a disk full) falls back to deriving the value afresh; writes go to a temporary file renamed into place.
Location: $SMARTPICK_CACHE_DIR, else $XDG_CACHE_HOME/smartpick, else ~/.cache/smartpick;
SMARTPICK_CACHE_DIR=off turns it off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
CACHE_ENV = "SMARTPICK_CACHE_DIR"
FORMAT_VERSION = "1"      # bump when a cached format changes


def cache_dir() -> Path | None:
    """Where derived files live, or None when caching is off."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "smartpick"


def content_key(*parts: bytes | str) -> str:
    """A short hex key over the given bytes and strings (the source files' content, a format version)."""
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:32]


def file_stamp(paths: Iterable[Path]) -> str:
    """Size and modification time of each file: a cheap key for a library's large read-only data file."""
    stamps = []
    for path in paths:
        stat = path.stat()
        stamps.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(stamps)


def cached(name: str, key: str, derive: Callable[[], T], write: Callable[[T, Path], None],
           read: Callable[[Path], T]) -> T:
    """read(cached file) when one exists for this key; else derive(), write it atomically, return it."""
    folder = cache_dir()
    if folder is None:
        return derive()
    path = folder / f"{name}-{key}"
    if path.is_file():
        try:
            return read(path)
        except Exception:        # a damaged or foreign file: derive afresh (and overwrite it below)
            pass
    value = derive()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        os.close(handle)
        try:
            write(value, Path(temporary))
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except Exception:            # read-only home, disk full...: the value is still right, only not kept
        pass
    return value
