"""Issue 17 (input side): hostile incident files and scenario files give a correct answer or a
one-line error (exit 1) naming the file, the place and the fix; every size is a named limit.

Each test failed before the fix it names (wrong answer with exit 0, traceback, crash or hang).
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from uptime_calc.cli import main
from uptime_calc.errors import InputError, LimitError, ScenarioError
from uptime_calc.incidents.reader import read_incidents
from uptime_calc.scenario import loads_scenario
from uptime_calc.simulate.parallel import probe_scheduler

ROWS = "id,service,start,end,impact,title\n"
ROW = "{i},api,2024-01-0{i}T00:00:00Z,2024-01-0{i}T01:00:00Z,full,t{i}\n"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# -- wrong answers with exit 0 -------------------------------------------------------------
def test_unclosed_quote_is_an_error_naming_the_row(tmp_path: Path) -> None:
    # before: row 1's title swallowed rows 2 and 3 (one incident instead of three, exit 0)
    text = ROWS + ROW.format(i=1).replace(",t1", ',"t1 never closed') + ROW.format(i=2) + ROW.format(i=3)
    path = _write(tmp_path, "q.csv", text)
    with pytest.raises(InputError) as err:
        read_incidents(path)
    assert str(err.value) == (
        "q.csv, row 1: a quote opened on line 2 is never closed, so lines 2..4 would be read as one value; "
        'close the quote, or double a quote that is part of the text ("")')


def test_balanced_quotes_with_newlines_and_a_stray_inch_mark_still_read(tmp_path: Path) -> None:
    # a quoted multi-line title, and an odd quote inside an unquoted value (5" display): both are data
    text = ROWS + ROW.format(i=1).replace(",t1", ',"two\nlines"') + ROW.format(i=2).replace(",t2", ',5" panel')
    log = read_incidents(_write(tmp_path, "ok.csv", text))
    assert log.frame["title"].tolist() == ["two\nlines", '5" panel']


def test_a_window_longer_than_292_years_is_refused(tmp_path: Path) -> None:
    # before: the period length wrapped around int64 ns: period_seconds -2,668,203,273 and exit 0
    path = _write(tmp_path, "long.csv", "id,service,start,end\n1,api,1700-01-01T00:00:00Z,2200-01-01T00:00:00Z\n")
    code, out, err = _run("incidents", str(path), "--period", "all")
    assert code == 1 and out == ""
    assert "is longer than 292 years (2**63 ns)" in err and "1677-09-21 .. 2262-04-11" in err


def test_a_500_year_incident_inside_a_200_year_window_is_clipped_exactly(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.csv", "id,service,start,end\n1,api,1700-01-01T00:00:00Z,2200-01-01T00:00:00Z\n")
    code, out, _ = _run("incidents", str(path), "--period", "all", "--from", "1800-01-01", "--to", "2000-01-01",
                        "-f", "json", "--no-uncertainty")
    assert code == 0
    row = json.loads(out)["rows"][0]
    # 1800-01-01 .. 2000-01-01: 200 Gregorian years = 73,048 days (48 leap years: 1900 is not one)
    assert row["period_seconds"] == row["downtime_seconds"] == 73_048 * 86_400


@pytest.mark.parametrize("spelling", ["NaN", "nan", "-nan"])
def test_nan_impact_is_refused_like_inf(tmp_path: Path, spelling: str) -> None:
    # before: NaN read as a missing impact, i.e. a full outage, exit 0
    text = "id,service,start,end,impact\n1,api,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,0.5\n" \
           f"2,api,2024-01-02T00:00:00Z,2024-01-02T01:00:00Z,{spelling}\n"
    with pytest.raises(InputError) as err:
        read_incidents(_write(tmp_path, "n.csv", text))
    assert str(err.value).startswith(f"n.csv, row 2, column 'impact': the impact '{spelling}' is not a number")


def test_nan_among_impact_labels_is_refused(tmp_path: Path) -> None:
    # a label column ("full", "NaN"): the weight lookup read "NaN" as a number, i.e. a missing impact
    text = "id,service,start,end,impact\n1,api,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,full\n" \
           "2,api,2024-01-02T00:00:00Z,2024-01-02T01:00:00Z,NaN\n"
    with pytest.raises(InputError, match=r"^n.csv, row 2, column 'impact': the impact 'NaN' is not a number"):
        read_incidents(_write(tmp_path, "n.csv", text))


def test_nan_literal_in_json_lines_is_refused(tmp_path: Path) -> None:
    record = '{"id":"1","service":"api","start":"2024-01-01T00:00:00Z","end":"2024-01-01T01:00:00Z","impact":%s}\n'
    path = _write(tmp_path, "n.jsonl", record % "0.5" + record % "NaN")
    with pytest.raises(InputError, match=r"^n.jsonl: line 2: NaN is not a JSON value"):
        read_incidents(path)


def test_duplicate_key_in_json_names_key_and_line(tmp_path: Path) -> None:
    # before: the second "end" silently won (an 8-hour outage instead of 1 hour)
    text = '[\n {"id": "1", "service": "api", "start": "2024-01-01T00:00:00Z",\n' \
           '  "end": "2024-01-01T01:00:00Z",\n  "end": "2024-01-01T09:00:00Z"}\n]\n'
    with pytest.raises(InputError) as err:
        read_incidents(_write(tmp_path, "d.json", text))
    assert str(err.value).startswith("d.json: line 4: the key 'end' appears twice in one object")


def test_duplicate_key_in_json_lines_names_the_line(tmp_path: Path) -> None:
    good = '{"id":"1","service":"api","start":"2024-01-01T00:00:00Z","end":"2024-01-01T01:00:00Z"}\n'
    bad = '{"id":"2","service":"api","start":"2024-01-02T00:00:00Z","end":"2024-01-02T01:00:00Z","id":"3"}\n'
    with pytest.raises(InputError, match=r"^d.jsonl: line 2: the key 'id' appears twice"):
        read_incidents(_write(tmp_path, "d.jsonl", good + bad))


def test_duplicate_key_in_a_vendor_export(tmp_path: Path) -> None:
    doc = '{"page": {"id": "p"}, "incidents": [], "incidents": []}'
    with pytest.raises(InputError, match=r"^s.json: line 1: the key 'incidents' appears twice"):
        read_incidents(_write(tmp_path, "s.json", doc), preset="statuspage")


def test_duplicate_key_in_scenario_yaml() -> None:
    # before: the second availability won: 9% instead of 99.9% (the 0.0999% system)
    text = "name: d\ncomponents:\n  db:\n    availability: 99.9%\n    availability: 9%\nsystem: db\n"
    with pytest.raises(ScenarioError) as err:
        loads_scenario(text, source="d.yaml")
    assert str(err.value) == ("d.yaml: line 5: the key 'availability' appears twice in one mapping "
                              "(lines 4 and 5); remove one")


# -- crash ----------------------------------------------------------------------------------
def test_deep_json_lines_is_a_limit_error_not_a_segfault(tmp_path: Path) -> None:
    # before: pyarrow's reader crashed the process (exit 139); run in-process, a crash fails the suite
    deep = '{"a":' * 20_000 + "1" + "}" * 20_000
    path = _write(tmp_path, "deep.jsonl", deep + "\n")
    with pytest.raises(LimitError) as err:
        read_incidents(path)
    assert str(err.value) == ("deep.jsonl: line 1: JSON nesting depth: 20,000 is over the limit max_json_depth = 64; "
                              "raise it with --max-json-depth N or UPTIME_CALC_MAX_JSON_DEPTH=N")
    from uptime_calc import limits

    with limits.using(max_json_depth=30_000), pytest.raises(InputError, match="nested too deeply"):
        read_incidents(path)  # a raised limit never hands the value to pyarrow


# -- tracebacks -----------------------------------------------------------------------------
def _csv_bytes(rows: int = 300) -> bytes:
    return (ROWS + "".join(ROW.format(i=1 + i % 9).replace("full,t", f"full,t{i}-") for i in range(rows))).encode()


def test_truncated_bzip2(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.csv.bz2", bz2.compress(_csv_bytes())[:-40])
    with pytest.raises(InputError, match=r"^t.csv.bz2: the bzip2 data is corrupt or truncated"):
        read_incidents(path)


def test_invalid_utf8_in_a_row_with_an_extra_field(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    # before: "Exception ignored in on_invalid" on stderr, then "row 1 has 7 fields"
    data = ROWS.encode() + b"1,api,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,full,caf\xe9,x\n"
    code, _, err = _run("incidents", str(_write(tmp_path, "u.csv", data)))
    assert code == 1
    assert err == ("Error: u.csv: line 2 has bytes that are not valid utf-8 (0xe9); pass --encoding latin-1 "
                   "(or the file's real encoding, e.g. cp1252)\n")
    assert "Exception ignored" not in capfd.readouterr().err


def test_a_one_megabyte_value_in_a_bad_row(tmp_path: Path) -> None:
    # before: _csv.Error "field larger than field limit (131072)" while locating the bad row
    data = ROWS + '1,api,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,full,"' + "x" * 1_100_000 + '",extra\n'
    with pytest.raises(InputError, match=r"^w.csv: row 1 has 7 fields but the header has 6"):
        read_incidents(_write(tmp_path, "w.csv", data))


def test_a_one_megabyte_title_is_read(tmp_path: Path) -> None:
    data = ROWS + '1,api,2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,full,"' + "x" * 1_100_000 + '"\n'
    log = read_incidents(_write(tmp_path, "w.csv", data))
    assert len(log.frame["title"][0]) == 1_100_000


def test_deep_json_document(tmp_path: Path) -> None:
    # before: RecursionError from json.loads
    with pytest.raises(LimitError, match=r"^d.json: line 1: JSON nesting depth: 20,000 is over the limit"):
        read_incidents(_write(tmp_path, "d.json", "[" * 20_000 + "]" * 20_000))


def test_rot13_is_not_a_text_encoding(tmp_path: Path) -> None:
    # before: LookupError traceback
    path = _write(tmp_path, "r.csv", _csv_bytes(2))
    code, _, err = _run("incidents", str(path), "--encoding", "rot13")
    assert (code, err) == (1, "Error: r.csv: not a text encoding: 'rot13'; use a Python codec name such as utf-8, "
                              "latin-1 or cp1252\n")


def test_dev_zero_is_refused_at_once() -> None:
    # before: read until memory ran out
    code, _, err = _run("incidents", "/dev/zero")
    assert code == 1 and err.startswith("Error: /dev/zero: is a device, not a file")


def test_yaml_alias_loop() -> None:
    # before: RecursionError while building the block tree
    text = "name: r\ncomponents:\n  a: {availability: 99.9%}\nsystem: &s {series: [a, *s]}\n"
    with pytest.raises(ScenarioError, match=r"^r.yaml: line 4: a YAML alias refers to a node that contains it"):
        loads_scenario(text, source="r.yaml")


@pytest.mark.parametrize("style", ["block", "flow"])
def test_5000_level_block_tree(style: str) -> None:
    # before: RecursionError inside PyYAML
    n = 5000
    if style == "flow":
        system = "{series: [" * n + "a" + "]}" * n
    else:
        system = "\n" + "".join("  " * (2 * i + 1) + "- series:\n" for i in range(n)) + "  " * (2 * n + 1) + "- a"
        system = "\n  series:" + system
    text = f"name: deep\ncomponents:\n  a: {{availability: 99.9%}}\nsystem: {system}\n"
    with pytest.raises(LimitError, match=r"nests deeper than a block tree may .*over the limit max_block_depth = 64; "
                                         r"raise it with --max-block-depth N"):
        loads_scenario(text, source="deep.yaml")


def test_a_block_tree_at_the_depth_limit_solves() -> None:
    n = 63  # 63 nested blocks in the top series: 64 levels
    system = "{series: [" * (n + 1) + "a" + "]}" * (n + 1)
    scenario = loads_scenario(f"name: ok\ncomponents:\n  a: {{availability: 99.9%}}\nsystem: {system}\n")
    assert scenario.name == "ok"


# -- limits ---------------------------------------------------------------------------------
def _bomb(kind: str, size: int) -> bytes:
    payload = b"id,service,start,end\n" + b"\0" * size
    return {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}[kind](payload)


@pytest.mark.parametrize(("kind", "suffix"), [("gzip", ".gz"), ("bzip2", ".bz2"), ("xz", ".xz")])
def test_compression_bomb_stops_at_the_limit(tmp_path: Path, kind: str, suffix: str) -> None:
    path = _write(tmp_path, f"bomb.csv{suffix}", _bomb(kind, 50_000_000))  # 50 MB from a few KB
    code, _, err = _run("incidents", str(path), "--max-decompressed-bytes", "10M")
    assert code == 1
    assert err == (f"Error: bomb.csv{suffix}: the {kind} data expands past the limit (reading stopped at): "
                   "10,000,001 is over the limit max_decompressed_bytes = 10,000,000; raise it with "
                   "--max-decompressed-bytes N or UPTIME_CALC_MAX_DECOMPRESSED_BYTES=N\n")


def test_a_zip_archive_is_refused_without_inflating(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", b"id,start,end\n" + b"\0" * 10_000_000)
    with pytest.raises(InputError, match=r"^bomb.zip: a zip archive is not read"):
        read_incidents(path)


def test_yaml_alias_bomb_inside_the_block_tree() -> None:
    # 10 aliases of 10 aliases... 10^9 components once expanded: counting stops at the limit
    lines = ["name: bomb", "components:", "  a: {availability: 99.9%}", "system:", "  series:",
             "    - &x0 {series: [a, a, a, a, a, a, a, a, a, a]}"]
    lines += [f"    - &x{i} {{series: [{', '.join([f'*x{i - 1}'] * 10)}]}}" for i in range(1, 9)]
    with pytest.raises(LimitError, match=r"^bomb.yaml: the YAML has too many nodes once its aliases are expanded"):
        loads_scenario("\n".join(lines) + "\n", source="bomb.yaml")


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_a_scheduler_that_never_answers_times_out(silent_server: str) -> None:
    # before: Client() waited forever (its timeout covers only the TCP connect)
    with pytest.raises(InputError, match=r"accepted the connection but sent nothing within 0.3 s"):
        probe_scheduler(silent_server, timeout=0.3)


def test_a_scheduler_that_is_not_dask() -> None:
    # before: the client read "HTTP/1.1" as a frame length and tried to allocate 3 EiB (traceback)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def greet() -> None:
        conn, _ = server.accept()
        conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
        conn.close()

    thread = threading.Thread(target=greet, daemon=True)
    thread.start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    with pytest.raises(InputError, match=r"is not a Dask scheduler \(it answered 'SSH-2.0-'\)"):
        probe_scheduler(address, timeout=5)
    thread.join()
    server.close()


def test_a_nul_character_in_a_scenario_is_a_yaml_error() -> None:
    # found by benchmarks/fuzz_readers.py: yaml's reader rejects it before parsing, outside the try
    with pytest.raises(ScenarioError, match=r"^f.yaml: not valid YAML: unacceptable character #x0000"):
        loads_scenario("\x00", source="f.yaml")


def test_invalid_utf8_in_a_json_lines_key(tmp_path: Path) -> None:
    # found by benchmarks/fuzz_readers.py: Arrow's validate() raised UnicodeDecodeError, not ArrowInvalid
    data = b'{"id": "1", "service": "api", "start": "2024-01-01T00:00:00Z", "end": "2024-01-01T01:00:00Z"}\n' \
           b'{"id": "2", "ser\x82": "api", "start": "2024-01-02T00:00:00Z", "end": "2024-01-02T01:00:00Z"}\n'
    with pytest.raises(InputError, match=r"^k.jsonl: line 2 has bytes that are not valid utf-8 \(0x82\)"):
        read_incidents(_write(tmp_path, "k.jsonl", data))
    with pytest.raises(InputError, match=r"^k.jsonl: line 2 has bytes that are not valid utf-8 \(0xff\)"):
        key = data.replace(b"\x82", b"vice").replace(b'"end": "2024-01-02', b'"e\xffnd": "2024-01-02')
        read_incidents(_write(tmp_path, "k.jsonl", key))
