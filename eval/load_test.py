"""The review service under load, with locust: p50/p95 of check and one-sentence translate at 10 and 50
concurrent users, and what happens under overload (refusals with Retry-After, not an unbounded queue).

    .venv/bin/pip install -e '.[load]'
    .venv/bin/python eval/load_test.py [--duration 30] [--out eval/results/load-cpu]

Starts ``mt serve`` (the bundled model, CTranslate2, default limits) on a fresh SQLite database with one
editor account and API key per simulated user (so that per-user limits do not cap the load), warms it up
(one check, one translation, and each key's first use, which costs one argon2 verification of about
0.17 s: a running service has done all that long before), then runs locust headless for each scenario.
Users send German sentences of 40 to 200 characters from newstest2019–2021 (about 3,500, so that few
repeat and the checker's caches do not flatter it) one after another without pause (a closed loop: each
user has one request open at a time).
The overload scenario sends 200 such users at ``/v1/translate`` with ``--max-in-flight 16``.
Locust runs on the same 2-core machine as the service, so the figures are a floor for a real server; its users
all come from 127.0.0.1, so the service runs with ``--max-connections-per-client 1000`` (as many clients behind
many addresses would meet it).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.service.accounts import new_api_key
from mt.service.store import Store

ROOT = Path(__file__).resolve().parent.parent

SCENARIOS = [  # name, endpoint, users, extra mt serve options
    ("check, 10 users", "check", 10, []),
    ("check, 50 users", "check", 50, []),
    ("translate, 10 users", "translate", 10, []),
    ("translate, 50 users", "translate", 50, []),
    ("overload: translate, 200 users, --max-in-flight 16", "translate", 200, ["--max-in-flight", "16"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=30, help="seconds per scenario (default 30)")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "load-cpu")
    parser.add_argument("--scenarios", help="numbers of the scenarios to run, e.g. 1,3 (default: all)")
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    work = Path(tempfile.mkdtemp(prefix="mt-load-"))
    db = f"sqlite:///{work / 'load.sqlite'}"
    keys = make_accounts(db, 200)
    (work / "keys.json").write_text(json.dumps(keys))
    sentences = [s for year in (2019, 2020, 2021) for s in load(f"newstest{year}").source if 40 <= len(s) <= 200]
    (work / "sentences.txt").write_text("\n".join(sentences), encoding="utf-8")

    rows = []
    chosen = [SCENARIOS[int(n) - 1] for n in args.scenarios.split(",")] if args.scenarios else SCENARIOS
    for name, endpoint, users, options in chosen:
        print(f"{name} ...", file=sys.stderr)
        rows.append(
            {"scenario": name, "endpoint": endpoint, "users": users}
            | run(work, db, endpoint, users, options, args.duration)
        )
        print(f"  {rows[-1]}", file=sys.stderr)
    report = {
        "command": f".venv/bin/python eval/load_test.py --duration {args.duration}",
        "duration_s": args.duration,
        "rows": rows,
    }
    args.out.with_suffix(".json").write_text(json.dumps(report | {"code": state}, indent=2))
    args.out.with_suffix(".md").write_text(markdown(report) + "\n" + source_line(state) + "\n")
    print(markdown(report))


def make_accounts(db: str, count: int) -> list[str]:
    store = Store(db)
    keys = []
    for i in range(count):
        store.add_user(f"load-{i:03d}", "editor", None, actor="eval/load_test.py")
        key, prefix, secret_hash = new_api_key()
        store.add_api_key(f"load-{i:03d}", prefix, secret_hash, "load test", actor="eval/load_test.py")
        keys.append(key)
    return keys


def run(work: Path, db: str, endpoint: str, users: int, options: list[str], duration: int) -> dict:
    """One scenario against a freshly started server: status counts and latency percentiles."""
    port = free_port()
    server = subprocess.Popen(
        # Every simulated user comes from 127.0.0.1: the cap on one address's connections is lifted for them.
        [
            sys.executable,
            "-m",
            "mt",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            "--no-token",
            "--max-connections-per-client",
            "1000",
            *options,
        ],  # fmt: skip
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port)
        warm_up(port, keys=json.loads((work / "keys.json").read_text())[:users])
        results = work / f"results-{port}.json"
        env = os.environ | {
            "MT_LOAD_KEYS": str(work / "keys.json"),
            "MT_LOAD_SENTENCES": str(work / "sentences.txt"),
            "MT_LOAD_ENDPOINT": endpoint,
            "MT_LOAD_WAIT": "0",
            "MT_LOAD_RESULTS": str(results),
        }
        locust = [
            str(Path(sys.executable).parent / "locust"),
            "-f", str(ROOT / "eval" / "load" / "locustfile.py"),
            "--headless", "--users", str(users), "--spawn-rate", str(max(10, users // 2)),
            "--run-time", f"{duration}s", "--host", f"http://127.0.0.1:{port}", "--only-summary",
            "--stop-timeout", "30", "--loglevel", "WARNING",
        ]  # fmt: skip
        subprocess.run(locust, env=env, check=False, capture_output=True, timeout=duration + 120)
        health = httpx.get(f"http://127.0.0.1:{port}/health").json()
        recorded = json.loads(results.read_text())
        times = {int(k): v for k, v in recorded["times"].items()}
    finally:
        server.terminate()
        server.wait(30)
    ok = sorted(times.get(200, []))
    return {
        "requests": sum(len(v) for v in times.values()),
        "statuses": {str(k): len(v) for k, v in sorted(times.items())},
        "ok_per_s": round(len(ok) / duration, 1),
        "p50_ms": round(percentile(ok, 50)) if ok else None,
        "p95_ms": round(percentile(ok, 95)) if ok else None,
        "refused_p95_ms": round(percentile(sorted(times.get(503, []) + times.get(429, [])), 95))
        if times.get(503) or times.get(429)
        else None,
        "errors": recorded["errors"],
        "batches": health["batches"],
        "batched_requests": health["requests"],
    }


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def warm_up(port: int, keys: list[str]) -> None:
    """What a running service has done long before: loaded the checker's resources, verified each key once."""
    base = f"http://127.0.0.1:{port}"
    for key in keys:
        httpx.get(f"{base}/v1/me", headers={"Authorization": f"Bearer {key}"}, timeout=60).raise_for_status()
    first = {"Authorization": f"Bearer {keys[0]}"}
    for endpoint in ("check", "translate"):
        httpx.post(f"{base}/v1/{endpoint}", json={"text": "Die Regierung tagt."}, headers=first, timeout=120)


def wait_until_up(port: int) -> None:
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise RuntimeError("mt serve did not start")


def markdown(report: dict) -> str:
    lines = [
        "# The review service under load (locust)",
        "",
        f"Command: `{report['command']}` ({report['duration_s']} s per scenario; locust and the service share",
        "this 2-core machine). Each user sends one newstest2019–2021 sentence (40–200 characters) after another,",
        "with its own API key, after a warm-up; latencies are of the answered (200) requests; a batch is one",
        "model call, shared by the requests that arrived together.",
        "",
        "| scenario | requests | answered/s | p50 ms | p95 ms | statuses | refusals p95 ms | batches (requests) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report["rows"]:
        statuses = ", ".join(f"{k}: {v}" for k, v in r["statuses"].items())
        lines.append(
            f"| {r['scenario']} | {r['requests']} | {r['ok_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {statuses} | "
            f"{r['refused_p95_ms'] if r['refused_p95_ms'] is not None else '–'} | {r['batches']} ({r['batched_requests']}) |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
