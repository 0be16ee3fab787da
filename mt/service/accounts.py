"""Accounts, roles, passwords and API keys.

Three roles, each allowed what the one below may do and more: an *editor* adds documents, decides on
flags (which proposes rules) and translates; a *reviewer* also approves or declines proposed rules and
withdraws rules; an *admin* also manages accounts and reads the audit trail.

Passwords and API keys are stored as argon2id hashes (``pwdlib``). An API key reads
``mt_<prefix>_<secret>``: the prefix finds the key's row, the secret is checked against its hash. A
key that verified once is remembered (by a SHA-256 of the secret, in memory) so that a program's
every request does not pay argon2's deliberate 0.1–0.2 s again; whether the account is still enabled
is read from the database on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from pwdlib import PasswordHash

from mt.errors import MtError

ROLES = ("editor", "reviewer", "admin")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9._-]{0,63}")
MIN_PASSWORD_CHARS = 10
MIN_PASSWORD_SCORE = 3  # zxcvbn's "safely unguessable" (of 0-4): 10^8 guesses or more
LOCAL_USER = "local"  # the account of the one-time token printed by a local `mt serve`

_hasher = PasswordHash.recommended()  # argon2id with the library's current parameters


class AccountError(MtError, ValueError):
    """A user name, role, password or key that cannot be used; the message says why."""


@dataclass(frozen=True)
class Principal:
    """Who is making a request, with which role, and how they proved it (``session``, ``key`` or ``token``)."""

    name: str
    role: str
    via: str
    csrf: str | None = None  # the session's CSRF token (pages only)

    def may(self, role: str) -> bool:
        """Whether this principal has ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise AccountError(
            f"user name {name!r}: 1 to 64 characters, lower-case letters, digits, '.', '_' or '-', starting with a letter"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role


def check_password(password: str, name: str = "") -> str:
    """``password`` if it is one an attacker's list would not hold: at least :data:`MIN_PASSWORD_CHARS`
    characters, not digits only, and hard to guess by ``zxcvbn``'s estimate (its lists of common passwords,
    names and words; keyboard patterns, repeats, dates, and the user's own name), score
    :data:`MIN_PASSWORD_SCORE` of 4 or more. Else an :class:`AccountError` that says why."""
    from zxcvbn import zxcvbn

    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    if password.strip().isdigit() or not password.strip():
        raise AccountError("a password of digits or spaces only is guessed at once: use words")
    verdict = zxcvbn(password[:100], user_inputs=[name, *name.replace(".", " ").replace("_", " ").split()])
    if verdict["score"] < MIN_PASSWORD_SCORE:
        feedback = verdict["feedback"]
        why = feedback.get("warning") or "it is easy to guess"
        hint = " ".join(feedback.get("suggestions") or ["Use a few unusual words."])
        raise AccountError(f"this password is too easy to guess: {why.rstrip('.')}. {hint}")
    return password


def hash_password(password: str, name: str = "") -> str:
    """The argon2id hash of a password that :func:`check_password` accepts."""
    return _hasher.hash(check_password(password, name))


def verify_password(password: str, stored_hash: str | None) -> bool:
    if stored_hash is None:
        _hasher.hash(password)  # as slow as a real check: timing does not tell which accounts have a password
        return False
    return _hasher.verify(password, stored_hash)


def new_api_key() -> tuple[str, str, str]:
    """A fresh key: (the whole key to hand out once, its prefix, the hash to store)."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return f"mt_{prefix}_{secret}", prefix, _hasher.hash(secret)


def split_api_key(key: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed key, else None."""
    match = re.fullmatch(r"mt_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})", key)
    return (match.group(1), match.group(2)) if match else None


def digest(secret: str) -> str:
    """SHA-256 of a random, high-entropy secret (session tokens; the verified-key memory)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class VerifiedKeys:
    """Which key secrets verified against their argon2 hash already (bounded, least recently used goes)."""

    def __init__(self, size: int = 4096) -> None:
        self._known: OrderedDict[str, str] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def known(self, prefix: str, secret: str) -> bool:
        """Whether this secret verified before (no argon2 work)."""
        with self._lock:
            if prefix in self._known and same(self._known[prefix], digest(secret)):
                self._known.move_to_end(prefix)
                return True
        return False

    def verify(self, prefix: str, secret: str, stored_hash: str) -> bool:
        """Check the secret against its argon2 hash (slow on purpose) and remember it if right."""
        if not _hasher.verify(secret, stored_hash):
            return False
        with self._lock:
            self._known[prefix] = digest(secret)
            if len(self._known) > self._size:
                self._known.popitem(last=False)
        return True
