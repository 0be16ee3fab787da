"""No sentence of a registered test set in the rules, the plug-ins' examples or the package's data files: six
consecutive words of any of them (sources and references) in a file under ``mt/`` fail this test, common words
or not: an idiom a reference uses counts too, since a figure on that set would then measure the rule's memory.
"""

import re
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import ROOT, TEST_DATA

from mt.evaluation.testsets import load, registry

WORDS = 6
SCANNED = (".py", ".toml", ".txt", ".tsv", ".json", ".html")  # rules, examples, data files, templates
_TOKEN = re.compile(r"\w+")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _TOKEN.findall(text.lower())
    return {tuple(words[i : i + WORDS]) for i in range(len(words) - WORDS + 1)}


@lru_cache(maxsize=1)
def registered_shingles() -> frozenset[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for name in registry():
        testset = load(name)
        for line in [*testset.source, *(r for refs in testset.references for r in refs)]:
            found |= shingles(line)
    return frozenset(found)


def quotations(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of each line of ``path`` holding six words of a registered test set."""
    sets = registered_shingles()
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if any(s in sets for s in shingles(line)):
            found.append((number, line.strip()[:120]))
    return found


def scanned_files() -> list[Path]:
    package = ROOT / "mt"
    return sorted(p for p in package.rglob("*") if p.suffix in SCANNED and "bundled" not in p.parts)


needs_data = pytest.mark.skipif(
    not (TEST_DATA / "newstest2019-deen.de").is_file(), reason="the shared test sets are not here"
)


@needs_data
def test_no_rule_example_or_data_file_quotes_a_registered_test_set():
    found = {str(p.relative_to(ROOT)): q for p in scanned_files() if (q := quotations(p))}
    assert not found, f"six words of a registered test set in: {found}"


@needs_data
def test_a_planted_test_set_sentence_is_found(tmp_path):
    planted = tmp_path / "rule.toml"
    sentence = load("newstest2019").source[100]
    planted.write_text(f'flag = ["{sentence}"]\n', encoding="utf-8")
    assert quotations(planted) == [(1, f'flag = ["{sentence}"]'[:120])]
    planted.write_text('message = "a line made up for this test, from no test set"\n', encoding="utf-8")
    assert quotations(planted) == []
