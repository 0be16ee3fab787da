"""The CTranslate2 backend and int8 quantization against the plain transformers path."""

import subprocess
import sys

import pytest

from conftest import BUNDLED, ROOT
from mt import ModelError, Translator
from mt.backends import converted
from mt.models import resolve


@pytest.fixture(scope="module")
def ct2():
    return Translator(str(BUNDLED), backend="ctranslate2")


def test_conversion_is_cached_by_content(ct2):
    path = converted(resolve(str(BUNDLED)))
    assert (path / "model.bin").is_file() and path.name.startswith("marian-de-en-compact-")
    assert converted(resolve(str(BUNDLED))) == path


def test_the_converted_model_decodes_like_transformers(translator, seed_segments):
    # In float32 only the engine differs: most outputs are the same (the decoder start is kept; with
    # the stock zero-start conversion almost none are). Beam-search near-ties on long sentences differ.
    exact = Translator(str(BUNDLED), backend="ctranslate2", compute_type="float32")
    sentences = [s["de"] for s in seed_segments if s["en"]]
    reference = [s.translation for s in translator.translate_sentences(sentences)]
    fast = [s.translation for s in exact.translate_sentences(sentences)]
    same = sum(a == b for a, b in zip(reference, fast))
    assert same >= 0.6 * len(sentences), [pair for pair in zip(reference, fast) if pair[0] != pair[1]]


def test_int8_keeps_the_quality(translator, ct2, seed_segments):
    import sacrebleu

    sources = [s["de"] for s in seed_segments if s["en"]]
    references = [[s["en"] for s in seed_segments if s["en"]]]
    slow = sacrebleu.corpus_chrf([s.translation for s in translator.translate_sentences(sources)], references).score
    fast = sacrebleu.corpus_chrf([s.translation for s in ct2.translate_sentences(sources)], references).score
    assert fast > slow - 3
    assert ct2.describe()["backend"] == "ctranslate2" and ct2.describe()["dtype"] == "int8"


def test_ctranslate2_keeps_paragraphs_and_guards(ct2, seed_text):
    english = ct2.translate(seed_text)
    assert len(english.split("\n\n")) == 7
    from mt.guards import repeated_word

    assert repeated_word(english) is None


def test_dynamic_int8_quantization_of_the_transformers_path():
    quantized = Translator(str(BUNDLED), quantize=True)
    assert quantized.describe()["dtype"] == "int8-dynamic"
    assert "train" in quantized.translate("Der Zug fährt um acht Uhr ab.").lower()


def test_bad_backend_settings_are_clear_errors():
    with pytest.raises(ModelError, match="unknown backend"):
        Translator(str(BUNDLED), backend="onnx")
    with pytest.raises(ModelError, match="int8 on CPU already"):
        Translator(str(BUNDLED), backend="ctranslate2", quantize=True)


def test_cli_backend_option():
    result = subprocess.run(
        [sys.executable, "-m", "mt", "translate", "--model", str(BUNDLED), "--backend", "ctranslate2", "-"],
        input="Die Regierung hat am Montag neue Regeln beschlossen.", cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "government" in result.stdout.lower() and "ctranslate2" in result.stderr
