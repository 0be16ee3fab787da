"""The review service: API on the real model, accounts and roles, limits, decisions, rules and jobs, the page in
Chromium, and LibreTranslate's client against a running ``mt serve``."""

import io
import json
import re
import socket
import time
from pathlib import Path

import httpx
import pytest
from conftest import free_port, run_mt, serve, stop
from fastapi import HTTPException
from fastapi.testclient import TestClient

from mt import Document
from mt.service.accounts import ROLES, hash_password, new_api_key
from mt.service.app import Limits, create_app
from mt.service.approved import Approved
from mt.service.store import StoreError, open_store
from mt.support.logs import configure

CHROMIUM = Path("/usr/bin/chromium")


def account(app, name: str, role: str, password: str | None = None) -> dict[str, str]:
    """Add an account to the app's database; the headers that send a fresh API key of it."""
    store = app.state.services.store
    store.add_user(name, role, hash_password(password) if password else None, actor="test")
    key, prefix, secret_hash = new_api_key()
    store.add_api_key(name, prefix, secret_hash, "test", actor="test")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def app(translator, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "review.sqlite"
    # Many wrong keys are sent on purpose here; test_guessing_passwords_or_keys_is_slowed_down tests that limit.
    limits = Limits(max_body_bytes=200_000, max_document_chars=20_000, failed_logins_per_minute=10_000)
    return create_app(translator, f"sqlite:///{db}", limits)


@pytest.fixture(scope="module")
def keys(app) -> dict[str, dict[str, str]]:
    """Headers with the API key of an account of each role."""
    return {role: account(app, f"test-{role}", role) for role in ROLES}


@pytest.fixture(scope="module")
def client(app, keys):
    """An editor's client (other roles: ``headers=keys[role]`` on a request)."""
    with TestClient(app, headers=keys["editor"]) as client:  # runs the lifespan: the job runner starts and stops
        yield client


def test_one_log_line_per_request_and_tracebacks_only_in_the_log(translator, tmp_path):
    stream = io.StringIO()
    configure("info", json=True, stream=stream)
    app = create_app(translator, f"sqlite:///{tmp_path / 'log.sqlite'}", login_token="local-secret")

    def boom() -> None:
        raise RuntimeError("a bug in a handler")

    app.add_api_route("/boom", boom)  # a route of the test's own that fails
    try:
        with TestClient(app, raise_server_exceptions=False, headers={"Authorization": "Bearer local-secret"}) as client:
            response = client.post("/v1/check", json={"text": "Die US -Regierung reagierte."})
            crashed = client.get("/boom")
    finally:
        configure("warning")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    requests = [r for r in records if r["message"] == "request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("POST", "/v1/check", 200),
        ("GET", "/boom", 500),
    ]
    assert requests[0]["request_id"] == response.headers["X-Request-ID"] and requests[0]["ms"] >= 0
    assert requests[0]["user"] == "local"
    assert crashed.status_code == 500 and "Traceback" not in crashed.text and "a bug" not in crashed.text
    assert crashed.json()["error"].endswith(f"request id {requests[1]['request_id']}")
    [failure] = [r for r in records if r["level"] == "error"]
    assert (
        "RuntimeError: a bug in a handler" in failure["exc_info"] and failure["request_id"] == requests[1]["request_id"]
    )


def test_translate_check_fix_evaluate(client):
    translation = client.post("/v1/translate", json={"text": "Der Zug fährt um acht Uhr.\n\nEr ist pünktlich."}).json()
    assert translation["translation"].count("\n\n") == 1 and "train" in translation["translation"].lower()
    docs = client.post(
        "/v1/translate", json={"documents": [{"id": "a", "text": "Guten Morgen."}, {"id": 2, "text": "2024"}]}
    )
    assert [d["id"] for d in docs.json()["documents"]] == ["a", 2] and docs.json()["documents"][1][
        "translation"
    ] == "2024"
    flags = client.post("/v1/check", json={"text": "Die US -Regierung reagierte."}).json()["flags"]
    assert flags[0]["suggestions"] == ["US-Regierung"]
    assert (
        client.post("/v1/fix", json={"text": "Die US -Regierung reagierte."}).json()["text"]
        == "Die US-Regierung reagierte."
    )
    scores = client.post("/v1/evaluate", json={"hypotheses": ["a b c d"], "references": [["a b c d"]]}).json()
    assert scores["bleu"]["score"] == 100
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["signature"].startswith("mt:") and health["jobs"] in ("idle", "running")
    assert translation["meta"]["decoding"]["beam"] == 4 and "|beam:4|" in translation["meta"]["signature"]
    beam2 = client.post("/v1/translate", json={"text": "Guten Morgen.", "beam": 2, "fix": True}).json()["meta"]
    assert "|beam:2|" in beam2["signature"] and beam2["settings"] == {"fix": True}
    assert "/v1/translate" in client.get("/openapi.json").json()["paths"]


def test_concurrent_requests_share_batches(client):
    from concurrent.futures import ThreadPoolExecutor

    before = client.get("/health").json()
    texts = [
        f"Am {day} trifft sich die Regierung in Berlin." for day in ("Montag", "Dienstag", "Mittwoch", "Donnerstag")
    ] * 2
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda t: client.post("/v1/translate", json={"text": t}).json(), texts))
    assert all("Berlin" in r["translation"] for r in results)
    after = client.get("/health").json()
    assert after["requests"] - before["requests"] == 8
    assert after["batches"] - before["batches"] < 8, "concurrent requests were decoded one by one"


@pytest.mark.parametrize("path", ["/v1/translate", "/v1/check", "/v1/fix", "/v1/evaluate", "/v1/jobs", "/v1/documents"])
def test_malformed_and_oversized_requests_get_json_errors(client, path):
    for body, status in [
        (b"{not json", 422),
        (json.dumps({"text": 5, "hypotheses": "x", "documents": "y"}).encode(), 422),
        (b"x" * 300_000, 413),
    ]:
        response = client.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == status, (path, response.text)
        assert "error" in response.json() and "Traceback" not in response.text
    too_long = "Ein Satz. " * 2_500
    if path != "/v1/evaluate":
        payload = {"documents": [{"text": too_long}]} if path == "/v1/jobs" else {"text": too_long}
        response = client.post(path, json=payload)
        assert response.status_code == 413 and "characters" in response.json()["error"]


def test_an_editors_rule_reaches_other_documents_only_once_a_reviewer_approves_it(client, keys):
    text = "Die Biden -Verwaltung und die US -Regierung verhandeln. Ein großer Flashpoint bleibt."
    doc = client.post("/v1/documents", json={"title": "<script>alert(1)</script>", "text": text}).json()
    flags = client.get(f"/v1/documents/{doc['id']}").json()["flags"]
    spacing = next(i for i, f in enumerate(flags) if f["text"] == "US -Regierung")
    flashpoint = next(i for i, f in enumerate(flags) if f["text"] == "Flashpoint")
    decide = f"/v1/documents/{doc['id']}/decisions"
    client.post(decide, json={"flag": spacing, "action": "accept"})
    edit = client.post(decide, json={"flag": flashpoint, "action": "edit", "replacement": "Brennpunkt"}).json()
    assert edit["rule_status"] == "proposed"
    applied = client.post(f"/v1/documents/{doc['id']}/apply").json()  # the editor's own document changes at once
    assert "US-Regierung" in applied["german"] and "Brennpunkt" in applied["german"] and applied["english"]
    assert [s["source"] for s in applied["sentences"]] == [
        "Die Biden-Verwaltung und die US-Regierung verhandeln.",
        "Ein großer Brennpunkt bleibt.",
    ] or len(applied["sentences"]) == 2
    assert all(0 <= s["confidence"] <= 1 and isinstance(s["qa"], list) for s in applied["sentences"])
    first = applied["sentences"][0]
    client.post(f"/v1/documents/{doc['id']}/sentences", json={"source": first["source"], "english": "Edited by hand."})
    exported = client.get(f"/v1/documents/{doc['id']}/export/en").text
    assert exported.startswith("Edited by hand.") and applied["sentences"][1]["translation"] in exported
    again = client.post(f"/v1/documents/{doc['id']}/apply").json()["sentences"][0]
    # The edit applies to its own document at once; for the memory it is a proposal (no origin: memory yet).
    assert (again["translation"], again["edited_by"], again.get("origin")) == ("Edited by hand.", "test-editor", None)

    other = "Der Flashpoint liegt im Osten."
    assert "learned" not in [f["check"] for f in client.post("/v1/check", json={"text": other}).json()["flags"]]
    assert client.post("/v1/fix", json={"text": other}).json()["text"] == other  # a proposal rewrites nothing
    refused = client.post(f"/v1/rules/{edit['rule']}/approve")
    assert refused.status_code == 403 and "reviewer" in refused.json()["error"]
    approved = client.post(f"/v1/rules/{edit['rule']}/approve", headers=keys["reviewer"]).json()
    assert (approved["status"], approved["proposed_by"], approved["reviewed_by"]) == (
        "approved",
        "test-editor",
        "test-reviewer",
    )
    later = client.post("/v1/check", json={"text": other}).json()["flags"]
    assert [(f["check"], f["suggestions"]) for f in later] == [("learned", ["Brennpunkt"])]
    assert client.post("/v1/fix", json={"text": other}).json()["text"] == "Der Brennpunkt liegt im Osten."

    # Undoing the rule also clears the flag it raised in a document stored meanwhile.
    stored = client.post("/v1/documents", json={"text": other}).json()
    assert [f["check"] for f in client.get(f"/v1/documents/{stored['id']}").json()["flags"]] == ["learned"]
    assert client.delete(f"/v1/rules/{edit['rule']}").status_code == 403  # an editor cannot undo
    undone = client.delete(f"/v1/rules/{edit['rule']}", headers=keys["reviewer"]).json()
    assert undone["removed"]["documents"] == 1
    assert client.get(f"/v1/documents/{stored['id']}").json()["flags"] == []

    # A reject proposes a suppress rule: silent everywhere only once approved.
    reject = client.post(decide, json={"flag": flashpoint, "action": "reject"}).json()
    assert client.post("/v1/check", json={"text": other}).json()["flags"]
    client.post(f"/v1/rules/{reject['rule']}/approve", headers=keys["reviewer"])
    assert not client.post("/v1/check", json={"text": other}).json()["flags"]
    assert client.delete(f"/v1/rules/{reject['rule']}", headers=keys["reviewer"]).status_code == 200
    assert client.post("/v1/check", json={"text": other}).json()["flags"]

    page = client.get("/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    decisions = client.get(f"/v1/documents/{doc['id']}").json()["decisions"]
    assert {d["decided_by"] for d in decisions} == {"test-editor"} and decisions[0]["created"].endswith("+00:00")


def test_a_job_of_20_documents_matches_mt_translate(client, translator, newstest_de):
    documents = [{"id": i, "text": f"{newstest_de[2 * i]}\n\n{newstest_de[2 * i + 1]}"} for i in range(20)]
    job = client.post("/v1/jobs", json={"documents": documents}).json()
    deadline = time.time() + 300
    while (status := client.get(f"/v1/jobs/{job['id']}").json())["status"] not in ("done", "failed"):
        assert time.time() < deadline
        time.sleep(0.5)
    assert status["status"] == "done" and status["done"] == 20
    expected = [t.text for t in (translator.translate_documents([Document.from_text(d["text"])])[0] for d in documents)]
    assert [r["translation"] for r in status["results"]] == expected
    assert client.get("/v1/jobs/nope").status_code == 404


def test_database_urls_are_shown_without_their_password():
    from mt.service.store import redact

    shown = redact("postgresql+psycopg://editor:s3cret@db.example:5432/mt")
    assert "s3cret" not in shown and "editor" in shown and "db.example" in shown


def test_a_broken_database_is_reported_not_recreated(tmp_path):
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not an SQLite database"):
        open_store(f"sqlite:///{broken}")
    assert broken.read_bytes().startswith(b"this is not")


@pytest.mark.slow
def test_libretranslate_client_and_a_chunked_upload_against_mt_serve(tmp_path):
    from urllib.error import HTTPError

    from libretranslatepy import LibreTranslateAPI

    db, port = tmp_path / "lt.sqlite", free_port()
    assert run_mt("users", "add", "plugin", "--no-password", "--db", f"sqlite:///{db}").returncode == 0
    key = run_mt("users", "key", "plugin", "--db", f"sqlite:///{db}").stdout.strip()
    server, _ = serve(db, port)
    try:
        client = LibreTranslateAPI(f"http://127.0.0.1:{port}", api_key=key)
        assert "morning" in client.translate("Guten Morgen.", "de", "en").lower()
        assert {"code": "de", "name": "German", "targets": ["en"]} in client.languages()
        # format html (libretranslatepy has no format argument: the form its web page posts)
        page = '<p>Die <a href="https://example.org/x?a=1&amp;b=2">Regierung</a> tagt am <b>Montag</b>.</p>'
        answer = httpx.post(
            f"http://127.0.0.1:{port}/translate",
            data={"q": page, "source": "auto", "target": "en", "format": "html", "api_key": key},
            timeout=60,
        )
        html = answer.json()["translatedText"]
        assert answer.json()["detectedLanguage"]["language"] == "de"
        assert html.startswith("<p>") and 'href="https://example.org/x?a=1&amp;b=2"' in html and "<b>" in html
        assert "Montag" not in html and "Regierung" not in html
        with pytest.raises(HTTPError) as refused:
            LibreTranslateAPI(f"http://127.0.0.1:{port}", api_key="wrong").translate("Hallo.", "de", "en")
        assert refused.value.code == 403

        # 300 MB sent chunked, without a length: refused once 2 MB have arrived, the rest never read.
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(
                b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + key.encode()
                + b"\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
            sent = 0
            try:
                while sent < 300_000_000:
                    s.sendall(chunk)
                    sent += 0x10000
            except OSError:  # the server answered and closed the connection
                pass
            answer = s.recv(65536).decode("latin-1")
        assert answer.startswith("HTTP/1.1 413") and "request body over 2000000 bytes" in answer
        assert sent < 50_000_000, f"{sent} bytes were sent before the refusal"
        assert httpx.get(f"http://127.0.0.1:{port}/health").json()["status"] == "ok"

        # A long LibreTranslate request works in the thread pool: the event loop answers /health meanwhile.
        from concurrent.futures import ThreadPoolExecutor

        long_text = ("Der Minister sprach am Montag in Berlin über die Lage. " * 1_700)[:99_000]
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(
                httpx.post,
                f"http://127.0.0.1:{port}/translate",
                json={"q": long_text, "source": "de", "target": "en", "api_key": key},
                timeout=120,
            )
            time.sleep(1.0)
            latencies = []
            for _ in range(5):
                started = time.time()
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=30)
                latencies.append(time.time() - started)
            assert max(latencies) < 1.0, latencies
            assert pending.result().status_code in (200, 503)  # done, or stopped at its time budget
    finally:
        stop(server)


@pytest.mark.parametrize(
    "path, payload, status, message",
    [
        ("/v1/check", {"text": "Die Regierung \ud800 tagt."}, 422, "lone surrogate (U+D800) at character 14"),
        ("/v1/translate", {"documents": [{"id": "\udfff", "text": "Guten Tag."}]}, 422, "lone surrogate"),
        ("/v1/translate", {"documents": [{"id": 2**64, "text": "Guten Tag."}]}, 422, "id"),
        ("/v1/jobs", {"documents": [{"id": "x" * 201, "text": "Guten Tag."}]}, 422, "id"),
        ("/v1/check", {"text": "\u200b\ufeff\xad \n"}, 400, "no visible characters"),
        ("/v1/fix", {"text": "\u200b"}, 400, "no visible characters"),
        ("/v1/translate", {"text": "\ufeff"}, 400, "no visible characters"),
        ("/v1/documents", {"text": "\xad\u2060"}, 400, "no visible characters"),
    ],
)
def test_text_that_cannot_be_processed_is_refused_with_a_message(client, path, payload, status, message):
    body = json.dumps(payload).encode()  # json.dumps escapes lone surrogates as JSON allows
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert message in response.json()["error"]


def test_text_is_normalised_on_arrival(client):
    decomposed = "Die Gespra\u0308che in Mu\u0308nchen."  # umlauts as base letter + combining diaeresis
    flags = client.post("/v1/check", json={"text": decomposed}).json()["flags"]
    assert flags == client.post("/v1/check", json={"text": "Die Gespräche in München."}).json()["flags"]


def test_one_bad_request_in_a_shared_batch_fails_alone(translator):
    from concurrent.futures import ThreadPoolExecutor

    from mt.service.batcher import Batcher

    batcher = Batcher(translator, wait=0.5)  # a long window: all six requests share the first batch
    texts = [f"Der Minister reist am {day} ab." for day in ("Montag", "Dienstag", "Mittwoch", "Freitag", "Samstag")]
    bad = "Die Regierung \ud800 tagt."  # the tokenizer cannot encode a lone surrogate
    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(batcher.translate_sentences, [t]) for t in [*texts[:2], bad, *texts[2:]]]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.result()[0].translation)
            except Exception as err:
                outcomes.append(err)
    assert [isinstance(o, Exception) for o in outcomes] == [False, False, True, False, False, False]
    assert all(o.strip() for o in outcomes if isinstance(o, str))


def test_the_job_worker_outlives_a_locked_database_and_resumes_where_it_stopped(
    translator, tmp_path, newstest_de, monkeypatch
):
    import sqlite3

    from mt.service.batcher import Batcher
    from mt.service.jobs import JobRunner
    from mt.service.store import Store

    monkeypatch.setattr("mt.service.store.database.SQLITE_BUSY_TIMEOUT_MS", 100)  # a lock outlasts the wait: errors
    store = Store(f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    documents = [{"id": i, "text": newstest_de[i]} for i in range(4)]
    # A job cut off by a restart after two documents: the stored two are kept, not translated again.
    store.add_job("cut-off", {"documents": documents, "beam": None}, total=4, actor="anna")
    kept = [{"id": 0, "translation": "KEPT 0"}, {"id": 1, "translation": "KEPT 1"}]
    store.update_job("cut-off", status="running", results=kept, done=2)

    lock = sqlite3.connect(tmp_path / "jobs.sqlite", timeout=1)
    lock.execute("BEGIN EXCLUSIVE")  # another process holds the database
    runner = JobRunner(store, Batcher(translator), Approved(store), poll_s=0.2)
    runner.start()
    try:
        deadline = time.time() + 30
        while not runner.state.startswith("retrying"):
            assert time.time() < deadline, runner.state
            time.sleep(0.05)
        lock.rollback()
        lock.close()
        deadline = time.time() + 120
        while (job := store.job("cut-off"))["status"] != "done":
            assert time.time() < deadline, job
            time.sleep(0.2)
    finally:
        runner.stop()
    assert [r["translation"] for r in job["results"][:2]] == ["KEPT 0", "KEPT 1"]
    assert len(job["results"]) == 4 and job["done"] == 4 and all(r["translation"] for r in job["results"])
    assert runner.state == "stopped"


def test_a_term_an_editor_proposes_reaches_translations_once_a_reviewer_approves_it(client, keys):
    text = "Die Botschaften in Berlin und Moskau bleiben geschlossen."
    assert "embass" not in client.post("/v1/translate", json={"text": text}).json()["translation"]  # "messages"
    proposal = client.post("/v1/terms", json={"german": "Botschaft", "english": "embassy", "note": "diplomacy"})
    assert proposal.status_code == 201 and proposal.json()["status"] == "proposed"
    term = proposal.json()["id"]
    assert "embass" not in client.post("/v1/translate", json={"text": text}).json()["translation"]
    assert client.post(f"/v1/terms/{term}/approve").status_code == 403  # an editor does not approve
    approved = client.post(f"/v1/terms/{term}/approve", headers=keys["reviewer"]).json()
    assert (approved["status"], approved["proposed_by"], approved["reviewed_by"]) == (
        "approved",
        "test-editor",
        "test-reviewer",
    )
    try:
        assert "embassies" in client.post("/v1/translate", json={"text": text}).json()["translation"]
        doc = client.post("/v1/documents", json={"title": "next", "text": "Die Botschaft bleibt zu."}).json()
        assert "embassy" in client.post(f"/v1/documents/{doc['id']}/apply").json()["english"]
        request_term = {"german": "Botschaft", "english": "mission"}  # a request's own term wins over the glossary
        assert (
            "missions"
            in client.post("/v1/translate", json={"text": text, "glossary": [request_term]}).json()["translation"]
        )
    finally:
        assert client.delete(f"/v1/terms/{term}", headers=keys["reviewer"]).status_code == 200
    assert "embass" not in client.post("/v1/translate", json={"text": text}).json()["translation"]
    phrase = client.post("/v1/terms", json={"german": "Chef des Stabes", "english": "chief of staff"})
    assert phrase.status_code == 422 and "a German term is one word" in phrase.text
    actions = [(line["action"], line["actor"]) for line in client.get("/v1/audit", headers=keys["admin"]).json()]
    assert {("term.propose", "test-editor"), ("term.approve", "test-reviewer")} <= set(actions)


def test_an_editors_sentence_reaches_other_translations_only_once_another_reviewer_approves_it(app, client, keys):
    doc = client.post("/v1/documents", json={"text": "Der Zug nach Hamburg fällt heute wegen des Sturms aus."}).json()
    [sentence] = client.post(f"/v1/documents/{doc['id']}/apply").json()["sentences"]
    english = "Today's train to Hamburg is cancelled because of the storm."
    edited = client.post(
        f"/v1/documents/{doc['id']}/sentences", json={"source": sentence["source"], "english": english}
    )
    assert edited.json()["memory"] == "proposed"
    later = (
        "Der  Zug nach Hamburg fällt heute wegen des Sturms aus. Der Zug nach Bremen fällt heute wegen des Sturms aus."
    )
    exact, _ = client.post("/v1/translate", json={"text": later}).json()["sentences"]
    assert exact.get("origin") is None and exact["translation"] != english  # a proposal reaches nobody else
    # Memory poisoning: a sentence that is not in the editor's document is refused, and so is another's document.
    poison = client.post(
        f"/v1/documents/{doc['id']}/sentences",
        json={"source": "Lawrow sprach mit Journalisten.", "english": "Lavrov, a convicted fraudster, spoke."},
    )
    assert poison.status_code == 400 and "has no sentence" in poison.json()["error"]
    other = account(app, "otto", "editor")
    foreign = client.post(
        f"/v1/documents/{doc['id']}/sentences",
        json={"source": sentence["source"], "english": "Mine now."},
        headers=other,
    )
    assert foreign.status_code == 403 and "test-editor's" in foreign.json()["error"]
    assert client.post(
        f"/v1/documents/{doc['id']}/decisions", json={"flag": 0, "action": "reject"}, headers=other
    ).status_code in (403, 404)

    [entry] = [m for m in client.get("/v1/memory", params={"status": "proposed"}).json() if m["english"] == english]
    assert (entry["created_by"], entry["origin"], entry["document_id"]) == ("test-editor", "edit", doc["id"])
    assert client.post(f"/v1/memory/{entry['id']}/approve").status_code == 403  # an editor reviews nothing
    approved = client.post(f"/v1/memory/{entry['id']}/approve", headers=keys["reviewer"]).json()
    assert (approved["status"], approved["reviewed_by"]) == ("approved", "test-reviewer")
    exact, near = client.post("/v1/translate", json={"text": later}).json()["sentences"]
    assert (exact["translation"], exact["origin"], exact["confidence"]) == (english, "memory", 1.0)
    assert near.get("origin") is None and near["memory_matches"][0]["translation"] == english
    assert 85 <= near["memory_matches"][0]["similarity"] < 100
    matches = client.get("/v1/memory/matches", params={"sentence": near["source"]}).json()
    assert matches["exact"] is None and matches["similar"][0]["source"] == sentence["source"]

    assert client.delete(f"/v1/memory/{entry['id']}", headers=keys["reviewer"]).json() == {"withdrawn": entry["id"]}
    exact, _ = client.post("/v1/translate", json={"text": later}).json()["sentences"]
    assert exact.get("origin") is None  # removed: gone from every translation at once
    history = client.get("/v1/audit", params={"limit": 50}, headers=keys["admin"]).json()
    actions = [(h["actor"], h["action"]) for h in history]
    assert ("test-reviewer", "memory.approve") in actions and ("test-reviewer", "memory.withdraw") in actions


def test_four_eyes_a_reviewer_cannot_approve_their_own_proposals(app, client, keys):
    doc = client.post("/v1/documents", json={"text": "Die US -Regierung reagierte."}, headers=keys["reviewer"]).json()
    decision = client.post(
        f"/v1/documents/{doc['id']}/decisions", json={"flag": 0, "action": "accept"}, headers=keys["reviewer"]
    ).json()
    own = client.post(f"/v1/rules/{decision['rule']}/approve", headers=keys["reviewer"])
    assert own.status_code == 403 and "four eyes" in own.json()["error"]
    term = client.post(
        "/v1/terms", json={"german": "Zugspitze", "english": "Zugspitze"}, headers=keys["reviewer"]
    ).json()
    assert client.post(f"/v1/terms/{term['id']}/approve", headers=keys["reviewer"]).status_code == 403
    assert client.post(f"/v1/terms/{term['id']}/approve", headers=keys["admin"]).json()["status"] == "approved"
    assert (
        client.post(f"/v1/rules/{decision['rule']}/approve", headers=keys["admin"]).json()["reviewed_by"]
        == "test-admin"
    )


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/v1/documents/{}"),
        ("POST", "/v1/documents/{}/apply"),
        ("POST", "/v1/rules/{}/approve"),
        ("DELETE", "/v1/rules/{}"),
        ("POST", "/v1/terms/{}/decline"),
        ("DELETE", "/v1/memory/{}"),
        ("GET", "/documents/{}"),
    ],
)
def test_ids_in_paths_past_64_bits_are_refused_not_crashed(client, keys, method, path):
    for value in (2**63, 2**64 + 5, -1, 0):
        response = client.request(method, path.format(value), headers=keys["admin"])
        assert response.status_code == 422, (path, value, response.text)


def test_the_pages_sign_in_and_refuse_framing_forged_and_cross_origin_posts(app, client):
    account(app, "paula", "editor", password="a long password")
    browser = TestClient(app)  # no key: a browser with a cookie jar
    assert browser.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    wrong = browser.post("/login", data={"username": "paula", "password": "not it at all"})
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    signed_in = browser.post(
        "/login", data={"username": "paula", "password": "a long password", "next": "/"}, follow_redirects=False
    )
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
    cookie = signed_in.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie  # plain HTTP here
    assert (
        browser.post(
            "/login",
            data={"username": "paula", "password": "x", "next": "https://evil.example"},
            follow_redirects=False,
        ).status_code
        == 401
    )

    page = browser.get("/")
    assert page.status_code == 200 and "paula (editor)" in page.text
    assert (
        page.headers["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    )
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    forged = browser.post("/v1/check", json={"text": "Guten Tag."})  # a cookie but no token: a forged request
    assert forged.status_code == 403 and "CSRF" in forged.json()["error"]
    assert browser.post("/v1/check", json={"text": "Guten Tag."}, headers={"X-CSRF-Token": csrf}).status_code == 200
    doc = browser.post("/v1/documents", json={"text": "Die US -Regierung reagierte."}, headers={"X-CSRF-Token": csrf})
    assert doc.json()["id"] > 0
    cross = browser.post(
        f"/v1/documents/{doc.json()['id']}/apply", headers={"Origin": "https://evil.example", "X-CSRF-Token": csrf}
    )
    assert cross.status_code == 403 and cross.headers["X-Frame-Options"] == "DENY"
    sneaky = browser.post(
        "/v1/check", json={"text": "Guten Tag."}, headers={"Sec-Fetch-Site": "cross-site", "X-CSRF-Token": csrf}
    )
    assert sneaky.status_code == 403
    assert browser.post("/logout", headers={"X-CSRF-Token": csrf}, follow_redirects=False).status_code == 303
    assert browser.get("/v1/documents").status_code == 401  # the session ended


def test_only_the_allowed_host_names_are_served(translator, tmp_path):
    app = create_app(translator, f"sqlite:///{tmp_path / 'hosts.sqlite'}", allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        assert local.get("/health").status_code == 200
    with TestClient(app, base_url="http://attacker.example") as rebound:
        response = rebound.get("/health")
        assert response.status_code == 400 and "not served here" in response.json()["error"]
    result = run_mt("serve", "--host", "0.0.0.0")
    assert result.returncode == 2 and "--allowed-host" in result.stderr


def test_rule_ids_are_never_reused_and_replacements_are_capped(client, keys):
    doc = client.post("/v1/documents", json={"text": "Ein großer Flashpoint bleibt."}).json()
    flags = client.get(f"/v1/documents/{doc['id']}").json()["flags"]
    flag = next(i for i, f in enumerate(flags) if f["text"] == "Flashpoint")
    decide = f"/v1/documents/{doc['id']}/decisions"
    first = client.post(decide, json={"flag": flag, "action": "edit", "replacement": "Brennpunkt"}).json()["rule"]
    assert client.delete(f"/v1/rules/{first}", headers=keys["reviewer"]).status_code == 200
    second = client.post(decide, json={"flag": flag, "action": "edit", "replacement": "Krisenherd"}).json()["rule"]
    assert second > first
    assert client.delete(f"/v1/rules/{first}", headers=keys["reviewer"]).status_code == 404  # a stale Undo: nothing
    long = client.post(decide, json={"flag": flag, "action": "edit", "replacement": "x" * 1001})
    assert long.status_code == 422 and "replacement" in long.json()["error"]


@pytest.mark.parametrize(
    "method, path",
    [
        ("POST", "/v1/translate"),
        ("POST", "/v1/check"),
        ("POST", "/v1/fix"),
        ("POST", "/v1/evaluate"),
        ("POST", "/v1/jobs"),
        ("GET", "/v1/jobs/x"),
        ("POST", "/v1/documents"),
        ("GET", "/v1/documents"),
        ("GET", "/v1/documents/1"),
        ("POST", "/v1/documents/1/decisions"),
        ("POST", "/v1/documents/1/apply"),
        ("GET", "/v1/documents/1/export/en"),
        ("GET", "/v1/rules"),
        ("POST", "/v1/rules/1/approve"),
        ("DELETE", "/v1/rules/1"),
        ("GET", "/v1/users"),
        ("GET", "/v1/audit"),
        ("GET", "/v1/me"),
    ],
)
def test_anonymous_requests_are_refused(app, method, path):
    anonymous = TestClient(app)
    response = anonymous.request(method, path, json={"text": "Guten Tag."})
    assert response.status_code == 401 and "sign in" in response.json()["error"], response.text
    assert response.headers["WWW-Authenticate"] == "Bearer"
    wrong_key = anonymous.request(method, path, headers={"Authorization": "Bearer mt_000000000000_" + "x" * 43})
    assert wrong_key.status_code == 401 and "wrong or disabled" in wrong_key.json()["error"]


def test_open_routes_and_offline_api_docs(app):
    anonymous = TestClient(app)
    assert anonymous.get("/health").json()["status"] == "ok"
    assert anonymous.get("/languages").json()[0] == {"code": "de", "name": "German", "targets": ["en"]}
    assert anonymous.post("/translate", data={"q": "Hallo", "source": "de", "target": "en"}).status_code == 403
    docs = anonymous.get("/docs").text
    scripts = re.findall(r'src="([^"]+)"', docs) + re.findall(r'href="([^"]+\.css)"', docs)
    assert scripts and all(s.startswith("/static-offline-docs/") for s in scripts), scripts
    assert anonymous.get(scripts[0]).status_code == 200
    assert anonymous.get("/login").status_code == 200


def test_roles_accounts_keys_and_the_audit_trail(client, keys):
    for role, status in (("editor", 403), ("reviewer", 403), ("admin", 200)):
        assert client.get("/v1/users", headers=keys[role]).status_code == status
        assert client.get("/v1/audit", headers=keys[role]).status_code == status
    admin = keys["admin"]
    assert client.get("/v1/me", headers=admin).json() == {"name": "test-admin", "role": "admin", "via": "key"}
    added = client.post("/v1/users", json={"name": "bot", "role": "editor"}, headers=admin)
    assert added.status_code == 201
    assert client.post("/v1/users", json={"name": "Bad Name", "role": "editor"}, headers=admin).status_code == 400
    assert client.post("/v1/users", json={"name": "x", "role": "king"}, headers=admin).status_code == 400
    key = client.post("/v1/users/bot/keys", json={"label": "feed"}, headers=admin).json()["key"]
    bot = {"Authorization": f"Bearer {key}"}
    job = client.post("/v1/jobs", json={"documents": [{"text": "Guten Tag."}]}, headers=bot).json()
    assert client.get(f"/v1/jobs/{job['id']}", headers=bot).status_code == 200
    assert client.get(f"/v1/jobs/{job['id']}").status_code == 404  # another editor's job is not yours to see
    assert client.get(f"/v1/jobs/{job['id']}", headers=admin).status_code == 200
    assert client.post("/v1/users/bot/disable", headers=admin).json()["disabled"]
    assert client.post("/v1/check", json={"text": "Guten Tag."}, headers=bot).status_code == 401

    history = client.get("/v1/audit", params={"limit": 5}, headers=admin).json()
    assert [(h["actor"], h["action"]) for h in history[:4]] == [
        ("test-admin", "user.disable"),
        ("bot", "job.submit"),
        ("test-admin", "key.add"),
        ("test-admin", "user.add"),
    ]
    page = client.get("/audit", headers=admin)
    assert page.status_code == 200 and "user.disable" in page.text and "test-admin" in page.text
    assert client.get("/audit").status_code == 403


def test_the_local_sign_in_link_and_token(translator, tmp_path):
    app = create_app(translator, f"sqlite:///{tmp_path / 'local.sqlite'}", login_token="the-printed-token")
    browser = TestClient(app)
    assert browser.get("/login", params={"token": "a-guess"}).status_code == 403
    signed_in = browser.get("/login", params={"token": "the-printed-token", "next": "/audit"}, follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/audit"
    assert browser.get("/audit").status_code == 200  # the local account is an admin
    program = TestClient(app, headers={"Authorization": "Bearer the-printed-token"})
    assert program.get("/v1/me").json() == {"name": "local", "role": "admin", "via": "token"}


def test_guessing_passwords_or_keys_is_slowed_down_but_the_right_ones_still_get_in(translator, tmp_path, monkeypatch):
    monkeypatch.setattr("mt.service.limiting.SLOW_LANE_S", 0.5)
    app = create_app(translator, f"sqlite:///{tmp_path / 'guess.sqlite'}", Limits(failed_logins_per_minute=3))
    account(app, "anna", "editor", password="a long password")
    fresh = account(app, "ben", "editor")
    guesser = TestClient(app)
    statuses = [
        guesser.post("/login", data={"username": "anna", "password": f"guess {i}"}).status_code for i in range(5)
    ]
    assert statuses[:3] == [401, 401, 401] and statuses[4] == 429  # past the limit: one try per slow-lane wait
    refused = guesser.post("/login", data={"username": "anna", "password": "a long password"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    time.sleep(0.6)  # the slow lane: the right password from the same address gets in
    right = guesser.post("/login", data={"username": "anna", "password": "a long password"}, follow_redirects=False)
    assert right.status_code == 303
    # A key with no such prefix costs no argon2 work (401, never a lock); a valid key never seen before
    # verifies, whatever failed from its address.
    assert guesser.get("/v1/me", headers={"Authorization": "Bearer mt_000000000000_" + "y" * 43}).status_code == 401
    assert guesser.get("/v1/me", headers=fresh).status_code == 200
    # X-Forwarded-For from a client is not believed (mt serve trusts it only from --forwarded-allow-ips).
    spoofed = [
        guesser.post(
            "/login", data={"username": "anna", "password": f"again {i}"}, headers={"X-Forwarded-For": f"10.0.0.{i}"}
        ).status_code
        for i in range(4)
    ]
    assert 429 in spoofed


def test_the_local_token_dies_with_the_local_account(translator, tmp_path):
    app = create_app(translator, f"sqlite:///{tmp_path / 'local.sqlite'}", login_token="the-printed-token")
    program = TestClient(app, headers={"Authorization": "Bearer the-printed-token"})
    assert program.post("/v1/users", json={"name": "eve", "role": "admin", "password": None}).status_code == 201
    assert program.post("/v1/users/local/disable").status_code == 200
    assert program.get("/v1/me").status_code == 401
    assert program.post("/v1/users", json={"name": "mallory", "role": "admin"}).status_code == 401


@pytest.mark.parametrize(
    "password, why",
    [
        ("1234567890", "digits"),
        ("password12", "easy to guess"),
        (" " * 10, "spaces"),
        ("anna.schmidt2024", "easy to guess"),
        ("short", "at least 10"),
    ],
)
def test_common_numeric_and_name_like_passwords_are_refused(client, keys, password, why):
    response = client.post(
        "/v1/users", json={"name": "anna.schmidt", "role": "editor", "password": password}, headers=keys["admin"]
    )
    assert response.status_code == 400 and why in response.json()["error"], response.text


def test_mt_users_and_mt_audit_on_the_command_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    added = run_mt(
        "users", "add", "anna", "--role", "reviewer", "--password-stdin", "--db", db, stdin="a long password\n"
    )
    assert added.returncode == 0, added.stderr
    assert run_mt("users", "add", "bot", "--no-password", "--db", db).returncode == 0
    assert "already" in run_mt("users", "add", "bot", "--no-password", "--db", db).stderr
    short = run_mt("users", "add", "carl", "--password-stdin", "--db", db, stdin="short\n")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    assert "no terminal" in run_mt("users", "add", "dora", "--db", db, stdin="").stderr
    key = run_mt("users", "key", "bot", "--label", "feed", "--db", db)
    assert key.stdout.startswith("mt_") and "shown only now" in key.stderr
    run_mt("users", "disable", "anna", "--db", db)
    listed = json.loads(run_mt("users", "list", "--json", "--db", db).stdout)
    assert [(u["name"], u["role"], u["disabled"], u["keys"]) for u in listed] == [
        ("anna", "reviewer", True, 0),
        ("bot", "editor", False, 1),
    ]
    text = run_mt("users", "list", "--db", db).stdout
    assert "anna" in text and "disabled" in text
    history = json.loads(run_mt("audit", "--json", "--db", db).stdout)
    assert [h["action"] for h in history] == ["user.disable", "key.add", "user.add", "user.add"]
    assert history[0]["actor"].startswith("cli:")
    assert "user.disable" in run_mt("audit", "--db", db, "--user", history[0]["actor"]).stdout
    network = run_mt("serve", "--host", "10.0.0.1", "--db", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    assert network.returncode == 2 and "mt users add" in network.stderr


def test_work_per_request_is_bounded(translator, tmp_path, newstest_de):
    # a second: a 96,000-character word is 0.15–0.3 s of checking, twice that on a busy shared machine
    tight = Limits(time_budget_s=1.0, requests_per_minute=1_000)
    app = create_app(translator, f"sqlite:///{tmp_path / 'bounded.sqlite'}", tight)
    headers = account(app, "anna", "editor")
    with TestClient(app, headers=headers) as client:
        word = "Donaudampfschifffahrtsgesellschaft" * 2_824  # one 96,000-character word
        started = time.perf_counter()
        answer = client.post("/v1/check", json={"text": f"Das {word} ist lang."})
        assert answer.status_code == 200 and time.perf_counter() - started < 5
        assert [f["category"] for f in answer.json()["flags"]] == ["non-word"]
        long_text = "\n\n".join(newstest_de[:300])  # about 40,000 characters of news: more than 1 s of work
        started = time.perf_counter()
        slow = client.post("/v1/translate", json={"text": long_text})
        assert slow.status_code == 503 and "time budget of 1 s" in slow.json()["error"]
        assert time.perf_counter() - started < 10
        slow = client.post("/v1/check", json={"text": long_text})
        assert slow.status_code == 503 and "time budget" in slow.json()["error"]
        # The translation past its budget finishes its piece in the background: wait for it (no budget here),
        # so that the next request does not share two cores with it under a 1 s budget.
        assert app.state.services.batcher.translate_sentences(["Guten Tag."])
        assert client.post("/v1/check", json={"text": "Guten Tag."}).status_code == 200  # the service is fine


def test_an_answer_over_the_response_limit_is_refused(translator, tmp_path):
    app = create_app(translator, f"sqlite:///{tmp_path / 'answer.sqlite'}", Limits(max_response_bytes=3_000))
    with TestClient(app, headers=account(app, "anna", "editor")) as client:
        flags = client.post("/v1/check", json={"text": "Die US -Regierung und die EU -Kommission. " * 20})
        assert flags.status_code == 413 and "the answer would be" in flags.json()["error"]
        assert client.post("/v1/check", json={"text": "Die US -Regierung."}).status_code == 200


def test_rates_per_user_and_load_in_all_are_limited(translator, tmp_path):
    from mt.service.limiting import Admission

    app = create_app(translator, f"sqlite:///{tmp_path / 'rate.sqlite'}", Limits(requests_per_minute=3))
    with TestClient(app, headers=account(app, "anna", "editor")) as client:
        statuses = [client.post("/v1/check", json={"text": "Guten Tag."}).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.post("/v1/check", json={"text": "Guten Tag."})
        assert 1 <= int(limited.headers["Retry-After"]) <= 60 and "3 requests per minute" in limited.json()["error"]
        assert client.get("/v1/documents").status_code == 200  # reading is not limited

    admission = Admission(Limits(concurrent_per_user=2, chars_per_minute=100))
    with admission.admit("anna"), admission.admit("anna"):
        with pytest.raises(HTTPException) as per_user:
            admission.admit("anna").__enter__()
        assert per_user.value.status_code == 429 and per_user.value.headers["Retry-After"]
        with admission.admit("ben"):
            pass
    with admission.admit("anna"), admission.admit("carl"):  # the slots came back
        admission.charge("carl", 60)
        with pytest.raises(HTTPException, match="characters"):
            admission.charge("carl", 60)


def test_libretranslate_requests(client, keys):
    key = keys["editor"]["Authorization"].removeprefix("Bearer ")
    anonymous = TestClient(client.app)
    one = anonymous.post("/translate", data={"q": "Guten Morgen.", "source": "de", "target": "en", "api_key": key})
    assert one.status_code == 200 and "morning" in one.json()["translatedText"].lower()
    many = anonymous.post(
        "/translate", json={"q": ["Guten Morgen.", "Danke."], "source": "auto", "target": "en", "api_key": key}
    )
    assert len(many.json()["translatedText"]) == 2
    for body, status, message in [
        ({"q": "Hallo", "source": "de", "target": "en", "api_key": "wrong"}, 403, "Invalid API key"),
        ({"source": "de", "target": "en", "api_key": key}, 400, "missing q"),
        ({"q": "Hallo", "source": "en", "target": "de", "api_key": key}, 400, "German to English"),
    ]:
        response = anonymous.post("/translate", json=body)
        assert response.status_code == status and message in response.json()["error"]


def test_requests_beyond_the_in_flight_limit_are_refused_not_queued(translator, tmp_path, newstest_de):
    from concurrent.futures import ThreadPoolExecutor

    app = create_app(translator, f"sqlite:///{tmp_path / 'busy.sqlite'}", Limits(max_in_flight=1))
    with TestClient(app, headers=account(app, "anna", "editor")) as client:

        def translate_politely():  # a client that honours Retry-After
            while (
                response := client.post("/v1/translate", json={"text": " ".join(newstest_de[:40])})
            ).status_code == 503:
                time.sleep(0.05)
            return response

        assert client.post("/v1/check", json={"text": "Guten Tag."}).status_code == 200
        refusals = []
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(translate_politely)
            while not slow.done():
                response = client.post("/v1/check", json={"text": "Guten Tag."})
                if response.status_code == 503:
                    refusals.append(response.headers["Retry-After"])
                time.sleep(0.05)
        assert slow.result().status_code == 200 and refusals and set(refusals) == {"2"}
        assert client.get("/health").status_code == 200
        assert client.post("/v1/check", json={"text": "Guten Tag."}).status_code == 200


def test_a_browsers_same_origin_form_passes_and_another_sites_is_refused_on_a_page_and_recorded(app):
    account(app, "sina", "editor", password="a password of hers")
    browser = TestClient(app)
    form = {"username": "sina", "password": "a password of hers"}
    # Chromium under the old "no-referrer" policy sent Origin: null on the sign-in form's own POST.
    own = browser.post("/login", data=form, headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 200 and "sina (editor)" in own.text
    assert own.headers["Referrer-Policy"] == "same-origin"
    for headers in ({"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        refused = TestClient(app).post(
            "/login", data=form, headers={**headers, "Accept": "text/html", "Sec-Fetch-Mode": "navigate"}
        )
        assert refused.status_code == 403 and "text/html" in refused.headers["content-type"]
        assert "cross-origin request refused" in refused.text and "<h1>Not allowed</h1>" in refused.text
    lines = [line for line in app.state.services.store.history(50) if line["action"] == "login.refused"]
    assert any(line["detail"].get("reason") == "cross-origin" for line in lines)
    missing = browser.get("/documents/999999", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "no document 999999" in missing.text and "<html" in missing.text
    assert browser.get("/v1/documents/999999").json() == {"error": "no document 999999"}  # programs get JSON


def test_accepting_a_flag_takes_the_suggestion_chosen(client):
    text = "Die Hochgeschwindige Delegation reiste ab."
    doc = client.post("/v1/documents", json={"text": text}).json()
    flags = client.get(f"/v1/documents/{doc['id']}").json()["flags"]
    index, flag = next((i, f) for i, f in enumerate(flags) if f["text"] == "Hochgeschwindige")
    assert len(flag["suggestions"]) >= 2
    decide = f"/v1/documents/{doc['id']}/decisions"
    too_far = client.post(decide, json={"flag": index, "action": "accept", "suggestion": len(flag["suggestions"])})
    assert too_far.status_code == 400 and "suggestions" in too_far.json()["error"]
    assert client.post(decide, json={"flag": index, "action": "accept", "suggestion": 1}).status_code == 201
    german = client.post(f"/v1/documents/{doc['id']}/apply").json()["german"]
    assert german == text.replace("Hochgeschwindige", flag["suggestions"][1])


def test_libretranslate_detect_auto_alternatives_limits_and_settings(client, keys):
    key = keys["editor"]["Authorization"].removeprefix("Bearer ")
    anonymous = TestClient(client.app)
    detected = anonymous.post("/detect", data={"q": "Bonjour, je m'appelle Marie et j'habite à Paris.", "api_key": key})
    assert detected.status_code == 200 and detected.json()[0]["language"] == "fr"
    assert 50 < detected.json()[0]["confidence"] <= 100
    assert anonymous.post("/detect", data={"q": "Hallo.", "api_key": "wrong"}).status_code == 403
    auto = anonymous.post(
        "/translate", json={"q": "Der Zug fährt um acht Uhr ab.", "source": "auto", "target": "en", "api_key": key}
    ).json()
    assert auto["detectedLanguage"]["language"] == "de" and "train" in auto["translatedText"].lower()
    french = anonymous.post(
        "/translate",
        json={
            "q": "Bonjour, je m'appelle Marie et j'habite à Paris.",
            "source": "auto",
            "target": "en",
            "api_key": key,
        },
    )
    assert french.status_code == 400 and "French" in french.json()["error"]
    alternatives = anonymous.post(
        "/translate",
        json={"q": "Guten Morgen.", "source": "de", "target": "en", "alternatives": 3, "api_key": key},
    ).json()
    assert alternatives["alternatives"] == [] and alternatives["translatedText"]
    too_long = anonymous.post(
        "/translate", json={"q": "Ein Satz. " * 2_500, "source": "de", "target": "en", "api_key": key}
    )
    assert too_long.status_code == 400 and "exceeds text limit" in too_long.json()["error"]
    settings = anonymous.get("/frontend/settings").json()
    assert settings["keyRequired"] is True and settings["language"]["source"]["code"] == "de"
    # No CORS unless asked for: a browser page of another site cannot read the answer.
    preflight = {"Origin": "https://translate.example.org", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in anonymous.options("/translate", headers=preflight).headers


def test_cors_is_opened_to_the_named_sites_for_libretranslates_routes_only(translator, tmp_path):
    app = create_app(
        translator, f"sqlite:///{tmp_path / 'cors.sqlite'}", cors_origins=["https://translate.example.org"]
    )
    headers = account(app, "plugin", "editor")
    key = headers["Authorization"].removeprefix("Bearer ")
    with TestClient(app) as browser:
        preflight = browser.options(
            "/translate",
            headers={"Origin": "https://translate.example.org", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.headers["access-control-allow-origin"] == "https://translate.example.org"
        # The web page's own form post from its site, with the key in the body, as LibreTranslate's page sends it.
        answer = browser.post(
            "/translate",
            data={"q": "Guten Morgen.", "source": "de", "target": "en", "api_key": key},
            headers={"Origin": "https://translate.example.org", "Sec-Fetch-Site": "cross-site"},
        )
        assert (
            answer.status_code == 200
            and answer.headers["access-control-allow-origin"] == "https://translate.example.org"
        )
        other = browser.options(
            "/translate", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in other.headers
        api = browser.options(
            "/v1/translate",
            headers={"Origin": "https://translate.example.org", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in api.headers  # the rest of the API stays closed


@pytest.mark.slow
def test_slow_anonymous_uploads_hold_no_slot_and_are_cut_off(tmp_path):
    """70 sockets from another address (127.0.0.2) sending a byte now and then: the editor on 127.0.0.1 is served
    throughout, the extra sockets are refused at once, and the slow ones are closed by their time-outs."""
    db, port = tmp_path / "slow.sqlite", free_port()
    assert run_mt("users", "add", "feed", "--no-password", "--db", f"sqlite:///{db}").returncode == 0
    key = run_mt("users", "key", "feed", "--db", f"sqlite:///{db}").stdout.strip()
    server, _ = serve(
        db, port, "--no-token", "--max-in-flight", "8", "--header-timeout", "3", "--body-timeout", "3",
        "--max-connections-per-client", "32",
    )  # fmt: skip
    sockets = []
    try:
        for i in range(70):
            s = socket.socket()
            s.bind(("127.0.0.2", 0))
            s.settimeout(10)
            s.connect(("127.0.0.1", port))
            # Half never finish their headers; half finish them and then dribble a body.
            s.sendall(
                b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (b"Content-Length: 1000\r\n\r\n{" if i % 2 else b"")
            )
            sockets.append(s)
        started = time.time()
        editor = {"Authorization": f"Bearer {key}"}
        while time.time() - started < 5:
            answer = httpx.post(
                f"http://127.0.0.1:{port}/v1/check", json={"text": "Guten Tag."}, headers=editor, timeout=10
            )
            assert answer.status_code == 200, answer.text
            assert httpx.get(f"http://127.0.0.1:{port}/health").json()["status"] == "ok"
            for s in sockets:
                try:
                    s.send(b"x")
                except OSError:
                    pass  # closed by the server
            time.sleep(0.5)
        answers = []  # the sockets send nothing more now: within the 3 s time-outs each is closed or answered
        for s in sockets:
            s.settimeout(5)
            try:
                answers.append(s.recv(1024)[:12])  # b"" (closed) or the 408's status line
            except TimeoutError:
                answers.append(None)  # still open: the time-outs did not work
            except ConnectionError:
                answers.append(b"")
        assert None not in answers
        assert answers.count(b"HTTP/1.1 408") >= 10  # bodies that stopped arriving are told so
    finally:
        for s in sockets:
            s.close()
        stop(server)


def test_a_check_past_its_budget_stops_using_the_cpu(translator, tmp_path):
    import random
    import string

    app = create_app(translator, f"sqlite:///{tmp_path / 'budget.sqlite'}", Limits(time_budget_s=2))
    headers = account(app, "anna", "editor")
    rng = random.Random(7)
    words = " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(8, 14))) for _ in range(3000))
    with TestClient(app, headers=headers) as client:
        started = time.time()
        refused = client.post("/v1/check", json={"text": words})
        assert refused.status_code == 503 and "budget" in refused.json()["error"]
        assert time.time() - started < 4
        # The checker's threads are free again within a moment: a short text is checked at once.
        started = time.time()
        assert client.post("/v1/check", json={"text": "Die US -Regierung reagierte."}).status_code == 200
        assert time.time() - started < 3
        too_many = client.post("/v1/check", json={"text": "ja " * 20_001})
        assert too_many.status_code == 413 and "20000" in too_many.json()["error"]


def job_under_way(client, texts: list[str]) -> dict:
    """A job of these texts, once its first two documents are done."""
    job = client.post("/v1/jobs", json={"documents": [{"id": i, "text": t} for i, t in enumerate(texts)]}).json()
    deadline = time.time() + 60
    while client.get(f"/v1/jobs/{job['id']}").json()["done"] < 2:
        assert time.time() < deadline
        time.sleep(0.1)
    return job


def test_a_database_outage_is_a_503_and_the_job_runner_resumes_a_job_it_was_running(
    translator, tmp_path, newstest_de, monkeypatch
):
    import sqlite3

    monkeypatch.setattr("mt.service.store.database.SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "outage.sqlite"
    app = create_app(translator, f"sqlite:///{path}")
    headers = account(app, "anna", "editor")
    with TestClient(app, headers=headers) as client:
        job = job_under_way(client, newstest_de[:30])
        lock = sqlite3.connect(path, timeout=1)
        lock.execute("BEGIN EXCLUSIVE")  # another process holds the database, past the busy time-out
        try:
            during = client.post("/v1/documents", json={"text": "Guten Tag."})
            assert during.status_code == 503 and during.headers["Retry-After"] and "database" in during.json()["error"]
            deadline = time.time() + 30
            while not (health := client.get("/health").json())["problems"]:
                assert time.time() < deadline, health
                time.sleep(0.2)
            assert health["status"] == "degraded" and "OperationalError" in " ".join(health["problems"])
        finally:
            lock.rollback()
            lock.close()
        deadline = time.time() + 180
        while (state := client.get(f"/v1/jobs/{job['id']}").json())["status"] != "done":
            assert time.time() < deadline, state
            time.sleep(0.3)
        assert state["done"] == 30 and client.get("/health").json()["status"] == "ok"


def test_jobs_of_different_users_take_turns_and_each_user_has_a_cap(translator, tmp_path):
    app = create_app(translator, f"sqlite:///{tmp_path / 'fair.sqlite'}", Limits(max_queued_jobs_per_user=2))
    flood, other = account(app, "flood", "editor"), account(app, "other", "editor")
    with TestClient(app) as client:
        big = [{"text": f"Guten Morgen, Nummer {i}."} for i in range(60)]
        first = client.post("/v1/jobs", json={"documents": big}, headers=flood).json()
        client.post("/v1/jobs", json={"documents": big}, headers=flood)
        capped = client.post("/v1/jobs", json={"documents": big[:1]}, headers=flood)
        assert capped.status_code == 429 and "jobs of yours" in capped.json()["error"]
        small = client.post("/v1/jobs", json={"documents": big[:2]}, headers=other).json()
        deadline = time.time() + 300
        while client.get(f"/v1/jobs/{small['id']}", headers=other).json()["status"] != "done":
            assert time.time() < deadline
            time.sleep(0.2)
        # The small job did not wait for the flood's 120 documents: the flood's first job is not even done.
        assert client.get(f"/v1/jobs/{first['id']}", headers=flood).json()["done"] < 60


@pytest.mark.slow
def test_mt_serve_believes_forwarded_for_only_from_the_proxies_named(tmp_path):
    db, port = tmp_path / "proxy.sqlite", free_port()
    assert (
        run_mt(
            "users", "add", "anna", "--password-stdin", "--db", f"sqlite:///{db}", stdin="a long password\n"
        ).returncode
        == 0
    )
    for options, bypassed in (((), False), (("--forwarded-allow-ips", "127.0.0.1"), True)):
        server, _ = serve(db, port, "--no-token", *options)
        try:
            statuses = [
                httpx.post(
                    f"http://127.0.0.1:{port}/login",
                    data={"username": "anna", "password": f"guess {i}"},
                    headers={"X-Forwarded-For": f"198.51.100.{i}"},
                ).status_code
                for i in range(12)
            ]
        finally:
            stop(server)
        # Not believed: every guess comes from 127.0.0.1 and the limit holds; believed (a proxy on this machine
        # names each client), twelve addresses each try once.
        assert (429 not in statuses) == bypassed, statuses


def test_the_review_service_keeps_english_and_says_so(client):
    text = "Der Minister sagte: „We will not give up on this deal, whatever it takes.“ We are ready to talk again."
    doc = client.post("/v1/documents", json={"text": text}).json()
    quoted, english = client.post(f"/v1/documents/{doc['id']}/apply").json()["sentences"]
    assert quoted["kept_quotes"] == ["We will not give up on this deal, whatever it takes."]
    assert (english["origin"], english["language"], english["translation"]) == ("kept", "en", english["source"])
    assert english["qa"] == []
    french = client.post("/v1/check", json={"text": "Le gouvernement a annoncé mardi de nouvelles mesures."}).json()
    assert french["flags"] == [] and french["language"]["language"] == "fr" and "not German" in french["not_checked"]


@pytest.mark.slow
def test_a_stopped_postgresql_is_a_503_and_jobs_resume_once_it_is_back(translator, newstest_de):
    from conftest import ThrowawayPostgres
    from sqlalchemy import create_engine, text

    server = ThrowawayPostgres()
    try:
        admin = create_engine(f"{server.url}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text("CREATE DATABASE mt_outage"))
        admin.dispose()
        app = create_app(translator, f"{server.url}/mt_outage")
        headers = account(app, "anna", "editor")
        with TestClient(app, headers=headers) as client:
            job = job_under_way(client, newstest_de[:20])
            server.stop()
            during = client.post("/v1/documents", json={"text": "Guten Tag."})
            assert during.status_code == 503 and during.headers["Retry-After"], during.text
            health = client.get("/health").json()
            assert health["status"] == "degraded" and any("database" in p for p in health["problems"])
            server.start()
            deadline = time.time() + 180
            while True:  # the runner waits out its back-off, requeues the job and finishes it
                try:
                    state = client.get(f"/v1/jobs/{job['id']}").json()
                except Exception:  # a pooled connection from before the restart fails once
                    state = {}
                if state.get("status") == "done":
                    break
                assert time.time() < deadline, state
                time.sleep(0.5)
            assert state["done"] == 20 and client.get("/health").json()["status"] == "ok"
    finally:
        server.remove()
