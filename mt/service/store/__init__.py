"""What the review service remembers: accounts, documents, decisions, learned rules, glossary terms, the
translation memory, jobs, the audit trail.

:class:`Store` owns every query and every transaction: a change and its line in the audit trail (who,
what, when) are written together or not at all, and so are a decision and the rule it proposes.
SQLite by default (one file, no set-up) or any SQLAlchemy URL (PostgreSQL is tested). A database that
exists but is broken or belongs to something else is reported, never silently recreated; one written
by an older ``mt`` gets the new tables and columns.
"""

from mt.service.store.accounts import AccountsStore
from mt.service.store.database import DatabaseError, SelfReview, StoreError, Tables, now, open_store, redact
from mt.service.store.documents import DocumentsStore
from mt.service.store.jobs import JobsStore
from mt.service.store.proposals import ProposalsStore
from mt.service.store.schema import RULE_STATES


class Store(AccountsStore, DocumentsStore, ProposalsStore, JobsStore):
    """Every read and write of the service's database; every change names its ``actor`` for the audit trail."""

    def __init__(self, url: str) -> None:
        self.engine = open_store(url)


__all__ = ["RULE_STATES", "DatabaseError", "SelfReview", "Store", "StoreError", "Tables", "now", "open_store", "redact"]
