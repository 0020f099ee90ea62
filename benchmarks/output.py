"""Benchmark: writing a long result table (``incidents --period day`` over years and many services).

The table is the rows table of :func:`uptime_calc.accounting.measure.measure` on a synthetic log
of ``--services`` services (a handful of incidents each) over ``--years`` years, per day: with the
defaults 1,000 services x 10 years = 3.65 million output rows. For each format (JSON, CSV,
Parquet), in a fresh process each:

* ours: ``uptime_calc.render.write`` of the measured document to a file (what ``-f FMT -o FILE``
  runs after the accounting);
* the yardstick: pyarrow writing the same table (``pa.Table.from_pandas`` and
  ``pyarrow.csv.write_csv`` for CSV and JSON, ``pyarrow.parquet.write_table`` for Parquet; pyarrow
  has no JSON writer, so JSON is judged against its CSV).

Each process measures, after the table is built, the wall time of the write and its peak memory
above the table (the resident high-water mark is reset through ``/proc/self/clear_refs`` before the
write, and read from ``VmHWM`` after). Prints output rows/s, peak bytes per output row, and both as a
ratio to the yardstick, then PASS/MISS against the targets (>= 500k output rows/s, < 200 bytes of
peak memory per output row). ``--command`` also times the whole command as users run it
(``uptime-calc incidents log.csv --period day -f json -o out.json``, imports included) and its peak
memory per output row.

Run: ``python benchmarks/output.py [--services 1000] [--years 10] [--command]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate(path: Path, services: int, years: int, per_service: int = 5, seed: int = 1) -> None:
    """A small log whose daily table is long: ``per_service`` incidents a service over the years."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    lo = pd.Timestamp("2015-01-01", tz="UTC").value
    hi = pd.Timestamp(f"{2015 + years}-01-01", tz="UTC").value - 86_400 * 10**9
    start = rng.integers(lo, hi, size=services * per_service)
    end = start + (rng.lognormal(np.log(1800), 1.0, size=len(start)) * 1e9).astype(np.int64) + 10**9
    frame = pd.DataFrame({
        "id": [f"i{i}" for i in range(len(start))],
        "service": np.repeat([f"svc-{s:04d}" for s in range(services)], per_service),
        "start": pd.to_datetime(start, utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": pd.to_datetime(end, utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "impact": rng.choice(["major", "partial"], size=len(start)),
    })
    frame.to_csv(path, index=False)


CHILD = r"""
import json, os, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
import numpy as np, pandas as pd, pyarrow as pa, pyarrow.csv, pyarrow.parquet
from uptime_calc.accounting.measure import measure_file
from uptime_calc.render import write

log, years, fmt, who, out = {log!r}, {years!r}, {fmt!r}, {who!r}, {out!r}
m = measure_file(log, period="day", window=("2015-01-01", f"{{2015 + years}}-01-01"), uncertainty=False)
doc = m.to_document()
rows = len(m.table)

def rss(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
    return 0

base = rss("VmRSS:")
try:
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # resets VmHWM to the current resident size (Linux >= 4.0)
    reset = True
except OSError:
    reset = False
t0 = time.perf_counter()
with open(out, "wb") as fh:
    if who == "ours":
        doc.tables = doc.tables[:1] if fmt != "json" else doc.tables
        write(doc, fmt, fh)
    else:
        table = pa.Table.from_pandas(m.table, preserve_index=False)
        if fmt == "parquet":
            pyarrow.parquet.write_table(table, fh)
        else:
            pyarrow.csv.write_csv(table, fh)
seconds = time.perf_counter() - t0
peak = rss("VmHWM:") - base if reset else float("nan")
print(json.dumps({{"rows": rows, "seconds": seconds, "peak": peak, "bytes": os.path.getsize(out)}}))
"""


def run_child(log: Path, years: int, fmt: str, who: str, out: Path) -> dict[str, float]:
    code = CHILD.format(root=str(ROOT), log=str(log), years=years, fmt=fmt, who=who, out=str(out))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


COMMAND = r"""
import atexit, runpy, sys

def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            with open({report!r}, "w") as fh:
                fh.write(str(int(line.split()[1]) * 1024))

atexit.register(peak)
sys.argv = ["uptime-calc", *{args!r}]
runpy.run_module("uptime_calc", run_name="__main__")
"""


def run_command(log: Path, years: int, out: Path) -> dict[str, float]:
    """The command as users run it, in a fresh process: wall seconds (imports included) and peak memory."""
    report = out.with_suffix(".peak")
    args = ["incidents", str(log), "--period", "day", "--from", "2015-01-01", "--to", f"{2015 + years}-01-01",
            "--no-uncertainty", "-f", "json", "-o", str(out)]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", COMMAND.format(report=str(report), args=args)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return {"seconds": time.perf_counter() - t0, "peak": float(report.read_text())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--formats", default="json,csv,parquet")
    parser.add_argument("--command", action="store_true", help="also time the whole incidents command")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "log.csv"
        generate(log, args.services, args.years)
        print(f"{args.services:,} services x {args.years} years per day; fresh process per run")
        print(f"{'format':8} {'who':8} {'rows':>10} {'seconds':>8} {'rows/s':>11} {'peak B/row':>10} {'MB out':>8}")
        verdicts = []
        for fmt in args.formats.split(","):
            results = {}
            for who in ("ours", "pyarrow"):
                yard_fmt = "csv" if (who == "pyarrow" and fmt == "json") else fmt
                r = run_child(log, args.years, fmt if who == "ours" else yard_fmt, who, Path(tmp) / f"out.{fmt}")
                results[who] = r
                rate = r["rows"] / r["seconds"]
                print(f"{fmt:8} {who:8} {r['rows']:>10,} {r['seconds']:>8.2f} {rate:>11,.0f} "
                      f"{r['peak'] / r['rows']:>10.0f} {r['bytes'] / 1e6:>8.0f}")
            ours, yard = results["ours"], results["pyarrow"]
            rate = ours["rows"] / ours["seconds"]
            per_row = ours["peak"] / ours["rows"]
            print(f"{fmt:8} ratio    time {ours['seconds'] / yard['seconds']:.2f}x pyarrow"
                  f"{' CSV' if fmt == 'json' else ''}, peak memory {ours['peak'] / max(yard['peak'], 1):.2f}x")
            verdicts.append(f"{fmt}: {'PASS' if rate >= 500_000 else 'MISS'} >= 500k rows/s ({rate:,.0f}); "
                            f"{'PASS' if per_row < 200 else 'MISS'} < 200 B/row ({per_row:.0f})")
        if args.command:
            r = run_command(log, args.years, Path(tmp) / "cmd.json")
            rows = args.services * round(365.25 * args.years)
            print(f"command  incidents --period day -f json -o: {r['seconds']:.1f} s, peak {r['peak'] / 1e9:.2f} GB "
                  f"= {r['peak'] / rows:.0f} B per output row (imports, reading, accounting and writing)")
        print("\n".join(verdicts))
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
