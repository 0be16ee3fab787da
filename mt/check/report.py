"""Showing flags: a terminal report, JSON for machines, a standalone HTML page."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from mt.plugins.flags import Flag

_COLOURS = {"major": "\033[1;31m", "minor": "\033[33m"}
_RESET = "\033[0m"


def text_report(text: str, flags: Sequence[Flag], name: str = "", colour: bool = False) -> str:
    """Flags grouped by severity, each as ``FILE:LINE:COLUMN:`` (as compilers write it, so that an editor jumps
    there), with its context and the suggestion."""
    lines = [
        f"{name}: {len(flags)} flag{'s' * (len(flags) != 1)} "
        f"({sum(f.severity == 'major' for f in flags)} major, {sum(f.severity == 'minor' for f in flags)} minor)"
    ]
    for severity in ("major", "minor"):
        group = [f for f in flags if f.severity == severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"{severity.upper()}")
        for f in group:
            line_no = text.count("\n", 0, f.start) + 1
            column = f.start - (text.rfind("\n", 0, f.start) + 1) + 1  # in characters, from 1, as compilers count
            before = text[max(0, f.start - 40) : f.start].split("\n")[-1]
            after = text[f.end : f.end + 40].split("\n")[0]
            span = f"{_COLOURS[severity]}{f.text}{_RESET}" if colour else f"[{f.text}]"
            lines.append(f"{name or '-'}:{line_no}:{column}: {f.category} ({f.check}): {f.message}")
            lines.append(f"      …{before}{span}{after}…")
            if f.suggestions and any(f.suggestions):
                lines.append(f"      suggestion: {' | '.join(repr(s) for s in f.suggestions if s) or 'remove'}")
            elif f.suggestions:
                lines.append("      suggestion: remove")
    return "\n".join(lines)


def json_report(flags: Sequence[Flag], document: dict) -> str:
    return json.dumps({"document": document, "flags": [f.to_dict() for f in flags]}, ensure_ascii=False, indent=2)


def html_report(text: str, flags: Sequence[Flag], title: str) -> str:
    """A standalone page: the text with flagged spans highlighted, and the list of flags."""
    body, pos = [], 0
    for i, f in enumerate(sorted(flags, key=lambda f: f.start)):
        body.append(html.escape(text[pos : f.start]))
        tip = html.escape(
            f"{f.category}: {f.message}" + (f" → {f.suggestions[0]}" if f.suggestions and f.suggestions[0] else "")
        )
        body.append(f'<mark class="{f.severity}" id="f{i}" title="{tip}">{html.escape(f.text)}</mark>')
        pos = f.end
    body.append(html.escape(text[pos:]))
    rows = "\n".join(
        f'<tr class="{f.severity}"><td><a href="#f{i}">{f.start}–{f.end}</a></td><td>{f.severity}</td>'
        f"<td>{html.escape(f.category)}</td><td>{html.escape(f.text)}</td><td>{html.escape(f.message)}</td>"
        f"<td>{html.escape(' | '.join(s or '(remove)' for s in f.suggestions))}</td></tr>"
        for i, f in enumerate(sorted(flags, key=lambda f: f.start))
    )
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
.text {{ white-space: pre-wrap; border: 1px solid #ddd; padding: 1rem; }}
mark.major {{ background: #f8b4b4; }} mark.minor {{ background: #fde68a; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 1.5rem; font-size: 14px; }}
td, th {{ border-bottom: 1px solid #eee; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{len(flags)} flags: {sum(f.severity == "major" for f in flags)} major, {sum(f.severity == "minor" for f in flags)} minor.</p>
<div class="text">{"".join(body)}</div>
<table><tr><th>span</th><th>severity</th><th>category</th><th>text</th><th>message</th><th>suggestions</th></tr>
{rows}
</table></body></html>
"""
