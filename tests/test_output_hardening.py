"""Hostile text in every output (issue 17): no live Markdown, no escape sequences, no formulas, no clashes.

Markdown is checked by rendering it with an independent CommonMark renderer (markdown-it-py, which
rich depends on; with GitHub-style bare links when linkify-it-py is installed) and looking for any
element made from input: a link, an image, raw HTML, a heading, a list or emphasis.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from uptime_calc.render.escape import csv_safe, md_line, md_text, terminal_text, visible_controls
from uptime_calc.render.serialize import render_csv, render_markdown
from uptime_calc.render.tables import render_text
from uptime_calc.tabular import Column, Document, Table

from .conftest import invoke

ESC = "\x1b"
HOSTILE = [
    "![chart](https://evil.example/x.png)",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "https://evil.example/a",
    "www.evil.example",
    "boss@evil.example",
    "**bold** _em_ `code` ~~gone~~",
    "a | b",
    "\x1b]0;owned\x07\x1b[2J\x9b31m",
]


def _html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    try:
        import linkify_it  # noqa: F401

        md = MarkdownIt("gfm-like")
    except ImportError:
        pass
    return md.render(markdown)


def _doc(text: str) -> Document:
    cols = [Column("service", "Service"), Column("availability_percent", "Availability", "availability")]
    row = {"service": text, "availability_percent": 99.9, "unavailability": 0.001}
    return Document(tables=[Table("rows", f"Rows of {text}", cols, [row])], title=f"Report {text}",
                    method={"source": text}, notes=[f"Best: {text}", text], warnings=[text])


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_makes_no_element_from_input(text: str) -> None:
    # regression: -f markdown passed link and image syntax through, and raw HTML in headings and notes
    html = _html(render_markdown(_doc(text)))
    for tag in ("<a ", "<img", "<script", "<em", "<code", "<s>", "<del"):
        assert tag not in html, (tag, html)
    # the only headings, lists and bold are ours: the title, a table title, the method and its heading
    assert html.count("<strong>") == 1
    assert html.count("<h1>") == 1 and html.count("<h2>") == 1 and html.count("<li>") == 1
    assert ESC not in render_markdown(_doc(text))


def test_markdown_text_reads_as_written() -> None:
    # escaped, not mangled: rendered, the text is the input (control characters shown as symbols)
    for text in HOSTILE[:-1]:
        shown = _html(md_text(text)).removeprefix("<p>").removesuffix("</p>\n")
        import html as html_lib

        assert html_lib.unescape(shown) == text


def test_markdown_notes_cannot_start_a_block() -> None:
    assert _html("> " + md_line("# Best: x")).count("<h1>") == 0
    assert "<ol" not in _html("> " + md_line("1. x")) and "<ul" not in _html("> " + md_line("- x"))


def test_compare_markdown_best_line_is_escaped(runner, tmp_path: Path) -> None:
    # regression: a variant named with image syntax became a live image in the `> Best:` line
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "name: '<b>base</b>'\ncomponents:\n  c: {mtbf: 1000h, mttr: 1h}\nsystem:\n  series: [c]\n"
        "variants:\n  - name: '![x](https://evil.example/i.png)'\n    set: {c.mttr: 6m}\n", "utf-8")
    res = invoke(runner, "compare", str(scenario), "-f", "markdown")
    assert res.exit_code == 0, res.output
    html = _html(res.stdout)
    assert "<img" not in html and "<b>" not in html and "<a " not in html
    assert "> Best: &lt;b&gt;base&lt;/b&gt;/!\\[x\\](https\\://evil.example/i.png)\n" in res.stdout


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_no_escape_byte_from_input_in_any_text_format(fmt: str) -> None:
    from uptime_calc.render import render

    doc = _doc("api\x1b]0;owned\x07\x1b[2J")
    assert ESC.encode() not in render(doc, fmt).encode()


def test_terminal_tables_show_control_characters_as_symbols() -> None:
    text = render_text(_doc("api\x1b[2J\x9b"))
    assert "api␛[2J\ufffd" in text and ESC not in text and "\x9b" not in text


def test_stderr_warnings_and_errors_have_no_escape_sequences(runner, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    # an open incident is named in a warning; its service in the terminal table
    log.write_text("id,service,start,end\n\x1b]0;pwn\x07x,\x1b[2Japi,2024-01-01T00:00:00Z,\n", "utf-8")
    res = invoke(runner, "incidents", str(log))
    assert res.exit_code == 0, res.output
    assert "␛]0;pwn␇x" in res.stderr
    assert ESC not in res.stdout and ESC not in res.stderr and "\x07" not in res.stderr
    bad = tmp_path / "\x1b[2Jbad.csv"
    bad.write_text("nothing,useful\n1,2\n", "utf-8")
    res = invoke(runner, "incidents", str(bad))
    assert res.exit_code == 1 and res.stderr.startswith("Error: ")
    assert ESC not in res.stderr and "␛[2Jbad.csv" in res.stderr
    missing = invoke(runner, "incidents", str(tmp_path / "\x1b[31mnone.csv"))
    assert missing.exit_code == 2 and ESC not in missing.stderr


def test_visible_controls_pictures() -> None:
    # Unicode Control Pictures (U+2400 block): NUL ␀, BEL ␇, ESC ␛, DEL ␡
    assert visible_controls("\x00\x07\x1b\x7f") == "␀␇␛␡"
    assert visible_controls("a\tb\nc\r") == "a\tb\nc\r"
    assert terminal_text("a\nb", one_line=True) == "a␊b"
    assert visible_controls("abc\u202edcba") == "abc\ufffddcba"  # a right-to-left override cannot reorder


def test_csv_guard_keeps_different_texts_apart() -> None:
    # regression: " =1+1", "\t=1+1" and "\r=1+1" became one cell; OWASP CSV injection: a cell starting
    # with = + - @ (also after blanks a spreadsheet may trim), tab or CR is prefixed with '
    texts = ["=1+1", " =1+1", "\t=1+1", "\r=1+1", "'=1+1", "''=1+1", "+1", "-cmd", "@SUM(A1)", "\uff1d1+1", "api"]
    cells = [csv_safe(t) for t in texts]
    assert len(set(cells)) == len(texts)
    assert all(c.startswith("'") for c in cells[:-1]) and cells[-1] == "api"
    for cell, text in zip(cells[:-1], texts[:-1], strict=True):
        assert cell[1:] == text  # one quote added, nothing else changed: the original is recoverable


@pytest.mark.parametrize("as_frame", [False, True])
def test_csv_guard_in_both_table_kinds(as_frame: bool) -> None:
    texts = ["=1+1", " =1+1", "\t=1+1", "\r=1+1", "'=1+1", "a\x1bb"]
    frame = pd.DataFrame({"service": texts, "x": [1.0] * len(texts)})
    table = (Table("rows", "", [], frame=frame) if as_frame
             else Table("rows", "", [], frame.to_dict("records")))
    text = render_csv(Document(tables=[table]))
    assert ESC not in text
    cells = [r["service"] for r in csv.DictReader(io.StringIO(text, newline=""))]
    assert cells == ["'=1+1", "' =1+1", "'\t=1+1", "'\r=1+1", "''=1+1", "a␛b"]


def test_json_escapes_control_characters() -> None:
    from uptime_calc.render.serialize import render_json

    text = render_json(_doc("a\x1bb"))
    assert ESC not in text and json.loads(text)["rows"][0]["service"] == "a\x1bb"  # data kept, escaped
