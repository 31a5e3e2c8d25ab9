"""Advisor sign-in for the shared workspace: argon2id hashes from argon2-cffi (no hand-written crypto).

Shared mode is on when SMARTPICK_AUTH=on (or 1/true/yes), when the database has advisor accounts
(`python -m smartpick_core users add NAME`), or when a user file is configured (SMARTPICK_USERS_FILE: one
`name:argon2-hash` per line, `#` comments; `users add NAME --file FILE` writes it); otherwise the app is
single-user on localhost and every student belongs to the owner "local". Accounts in the database win
over a file entry of the same name.

Fail closed: `users add` also leaves the file `auth-required` in the data folder (auth_marker_path), outside
the database, so a database that cannot be read does not silently turn a shared server into a single-user
one (sign_in_required). Sessions are HMAC-signed, expiring tokens (issue_token / read_token) carrying the
account's session epoch: a password reset, a lock or a sign-out bumps the epoch, which ends every token
issued before (sign-out ends all of the account's sessions, in every browser; one simple rule).
Guessing is bounded by the store (Store.check_sign_in: per-account and per-client delays) and here by a
per-process budget of argon2 verifications (HASHES_PER_SECOND).
"""

from __future__ import annotations

import base64
import collections
import datetime as _dt
import hashlib
import hmac
import math
import os
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()   # argon2id with the library's current RFC 9106 defaults
_DUMMY_HASH: str | None = None   # unknown names cost the same time as wrong passwords; made on first use, not at
                                 # import (~0.3 s of every start, app and command line alike)


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _HASHER.hash("smartpick-no-such-user")
    return _DUMMY_HASH


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(hashed: str | None, password: object) -> bool:
    """True only for the right password; a missing user or a malformed hash is simply False."""
    if not isinstance(password, str):
        return False
    try:
        return _HASHER.verify(hashed or _dummy_hash(), password) and hashed is not None
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
    """Shared mode: SMARTPICK_AUTH=on, advisor accounts in the database, a configured user file or the marker."""
    return sign_in_required(bool(has_users), environ)


# --- fail closed ---------------------------------------------------------------------------------------------
AUTH_MARKER_NAME = "auth-required"


def auth_marker_path(environ: Mapping[str, str] | None = None) -> Path:
    """The marker in this server's data folder (also with PostgreSQL: it is this server's configuration)."""
    from .database import data_dir
    return data_dir(environ) / AUTH_MARKER_NAME


def write_auth_marker(environ: Mapping[str, str] | None = None) -> Path:
    """Leave the marker `users add` writes; delete the file by hand to go back to single-user mode."""
    path = auth_marker_path(environ)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        with open(path, "x", encoding="utf-8") as out:
            out.write("Sign-in is required on this server (written by `python -m smartpick_core users add`).\n")
    except FileExistsError:
        pass
    return path


def sign_in_required(has_users: bool | None, environ: Mapping[str, str] | None = None) -> bool:
    """True when SMARTPICK_AUTH is on, a user file is configured, the marker exists, or has_users is True.

    has_users is None when the accounts could not be read (the store raised StoreError). If this still returns
    True, the caller must refuse to open the workspace - show the error, not the pages - instead of falling
    back to single-user mode: an unreadable database must never turn off sign-in (refuse_to_open says so).
    """
    env = os.environ if environ is None else environ
    flag = (env.get("SMARTPICK_AUTH") or "").strip().lower()
    return (flag in ("on", "1", "true", "yes") or has_users is True or users_file(env) is not None
            or auth_marker_path(env).exists())


def refuse_to_open(has_users: bool | None, environ: Mapping[str, str] | None = None) -> bool:
    """The accounts could not be read (None) but sign-in is required: open nothing."""
    return has_users is None and sign_in_required(None, environ)


# --- bounded guessing: the per-process budget of argon2 verifications ---------------------------------------
HASHES_PER_SECOND = 4          # argon2 verifications per rolling second per process (the rest are refused)
FREE_FAILURES = 5              # failures per account or client before each attempt must wait
FIRST_DELAY_S = 30             # the first wait; it doubles with each further failure ...
MAX_DELAY_S = 15 * 60          # ... up to this
FORGET_FAILURES_AFTER = _dt.timedelta(days=1)    # a count with no failure for this long starts again from zero


class HashBudget:
    """At most `per_second` verifications in any rolling second; take() is False (and nothing is hashed) beyond.
    Why: argon2 is slow on purpose, so unbounded sign-in attempts would let anyone use up the server's CPU."""

    def __init__(self, per_second: int = HASHES_PER_SECOND, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self.clock = clock
        self._recent: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            now = self.clock()
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.per_second:
                return False
            self._recent.append(now)
            return True


HASH_BUDGET = HashBudget()
BUSY_MESSAGE = "Too many sign-in attempts on this server right now: try again in a few seconds."


def failure_delay(failures: int) -> _dt.timedelta | None:
    """The wait after `failures` failures in a row: none up to FREE_FAILURES, then 30 s doubling to 15 minutes."""
    if failures < FREE_FAILURES:
        return None
    return _dt.timedelta(seconds=min(FIRST_DELAY_S * 2 ** min(failures - FREE_FAILURES, 20), MAX_DELAY_S))


def utc(moment: _dt.datetime | None = None) -> _dt.datetime:
    """A UTC time without a zone (as the store keeps times); a naive `moment` is taken as UTC already."""
    if moment is None:
        return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
    return moment.astimezone(_dt.timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def retry_message(retry_at: _dt.datetime, now: _dt.datetime) -> str:
    """"Too many attempts: try again after 14:32 (in 4 minutes)." The time is this server's local clock,
    rounded up to the minute, so trying at the time shown always works."""
    retry, now = utc(retry_at), utc(now)
    shown = retry if retry.second == 0 and retry.microsecond == 0 else (
        retry.replace(second=0, microsecond=0) + _dt.timedelta(minutes=1))
    minutes = max(1, math.ceil((retry - now).total_seconds() / 60))
    local = shown.replace(tzinfo=_dt.timezone.utc).astimezone()
    return (f"Too many attempts: try again after {local:%H:%M} (in {minutes} minute{'s' if minutes != 1 else ''}).")


# --- signed, expiring session tokens -------------------------------------------------------------------------
SECRET_FILE_NAME = "session-secret"
SECRET_BYTES = 32
MIN_SECRET_CHARS = 16
MAX_TOKEN_CHARS = 2048
_TOKEN_CONTEXT = b"smartpick-session-v1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, payload: str) -> bytes:
    return hmac.new(secret, _TOKEN_CONTEXT + b"|" + payload.encode("ascii"), hashlib.sha256).digest()


def _seconds(now: _dt.datetime | None) -> int:
    return int(utc(now).replace(tzinfo=_dt.timezone.utc).timestamp())


def issue_token(name: str, epoch: int, *, secret: bytes, ttl_s: int, now: _dt.datetime | None = None) -> str:
    """A cookie value naming the account until now + ttl_s: base64url(name)|epoch|expiry, then its HMAC-SHA256.
    No secret is inside; only who holds `secret` can make one, and nobody can stretch its expiry."""
    if not secret or ttl_s <= 0:
        raise ValueError("a session token needs a secret and a positive lifetime")
    payload = f"{_b64(name.encode('utf-8'))}|{int(epoch)}|{_seconds(now) + int(ttl_s)}"
    return f"{_b64(payload.encode('ascii'))}.{_b64(_mac(secret, payload))}"


def read_token(token: object, *, secret: bytes, now: _dt.datetime | None = None) -> tuple[str, int] | None:
    """(name, epoch) of a token this server signed that has not expired; None for anything else (tampered,
    another secret, expired, malformed). The caller still compares the epoch with Store.session_epoch(name)."""
    if not isinstance(token, str) or not secret or len(token) > MAX_TOKEN_CHARS or token.count(".") != 1:
        return None
    body, signature = token.split(".")
    try:
        payload = _unb64(body).decode("ascii")
        if not hmac.compare_digest(_unb64(signature), _mac(secret, payload)):
            return None
        name_part, epoch_text, expiry_text = payload.split("|")
        name, epoch, expiry = _unb64(name_part).decode("utf-8"), int(epoch_text), int(expiry_text)
    except (ValueError, UnicodeError):
        return None
    return (name, epoch) if _seconds(now) < expiry else None


def token_secret(environ: Mapping[str, str] | None = None) -> bytes:
    """SMARTPICK_SESSION_SECRET if set (every replica of a server must share it), else a random 32-byte secret
    made once in the data folder (file `session-secret`, mode 0600) and reused, so a restart keeps sessions.
    Replacing either ends every session. OSError / ValueError when it cannot be read or made."""
    env = os.environ if environ is None else environ
    given = (env.get("SMARTPICK_SESSION_SECRET") or "").strip()
    if given:
        if len(given) < MIN_SECRET_CHARS:
            raise ValueError(f"SMARTPICK_SESSION_SECRET is shorter than {MIN_SECRET_CHARS} characters; "
                             "use a long random value")
        return given.encode("utf-8")
    from .database import data_dir
    path = data_dir(env) / SECRET_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = _private_temp(path.parent)
        try:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(secrets.token_hex(SECRET_BYTES) + "\n")
            try:
                os.link(temp, path)          # appears whole or not at all; a concurrent first start keeps the winner's
            except FileExistsError:
                pass
            except OSError:                  # a file system without hard links: a plain rename
                os.replace(temp, path)
        finally:
            Path(temp).unlink(missing_ok=True)
    try:
        secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeError):
        secret = b""
    if len(secret) < SECRET_BYTES:
        raise ValueError("the session secret file in the data folder is damaged; delete it to make a new one "
                         "(every session ends)")
    return secret


def _private_temp(folder: Path) -> tuple[int, str]:
    import tempfile
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".smartpick-secret-")
    os.chmod(temp, 0o600)
    return handle, temp
