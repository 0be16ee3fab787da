"""mt's Marian tokenizer gives the ids and the text transformers' MarianTokenizer gives, on real and odd text."""

import random

import pytest
from conftest import ROOT, SEEDS

from mt.translate.pieces import MarianPieces

MODEL = ROOT / "models" / "marian-de-en-compact"
ODD = [
    "",
    " ",
    "Er sagte </s> und <unk> und <pad>.",
    ">>en<< Guten Morgen.",
    "Ein Emoji 🙂 und ein ungewöhnliches Zeichen: ꙮ, ein Tab\tund\u00a0geschütztes Leerzeichen.",
    "  Leerzeichen   vorn und hinten  ",
    "Zeilen\nbruch und U+2028\u2028hier.",
    "Soft\u00adhyphen, Zahlen 1.234,56 € und 50%.",
]


@pytest.fixture(scope="module")
def both():
    from transformers import AutoTokenizer

    return MarianPieces(MODEL), AutoTokenizer.from_pretrained(MODEL)


def texts(newstest_de):
    return (
        [line for line in (SEEDS / "lavrov-talks.de.txt").read_text(encoding="utf-8").splitlines()]
        + newstest_de[:500]
        + ODD
    )


def test_the_same_ids_as_transformers(both, newstest_de):
    ours, theirs = both
    for text in texts(newstest_de):
        assert ours.encode(text) == theirs(text, truncation=False)["input_ids"], text


def test_the_same_text_from_ids_as_transformers(both, newstest_de):
    ours, theirs = both
    rng = random.Random(7)
    sequences = [theirs(t, truncation=False)["input_ids"] for t in texts(newstest_de)]
    sequences += [[rng.randrange(len(ours.vocab)) for _ in range(rng.randrange(1, 40))] for _ in range(300)]
    for ids in sequences:
        for skip in (True, False):
            assert ours.decode(ids, skip_special_tokens=skip) == theirs.decode(ids, skip_special_tokens=skip), ids
    tokens = theirs.convert_ids_to_tokens(sequences[0])
    assert ours.convert_ids_to_tokens(sequences[0]) == tokens
    assert ours.convert_tokens_to_ids(tokens) == theirs.convert_tokens_to_ids(tokens)
    assert ours.model_max_length == theirs.model_max_length and ours.pad_token == theirs.pad_token
