"""What the review service remembers: documents, editors' decisions, learned rules, batch jobs.

SQLite by default (one file, no set-up) or any SQLAlchemy URL. A database that exists but is
broken or belongs to something else is reported, never silently recreated.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (
    JSON, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text, create_engine, inspect, text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from mt.errors import MtError

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("text", Text, nullable=False),
    Column("flags", JSON, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
)
decisions = Table(
    "decisions", metadata,
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
)
rules = Table(
    "rules", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),  # "replace" (from accepted/edited flags) or "suppress" (rejected)
    Column("text", Text, nullable=False),
    Column("check_name", String(100), nullable=False),
    Column("replacement", Text),
    Column("decision_id", Integer, ForeignKey("decisions.id")),
    Column("created", DateTime(timezone=True), nullable=False),
)
jobs = Table(
    "jobs", metadata,
    Column("id", String(32), primary_key=True),
    Column("status", String(10), nullable=False),  # queued, running, done, failed
    Column("request", JSON, nullable=False),
    Column("done", Integer, nullable=False, default=0),
    Column("total", Integer, nullable=False),
    Column("results", JSON),
    Column("error", Text),
    Column("created", DateTime(timezone=True), nullable=False),
)


class StoreError(MtError, RuntimeError):
    """The database cannot be used; the message says why."""


def now() -> datetime:
    return datetime.now(timezone.utc)


def open_store(url: str) -> Engine:
    """Connect, create the tables in a new database, and refuse a broken or foreign one."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if path.exists() and path.stat().st_size > 0 and path.read_bytes()[:16] != b"SQLite format 3\x00":
            raise StoreError(f"{path} exists but is not an SQLite database; move it away or choose another --db")
    try:
        engine = create_engine(url, future=True)
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                result = connection.execute(text("PRAGMA integrity_check")).scalar()
                if result != "ok":
                    raise StoreError(f"database {url} is damaged (integrity check: {result})")
        existing = set(inspect(engine).get_table_names())
    except SQLAlchemyError as err:
        raise StoreError(f"cannot open database {url}: {err.__class__.__name__}: {err.args[0] if err.args else err}") from None
    ours = set(metadata.tables)
    if existing and not ours <= existing and existing - ours:
        raise StoreError(f"database {url} holds other tables ({', '.join(sorted(existing))}); choose another --db")
    if existing and existing & ours != ours and existing & ours:
        raise StoreError(f"database {url} is missing tables ({', '.join(sorted(ours - existing))}): half-written?")
    metadata.create_all(engine)
    return engine


def row_dict(row) -> dict:
    out = dict(row._mapping)
    for key, value in out.items():
        if isinstance(value, datetime):
            out[key] = value.isoformat()
    return out
