"""The review service: API on the real model, limits, stored decisions and jobs, and the page in Chromium."""

import io
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import BUNDLED, ROOT, run_mt
from fastapi.testclient import TestClient

from mt import Document
from mt.logs import configure
from mt.service.app import Limits, create_app
from mt.service.store import StoreError, open_store

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def client(translator, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "review.sqlite"
    app = create_app(translator, f"sqlite:///{db}", Limits(max_body_bytes=200_000, max_document_chars=20_000))
    with TestClient(app) as client:  # runs the lifespan: the job runner starts and stops with it
        yield client


def test_one_log_line_per_request_and_tracebacks_only_in_the_log(translator, tmp_path):
    stream = io.StringIO()
    configure("info", json=True, stream=stream)
    app = create_app(translator, f"sqlite:///{tmp_path / 'log.sqlite'}")

    def boom() -> None:
        raise RuntimeError("a bug in a handler")

    app.add_api_route("/boom", boom)  # a route of the test's own that fails
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
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


def test_review_decisions_become_rules(client):
    text = "Die Biden -Verwaltung und die US -Regierung verhandeln. Ein großer Flashpoint bleibt."
    doc = client.post("/v1/documents", json={"title": "<script>alert(1)</script>", "text": text}).json()
    flags = client.get(f"/v1/documents/{doc['id']}").json()["flags"]
    spacing = next(i for i, f in enumerate(flags) if f["text"] == "US -Regierung")
    flashpoint = next(i for i, f in enumerate(flags) if f["text"] == "Flashpoint")
    client.post(f"/v1/documents/{doc['id']}/decisions", json={"flag": spacing, "action": "accept"})
    client.post(
        f"/v1/documents/{doc['id']}/decisions", json={"flag": flashpoint, "action": "edit", "replacement": "Brennpunkt"}
    )
    applied = client.post(f"/v1/documents/{doc['id']}/apply").json()
    assert "US-Regierung" in applied["german"] and "Brennpunkt" in applied["german"] and applied["english"]

    later = client.post("/v1/check", json={"text": "Der Flashpoint liegt im Osten."}).json()["flags"]
    assert [(f["check"], f["suggestions"]) for f in later] == [("learned", ["Brennpunkt"])]
    rule = next(r for r in client.get("/v1/rules").json() if r["text"] == "Flashpoint")
    client.post(f"/v1/documents/{doc['id']}/decisions", json={"flag": flashpoint, "action": "reject"})
    assert not client.post("/v1/check", json={"text": "Der Flashpoint liegt im Osten."}).json()["flags"]
    suppress = next(r for r in client.get("/v1/rules").json() if r["text"] == "Flashpoint")
    assert suppress["kind"] == "suppress" and rule["kind"] == "replace"
    assert client.delete(f"/v1/rules/{suppress['id']}").status_code == 200
    assert client.post("/v1/check", json={"text": "Der Flashpoint liegt im Osten."}).json()["flags"]

    page = client.get("/").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "mt", "serve", "--model", str(BUNDLED), "--db", f"sqlite:///{db}", "--port", str(port)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
        assert process.poll() is None, process.stderr.read()
    raise AssertionError("mt serve did not start")


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")
def test_review_page_in_chromium(tmp_path, seed_text):
    from playwright.sync_api import expect, sync_playwright

    db, port = tmp_path / "review.sqlite", free_port()
    server = serve(db, port)
    try:
        doc = httpx.post(
            f"http://127.0.0.1:{port}/v1/documents", json={"title": "Lavrov", "text": seed_text}, timeout=60
        ).json()
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM),
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/documents/{doc['id']}")
            major = page.locator('.flag[data-severity="major"]').filter(has=page.locator("button.accept:enabled")).first
            suggestion = major.get_attribute("data-suggestion")
            major.locator("button.accept").click()
            expect(major.locator(".state")).to_contain_text("accept")
            page.keyboard.press("t")  # the shortcut for "apply and translate"
            expect(page.locator("#english")).not_to_be_empty(timeout=60_000)
            assert suggestion in page.locator("#german").inner_text()
            assert len(page.locator("#english").inner_text()) > 500
            browser.close()
    finally:
        server.terminate()
        server.wait()

    server = serve(db, port)  # the decision and its rule survive a restart
    try:
        stored = httpx.get(f"http://127.0.0.1:{port}/v1/documents/{doc['id']}").json()
        assert [d["action"] for d in stored["decisions"]] == ["accept"]
        assert any(r["replacement"] == suggestion for r in httpx.get(f"http://127.0.0.1:{port}/v1/rules").json())
    finally:
        server.terminate()
        server.wait()


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

    monkeypatch.setattr("mt.service.store.SQLITE_BUSY_TIMEOUT_MS", 100)  # a lock outlasts the wait: errors
    store = Store(f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    documents = [{"id": i, "text": newstest_de[i]} for i in range(4)]
    # A job cut off by a restart after two documents: the stored two are kept, not translated again.
    store.add_job("cut-off", {"documents": documents, "beam": None}, total=4)
    kept = [{"id": 0, "translation": "KEPT 0"}, {"id": 1, "translation": "KEPT 1"}]
    store.update_job("cut-off", status="running", results=kept, done=2)

    lock = sqlite3.connect(tmp_path / "jobs.sqlite", timeout=1)
    lock.execute("BEGIN EXCLUSIVE")  # another process holds the database
    runner = JobRunner(store, Batcher(translator), poll_s=0.2)
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


def test_pages_cannot_be_framed_and_other_sites_cannot_post(client):
    page = client.get("/")
    assert (
        page.headers["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    )
    doc = client.post("/v1/documents", json={"text": "Die US -Regierung reagierte."}).json()
    refused = client.post(f"/v1/documents/{doc['id']}/apply", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and refused.headers["X-Frame-Options"] == "DENY"
    sneaky = client.post("/v1/check", json={"text": "Guten Tag."}, headers={"Sec-Fetch-Site": "cross-site"})
    assert sneaky.status_code == 403
    same_site = client.post("/v1/check", json={"text": "Guten Tag."}, headers={"Origin": "http://testserver"})
    assert same_site.status_code == 200


def test_only_the_allowed_host_names_are_served(translator, tmp_path):
    app = create_app(translator, f"sqlite:///{tmp_path / 'hosts.sqlite'}", allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        assert local.get("/health").status_code == 200
    with TestClient(app, base_url="http://attacker.example") as rebound:
        response = rebound.get("/health")
        assert response.status_code == 400 and "not served here" in response.json()["error"]
    result = run_mt("serve", "--host", "0.0.0.0")
    assert result.returncode == 2 and "--allowed-host" in result.stderr


def test_rule_ids_are_never_reused_and_replacements_are_capped(client):
    doc = client.post("/v1/documents", json={"text": "Ein großer Flashpoint bleibt."}).json()
    flags = client.get(f"/v1/documents/{doc['id']}").json()["flags"]
    flag = next(i for i, f in enumerate(flags) if f["text"] == "Flashpoint")
    decide = f"/v1/documents/{doc['id']}/decisions"
    client.post(decide, json={"flag": flag, "action": "edit", "replacement": "Brennpunkt"})
    first = max(r["id"] for r in client.get("/v1/rules").json())
    assert client.delete(f"/v1/rules/{first}").status_code == 200
    client.post(decide, json={"flag": flag, "action": "edit", "replacement": "Krisenherd"})
    assert max(r["id"] for r in client.get("/v1/rules").json()) > first
    assert client.delete(f"/v1/rules/{first}").status_code == 404  # a stale Undo deletes nothing
    long = client.post(decide, json={"flag": flag, "action": "edit", "replacement": "x" * 1001})
    assert long.status_code == 422 and "replacement" in long.json()["error"]
