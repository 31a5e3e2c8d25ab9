"""Advisor sign-in for the shared workspace: argon2id hashes from argon2-cffi (no hand-written crypto).

Shared mode is on when SMARTPICK_AUTH=on (or 1/true/yes), when the database has advisor accounts
(`python -m smartpick_core users add NAME`), or when a user file is configured (SMARTPICK_USERS_FILE: one
`name:argon2-hash` per line, `#` comments; `users add NAME --file FILE` writes it); otherwise the app is
single-user on localhost and every student belongs to the owner "local". Accounts in the database win
over a file entry of the same name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()   # argon2id with the library's current RFC 9106 defaults
_DUMMY_HASH = _HASHER.hash("smartpick-no-such-user")   # unknown names cost the same time as wrong passwords


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(hashed: str | None, password: object) -> bool:
    """True only for the right password; a missing user or a malformed hash is simply False."""
    if not isinstance(password, str):
        return False
    try:
        return _HASHER.verify(hashed or _DUMMY_HASH, password) and hashed is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


MAX_USERS_FILE_BYTES = 1024 * 1024


def users_file(environ: Mapping[str, str] | None = None) -> Path | None:
    env = os.environ if environ is None else environ
    configured = (env.get("SMARTPICK_USERS_FILE") or "").strip()
    return Path(configured).expanduser() if configured else None


def read_users_file(path: Path | None) -> dict[str, str]:
    """name -> argon2 hash from a user file; a missing or unreadable file has no users (sign-in still required)."""
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_USERS_FILE_BYTES + 1)[:MAX_USERS_FILE_BYTES]
    except OSError:
        return {}
    users = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        name, sep, hashed = line.strip().rpartition(":$argon2")
        if sep and name and not line.lstrip().startswith("#"):
            users[name.strip()] = "$argon2" + hashed.strip()
    return users


def write_users_file(path: Path, name: str, hashed: str) -> None:
    """Add or replace one `name:hash` line (owner-only permissions, written atomically)."""
    import tempfile
    kept = [line for line in (path.read_text(encoding="utf-8").splitlines() if path.exists() else [])
            if line.strip().rpartition(":$argon2")[0].strip() != name]
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".smartpick-users-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("\n".join([*kept, f"{name}:{hashed}"]) + "\n")
    os.chmod(temp, 0o600)
    os.replace(temp, path)


def auth_required(has_users: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """Shared mode: SMARTPICK_AUTH=on, advisor accounts in the database, or a configured user file."""
    env = os.environ if environ is None else environ
    flag = (env.get("SMARTPICK_AUTH") or "").strip().lower()
    return flag in ("on", "1", "true", "yes") or has_users or users_file(env) is not None
