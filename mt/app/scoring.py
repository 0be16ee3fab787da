"""Scoring systems against references: corpus scores with CIs, ranking, paired tests, segment scores."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mt.evaluation.metrics import METRICS, EvaluationError, corpus_scores, paired_tests, segment_scores
from mt.formats.files import atomic_write, read_lines
from mt.translate.spec import TranslatorSource, obtain

NAMES = {"bleu": "BLEU", "chrf": "chrF2", "chrf++": "chrF2++", "ter": "TER"}


@dataclass(frozen=True)
class EvalRequest:
    """Hypothesis files against reference files or a named test set (or a model translating the test set)."""

    hypotheses: Sequence[Path] = ()
    references: Sequence[Path] = ()
    testset: str | None = None
    translate: bool = False  # translate the test set's source (needs a translator)
    limit: int | None = None
    metrics: Sequence[str] = ("bleu", "chrf", "chrf++", "ter")
    bootstrap: int = 1000
    paired: str = "bs"
    segments: Path | None = None  # write segment-level scores here (JSONL)

    def validate(self) -> None:
        """Raise :class:`EvaluationError` for combinations that cannot work, before anything is loaded."""
        if self.testset and self.references:
            raise EvaluationError("give either --ref or --testset, not both")
        if not self.testset and not self.references:
            raise EvaluationError("give references with --ref FILE or a test set with --testset NAME")
        if self.translate and self.hypotheses:
            raise EvaluationError("--model translates the test set; it cannot be combined with --hyp")
        if not self.hypotheses and not self.translate:
            raise EvaluationError("give hypotheses with --hyp FILE, or --model to translate the test set")
        if self.translate and not self.testset:
            raise EvaluationError("--model needs --testset (there is no source to translate)")
        unknown = [m for m in self.metrics if m not in METRICS]
        if unknown or not self.metrics:
            raise EvaluationError(f"unknown metric {', '.join(unknown) or '(none)'}; choose from {', '.join(METRICS)}")
        if self.paired not in ("bs", "ar"):
            raise EvaluationError("the paired test is bs (bootstrap) or ar (approximate randomization)")
        if self.limit is not None and self.limit < 1:
            raise EvaluationError("--limit must be at least 1")


def evaluate(request: EvalRequest, translator: TranslatorSource | None = None) -> dict[str, Any]:
    """The report: per system its scores (with signatures and CIs), and paired tests against the first."""
    request.validate()
    source: list[str] | None = None
    if request.testset:
        from mt.evaluation.testsets import load

        testset = load(request.testset).head(request.limit)
        references, source = testset.references, testset.source
    else:
        references = [read_lines(path)[: request.limit] for path in request.references]
    systems = [(str(path), read_lines(path)[: request.limit]) for path in request.hypotheses]
    if request.translate:
        from mt.evaluation.benchmark import translate_lines

        if translator is None:
            raise EvaluationError("no model to translate the test set with")
        loaded = obtain(translator)
        assert source is not None
        systems = [(f"{loaded.name} (beam {loaded.options.beam_size})", translate_lines(loaded, source))]

    metrics = list(request.metrics)
    report: dict[str, Any] = {
        "testset": request.testset,
        "segments": len(systems[0][1]),
        "limited": request.limit is not None,
        "systems": [],
    }
    for name, hypotheses in systems:
        scores = corpus_scores(hypotheses, references, metrics, n_bootstrap=request.bootstrap)
        report["systems"].append({"name": name, "scores": {m: s.to_dict() for m, s in scores.items()}})
    if len(systems) > 1:
        signatures, comparisons = paired_tests(systems, references, metrics, test=request.paired)
        report["paired"] = {
            "test": request.paired,
            "signatures": signatures,
            "comparisons": [c.to_dict() for c in comparisons],
        }
        report["ranking"] = ranking(report, metrics[0])
    if request.segments:
        segment_metrics = [m for m in metrics if m != "ter"]
        rows = [
            {"system": name, "line": i + 1} | row
            for name, hypotheses in systems
            for i, row in enumerate(segment_scores(hypotheses, references, segment_metrics))
        ]
        atomic_write(request.segments, "".join(json.dumps(r) + "\n" for r in rows))
    return report


def ranking(report: dict[str, Any], metric: str) -> list[str]:
    """System names, best first by ``metric`` (lower is better for TER)."""
    lower_is_better = metric == "ter"
    ordered = sorted(report["systems"], key=lambda s: s["scores"][metric]["score"], reverse=not lower_is_better)
    return [s["name"] for s in ordered]


def eval_table(report: dict[str, Any]) -> str:
    """The report for people: one row per system, ± the 95 % CI, * where the paired test is significant."""
    metrics = list(report["systems"][0]["scores"])
    what = f"{report['testset'] or 'references'}, {report['segments']} segments"
    lines = [what + (" (limited by --limit)" if report["limited"] else "")]
    comparisons = {(c["system"], c["metric"]): c for c in report.get("paired", {}).get("comparisons", [])}
    width = max(len(s["name"]) for s in report["systems"])
    lines.append(f"{'system':<{width}}  " + "  ".join(f"{NAMES[m]:>16}" for m in metrics))
    for system in report["systems"]:
        cells = []
        for m in metrics:
            score = system["scores"][m]
            cell = f"{score['score']:.2f}" + (f" ± {score['ci95']:.2f}" if score["ci95"] is not None else "")
            comparison = comparisons.get((system["name"], m))
            if comparison and comparison["p_value"] is not None:
                cell += " *" if comparison["significant"] else "  "
            cells.append(f"{cell:>16}")
        lines.append(f"{system['name']:<{width}}  " + "  ".join(cells))
    if comparisons:
        lines.append("")
        lines.append(f"paired {report['paired']['test']} test against {report['systems'][0]['name']}:")
        for c in report["paired"]["comparisons"]:
            if c["p_value"] is not None:
                verdict = "significant" if c["significant"] else "not significant"
                lines.append(
                    f"  {c['system']}: {NAMES[c['metric']]} {c['delta']:+.2f} "
                    f"(p = {c['p_value']:.4f}, {verdict} at 0.05)"
                )
        lines.append(f"ranking by {NAMES[metrics[0]]}: " + " > ".join(report["ranking"]))
    lines.append("")
    for m in metrics:
        lines.append(f"{NAMES[m]} signature: {report['systems'][0]['scores'][m]['signature']}")
    return "\n".join(lines)
