"""The rows the store returns, as typed dictionaries: JSON-ready values (times in ISO 8601 with their zone)."""

from __future__ import annotations

from typing import Any, TypedDict


class UserRow(TypedDict):
    """An account."""

    id: int
    name: str
    role: str
    password_hash: str | None
    disabled: bool
    created: str


class AuditRow(TypedDict):
    """One line of the audit trail: who did what to what, when."""

    id: int
    at: str
    actor: str
    action: str
    target: str
    detail: Any


class DocumentRow(TypedDict):
    """An article under review, with its flags."""

    id: int
    title: str
    text: str
    flags: Any
    created: str
    created_by: str | None


class DecisionRow(TypedDict):
    """An editor's decision on one flag."""

    id: int
    document_id: int
    flag_index: int
    start: int
    end: int
    flag_text: str
    check_name: str
    action: str
    replacement: str | None
    created: str
    decided_by: str | None


class SentenceEditRow(TypedDict):
    """An English sentence edited or confirmed by an editor."""

    id: int
    document_id: int
    source: str
    english: str
    confirmed: bool
    created: str
    edited_by: str | None


class MemoryRow(TypedDict):
    """A translation-memory entry, proposed or approved."""

    id: int
    source: str
    english: str
    origin: str
    document_id: int | None
    created: str
    created_by: str | None
    note: str | None
    author: str | None
    authored: str | None
    status: str
    reviewed_by: str | None
    reviewed: str | None


class TermRow(TypedDict):
    """A glossary term, proposed or approved."""

    id: int
    german: str
    english: str
    plural: str
    note: str
    status: str
    created: str
    proposed_by: str | None
    reviewed_by: str | None
    reviewed: str | None


class RuleRow(TypedDict):
    """A learned rule (a replacement or a suppression), proposed or approved."""

    id: int
    kind: str
    text: str
    check_name: str
    replacement: str | None
    decision_id: int | None
    created: str
    status: str
    proposed_by: str | None
    reviewed_by: str | None
    reviewed: str | None


class JobRow(TypedDict):
    """A batch translation job and its results."""

    id: str
    status: str
    request: Any
    done: int
    total: int
    results: Any
    error: str | None
    created: str
    submitted_by: str | None


class UserListing(TypedDict):
    """An account as ``mt users list`` shows it: no hashes, its number of API keys."""

    name: str
    role: str
    disabled: bool
    created: str
    keys: int


class Credentials(TypedDict):
    """What signing in with an API key or a session checks: the secret's hash (or the session's CSRF token and
    expiry) and its account."""

    name: str
    role: str
    disabled: bool


class KeyOwner(Credentials):
    secret_hash: str


class SessionOwner(Credentials):
    csrf: str
    expires: str
