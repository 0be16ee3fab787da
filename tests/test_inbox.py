"""mt translate --watch: an inbox whose articles are translated once each, complete files only, across restarts."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT

from mt.app.inbox import Inbox
from mt.app.translation import TranslateRequest
from mt.pipeline.manifest import MANIFEST, read_manifest

ARTICLE = "Die Regierung in Berlin hat am Montag neue Pläne vorgestellt. Der Minister sprach von einem guten Tag.\n"


def drop(inbox: Path, name: str, text: str, staging: Path) -> None:
    """Write an article elsewhere and move it in, as a mail filter or an rsync would."""
    staged = staging / name
    staged.write_text(text, encoding="utf-8")
    staged.rename(inbox / name)


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


class Watcher:
    """An Inbox running in a thread, with the lines it reported."""

    def __init__(self, translator, inbox: Path, outbox: Path) -> None:
        self.lines: list[str] = []
        self.errors: list[str] = []
        request = TranslateRequest([str(inbox)], outbox)
        self.inbox = Inbox(request, translator, settle=0.3, report=self.lines.append, on_error=self.errors.append)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.inbox.run, args=(self.stop,))
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


def test_articles_arriving_one_by_one_in_a_burst_and_while_stopped_are_each_translated_once(translator, tmp_path):
    inbox, outbox, staging = tmp_path / "inbox", tmp_path / "outbox", tmp_path / "staging"
    for folder in (inbox, outbox, staging):
        folder.mkdir()
    (inbox / "before.txt").write_text(ARTICLE, encoding="utf-8")  # there before the watcher started
    watcher = Watcher(translator, inbox, outbox)
    try:
        wait_for(lambda: (outbox / "before.txt").is_file())
        for i in range(3):
            drop(inbox, f"single-{i}.txt", f"Artikel {i}. {ARTICLE}", staging)
            wait_for(lambda i=i: (outbox / f"single-{i}.txt").is_file())
        for i in range(50):
            drop(inbox, f"burst-{i:02}.txt", f"Meldung {i}. {ARTICLE}", staging)
        wait_for(lambda: len(list(outbox.glob("burst-*.txt"))) == 50)

        with (inbox / "slow.txt").open("w", encoding="utf-8") as handle:  # written in place, in two parts
            handle.write("Der Zug nach Hamburg fällt heute aus.")
            handle.flush()
            time.sleep(0.15)  # shorter than the settling time: not yet complete
            handle.write(" Der Zug nach Bremen fährt pünktlich.\n")
        (inbox / "partial.txt.part").write_text(ARTICLE, encoding="utf-8")  # a download still running
        wait_for(lambda: (outbox / "slow.txt").is_file())
        time.sleep(1.0)
        assert not (outbox / "partial.txt").exists()
        (inbox / "partial.txt.part").rename(inbox / "partial.txt")
        wait_for(lambda: (outbox / "partial.txt").is_file())
    finally:
        watcher.close()
    slow = (outbox / "slow.txt").read_text(encoding="utf-8")
    assert "Hamburg" in slow and "Bremen" in slow  # the whole file, not its first half
    names = [line.split(" → ")[0] for line in watcher.lines]
    assert len(names) == len(set(names)) == 1 + 3 + 50 + 2, "an article was translated twice or not at all"
    assert not watcher.errors
    assert "Berlin" in (outbox / "burst-07.txt").read_text(encoding="utf-8")

    drop(inbox, "while-down.txt", ARTICLE.replace("Berlin", "Wien"), staging)  # arrives while nobody watches
    again = Watcher(translator, inbox, outbox)
    try:
        wait_for(lambda: (outbox / "while-down.txt").is_file())
        time.sleep(0.8)
    finally:
        again.close()
    assert [line.split(" → ")[0].rsplit("/", 1)[-1] for line in again.lines] == ["while-down.txt"]


def test_a_watcher_needs_a_folder_and_an_outbox(translator, tmp_path):
    from mt.formats.files import InputError

    with pytest.raises(InputError, match="an inbox is one folder"):
        Inbox(TranslateRequest([str(tmp_path / "missing")], tmp_path), translator)
    with pytest.raises(InputError, match="-o OUTBOX"):
        Inbox(TranslateRequest([str(tmp_path)], None), translator)


@pytest.mark.slow
def test_a_killed_watcher_restarted_loses_and_repeats_nothing(tmp_path):
    inbox, outbox, staging = tmp_path / "inbox", tmp_path / "outbox", tmp_path / "staging"
    for folder in (inbox, outbox, staging):
        folder.mkdir()
    command = [sys.executable, "-m", "mt", "translate", "--model", str(BUNDLED), "--watch", str(inbox)]
    command += ["-o", str(outbox), "--settle", "0.3", "--group-chars", "500"]  # a group per article: one by one
    env = os.environ | {"HF_HUB_OFFLINE": "1"}

    def start() -> subprocess.Popen:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    first = start()
    for i in range(30):
        drop(inbox, f"a-{i:02}.txt", f"Nachricht {i}. {ARTICLE * 3}", staging)
    wait_for(lambda: len(list(outbox.glob("*.txt"))) >= 5, timeout=120)
    first.send_signal(signal.SIGKILL)  # no chance to clean up
    first.wait(30)
    done_before = set(read_manifest(outbox / MANIFEST))  # translated and recorded before the kill
    assert len(done_before) < 30, "the watcher finished before it was killed: the test proves nothing"

    second = start()
    try:
        wait_for(lambda: len(list(outbox.glob("*.txt"))) == 30, timeout=180)
        time.sleep(1.5)
    finally:
        second.send_signal(signal.SIGINT)
        out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    redone = [line.split(" → ")[0].rsplit("/", 1)[-1] for line in out.splitlines() if " → " in line]
    assert sorted(set(redone) | done_before) == [f"a-{i:02}.txt" for i in range(30)]  # nothing lost
    assert len(redone) == len(set(redone)) and not set(redone) & done_before  # nothing recorded done is redone
    assert not list(outbox.glob(".*tmp*")), "a half-written output was left behind"
