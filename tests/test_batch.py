"""Batch translation: folders, JSONL, bad inputs, resuming, atomic outputs."""

import io
import json
import signal
import subprocess
import sys
import time

import pytest
from conftest import BUNDLED, ROOT, run_mt

from mt import Document
from mt.app.translation import TranslateRequest, translate_inputs
from mt.formats.files import InputError
from mt.pipeline.manifest import MANIFEST
from mt.pipeline.plan import plan_jobs
from mt.pipeline.runner import BatchRunner


def make_corpus(folder, newstest_de, documents=6, sentences=3):
    """``documents`` small German articles from real news sentences, some in a sub-folder."""
    lines = [line for line in newstest_de if 40 < len(line) < 160]
    for i in range(documents):
        body = lines[i * sentences : (i + 1) * sentences]
        path = folder / ("sub" if i % 2 else "") / f"doc{i:02d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{body[0]}\n\n" + " ".join(body[1:]) + "\n", encoding="utf-8")
    return folder


def run_batch(translator, inputs, output, **kwargs):
    jobs = plan_jobs([str(i) for i in inputs], output, kwargs.get("output_format", "text"))
    errors = []
    runner = BatchRunner(translator, on_error=errors.append, progress=False, stdout=io.StringIO(), **kwargs)
    return runner.run(jobs), errors, runner


def outputs(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_folder_is_mirrored_and_rerun_skips_finished_documents(translator, newstest_de, tmp_path):
    corpus = make_corpus(tmp_path / "in", newstest_de, documents=4)
    summary, errors, _ = run_batch(translator, [corpus], tmp_path / "out")
    assert summary.ok and summary.translated == 4 and not errors
    written = outputs(tmp_path / "out")
    assert sorted(written) == [MANIFEST, "doc00.txt", "doc02.txt", "sub/doc01.txt", "sub/doc03.txt"]
    assert all(text.count(b"\n\n") == 1 for name, text in written.items() if name != MANIFEST)

    again, _, _ = run_batch(translator, [corpus], tmp_path / "out")
    assert (again.translated, again.skipped) == (0, 4)

    (corpus / "doc00.txt").write_text("Der Minister trat am Montag zurück.\n", encoding="utf-8")
    changed, _, _ = run_batch(translator, [corpus], tmp_path / "out")
    assert (changed.translated, changed.skipped) == (1, 3)
    forced, _, _ = run_batch(translator, [corpus], tmp_path / "out", force=True)
    assert forced.translated == 4


def test_bad_files_get_one_error_each_and_the_rest_is_translated(translator, newstest_de, tmp_path):
    corpus = make_corpus(tmp_path / "in", newstest_de, documents=2)
    (corpus / "latin1.txt").write_bytes("Die Straße war gesperrt.".encode("latin-1"))
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (corpus / "broken.jsonl").write_text('{"id": 1, "text": "Guten Tag."}\n{"id": 2, "text": \n', encoding="utf-8")
    summary, errors, _ = run_batch(translator, [corpus], tmp_path / "out")
    assert summary.translated == 2 and not summary.ok
    assert len(errors) == 4
    assert any("latin1.txt: not UTF-8" in e and "0xdf" in e for e in errors)
    assert any("binary.txt: binary file" in e for e in errors)
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("broken.jsonl:2: not valid JSON" in e for e in errors)
    assert sorted(outputs(tmp_path / "out")) == [MANIFEST, "doc00.txt", "sub/doc01.txt"]


def test_jsonl_round_trip(translator, tmp_path):
    records = [
        {"id": "a-1", "text": "Die Regierung hat neue Regeln beschlossen.", "source": "dpa"},
        {"id": 7, "text": "Der Minister reist nach Paris.\n\nEr trifft dort seinen Amtskollegen."},
        {"text": "2024"},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    summary, _, _ = run_batch(translator, [tmp_path / "feed.jsonl"], tmp_path / "out")
    assert summary.ok
    lines = (tmp_path / "out" / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    out = [json.loads(line) for line in lines]
    assert [o["id"] for o in out] == ["a-1", 7, 3]
    assert out[0]["source"] == "dpa" and "government" in out[0]["translation"].lower()
    assert out[1]["translation"].count("\n\n") == 1 and len(out[1]["sentences"]) == 2
    assert out[2]["translation"] == "2024"
    first = out[1]["sentences"][1]
    assert records[1]["text"][first["start"] : first["end"]] == first["source"] == "Er trifft dort seinen Amtskollegen."
    assert out[0]["meta"]["model"].endswith("marian-de-en-compact") and out[0]["meta"]["decoding"]["beam"] == 4


def test_jsonl_format_for_text_input(translator, tmp_path):
    (tmp_path / "a.txt").write_text("Der Zug hatte Verspätung. Viele Fahrgäste warteten.", encoding="utf-8")
    summary, _, _ = run_batch(translator, [tmp_path / "a.txt"], tmp_path / "out", output_format="jsonl")
    [record] = [json.loads(line) for line in (tmp_path / "out" / "a.jsonl").read_text().splitlines()]
    assert record["id"] == str(tmp_path / "a.txt") and len(record["sentences"]) == 2
    assert record["translation"] == " ".join(s["translation"] for s in record["sentences"])
    for sentence in record["sentences"]:  # each sentence judged: the model's score, a confidence, QA flags
        assert sentence["score"] < 0 and 0 <= sentence["confidence"] <= 1 and isinstance(sentence["qa"], list)


def test_the_english_of_a_careless_source_is_flagged_and_less_trusted(translator, tmp_path):
    from mt.qa.assess import Assessor

    good, bad = translator.translate_sentences(
        ["Der Zug fährt um acht Uhr ab.", "Der kuends Hochgeschwindige Xyzzyqwert 2022 Moskau Moskau Moskau."]
    )
    assessor = Assessor()
    assert assessor.assess(good).confidence > assessor.assess(bad).confidence
    assert good.score > bad.score


def test_several_inputs_need_an_output_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Eins.")
    (tmp_path / "b.txt").write_text("Zwei.")
    with pytest.raises(InputError, match="-o DIR"):
        plan_jobs([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], None, "text")
    with pytest.raises(InputError, match="no such file"):
        plan_jobs([str(tmp_path / "missing.txt")], None, "text")


def mt_command(*args):
    return [sys.executable, "-m", "mt", "translate", "--model", str(BUNDLED), *args]


@pytest.mark.slow
def test_a_killed_batch_resumes_to_the_same_bytes(translator, newstest_de, tmp_path):
    corpus = make_corpus(tmp_path / "in", newstest_de, documents=10, sentences=4)
    # Groups of about two files: sentences of different files share batches, and a kill lands between groups.
    reference, _, _ = run_batch(translator, [corpus], tmp_path / "reference", group_chars=600)
    assert reference.translated == 10

    out = tmp_path / "out"
    command = mt_command(str(corpus), "-o", str(out), "-q", "--group-chars", "600")
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    while time.time() < deadline and len(list(out.rglob("doc*.txt"))) < 3 and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = outputs(out) if out.exists() else {}
    finished = {k: v for k, v in done.items() if k.endswith(".txt")}
    assert 0 < len(finished) < 10, "the kill should land mid-run"
    # Only complete outputs are visible; a SIGKILL may leave a hidden temporary file behind.
    expected = outputs(tmp_path / "reference")
    assert all(finished[name] == expected[name] for name in finished)

    resumed = subprocess.run(
        mt_command(str(corpus), "-o", str(out), "--group-chars", "600"), cwd=ROOT, capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "skipped" in resumed.stderr
    final = {k: v for k, v in outputs(out).items() if k.endswith(".txt")}
    assert final == {k: v for k, v in expected.items() if k.endswith(".txt")}
    assert not list(out.rglob("*.tmp")), "stale temporary files are cleaned up on resume"


def test_cli_stdin_to_stdout_and_exit_status_on_failure(translator, tmp_path):
    result = run_mt("translate", "-", "-q", translator=translator, stdin="Guten Morgen.\n\nDie Sonne scheint.")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n\n") == 1 and result.stdout.strip()


def test_an_empty_file_fails_with_one_line_and_no_model_is_loaded(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    failed = run_mt("translate", tmp_path / "empty.txt")  # no translator given: the CLI would load one
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        f"mt: error: {tmp_path / 'empty.txt'}: empty file, nothing to translate",
        "mt: 0 documents translated, 1 failed",
    ]

    def must_not_load():
        raise AssertionError("a model was loaded for inputs that were all rejected")

    summary, runner = translate_inputs(TranslateRequest([str(tmp_path / "empty.txt")]), must_not_load)
    assert summary.failed and runner.loaded_translator is None


def test_a_new_mt_version_or_decoding_option_redoes_the_outputs(translator, newstest_de, tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "in", newstest_de, documents=3)
    first, _, runner = run_batch(translator, [corpus], tmp_path / "out")
    assert first.translated == 3
    # The model is named by its folder, not by how its path was spelled, and identified by its content hash.
    assert str(runner.signature()).startswith("mt:0.2.0|model:marian-de-en-compact@")
    assert run_batch(translator, [corpus], tmp_path / "out")[0].skipped == 3

    monkeypatch.setattr("mt.version.__version__", "99.0.0")
    upgraded, _, runner = run_batch(translator, [corpus], tmp_path / "out")
    assert (upgraded.translated, upgraded.skipped) == (3, 0)
    assert "mt:99.0.0" in str(runner.signature())

    for option in ({"beam_size": 2}, {"repair": False}, {"max_input_tokens": 64}, {"max_length_ratio": 1.5}):
        changed, _, _ = run_batch(translator.with_options(**option), [corpus], tmp_path / "out")
        assert (changed.translated, changed.skipped) == (3, 0), option
    changed, _, _ = run_batch(
        translator.with_options(max_length_ratio=1.5), [corpus], tmp_path / "out", group_chars=100
    )
    assert changed.translated == 3, "the grouping of sentences into batches is part of the signature"


def test_sentences_of_many_files_share_batches_and_rerun_to_the_same_bytes(translator, newstest_de, tmp_path):
    corpus = make_corpus(tmp_path / "in", newstest_de, documents=12, sentences=2)
    summary, _, _ = run_batch(translator, [corpus], tmp_path / "out")
    assert summary.translated == 12
    first = outputs(tmp_path / "out")
    # One group: the folder's output is what translating all twelve documents together gives.
    documents = [Document.from_text(path.read_text(encoding="utf-8")) for path in sorted(corpus.rglob("*.txt"))]
    together = [t.text.rstrip("\n") + "\n" for t in translator.translate_documents(documents)]
    names = [str(p.relative_to(corpus)) for p in sorted(corpus.rglob("*.txt"))]
    assert [first[name].decode() for name in names] == together

    # Deleting some outputs and rerunning redoes their group whole, so the bytes are the same.
    for name in ("doc02.txt", "sub/doc07.txt"):
        (tmp_path / "out" / name).unlink()
    again, _, _ = run_batch(translator, [corpus], tmp_path / "out")
    assert (again.translated, again.skipped) == (2, 10)
    assert outputs(tmp_path / "out") == first | {MANIFEST: (tmp_path / "out" / MANIFEST).read_bytes()}


def test_low_confidence_sentences_can_be_translated_again_with_a_wider_beam(translator, tmp_path, newstest_de):
    (tmp_path / "a.txt").write_text("\n\n".join(newstest_de[:30]), encoding="utf-8")
    summary, _, runner = run_batch(translator, [tmp_path / "a.txt"], tmp_path / "out", redecode_below=1.0)
    # Every sentence is below a threshold of 1: each is decoded again with beam 8 and the better-scored kept.
    assert summary.ok and 0 < summary.redecoded <= 30
    assert "redecode" in str(runner.signature())
