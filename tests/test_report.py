"""Reports: the model built from an incident log, and its HTML, Markdown and PDF writers (issue 6).

Expected numbers are hand-computed here or taken from ``samples/README.md`` (hand-computed there).
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import UTC
from pathlib import Path

import pytest
from click.testing import CliRunner

from uptime_calc.cli import main
from uptime_calc.errors import OutputError
from uptime_calc.report import report_format, write_report
from uptime_calc.report.pipeline import incident_report

from .conftest import ROOT

SAMPLE = ROOT / "samples" / "incidents.csv"

IMG_XSS = "<img src=x onerror=\"document.title='pwned'\">"
SCRIPT_XSS = "<script>document.body.innerHTML='pwned'</script>"
ATTR_XSS = '"onerror=alert(1) //'
HOSTILE_SERVICE = "<i>svc</i>"


def hostile_csv(folder: Path) -> Path:
    """A January-2024 log whose titles and one service name are HTML/JS.

    Hand computation (31-day January = 2,678,400 s; all impacts major = weight 1):
    ``shop``: 4 h + 2 h + 1 h = 25,200 s -> U = 0.00940860 -> 99.059 %, 2.03 nines;
    against 99.9 % (budget 2,678.4 s) the budget left is 100 x (1 - 25200/2678.4) = -840.9 %.
    ``<i>svc</i>``: 30 min = 1,800 s -> U = 6.72043e-4 -> 99.9328 %, 3.17 nines, budget left 32.8 %.
    """
    path = folder / "hostile.csv"
    rows = [
        ("x1", "shop", "2024-01-10T00:00:00Z", "2024-01-10T04:00:00Z", IMG_XSS),
        ("x2", "shop", "2024-01-12T00:00:00Z", "2024-01-12T02:00:00Z", SCRIPT_XSS),
        ("x3", "shop", "2024-01-15T00:00:00Z", "2024-01-15T01:00:00Z", ATTR_XSS),
        ("y1", HOSTILE_SERVICE, "2024-01-20T00:00:00Z", "2024-01-20T00:30:00Z", "plain"),
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "service", "start", "end", "impact", "maintenance", "title"])
        for rid, service, start, end, title in rows:
            writer.writerow([rid, service, start, end, "major", "false", title])
    return path


HOSTILE_SUMMARY = {
    "shop": {"availability_percent": "99.059%", "nines": "2.03", "slo_met": "no",
             "budget_remaining_percent": "-840.9%"},
    HOSTILE_SERVICE: {"availability_percent": "99.9328%", "nines": "3.17", "slo_met": "yes",
                      "budget_remaining_percent": "32.8%"},
}


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("hostile")
    return incident_report(hostile_csv(folder), slo="99.9%", sla="aws-ec2")


@pytest.fixture(scope="module")
def hostile_html(hostile_report) -> str:  # type: ignore[no-untyped-def]
    from uptime_calc.report.html import render_html

    return render_html(hostile_report)


@pytest.fixture(scope="module")
def sample_report():  # type: ignore[no-untyped-def]
    return incident_report(SAMPLE, slo="99.9%", sla="aws-ec2")


# -- the model ----------------------------------------------------------------------------------

def test_summary_rows_match_hand_computation(hostile_report) -> None:  # type: ignore[no-untyped-def]
    from uptime_calc.report.html import table_view

    view = table_view(hostile_report.summary)
    cells = {row[0]["text"]: {c["key"]: c["text"] for c in row} for row in view["rows"]}
    for service, expected in HOSTILE_SUMMARY.items():
        for key, text in expected.items():
            assert cells[service][key] == text, (service, key)
    rows = {r["service"]: r for r in hostile_report.summary.rows}
    assert rows["shop"]["downtime_seconds"] == 25200.0
    assert rows["shop"]["unavailability"] == pytest.approx(25200 / 2678400, rel=1e-12)


def test_sample_january_matches_samples_readme(sample_report) -> None:  # type: ignore[no-untyped-def]
    # samples/README.md, "Expected results for January 2024": api 1 - 375/44,400 = 99.1554 %,
    # web 1 - 210/44,640 = 99.5296 %, db 1 - 20/44,640 = 99.9552 %
    periods = next(t for t in sample_report.tables if t.name == "periods")
    jan = {r["service"]: r for r in periods.rows if r["period"] == "2024-01"}
    assert jan["api"]["unavailability"] == pytest.approx(375 / 44400, rel=1e-12)
    assert jan["web"]["unavailability"] == pytest.approx(210 / 44640, rel=1e-12)
    assert jan["db"]["unavailability"] == pytest.approx(20 / 44640, rel=1e-12)


def test_report_has_charts_top_incidents_and_method(sample_report) -> None:  # type: ignore[no-untyped-def]
    assert [c.name for c in sample_report.charts] == ["availability", "timeline", "pareto", "burndown", "ladder"]
    top = next(t for t in sample_report.tables if t.name == "top_incidents")
    counted = [r["downtime_seconds"] for r in top.rows]  # ranked by the downtime counted, not raw length
    assert counted == sorted(counted, reverse=True)
    assert all(r["id"] not in ("api-7", "api-13") for r in top.rows)  # maintenance is not an incident
    assert "maintenance" in sample_report.method and "weights" in sample_report.method
    assert any("db-open" in w for w in sample_report.warnings)
    assert sample_report.window == "2024-01-01 .. 2025-01-01 (UTC)"


def test_availability_by_period_pivot(sample_report) -> None:  # type: ignore[no-untyped-def]
    from uptime_calc.report.html import table_view

    pivot = next(t for t in sample_report.tables if t.name == "by_period")
    assert [c.header for c in pivot.columns] == ["Service"] + [f"2024-{m:02d}" for m in range(1, 13)]
    cells = {row[0]["text"]: [c["text"] for c in row[1:]] for row in table_view(pivot)["rows"]}
    assert sorted(cells) == ["api", "db", "queue", "web"]
    # samples/README.md: January api 1 - 375/44,400 = 99.1554 %, web 1 - 210/44,640 = 99.5296 %,
    # db 1 - 20/44,640 = 99.9552 % (shown to three significant digits of U)
    assert cells["api"][0] == "99.155%" and cells["web"][0] == "99.53%" and cells["db"][0] == "99.9552%"


def test_print_abridges_long_period_tables() -> None:
    from uptime_calc.report.html import PRINT_ROW_LIMIT, table_view
    from uptime_calc.tabular import Column, Table

    rows = [{"service": f"s{i:03d}"} for i in range(PRINT_ROW_LIMIT + 12)]
    table = Table("periods", "Per service and period", [Column("service", "Service")], rows)
    assert len(table_view(table)["rows"]) == PRINT_ROW_LIMIT + 12
    printed = table_view(table, for_print=True)
    assert printed["rows"] == [] and printed["omitted"] == PRINT_ROW_LIMIT + 12
    other = Table("top_incidents", "Top", [Column("service", "Service")], rows)
    assert table_view(other, for_print=True)["omitted"] == 0


def test_per_service_charts_draw_the_services_with_most_downtime(tmp_path: Path) -> None:
    # 25 services, service s<k> down (k + 1) x 30 min on 2024-01-02: the charts draw the 15 with the
    # most downtime (s10..s24), say so in their titles, and the summary still lists all 25
    from datetime import datetime, timedelta

    path = tmp_path / "many.csv"
    start = datetime(2024, 1, 2, tzinfo=UTC)
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["service", "start", "end"])
        for k in range(25):
            writer.writerow([f"s{k:02d}", start.isoformat(), (start + timedelta(minutes=30 * (k + 1))).isoformat()])
    rep = incident_report(path, slo="99.9%")
    charts = {c.name: c for c in rep.charts}
    assert charts["availability"].title == "Availability per period (15 of 25 services, those with the most downtime)"
    assert "(15 of 25 services" in charts["timeline"].title
    for name in ("availability", "timeline"):  # the images themselves say so (a Markdown report's PNGs)
        assert "(15 of 25 services" in charts[name].figure.axes[0].get_title()
    rows = [t.get_text() for t in charts["timeline"].figure.axes[0].get_yticklabels()]
    assert sorted(rows) == [f"s{k:02d}" for k in range(10, 25)]
    lines = [ln.get_label() for ln in charts["availability"].figure.axes[0].get_lines()]
    assert {f"s{k:02d}" for k in range(10, 25)} <= set(lines) and "s09" not in lines
    assert len(rep.summary.rows) == 25
    # the chart command draws the same 15 (plain, and with --until, which needs the accounting)
    from uptime_calc.report.charts import incident_chart

    for until in (None, "2024-01-03T00:00Z"):
        figure = incident_chart("timeline", path, until=until)
        assert "(15 of 25 services" in figure.axes[0].get_title()
        assert sorted(t.get_text() for t in figure.axes[0].get_yticklabels()) == [f"s{k:02d}" for k in range(10, 25)]
    figure = incident_chart("availability", path, slo="99.9%")
    lines = {ln.get_label() for ln in figure.axes[0].get_lines()}
    assert {f"s{k:02d}" for k in range(10, 25)} <= lines and "s09" not in lines


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    rep = incident_report(SAMPLE, slo="99.9%", progress=lambda s, d, t: seen.append((s, d, t)))
    write_report(rep, tmp_path / "r.html", progress=lambda s, d, t: seen.append((s, d, t)))
    stages = [s for s, _, _ in seen]
    assert stages[:2] == ["reading incidents", "accounting"]
    assert "timeline chart" in stages and "encoding ladder chart" in stages


def test_group_by_component(tmp_path: Path) -> None:
    rep = incident_report(SAMPLE, group_by="component")
    names = {r["service"] for r in rep.summary.rows}
    assert {"gateway", "auth", "frontend", "primary"} <= names


def test_group_by_unknown_column() -> None:
    from uptime_calc.errors import InputError

    with pytest.raises(InputError, match="cannot group by 'team'"):
        incident_report(SAMPLE, group_by="team")


# -- HTML ---------------------------------------------------------------------------------------

def test_html_is_self_contained(hostile_html: str) -> None:
    assert hostile_html.startswith("<!DOCTYPE html>")
    assert "<script" not in hostile_html.lower()
    assert "<link" not in hostile_html.lower() and "@import" not in hostile_html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", hostile_html)
    sources = re.findall(r'<img src="([^"]*)"', hostile_html)
    assert len(sources) == 5 and all(s.startswith("data:image/svg+xml;base64,") for s in sources)
    assert "default-src 'none'" in hostile_html  # CSP: nothing runs, nothing is fetched
    assert "@media print" in hostile_html


def test_html_escapes_every_input_text(hostile_html: str) -> None:
    assert "&lt;img src=x onerror=&#34;document.title=&#39;pwned&#39;&#34;&gt;" in hostile_html
    assert "&lt;script&gt;document.body.innerHTML=&#39;pwned&#39;&lt;/script&gt;" in hostile_html
    assert "&#34;onerror=alert(1) //" in hostile_html
    assert "&lt;i&gt;svc&lt;/i&gt;" in hostile_html
    for raw in (IMG_XSS, SCRIPT_XSS, ATTR_XSS, HOSTILE_SERVICE):
        assert raw not in hostile_html


def test_html_environment_autoescapes() -> None:
    from uptime_calc.report.html import environment

    env = environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_html_summary_table_cells(hostile_html: str) -> None:
    assert '<table id="summary">' in hostile_html
    assert '<td data-key="availability_percent" class="num">99.059%</td>' in hostile_html
    assert '<td data-key="availability_percent" class="num">99.9328%</td>' in hostile_html


# -- writing ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "fmt"), [("a.html", "html"), ("a.HTM", "html"), ("b.md", "markdown"),
                                           ("c.pdf", "pdf")])
def test_report_format_from_suffix(name: str, fmt: str) -> None:
    assert report_format(name) == fmt


def test_report_format_unknown() -> None:
    with pytest.raises(OutputError, match=r"cannot tell the report format of 'r\.txt': name it \.html, \.md or \.pdf"):
        report_format("r.txt")


def test_markdown_writes_charts_beside_it(hostile_report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = write_report(hostile_report, tmp_path / "rep.md")
    assert written[-1] == tmp_path / "rep.md"
    pngs = sorted(p.name for p in (tmp_path / "rep_files").iterdir())
    assert pngs == ["availability.png", "burndown.png", "ladder.png", "pareto.png", "timeline.png"]
    assert all((tmp_path / "rep_files" / n).read_bytes()[:4] == b"\x89PNG" for n in pngs)
    text = (tmp_path / "rep.md").read_text(encoding="utf-8")
    assert "](rep_files/timeline.png)" in text
    assert "| shop | 99.059% | " in text
    assert "&lt;script&gt;" in text and "<script" not in text and "<img" not in text
    assert "| &lt;i&gt;svc&lt;/i&gt; | 99.9328% |" in text
    assert "## Accounting method" in text


def test_write_is_atomic_on_failure(hostile_report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import uptime_calc.report.html as html_mod

    target = tmp_path / "keep.html"
    target.write_text("old", encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> str:
        raise OutputError("render failed")

    monkeypatch.setattr(html_mod, "render_html", boom)
    with pytest.raises(OutputError):
        write_report(hostile_report, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.html"]


def test_write_into_missing_folder(hostile_report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OutputError, match="does not exist"):
        write_report(hostile_report, tmp_path / "nope" / "r.html")


# -- PDF ----------------------------------------------------------------------------------------

def _need(tool: str) -> str:
    import os

    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing in CI: .ci/browser-deps.sh installs poppler-utils")
        pytest.skip(f"{tool} not installed (apt-get install poppler-utils)")
    return found


@pytest.fixture(scope="module")
def hostile_pdf(hostile_report, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    write_report(hostile_report, path)
    return path


def test_pdf_text_holds_the_headline_numbers(hostile_pdf: Path) -> None:
    assert hostile_pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run([_need("pdftotext"), "-layout", str(hostile_pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for number in ("99.059%", "99.9328%", "2.03", "3.17", "-840.9%", "32.8%"):
        assert number in text
    assert "<script>document.body.innerHTML='pwned'</script>" in text  # shown as text
    assert "Accounting method" in text and "Top 4 incidents by downtime counted" in text


def test_pdf_pages_render_to_png(hostile_pdf: Path, tmp_path: Path) -> None:
    subprocess.run([_need("pdftoppm"), "-png", "-r", "40", str(hostile_pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 2
    from PIL import Image

    with Image.open(pages[0]) as im:
        assert sum(1 for n in im.convert("L").histogram() if n) > 8  # not a blank page


# -- CLI ----------------------------------------------------------------------------------------

def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_report_html(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code, stdout, stderr = run("report", str(SAMPLE), "--slo", "99.9", "--sla", "aws-ec2", "-o", str(out))
    assert code == 0, stderr
    assert stdout == ""
    assert f"Wrote {out}" in stderr
    assert "Warning: 1 incident(s) still open" in stderr
    assert '<table id="summary">' in out.read_text(encoding="utf-8")


def test_cli_report_markdown(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    code, _, stderr = run("report", str(SAMPLE), "-o", str(out))
    assert code == 0, stderr
    assert f"Wrote {tmp_path / 'r_files' / 'timeline.png'}" in stderr
    assert "burndown" not in out.read_text(encoding="utf-8")  # no --slo: no budget to burn


def test_cli_report_bad_suffix(tmp_path: Path) -> None:
    code, _, stderr = run("report", str(SAMPLE), "-o", str(tmp_path / "r.txt"))
    assert code == 1
    assert stderr == "Error: cannot tell the report format of 'r.txt': name it .html, .md or .pdf\n"


def test_cli_report_missing_input(tmp_path: Path) -> None:
    code, _, stderr = run("report", str(tmp_path / "none.csv"), "-o", str(tmp_path / "r.html"))
    assert code == 2
    assert "does not exist" in stderr


def test_cli_report_help_has_examples() -> None:
    code, out, _ = run("report", "--help")
    assert code == 0
    assert "Examples:" in out and "uptime-calc report samples/incidents.csv --slo 99.9" in out


@pytest.mark.parametrize("kind", ["availability", "timeline", "pareto", "burndown"])
def test_cli_chart_kinds(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.svg"
    code, _, stderr = run("chart", kind, str(SAMPLE), "--slo", "99.9", "-o", str(out))
    assert code == 0, stderr
    assert out.read_bytes().lstrip().startswith(b"<?xml")


def test_cli_chart_ladder_png(tmp_path: Path) -> None:
    out = tmp_path / "ladder.png"
    code, _, stderr = run("chart", "ladder", "99", "99.9", "4n", "-o", str(out))
    assert code == 0, stderr
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_cli_chart_burndown_needs_slo(tmp_path: Path) -> None:
    code, _, stderr = run("chart", "burndown", str(SAMPLE), "-o", str(tmp_path / "b.png"))
    assert code == 1
    assert stderr == "Error: a burn-down needs an objective: add --slo, e.g. --slo 99.9\n"


def test_cli_chart_unknown_service(tmp_path: Path) -> None:
    code, _, stderr = run("chart", "timeline", str(SAMPLE), "--service", "mail", "-o", str(tmp_path / "t.png"))
    assert code == 1
    assert stderr == "Error: no service 'mail' in incidents.csv; services: api, db, queue, web\n"


def test_cli_chart_bad_suffix(tmp_path: Path) -> None:
    code, _, stderr = run("chart", "ladder", "99.9", "-o", str(tmp_path / "l.jpg"))
    assert code == 2
    assert "name the file .png or .svg" in stderr


SCENARIO = ROOT / "samples" / "scenarios" / "web.yaml"


def test_report_with_scenario_compares_and_simulates(tmp_path: Path) -> None:
    rep = incident_report(SAMPLE, slo="99.9%", scenario=SCENARIO, replications=200, seed=1)
    assert [c.name for c in rep.charts][-2:] == ["scenarios", "distribution"]
    table = next(t for t in rep.tables if t.name == "scenarios")
    names = [r["scenario"] for r in table.rows]
    assert names[0] == "web-shop" and "web-shop/third-web" in names  # the file's variants
    assert rep.notes[0].startswith("Simulated web-shop (200 replications x 12 months, seed 1): mean downtime ")
    # the scenario's own target (99.95%) prices the months: 0.0005 x 30.4375 d = 21m 54.9s
    assert "exceed the 99.95% allowance (21m 54.9s per month of year/12)" in rep.notes[0]
    again = incident_report(SAMPLE, slo="99.9%", scenario=SCENARIO, replications=200, seed=1)
    assert again.notes == rep.notes  # seeded: reproducible


@pytest.mark.parametrize("kind", ["comparison", "distribution"])
def test_cli_chart_scenario_kinds(kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.png"
    code, _, stderr = run("chart", kind, str(SCENARIO), "--replications", "200", "-o", str(out))
    assert code == 0, stderr
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_report_modules_import_no_ui_library() -> None:
    import sys

    code = (
        "import sys, uptime_calc.report, uptime_calc.report.build, uptime_calc.report.html, "
        "uptime_calc.report.markdown, uptime_calc.report.pipeline, uptime_calc.report.charts; "
        "print(sorted(m for m in ('click', 'rich', 'matplotlib', 'weasyprint') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr
