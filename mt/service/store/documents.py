"""Documents under review, editors' decisions and sentence edits."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import select, update

from mt.service.rows import DecisionRow, DocumentRow, SentenceEditRow
from mt.service.store.database import Tables, audit_line, insert_row, now, row_dict, same_rule
from mt.service.store.schema import decisions, documents, memory, rules, sentence_edits


class DocumentsStore(Tables):
    """Documents, decisions on their flags, and edits of their English."""

    def add_document(self, title: str, text: str, flags: list[dict[str, Any]], actor: str) -> int:
        with self.engine.begin() as c:
            doc_id = insert_row(c, documents, title=title, text=text, flags=flags, created=now(), created_by=actor)
            audit_line(c, actor, "document.add", f"document {doc_id}", title=title, chars=len(text), flags=len(flags))
        return doc_id

    def document(self, doc_id: int) -> DocumentRow | None:
        return cast("DocumentRow | None", self.one(select(documents).where(documents.c.id == doc_id)))

    def documents(self) -> list[DocumentRow]:
        return cast("list[DocumentRow]", self.every(select(documents).order_by(documents.c.id)))

    def decisions(self, doc_id: int) -> list[DecisionRow]:
        query = select(decisions).where(decisions.c.document_id == doc_id).order_by(decisions.c.id)
        return cast("list[DecisionRow]", self.every(query))

    def decide(
        self, doc_id: int, flag_index: int, flag: dict[str, Any], action: str, replacement: str | None, actor: str
    ) -> tuple[int, int | None]:
        """Record a decision and, in the same transaction, the rule it proposes: (decision id, rule id).

        A reject proposes a *suppress* rule; an accept or edit with a replacement a *replace* rule. The
        rule applies to other documents only once a reviewer approves it; a newer proposal on the same
        text and check supersedes an older one still waiting.
        """
        with self.engine.begin() as c:
            decision_id = insert_row(
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
            audit_line(
                c, actor, "decision.add", f"document {doc_id}", flag=flag_index, decision=action, text=flag["text"]
            )
            c.execute(
                same_rule(flag["text"], _rule_of(flag)).where(rules.c.status == "proposed").values(status="superseded")
            )
            rule_id = None
            if action == "reject" or replacement is not None:
                kind = "suppress" if action == "reject" else "replace"
                rule_id = insert_row(
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
                audit_line(
                    c, actor, "rule.propose", f"rule {rule_id}", kind=kind, text=flag["text"], replacement=replacement
                )
        return decision_id, rule_id

    def edit_sentence(self, doc_id: int, source: str, english: str, actor: str, confirm: bool = False) -> int:
        """An editor's English for one German sentence of a document (the latest edit counts), or the
        machine's English confirmed as it is (``confirm``): it applies to this document at once, and is proposed
        for the translation memory, which gives it to every other document once a reviewer approves it."""
        origin = "confirm" if confirm else "edit"
        with self.engine.begin() as c:
            sentence = {"document_id": doc_id, "source": source, "english": english}
            edit_id = insert_row(c, sentence_edits, **sentence, confirmed=confirm, created=now(), edited_by=actor)
            c.execute(  # a newer proposal for the same sentence replaces one still waiting
                update(memory)
                .where(memory.c.source == source, memory.c.status == "proposed")
                .values(status="superseded")
            )
            entry_id = insert_row(
                c, memory, **sentence, origin=origin, created=now(), created_by=actor, status="proposed"
            )
            audit_line(
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


def _rule_of(flag: dict[str, Any]) -> str:
    """What an editor's decision targets: the id of the rule that raised the flag (the check's name where
    the check has no rules of its own, and for flags stored before flags named their rule)."""
    return str(flag.get("rule") or flag["check"])
