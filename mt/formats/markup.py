"""The formats read with their inline markup, by kind of input: each reader gives a :class:`mt.document.model.Markup`
(its blocks, and how it writes itself back)."""

from __future__ import annotations

from mt.document.model import Markup
from mt.formats.files import decode_text

MARKUP_KINDS = (
    "md",
    "html",
    "docx",
    "xliff",
    "article",
)  # kinds of input (mt.pipeline.plan) translated with their markup


def read_markup(kind: str, data: bytes, name: str) -> Markup:
    """The document of a file of ``kind`` (its bytes); a bad one is an :class:`mt.formats.files.InputError`."""
    if kind == "md":
        from mt.formats.markdown import MarkdownMarkup

        return MarkdownMarkup(decode_text(data, name), name)
    if kind == "html":
        from mt.formats.html import HtmlMarkup

        return HtmlMarkup(decode_text(data, name), name)
    if kind == "article":
        from mt.formats.article import ArticleMarkup

        return ArticleMarkup(decode_text(data, name), name)
    if kind == "docx":
        from mt.formats.word import WordMarkup

        return WordMarkup(data, name)
    if kind == "xliff":
        from mt.formats.xliff import XliffMarkup

        return XliffMarkup(data, name)
    raise ValueError(f"no markup reader for {kind!r}")
