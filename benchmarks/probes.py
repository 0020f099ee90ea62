"""Benchmark: ``uptime-calc probes`` on a synthetic log of 10,000,000 probe rows.

1,000 targets probed every 30 s for 10,000 rounds (about 3.5 days), rows in time order (targets
interleaved, as a monitoring system writes them); results are HTTP statuses: 200, with outages of
random length (a run of 503s) and single failed probes (blips the rise/fall rule filters), and a
few missing rounds (gaps). The log is written to CSV once, then, each in a fresh process so that
its peak memory (VmHWM) is its own:

* floor: pyarrow's bare ``pyarrow.csv.read_csv`` of the same file (types inferred);
* ours: ``read_probes`` + ``measure_probes(period="day")`` + ``to_document()`` (imports done
  before the clock starts; printed apart);
* command: ``uptime-calc probes FILE --period day -f json -o /dev/null``, wall time of the whole
  process (what a user waits for);
* reference: :mod:`benchmarks.reference_probes` (csv module + a loop per probe), once; the total
  downtime must agree with ours.

Prints rows per second, the ratio of ours to the floor (target: within 3x), the split read /
accounting, and peak memory; ``--repeat`` fresh runs of each (default 3), the fastest judged.

Run: ``python benchmarks/probes.py [--rows 10000000] [--targets 1000] [--repeat 3] [--skip-reference]``.
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


def generate(path: Path, rows: int, targets: int, seed: int = 1) -> None:
    """Write the synthetic log with pyarrow (a few seconds for 10 million rows)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    rounds = rows // targets
    start = np.datetime64("2024-03-01T00:00:00", "s").astype(np.int64)
    t = start + 30 * np.arange(rounds, dtype=np.int64)
    bad = np.zeros((rounds, targets), dtype=bool)
    for j in range(targets):  # ~3 outages and ~20 blips per target
        for s in rng.integers(0, rounds, size=3):
            bad[s: s + int(rng.integers(3, 120)), j] = True
        bad[rng.integers(0, rounds, size=20), j] = True
    keep = rng.random((rounds, targets)) > 0.001  # missing probes
    status = np.where(bad, 503, 200)[keep]
    times = np.repeat(t, targets).reshape(rounds, targets)[keep]
    names = np.char.add("target-", np.arange(targets).astype(str))
    who = np.tile(np.arange(targets), rounds).reshape(rounds, targets)[keep]
    table = pa.table({
        "time": pa.array(times, type=pa.timestamp("s", tz="UTC")),
        "target": pa.DictionaryArray.from_arrays(pa.array(who.astype(np.int32)), pa.array(names)).cast(pa.string()),
        "result": pa.array(status.astype(np.int64)),
    })
    pacsv.write_csv(table, path)


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_floor(path: str) -> dict[str, float]:
    import pyarrow.csv as pacsv

    t0 = time.perf_counter()
    table = pacsv.read_csv(path)
    t1 = time.perf_counter()
    return {"seconds": t1 - t0, "rows": table.num_rows, "peak_mb": peak_mb()}


def run_ours(path: str) -> dict[str, float]:
    from uptime_calc.signals.probe_measure import measure_probes
    from uptime_calc.signals.probes import read_probes

    sample = str(ROOT / "samples" / "probes.csv")
    measure_probes(read_probes(sample), period="day").to_document()  # imports and first-use set-up
    t0 = time.perf_counter()
    log = read_probes(path)
    t1 = time.perf_counter()
    result = measure_probes(log, period="day")
    result.to_document()
    t2 = time.perf_counter()
    return {"seconds": t2 - t0, "read_seconds": t1 - t0, "accounting_seconds": t2 - t1, "rows": len(log),
            "downtime_seconds": float(result.totals["downtime_seconds"].sum()), "peak_mb": peak_mb()}


def run_command(path: str) -> dict[str, float]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "uptime_calc", "probes", path, "--period", "day", "-f", "json",
                           "-o", os.devnull], capture_output=True, text=True, cwd=ROOT)
    t1 = time.perf_counter()
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return {"seconds": t1 - t0}


def run_reference(path: str) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from reference_probes import total_downtime

    t0 = time.perf_counter()
    down = total_downtime(path)
    return {"seconds": time.perf_counter() - t0, "downtime_seconds": down, "peak_mb": peak_mb()}


def _child(which: str, path: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--child", which, path], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--targets", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("WHICH", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        which, path = args.child
        run = {"floor": run_floor, "ours": run_ours, "command": run_command, "reference": run_reference}[which]
        print(json.dumps(run(path)))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "probes.csv"
        t0 = time.perf_counter()
        generate(path, args.rows, args.targets)
        print(f"generated {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        floors, ours, commands = [], [], []
        for i in range(args.repeat):  # interleaved: the machine's load hits all three alike
            print(f"run {i + 1}/{args.repeat}", file=sys.stderr)
            floors.append(_child("floor", str(path)))
            ours.append(_child("ours", str(path)))
            commands.append(_child("command", str(path)))
        reference = None if args.skip_reference else _child("reference", str(path))
    rows = ours[0]["rows"]
    best = min(ours, key=lambda r: r["seconds"])
    floor = min(r["seconds"] for r in floors)
    command = min(r["seconds"] for r in commands)
    ratio = best["seconds"] / floor
    print(f"rows: {rows:,} ({args.targets} targets)")
    print(f"floor: pyarrow read_csv        {floor:6.2f} s  {rows / floor / 1e6:6.2f} M rows/s  "
          f"peak {max(r['peak_mb'] for r in floors):5.0f} MB")
    print(f"ours: read + rule + accounting {best['seconds']:6.2f} s  {rows / best['seconds'] / 1e6:6.2f} M rows/s  "
          f"peak {max(r['peak_mb'] for r in ours):5.0f} MB  (read {best['read_seconds']:.2f} s, "
          f"rule and accounting {best['accounting_seconds']:.2f} s)")
    print(f"command: uptime-calc probes     {command:6.2f} s  {rows / command / 1e6:6.2f} M rows/s (whole process)")
    print(f"ratio ours / floor: {ratio:.2f}x  {'PASS' if ratio <= 3 else 'MISS'} (target <= 3x)")
    print(f"ratio command / floor: {command / floor:.2f}x")
    if reference is not None:
        ours_down, ref_down = best["downtime_seconds"], reference["downtime_seconds"]
        agree = abs(ref_down - ours_down) <= 1e-6 * max(1.0, ours_down)
        print(f"reference: csv + loop            {reference['seconds']:6.2f} s  "
              f"{rows / reference['seconds'] / 1e6:6.2f} M rows/s  peak {reference['peak_mb']:5.0f} MB")
        print(f"ratio reference / ours: {reference['seconds'] / best['seconds']:.1f}x; total downtime "
              f"{'agrees' if agree else 'DIFFERS'} ({ours_down:.0f} s vs {ref_down:.0f} s)")
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
