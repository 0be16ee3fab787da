"""The evaluation harness: sacreBLEU's numbers, signatures, significance, clear errors, bench reports."""

import json
import random

import pytest
import sacrebleu
from conftest import BUNDLED, run_mt

from mt.evaluation.metrics import EvaluationError, corpus_scores, paired_tests, segment_scores
from mt.evaluation.testsets import load

HYPS = ["The cat sat on the mat.", "It is raining in Berlin today.", "The minister resigned on Monday."]
REFS = [["The cat sat on the mat.", "Today it is raining in Berlin.", "The minister stepped down on Monday."]]


def test_scores_equal_sacrebleu_and_carry_signatures():
    scores = corpus_scores(HYPS, REFS, metrics=("bleu", "chrf", "chrf++", "ter"), n_bootstrap=200)
    assert scores["bleu"].score == pytest.approx(sacrebleu.corpus_bleu(HYPS, REFS).score)
    assert scores["chrf"].score == pytest.approx(sacrebleu.corpus_chrf(HYPS, REFS).score)
    assert scores["chrf++"].score == pytest.approx(sacrebleu.corpus_chrf(HYPS, REFS, word_order=2).score)
    assert scores["ter"].score == pytest.approx(sacrebleu.corpus_ter(HYPS, REFS).score)
    assert scores["bleu"].signature.startswith("nrefs:1|bs:200|seed:12345|case:mixed")
    assert scores["bleu"].ci > 0


def test_hand_checked_tiny_case():
    # One 4-word hypothesis against itself: every n-gram matches; against an unrelated sentence none does.
    assert corpus_scores(["a b c d"], [["a b c d"]], ("bleu",), n_bootstrap=1)["bleu"].score == pytest.approx(100)
    assert corpus_scores(["w x y z"], [["a b c d"]], ("bleu",), n_bootstrap=1)["bleu"].score == pytest.approx(0)
    # TER: one substitution in four words = 25.
    assert corpus_scores(["a b c e"], [["a b c d"]], ("ter",), n_bootstrap=1)["ter"].score == pytest.approx(25)
    assert segment_scores(["a b c d"], [["a b c d"]], ("chrf",)) == [{"chrf": 100.0}]


def test_misaligned_and_empty_inputs_are_clear_errors():
    with pytest.raises(EvaluationError, match="has 2 lines but the hypotheses have 3"):
        corpus_scores(HYPS, [REFS[0][:2]])
    with pytest.raises(EvaluationError, match="no segments"):
        corpus_scores([], [[]])


def synthetic_systems(newstest_refs):
    """A good system (the reference with a few words dropped) and a bad one (words shuffled and dropped)."""
    rng = random.Random(7)
    good, bad = [], []
    for line in newstest_refs:
        words = line.split()
        good.append(" ".join(w for w in words if rng.random() > 0.1))
        rng.shuffle(words)
        bad.append(" ".join(w for w in words if rng.random() > 0.4))
    return good, bad


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_significance_detects_a_real_difference_and_not_an_identity(test):
    refs = load("newstest2019").references[0][:200]
    good, bad = synthetic_systems(refs)
    _, comparisons = paired_tests(
        [("good", good), ("bad", bad), ("same", list(good))],
        [refs],
        ("bleu",),
        test=test,
        n_samples=300 if test == "ar" else 0,
    )
    by_name = {c.system: c for c in comparisons}
    assert by_name["bad"].significant and by_name["bad"].delta < 0
    assert not by_name["same"].significant and by_name["same"].delta == 0


def test_testsets_registry_and_missing_sets():
    seed = load("lavrov-talks")
    assert len(seed.source) == len(seed.references[0]) == 17
    assert len(load("newstest2020").references) == 2
    with pytest.raises(EvaluationError, match="unknown test set"):
        load("no-such-set")


def mt(*args):
    return run_mt(*args)


def test_eval_cli_on_files_and_its_errors(tmp_path):
    (tmp_path / "hyp.en").write_text("\n".join(HYPS) + "\n")
    (tmp_path / "ref.en").write_text("\n".join(REFS[0]) + "\n")
    (tmp_path / "short.en").write_text(REFS[0][0] + "\n")
    (tmp_path / "latin1.en").write_bytes("Straße\n".encode("latin-1"))
    result = mt(
        "eval",
        "--hyp",
        str(tmp_path / "hyp.en"),
        "--ref",
        str(tmp_path / "ref.en"),
        "--json",
        "--segments",
        str(tmp_path / "seg.jsonl"),
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["systems"][0]["scores"]["bleu"]["score"] == pytest.approx(
        sacrebleu.corpus_bleu(HYPS, REFS).score, abs=1e-3
    )
    assert len((tmp_path / "seg.jsonl").read_text().splitlines()) == 3
    misaligned = mt("eval", "--hyp", str(tmp_path / "hyp.en"), "--ref", str(tmp_path / "short.en"))
    assert misaligned.returncode == 2 and "not aligned" in misaligned.stderr and "Traceback" not in misaligned.stderr
    undecodable = mt("eval", "--hyp", str(tmp_path / "latin1.en"), "--ref", str(tmp_path / "ref.en"))
    assert undecodable.returncode == 2 and "not UTF-8" in undecodable.stderr


def test_bench_writes_table_json_and_plot(translator, tmp_path):
    result = run_mt(
        "bench",
        "--model",
        str(BUNDLED),
        "--testset",
        "newstest2019",
        "--limit",
        "50",
        "--beam",
        "2",
        "-o",
        str(tmp_path),
        translator=translator,
    )
    assert result.returncode == 0, result.stderr
    assert "sampled" in result.stderr and "sampled" in result.stdout
    [json_file] = tmp_path.glob("bench-*.json")
    [entry] = json.loads(json_file.read_text())["results"]
    assert entry["model"] == str(BUNDLED) and entry["testset"] == "newstest2019" and entry["segments"] == 50
    assert 5 < entry["bleu"] < 40 and 20 < entry["chrf"] < 70 and entry["tokens_per_s"] > 0
    assert entry["peak_rss_mb"] > 100 and entry["by_length"] and len(entry["worst"]) == 5
    [plot] = tmp_path.glob("*.png")
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    [table] = tmp_path.glob("*.md")
    assert "| model | backend | device | beam | BLEU" in table.read_text()


def test_several_systems_are_ranked_and_tested_on_every_metric(tmp_path):
    (tmp_path / "ref.en").write_text("\n".join(REFS[0]) + "\n")
    (tmp_path / "good.en").write_text("\n".join(REFS[0]) + "\n")
    (tmp_path / "hyp.en").write_text("\n".join(HYPS) + "\n")
    result = mt(
        "eval",
        "--hyp",
        tmp_path / "hyp.en",
        "--hyp",
        tmp_path / "good.en",
        "--ref",
        tmp_path / "ref.en",
        "--json",
        "--bootstrap",
        "1",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    tested = {c["metric"] for c in report["paired"]["comparisons"]}
    assert tested == {"bleu", "chrf", "chrf++", "ter"}, "chrF++ is tested too"
    assert report["ranking"] == [str(tmp_path / "good.en"), str(tmp_path / "hyp.en")]
    table = mt("eval", "--hyp", tmp_path / "hyp.en", "--hyp", tmp_path / "good.en", "--ref", tmp_path / "ref.en")
    assert "chrF2++" in table.stdout and "ranking by BLEU:" in table.stdout
