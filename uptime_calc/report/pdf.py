"""The PDF writer: WeasyPrint lays out the same HTML (real text and tables, vector charts).

WeasyPrint is told to fetch nothing but the ``data:`` URIs the report embeds.
"""

from __future__ import annotations

from typing import Any

from ..errors import OutputError
from .html import render_html
from .model import Progress, Report


def _data_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URIs and refuses every other scheme."""
    try:
        from weasyprint.urls import URLFetcher  # WeasyPrint >= 66
    except ImportError:  # older WeasyPrint: a plain function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"the PDF writer fetches no external resources (asked for {url[:80]!r})")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols={"data"})


def render_pdf(report: Report, *, progress: Progress | None = None) -> bytes:
    """The report as PDF bytes (A4, from the print CSS of :func:`~.html.render_html`)."""
    try:
        from weasyprint import HTML
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise OutputError(
            "PDF output needs WeasyPrint: pip install 'uptime-calc[pdf]' (or write .html and print it)"
        ) from exc
    text = render_html(report, progress=progress, for_print=True)
    if progress:
        progress("laying out PDF", 0, 1)
    pdf = HTML(string=text, url_fetcher=_data_only_fetcher()).write_pdf()
    assert pdf is not None
    return bytes(pdf)
