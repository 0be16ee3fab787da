"""A calibrated confidence in [0, 1] for each translated sentence.

From the model's own score (its mean log-probability per output token, which both engines give) and
the QA flags of the pair: a linear model of the sentence's chrF against a reference, fitted on a
development set that no reported result uses (``eval/confidence_quality.py --fit``; the weights and how
they were made are in ``mt/qa/data/confidence.toml``). Its ranking of sentences is what matters: the
sentences an editor should read first have the lowest confidence.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mt.lang.lexicon import lexicon
from mt.plugins.flags import Flag
from mt.qa.form import usual_range
from mt.translate.results import SegmentTranslation

WEIGHTS = Path(__file__).resolve().parent / "data" / "confidence.toml"
FEATURES = (
    "score",
    "score_squared",
    "major_flags",
    "minor_flags",
    "length_misfit",
    "log_length_ratio",
    "log_length_ratio_squared",
    "log_source_tokens",
    "rare_source_words",
    "retried",
)


def features(segment: SegmentTranslation, flags: Sequence[Flag]) -> list[float]:
    """The numbers the confidence is made of, in the order of :data:`FEATURES`."""
    score = segment.score if segment.score is not None else 0.0
    source, target = len(segment.source.strip()), len(segment.translation.strip())
    low, high = usual_range(source)
    ratio = max(target, 1) / max(source, 1)
    misfit = max(0.0, math.log(low / ratio), math.log(ratio / high)) if source >= 8 else 0.0
    words = _WORD.findall(segment.source)
    rare = sum(lexicon().zipf(w) < 2.0 for w in words) / len(words) if words else 0.0
    return [
        score,
        score * score,
        float(sum(f.severity == "major" for f in flags)),
        float(sum(f.severity == "minor" for f in flags)),
        misfit,
        math.log(ratio),
        math.log(ratio) ** 2,
        math.log1p(segment.source_tokens),
        rare,  # the share of the source's words that German text rarely uses: names, jargon, typos
        1.0 if segment.retry else 0.0,
    ]


_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class ConfidenceModel:
    """``clip(intercept + weights · features, 0, 1)``: an estimate of the sentence's chrF / 100."""

    intercept: float
    weights: tuple[float, ...]
    fitted_on: str = ""

    def confidence(self, segment: SegmentTranslation, flags: Sequence[Flag]) -> float:
        value = self.intercept + sum(w * x for w, x in zip(self.weights, features(segment, flags)))
        return round(min(1.0, max(0.0, value)), 3)


@lru_cache(maxsize=1)
def confidence_model(path: Path = WEIGHTS) -> ConfidenceModel:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    weights = data["weights"]
    return ConfidenceModel(
        data["intercept"], tuple(float(weights[name]) for name in FEATURES), data.get("fitted_on", "")
    )
