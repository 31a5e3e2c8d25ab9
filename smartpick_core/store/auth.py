"""Advisor sign-in for the shared workspace: argon2id hashes from argon2-cffi (no hand-written crypto).

Shared mode is on when SMARTPICK_AUTH=on (or 1/true/yes) or when the database has advisor accounts
(`python -m smartpick_core users add NAME`); otherwise the app is single-user on localhost and every
student belongs to the owner "local".
"""

from __future__ import annotations

import os

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


def auth_required(has_users: bool = False, environ: dict | None = None) -> bool:
    """Shared mode: SMARTPICK_AUTH=on, or advisor accounts exist in the database."""
    env = os.environ if environ is None else environ
    flag = (env.get("SMARTPICK_AUTH") or "").strip().lower()
    if flag in ("off", "0", "false", "no"):
        return has_users
    return flag in ("on", "1", "true", "yes") or has_users
