"""Accounts, API tokens, the login throttle and the page's forgery token.

Passwords are hashed with Argon2id (memory-hard: 64 MiB and a few passes per guess, argon2-cffi's
defaults), so a stolen database costs an attacker dearly per guess. API tokens are 32 random
bytes; only their SHA-256 is stored (a random token needs no slow hash: nobody can guess it), so
the database never holds a working credential. ``users token`` makes a new one each time and the
earlier ones keep working until ``users remove``.

After ``FREE_FAILURES`` failed logins for one name from one address, each further attempt must
wait ``2 ** (failures - FREE_FAILURES)`` seconds (at most ``MAX_WAIT``) after the last failure;
earlier attempts are refused without even checking the password. A success clears the count.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from scheduler.web.store import Store

FREE_FAILURES = 3
MAX_WAIT = 300.0
NAME_CHARS = 64

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(store: Store, name: str, password: str) -> bool:
    stored = store.password_hash(name)
    if stored is None:
        _hasher.hash(password)  # as slow as a real check, so a name cannot be probed by timing
        return False
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(stored):
        store.set_password(name, _hasher.hash(password))
    return True


def valid_name(name: str) -> bool:
    """An account name: 1-64 visible characters, no spaces (Chinese names are fine)."""
    return 0 < len(name) <= NAME_CHARS and name.isprintable() and not any(c.isspace() for c in name)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(store: Store, name: str) -> str:
    token = secrets.token_urlsafe(32)
    store.add_token(name, token_hash(token))
    return token


def token_user(store: Store, token: str) -> str | None:
    return store.token_user(token_hash(token)) if token else None


def wait_seconds(store: Store, name: str, ip: str) -> float:
    """How long this name from this address must still wait before it may try again."""
    count, last = store.failures(_key(name, ip))
    if count < FREE_FAILURES:
        return 0.0
    wait = min(2.0 ** (count - FREE_FAILURES), MAX_WAIT)
    return max(0.0, last + wait - time.time())


def record_login(store: Store, name: str, ip: str, ok: bool) -> None:
    if ok:
        store.forget_failures(_key(name, ip))
    else:
        store.fail(_key(name, ip))


def _key(name: str, ip: str) -> str:
    return f"{name}\n{ip}"


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens, False when either is missing."""
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


def session_secret(store: Store) -> str:
    """The key that signs session cookies: made once, kept in the data directory (mode 600)."""
    path = store.root / "session.key"
    if not path.exists():
        secret = secrets.token_hex(32)
        with open(path, "x", opener=lambda name, flags: os.open(name, flags, 0o600)) as handle:
            handle.write(secret)
    return path.read_text().strip()
