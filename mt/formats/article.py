"""The article of a saved news page (``mt translate page.html --extract``), taken out with ``trafilatura``: its
headline, text (paragraphs, headings, lists, links and emphasis, as Markdown) and metadata (author, date, site,
address), without the page's navigation, adverts and footer. The article is translated as Markdown
(:class:`mt.formats.markdown.MarkdownMarkup`), its metadata kept in YAML front matter (and in JSONL's fields)."""

from __future__ import annotations

import json

from mt.formats.files import InputError
from mt.formats.markdown import MarkdownMarkup

FIELDS = ("title", "author", "date", "sitename", "url", "description")


class ArticleMarkup(MarkdownMarkup):
    """A page's article as Markdown with front matter; ``meta`` holds what the page said of it."""

    def __init__(self, html: str, name: str = "<page>") -> None:
        import trafilatura

        body = trafilatura.extract(html, output_format="markdown", include_links=True, include_formatting=True)
        if not body or not body.strip():
            raise InputError(f"{name}: trafilatura found no article in the page (is it a news page?)")
        found = trafilatura.extract_metadata(html)
        meta = {f: str(getattr(found, f)) for f in FIELDS if found is not None and getattr(found, f, None)}
        front = "".join(f"{field}: {json.dumps(value, ensure_ascii=False)}\n" for field, value in meta.items())
        super().__init__(f"---\n{front}---\n\n{body.strip()}\n" if front else body.strip() + "\n", name)
        self.meta = meta
