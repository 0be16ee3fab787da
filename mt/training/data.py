"""Training data: corpora by domain with weights, detokenized where needed, filtered, deduplicated,
cleaned of every evaluation sentence, encoded once and served as length-bucketed token batches."""

from __future__ import annotations

import html
import queue
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mt.config import shared_data_dir
from mt.errors import MtError
from mt.evaluation.testsets import load, on_this_machine, registry


@dataclass(frozen=True)
class DataConfig:
    corpora: dict[str, float]  # domain folder under data/train → weight (copies per epoch; fractions sample)
    tokenized: tuple[str, ...] = ("europarl", "mixed", "wiki")  # Moses-tokenized: detokenize first
    max_words: int = 120
    max_ratio: float = 3.0
    max_pairs: int = 0  # 0: all (tiny test runs use a few thousand)
    seed: int = 1


def held_out_sentences() -> set[str]:
    """The German side of every registered test set on this machine: never trained on. A set that is not here
    cannot leak either; one that is here but cannot be read is an error, never silently not excluded."""
    held = set()
    for name in registry():
        if on_this_machine(name):
            held |= {" ".join(s.split()) for s in load(name).source}
    return held


class CorpusError(MtError, ValueError):
    """A training corpus file cannot be used; the message names the file and the line."""


def read_segments(path: Path) -> list[str]:
    """One segment per ``\\n``-terminated line of a UTF-8 file.

    Only ``\\n`` ends a segment: U+0085, U+2028 and form feeds inside a line are text (which
    ``str.splitlines`` would break at, misaligning the two sides of a corpus).
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(f"{path}: cannot read: {err.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise CorpusError(f"{path}:{line}: not UTF-8 (byte 0x{data[err.start]:02x})") from None
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def read_parallel(de_file: Path) -> list[tuple[str, str]]:
    """The (German, English) pairs of ``NAME.de`` and ``NAME.en``, which must have equally many lines."""
    en_file = de_file.with_suffix(".en")
    if not en_file.is_file():
        raise CorpusError(f"{de_file}: no English side {en_file.name} beside it")
    de, en = read_segments(de_file), read_segments(en_file)
    if len(de) != len(en):
        raise CorpusError(
            f"{de_file}:{min(len(de), len(en)) + 1}: {len(de)} German lines but {len(en)} English lines in {en_file.name}"
        )
    return list(zip(de, en))


def read_pairs(config: DataConfig) -> tuple[list[tuple[str, str, str]], dict[str, int], int]:
    """(domain, German, English) after detokenization, filters, deduplication and exclusion."""
    from sacremoses import MosesDetokenizer

    detok = {"de": MosesDetokenizer("de"), "en": MosesDetokenizer("en")}
    held = held_out_sentences()
    rng = random.Random(config.seed)
    seen: set[tuple[str, str]] = set()
    rows, kept, excluded = [], {}, 0
    for domain, weight in sorted(config.corpora.items()):
        folder = shared_data_dir() / "train" / domain
        pairs: list[tuple[str, str]] = []
        for de_file in sorted(folder.glob("*.de")):
            pairs += read_parallel(de_file)
        count = 0
        for de, en in pairs:
            if domain in config.tokenized:
                de = detok["de"].detokenize(html.unescape(de).split()).replace("„ ", "„")
                en = detok["en"].detokenize(html.unescape(en).split())
            de, en = " ".join(de.split()), " ".join(en.split())
            if not de or not en:
                continue
            if de in held:
                excluded += 1
                continue
            nd, ne = len(de.split()), len(en.split())
            if max(nd, ne) > config.max_words or max(nd, ne) > config.max_ratio * min(nd, ne) + 3:
                continue
            if (de, en) in seen:
                continue
            seen.add((de, en))
            copies = int(weight) + (rng.random() < weight - int(weight))
            rows += [(domain, de, en)] * copies
            count += copies
        kept[domain] = count
    rng.shuffle(rows)
    if config.max_pairs:
        rows = rows[: config.max_pairs]
    return rows, kept, excluded


def encode(rows: list[tuple[str, str, str]], tokenizer) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Token ids for both sides, each with </s> (one joint SentencePiece vocabulary)."""
    source = tokenizer([de for _, de, _ in rows])["input_ids"]
    target = tokenizer(text_target=[en for _, _, en in rows])["input_ids"]
    return [np.asarray(s, dtype=np.int32) for s in source], [np.asarray(t, dtype=np.int32) for t in target]


def batches(source: list[np.ndarray], target: list[np.ndarray], batch_tokens: int, seed: int) -> list[np.ndarray]:
    """Index batches for one epoch: shuffled, bucketed by length in chunks, each under the token budget."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(source))
    lengths = np.array([max(len(source[i]), len(target[i])) for i in range(len(source))])
    out = []
    chunk = 100 * max(1, batch_tokens // 32)
    for c in range(0, len(order), chunk):
        part = order[c : c + chunk]
        part = part[np.argsort(lengths[part], kind="stable")]
        start = 0
        while start < len(part):
            end, longest = start, 0
            while end < len(part) and max(longest, lengths[part[end]]) * (end - start + 1) <= batch_tokens:
                longest = max(longest, lengths[part[end]])
                end += 1
            end = max(end, start + 1)
            out.append(part[start:end])
            start = end
    rng.shuffle(out)
    return out


def padded(ids: list[np.ndarray], pad: int) -> np.ndarray:
    width = max(len(x) for x in ids)
    out = np.full((len(ids), width), pad, dtype=np.int64)
    for row, x in enumerate(ids):
        out[row, : len(x)] = x
    return out


def prefetch(source, target, index_batches, pad: int, depth: int = 8) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Padded (source, target) arrays, built by a background thread ahead of the training loop."""
    buffer: queue.Queue = queue.Queue(maxsize=depth)

    def fill() -> None:
        for batch in index_batches:
            buffer.put((padded([source[i] for i in batch], pad), padded([target[i] for i in batch], pad)))
        buffer.put(None)

    threading.Thread(target=fill, daemon=True).start()
    while (item := buffer.get()) is not None:
        yield item


def validation_pairs(testset: str, segments: int) -> tuple[list[str], list[str]]:
    data = load(testset).head(segments)
    return data.source, data.references[0]
