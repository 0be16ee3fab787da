"""The CTranslate2 backend and int8 quantization against the plain transformers path."""

import json
import shutil
import subprocess
import sys
import threading

import pytest
from conftest import BUNDLED, ROOT

from mt import ModelError, Translator
from mt.translate.backends import CONVERSION, converted
from mt.translate.models import fingerprint, resolve


@pytest.fixture(scope="module")
def ct2(translator):
    """The default engine is CTranslate2 (int8 on the CPU) where the model converts."""
    assert translator.backend.name == "ctranslate2" and translator.dtype == "int8"
    return translator


@pytest.fixture(scope="module")
def hf():
    return Translator(str(BUNDLED), backend="transformers")


def test_conversion_is_cached_by_content(ct2, tmp_path):
    ref = resolve(str(BUNDLED))
    path = converted(ref)
    assert (path / "model.bin").is_file() and path.name == f"marian-de-en-compact-{fingerprint(ref.path)}-{CONVERSION}"
    written = (path / "model.bin").stat().st_mtime_ns
    assert converted(ref) == path and (path / "model.bin").stat().st_mtime_ns == written, "converted twice"

    changed = tmp_path / "marian-de-en-compact"
    shutil.copytree(BUNDLED, changed)
    config = json.loads((changed / "config.json").read_text())
    (changed / "config.json").write_text(json.dumps(config | {"max_length": 257}))
    assert fingerprint(changed) != fingerprint(ref.path), "another checkpoint must get another conversion"


@pytest.mark.slow
def test_the_converted_model_decodes_like_transformers(hf, seed_segments):
    # In float32 only the engine differs: most outputs are the same (the decoder start is kept; with
    # the stock zero-start conversion almost none are). Beam-search near-ties on long sentences differ.
    exact = Translator(str(BUNDLED), backend="ctranslate2", compute_type="float32")
    sentences = [s["de"] for s in seed_segments if s["en"]]
    reference = [s.translation for s in hf.translate_sentences(sentences)]
    fast = [s.translation for s in exact.translate_sentences(sentences)]
    same = sum(a == b for a, b in zip(reference, fast))
    assert same >= 0.6 * len(sentences), [pair for pair in zip(reference, fast) if pair[0] != pair[1]]


@pytest.mark.slow
def test_int8_keeps_the_quality(hf, ct2, seed_segments):
    import sacrebleu

    sources = [s["de"] for s in seed_segments if s["en"]]
    references = [[s["en"] for s in seed_segments if s["en"]]]
    slow = sacrebleu.corpus_chrf([s.translation for s in hf.translate_sentences(sources)], references).score
    fast = sacrebleu.corpus_chrf([s.translation for s in ct2.translate_sentences(sources)], references).score
    assert fast > slow - 3
    signature = ct2.signature()
    assert (signature.backend, signature.compute_type) == ("ctranslate2", "int8")
    assert "engine:ctranslate2/cpu/int8" in str(signature)


@pytest.mark.slow
def test_conversion_leaves_ctranslate2s_loader_registry_alone(tmp_path, monkeypatch):
    from ctranslate2.converters import transformers as ct2_transformers

    stock = dict(ct2_transformers._MODEL_LOADERS)
    seen = []
    monkeypatch.setenv("MT_CACHE_DIR", str(tmp_path))

    def watch():  # another thread converting or loading a Marian model must always see the stock loader
        while not done.is_set():
            seen.append(ct2_transformers._MODEL_LOADERS["MarianConfig"] is stock["MarianConfig"])

    done = threading.Event()
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        path = converted(resolve(str(BUNDLED)))
    finally:
        done.set()
        watcher.join()
    assert path.parent == tmp_path / "ctranslate2" and (path / "model.bin").is_file()
    assert seen and all(seen) and ct2_transformers._MODEL_LOADERS == stock


def test_ctranslate2_keeps_paragraphs_and_guards(ct2, seed_text):
    english = ct2.translate(seed_text)
    assert len(english.split("\n\n")) == 7
    from mt.translate.guards import repeated_word

    assert repeated_word(english) is None


def test_dynamic_int8_quantization_of_the_transformers_path():
    quantized = Translator(str(BUNDLED), quantize=True)  # auto: --quantize means transformers
    assert quantized.backend.name == "transformers" and quantized.signature().compute_type == "int8-dynamic"
    assert "train" in quantized.translate("Der Zug fährt um acht Uhr ab.").lower()


def test_bad_backend_settings_are_clear_errors():
    with pytest.raises(ModelError, match="unknown backend"):
        Translator(str(BUNDLED), backend="onnx")
    with pytest.raises(ModelError, match="int8 on CPU already"):
        Translator(str(BUNDLED), backend="ctranslate2", quantize=True)


@pytest.mark.slow
def test_cli_uses_ctranslate2_by_default_and_says_so():
    result = subprocess.run(
        [sys.executable, "-m", "mt", "translate", "--model", str(BUNDLED), "-"],
        input="Die Regierung hat am Montag neue Regeln beschlossen.",
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "government" in result.stdout.lower() and "ctranslate2 (int8) on cpu" in result.stderr


def test_auto_falls_back_to_transformers_where_the_model_does_not_convert(tmp_path, monkeypatch):
    monkeypatch.setenv("MT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").write_text("not a folder: the conversion cannot be written")
    fallback = Translator(str(BUNDLED))
    assert fallback.backend.name == "transformers" and "ctranslate2 unavailable" in fallback.backend_note
    assert "train" in fallback.translate("Der Zug fährt um acht Uhr ab.").lower()


@pytest.mark.slow
def test_loading_ctranslate2_leaves_torchs_threads_alone():
    # In a fresh process: torch's default thread count is what CTranslate2's load used to change.
    script = (
        "import torch; from mt import Translator; before = torch.get_num_threads(); "
        f"Translator({str(BUNDLED)!r}, backend='ctranslate2'); print(before, torch.get_num_threads())"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    before, after = result.stdout.split()
    assert after == before, "transformers would run single-threaded after a CTranslate2 load"
    # The CTranslate2 path imports no torch; a torch imported after the load counts its threads as usual.
    script = (
        "import sys; from mt import Translator; "
        f"Translator({str(BUNDLED)!r}, backend='ctranslate2'); loaded = 'torch' in sys.modules; "
        "import torch; print(loaded, torch.get_num_threads())"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    alone = subprocess.run([sys.executable, "-c", "import torch; print(torch.get_num_threads())"], capture_output=True)
    assert result.stdout.split() == ["False", alone.stdout.decode().strip()], result.stderr


@pytest.mark.slow
def test_the_transformers_engine_enforces_a_glossary_too(hf, seed_text):
    from mt import Document
    from mt.translate.glossary import Glossary

    glossary = Glossary.from_pairs([("Botschaft", "embassy"), ("Sprecherin", "spokeswoman")])
    sentences = [s.text for s in Document.from_text(seed_text).sentences]
    enforced = hf.with_glossary(glossary).translate_sentences(sentences)
    expected = [(i, term) for i, s in enumerate(sentences) for term in glossary.expected(s)]
    assert len(expected) >= 4
    assert all(term in enforced[i].translation.lower() for i, term in expected)


def test_a_models_hash_is_kept_until_one_of_its_files_changes(tmp_path, monkeypatch):
    from mt.translate import models

    monkeypatch.setenv("MT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "model"
    shutil.copytree(BUNDLED, folder)
    first = fingerprint(folder)
    [kept] = (tmp_path / "cache" / "fingerprints").glob("*.json")
    assert json.loads(kept.read_text())["digest"] == first
    models._fingerprints.clear()  # a new process
    kept.write_text(kept.read_text().replace(first, "0123456789abcdef"))
    assert fingerprint(folder) == "0123456789abcdef", "a file's name, size and time unchanged: the kept hash is used"
    models._fingerprints.clear()
    (folder / "config.json").write_text((folder / "config.json").read_text() + " ")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".md")
    changed = fingerprint(folder)
    assert changed == models._content_hash(files) != first, "a changed file: hashed again"
    models._fingerprints.clear()
    kept.write_text("not json")
    assert fingerprint(folder) == changed, "an unreadable record: hashed again"
