"""Test sets by name: local files listed in ``mt/evaluation/data/testsets.toml`` (package data), or sacreBLEU's named sets."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mt.config import CHECKOUT, shared_data_dir
from mt.evaluation.metrics import EvaluationError, check_aligned
from mt.formats.files import InputError, read_lines

REGISTRY = Path(__file__).resolve().parent / "data" / "testsets.toml"


@dataclass(frozen=True)
class TestSet:
    """Source segments and one or more reference streams, line-aligned."""

    name: str
    source: list[str]
    references: list[list[str]]
    description: str = ""

    def head(self, limit: int | None) -> TestSet:
        """The first ``limit`` segments (all of them for ``None``)."""
        if limit is None or limit >= len(self.source):
            return self
        return TestSet(self.name, self.source[:limit], [r[:limit] for r in self.references], self.description)


def registry() -> dict[str, dict]:
    with REGISTRY.open("rb") as handle:
        return tomllib.load(handle)


def load(name: str) -> TestSet:
    """A local test set from the registry, else a sacreBLEU named set (needs the network once)."""
    entries = registry()
    if name in entries:
        return _load_local(name, entries[name])
    return _load_sacrebleu(name, known=sorted(entries))


def on_this_machine(name: str) -> bool:
    """Whether every file of the registered set ``name`` is here (a set missing from a machine cannot leak into
    its training data; a set that is here but broken must fail loudly, not be skipped)."""
    entry = registry()[name]
    templates = [entry["segments"]] if "segments" in entry else [entry["source"], *entry["references"]]
    try:
        return all(_path(t).is_file() for t in templates)
    except InputError:  # a set of the source checkout, and mt runs from an installed package
        return False


def _path(template: str) -> Path:
    if "{root}" in template and not (CHECKOUT / "pyproject.toml").is_file():
        raise InputError(f"{template}: this test set ships with the mt source checkout, not with the package")
    return Path(template.format(data=shared_data_dir(), root=CHECKOUT))


def _load_local(name: str, entry: dict) -> TestSet:
    try:
        if "segments" in entry:
            rows = [json.loads(line) for line in read_lines(_path(entry["segments"]))]
            rows = [r for r in rows if r.get("en")]
            source, references = [r["de"] for r in rows], [[r["en"] for r in rows]]
        else:
            source = read_lines(_path(entry["source"]))
            references = [read_lines(_path(ref)) for ref in entry["references"]]
    except InputError as err:
        raise EvaluationError(f"test set {name}: {err} (set MT_SHARED to the folder that holds data/)") from None
    check_aligned(
        source, references, [f"{name} source"] + [f"{name} reference {i + 1}" for i in range(len(references))]
    )
    return TestSet(name, source, references, entry.get("description", ""))


def _load_sacrebleu(name: str, known: list[str]) -> TestSet:
    from sacrebleu.dataset import DATASETS

    if name not in DATASETS:
        raise EvaluationError(f"unknown test set {name!r}; local sets: {', '.join(known)}")
    dataset = DATASETS[name]
    if "de-en" not in dataset.langpairs:
        raise EvaluationError(f"sacreBLEU set {name} has no de-en pair")
    try:
        dataset.process_to_text("de-en")
        source = read_lines(Path(dataset.get_source_file("de-en")))
        references = [read_lines(Path(f)) for f in dataset.get_reference_files("de-en")]
    except (Exception, SystemExit) as err:  # sacreBLEU reports a failed download in many ways, even sys.exit
        raise EvaluationError(
            f"sacreBLEU set {name} is not cached and could not be downloaded ({type(err).__name__}); "
            f"without network use a local set: {', '.join(known)}"
        ) from None
    return TestSet(name, source, references, f"sacreBLEU {name} de-en")
