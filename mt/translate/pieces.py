"""Marian's tokenizer without ``transformers``: the SentencePiece models and the vocabulary of a Marian model
folder, used exactly as transformers' ``MarianTokenizer`` uses them (``tests/test_pieces.py`` holds the two to the
same ids and text). Loading it takes milliseconds, where importing ``transformers`` (and with it ``torch``) takes
about a second: the CTranslate2 path needs neither.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

MARIAN_FILES = ("source.spm", "target.spm", "vocab.json")


class MarianPieces:
    """Text ↔ ids for a Marian model: special tokens kept whole, a leading ``>>xx<<`` language code kept as one
    token, the rest cut by the source SentencePiece model; ``</s>`` ends every input."""

    def __init__(self, folder: Path) -> None:
        import sentencepiece

        config_path = folder / "tokenizer_config.json"
        config = json.loads(config_path.read_text(encoding="utf-8")) if config_path.is_file() else {}
        self.vocab: dict[str, int] = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        self.tokens = {i: token for token, i in self.vocab.items()}
        self.eos_token = config.get("eos_token", "</s>")
        self.unk_token = config.get("unk_token", "<unk>")
        self.pad_token = config.get("pad_token", "<pad>")
        self.model_max_length = int(config.get("model_max_length", 512))
        self.separate_vocabs = bool(config.get("separate_vocabs", False))
        self.source = sentencepiece.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        self.target = sentencepiece.SentencePieceProcessor(model_file=str(folder / "target.spm"))
        self.special = [self.eos_token, self.unk_token, self.pad_token]
        self.special_ids = {self.vocab[t] for t in self.special if t in self.vocab}
        self.unk_id, self.eos_id = self.vocab[self.unk_token], self.vocab[self.eos_token]
        self.decoder = (
            self.target if self.separate_vocabs else self.source
        )  # a shared vocabulary decodes with the source's
        self._split = re.compile(
            "(" + "|".join(re.escape(t) for t in sorted(self.special, key=len, reverse=True)) + ")"
        )

    @classmethod
    def usable(cls, folder: Path) -> bool:
        """Whether the folder holds a Marian model's tokenizer files (the tokenizer it names is Marian's)."""
        config_path = folder / "tokenizer_config.json"
        named = (
            json.loads(config_path.read_text(encoding="utf-8")).get("tokenizer_class")
            if config_path.is_file()
            else None
        )
        return named in (None, "MarianTokenizer") and all((folder / name).is_file() for name in MARIAN_FILES)

    def encode(self, text: str) -> list[int]:
        """The ids of a text, ending with ``</s>``."""
        return self.convert_tokens_to_ids(self.tokenize(text)) + [self.eos_id]

    def tokenize(self, text: str) -> list[str]:
        tokens: list[str] = []
        for chunk in self._split.split(text):
            if not chunk:
                continue
            if chunk in self.special:
                tokens.append(chunk)
                continue
            if chunk.startswith(">>") and (end := chunk.find("<<")) != -1:  # a language code, as Marian keeps it
                tokens.append(chunk[: end + 2])
                chunk = chunk[end + 2 :]
            tokens += self.source.encode(chunk, out_type=str)
        return tokens

    def decode(self, ids: list[int], skip_special_tokens: bool = True) -> str:
        """The text of ids; special tokens left out (``skip_special_tokens``) or kept as they are written."""
        tokens = [self._token(i) for i in ids if not (skip_special_tokens and i in self.special_ids)]
        model = self.decoder
        out, pending = "", list[str]()
        for token in tokens:
            if token in self.special:
                out += model.decode_pieces(pending) + token + " "
                pending = []
            else:
                pending.append(token)
        out += model.decode_pieces(pending)
        return out.replace("\u2581", " ").strip()

    def convert_ids_to_tokens(self, ids: list[int]) -> list[str]:
        return [self._token(i) for i in ids]

    def convert_tokens_to_ids(self, tokens: list[str]) -> list[int]:
        return [self.vocab.get(t, self.unk_id) for t in tokens]

    def _token(self, i: int) -> str:
        if i in self.tokens:
            return self.tokens[i]
        piece = self.decoder.IdToPiece(i)
        return piece or self.unk_token
