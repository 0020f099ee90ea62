"""Charts and a report of a million overlapping incidents, each in a fresh process.

Run: ``python benchmarks/charts.py [ROWS]`` (default 1,000,000). Issue 17 found a burn-down that
allocated segments x outages booleans (2M x 1M) and a timeline that drew every bar; both must
finish in seconds. The log is generated here (4 services, one year, incidents of 1 min .. 3 days
starting at random: they overlap heavily). Each command is timed as a fresh ``uptime-calc``
process and printed as a ratio to the bare pyarrow parse of the same file and to ``incidents -f
json`` (read + account, no chart), so the cost of drawing shows apart from reading.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_log(path: Path, rows: int) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(1)
    t0 = pd.Timestamp("2024-01-01", tz="UTC").value
    start = t0 + np.sort(rng.integers(0, 365 * 86400, rows)) * 10**9
    end = start + rng.integers(60, 3 * 86400, rows) * 10**9
    pd.DataFrame({
        "id": [f"i{i}" for i in range(rows)],
        "service": rng.choice(["api", "web", "db", "cost $5"], rows),  # "$": literal text, not math
        "start": pd.to_datetime(start, utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": pd.to_datetime(end, utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "impact": rng.choice(["major", "partial", "minor", ""], rows),
    }).to_csv(path, index=False)


def wall(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    cli = [sys.executable, "-m", "uptime_calc"]
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "overlapping.csv"
        make_log(log, rows)
        parse = wall([sys.executable, "-c", f"import pyarrow.csv as c; c.read_csv({str(log)!r})"])
        account = wall(cli + ["incidents", str(log), "--no-uncertainty", "-f", "json", "-o", str(Path(tmp) / "a.json")])
        print(f"{rows:,} overlapping incidents; bare pyarrow parse {parse:.2f} s, incidents -f json {account:.2f} s")
        runs = {
            "chart timeline": ["chart", "timeline", str(log), "-o", str(Path(tmp) / "t.png")],
            "chart burndown": ["chart", "burndown", str(log), "--slo", "99.9", "-o", str(Path(tmp) / "b.png")],
            "report (html)": ["report", str(log), "--slo", "99.9", "--sla", "aws-ec2", "-o", str(Path(tmp) / "r.html")],
        }
        for name, args in runs.items():
            t = wall(cli + args)
            print(f"{name:15s} {t:6.2f} s = {t / parse:5.1f} x parse, {t / account:4.2f} x incidents")


if __name__ == "__main__":
    main()
