"""``python -m mt.training.count_collocations``: count clean German's collocations once, for the calque checks
(:mod:`mt.lang.collocations`); ``make install`` runs it."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from mt.config import shared_data_dir
from mt.lang.collocations import build, cache_path, clean_german_files
from mt.support.logs import configure

log = logging.getLogger("mt.training.count_collocations")  # also when run as __main__


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m mt.training.count_collocations",
        description="Count which German nouns, verbs and adjectives stand near each other in the clean German "
        "of the training data (every corpus under TRAIN but news-mt/, which is machine-translated), for the "
        "calque checks. Writes " + str(cache_path()) + ".",
    )
    parser.add_argument(
        "--train", type=Path, default=shared_data_dir() / "train", help="training data (default: %(default)s)"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes that lemmatise (default: 2)")
    parser.add_argument(
        "--if-present",
        action="store_true",
        help="where there is no training text, warn and succeed (make install: the counts are optional)",
    )
    args = parser.parse_args()
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    configure("info")
    files = clean_german_files(args.train)
    if not files:
        message = f"no German training text under {args.train}: no collocation counts"
        if args.if_present:
            log.warning("%s; the calque checks will try light verbs only, and no preposition of a verb", message)
            return
        parser.exit(1, f"mt: error: {message}\n")
    built = build(files, args.workers)
    built.save(cache_path())
    log.info("%d lemmas and pairs from %d lines of %s: %s", len(built.keys), built.lines, built.source, cache_path())


if __name__ == "__main__":
    main()
