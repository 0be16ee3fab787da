"""What the review service remembers: accounts, documents, decisions, learned rules, glossary terms, the
translation memory, jobs, the audit trail.

:class:`Store` owns every query and every transaction: a change and its line in the audit trail (who,
what, when) are written together or not at all, and so are a decision and the rule it proposes.
SQLite by default (one file, no set-up) or any SQLAlchemy URL (PostgreSQL is tested). A database that
exists but is broken or belongs to something else is reported, never silently recreated; one written
by an older ``mt`` gets the new tables and columns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
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
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from mt.errors import MtError
from mt.formats.memoryfiles import MemoryEntry
from mt.service.rows import (
    AuditRow,
    DecisionRow,
    DocumentRow,
    JobRow,
    KeyOwner,
    MemoryRow,
    RuleRow,
    SentenceEditRow,
    SessionOwner,
    TermRow,
    UserListing,
    UserRow,
)
from mt.translate.memory import normalise

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


class StoreError(MtError, RuntimeError):
    """The database cannot be used; the message says why."""


class SelfReview(StoreError):
    """A reviewer's approval of their own proposal, which four eyes forbid."""


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
    if existing - ours:
        raise StoreError(f"database {shown} holds other tables ({', '.join(sorted(existing))}); choose another --db")
    metadata.create_all(engine)  # the tables a new database, or one of an older mt, lacks
    _add_missing_columns(engine, existing)
    return engine


def _add_missing_columns(engine: Engine, existing: set[str]) -> None:
    """Columns added since the database was made (all may be empty, or have a default) are added to it."""
    inspector = inspect(engine)
    with engine.begin() as c:
        for name in sorted(existing):
            have = {col["name"] for col in inspector.get_columns(name)}
            for column in metadata.tables[name].columns:
                if column.name in have:
                    continue
                kind = column.type.compile(engine.dialect)
                default = f" DEFAULT '{column.server_default.arg}'" if column.server_default is not None else ""  # type: ignore[attr-defined]
                c.execute(text(f'ALTER TABLE {name} ADD COLUMN "{column.name}" {kind}{default}'))


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


def _utc(when: datetime | None) -> datetime | None:
    """A time read back from the database with its zone (SQLite forgets it: all are UTC)."""
    return when.replace(tzinfo=UTC) if when is not None and when.tzinfo is None else when


def row_dict(row: Any) -> dict[str, Any]:
    """A row as JSON-ready values; times in ISO 8601 with their zone (SQLite forgets it: all are UTC)."""
    out = dict(row._mapping)
    for key, value in out.items():
        if isinstance(value, datetime):
            out[key] = (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return out


class Store:
    """Every read and write of the service's database; every change names its ``actor`` for the audit trail."""

    def __init__(self, url: str) -> None:
        self.engine = open_store(url)

    # -- accounts --------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password_hash: str | None, actor: str) -> int:
        with self.engine.begin() as c:
            if c.execute(select(users.c.id).where(users.c.name == name)).first() is not None:
                raise StoreError(f"there is already a user {name!r}")
            user_id = _insert(
                c, users, name=name, role=role, password_hash=password_hash, disabled=False, created=now()
            )
            _audit(c, actor, "user.add", f"user {name}", role=role, password=password_hash is not None)
        return user_id

    def user(self, name: str) -> UserRow | None:
        with self.engine.connect() as c:
            row = c.execute(select(users).where(users.c.name == name)).first()
        return cast(UserRow, row_dict(row)) if row is not None else None

    def users(self) -> list[UserListing]:
        """Every account with its number of API keys (no hashes)."""
        keys = select(func.count()).where(api_keys.c.user_id == users.c.id).scalar_subquery()
        query = select(users.c.name, users.c.role, users.c.disabled, users.c.created, keys.label("keys"))
        with self.engine.connect() as c:
            return [cast(UserListing, row_dict(r)) for r in c.execute(query.order_by(users.c.id))]

    def has_users(self) -> bool:
        with self.engine.connect() as c:
            return c.execute(select(users.c.id).where(users.c.disabled.is_(False)).limit(1)).first() is not None

    def set_disabled(self, name: str, disabled: bool, actor: str) -> None:
        """Disable (or enable again) an account: its password, keys and sessions stop working at once."""
        with self.engine.begin() as c:
            found = c.execute(update(users).where(users.c.name == name).values(disabled=disabled)).rowcount
            if not found:
                raise StoreError(f"there is no user {name!r}")
            if disabled:
                user_id = select(users.c.id).where(users.c.name == name).scalar_subquery()
                c.execute(delete(sessions).where(sessions.c.user_id == user_id))
            _audit(c, actor, "user.disable" if disabled else "user.enable", f"user {name}")

    def add_api_key(self, name: str, prefix: str, secret_hash: str, label: str, actor: str) -> None:
        with self.engine.begin() as c:
            user_id = c.execute(select(users.c.id).where(users.c.name == name)).scalar()
            if user_id is None:
                raise StoreError(f"there is no user {name!r}")
            c.execute(
                insert(api_keys).values(
                    prefix=prefix, user_id=user_id, secret_hash=secret_hash, label=label, created=now()
                )
            )
            _audit(c, actor, "key.add", f"user {name}", prefix=prefix, label=label)

    def api_key(self, prefix: str) -> KeyOwner | None:
        """The key with this prefix and its user's name, role and state."""
        query = (
            select(api_keys.c.secret_hash, users.c.name, users.c.role, users.c.disabled)
            .join(users, users.c.id == api_keys.c.user_id)
            .where(api_keys.c.prefix == prefix)
        )
        with self.engine.connect() as c:
            row = c.execute(query).first()
        return cast(KeyOwner, row_dict(row)) if row is not None else None

    def add_session(self, name: str, token_hash: str, csrf: str, expires: datetime) -> None:
        with self.engine.begin() as c:
            user_id = c.execute(select(users.c.id).where(users.c.name == name)).scalar_one()
            c.execute(delete(sessions).where(sessions.c.expires < now()))  # expired sessions go as new ones come
            c.execute(
                insert(sessions).values(
                    token_hash=token_hash, user_id=user_id, csrf=csrf, created=now(), expires=expires
                )
            )
            _audit(c, name, "login", f"user {name}")

    def session(self, token_hash: str) -> SessionOwner | None:
        """An unexpired session with its user's name, role and state."""
        query = (
            select(sessions.c.csrf, sessions.c.expires, users.c.name, users.c.role, users.c.disabled)
            .join(users, users.c.id == sessions.c.user_id)
            .where(sessions.c.token_hash == token_hash)
        )
        with self.engine.connect() as c:
            row = c.execute(query).first()
        if row is None:
            return None
        found = cast(SessionOwner, row_dict(row))
        return found if datetime.fromisoformat(found["expires"]) > now() else None

    def end_session(self, token_hash: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    # -- the audit trail ---------------------------------------------------------------------

    def record(self, actor: str, action: str, target: str, **detail: Any) -> None:
        """An audit line for something that changes nothing in the database (a refused login, say)."""
        with self.engine.begin() as c:
            _audit(c, actor, action, target, **detail)

    def history(self, limit: int = 100, actor: str | None = None) -> list[AuditRow]:
        """The newest ``limit`` lines of the audit trail, newest first; only ``actor``'s if given."""
        query = select(audit).order_by(audit.c.id.desc()).limit(limit)
        if actor is not None:
            query = query.where(audit.c.actor == actor)
        with self.engine.connect() as c:
            return [cast(AuditRow, row_dict(r)) for r in c.execute(query)]

    # -- documents and decisions -----------------------------------------------------------

    def add_document(self, title: str, text: str, flags: list[dict[str, Any]], actor: str) -> int:
        with self.engine.begin() as c:
            doc_id = _insert(c, documents, title=title, text=text, flags=flags, created=now(), created_by=actor)
            _audit(c, actor, "document.add", f"document {doc_id}", title=title, chars=len(text), flags=len(flags))
        return doc_id

    def document(self, doc_id: int) -> DocumentRow | None:
        with self.engine.connect() as c:
            row = c.execute(select(documents).where(documents.c.id == doc_id)).first()
        return cast(DocumentRow, row_dict(row)) if row is not None else None

    def documents(self) -> list[DocumentRow]:
        with self.engine.connect() as c:
            return [cast(DocumentRow, row_dict(r)) for r in c.execute(select(documents).order_by(documents.c.id))]

    def decisions(self, doc_id: int) -> list[DecisionRow]:
        with self.engine.connect() as c:
            return [
                cast(DecisionRow, row_dict(r))
                for r in c.execute(select(decisions).where(decisions.c.document_id == doc_id).order_by(decisions.c.id))
            ]

    def decide(
        self, doc_id: int, flag_index: int, flag: dict[str, Any], action: str, replacement: str | None, actor: str
    ) -> tuple[int, int | None]:
        """Record a decision and, in the same transaction, the rule it proposes: (decision id, rule id).

        A reject proposes a *suppress* rule; an accept or edit with a replacement a *replace* rule. The
        rule applies to other documents only once a reviewer approves it; a newer proposal on the same
        text and check supersedes an older one still waiting.
        """
        with self.engine.begin() as c:
            decision_id = _insert(
                c,
                decisions,
                document_id=doc_id,
                flag_index=flag_index,
                start=flag["start"],
                end=flag["end"],
                flag_text=flag["text"],
                check_name=_rule_of(flag),
                action=action,
                replacement=replacement,
                created=now(),
                decided_by=actor,
            )
            _audit(c, actor, "decision.add", f"document {doc_id}", flag=flag_index, decision=action, text=flag["text"])
            c.execute(
                _same_rule(flag["text"], _rule_of(flag)).where(rules.c.status == "proposed").values(status="superseded")
            )
            rule_id = None
            if action == "reject" or replacement is not None:
                kind = "suppress" if action == "reject" else "replace"
                rule_id = _insert(
                    c,
                    rules,
                    kind=kind,
                    text=flag["text"],
                    check_name=_rule_of(flag),
                    replacement=None if action == "reject" else replacement,
                    decision_id=decision_id,
                    created=now(),
                    status="proposed",
                    proposed_by=actor,
                )
                _audit(
                    c, actor, "rule.propose", f"rule {rule_id}", kind=kind, text=flag["text"], replacement=replacement
                )
        return decision_id, rule_id

    def edit_sentence(self, doc_id: int, source: str, english: str, actor: str, confirm: bool = False) -> int:
        """An editor's English for one German sentence of a document (the latest edit counts), or the
        machine's English confirmed as it is (``confirm``): it applies to this document at once, and is proposed
        for the translation memory, which gives it to every other document once a reviewer approves it."""
        origin = "confirm" if confirm else "edit"
        with self.engine.begin() as c:
            edit_id = _insert(
                c,
                sentence_edits,
                document_id=doc_id,
                source=source,
                english=english,
                confirmed=confirm,
                created=now(),
                edited_by=actor,
            )
            c.execute(  # a newer proposal for the same sentence replaces one still waiting
                update(memory)
                .where(memory.c.source == source, memory.c.status == "proposed")
                .values(status="superseded")
            )
            entry_id = _insert(
                c,
                memory,
                source=source,
                english=english,
                origin=origin,
                document_id=doc_id,
                created=now(),
                created_by=actor,
                status="proposed",
            )
            _audit(
                c,
                actor,
                f"sentence.{origin}",
                f"document {doc_id}",
                source=source[:200],
                english=english[:200],
                memory=entry_id,
            )
        return edit_id

    def sentence_edits(self, doc_id: int) -> dict[str, SentenceEditRow]:
        """German sentence → its latest edit (english, confirmed, edited_by, created)."""
        query = select(sentence_edits).where(sentence_edits.c.document_id == doc_id).order_by(sentence_edits.c.id)
        with self.engine.connect() as c:
            return {row.source: cast(SentenceEditRow, row_dict(row)) for row in c.execute(query)}

    # -- translation memory ----------------------------------------------------------------

    def memory_revision(self) -> str:
        """Changes with every new, approved or withdrawn entry: a cached memory is stale when this changed."""
        query = select(func.max(memory.c.id), func.max(memory.c.reviewed), func.count()).where(
            memory.c.status == "approved"
        )
        with self.engine.connect() as c:
            newest, reviewed, approved = c.execute(query).one()
        return f"{newest}:{reviewed}:{approved}"

    def memory_entries(self, status: str = "approved") -> list[MemoryEntry]:
        """The newest ``status`` entry of every sentence (after normalising), oldest sentence first, with who made it
        first (the imported file's author where it named one) and who changed it last, and when."""
        query = select(memory).where(memory.c.status == status).order_by(memory.c.id)
        latest: dict[str, MemoryEntry] = {}
        with self.engine.connect() as c:
            for r in c.execute(query):
                key = normalise(r.source)
                first = latest.get(key)
                created_by = r.author or r.created_by if first is None else first.created_by
                created = _utc(r.authored or r.created) if first is None else first.created
                latest[key] = MemoryEntry(
                    r.source, r.english, r.note or "", created_by, created, r.created_by, _utc(r.created)
                )
        return list(latest.values())

    def memory_rows(self, status: str | None = None, limit: int = 1000) -> list[MemoryRow]:
        """The memory's entries as stored (newest first), for review: German, English, origin, state, who, when."""
        query = select(memory).order_by(memory.c.id.desc()).limit(limit)
        if status is not None:
            query = query.where(memory.c.status == status)
        with self.engine.connect() as c:
            return [cast(MemoryRow, row_dict(r)) for r in c.execute(query)]

    def review_memory(
        self, entry_id: int, approve: bool, actor: str, self_review: bool = False
    ) -> dict[str, Any] | None:
        """Approve or decline a proposed memory entry (approved, it replaces the approved one for its sentence)."""
        with self.engine.begin() as c:
            return _review(
                c,
                memory,
                entry_id,
                approve,
                actor,
                competing=lambda row: update(memory).where(memory.c.source == row.source),
                detail=lambda row: {"source": row.source[:200], "english": row.english[:200]},
                self_review=self_review,
            )

    def withdraw_memory(self, entry_id: int, actor: str) -> bool:
        """A proposed or approved entry stops applying; False if there is no such entry."""
        with self.engine.begin() as c:
            return _withdraw(c, memory, entry_id, actor, lambda row: {"source": row.source[:200]})

    def import_memory(self, entries: list[MemoryEntry], name: str, actor: str, approved: bool = True) -> int:
        """Entries from a file (a TMX, post-edited XLIFF or PO called ``name``), as written there, with their
        notes and authors; approved at once (an import by an admin or reviewer) or proposed; one line in the
        audit trail."""
        review = {"status": "approved", "reviewed_by": actor, "reviewed": now()} if approved else {"status": "proposed"}
        rows = [
            {
                **review,
                "source": e.source,
                "english": e.english,
                "origin": "import",
                "created": now(),
                "created_by": actor,
                "note": e.note or None,
                "author": (e.created_by or "")[:64] or None,
                "authored": e.created,
            }
            for e in entries
        ]
        with self.engine.begin() as c:
            if rows:
                c.execute(insert(memory), rows)
            _audit(c, actor, "memory.import", name[:100], entries=len(rows), approved=approved)
        return len(rows)

    # -- glossary terms ----------------------------------------------------------------------

    def terms(self, status: str | None = None) -> list[TermRow]:
        query = select(terms).order_by(terms.c.id)
        if status is not None:
            query = query.where(terms.c.status == status)
        with self.engine.connect() as c:
            return [cast(TermRow, row_dict(r)) for r in c.execute(query)]

    def propose_term(self, german: str, english: str, plural: str, note: str, actor: str) -> int:
        """An editor's term; it applies once a reviewer approves it (a newer proposal for the same German
        supersedes one still waiting)."""
        with self.engine.begin() as c:
            term_id = _insert_term(c, (german, english, plural, note), actor, replacing=("proposed",))
            _audit(c, actor, "term.propose", f"term {term_id}", german=german, english=english)
        return term_id

    def import_terms(self, entries: list[tuple[str, str, str, str]], name: str, actor: str) -> int:
        """(german, english, plural, note) from a glossary file, approved at once (the importer is an
        administrator of the database); each replaces the approved term for the same German."""
        with self.engine.begin() as c:
            for entry in entries:
                _insert_term(c, entry, actor, replacing=("proposed", "approved"), approved=True)
            _audit(c, actor, "term.import", name[:100], terms=len(entries))
        return len(entries)

    def review_term(self, term_id: int, approve: bool, actor: str, self_review: bool = False) -> dict[str, Any] | None:
        """Approve or decline a proposed term; an approved one replaces the approved term for the same German."""
        with self.engine.begin() as c:
            return _review(
                c,
                terms,
                term_id,
                approve,
                actor,
                competing=lambda term: update(terms).where(terms.c.german == term.german),
                detail=lambda term: {"german": term.german},
                self_review=self_review,
            )

    def withdraw_term(self, term_id: int, actor: str) -> bool:
        """A proposed or approved term stops applying; False if there is no such term."""
        with self.engine.begin() as c:
            return _withdraw(c, terms, term_id, actor, lambda row: {"german": row.german})

    # -- learned rules ---------------------------------------------------------------------

    def rules(self, status: str | None = None) -> list[RuleRow]:
        query = select(rules).order_by(rules.c.id)
        if status is not None:
            query = query.where(rules.c.status == status)
        with self.engine.connect() as c:
            return [cast(RuleRow, row_dict(r)) for r in c.execute(query)]

    def review_rule(self, rule_id: int, approve: bool, actor: str, self_review: bool = False) -> dict[str, Any] | None:
        """Approve or decline a proposed rule; an approved one replaces the approved rule it competes with."""
        with self.engine.begin() as c:
            return _review(
                c,
                rules,
                rule_id,
                approve,
                actor,
                competing=lambda rule: _same_rule(rule.text, rule.check_name),
                detail=lambda rule: {"proposed_by": rule.proposed_by},
                self_review=self_review,
            )

    def withdraw_rule(self, rule_id: int, actor: str) -> dict[str, int] | None:
        """Undo a rule: it stops applying, and the flags it raised in stored documents go, with the
        decisions taken on them (the audit trail keeps those). None if there is no such live rule."""
        with self.engine.begin() as c:
            rule = c.execute(select(rules).where(rules.c.id == rule_id)).first()
            if rule is None or rule.status in ("withdrawn", "superseded", "declined"):
                return None
            c.execute(update(rules).where(rules.c.id == rule_id).values(status="withdrawn"))
            touched = flags_removed = decisions_removed = 0
            if rule.status == "approved" and rule.kind == "replace":
                for doc in c.execute(select(documents.c.id, documents.c.flags)):
                    keep = [i for i, f in enumerate(doc.flags) if not _raised_by(f, rule)]
                    if len(keep) == len(doc.flags):
                        continue
                    touched += 1
                    flags_removed += len(doc.flags) - len(keep)
                    decisions_removed += _reindex_decisions(c, doc.id, keep)
                    c.execute(
                        update(documents).where(documents.c.id == doc.id).values(flags=[doc.flags[i] for i in keep])
                    )
            counts = {"documents": touched, "flags": flags_removed, "decisions": decisions_removed}
            _audit(c, actor, "rule.withdraw", f"rule {rule_id}", text=rule.text, was=rule.status, **counts)
        return counts

    # -- batch jobs ------------------------------------------------------------------------

    def add_job(self, job_id: str, request: dict[str, Any], total: int, actor: str) -> None:
        with self.engine.begin() as c:
            c.execute(
                insert(jobs).values(
                    id=job_id, status="queued", request=request, done=0, total=total, created=now(), submitted_by=actor
                )
            )
            _audit(c, actor, "job.submit", f"job {job_id}", documents=total)

    def job(self, job_id: str) -> JobRow | None:
        with self.engine.connect() as c:
            row = c.execute(select(jobs).where(jobs.c.id == job_id)).first()
        return cast(JobRow, row_dict(row)) if row is not None else None

    def queued_jobs(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).where(jobs.c.status.in_(("queued", "running")))).scalar_one())

    def requeue_running_jobs(self) -> None:
        """Jobs cut off by a restart go back to the queue; the documents they finished stay finished."""
        with self.engine.begin() as c:
            c.execute(update(jobs).where(jobs.c.status == "running").values(status="queued"))

    def queued_job_owners(self) -> list[tuple[str, str | None]]:
        """(id, submitter) of every queued job, oldest first."""
        query = select(jobs.c.id, jobs.c.submitted_by).where(jobs.c.status == "queued").order_by(jobs.c.created)
        with self.engine.connect() as c:
            return [(r.id, r.submitted_by) for r in c.execute(query)]

    def waiting_of(self, actor: str) -> tuple[int, int]:
        """How many of ``actor``'s jobs are queued or running, and how many of their documents are not done."""
        query = select(func.count(), func.coalesce(func.sum(jobs.c.total - jobs.c.done), 0)).where(
            jobs.c.submitted_by == actor, jobs.c.status.in_(("queued", "running"))
        )
        with self.engine.connect() as c:
            count, documents = c.execute(query).one()
        return int(count), int(documents)

    def ping(self) -> None:
        """Raise the database's error if it does not answer."""
        with self.engine.connect() as c:
            c.execute(select(1))

    def update_job(self, job_id: str, **values: Any) -> None:
        with self.engine.begin() as c:
            c.execute(update(jobs).where(jobs.c.id == job_id).values(**values))


def _audit(c: Connection, actor: str, action: str, target: str, **detail: Any) -> None:
    c.execute(insert(audit).values(at=now(), actor=actor, action=action, target=target, detail=detail))


def _review(
    c: Connection,
    table: Table,
    row_id: int,
    approve: bool,
    actor: str,
    competing: Callable[[Any], Any],
    detail: Callable[[Any], dict[str, Any]],
    self_review: bool = False,
) -> dict[str, Any] | None:
    """A reviewer's verdict on a proposed rule, term or memory entry: approved (superseding the approved row
    ``competing`` selects an update of) or declined, in the audit trail. None if there is no such proposal.

    Four eyes: nobody approves their own proposal (:class:`SelfReview`) unless ``self_review`` allows it.
    """
    row = c.execute(select(table).where(table.c.id == row_id)).first()
    if row is None or row.status != "proposed":
        return None
    proposer = row.created_by if table is memory else row.proposed_by
    if approve and proposer == actor and not self_review:
        raise SelfReview(f"{actor} proposed {table.name.rstrip('s')} {row_id}: another reviewer approves it")
    if approve:
        c.execute(competing(row).where(table.c.status == "approved").values(status="superseded"))
    status = "approved" if approve else "declined"
    c.execute(update(table).where(table.c.id == row_id).values(status=status, reviewed_by=actor, reviewed=now()))
    kind = table.name.rstrip("s")  # rule, term, memory
    _audit(c, actor, f"{kind}.{'approve' if approve else 'decline'}", f"{kind} {row_id}", **detail(row))
    return row_dict(c.execute(select(table).where(table.c.id == row_id)).first())


def _withdraw(c: Connection, table: Table, row_id: int, actor: str, detail: Callable[[Any], dict[str, Any]]) -> bool:
    """A proposed or approved term or memory entry stops applying, in the audit trail; False if there is none."""
    row = c.execute(select(table).where(table.c.id == row_id)).first()
    if row is None or row.status not in ("proposed", "approved"):
        return False
    c.execute(update(table).where(table.c.id == row_id).values(status="withdrawn"))
    kind = table.name.rstrip("s")  # term, memory
    _audit(c, actor, f"{kind}.withdraw", f"{kind} {row_id}", **detail(row), was=row.status)
    return True


def _insert_term(
    c: Connection, entry: tuple[str, str, str, str], actor: str, replacing: tuple[str, ...], approved: bool = False
) -> int:
    """A term (german, english, plural, note), superseding the terms for the same German in ``replacing``
    states; an approved one counts as reviewed by whoever added it."""
    german, english, plural, note = entry
    c.execute(update(terms).where(terms.c.german == german, terms.c.status.in_(replacing)).values(status="superseded"))
    review = {"reviewed_by": actor, "reviewed": now()} if approved else {}
    values = {"german": german, "english": english, "plural": plural, "note": note}
    status = "approved" if approved else "proposed"
    return _insert(c, terms, **values, status=status, created=now(), proposed_by=actor, **review)


def _rule_of(flag: dict[str, Any]) -> str:
    """What an editor's decision targets: the id of the rule that raised the flag (the check's name where
    the check has no rules of its own, and for flags stored before flags named their rule)."""
    return str(flag.get("rule") or flag["check"])


def _same_rule(text_: str, check: str) -> Any:
    """An UPDATE of the rules on this text from this check."""
    return update(rules).where(rules.c.text == text_).where(rules.c.check_name == check)


def _raised_by(flag: dict[str, Any], rule: Any) -> bool:
    """Whether a stored flag is one that this replace rule raised (see mt.service.review)."""
    return bool(
        flag["check"] == "learned" and flag["text"] == rule.text and flag["suggestions"][:1] == [rule.replacement]
    )


def _reindex_decisions(c: Connection, doc_id: int, keep: list[int]) -> int:
    """Decisions follow their flags to the new positions; those on removed flags go. Returns how many went."""
    position = {old: new for new, old in enumerate(keep)}
    removed = 0
    for d in c.execute(select(decisions.c.id, decisions.c.flag_index).where(decisions.c.document_id == doc_id)).all():
        if d.flag_index in position:
            c.execute(update(decisions).where(decisions.c.id == d.id).values(flag_index=position[d.flag_index]))
        else:
            c.execute(update(rules).where(rules.c.decision_id == d.id).values(decision_id=None))
            c.execute(delete(decisions).where(decisions.c.id == d.id))
            removed += 1
    return removed


def _insert(c: Connection, table: Table, **values: Any) -> int:
    """Insert one row; its primary key."""
    key = c.execute(insert(table).values(**values)).inserted_primary_key
    assert key is not None, "the INSERT wrote no row"
    return int(key[0])
