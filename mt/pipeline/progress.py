"""The progress bar of a batch: sentences, with documents and tokens/s beside them."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    """A tqdm bar over sentences with documents and tokens/s in its postfix (or nothing)."""

    def __init__(self, total_sentences: int, total_documents: int, enabled: bool | None) -> None:
        from tqdm import tqdm

        self.documents, self.total_documents, self.tokens = 0, total_documents, 0
        self.started = time.perf_counter()
        self.tqdm = tqdm(
            total=total_sentences,
            desc="translating",
            disable=None if enabled is None else not enabled,  # None: only on a terminal
            leave=False,
            dynamic_ncols=True,
            file=sys.stderr,
            bar_format="{l_bar}{bar}| {n:.0f}/{total} sentences [{elapsed}<{remaining}{postfix}]",
        )

    def advance(self, sentences: float, tokens: int) -> None:
        self.tokens += tokens
        self.tqdm.update(sentences)
        self._postfix()

    def document_done(self) -> None:
        self.documents += 1
        self._postfix()

    def _postfix(self) -> None:
        rate = self.tokens / max(time.perf_counter() - self.started, 1e-9)
        self.tqdm.set_postfix_str(f"docs {self.documents}/{self.total_documents}, {rate:.0f} tok/s", refresh=False)

    def close(self) -> None:
        self.tqdm.close()
