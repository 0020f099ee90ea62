"""The Markdown writer: the report as GitHub-flavoured Markdown, charts as PNG files beside it.

Text goes through :func:`uptime_calc.render.serialize.md_text` (HTML-escaped, ``|`` escaped) so
that incident titles holding markup show as text in any Markdown viewer.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..render.serialize import markdown_table, md_text, method_pairs
from .model import Progress, Report


def render_markdown(
    report: Report, *, chart_prefix: str, progress: Progress | None = None
) -> tuple[str, dict[str, bytes]]:
    """The report as Markdown and the chart files it links to.

    Parameters
    ----------
    report
        The report.
    chart_prefix
        Relative path prefix of the chart files, e.g. ``"report_files/"`` (names
        are ``<prefix><chart name>.png``).
    progress
        ``progress(stage, done, total)`` as charts are encoded.

    Returns
    -------
    (text, files)
        The Markdown text and ``{relative path: PNG bytes}``.
    """
    from ..render.charts.style import save

    parts = [f"# {md_text(report.title)}\n", f"Source: {md_text(report.source)} · Window: {md_text(report.window)}\n"]
    parts += ["## Summary\n", markdown_table(report.summary)]
    if report.warnings:
        parts.append("## Warnings\n")
        parts += [f"- {md_text(w)}" for w in report.warnings]
        parts.append("")
    files: dict[str, bytes] = {}
    if report.charts:
        parts.append("## Charts\n")
    for i, chart in enumerate(report.charts):
        if progress:
            progress(f"encoding {chart.name} chart", i, len(report.charts))
        rel = str(PurePosixPath(f"{chart_prefix}{chart.name}.png"))
        files[rel] = save(chart.figure, "png")
        parts.append(f"![{md_text(chart.alt or chart.title)}]({rel})\n\n*{md_text(chart.title)}*\n")
    for table in report.tables:
        parts += [f"## {md_text(table.title)}\n", markdown_table(table)]
    parts.append("## Accounting method\n")
    parts += [f"- **{md_text(label)}**: {md_text(text)}" for label, text in method_pairs(report.method)]
    parts.append("")
    parts += [md_text(n) + "\n" for n in report.notes]
    return "\n".join(parts), files
