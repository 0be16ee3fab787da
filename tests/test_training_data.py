"""Reading training corpora: one segment per newline, and one clear error per bad file."""

import pytest


def test_corpus_lines_end_at_newlines_only_and_bad_files_are_one_error(tmp_path):
    from mt.training.data import CorpusError, read_parallel

    # U+0085, U+2028 and a form feed are text inside a segment, not line ends (str.splitlines would split there).
    (tmp_path / "a.de").write_text("Erste Zeile \x85 mit NEL\nZweite\u2028Zeile\fmit FF\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("First line\nSecond line\n", encoding="utf-8")
    assert read_parallel(tmp_path / "a.de") == [
        ("Erste Zeile \x85 mit NEL", "First line"),
        ("Zweite\u2028Zeile\fmit FF", "Second line"),
    ]
    (tmp_path / "b.de").write_text("Eins\nZwei\nDrei\n", encoding="utf-8")
    (tmp_path / "b.en").write_text("One\nTwo\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"b.de:3: 3 German lines but 2 English lines in b.en"):
        read_parallel(tmp_path / "b.de")
    (tmp_path / "c.de").write_bytes("Eins\nStra\xdfe\n".encode("latin-1"))
    (tmp_path / "c.en").write_text("One\nStreet\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c.de:2: not UTF-8 \(byte 0xdf\)"):
        read_parallel(tmp_path / "c.de")
    (tmp_path / "d.de").write_text("Allein\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no English side d.en"):
        read_parallel(tmp_path / "d.de")


def test_the_exclusion_of_test_sets_fails_loudly_on_a_broken_set(tmp_path, monkeypatch):
    from mt.evaluation import testsets
    from mt.evaluation.metrics import EvaluationError
    from mt.training.data import held_out_sentences

    registry = tmp_path / "testsets.toml"
    (tmp_path / "a.de").write_text("Eins\nZwei\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("One\n", encoding="utf-8")  # not aligned: broken, not missing
    registry.write_text(
        f'[here]\nsource = "{tmp_path}/a.de"\nreferences = ["{tmp_path}/a.en"]\n'
        f'[elsewhere]\nsource = "{tmp_path}/gone.de"\nreferences = ["{tmp_path}/gone.en"]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(testsets, "REGISTRY", registry)
    with pytest.raises(EvaluationError, match="here"):
        held_out_sentences()
    (tmp_path / "a.en").write_text("One\nTwo\n", encoding="utf-8")
    assert held_out_sentences() == {"Eins", "Zwei"}  # the set that is not on this machine is passed over
