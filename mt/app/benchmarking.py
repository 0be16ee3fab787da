"""The benchmark grid: every model × engine × beam on one test set, compared and reported."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mt.evaluation import benchmark
from mt.evaluation.benchmark import BenchResult
from mt.evaluation.metrics import EvaluationError
from mt.translate.spec import TranslatorSpec
from mt.translate.translator import Translator

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BenchRequest:
    """One run per model × backend × beam on ``testset`` (the first ``limit`` segments, if given)."""

    models: Sequence[str]
    testset: str
    backends: Sequence[str] = ("auto",)
    beams: Sequence[int] = (4,)
    limit: int | None = None
    device: str = "auto"
    threads: int | None = None
    out_dir: Path = Path("eval/results")

    def validate(self) -> None:
        if not self.models:
            raise EvaluationError("give at least one --model")
        if any(b < 1 for b in self.beams):
            raise EvaluationError("every --beam must be at least 1")
        if self.limit is not None and self.limit < 1:
            raise EvaluationError("--limit must be at least 1")


@dataclass
class BenchReport:
    results: list[BenchResult]
    paths: dict[str, Path]
    markdown: str
    sampled: str | None  # "the first N of M segments" when --limit cut the test set


def run_bench(
    request: BenchRequest,
    load: Callable[[TranslatorSpec], Translator] = lambda spec: spec(),
    on_result: Callable[[BenchResult], None] = lambda result: None,
) -> BenchReport:
    """Translate the test set with every configuration, test each against the first, write the reports."""
    from mt.evaluation.testsets import load as load_testset

    request.validate()
    full = load_testset(request.testset)
    testset = full.head(request.limit)
    sampled = len(testset.source) < len(full.source)
    note = f"the first {len(testset.source)} of {len(full.source)} segments" if sampled else None
    if note:
        log.warning("sampled run: %s", note)
    results = []
    for model, backend in itertools.product(request.models, request.backends):
        started = time.perf_counter()
        translator = load(TranslatorSpec(model, device=request.device, threads=request.threads, backend=backend))
        load_s = time.perf_counter() - started
        for beam in request.beams:
            result = benchmark.run(translator.with_options(beam_size=beam), testset, sampled, load_s)
            results.append(result)
            on_result(result)
    benchmark.compare(results, testset.references)
    paths = benchmark.write_reports(results, request.out_dir)
    return BenchReport(results, paths, paths["markdown"].read_text(encoding="utf-8"), note)
