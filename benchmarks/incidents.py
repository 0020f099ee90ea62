"""Benchmark: incident accounting as a ratio to pyarrow's bare parse of the same file.

A synthetic log: 1,000 services over 2022-2024; about 20% of the incidents start inside the
previous incident of their service (overlaps to merge), 1% are maintenance. The 10M-row log is
the same generator 10x denser per service (so overlaps are as frequent, runs as long). Three
weightings, each its own file:

* ``default``: impacts major/critical/partial/minor, default weights;
* ``partial=0.3``: the same file with ``weights="partial=0.3"`` (a weight that is no binary fraction);
* ``numeric``: numeric impacts with 100 distinct values (0.01 .. 1.00), so 100 weight levels.

Each case runs in fresh processes, interleaved with fresh processes that only parse the same file
with pyarrow (``pyarrow.csv.read_csv``, every column inferred): the job's floor on this machine at
this moment. Libraries are imported (and our modules warmed on the 30-row sample) before the clock
starts; the clock covers ``read_incidents`` + ``measure(period="month", uncertainty=False)``. Printed
per case: the fastest of ``--repeat`` runs as a ratio to the fastest parse, read and accounting
apart, and peak memory (VmHWM) in bytes per row. Then:

* the plain-Python reference (:mod:`benchmarks.reference_incidents`) on the 1M-row default log,
  as a ratio to ours (which must agree on the total weighted downtime);
* time per row at 10M over time per row at 1M (default case);
* the command as users run it, ``uptime-calc incidents big.csv -f json -o out.json`` with default
  options (uncertainty interval included), timed from launch to exit in a fresh process, over a
  fresh process that imports pyarrow and parses the file (both include the interpreter's start);

then PASS/MISS per target (issue 16) and the machine's load. The machine is shared: only ratios
measured in the same run mean anything.

Run: ``python benchmarks/incidents.py [--sizes 1000000,10000000] [--repeat 3] [--skip-reference]``.
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
CASES = {"default": None, "partial=0.3": "partial=0.3", "numeric": None}


def generate(path: Path, rows: int, services: int, numeric: bool = False, seed: int = 1) -> None:
    """Write the synthetic log (vectorised: seconds for a million rows)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv

    rng = np.random.default_rng(seed)
    per = rows // services
    lo = np.datetime64("2022-01-01", "s").astype(np.int64)
    hi = np.datetime64("2024-12-31", "s").astype(np.int64)
    n = services * per
    start = np.sort(rng.integers(lo, hi, size=(services, per)), axis=1).ravel()
    duration = rng.lognormal(np.log(1800), 1.0, size=n).astype(np.int64)
    inside = rng.random(n) < 0.2  # ~20% start inside the previous incident of the same service
    inside[::per] = False
    prev, prev_dur = np.roll(start, 1), np.roll(duration, 1)
    start = np.where(inside, prev + (rng.random(n) * prev_dur).astype(np.int64), start)
    end = start + np.maximum(duration, 1)
    if numeric:
        impact = pa.array(np.char.mod("%.2f", rng.integers(1, 101, size=n) / 100))
    else:
        impact = pa.array(rng.choice(np.array(["major", "critical", "partial", "minor"]), size=n,
                                     p=[0.5, 0.1, 0.3, 0.1]))

    def iso(t: np.ndarray) -> pa.Array:
        return pa.array(np.char.add(np.datetime_as_string(t.astype("M8[s]")), "Z"))

    table = pa.table({
        "id": np.arange(1, n + 1),
        "service": pa.array(np.char.add("svc-", np.arange(services).astype(str))[np.repeat(np.arange(services), per)]),
        "start": iso(start),
        "end": iso(end),
        "impact": impact,
        "maintenance": pa.array(np.where(rng.random(n) < 0.01, "true", "false")),
    })
    pyarrow.csv.write_csv(table, path, pyarrow.csv.WriteOptions(quoting_style="needed"))


def peak_bytes() -> int:
    """This process's peak resident memory (Linux ``VmHWM``: its own, from ``exec`` on)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def run_ours(path: str, weights: str | None) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow.compute  # noqa: F401
    import pyarrow.csv  # noqa: F401

    from uptime_calc.accounting.measure import measure
    from uptime_calc.incidents import read_incidents

    # our lazily imported modules, warmed on the 30-row sample before the clock starts
    measure(read_incidents(ROOT / "samples" / "incidents.csv"), period="month", uncertainty=False)
    t0 = time.perf_counter()
    log = read_incidents(path)
    t1 = time.perf_counter()
    m = measure(log, period="month", uncertainty=False, weights=weights)
    t2 = time.perf_counter()
    return {"read_s": t1 - t0, "measure_s": t2 - t1, "total_s": t2 - t0, "peak": peak_bytes(),
            "rows": len(log.frame), "downtime_s": float(m.table["downtime_seconds"].sum())}


def run_parse(path: str) -> dict[str, float]:
    import pyarrow.csv

    t = time.perf_counter()
    table = pyarrow.csv.read_csv(path)
    return {"parse_s": time.perf_counter() - t, "rows": table.num_rows}


def run_reference(path: str) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from benchmarks.reference_incidents import account, month_bounds, read_csv

    t0 = time.perf_counter()
    records = read_csv(path)
    result = account(records, month_bounds(min(r[1] for r in records), max(r[2] for r in records)))
    return {"total_s": time.perf_counter() - t0, "downtime_s": sum(v[0] for v in result.values()) / 1e9}


def _child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return json.loads(out.stdout)


def _launch(argv: list[str], cwd: Path) -> float:
    """Wall seconds of a fresh process, from launch to exit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    subprocess.run(argv, check=True, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="rows per log, comma-separated")
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per case; the fastest is judged")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        which, path, *rest = args.child
        result = (run_parse(path) if which == "parse" else run_reference(path) if which == "reference"
                  else run_ours(path, rest[0] if rest and rest[0] != "-" else None))
        print(json.dumps(result))
        return
    sizes = [int(x) for x in args.sizes.split(",")]
    verdicts: list[tuple[str, bool]] = []
    per_row: dict[int, float] = {}  # default case: wall seconds per row, and the same over the parse's
    per_parse: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            labels, numeric = Path(tmp) / f"labels-{rows}.csv", Path(tmp) / f"numeric-{rows}.csv"
            t = time.perf_counter()
            generate(labels, rows, args.services)
            generate(numeric, rows, args.services, numeric=True)
            print(f"\n{rows:,} rows, {args.services:,} services ({labels.stat().st_size / 1e6:.0f} MB CSV; generated "
                  f"in {time.perf_counter() - t:.1f} s)")
            results: dict[str, dict[str, float]] = {}
            for case, weights in CASES.items():
                path = numeric if case == "numeric" else labels
                ours, parses = [], []
                for _ in range(max(1, args.repeat)):  # interleaved: both see the machine in the same state
                    ours.append(_child("ours", str(path), weights or "-"))
                    parses.append(_child("parse", str(path))["parse_s"])
                best = min(ours, key=lambda r: r["total_s"])
                best["parse_s"] = min(parses)
                best["peak"] = max(r["peak"] for r in ours)
                results[case] = best
                print(f"  {case:12s} {best['total_s']:6.2f} s = {best['total_s'] / best['parse_s']:.2f}x "
                      f"the bare parse ({best['parse_s']:.2f} s); read {best['read_s']:.2f} s, "
                      f"accounting {best['measure_s']:.2f} s; "
                      f"peak {best['peak'] / 1e6:.0f} MB = {best['peak'] / best['rows']:.0f} bytes/row")
            ratios = {c: r["total_s"] / r["parse_s"] for c, r in results.items()}
            slowest = max(ratios, key=ratios.__getitem__)
            print(f"  slowest case ({slowest}) / default: {ratios[slowest] / ratios['default']:.2f}x")
            per_row[rows] = results["default"]["total_s"] / rows
            per_parse[rows] = ratios["default"] / rows
            peak = max(r["peak"] for r in results.values())
            verdicts += [
                (f"{rows:,} rows: every case within 2.5x the bare parse (worst {ratios[slowest]:.2f}x)",
                 ratios[slowest] <= 2.5),
                (f"{rows:,} rows: slowest case within 1.3x the default "
                 f"({ratios[slowest] / ratios['default']:.2f}x)", ratios[slowest] <= 1.3 * ratios["default"]),
                (f"{rows:,} rows: < 600 bytes/row peak ({peak / rows:.0f})", peak / rows < 600),
            ]
            if rows == sizes[0]:
                verdicts.append((f"{rows:,} rows: peak memory < 1 GB ({peak / 1e6:.0f} MB)", peak < 1e9))
                if not args.skip_reference:
                    ref = _child("reference", str(labels))
                    ratio = ref["total_s"] / results["default"]["total_s"]
                    agree = abs(ref["downtime_s"] - results["default"]["downtime_s"]) <= 1e-6 * ref["downtime_s"]
                    print(f"  plain-Python reference {ref['total_s']:.1f} s: ours is {ratio:.1f}x faster; "
                          f"total weighted downtime {'agrees' if agree else 'DIFFERS'}")
                    verdicts += [(f"{rows:,} rows: >= 6x the reference ({ratio:.1f}x)", ratio >= 6),
                                 ("results agree with the reference", agree)]
                cli, bare = [], []
                for _ in range(max(1, args.repeat)):
                    cli.append(_launch([sys.executable, "-m", "uptime_calc", "incidents", str(labels), "-f", "json",
                                        "-o", str(Path(tmp) / "out.json")], ROOT))
                    parse = f"import pyarrow.csv; pyarrow.csv.read_csv({str(labels)!r})"
                    bare.append(_launch([sys.executable, "-c", parse], ROOT))
                ratio = min(cli) / min(bare)
                print(f"  uptime-calc incidents {labels.name} -f json -o out.json: {min(cli):.2f} s = "
                      f"{ratio:.2f}x a process that imports pyarrow and parses the file ({min(bare):.2f} s)")
                verdicts.append((f"{rows:,} rows: the command within 6x a parsing process ({ratio:.2f}x)", ratio <= 6))
    if len(per_row) > 1:
        small, big = min(per_row), max(per_row)
        growth = per_row[big] / per_row[small]
        print(f"\ntime per row at {big:,} over {small:,} rows (default case): {growth:.2f}x wall; "
              f"{per_parse[big] / per_parse[small]:.2f}x as a ratio to the parse of each file")
        verdicts.append((f"time per row at {big:,} within 1.3x of {small:,} ({growth:.2f}x)", growth <= 1.3))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\ntargets (machine load average {load} on {os.cpu_count()} cores):")
    for text, ok in verdicts:
        print(f"  {_verdict(ok)}  {text}")


if __name__ == "__main__":
    main()
