"""Which attention CTranslate2 should return to align words: layers and heads of the bundled model's decoder.

    .venv/bin/python eval/alignment_heads.py [--lines 400] [--out eval/results/markup-alignment]

The bundled model is converted once per setting into a temporary folder (mt's own conversion, its alignment layer
and head count changed) and newstest2019's first ``--lines`` German lines are translated with
``return_attention``. A case is a word that looks like a name or a number (a capital or a digit) found once in the
German and once in the English output: the model copied it, so where it went is known. A case is right when the
source word that the English word's pieces attend to most is that German word.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

import numpy as np

from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.translate import backends
from mt.translate.models import resolve
from mt.translate.pieces import MarianPieces

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = [(-1, 1), (-1, 8), (0, 1), (0, 8)]  # (layer, heads): CTranslate2's default is (-1, 1)
NAME = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+|\d+")


def convert(folder: Path, layer: int, heads: int) -> None:
    """The bundled model converted with this alignment layer and number of heads."""
    ordinary = backends._trained_start_loader

    def loader():
        base = ordinary()

        class Aligned(type(base)):  # type: ignore[misc]
            def get_model_spec(self, model):
                spec = super().get_model_spec(model)
                spec.decoder.alignment_layer = np.int16(layer)
                spec.decoder.alignment_heads = np.int16(heads)
                return spec

        return Aligned()

    backends._trained_start_loader = loader
    try:
        backends._marian_converter(resolve(str(ROOT / "models" / "marian-de-en-compact")).path).convert(
            str(folder), quantization="int8_float32", force=True
        )
    finally:
        backends._trained_start_loader = ordinary


def words(pieces: list[str]) -> tuple[list[int], list[str]]:
    """Each piece's word index, and the words."""
    index, found = [], []
    for piece in pieces:
        if piece.startswith("▁") or not found:
            found.append(piece.lstrip("▁"))
        else:
            found[-1] += piece
        index.append(len(found) - 1)
    return index, found


def score(folder: Path, lines: list[str], tokenizer: MarianPieces) -> tuple[int, int]:
    import ctranslate2

    engine = ctranslate2.Translator(str(folder), device="cpu", compute_type="int8", inter_threads=2)
    sources = [tokenizer.convert_ids_to_tokens(tokenizer.encode(line))[:-1] for line in lines]
    results = engine.translate_batch(sources, beam_size=4, return_attention=True, max_batch_size=16)
    right = total = 0
    for pieces, result in zip(sources, results):
        source_of, source_words = words(pieces)
        target_of, target_words = words(result.hypotheses[0])
        attention = result.attention[0]
        for word in set(source_words):
            if not NAME.fullmatch(word) or source_words.count(word) != 1 or target_words.count(word) != 1:
                continue
            s, t = source_words.index(word), target_words.index(word)
            chosen = {source_of[int(np.argmax(attention[j][: len(pieces)]))] for j, w in enumerate(target_of) if w == t}
            total += 1
            right += s in chosen
    return right, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=400)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "markup-alignment")
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    lines = load("newstest2019").source[: args.lines]
    tokenizer = MarianPieces(ROOT / "models" / "marian-de-en-compact")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for layer, heads in SETTINGS:
            folder = Path(tmp) / f"layer{layer}-heads{heads}"
            convert(folder, layer, heads)
            right, total = score(folder, lines, tokenizer)
            rows.append({"layer": layer, "heads": heads, "right": right, "total": total})
    table = [
        f"# Which attention aligns words: the bundled model's decoder, newstest2019's first {args.lines} lines",
        "",
        f"Command: `.venv/bin/python eval/alignment_heads.py --lines {args.lines}`. " + source_line(state),
        "",
        "| layer | heads averaged | names and numbers linked right |",
        "|---|---|---|",
        *(
            f"| {'last' if r['layer'] == -1 else 'first'} | {r['heads']} | {r['right']}/{r['total']} "
            f"({100 * r['right'] / max(1, r['total']):.1f} %) |"
            for r in rows
        ),
        "",
    ]
    args.out.with_suffix(".json").write_text(json.dumps({"source": state, "rows": rows}, indent=2) + "\n")
    args.out.with_suffix(".md").write_text("\n".join(table))
    print("\n".join(table))


if __name__ == "__main__":
    main()
