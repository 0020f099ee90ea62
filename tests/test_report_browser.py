"""The HTML report in a real browser: headless Chromium renders it, we read back the DOM and a screenshot.

Runs wherever Chromium is installed; in CI (``CI`` set) it must run (``.ci/browser-deps.sh``
installs it), so a missing browser fails there instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from uptime_calc.report import write_report
from uptime_calc.report.pipeline import incident_report

from .test_report import ATTR_XSS, HOSTILE_SERVICE, HOSTILE_SUMMARY, IMG_XSS, SCRIPT_XSS, hostile_csv

pytestmark = pytest.mark.slow


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing in CI: .ci/browser-deps.sh must install it")
    pytest.skip("Chromium not installed (apt-get install chromium); required in CI")


class DomReader(HTMLParser):
    """Collects the page title, the text of each ``<td data-key>`` per table, element names, all text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: dict[str, list[dict[str, str]]] = {}
        self.text: list[str] = []
        self._table: str | None = None
        self._cell: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "title":
            self._in_title = True
        elif tag == "table":
            self._table = a.get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append({})
        elif tag == "td" and self._table is not None:
            self._cell = a.get("data-key")
            if self._cell and self.tables[self._table]:
                self.tables[self._table][-1][self._cell] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "table":
            self._table = None
        elif tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.title += data
        if self._table is not None and self._cell and self.tables[self._table]:
            self.tables[self._table][-1][self._cell] += data


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[DomReader, Path]:
    browser = chromium()
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "report.html"
    write_report(incident_report(hostile_csv(folder), slo="99.9%", sla="aws-ec2"), page)
    shot = folder / "shot.png"
    cmd = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={folder / 'profile'}", "--window-size=1280,1600", f"--screenshot={shot}",
        "--dump-dom", page.resolve().as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = DomReader()
    dom.feed(proc.stdout)
    return dom, shot


def test_dom_holds_the_summary_values(rendered: tuple[DomReader, Path]) -> None:
    dom, _ = rendered
    rows = {r["service"]: r for r in dom.tables["summary"] if r}
    assert set(rows) == set(HOSTILE_SUMMARY)
    for service, expected in HOSTILE_SUMMARY.items():
        for key, text in expected.items():
            assert rows[service][key] == text, (service, key)


def test_hostile_text_shows_as_text_and_nothing_runs(rendered: tuple[DomReader, Path]) -> None:
    dom, _ = rendered
    # the page was not altered by the payloads: title and body are ours
    assert dom.title == "Availability report: hostile.csv"
    assert "pwned" != dom.title and dom.tables.get("summary")
    titles = [r.get("title") for r in dom.tables["top_incidents"] if r]
    assert IMG_XSS in titles and SCRIPT_XSS in titles and ATTR_XSS in titles
    assert HOSTILE_SERVICE in {r["service"] for r in dom.tables["summary"] if r}
    # and they are text, not elements or attributes
    names = [tag for tag, _ in dom.tags]
    assert "script" not in names and "i" not in names
    assert not any(tag == "img" and a.get("src") == "x" for tag, a in dom.tags)
    assert not any("onerror" in a for _, a in dom.tags)
    assert all(a.get("src", "").startswith("data:image/svg+xml;base64,") for tag, a in dom.tags if tag == "img")


def test_screenshot_is_not_blank(rendered: tuple[DomReader, Path]) -> None:
    from PIL import Image

    _, shot = rendered
    with Image.open(shot) as im:
        assert im.size == (1280, 1600)
        grey = im.convert("L")
        hist = grey.histogram()
        inked = sum(hist[:200]) / (im.size[0] * im.size[1])
        assert inked > 0.01  # text, tables and charts drew something
        assert sum(1 for n in hist if n) > 20  # many grey levels: anti-aliased text and charts
        rgb = im.convert("RGB")
        # the Okabe-Ito vermillion of an outage bar or a missed SLO is on screen
        colours = {c for _, c in rgb.getcolors(maxcolors=1 << 20) or []}
        assert any(abs(r - 0xD5) < 12 and abs(g - 0x5E) < 12 and b < 20 for r, g, b in colours)
