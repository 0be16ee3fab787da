"""mt train on the tiny CPU recipe: loss falls, the saved model reloads and translates, resuming works."""

import json

import pytest
from conftest import ROOT, SHARED

from mt import Translator
from mt.training.train import read_recipe, train

pytestmark = pytest.mark.slow  # trains a model: minutes, not seconds


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    if not (SHARED / "data" / "train").is_dir():
        pytest.skip("shared training data not found")
    folder = tmp_path_factory.mktemp("train")
    recipe_text = (ROOT / "models" / "recipes" / "tiny-cpu.toml").read_text()
    recipe_text = recipe_text.replace('output = "models/marian-de-en-tiny"', f'output = "{folder / "tiny"}"')
    (folder / "tiny.toml").write_text(recipe_text)
    recipe = read_recipe(folder / "tiny.toml")
    lines = []
    summary = train(recipe, device="cpu", log=lines.append)
    return recipe, summary, lines


def test_loss_falls_and_evaluation_sentences_are_excluded(trained):
    _, summary, lines = trained
    losses = [h["loss"] for h in summary["history"] if "loss" in h]
    assert summary["steps"] == 120 and losses[-1] < 0.75 * losses[0], losses
    assert summary["excluded_evaluation_pairs"] > 0
    assert any(line.startswith("data:") for line in lines)


def test_the_saved_model_reloads_and_translates(trained):
    recipe, summary, _ = trained
    files = {p.name for p in recipe.output.iterdir()}
    assert {"config.json", "MODEL_CARD.md", "source.spm", "vocab.json", "training.json"} <= files
    assert "120 steps" in (recipe.output / "MODEL_CARD.md").read_text()
    translator = Translator(str(recipe.output))
    english = translator.translate("Ich habe einen Hund.")
    assert english and any(c.isalpha() for c in english)
    import torch
    from transformers import MarianMTModel

    model = MarianMTModel.from_pretrained(recipe.output)
    assert model.dtype == torch.float16
    assert float(model.get_input_embeddings().weight[model.config.pad_token_id].detach().abs().sum()) == 0.0


def test_training_resumes_from_its_latest_checkpoint(trained):
    recipe, summary, _ = trained
    from dataclasses import replace

    longer = replace(recipe, train=replace(recipe.train, max_steps=140))
    lines = []
    resumed = train(longer, resume=True, device="cpu", log=lines.append)
    assert any("resumed from step-120.pt at step 120" in line for line in lines)
    assert resumed["steps"] == 140
    assert json.loads((recipe.output / "training.json").read_text())["steps"] == 140
