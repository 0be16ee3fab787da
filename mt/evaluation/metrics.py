"""Scoring translations against references with sacreBLEU: corpus scores with signatures and
95 % bootstrap confidence intervals, segment scores, and paired significance tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric
from sacrebleu.significance import PairedTest, Result

from mt.errors import MtError

METRICS = ("bleu", "chrf", "chrf++", "ter")


class EvaluationError(MtError, ValueError):
    """Inputs that cannot be scored (misaligned, empty); the message says which and why."""


def make_metric(name: str) -> Metric:
    """A sacreBLEU metric with its default (reproducible) settings."""
    if name == "bleu":
        return BLEU()
    if name == "chrf":
        return CHRF()
    if name == "chrf++":
        return CHRF(word_order=2)
    if name == "ter":
        return TER()
    raise EvaluationError(f"unknown metric {name!r}; choose from {', '.join(METRICS)}")


@dataclass(frozen=True)
class CorpusScore:
    """One metric on one system: the score, the bootstrap mean and 95 % half-interval, the signature."""

    metric: str
    score: float
    mean: float | None
    ci: float | None
    signature: str
    detail: str  # sacreBLEU's own one-line rendering, e.g. BLEU's n-gram precisions

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "score": round(self.score, 4),
            "mean": _round(self.mean),
            "ci95": _round(self.ci),
            "signature": self.signature,
            "detail": self.detail,
        }


def check_aligned(hypotheses: Sequence[str], references: Sequence[Sequence[str]], names: Sequence[str] = ()) -> None:
    """Raise :class:`EvaluationError` unless every reference stream has one line per hypothesis."""
    if not hypotheses:
        raise EvaluationError(f"{names[0] if names else 'hypotheses'}: no segments to score")
    if not references:
        raise EvaluationError("no references given")
    for i, stream in enumerate(references):
        if len(stream) != len(hypotheses):
            name = names[i + 1] if len(names) > i + 1 else f"reference {i + 1}"
            raise EvaluationError(
                f"{name} has {len(stream)} lines but the hypotheses have {len(hypotheses)}: files are not aligned"
            )


def corpus_scores(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
    n_bootstrap: int = 1000,
) -> dict[str, CorpusScore]:
    """Corpus-level scores; with ``n_bootstrap > 1`` each carries a 95 % confidence interval."""
    check_aligned(hypotheses, references)
    results = {}
    for name in metrics:
        metric = make_metric(name)
        score = metric.corpus_score(list(hypotheses), [list(r) for r in references], n_bootstrap=n_bootstrap)
        bootstrapped = n_bootstrap > 1
        results[name] = CorpusScore(
            metric=name,
            score=score.score,
            mean=float(score._mean) if bootstrapped else None,  # sacreBLEU keeps these on the score object
            ci=float(score._ci) if bootstrapped else None,
            signature=str(metric.get_signature()),
            detail=score.format(signature=""),
        )
    return results


def segment_scores(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], metrics: Sequence[str] = ("bleu", "chrf")
) -> list[dict[str, float]]:
    """Sentence-level scores, one dict per segment (sentence BLEU uses effective order)."""
    check_aligned(hypotheses, references)
    scorers = {name: make_metric(name) if name != "bleu" else BLEU(effective_order=True) for name in metrics}
    rows = []
    for i, hypothesis in enumerate(hypotheses):
        refs = [stream[i] for stream in references]
        rows.append({name: round(m.sentence_score(hypothesis, refs).score, 4) for name, m in scorers.items()})
    return rows


@dataclass(frozen=True)
class Comparison:
    """A system against the baseline on one metric, from a paired test."""

    system: str
    metric: str
    score: float
    delta: float  # system − baseline (positive: better for BLEU/chrF, worse for TER)
    p_value: float | None
    test: str

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 0.05

    def to_dict(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "metric": self.metric,
            "score": round(self.score, 4),
            "delta": round(self.delta, 4),
            "p_value": _round(self.p_value),
            "significant": self.significant,
            "test": self.test,
        }


def paired_tests(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    metrics: Sequence[str] = ("bleu", "chrf"),
    test: str = "bs",
    n_samples: int = 0,
) -> tuple[dict[str, str], list[Comparison]]:
    """Paired bootstrap (``bs``) or approximate randomization (``ar``) of each system against the first.

    Returns the test signatures by metric and, per metric and system (baseline first), a :class:`Comparison`.
    """
    for name, hypotheses in systems:
        check_aligned(hypotheses, references, [name])
    named: list[tuple[str, Sequence[str]]] = [(name, list(h)) for name, h in systems]
    paired = PairedTest(
        named, {m: make_metric(m) for m in metrics}, [list(r) for r in references], test_type=test, n_samples=n_samples
    )
    signatures, table = paired()
    comparisons = []
    for metric_key, metric in zip([k for k in table if k != "System"], metrics):
        results: list[Result] = [r for r in table[metric_key] if isinstance(r, Result)]
        baseline = results[0].score
        for (name, _), result in zip(named, results):
            p_value = result.p_value
            if p_value is not None and result.score == baseline:
                # sacreBLEU's bootstrap gives p = 1/(n+1) when every resampled difference is zero
                # (identical outputs); no difference at all is the least significant result there is.
                p_value = 1.0
            comparisons.append(Comparison(name, metric, result.score, result.score - baseline, p_value, test))
    return {m: str(signatures[k]) for k, m in zip([k for k in table if k != "System"], metrics)}, comparisons


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)
