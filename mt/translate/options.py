"""How sentences are decoded: every option explicit, none inherited from the model."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DecodingOptions:
    """How sentences are decoded. Every field is explicit; none is inherited from the model."""

    beam_size: int = 4
    max_input_tokens: int | None = 128  # longer sentences are cut at clause boundaries; None: the model limit (512)
    max_length_ratio: float = 2.0  # output may have at most ratio × source + 10 tokens
    batch_tokens: int = 4096  # padded source tokens per batch (sentences are sorted by length)
    max_batch_size: int = 64
    repair: bool = True  # re-decode repetition loops and runaway outputs with repetition constraints
    min_output_tokens: int = 0  # force at least this many output tokens (for speed benchmarks only)
    keep_other_languages: bool = True  # a sentence clearly in another language (an English quote) is kept as it is

    def __post_init__(self) -> None:
        for name in ("beam_size", "batch_tokens", "max_batch_size"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, not {getattr(self, name)}")
