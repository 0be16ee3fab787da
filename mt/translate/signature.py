"""What produced an output, in one place: a reproducibility signature in the spirit of sacreBLEU's.

A :class:`RunSignature` names the ``mt`` version, the model and its content hash, the decoding
engine, device and compute type, and every decoding option. ``str(signature)`` is one short line
(``mt:0.2.0|model:marian-de-en-compact@3f2a…|engine:ctranslate2/cpu/int8|beam:4|…``) for reports and
the resume manifest; :meth:`RunSignature.as_dict` is the same for JSON. Two outputs with equal
signatures (and equal inputs) are the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RunSignature:
    """Everything besides the input text that decides an output."""

    version: str
    model: str
    model_hash: str
    backend: str
    device: str  # "cpu" or "cuda"
    compute_type: str  # e.g. float32, int8, float16
    decoding: dict[str, Any]
    settings: dict[str, Any] = field(default_factory=dict)  # how outputs are written (format, fix, ...)

    def with_settings(self, **settings: Any) -> RunSignature:
        """The signature with output settings added (e.g. ``format="jsonl"``)."""
        return RunSignature(
            self.version,
            self.model,
            self.model_hash,
            self.backend,
            self.device,
            self.compute_type,
            self.decoding,
            self.settings | settings,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "mt": self.version,
            "model": self.model,
            "model_hash": self.model_hash,
            "backend": self.backend,
            "device": self.device,
            "compute_type": self.compute_type,
            "decoding": dict(self.decoding),
            **({"settings": dict(self.settings)} if self.settings else {}),
            "signature": str(self),
        }

    def __str__(self) -> str:
        parts = [
            f"mt:{self.version}",
            f"model:{self.model}@{self.model_hash}",
            f"engine:{self.backend}/{self.device}/{self.compute_type}",
            *(f"{key}:{_short(value)}" for key, value in self.decoding.items()),
            *(f"{key}:{_short(value)}" for key, value in sorted(self.settings.items())),
        ]
        return "|".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "none" if value is None else str(value)
