"""Time to render a report of a real year (githubstatus.com 2022, per component), as the user runs it.

Run: ``python benchmarks/report.py``. Issue 6 asks for under ten seconds on the development
machine. Each format is timed as a fresh ``uptime-calc report`` process (imports included) and
given as a ratio to the same accounting without the report (``uptime-calc incidents ... -f json``),
so the cost of charts and layout shows apart from reading and accounting.
"""

from __future__ import annotations

import os
import resource
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


def wall(args: list[str]) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of a fresh process.

    CPU time is shown too because the development machine is shared: under load, wall time
    grows while CPU time stays close to what an idle machine would take.
    """
    times, cpus = [], []
    for _ in range(REPEATS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.median(cpus)


def main() -> None:
    if not DATA.is_file():
        sys.exit(f"missing {DATA}")
    cli = [sys.executable, "-m", "uptime_calc"]
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        # a real file, never /dev/null: an atomic write renames its temp file over the target
        baseline, base_cpu = wall(
            cli + ["incidents", str(DATA), *COMMON, "-f", "json", "-o", str(Path(tmp) / "b.json")]
        )
        print(f"baseline  incidents -f json (read + account): {baseline:6.2f} s wall, {base_cpu:6.2f} s cpu "
              f"(median of {REPEATS})")
        for suffix in ("html", "md", "pdf"):
            out = Path(tmp) / f"github-2022.{suffix}"
            t, cpu = wall(cli + ["report", str(DATA), *COMMON, "-o", str(out)])
            worst = max(worst, t)
            print(f"report -o github-2022.{suffix:4s} {t:6.2f} s wall ({t / baseline:4.2f}x), "
                  f"{cpu:6.2f} s cpu ({cpu / base_cpu:4.2f}x)   {out.stat().st_size / 1024:6.0f} KiB")
    verdict = "within" if worst < BUDGET_SECONDS else "OVER"
    load = os.getloadavg()[0]
    print(f"slowest {worst:.2f} s wall: {verdict} the {BUDGET_SECONDS:.0f} s budget (load average {load:.1f} "
          f"on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
