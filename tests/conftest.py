"""Shared fixtures. The tests never touch the network: the hub is switched off here."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import io
import json
import socket
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BUNDLED = ROOT / "models" / "marian-de-en-compact"
SHARED = Path(os.environ.get("MT_SHARED", ROOT.parent / "shared"))
TEST_DATA = SHARED / "data" / "test"


@pytest.fixture(scope="session")
def translator():
    """The bundled compact model, loaded once for the whole session."""
    from mt import Translator

    return Translator(str(BUNDLED))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEEDS / "lavrov-talks.de.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_segments() -> list[dict]:
    return [json.loads(line) for line in (SEEDS / "lavrov-talks.segments.jsonl").read_text().splitlines()]


@pytest.fixture(scope="session")
def newstest_de() -> list[str]:
    """German sentences of newstest2019 (real news text)."""
    path = TEST_DATA / "newstest2019-deen.de"
    if not path.is_file():
        pytest.skip(f"shared test data not found at {path}")
    return path.read_text(encoding="utf-8").splitlines()


@dataclass
class CliResult:
    """What ``mt`` printed and returned, as ``subprocess.run`` reports it."""

    returncode: int
    stdout: str
    stderr: str


def run_mt(*args: object, translator=None, stdin: str | None = None) -> CliResult:
    """``mt ARGS`` in this process (``translator``: a loaded model instead of loading one)."""
    from mt.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main([str(a) for a in args], translator=translator)
            except SystemExit as exit:  # argparse: --help, --version, usage errors
                code = exit.code if isinstance(exit.code, int) else 2
    finally:
        sys.stdin = saved_stdin
    return CliResult(code, out.getvalue(), err.getvalue())


POSTGRES_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))  # Debian's layout


class ThrowawayPostgres:
    """A PostgreSQL cluster of Debian's ``postgresql`` on 127.0.0.1 in a temporary folder, that a test may stop and
    start again. PostgreSQL refuses to run as root, so under root (CI) it runs as the ``postgres`` user the
    package creates. ``url`` is its server's, without a database name."""

    def __init__(self) -> None:
        import shutil
        import tempfile

        if not POSTGRES_BIN:
            pytest.skip("Debian's postgresql is not installed (make test installs it)")
        self.bindir = POSTGRES_BIN[-1].parent
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.home = Path(tempfile.mkdtemp(prefix="mt-postgres-"))
        if self.as_owner:
            shutil.chown(self.home, "postgres", "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"
        self._run("initdb", "-D", str(self.home / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_owner, str(self.bindir / tool), *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.home / "data"), "-l", str(self.home / "log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.home / "data"), "-m", "immediate", "stop")

    def remove(self) -> None:
        import shutil

        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # stopped already
        shutil.rmtree(self.home, ignore_errors=True)


@pytest.fixture(scope="session")
def postgresql_server():
    """A throwaway PostgreSQL server for this session only; yields its URL, without a database name."""
    server = ThrowawayPostgres()
    try:
        yield server.url
    finally:
        server.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A new, empty database: an SQLite file, or a database on the throwaway PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'mt.sqlite'}"
    import uuid

    from sqlalchemy import create_engine, text

    server = request.getfixturevalue("postgresql_server")
    name = f"mt_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"{server}/{name}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, port: int, *options: str) -> tuple[subprocess.Popen, str]:
    """``mt serve`` on 127.0.0.1:``port`` (with ``options``), once it answers; with the sign-in token it printed
    (none with ``--no-token``)."""
    import httpx

    command = [sys.executable, "-m", "mt", "serve", "--model", str(BUNDLED), "--db", f"sqlite:///{db}"]
    process = subprocess.Popen(
        [*command, "--port", str(port), *options],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
        assert process.poll() is None, process.stderr.read()
    else:
        raise AssertionError("mt serve did not start")
    if "--no-token" in options:
        return process, ""
    while "sign in at" not in (line := process.stderr.readline()):
        assert line, "mt serve printed no sign-in link"
    return process, line.split("token=")[1].strip()


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(30)
