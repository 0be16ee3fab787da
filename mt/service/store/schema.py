"""The tables of the review service's database."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()

NAME = String(64)  # a user name, also in the columns that say who did something

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", NAME, nullable=False, unique=True),
    Column("role", String(10), nullable=False),  # editor, reviewer, admin
    Column("password_hash", Text),  # None: no password login (an account for programs, with API keys)
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("prefix", String(32), nullable=False, unique=True),  # the public part of a key, to find its row
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("secret_hash", Text, nullable=False),
    Column("label", String(100), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)
sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", NAME, nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(100), nullable=False),
    Column("detail", JSON, nullable=False),
    sqlite_autoincrement=True,
)
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("text", Text, nullable=False),
    Column("flags", JSON, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("created_by", NAME),
    sqlite_autoincrement=True,  # ids are never reused after a delete
)
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("flag_index", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("flag_text", Text, nullable=False),
    Column("check_name", String(100), nullable=False),
    Column("action", String(10), nullable=False),  # accept, edit, reject
    Column("replacement", Text),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("decided_by", NAME),
    sqlite_autoincrement=True,
)
sentence_edits = Table(
    "sentence_edits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("source", Text, nullable=False),  # the German sentence: an edit follows it through re-translations
    Column("english", Text, nullable=False),
    Column("confirmed", Boolean, nullable=False, server_default="0"),  # the machine's English, confirmed as it is
    Column("created", DateTime(timezone=True), nullable=False),
    Column("edited_by", NAME),
    sqlite_autoincrement=True,
)
rules = Table(
    "rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),  # "replace" (from accepted/edited flags) or "suppress" (rejected)
    Column("text", Text, nullable=False),
    Column("check_name", String(100), nullable=False),
    Column("replacement", Text),
    Column("decision_id", Integer, ForeignKey("decisions.id")),
    Column("created", DateTime(timezone=True), nullable=False),
    # proposed (by a decision) → approved or declined (by a reviewer); superseded by a newer rule on the
    # same text and check; withdrawn (undone). Rules of an older mt without review arrive as proposed.
    Column("status", String(12), nullable=False, server_default="proposed"),
    Column("proposed_by", NAME),
    Column("reviewed_by", NAME),
    Column("reviewed", DateTime(timezone=True)),
    sqlite_autoincrement=True,  # a stale Undo can never touch a newer rule that took a freed id
)
RULE_STATES = ("proposed", "approved", "declined", "superseded", "withdrawn")
terms = Table(
    "terms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("german", String(100), nullable=False),
    Column("english", String(200), nullable=False),
    Column("plural", String(200), nullable=False),
    Column("note", String(300), nullable=False),
    Column("status", String(12), nullable=False),  # as a rule's: proposed → approved or declined, ...
    Column("created", DateTime(timezone=True), nullable=False),
    Column("proposed_by", NAME),
    Column("reviewed_by", NAME),
    Column("reviewed", DateTime(timezone=True)),
    sqlite_autoincrement=True,
)
memory = Table(
    "memory",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False),  # a German sentence
    Column("english", Text, nullable=False),  # its approved English (the newest entry for a sentence counts)
    Column("origin", String(10), nullable=False),  # edit, confirm (an editor's), import (a TMX, XLIFF or PO)
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("created_by", NAME),
    Column("note", Text),  # the imported file's note on the unit
    # who wrote the translation and when, as the imported file says (TMX creationid, creationdate); an
    # export gives them back as they came
    Column("author", NAME),
    Column("authored", DateTime(timezone=True)),
    # as a rule's: an editor's entry is proposed, and reaches translations once a reviewer approves it;
    # an import by the database's administrator is approved at once. Entries of an older mt arrive proposed.
    Column("status", String(12), nullable=False, server_default="proposed"),
    Column("reviewed_by", NAME),
    Column("reviewed", DateTime(timezone=True)),
    sqlite_autoincrement=True,
)
jobs = Table(
    "jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("status", String(10), nullable=False),  # queued, running, done, failed
    Column("request", JSON, nullable=False),
    Column("done", Integer, nullable=False, default=0),
    Column("total", Integer, nullable=False),
    Column("results", JSON),
    Column("error", Text),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("submitted_by", NAME),
)
