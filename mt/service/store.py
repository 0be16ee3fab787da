"""What the review service remembers: documents, editors' decisions, learned rules, batch jobs.

:class:`Store` owns every query and every transaction (a decision and the rule it teaches are
written together or not at all). SQLite by default (one file, no set-up) or any SQLAlchemy URL.
A database that exists but is broken or belongs to something else is reported, never silently
recreated.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from mt.errors import MtError

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("text", Text, nullable=False),
    Column("flags", JSON, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
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
    sqlite_autoincrement=True,  # a stale Undo can never delete a newer rule that took a freed id
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
)


class StoreError(MtError, RuntimeError):
    """The database cannot be used; the message says why."""


DatabaseError = SQLAlchemyError  # what a query raises when the database fails (locked, gone, …)


def now() -> datetime:
    return datetime.now(UTC)


def open_store(url: str) -> Engine:
    """Connect, create the tables in a new database, and refuse a broken or foreign one."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if path.exists() and path.stat().st_size > 0 and path.read_bytes()[:16] != b"SQLite format 3\x00":
            raise StoreError(f"{path} exists but is not an SQLite database; move it away or choose another --db")
    shown = redact(url)
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_settings)
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                result = connection.execute(text("PRAGMA integrity_check")).scalar()
                if result != "ok":
                    raise StoreError(f"database {shown} is damaged (integrity check: {result})")
        existing = set(inspect(engine).get_table_names())
    except SQLAlchemyError as err:
        detail = str(getattr(err, "orig", None) or err).splitlines()[0].replace(url, shown)
        raise StoreError(f"cannot open database {shown}: {err.__class__.__name__}: {detail}") from None
    ours = set(metadata.tables)
    if existing and not ours <= existing and existing - ours:
        raise StoreError(f"database {shown} holds other tables ({', '.join(sorted(existing))}); choose another --db")
    if existing and existing & ours != ours and existing & ours:
        raise StoreError(f"database {shown} is missing tables ({', '.join(sorted(ours - existing))}): half-written?")
    metadata.create_all(engine)
    return engine


SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_settings(connection: Any, record: Any) -> None:
    """Readers do not block the writer (WAL), and a locked database is waited for, not an error at once."""
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def redact(url: str) -> str:
    """The database URL without its password, for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unparsable database URL)"


def row_dict(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    for key, value in out.items():
        if isinstance(value, datetime):
            out[key] = value.isoformat()
    return out


class Store:
    """Every read and write of the service's database."""

    def __init__(self, url: str) -> None:
        self.engine = open_store(url)

    # -- documents and decisions -----------------------------------------------------------

    def add_document(self, title: str, text: str, flags: list[dict[str, Any]]) -> int:
        with self.engine.begin() as c:
            return _new_id(c.execute(insert(documents).values(title=title, text=text, flags=flags, created=now())))

    def document(self, doc_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as c:
            row = c.execute(select(documents).where(documents.c.id == doc_id)).first()
        return row_dict(row) if row is not None else None

    def documents(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [row_dict(r) for r in c.execute(select(documents).order_by(documents.c.id))]

    def decisions(self, doc_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [
                row_dict(r)
                for r in c.execute(select(decisions).where(decisions.c.document_id == doc_id).order_by(decisions.c.id))
            ]

    def decide(self, doc_id: int, flag_index: int, flag: dict[str, Any], action: str, replacement: str | None) -> int:
        """Record a decision and, in the same transaction, the rule it teaches.

        The latest decision on a text is the one that teaches: earlier rules for the same text and
        check go. A reject becomes a *suppress* rule; an accept or edit with a replacement a *replace* rule.
        """
        with self.engine.begin() as c:
            decision_id = _new_id(
                c.execute(
                    insert(decisions).values(
                        document_id=doc_id,
                        flag_index=flag_index,
                        start=flag["start"],
                        end=flag["end"],
                        flag_text=flag["text"],
                        check_name=flag["check"],
                        action=action,
                        replacement=replacement,
                        created=now(),
                    )
                )
            )
            c.execute(delete(rules).where(rules.c.text == flag["text"]).where(rules.c.check_name == flag["check"]))
            if action == "reject" or replacement is not None:
                c.execute(
                    insert(rules).values(
                        kind="suppress" if action == "reject" else "replace",
                        text=flag["text"],
                        check_name=flag["check"],
                        replacement=None if action == "reject" else replacement,
                        decision_id=decision_id,
                        created=now(),
                    )
                )
        return decision_id

    # -- learned rules ---------------------------------------------------------------------

    def rules(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            return [row_dict(r) for r in c.execute(select(rules).order_by(rules.c.id))]

    def delete_rule(self, rule_id: int) -> bool:
        with self.engine.begin() as c:
            return bool(c.execute(delete(rules).where(rules.c.id == rule_id)).rowcount)

    # -- batch jobs ------------------------------------------------------------------------

    def add_job(self, job_id: str, request: dict[str, Any], total: int) -> None:
        with self.engine.begin() as c:
            c.execute(
                insert(jobs).values(id=job_id, status="queued", request=request, done=0, total=total, created=now())
            )

    def job(self, job_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as c:
            row = c.execute(select(jobs).where(jobs.c.id == job_id)).first()
        return row_dict(row) if row is not None else None

    def requeue_running_jobs(self) -> None:
        """Jobs cut off by a restart go back to the queue; the documents they finished stay finished."""
        with self.engine.begin() as c:
            c.execute(update(jobs).where(jobs.c.status == "running").values(status="queued"))

    def next_queued_job(self) -> dict[str, Any] | None:
        with self.engine.connect() as c:
            row = c.execute(select(jobs).where(jobs.c.status == "queued").order_by(jobs.c.created)).first()
        return row_dict(row) if row is not None else None

    def update_job(self, job_id: str, **values: Any) -> None:
        with self.engine.begin() as c:
            c.execute(update(jobs).where(jobs.c.id == job_id).values(**values))


def _new_id(result: Any) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    assert key is not None, "the INSERT wrote no row"
    return int(key[0])
