"""How a front end names the model it wants, and how a loaded one is passed around."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mt.translate.options import DecodingOptions
from mt.translate.translator import Translator

TranslatorSource = Translator | Callable[[], Translator]


@dataclass(frozen=True)
class TranslatorSpec:
    """Everything needed to load a :class:`Translator`; calling the spec loads it."""

    model: str | None = None
    device: str = "auto"
    threads: int | None = None
    backend: str = "auto"
    quantize: bool = False
    options: DecodingOptions = field(default_factory=DecodingOptions)

    def __call__(self) -> Translator:
        return Translator(
            self.model,
            device=self.device,
            threads=self.threads,
            backend=self.backend,
            quantize=self.quantize,
            options=self.options,
        )


def obtain(source: TranslatorSource) -> Translator:
    """A loaded translator from a translator or a loader."""
    return source if isinstance(source, Translator) else source()
