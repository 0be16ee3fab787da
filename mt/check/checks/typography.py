"""German typography that machine translation carries over from English: straight quotes, and the rules of
``data/typography.toml`` (a hyphen as a dash, 5%, 10,000, missing spaces)."""

from __future__ import annotations

from collections.abc import Iterable

from mt.check.checks.calques import RuleFileCheck
from mt.check.context import Check, Context
from mt.plugins.flags import Flag


class StraightQuotes(Check):
    """Straight double quotes ``"…"``: English typewriter style; German prints „…“ (or »…«). Minor: web copy
    of native German uses them too, but raters of machine translation count them as punctuation errors."""

    name = "straight-quotes"
    category = "punctuation"
    must_flag = (
        'Er sprach von [["=>„]]illegalen Handlungen" der Regierung.',
        'Er sprach von "illegalen Handlungen[["=>“]] der Regierung.',
    )
    must_pass = ("Er sprach von „illegalen Handlungen“ der Regierung.", "Sie sagte: »Wir kommen.«")

    def run(self, ctx: Context) -> Iterable[Flag]:
        for p in ctx.document.paragraphs:
            opening = True
            for offset, char in enumerate(ctx.text[p.start : p.end]):
                if char != '"':
                    continue
                position = p.start + offset
                yield self.flag(
                    ctx,
                    position,
                    position + 1,
                    "Straight quotation mark: German quotes „so“.",
                    suggestions=["„" if opening else "“"],
                    confidence=0.5,
                )
                opening = not opening


class Typography(RuleFileCheck):
    """English typography carried into German (``data/typography.toml``)."""

    name = "typography"
    category = "punctuation"
    rule_file = "typography"
