"""``mt tm`` and ``mt glossary``: translation memories (TMX, post-edited XLIFF, PO) and termbases (TBX, TSV) in
and out of the review service's database, or, for memories, of a TMX file.

Every import reads every file before it writes anything, and prints what it took from each: entries
imported, read English-first, and skipped with their reasons. What these commands change in a database is in
its audit trail as done by ``cli:<login name>``; imported terms are approved at once (whoever can write the
database file is its administrator).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mt.cli_accounts import DEFAULT_DB, EXIT_OK, actor, store
from mt.glossary import Glossary, Term, read_termbase
from mt.interchange import LanguageTags
from mt.memory import TranslationMemory, read_memory_file, write_tmx

LANGUAGES_HELP = (
    "Each file's German and English sides are found by their language tags (de, de-DE, de-AT …; en, en-US …) in "
    "either order; --german-tag and --english-tag name a file's own tags where they are wrong or placeholders "
    "(csv2tbx writes en and xx)."
)


def add_parsers(commands: Any) -> None:
    """The ``tm`` and ``glossary`` commands."""
    tm = commands.add_parser(
        "tm",
        help="import and export translation memories (TMX, post-edited XLIFF)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "The translation memory: approved sentence translations that mt translate and the service\n"
            "reuse instead of translating again. It lives in the review service's database (--db; editors'\n"
            "edits and confirmed sentences go there too) or in a TMX file (--tm). From an XLIFF file (1.2 or\n"
            "2.0) only the units an editor confirmed are taken (1.2: translated, signed-off, final or\n"
            "approved; 2.0: translated, reviewed or final); from a PO file the entries that are not fuzzy.\n"
            "An export carries each unit's note and who made and changed it when."
        ),
        epilog=(
            "examples:\n"
            "  mt tm import agency-memory.tmx               # into the service's database\n"
            "  mt translate article.txt --format xliff > article.xlf   # ... edited in a CAT tool, then:\n"
            "  mt tm import article.xlf --tm memory.tmx     # into a TMX file for mt translate --tm\n"
            "  mt tm export backup.tmx"
        ),
    )
    actions = tm.add_subparsers(title="actions", metavar="ACTION", parser_class=type(tm))
    imports = actions.add_parser(
        "import", help="add the units of TMX, XLIFF or PO files to the memory", epilog=LANGUAGES_HELP
    )
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a .tmx, .xlf, .xliff or .po file")
    _add_tags(imports)
    imports.set_defaults(handler=_tm_import)
    exports = actions.add_parser("export", help="write the memory as a TMX file")
    exports.add_argument("file", type=Path, metavar="FILE.tmx", help="where to write it (- for stdout)")
    exports.set_defaults(handler=_tm_export)
    for p in (imports, exports):
        where = p.add_mutually_exclusive_group()
        where.add_argument("--db", default=DEFAULT_DB, help=f"the service's database URL (default {DEFAULT_DB})")
        if p is imports:
            where.add_argument("--tm", type=Path, metavar="MEMORY.tmx", help="merge into this TMX file instead")

    glossary = commands.add_parser(
        "glossary",
        help="import and export the service's glossary (TBX or TSV)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "The review service's glossary: terms every translation enforces. Imported terms are approved\n"
            "at once and replace approved terms for the same German word; editors' proposals wait for a\n"
            "reviewer. A file is TBX (.tbx, as CAT tools exchange termbases) or TSV:\n"
            "German<TAB>English[<TAB>English plural[<TAB>note]]."
        ),
        epilog="examples:\n  mt glossary import termbase.tbx\n  mt glossary export glossary.tsv",
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


def _tm_import(args: argparse.Namespace, translator: Any) -> int:
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


def _tm_export(args: argparse.Namespace, translator: Any) -> int:
    entries = store(args).memory_entries()  # the newest entry of a sentence wins
    write_tmx(args.file, entries)
    print(f"mt: {len(entries)} units written to {_shown(args.file)}", file=sys.stderr)
    return EXIT_OK


def _glossary_import(args: argparse.Namespace, translator: Any) -> int:
    terms, report = read_termbase(args.file, _tags(args))
    store(args).import_terms([(t.german, t.english, t.plural, t.note) for t in terms], args.file.name, actor())
    print(f"mt: {report.summary()} (approved)")
    return EXIT_OK


def _glossary_export(args: argparse.Namespace, translator: Any) -> int:
    rows = store(args).terms("approved")
    Glossary(Term(t["german"], t["english"], t["plural"], t["note"]) for t in rows).write(args.file)
    print(f"mt: {len(rows)} approved terms written to {_shown(args.file)}", file=sys.stderr)
    return EXIT_OK


def _shown(path: Path) -> str:
    return "stdout" if str(path) == "-" else str(path)
