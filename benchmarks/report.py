"""Time to render a report of a real year (githubstatus.com 2022, per component), as the user runs it.

Run: ``python benchmarks/report.py``. Issue 6 asks for under ten seconds on the development
machine. Each format is timed as a fresh ``uptime-calc report`` process (imports included) and
given as a ratio to the same accounting without the report (``uptime-calc incidents ... -f json``),
so the cost of charts and layout shows apart from reading and accounting.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "github" / "githubstatus_incidents_2010-2023.json.xz"
REPEATS = 3
BUDGET_SECONDS = 10.0
COMMON = ["--preset", "statuspage", "--group-by", "component", "--from", "2022-01-01", "--to", "2023-01-01",
          "--slo", "99.9"]


def wall(args: list[str]) -> float:
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    if not DATA.is_file():
        sys.exit(f"missing {DATA}")
    cli = [sys.executable, "-m", "uptime_calc"]
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        # a real file, never /dev/null: an atomic write renames its temp file over the target
        baseline = wall(cli + ["incidents", str(DATA), *COMMON, "-f", "json", "-o", str(Path(tmp) / "b.json")])
        print(f"baseline  incidents -f json (read + account): {baseline:6.2f} s (median of {REPEATS})")
        for suffix in ("html", "md", "pdf"):
            out = Path(tmp) / f"github-2022.{suffix}"
            t = wall(cli + ["report", str(DATA), *COMMON, "-o", str(out)])
            worst = max(worst, t)
            print(f"report -o github-2022.{suffix:4s} {t:6.2f} s   ratio to baseline {t / baseline:5.2f}x   "
                  f"{out.stat().st_size / 1024:7.0f} KiB")
    verdict = "within" if worst < BUDGET_SECONDS else "OVER"
    print(f"slowest {worst:.2f} s: {verdict} the {BUDGET_SECONDS:.0f} s budget")


if __name__ == "__main__":
    main()
