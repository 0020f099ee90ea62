"""Benchmark: ``uptime-calc requests`` on 10 million nginx access-log lines, end to end.

The log (nginx ``combined``, ~150 bytes a line, 0.5% 5xx, 1% 429, one malformed line in 100,000,
a few hundred requests a second over about a day) is written once; then, each in a fresh process:

* floor: pyarrow's bare read of the same file as one string column per line (``pyarrow.csv.read_csv``,
  the reader ours uses, multi-threaded), the least any parser of this file must do;
* ours: ``python -m uptime_calc requests FILE -f json --table totals`` (the command users run, with its
  defaults: format detection, periods, totals);
* reference: a plain-Python loop (``re`` per line, the same rules) over the first ``--reference-rows``
  lines, scaled to the whole file (it would take minutes on all of it).

Prints rows per second, the ratio to the floor (target: within 3x), the ratio to the reference,
peak memory (max RSS of the process) and whether ours and the reference agree on the prefix.

Run: ``python benchmarks/requests.py [--rows 10000000] [--reference-rows 1000000] [--keep FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = """
import sys, pyarrow as pa, pyarrow.csv as pcsv
t = pcsv.read_csv(sys.argv[1],
    read_options=pcsv.ReadOptions(column_names=["line"], block_size=1 << 22),
    parse_options=pcsv.ParseOptions(delimiter="\\x1f", quote_char=False, escape_char=False, ignore_empty_lines=False),
    convert_options=pcsv.ConvertOptions(column_types={"line": pa.string()}, check_utf8=False))
print(t.num_rows)
"""

REFERENCE = r"""
import re, sys
Q = r'"(?:[^"\\]|\\.)*"'
rx = re.compile(r'^\S+ \S+ \S+ \[([^\]]+)\] ' + Q + r' (\d{3}) (?:\d+|-) ' + Q + ' ' + Q + r'(?: ([\d.]+))?$')
good = valid = bad_lines = 0
with open(sys.argv[1], encoding="utf-8", errors="replace") as fh:
    for line in fh:
        m = rx.match(line.rstrip("\n"))
        if not m:
            bad_lines += line.strip() != ""
            continue
        status = int(m.group(2))
        if status == 429:
            continue
        valid += 1
        good += not 500 <= status <= 599
print(good, valid, bad_lines)
"""


def generate(path: Path, rows: int, seed: int = 1) -> None:
    """Write the synthetic log in chunks of 100,000 lines (vectorised string building)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    paths = np.array(["/api/orders", "/api/users", "/api/cart", "/health", "/static/app.js", "/"], dtype=object)
    agents = np.array(['"Mozilla/5.0 (X11; Linux x86_64)"', '"curl/8.5.0"', '"kube-probe/1.29"',
                       '"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"'], dtype=object)
    t0 = pd.Timestamp("2024-03-01T00:00:00Z").value // 10**9
    chunk = 100_000
    with open(path, "w", encoding="ascii") as fh:
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            secs = t0 + (done + np.arange(n)) // 200  # 200 requests a second
            uniq, inv = np.unique(secs, return_inverse=True)
            stamp = pd.to_datetime(uniq, unit="s", utc=True).strftime("%d/%b/%Y:%H:%M:%S +0000").to_numpy(dtype=object)
            status = rng.choice(np.array([200, 200, 200, 304, 404, 429, 500, 503]), size=n,
                                p=[0.5, 0.2, 0.178, 0.05, 0.057, 0.01, 0.003, 0.002]).astype(str).astype(object)
            ip = ("10.0." + (rng.integers(0, 255, n)).astype(str).astype(object) + "."
                  + (rng.integers(1, 255, n)).astype(str).astype(object))
            line = (ip + " - - [" + stamp[inv] + '] "GET ' + paths[rng.integers(0, len(paths), n)]
                    + '?q=' + rng.integers(0, 10**6, n).astype(str).astype(object) + ' HTTP/1.1" ' + status + " "
                    + rng.integers(0, 50_000, n).astype(str).astype(object) + ' "-" '
                    + agents[rng.integers(0, len(agents), n)] + " "
                    + np.char.mod("%.3f", rng.exponential(0.05, n)).astype(object))
            line[n // 2] = line[n // 2][:60]  # one malformed line in each chunk
            fh.write("\n".join(line.tolist()))
            fh.write("\n")
            done += n


def run(args: list[str]) -> tuple[float, str, float]:
    """Wall seconds, stdout and peak RSS (MB) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: run the biggest last or read it as an upper bound
    return wall, proc.stdout, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--reference-rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Write (or reuse) the log here instead of a temporary file.")
    opts = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = opts.keep or folder / "access.log"
    if not path.exists():
        t = time.perf_counter()
        generate(path, opts.rows)
        print(f"generated {opts.rows:,} lines ({path.stat().st_size / 1e9:.2f} GB) in {time.perf_counter() - t:.1f}s")
    prefix = folder / "prefix.log"
    with open(path, "rb") as src, open(prefix, "wb") as dst:
        for i, line in enumerate(src):
            if i >= opts.reference_rows:
                break
            dst.write(line)

    py = sys.executable
    floor_s, out, floor_mb = run([py, "-c", FLOOR, str(path)])
    assert int(out) == opts.rows, out
    ref_s, ref_out, ref_mb = run([py, "-c", REFERENCE, str(prefix)])
    ours_prefix_s, ours_prefix, _ = run([py, "-m", "uptime_calc", "requests", str(prefix), "--period", "all",
                                          "-f", "json", "--table", "totals"])
    ours_s, ours_out, ours_mb = run([py, "-m", "uptime_calc", "requests", str(path), "--period", "all", "-f", "json",
                                     "--table", "totals"])
    total = json.loads(ours_out)["totals"][0]
    good, valid, bad_lines = map(int, ref_out.split())
    mine = json.loads(ours_prefix)
    agree = (mine["totals"][0]["good_requests"], mine["totals"][0]["valid_requests"], mine["malformed"]["lines"]) == (
        good, valid, bad_lines)
    ref_scaled = ref_s * opts.rows / opts.reference_rows
    print(f"lines: {opts.rows:,}; ours read {total['requests']:,} requests, {total['valid_requests']:,} valid, "
          f"{total['good_requests']:,} good")
    print(f"floor (pyarrow bare read):  {floor_s:7.2f}s  {opts.rows / floor_s / 1e6:6.2f} M rows/s  "
          f"peak {floor_mb:,.0f} MB")
    print(f"ours (uptime-calc requests): {ours_s:7.2f}s  {opts.rows / ours_s / 1e6:6.2f} M rows/s  "
          f"peak <= {ours_mb:,.0f} MB")
    print(f"reference (Python re loop):  {ref_s:7.2f}s on {opts.reference_rows:,} lines, {ref_scaled:.1f}s scaled")
    ratio = ours_s / floor_s
    print(f"ratio to floor: {ratio:.2f}x ({'PASS' if ratio <= 3 else 'MISS'} target <= 3x); "
          f"speed-up over reference: {ref_scaled / ours_s:.1f}x; ours on the prefix {ours_prefix_s:.2f}s")
    print(f"agree with the reference on the prefix (good, valid, malformed): {'yes' if agree else 'NO'}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
