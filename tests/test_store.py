"""The review service's store on SQLite and on a real PostgreSQL server: accounts, rules, audit, jobs."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from mt.service.accounts import digest, hash_password, new_api_key, split_api_key, verify_password
from mt.service.store import Store, StoreError, now


def flag(text: str, start: int, check: str = "words", suggestion: str | None = None) -> dict:
    return {
        "start": start,
        "end": start + len(text),
        "text": text,
        "check": check,
        "suggestions": [suggestion] if suggestion else [],
        "severity": "major",
        "category": "non-word",
    }


def test_accounts_keys_and_sessions(database_url):
    store = Store(database_url)
    assert not store.has_users()
    store.add_user("anna", "editor", hash_password("a long secret"), actor="cli:root")
    with pytest.raises(StoreError, match="already"):
        store.add_user("anna", "admin", None, actor="cli:root")
    assert verify_password("a long secret", store.user("anna")["password_hash"])
    assert not verify_password("a wrong one!", store.user("anna")["password_hash"])

    key, prefix, secret_hash = new_api_key()
    store.add_api_key("anna", prefix, secret_hash, "importer", actor="cli:root")
    assert split_api_key(key) == (prefix, key.split("_", 2)[2])
    found = store.api_key(prefix)
    assert (found["name"], found["role"], found["disabled"]) == ("anna", "editor", False)
    assert key not in str(found) and found["secret_hash"].startswith("$argon2id$")

    store.add_session("anna", digest("token"), "csrf", now() + timedelta(hours=1))
    assert store.session(digest("token"))["name"] == "anna"
    store.add_session("anna", digest("old"), "csrf", now() - timedelta(seconds=1))
    assert store.session(digest("old")) is None  # expired
    store.set_disabled("anna", True, actor="cli:root")
    assert store.api_key(prefix)["disabled"] and store.session(digest("token")) is None
    assert [(u["name"], u["keys"], u["disabled"]) for u in store.users()] == [("anna", 1, True)]
    with pytest.raises(StoreError, match="no user"):
        store.set_disabled("nobody", True, actor="cli:root")


def test_a_rule_applies_only_once_approved_and_its_undo_clears_stored_documents(database_url):
    store = Store(database_url)
    doc = store.add_document("a", "Der Flashpoint bleibt.", [flag("Flashpoint", 4)], actor="erika")
    decision, rule = store.decide(doc, 0, flag("Flashpoint", 4), "edit", "Brennpunkt", actor="erika")
    assert store.rules("approved") == [] and store.rules("proposed")[0]["id"] == rule
    approved = store.review_rule(rule, True, actor="rolf")
    assert (approved["status"], approved["proposed_by"], approved["reviewed_by"]) == ("approved", "erika", "rolf")
    assert store.review_rule(rule, True, actor="rolf") is None  # only a proposal can be reviewed

    # A later document got the rule's flag (and a decision on it, and one on another flag).
    learned = flag("Flashpoint", 11, check="learned", suggestion="Brennpunkt")
    other = flag("Gegner", 0)
    later = store.add_document("b", "Gegner des Flashpoint.", [other, learned], actor="erika")
    store.decide(later, 1, learned, "accept", "Brennpunkt", actor="erika")
    store.decide(later, 0, other, "reject", None, actor="erika")
    assert store.withdraw_rule(rule, actor="rolf") == {"documents": 1, "flags": 1, "decisions": 1}
    assert store.document(later)["flags"] == [other]
    [kept] = store.decisions(later)
    assert (kept["flag_index"], kept["action"]) == (0, "reject")
    assert store.withdraw_rule(rule, actor="rolf") is None  # undone already: a stale Undo does nothing

    # Ids are never reused, and a newer proposal supersedes an older one still waiting.
    _, first = store.decide(doc, 0, flag("Flashpoint", 4), "edit", "Krisenherd", actor="erika")
    _, second = store.decide(doc, 0, flag("Flashpoint", 4), "reject", None, actor="erika")
    assert second > first > rule
    states = {r["id"]: r["status"] for r in store.rules() if r["check_name"] == "words" and r["text"] == "Flashpoint"}
    assert states == {rule: "withdrawn", first: "superseded", second: "proposed"}
    assert decision < kept["id"]


def test_the_audit_trail_names_who_did_what_and_when(database_url):
    store = Store(database_url)
    before = datetime.now(UTC)
    store.add_user("erika", "editor", None, actor="cli:root")
    doc = store.add_document("a", "Der Flashpoint bleibt.", [flag("Flashpoint", 4)], actor="erika")
    _, rule = store.decide(doc, 0, flag("Flashpoint", 4), "edit", "Brennpunkt", actor="erika")
    store.review_rule(rule, False, actor="rolf")
    store.add_job("j1", {"documents": [{"text": "Hallo."}]}, total=1, actor="erika")
    lines = store.history()
    assert [(line["actor"], line["action"], line["target"]) for line in lines] == [
        ("erika", "job.submit", "job j1"),
        ("rolf", "rule.decline", f"rule {rule}"),
        ("erika", "rule.propose", f"rule {rule}"),
        ("erika", "decision.add", f"document {doc}"),
        ("erika", "document.add", f"document {doc}"),
        ("cli:root", "user.add", "user erika"),
    ]
    times = [datetime.fromisoformat(line["at"]) for line in lines]
    assert all(t.tzinfo is not None and before - timedelta(seconds=1) <= t <= datetime.now(UTC) for t in times)
    assert [line["action"] for line in store.history(actor="rolf")] == ["rule.decline"]
    assert store.history(limit=2)[1]["detail"] == {"proposed_by": "erika"}
    assert store.job("j1")["submitted_by"] == "erika" and store.queued_jobs() == 1


def test_a_database_of_an_older_mt_gets_the_new_tables_and_columns(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = create_engine(url)
    with old.begin() as c:  # the tables as mt 0.2 wrote them, with a rule that applied without review
        c.execute(
            text(
                "CREATE TABLE documents (id INTEGER PRIMARY KEY AUTOINCREMENT, title VARCHAR(300) NOT NULL, "
                "text TEXT NOT NULL, flags JSON NOT NULL, created DATETIME NOT NULL)"
            )
        )
        c.execute(
            text(
                "CREATE TABLE rules (id INTEGER PRIMARY KEY AUTOINCREMENT, kind VARCHAR(10) NOT NULL, "
                "text TEXT NOT NULL, check_name VARCHAR(100) NOT NULL, replacement TEXT, decision_id INTEGER, "
                "created DATETIME NOT NULL)"
            )
        )
        c.execute(
            text(
                "INSERT INTO rules (kind, text, check_name, replacement, created) "
                "VALUES ('replace', 'Lawrow', 'learned', 'X (a convicted fraudster)', '2026-01-01')"
            )
        )
    old.dispose()
    store = Store(url)
    [rule] = store.rules()
    assert rule["status"] == "proposed" and store.rules("approved") == []  # a reviewer must look at it first
    assert rule["created"].endswith("+00:00")
    store.add_user("anna", "admin", None, actor="cli:root")
    assert store.history()[0]["action"] == "user.add"


def test_a_database_of_something_else_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    with create_engine(url).begin() as c:
        c.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    with pytest.raises(StoreError, match="other tables"):
        Store(url)
