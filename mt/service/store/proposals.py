"""What editors propose and reviewers decide: memory entries, glossary terms, learned rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from mt.formats.memoryfiles import MemoryEntry
from mt.service.rows import MemoryRow, RuleRow, TermRow
from mt.service.store.database import SelfReview, Tables, audit_line, insert_row, now, row_dict, same_rule, utc
from mt.service.store.schema import decisions, documents, memory, rules, terms
from mt.translate.memory import normalise


class ProposalsStore(Tables):
    """The translation memory, the glossary and the learned rules, each proposed, reviewed, withdrawn."""

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
                created = utc(r.authored or r.created) if first is None else first.created
                latest[key] = MemoryEntry(
                    r.source, r.english, r.note or "", created_by, created, r.created_by, utc(r.created)
                )
        return list(latest.values())

    def memory_rows(self, status: str | None = None, limit: int = 1000) -> list[MemoryRow]:
        """The memory's entries as stored (newest first), for review: German, English, origin, state, who, when."""
        query = select(memory).order_by(memory.c.id.desc()).limit(limit)
        if status is not None:
            query = query.where(memory.c.status == status)
        return cast("list[MemoryRow]", self.every(query))

    def review_memory(
        self, entry_id: int, approve: bool, actor: str, self_review: bool = False
    ) -> dict[str, Any] | None:
        """Approve or decline a proposed memory entry (approved, it replaces the approved one for its sentence)."""
        with self.engine.begin() as c:
            return _review(c, memory, entry_id, approve, actor, self_review)

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
            audit_line(c, actor, "memory.import", name[:100], entries=len(rows), approved=approved)
        return len(rows)

    # -- glossary terms ----------------------------------------------------------------------

    def terms(self, status: str | None = None) -> list[TermRow]:
        query = select(terms).order_by(terms.c.id)
        if status is not None:
            query = query.where(terms.c.status == status)
        return cast("list[TermRow]", self.every(query))

    def propose_term(self, german: str, english: str, plural: str, note: str, actor: str) -> int:
        """An editor's term; it applies once a reviewer approves it (a newer proposal for the same German
        supersedes one still waiting)."""
        with self.engine.begin() as c:
            term_id = _insert_term(c, (german, english, plural, note), actor, replacing=("proposed",))
            audit_line(c, actor, "term.propose", f"term {term_id}", german=german, english=english)
        return term_id

    def import_terms(self, entries: list[tuple[str, str, str, str]], name: str, actor: str) -> int:
        """(german, english, plural, note) from a glossary file, approved at once (the importer is an
        administrator of the database); each replaces the approved term for the same German."""
        with self.engine.begin() as c:
            for entry in entries:
                _insert_term(c, entry, actor, replacing=("proposed", "approved"), approved=True)
            audit_line(c, actor, "term.import", name[:100], terms=len(entries))
        return len(entries)

    def review_term(self, term_id: int, approve: bool, actor: str, self_review: bool = False) -> dict[str, Any] | None:
        """Approve or decline a proposed term; an approved one replaces the approved term for the same German."""
        with self.engine.begin() as c:
            return _review(c, terms, term_id, approve, actor, self_review)

    def withdraw_term(self, term_id: int, actor: str) -> bool:
        """A proposed or approved term stops applying; False if there is no such term."""
        with self.engine.begin() as c:
            return _withdraw(c, terms, term_id, actor, lambda row: {"german": row.german})

    # -- learned rules ---------------------------------------------------------------------

    def rules(self, status: str | None = None) -> list[RuleRow]:
        query = select(rules).order_by(rules.c.id)
        if status is not None:
            query = query.where(rules.c.status == status)
        return cast("list[RuleRow]", self.every(query))

    def review_rule(self, rule_id: int, approve: bool, actor: str, self_review: bool = False) -> dict[str, Any] | None:
        """Approve or decline a proposed rule; an approved one replaces the approved rule it competes with."""
        with self.engine.begin() as c:
            return _review(c, rules, rule_id, approve, actor, self_review)

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
            audit_line(c, actor, "rule.withdraw", f"rule {rule_id}", text=rule.text, was=rule.status, **counts)
        return counts


# Of each kind of proposal: the update of the approved row an approval supersedes, and what the audit line says.
_COMPETING: dict[str, Callable[[Any], Any]] = {
    "memory": lambda row: update(memory).where(memory.c.source == row.source),
    "terms": lambda row: update(terms).where(terms.c.german == row.german),
    "rules": lambda row: same_rule(row.text, row.check_name),
}
_AUDITED: dict[str, Callable[[Any], dict[str, Any]]] = {
    "memory": lambda row: {"source": row.source[:200], "english": row.english[:200]},
    "terms": lambda row: {"german": row.german},
    "rules": lambda row: {"proposed_by": row.proposed_by},
}


def _review(
    c: Connection, table: Table, row_id: int, approve: bool, actor: str, self_review: bool = False
) -> dict[str, Any] | None:
    """A reviewer's verdict on a proposed rule, term or memory entry: approved (superseding the approved row it
    competes with, :data:`_COMPETING`) or declined, in the audit trail. None if there is no such proposal.

    Four eyes: nobody approves their own proposal (:class:`SelfReview`) unless ``self_review`` allows it.
    """
    row = c.execute(select(table).where(table.c.id == row_id)).first()
    if row is None or row.status != "proposed":
        return None
    proposer = row.created_by if table is memory else row.proposed_by
    if approve and proposer == actor and not self_review:
        raise SelfReview(f"{actor} proposed {table.name.rstrip('s')} {row_id}: another reviewer approves it")
    if approve:
        c.execute(_COMPETING[table.name](row).where(table.c.status == "approved").values(status="superseded"))
    status = "approved" if approve else "declined"
    c.execute(update(table).where(table.c.id == row_id).values(status=status, reviewed_by=actor, reviewed=now()))
    kind = table.name.rstrip("s")  # rule, term, memory
    audit_line(
        c, actor, f"{kind}.{'approve' if approve else 'decline'}", f"{kind} {row_id}", **_AUDITED[table.name](row)
    )
    return row_dict(c.execute(select(table).where(table.c.id == row_id)).first())


def _withdraw(c: Connection, table: Table, row_id: int, actor: str, detail: Callable[[Any], dict[str, Any]]) -> bool:
    """A proposed or approved term or memory entry stops applying, in the audit trail; False if there is none."""
    row = c.execute(select(table).where(table.c.id == row_id)).first()
    if row is None or row.status not in ("proposed", "approved"):
        return False
    c.execute(update(table).where(table.c.id == row_id).values(status="withdrawn"))
    kind = table.name.rstrip("s")  # term, memory
    audit_line(c, actor, f"{kind}.withdraw", f"{kind} {row_id}", **detail(row), was=row.status)
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
    return insert_row(c, terms, **values, status=status, created=now(), proposed_by=actor, **review)


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
