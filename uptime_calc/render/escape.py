"""Text from input files made safe for each output: terminal, Markdown, CSV.

Service names, incident titles and ids come from other systems, and a report is evidence: no
input text may retitle or clear a terminal (escape sequences), become a live link, image or HTML
in a Markdown viewer, or run as a spreadsheet formula.

* :func:`visible_controls`: C0 and C1 control characters (ESC, BEL, CSI...) and the Unicode
  direction overrides shown as visible symbols (ESC as ``␛``), so no ESC byte from input reaches
  any output;
* :func:`terminal_text`: the same for text printed to a terminal or stderr;
* :func:`md_text`: HTML-escaped, Markdown inline syntax backslash-escaped, bare links broken;
* :func:`csv_safe`: OWASP's CSV-injection guard, one to one (distinct cells stay distinct).
"""

from __future__ import annotations

import html
import re
from typing import Any

#: C0 controls (kept: tab, newline, carriage return), DEL, C1 controls, and the bidirectional
#: overrides and isolates that reorder what a terminal or viewer shows ("Trojan Source", CVE-2021-42574)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode's Control Pictures: ESC is shown as ␛ (U+241B)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and direction overrides have no picture: the replacement character


def visible_controls(text: str, *, keep_breaks: bool = True) -> str:
    """``text`` with control characters shown as symbols; tab, newline and CR kept unless ``keep_breaks=False``.

    >>> visible_controls("api\\x1b]0;owned\\x07\\x1b[2J")
    'api␛]0;owned␇␛[2J'
    >>> visible_controls("a\\tb\\nc", keep_breaks=False)
    'a␉b␊c'
    """
    out = _CONTROLS.sub(_picture, text)
    if not keep_breaks:
        out = _LINE_BREAKS.sub(_picture, out)
    return out


def terminal_text(text: Any, *, one_line: bool = False) -> str:
    """Text to print on a terminal or stderr: no escape sequence from input (newlines kept unless ``one_line``).

    >>> terminal_text("\\x1b[31mred\\x1b[0m")
    '␛[31mred␛[0m'
    """
    return visible_controls(str(text), keep_breaks=not one_line)


# Markdown: every inline construct that makes a link, image, emphasis, code or table cell break
# (an underscore inside a word, as in ``detected_at``, is no emphasis in GitHub-flavoured Markdown)
_MD_SYNTAX = re.compile(r"([\\`*\[\]|~]|(?<![^\W_])_|_(?![^\W_]))")
# bare links a GitHub-flavoured viewer makes live (GFM "extended autolinks"): scheme://, www., e-mail
_MD_AUTOLINK = re.compile(r"(?i)(?<=\w)(:)(?=//)|\b(www)\.|(@)")
_MD_LINE_START = re.compile(r"^(\s*)(?:([#+\-=])|(\d+)([.)]))")


def _md_autolink(match: re.Match[str]) -> str:
    if match.group(2):
        return match.group(2) + "\\."
    return "\\" + match.group()


def md_text(text: Any) -> str:
    """Text safe inside Markdown and a table cell: shown as written, never markup.

    HTML is escaped (``<script>`` stays text), Markdown's inline syntax is backslash-escaped
    (no link, image, emphasis or code from input), bare links are broken (``https\\://``,
    ``www\\.``, ``a\\@b``), pipes cannot end a cell, line breaks become spaces and
    control characters are shown as symbols.

    >>> md_text('<img src=x onerror="alert(1)"> | a')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; \\\\| a'
    >>> md_text("![x](https://evil.example/a.png) 99.9%")
    '!\\\\[x\\\\](https\\\\://evil.example/a.png) 99.9%'
    """
    out = visible_controls(str(text), keep_breaks=False).replace("\u240a", " ").replace("\u240d", " ")
    out = html.escape(out, quote=False).replace("\"", "&quot;")  # an apostrophe is harmless: kept readable
    out = _MD_SYNTAX.sub(r"\\\1", out)
    return _MD_AUTOLINK.sub(_md_autolink, out)


def md_line(text: Any) -> str:
    """:func:`md_text` for text that starts a line (a note, a list item): no heading, quote or list from it.

    >>> md_line("# Best: web"), md_line("1. first")
    ('\\\\# Best: web', '1\\\\. first')
    """
    def escaped(m: re.Match[str]) -> str:
        if m.group(2):
            return m.group(1) + "\\" + m.group(2)
        return m.group(1) + m.group(3) + "\\" + m.group(4)

    return _MD_LINE_START.sub(escaped, md_text(text), count=1)


#: characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"), also
#: after leading blanks some applications trim, and their full-width forms
_FORMULA = re.compile("^[\\s\u3000]*[=+\\-@\uff1d\uff0b\uff0d\uff20]")


def csv_safe(value: Any) -> Any:
    """Defuse text a spreadsheet would run as a formula (OWASP CSV injection), one to one.

    A cell that starts (after any blanks) with ``= + - @`` gets a leading ``'``; so does one that
    already starts with ``'``, so that two different texts never become the same cell
    (``"=1+1"`` and ``"'=1+1"``; ``" =1+1"``, ``"\\t=1+1"`` and ``"\\r=1+1"`` stay three).
    Numbers pass as they are; control characters other than tab and line breaks are shown as symbols.

    >>> csv_safe("=1+1"), csv_safe("'=1+1"), csv_safe(" =1+1"), csv_safe("\\t=1+1"), csv_safe(-5.0)
    ("'=1+1", "''=1+1", "' =1+1", "'\\t=1+1", -5.0)
    """
    if not isinstance(value, str):
        return value
    value = visible_controls(value)
    if value.startswith("'") or _FORMULA.match(value):
        return "'" + value
    return value
