"""Results name their commit, and a checkout with uncommitted changes is refused unless allowed."""

import subprocess

import pytest

from mt.evaluation import provenance


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "mt.py").write_text("x = 1\n")
    (tmp_path / "eval" / "results").mkdir(parents=True)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "first"], check=True)
    monkeypatch.setattr(provenance, "CHECKOUT", tmp_path)
    return tmp_path


def test_a_clean_checkout_is_named_by_its_commit(checkout):
    (checkout / "eval" / "results" / "new.md").write_text("figures\n")  # results are not a change of the code
    state = provenance.source_state()
    assert len(state["commit"]) == 40 and state["tree"] == "clean"
    assert provenance.source_line(state) == f"Code: commit `{state['commit'][:12]}`, clean."


def test_uncommitted_code_is_refused_unless_allowed_and_then_said(checkout):
    (checkout / "mt.py").write_text("x = 2\n")
    with pytest.raises(provenance.DirtyTree, match="mt.py"):
        provenance.source_state()
    assert provenance.source_state(allow_dirty=True)["tree"] == "uncommitted changes: mt.py"
