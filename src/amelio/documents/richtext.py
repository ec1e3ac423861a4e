"""The text of a version written in Amelio: plain text with a few marks, rendered as safe HTML.

No HTML is ever stored or passed through: every character typed is escaped, then these marks
become markup (decision 0028 keeps a document's content out of any script):

- a line starting with `#`, `##` or `###` is a heading;
- lines starting with `-` (or `*`) make a bulleted list, with `1.` a numbered list;
- lines starting and ending with `|` make a table, the first row its header when the second
  is a rule (`|---|---|`);
- `**bold**` and `*italic*` inside a line;
- a blank line ends a paragraph; a single line break is kept.

Pure functions, no Django import.
"""

from __future__ import annotations

import html
import re

HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalise(text: str | None) -> str:
    """The text as stored: line breaks as \\n, no control characters, no trailing spaces,
    no blank lines at either end."""
    if not text:
        return ""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def inline(text: str) -> str:
    """One line of text, escaped, with its bold and italic marks as markup."""
    escaped = html.escape(text, quote=True)
    escaped = BOLD.sub(r"<strong>\1</strong>", escaped)
    return ITALIC.sub(r"<em>\1</em>", escaped)


def _kind(line: str) -> str:
    if not line.strip():
        return "blank"
    if HEADING.match(line):
        return "heading"
    if BULLET.match(line):
        return "ul"
    if NUMBERED.match(line):
        return "ol"
    if line.strip().startswith("|") and line.strip().endswith("|"):
        return "table"
    return "p"


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """The text cut into blocks of one kind: (kind, lines); a heading is a block alone."""
    found: list[tuple[str, list[str]]] = []
    for line in normalise(text).split("\n"):
        kind = _kind(line)
        if kind == "blank":
            found.append(("blank", []))
        elif found and found[-1][0] == kind and kind != "heading":
            found[-1][1].append(line)
        else:
            found.append((kind, [line]))
    return [(kind, lines) for kind, lines in found if kind != "blank"]


def _heading(lines: list[str]) -> str:
    marks, _space, text = lines[0].partition(" ")
    level = len(marks) + 1  # the page's title is the h1
    return f"<h{level}>{inline(text.strip())}</h{level}>"


def _list(tag: str, pattern: re.Pattern, lines: list[str]) -> str:
    items = []
    for line in lines:
        match = pattern.match(line)
        items.append(f"<li>{inline(match.group(1) if match else line)}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>"


def _cells(line: str, tag: str) -> str:
    cells = line.strip().strip("|").split("|")
    return "<tr>" + "".join(f"<{tag}>{inline(cell.strip())}</{tag}>" for cell in cells) + "</tr>"


def _table(lines: list[str]) -> str:
    head = ""
    if len(lines) > 1 and TABLE_RULE.match(lines[1].strip()):
        head = f"<thead>{_cells(lines[0], 'th')}</thead>"
        lines = lines[2:]
    body = "".join(_cells(line, "td") for line in lines if not TABLE_RULE.match(line.strip()))
    return f'<table class="table table-sm table-bordered">{head}<tbody>{body}</tbody></table>'


def _paragraph(lines: list[str]) -> str:
    return "<p>" + "<br>".join(inline(line) for line in lines) + "</p>"


def render(text: str | None) -> str:
    """The text as HTML: every character escaped, the marks turned into markup."""
    parts = []
    for kind, lines in blocks(text or ""):
        if kind == "heading":
            parts.append(_heading(lines))
        elif kind == "ul":
            parts.append(_list("ul", BULLET, lines))
        elif kind == "ol":
            parts.append(_list("ol", NUMBERED, lines))
        elif kind == "table":
            parts.append(_table(lines))
        else:
            parts.append(_paragraph(lines))
    return "\n".join(parts)
