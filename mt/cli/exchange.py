"""``mt tm`` and ``mt glossary``: translation memories (TMX, post-edited XLIFF, PO) and termbases (TBX, TSV) in
and out of the review service's database, or, for memories, of a TMX file.

Every import reads every file before it writes anything, and prints what it took from each: entries
imported, read English-first, and skipped with their reasons. What these commands change in a database is in
its audit trail as done by ``cli:<login name>``; imported terms are approved at once (whoever can write the
database file is its administrator).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mt.cli.accounts import DEFAULT_DB, actor, store
from mt.cli.common import EXIT_OK, Commands, Loaded, command
from mt.formats.interchange import InterchangeError, LanguageTags
from mt.formats.memoryfiles import read_memory_file, write_tmx
from mt.formats.termbase import Term, read_termbase
from mt.translate.glossary import Glossary
from mt.translate.memory import TranslationMemory

LANGUAGES_HELP = (
    "Each file's German and English sides are found by their language tags (de, de-DE, de-AT …; en, en-US …) in "
    "either order; --german-tag and --english-tag name a file's own tags where they are wrong or placeholders "
    "(csv2tbx writes en and xx)."
)


TM_DESCRIPTION = (
    "The translation memory: approved sentence translations that mt translate and the service\n"
    "reuse instead of translating again. It lives in the review service's database (--db; editors'\n"
    "edits and confirmed sentences go there too) or in a TMX file (--tm). From an XLIFF file (1.2 or\n"
    "2.0) only the units an editor confirmed are taken (1.2: translated, signed-off, final or\n"
    "approved; 2.0: translated, reviewed or final); from a PO file the entries that are not fuzzy.\n"
    "An export carries each unit's note and who made and changed it when. Editors' sentences come\n"
    "in proposed: a reviewer approves them (in the service, or mt tm approve) before they reach other\n"
    "translations; imports here are approved at once (whoever writes the database administers it)."
)

TM_EXAMPLES = (
    "examples:\n"
    "  mt tm import agency-memory.tmx               # into the service's database\n"
    "  mt translate article.txt --format xliff > article.xlf   # ... edited in a CAT tool, then:\n"
    "  mt tm import article.xlf --tm memory.tmx     # into a TMX file for mt translate --tm\n"
    "  mt tm export backup.tmx\n"
    "  mt tm list --status proposed; mt tm approve 17; mt tm remove 12"
)

GLOSSARY_DESCRIPTION = (
    "The review service's glossary: terms every translation enforces. Imported terms are approved\n"
    "at once and replace approved terms for the same German word; editors' proposals wait for a\n"
    "reviewer. A file is TBX (.tbx, as CAT tools exchange termbases) or TSV:\n"
    "German<TAB>English[<TAB>English plural[<TAB>note]]."
)

GLOSSARY_EXAMPLES = "examples:\n  mt glossary import termbase.tbx\n  mt glossary export glossary.tsv"


def add_parsers(commands: Commands) -> None:
    """The ``tm`` and ``glossary`` commands."""
    tm = command(
        commands, "tm", "import and export translation memories (TMX, post-edited XLIFF)", TM_DESCRIPTION, TM_EXAMPLES
    )
    actions = tm.add_subparsers(title="actions", metavar="ACTION", parser_class=type(tm))
    imports = actions.add_parser(
        "import", help="add the units of TMX, XLIFF or PO files to the memory", epilog=LANGUAGES_HELP
    )
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a .tmx, .xlf, .xliff or .po file")
    _add_tags(imports)
    imports.set_defaults(handler=_tm_import)
    exports = actions.add_parser("export", help="write the memory's approved entries as a TMX file")
    exports.add_argument("file", type=Path, metavar="FILE.tmx", help="where to write it (- for stdout)")
    exports.set_defaults(handler=_tm_export)
    listing = actions.add_parser("list", help="list the memory's entries: proposed ones wait for a reviewer")
    listing.add_argument("--status", choices=("proposed", "approved", "declined", "superseded", "withdrawn"))
    listing.add_argument("--limit", type=int, default=100, help="how many, newest first (default 100)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_tm_list)
    verdicts = []
    for name, text, handler in (
        ("approve", "approve a proposed entry: from now on every translation uses it", _tm_approve),
        ("decline", "decline a proposed entry", _tm_decline),
        ("remove", "withdraw an entry, proposed or approved: it stops applying at once", _tm_remove),
    ):
        verdict = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        verdict.add_argument("id", type=int, help="the entry's number (mt tm list)")
        verdict.set_defaults(handler=handler)
        verdicts.append(verdict)
    for p in (listing, *verdicts):
        p.add_argument("--db", default=DEFAULT_DB, help=f"the service's database URL (default {DEFAULT_DB})")
    for p in (imports, exports):
        where = p.add_mutually_exclusive_group()
        where.add_argument("--db", default=DEFAULT_DB, help=f"the service's database URL (default {DEFAULT_DB})")
        if p is imports:
            where.add_argument("--tm", type=Path, metavar="MEMORY.tmx", help="merge into this TMX file instead")

    glossary = command(
        commands,
        "glossary",
        "import and export the service's glossary (TBX or TSV)",
        GLOSSARY_DESCRIPTION,
        GLOSSARY_EXAMPLES,
    )
    actions = glossary.add_subparsers(title="actions", metavar="ACTION", parser_class=type(glossary))
    imports = actions.add_parser("import", help="add a TBX or TSV file's terms, approved", epilog=LANGUAGES_HELP)
    imports.add_argument("file", type=Path, metavar="FILE")
    _add_tags(imports)
    imports.set_defaults(handler=_glossary_import)
    exports = actions.add_parser("export", help="write the approved terms as TBX or TSV (by the file's suffix)")
    exports.add_argument("file", type=Path, metavar="FILE", help="where to write it (- for stdout, as TSV)")
    exports.set_defaults(handler=_glossary_export)
    for p in (imports, exports):
        p.add_argument("--db", default=DEFAULT_DB, help=f"the service's database URL (default {DEFAULT_DB})")


def _add_tags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--german-tag", metavar="TAG", help="the file's language tag that stands for German")
    parser.add_argument("--english-tag", metavar="TAG", help="the file's language tag that stands for English")


def _tags(args: argparse.Namespace) -> LanguageTags:
    return LanguageTags(args.german_tag, args.english_tag)


def _tm_import(args: argparse.Namespace, translator: Loaded) -> int:
    read = [(path, *read_memory_file(path, _tags(args))) for path in args.files]  # every file read before any write
    for _, _, report in read:
        print(f"mt: {report.summary()}")
    if args.tm is not None:
        merged = TranslationMemory.read(args.tm) if args.tm.exists() else TranslationMemory()
        for _, entries, _ in read:
            for entry in entries:
                merged.add_entry(entry)
        merged.write_tmx(args.tm)
        print(f"mt: {args.tm} holds {len(merged)} units")
        return EXIT_OK
    db = store(args)
    for path, entries, _ in read:
        db.import_memory(entries, path.name, actor())
    return EXIT_OK


def _tm_list(args: argparse.Namespace, translator: Loaded) -> int:
    rows = store(args).memory_rows(args.status, max(1, args.limit))
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        who = f"{r['created_by'] or '?'} {r['created'][:16]}"
        print(f"{r['id']:>6}  {r['status']:<10} {r['origin']:<7} {who:<34} {r['source'][:60]}  →  {r['english'][:60]}")
    return EXIT_OK


def _tm_approve(args: argparse.Namespace, translator: Loaded) -> int:
    return _verdict(args, store(args).review_memory(args.id, True, actor(), self_review=True), "approved")


def _tm_decline(args: argparse.Namespace, translator: Loaded) -> int:
    return _verdict(args, store(args).review_memory(args.id, False, actor()), "declined")


def _tm_remove(args: argparse.Namespace, translator: Loaded) -> int:
    if not store(args).withdraw_memory(args.id, actor()):
        raise InterchangeError(f"no memory entry {args.id} in force or proposed (mt tm list)")
    print(f"mt: memory entry {args.id} withdrawn")
    return EXIT_OK


def _verdict(args: argparse.Namespace, row: dict[str, Any] | None, what: str) -> int:
    if row is None:
        raise InterchangeError(f"no proposed memory entry {args.id} (mt tm list --status proposed)")
    print(f"mt: memory entry {args.id} {what}: {row['source'][:60]} → {row['english'][:60]}")
    return EXIT_OK


def _tm_export(args: argparse.Namespace, translator: Loaded) -> int:
    entries = store(args).memory_entries()  # the newest entry of a sentence wins
    write_tmx(args.file, entries)
    print(f"mt: {len(entries)} units written to {_shown(args.file)}", file=sys.stderr)
    return EXIT_OK


def _glossary_import(args: argparse.Namespace, translator: Loaded) -> int:
    terms, report = read_termbase(args.file, _tags(args))
    store(args).import_terms([(t.german, t.english, t.plural, t.note) for t in terms], args.file.name, actor())
    print(f"mt: {report.summary()} (approved)")
    return EXIT_OK


def _glossary_export(args: argparse.Namespace, translator: Loaded) -> int:
    rows = store(args).terms("approved")
    Glossary(Term(t["german"], t["english"], t["plural"], t["note"]) for t in rows).write(args.file)
    print(f"mt: {len(rows)} approved terms written to {_shown(args.file)}", file=sys.stderr)
    return EXIT_OK


def _shown(path: Path) -> str:
    return "stdout" if str(path) == "-" else str(path)
