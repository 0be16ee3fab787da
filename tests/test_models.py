"""Finding models: the bundled fallback, explicit models that cannot be loaded, no network."""

import os
import subprocess
import sys

import pytest
from conftest import BUNDLED, ROOT

from mt import ModelError, Translator
from mt.translate.models import DEFAULT_MODEL, FallbackWarning, resolve


def test_default_falls_back_to_the_bundled_model_offline():
    with pytest.warns(FallbackWarning, match=f"{DEFAULT_MODEL}.*marian-de-en-compact"):
        ref = resolve(None)
    assert ref.path.resolve() == BUNDLED.resolve() and ref.source == "bundled"


def test_a_named_model_is_never_replaced():
    with pytest.raises(ModelError, match="not in the local cache"):
        resolve("Helsinki-NLP/opus-mt-fr-en")
    with pytest.raises(ModelError, match="no such model folder"):
        resolve("./no/such/model")


def test_a_folder_that_is_not_a_model_is_an_error(tmp_path):
    with pytest.raises(ModelError, match="no config.json"):
        resolve(str(tmp_path))
    (tmp_path / "config.json").write_text('{"model_type": "marian"}')
    (tmp_path / "model.safetensors").write_bytes(b"not weights")
    with pytest.raises(ModelError, match="cannot load the (model|tokenizer)"):
        Translator(str(tmp_path))


def online_env():
    """The environment of a user who has not set HF_HUB_OFFLINE, with a hub that cannot be reached."""
    env = {k: v for k, v in os.environ.items() if k not in {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"}}
    env["HF_ENDPOINT"] = "http://127.0.0.1:9"  # loopback, nothing listens: like a machine without network
    env["HF_HOME"] = str(ROOT / ".pytest_cache" / "hf-home-empty")
    return env


def translate_offline(args: list[str], text: str, timeout: int) -> subprocess.CompletedProcess[str]:
    """``mt translate ARGS`` in a process that believes it is online but reaches no hub."""
    return subprocess.run(
        [sys.executable, "-m", "mt", "translate", *args],
        input=text,
        env=online_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.slow
def test_without_network_the_default_falls_back_quickly_and_says_so_once():
    result = translate_offline(["-", "-q"], "Der Zug fährt um acht Uhr.", timeout=120)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and DEFAULT_MODEL in warnings[0] and "marian-de-en-compact" in warnings[0]
    assert "train" in result.stdout.lower()


@pytest.mark.slow
def test_without_network_a_named_hub_model_is_a_clear_error():
    result = translate_offline(["--model", "Helsinki-NLP/opus-mt-fr-en", "-"], "Hallo.", timeout=60)
    assert result.returncode == 2
    assert "cannot be reached" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_models_lists_the_bundled_model():
    result = subprocess.run([sys.executable, "-m", "mt", "models"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    assert "marian-de-en-compact" in result.stdout and "bundled" in result.stdout
