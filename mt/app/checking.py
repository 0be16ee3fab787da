"""Checking German text for MT artifacts, fixing it, and scoring the checker against gold spans."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mt.check import Checker, Flag, apply_safe
from mt.document.model import Document
from mt.formats.files import InputError
from mt.lang.identify import Guess, document_language, other_document


@dataclass
class CheckResult:
    """The flags of one text, what was checked, and (with gold spans) the scores."""

    text: str
    name: str
    flags: list[Flag]
    gold: dict[str, Any] | None = None
    meta: dict[str, Any] = field(default_factory=dict)


Check = Callable[
    [Document], list[Flag]
]  # a checker's check: the CLI's Checker().check, the service's with learned rules


@dataclass
class CheckedDocument:
    """A document's flags and its language; ``checked`` is false for a text clearly in another language, which
    the German checks do not run on (they would flag every word)."""

    document: Document
    language: Guess
    checked: bool
    flags: list[Flag]


def check_document(document: Document, check: Check | None = None) -> CheckedDocument:
    """The German checks of a document, if it is German (``check``: the checker's check to run, by default all
    the checks)."""
    language = document_language(document.text)
    if other_document(document.text, language) is not None:
        return CheckedDocument(document, language, False, [])
    return CheckedDocument(document, language, True, (check or Checker().check)(document))


def check_text(text: str, name: str, checks: Sequence[str] | None = None, gold: Path | None = None) -> CheckResult:
    """Flags of ``text``; with ``gold`` (a JSONL file of spans), precision and recall against it.

    The gold file is read before the checker loads its resources.
    """
    from mt.check.checks import ALL_CHECKS
    from mt.check.gold import read_gold, score

    unknown = sorted(set(checks or ()) - {c.name for c in ALL_CHECKS})
    if unknown:
        names = ", ".join(c.name for c in ALL_CHECKS)
        raise InputError(f"unknown check {', '.join(unknown)}; the checks are {names}")
    spans = read_gold(gold) if gold else None
    checked = check_document(Document.from_text(text), Checker(only=checks).check)
    language = checked.language
    meta: dict[str, Any] = {"name": name, "characters": len(text), "words": len(text.split())}
    meta["language"] = {"code": language.code, "name": language.name, "confidence": round(language.confidence, 3)}
    if not checked.checked:
        meta["not_checked"] = f"{language.name} ({language.confidence:.2f}), not German: the German checks did not run"
    meta["sources"] = knowledge_sources()
    scores = score(checked.flags, spans) if spans is not None else None
    if scores is not None:
        meta["gold"] = scores
    return CheckResult(text, name, checked.flags, scores, meta)


def knowledge_sources() -> dict[str, str]:
    """What the checks found to know words by, each with where it came from (or that it is missing)."""
    from importlib.metadata import version

    from mt.config import hunspell_dirs, trans_de_en
    from mt.lang import collocations as collocations_module
    from mt.lang import dictionary as dictionary_module

    hunspell = next((d for d in hunspell_dirs() if (d / "de_DE.dic").is_file()), None)
    entries = len(dictionary_module.dictionary())
    counts = collocations_module.collocations()
    return {
        "hunspell": f"de_DE in {hunspell}" if hunspell else "missing",
        "trans-de-en": (
            f"{trans_de_en()}, {entries:,} English expressions"
            if entries
            else f"missing at {trans_de_en()}: no suggestions for English words, no calque round trips"
        ),
        "collocations": (
            f"{counts.lines:,} lines of clean German ({counts.source})"
            if counts is not None
            else f"missing at {collocations_module.cache_path()}: verb-noun calques of light verbs only, "
            "preposition calques of adjectives only (python -m mt.training.count_collocations)"
        ),
        "wordfreq": version("wordfreq"),
        "tagger": f"HanTa {version('HanTa')}",
    }


def fix_text(text: str, check: Check | None = None) -> tuple[str, list[Flag]]:
    """``text`` with the checker's safe corrections applied, and the flags that were applied."""
    return apply_safe(text, (check or Checker().check)(Document.from_text(text)))


def gold_table(gold: dict[str, Any]) -> str:
    """Precision, recall and F1 against gold spans, overall, for majors and by category."""
    o, m = gold["overall"], gold["major"]
    lines = [
        f"against gold: precision {o['precision']:.2f} ({o['true_positives']}/{o['flags']} flags), "
        f"recall {o['recall']:.2f} ({o['found']}/{o['gold']} spans), F1 {o['f1']:.2f}",
        f"major spans found: {m['found']}/{m['gold']} (recall {m['recall']:.2f})",
        "by category: "
        + ", ".join(f"{c} {v['found']}/{v['gold']}" for c, v in gold["by_category"].items() if v["gold"]),
    ]
    return "\n".join(lines)
