"""Reports: assemble results into a :class:`~.model.Report` and write it as HTML, Markdown or PDF.

>>> from uptime_calc.report import report_format
>>> report_format("out/report.md"), report_format("r.HTML"), report_format("r.pdf")
('markdown', 'html', 'pdf')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError

if TYPE_CHECKING:
    from .model import Progress, Report

#: file suffix -> report format
SUFFIXES: dict[str, str] = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
                            ".pdf": "pdf"}


def report_format(path: str | os.PathLike[str]) -> str:
    """The report format a file name asks for (``html``, ``markdown`` or ``pdf``)."""
    suffix = Path(path).suffix.lower()
    try:
        return SUFFIXES[suffix]
    except KeyError:
        raise OutputError(
            f"cannot tell the report format of {Path(path).name!r}: name it .html, .md or .pdf"
        ) from None


def write_report(
    report: Report, path: str | os.PathLike[str], *, progress: Progress | None = None
) -> list[Path]:
    """Write ``report`` to ``path`` atomically, in the format its suffix names.

    Markdown writes its charts as PNG files into ``<stem>_files/`` beside it.

    Returns
    -------
    list[pathlib.Path]
        Every file written, the report last.
    """
    from ..output import write_atomic

    target = Path(path)
    fmt = report_format(target)
    written: list[Path] = []
    if fmt == "html":
        from .html import render_html

        data: str | bytes = render_html(report, progress=progress)
    elif fmt == "pdf":
        from .pdf import render_pdf

        data = render_pdf(report, progress=progress)
    else:
        from .markdown import render_markdown

        prefix = f"{target.stem}_files/"
        data, files = render_markdown(report, chart_prefix=prefix, progress=progress)
        if files:
            folder = target.parent / prefix
            try:
                folder.mkdir(exist_ok=True)
            except OSError as exc:
                raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from exc
        for rel, blob in files.items():
            written.append(write_atomic(target.parent / rel, blob))
    written.append(write_atomic(target, data))
    return written
