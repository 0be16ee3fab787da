"""The counts of clean German's collocations: what is counted, how they are kept, and doing without them."""

import logging
import subprocess
import sys

from mt.lang import collocations as collocations_module
from mt.lang.collocations import Collocations, build, clean_german_files


def test_lemmas_near_each_other_are_counted_once_a_line_and_particles_join_their_verb(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.de").write_text(
        "Die Regierung hielt am Montag eine Abstimmung ab.\n"
        "Der Rat hält eine Abstimmung ab, und die Abstimmung ist geheim.\n"
        "Die Kinder halten den Ball.\n"
        "Sie wollen im Mai eine Wahl abhalten.\n"  # a particle verb is joined where clean German writes it whole
        "Auf den Bus warten sie seit einer Stunde.\n",
        encoding="utf-8",
    )
    (tmp_path / "news-mt").mkdir()
    (tmp_path / "news-mt" / "b.de").write_text("Eine Abstimmung halten.\n", encoding="utf-8")
    files = clean_german_files(tmp_path)
    assert [f.parent.name for f in files] == ["news"]  # machine-translated German is what the checker looks for

    counts = build(files, workers=1)
    assert counts.lines == 5
    assert counts.count("Abstimmung") == 2  # lines, not occurrences
    assert counts.count("Abstimmung", "abhalten") == counts.count("abhalten", "Abstimmung") == 2
    assert counts.count("Abstimmung", "halten") == 0  # „hielt … ab“ is abhalten, not halten
    assert counts.count("Ball", "halten") == 1 and counts.count("Ball", "Ball") == 0
    assert counts.count("Kind", "Abstimmung") == 0
    assert counts.with_preposition("warten", "auf") == 1 and counts.with_preposition("warten", "für") == 0

    path = tmp_path / "cache" / "counts.npz"
    counts.save(path)
    again = Collocations.load(path)
    assert again.count("Abstimmung", "abhalten") == 2 and again.lines == 5 and again.source == "news/"
    assert not list(path.parent.glob("*.partial"))


def test_without_counts_the_checks_are_told_so(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("MT_CACHE_DIR", str(tmp_path))
    collocations_module.collocations.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            assert collocations_module.collocations() is None
        assert "no collocation counts" in caplog.text and "make install" in caplog.text
        (tmp_path / "collocations").mkdir()
        collocations_module.cache_path().write_bytes(b"not numpy")
        collocations_module.collocations.cache_clear()
        assert collocations_module.collocations() is None
        assert "unreadable" in caplog.text
    finally:
        collocations_module.collocations.cache_clear()


def test_the_build_command_says_what_is_missing(tmp_path):
    command = [sys.executable, "-m", "mt.training.count_collocations", "--train", str(tmp_path)]
    missing = subprocess.run(command, capture_output=True, text=True, env={"MT_CACHE_DIR": str(tmp_path)})
    assert missing.returncode == 1 and "no German training text under" in missing.stderr
    optional = subprocess.run([*command, "--if-present"], capture_output=True, text=True)
    assert optional.returncode == 0 and "light verbs only" in optional.stderr
