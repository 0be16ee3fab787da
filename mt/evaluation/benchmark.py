"""Benchmarks: translate a test set with each model, measure quality and speed, write reports.

A report states what it ran: model, decoding settings, segments (and whether sampled), hardware,
thread count and library versions.
"""

from __future__ import annotations

import json
import os
import platform
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mt.document.model import Document
from mt.evaluation.metrics import corpus_scores, segment_scores
from mt.evaluation.testsets import TestSet
from mt.translate.results import DocumentTranslation
from mt.translate.translator import Translator

LENGTH_BUCKETS = ((1, 10), (11, 20), (21, 30), (31, 50), (51, 10_000))  # source words


@dataclass
class BenchResult:
    """One model on one test set."""

    model: str
    testset: str
    segments: int
    sampled: bool  # True when --limit cut the test set
    decoding: dict
    backend: str
    device: str
    bleu: float
    bleu_ci95: float | None
    chrf: float
    chrf_ci95: float | None
    signatures: dict[str, str]
    run_signature: str  # what produced the hypotheses (mt.translate.signature.RunSignature)
    wall_s: float
    load_s: float
    sentences_per_s: float
    tokens_per_s: float  # target tokens per second of translation wall time
    target_tokens: int
    peak_rss_mb: float
    retries: int
    by_length: list[dict] = field(default_factory=list)
    worst: list[dict] = field(default_factory=list)
    least_confident: list[dict] = field(default_factory=list)  # by the model's calibrated confidence
    versus_first: dict | None = None  # paired bootstrap against the first run of the report
    hypotheses: list[str] = field(default_factory=list, repr=False)

    @property
    def label(self) -> str:
        return f"{Path(self.model).name} {self.backend} beam {self.decoding['beam']}"


def translate_lines(translator: Translator, lines: Sequence[str], progress=None) -> list[str]:
    """One translation per line (each line is its own document, so alignment is kept)."""
    documents = [Document.from_text(line, id=str(i)) for i, line in enumerate(lines)]
    return [t.text for t in translator.translate_documents(documents, progress=progress)]


def run(translator: Translator, testset: TestSet, sampled: bool, load_s: float = 0.0, progress=None) -> BenchResult:
    """Translate ``testset`` with ``translator``, timing it, and score the output."""
    before = translator.stats.target_tokens, translator.stats.retries
    with PeakMemory() as memory:
        started = time.perf_counter()
        translations = translator.translate_documents(
            [Document.from_text(line, id=str(i)) for i, line in enumerate(testset.source)], progress=progress
        )
        wall = time.perf_counter() - started
    hypotheses = [t.text for t in translations]
    confidence = _confidence(translations)
    target_tokens = translator.stats.target_tokens - before[0]
    scores = corpus_scores(hypotheses, testset.references, metrics=("bleu", "chrf"))
    segments = segment_scores(hypotheses, testset.references, metrics=("chrf",))
    return BenchResult(
        model=translator.name,
        testset=testset.name,
        segments=len(testset.source),
        sampled=sampled,
        decoding=translator.signature().decoding,
        backend=translator.backend.name,
        device=f"{translator.device} ({str(translator.dtype).removeprefix('torch.')})",
        bleu=round(scores["bleu"].score, 2),
        bleu_ci95=_r(scores["bleu"].ci),
        chrf=round(scores["chrf"].score, 2),
        chrf_ci95=_r(scores["chrf"].ci),
        signatures={k: v.signature for k, v in scores.items()},
        run_signature=str(translator.signature()),
        wall_s=round(wall, 2),
        load_s=round(load_s, 2),
        sentences_per_s=round(len(testset.source) / wall, 2),
        tokens_per_s=round(target_tokens / wall, 1),
        target_tokens=target_tokens,
        peak_rss_mb=round(memory.peak_mb, 1),
        retries=translator.stats.retries - before[1],
        by_length=_by_length(testset, hypotheses),
        worst=_worst(testset, hypotheses, [s["chrf"] for s in segments]),
        least_confident=[
            w | {"confidence": confidence[w["line"] - 1]}
            for w in _worst(testset, hypotheses, [s["chrf"] for s in segments], order=confidence)
        ],
        hypotheses=hypotheses,
    )


def compare(results: list[BenchResult], references: list[list[str]]) -> None:
    """Paired bootstrap resampling of each run against the first (BLEU and chrF), stored on the results."""
    from mt.evaluation.metrics import paired_tests

    if len(results) < 2:
        return
    systems = [(r.label, r.hypotheses) for r in results]
    _, comparisons = paired_tests(systems, references, ("bleu", "chrf"), test="bs")
    for r in results[1:]:
        mine = {c.metric: c for c in comparisons if c.system == r.label}
        r.versus_first = {"baseline": results[0].label, "test": "paired bootstrap (1000 resamples)"} | {
            m: {"delta": round(c.delta, 2), "p_value": c.p_value, "significant": c.significant} for m, c in mine.items()
        }


def _by_length(testset: TestSet, hypotheses: list[str]) -> list[dict]:
    rows = []
    for low, high in LENGTH_BUCKETS:
        index = [i for i, s in enumerate(testset.source) if low <= len(s.split()) <= high]
        if not index:
            continue
        scores = corpus_scores(
            [hypotheses[i] for i in index],
            [[r[i] for i in index] for r in testset.references],
            metrics=("bleu", "chrf"),
            n_bootstrap=1,
        )
        label = f"{low}-{high}" if high < 10_000 else f"{low}+"
        rows.append(
            {
                "words": label,
                "segments": len(index),
                "bleu": round(scores["bleu"].score, 2),
                "chrf": round(scores["chrf"].score, 2),
            }
        )
    return rows


def _confidence(translations: list[DocumentTranslation]) -> list[float]:
    """Each line's confidence: that of its least confident sentence (1.0 for a line with nothing to judge)."""
    from mt.qa.assess import Assessor

    assessor = Assessor()
    found = []
    for translation in translations:
        values = [a.confidence for a in map(assessor.assess, translation.segments) if a.confidence is not None]
        found.append(min(values, default=1.0))
    return found


def _worst(
    testset: TestSet, hypotheses: list[str], chrf: list[float], n: int = 5, order: list[float] | None = None
) -> list[dict]:
    """The ``n`` lines lowest by chrF (or by ``order``)."""
    key = order or chrf
    lines = sorted(range(len(chrf)), key=lambda i: key[i])[:n]
    return [
        {
            "line": i + 1,
            "chrf": chrf[i],
            "source": testset.source[i],
            "hypothesis": hypotheses[i],
            "reference": testset.references[0][i],
        }
        for i in lines
    ]


def machine() -> dict:
    """Hardware, threads and library versions, for the report."""
    import sacrebleu
    import torch
    import transformers

    info = {
        "platform": platform.platform(),
        "processor": _cpu_name(),
        "cpus": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "sacrebleu": sacrebleu.__version__,
    }
    if torch.cuda.is_available():
        info["gpu"] = torch.cuda.get_device_name(0)
    return info


def write_reports(results: list[BenchResult], out_dir: Path) -> dict[str, Path]:
    """Markdown table, JSON and a quality/speed PNG; returns their paths."""
    from mt.formats.files import atomic_write

    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    stem = f"bench-{results[0].testset}-{stamp}"
    paths = {"markdown": out_dir / f"{stem}.md", "json": out_dir / f"{stem}.json", "plot": out_dir / f"{stem}.png"}
    info = machine()
    payload = {
        "created": stamp,
        "machine": info,
        "results": [{k: v for k, v in asdict(r).items() if k != "hypotheses"} for r in results],
    }
    for r in results:
        paths[f"hypotheses {r.label}"] = out_dir / f"{stem}.{r.label.replace(' ', '-')}.hyp.en"
        atomic_write(paths[f"hypotheses {r.label}"], "\n".join(r.hypotheses) + "\n")
    atomic_write(paths["json"], json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    atomic_write(paths["markdown"], markdown(results, info))
    plot(results, paths["plot"])
    return paths


def markdown(results: list[BenchResult], info: dict) -> str:
    first = results[0]
    sampled = " (sampled: first segments only)" if first.sampled else ""
    lines = [
        f"# Benchmark: {first.testset}, {first.segments} segments{sampled}",
        "",
        f"Machine: {info['processor']}, {info['cpus']} CPUs, torch threads {info['torch_threads']}"
        + (f", GPU {info['gpu']}" if "gpu" in info else "")
        + f"; torch {info['torch']}, transformers {info['transformers']}, sacrebleu {info['sacrebleu']}.",
        "",
        "| model | backend | device | beam | BLEU | chrF | sent/s | target tok/s | wall s | peak RSS MB | retries |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.model} | {r.backend} | {r.device} | {r.decoding['beam']} | {r.bleu} ± {r.bleu_ci95} | {r.chrf} ± {r.chrf_ci95} "
            f"| {r.sentences_per_s} | {r.tokens_per_s} | {r.wall_s} | {r.peak_rss_mb} | {r.retries} |"
        )
    lines += ["", f"Signatures: BLEU `{first.signatures['bleu']}`, chrF `{first.signatures['chrf']}`.", ""]
    lines += ["Runs:", ""] + [f"- {r.label}: `{r.run_signature}`" for r in results] + [""]
    compared = [r for r in results if r.versus_first]
    if compared:
        lines += [f"Paired bootstrap resampling against {first.label} (p < 0.05 marked significant):", ""]
        for r in compared:
            v = r.versus_first or {}
            lines.append(
                f"- {r.label}: BLEU {v['bleu']['delta']:+.2f} (p = {v['bleu']['p_value']:.4f}"
                f"{', significant' if v['bleu']['significant'] else ', not significant'}), "
                f"chrF {v['chrf']['delta']:+.2f} (p = {v['chrf']['p_value']:.4f}"
                f"{', significant' if v['chrf']['significant'] else ', not significant'})"
            )
        lines.append("")
    for r in results:
        lines += [f"## {r.label}: by source length", "", "| words | segments | BLEU | chrF |", "|---|---|---|---|"]
        lines += [f"| {b['words']} | {b['segments']} | {b['bleu']} | {b['chrf']} |" for b in r.by_length]
        lines += ["", "Worst segments by chrF:", ""]
        lines += [
            f"- line {w['line']} (chrF {w['chrf']}): {w['hypothesis']!r} — reference {w['reference']!r}"
            for w in r.worst
        ]
        lines += ["", "Least confident segments (what an editor would read first):", ""]
        lines += [
            f"- line {w['line']} (confidence {w['confidence']}, chrF {w['chrf']}): {w['hypothesis']!r}"
            for w in r.least_confident
        ]
        lines.append("")
    return "\n".join(lines)


def plot(results: list[BenchResult], path: Path) -> None:
    """Quality (BLEU) against speed (target tokens/s), one point per run, as a PNG at ``path``."""
    import matplotlib.pyplot as plt

    figure = figure_of(results)
    figure.savefig(path)
    plt.close(figure)


def figure_of(results: list[BenchResult]) -> Any:
    """The plot's figure: each point labelled on the side that has room, every label inside the axes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4), dpi=120)
    for r in results:
        axes.errorbar(r.tokens_per_s, r.bleu, yerr=r.bleu_ci95 or 0, fmt="o", capsize=3)
    axes.margins(x=0.25, y=0.2)
    sampled = ", sampled" if results[0].sampled else ""
    axes.set(
        xlabel="target tokens / s",
        ylabel="BLEU",
        title=f"{results[0].testset} ({results[0].segments} segments{sampled})",
    )
    axes.grid(alpha=0.3)
    figure.tight_layout()
    left, right = axes.get_xlim()
    bottom, top = axes.get_ylim()
    for r in results:
        east = r.tokens_per_s > (left + right) / 2  # a label goes towards the middle, away from the edge
        north = r.bleu > (bottom + top) / 2
        axes.annotate(
            r.label,
            (r.tokens_per_s, r.bleu),
            textcoords="offset points",
            xytext=(-6 if east else 6, -8 if north else 6),
            ha="right" if east else "left",
            va="top" if north else "bottom",
            fontsize=8,
        )
    return figure


class PeakMemory:
    """Peak resident memory of this process while the block runs (sampled every 20 ms)."""

    def __enter__(self) -> PeakMemory:
        self.peak_mb = _rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak_mb = max(self.peak_mb, _rss_mb())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, _rss_mb())


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
