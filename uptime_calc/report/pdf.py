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


def pdf_install_hint() -> str:
    """The command that installs the PDF extra for how uptime-calc was installed.

    From an index: ``pip install 'uptime-calc[pdf]'``; from a checkout (an editable or a local
    directory install, as ``direct_url.json`` records it, PEP 610; or run from the source tree,
    not installed): ``pip install '.[pdf]'`` in that directory (``-e`` when it was editable).
    """
    import json
    from importlib import metadata
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    here = Path(__file__).resolve().parents[2]  # the project directory when run from a checkout
    direct: Any = None
    try:
        direct = json.loads(metadata.distribution("uptime-calc").read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError, OSError):
        pass
    local = direct.get("dir_info") if isinstance(direct, dict) else None
    where = (Path(unquote(urlparse(str(direct.get("url", ""))).path))
             if isinstance(local, dict) and isinstance(direct, dict) else None)
    editable = bool(local.get("editable")) if isinstance(local, dict) else False
    if (here / "pyproject.toml").is_file():  # this code runs from a source tree
        return _local_hint(here, editable and where is not None and where.resolve() == here)
    if where is not None:  # installed from a local directory
        return _local_hint(where, editable)
    return "pip install 'uptime-calc[pdf]'"


def _local_hint(where: Any, editable: bool) -> str:
    """``pip install [-e] '.[pdf]'``, naming the directory when it is not the current one."""
    import os
    from pathlib import Path

    flag = "-e " if editable else ""
    try:
        same = Path(where).resolve() == Path(os.getcwd()).resolve()
    except OSError:
        same = False
    return f"pip install {flag}'.[pdf]'" + ("" if same else f" (in {where})")


def render_pdf(report: Report, *, progress: Progress | None = None) -> bytes:
    """The report as PDF bytes (A4, from the print CSS of :func:`~.html.render_html`)."""
    try:
        from weasyprint import HTML
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise OutputError(
            f"PDF output needs WeasyPrint: {pdf_install_hint()} (or write .html and print it)"
        ) from exc
    text = render_html(report, progress=progress, for_print=True)
    if progress:
        progress("laying out PDF", 0, 1)
    pdf = HTML(string=text, url_fetcher=_data_only_fetcher()).write_pdf()
    assert pdf is not None
    return bytes(pdf)
