"""File formats: compression, text encoding, CSV/TSV sniffing, JSON Lines, Parquet, JSON.

Each reader returns the source table as it is (CSV cells as text, so nothing such as
``=SUM(A1)``, ``007`` or ``1e3`` is reinterpreted) and leaves the meaning of the columns to
:mod:`uptime_calc.incidents.columns`.

* Compression is detected from the file's first bytes (gzip, xz, bzip2), whatever the name.
* Text is UTF-8 with or without a byte-order mark unless ``encoding`` says otherwise; a
  UTF-16 byte-order mark (Excel "Unicode text") is honoured. Bytes that are not valid
  UTF-8 raise an error naming the line and suggesting ``--encoding latin-1``.
* The CSV delimiter is sniffed among ``,`` ``;`` tab and ``|`` (a ``.tsv`` file is tab);
  parsing is done by pyarrow (multi-threaded C++), every column read as text
  (:func:`read_csv_table`), or with column types when the file allows it
  (:mod:`uptime_calc.incidents.typedcsv`, which falls back to the text reading).
* A large uncompressed delimited file is mapped read-only rather than copied into memory.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import csv
import gzip
import io
import json
import lzma
import mmap
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from uptime_calc import limits
from uptime_calc.errors import InputError
from uptime_calc.incidents.jsontext import SAFE_DEPTH, check_depth, loads, longest_line, type_depth

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

Kind = Literal["csv", "jsonl", "parquet", "json"]

_COMPRESSED_SUFFIXES = {".gz": "gzip", ".xz": "xz", ".bz2": "bzip2"}
_KIND_BY_SUFFIX: dict[str, Kind] = {
    ".csv": "csv", ".tsv": "csv", ".tab": "csv", ".txt": "csv",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
    ".json": "json",
}
_MAGIC = {b"\x1f\x8b": "gzip", b"\xfd7zXZ\x00": "xz", b"BZh": "bzip2"}
_BLANK = b" \t\r\n\x00"
DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True)
class RawFile:
    """A file's decompressed bytes and what is known about it.

    ``buffer`` holds the bytes, or (a large uncompressed delimited file) the file mapped
    read-only in memory: the CSV parser reads it in place, with no 70 MB copy into fresh
    memory; ``data`` gives them as ``bytes`` for the readers that need that.
    """

    name: str
    buffer: bytes | mmap.mmap
    kind: Kind
    compression: str | None
    suffix: str

    @property
    def data(self) -> bytes:
        """The bytes (a copy when the file is mapped)."""
        return self.buffer if isinstance(self.buffer, bytes) else self.buffer[:]


def load(path: str | Path) -> RawFile:
    """Read a file (decompressing gzip/xz/bzip2 transparently) and guess its kind.

    Raises
    ------
    InputError
        When the file is missing, unreadable, corrupt or empty.
    """
    path = Path(path)
    name = path.name
    suffixes = [s.lower() for s in path.suffixes]
    try:
        _check_not_device(path)
        mapped = _map_text_file(path) if suffixes and _KIND_BY_SUFFIX.get(suffixes[-1]) == "csv" else None
        if mapped is not None:
            return RawFile(name=name, buffer=mapped, kind="csv", compression=None, suffix=suffixes[-1])
        data = _read_capped(path)
    except FileNotFoundError:
        raise InputError("file not found; check the path", source=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory; give an incident file", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=str(path)) from None

    compression = next((name for prefix, name in _MAGIC.items() if data.startswith(prefix)), None)
    if compression is not None:
        data = _decompress(data, compression, name)
    elif data.startswith(_ZIP_MAGIC):
        raise InputError("a zip archive is not read (it may hold several files); unzip it and pass the "
                         "incident file inside, or compress it with gzip, xz or bzip2", source=name)
    if suffixes and suffixes[-1] in _COMPRESSED_SUFFIXES:
        suffixes = suffixes[:-1]
    suffix = suffixes[-1] if suffixes else ""

    marks = (b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if data[:65536].strip(_BLANK) in marks and not data[65536:].strip(_BLANK):
        raise InputError(
            "the file is empty; expected a header row (e.g. start,end,service) and one row per incident",
            source=name,
        )
    kind = _KIND_BY_SUFFIX.get(suffix) or _sniff_kind(data)
    return RawFile(name=name, buffer=data, kind=kind, compression=compression, suffix=suffix)


_ZIP_MAGIC = b"PK\x03\x04"
#: bytes decompressed per step (the limit is checked after each)
_STEP = 1 << 24


def _check_not_device(path: Path) -> None:
    """Refuse a character or block device (``/dev/zero``, a terminal): reading one never ends."""
    import stat

    mode = path.stat().st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise InputError("is a device, not a file; give an incident file (or a pipe, e.g. <(zcat log.gz))",
                         source=str(path))


def _read_capped(path: Path) -> bytes:
    """The file's bytes; a pipe or other stream is read up to ``max_decompressed_bytes``."""
    from uptime_calc import limits

    if path.is_file():
        return path.read_bytes()
    limit = limits.get("max_decompressed_bytes")
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    limits.check("max_decompressed_bytes", len(data), what="the stream is longer than the limit (reading stopped at)",
                 source=path.name)
    return data


def _decompress(data: bytes, compression: str, name: str) -> bytes:
    """``data`` decompressed, in steps, stopping at ``max_decompressed_bytes`` (compression bombs).

    Raises
    ------
    InputError
        For corrupt or truncated data; :class:`~uptime_calc.errors.LimitError` over the limit.
    """
    from uptime_calc import limits

    limit = limits.get("max_decompressed_bytes")
    out = bytearray()
    source = io.BytesIO(data)
    stream: Any = {"gzip": lambda: gzip.GzipFile(fileobj=source), "xz": lambda: lzma.LZMAFile(source),
                   "bzip2": lambda: bz2.BZ2File(source)}[compression]()
    try:
        with stream:
            while len(out) <= limit:
                piece = stream.read(min(_STEP, limit + 1 - len(out)))
                if not piece:
                    break
                out += piece
    except (OSError, EOFError, ValueError, lzma.LZMAError) as exc:
        raise InputError(f"the {compression} data is corrupt or truncated ({exc}); check the file is complete",
                         source=name) from None
    limits.check("max_decompressed_bytes", len(out),
                 what=f"the {compression} data expands past the limit (reading stopped at)", source=name)
    return bytes(out)


#: the parser's unit of (parallel) work: fewer, larger chunks mean less per-chunk work later
BLOCK_BYTES = 1 << 22
#: files at least this large are mapped rather than read (smaller ones: a copy costs nothing)
MAP_BYTES = 1 << 22


def _map_text_file(path: Path) -> mmap.mmap | None:
    """The file mapped read-only (pages loaded up front), when it is large, uncompressed and not blank.

    None means "read it as usual": small, compressed, blank at the start, or the platform
    cannot map it.
    """
    populate = getattr(mmap, "MAP_POPULATE", None)
    if populate is None:  # not Linux
        return None
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size < MAP_BYTES:
            return None
        try:
            mapped = mmap.mmap(handle.fileno(), size, flags=mmap.MAP_SHARED | populate, prot=mmap.PROT_READ)
        except (OSError, ValueError):
            return None
    head = mapped[:65536]
    if any(head.startswith(prefix) for prefix in _MAGIC) or not head.strip(_BLANK):
        mapped.close()
        return None
    return mapped


def _sniff_kind(data: bytes) -> Kind:
    if data[:4] == b"PAR1":
        return "parquet"
    head = data.lstrip(codecs.BOM_UTF8).lstrip()
    if head[:1] == b"[":
        return "json"
    if head[:1] == b"{":
        first, _, rest = head.partition(b"\n")
        try:
            json.loads(first)
        except (ValueError, RecursionError):
            return "json"
        return "jsonl" if rest.strip()[:1] in (b"{", b"") else "json"
    return "csv"


def decode(raw: RawFile, encoding: str | None) -> str:
    """The file's text: UTF-8 (BOM stripped) by default, or ``encoding``.

    Raises
    ------
    InputError
        For bytes that are not valid in the encoding, naming the line and the fix.
    """
    data = raw.data
    name = encoding or _default_codec(raw)
    codec = text_codec(name, raw.name)
    if codec in ("utf-8", "utf-8-sig"):
        codec = "utf-8-sig"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.end].hex(" ")
        hint = (
            "pass --encoding latin-1 (or the file's real encoding, e.g. cp1252)"
            if codec == "utf-8-sig"
            else "check --encoding"
        )
        raise InputError(
            f"line {line} has bytes that are not valid {name} (0x{bad}); {hint}", source=raw.name
        ) from None


def text_codec(name: str, source: str | None = None) -> str:
    """The canonical name of a text encoding (``latin1`` -> ``iso8859-1``).

    Raises
    ------
    InputError
        For a name Python does not know, or a codec that is not a text encoding (``rot13``, ``zlib``).

    >>> text_codec("UTF8"), text_codec("latin-1")
    ('utf-8', 'iso8859-1')
    """
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        what = "unknown encoding" if info is None else "not a text encoding:"
        raise InputError(f"{what} {name!r}; use a Python codec name such as utf-8, latin-1 or cp1252",
                         source=source)
    return info.name


def sniff_delimiter(text: str, suffix: str = "") -> str:
    """Pick the delimiter that splits the first lines into the same number (> 1) of fields.

    >>> sniff_delimiter("a;b;c\\n1;2,5;3\\n")
    ';'
    >>> sniff_delimiter("start\\tend\\n1\\t2\\n", ".tsv")
    '\\t'
    """
    if suffix in (".tsv", ".tab"):
        return "\t"
    sample = text[:65536]
    lines = sample.splitlines()
    if len(sample) == 65536 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    lines = [line for line in lines[:50] if line.strip()]
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(c == counts[0] for c in counts) / len(counts)
        score = (round(consistent, 2), counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def delimiter_name(delimiter: str) -> str:
    """``comma``, ``semicolon``, ``tab`` or ``pipe``."""
    return _DELIMITER_NAMES.get(delimiter, repr(delimiter))


def _header(text: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    for row in reader:
        if any(cell.strip() for cell in row):
            return row
    return []


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for position, name in enumerate(names, start=1):
        name = name.strip() or f"column_{position}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        out.append(name)
    return out


@dataclass(frozen=True)
class CsvLayout:
    """What is learnt from a delimited file before parsing it: its bytes as UTF-8 and its header.

    ``body`` may start with a UTF-8 byte-order mark (the parser skips it); ``head`` (the first
    64 KiB as text) never does.
    """

    body: bytes | mmap.mmap
    head: str
    delimiter: str
    names: list[str]
    skip_rows: int
    utf8: bool
    #: whether the body holds a quote (so a value may hold a newline): one scan, however many parses
    quoted: bool


def csv_layout(raw: RawFile, encoding: str | None) -> CsvLayout:
    """The file's UTF-8 bytes, delimiter, (de-duplicated) header names and leading rows.

    Raises
    ------
    InputError
        For bytes invalid in the encoding, or a file without a header row.
    """
    utf8 = _is_utf8(raw, encoding)
    if utf8:
        # pyarrow checks UTF-8 itself; decode() runs only to explain a failure. It also skips a
        # UTF-8 byte-order mark, so the bytes go on as they are (a slice would copy a mapped file)
        body = raw.buffer
        start = 3 if body[:3] == codecs.BOM_UTF8 else 0
        head = body[start : start + 65536].decode("utf-8", errors="replace")
    else:
        text = decode(raw, encoding)
        body = text.encode("utf-8")
        head = text[:65536]
    if len(body) < 65536 and not bytes(body).rstrip(b"\r\n").count(b"\n"):
        body = bytes(body).rstrip(b"\r\n") + b"\n"  # a header alone, perhaps unterminated: Arrow needs its newline
    delimiter = sniff_delimiter(head, raw.suffix)
    header = _header(head, delimiter)
    if not header:
        raise InputError("the file is empty; expected a header row and one row per incident",
                         source=raw.name)
    layout = CsvLayout(body=body, head=head, delimiter=delimiter, names=_unique(header),
                       skip_rows=_leading_rows(head, delimiter), utf8=utf8, quoted=body.find(b'"') >= 0)
    _unclosed_quote(layout, raw.name)
    return layout


def parse_csv(layout: CsvLayout, column_types: dict[str, Any]) -> Any:
    """Parse the whole file with pyarrow (multi-threaded) into a Table of ``column_types``.

    String columns never hold nulls (an empty cell is ``""``); other columns read only an
    empty cell as null. Raises ``pyarrow.ArrowInvalid`` for a row or value that does not fit.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    return pacsv.read_csv(
        pa.BufferReader(pa.py_buffer(layout.body)),  # reads the bytes in place (BytesIO would copy them)
        read_options=pacsv.ReadOptions(
            column_names=layout.names, skip_rows=layout.skip_rows, block_size=BLOCK_BYTES
        ),
        parse_options=pacsv.ParseOptions(
            # a newline inside a value needs quotes: without any quote the faster
            # line-by-line (parallel) parser is exact
            delimiter=layout.delimiter, newlines_in_values=layout.quoted,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=column_types, strings_can_be_null=False, null_values=[""],
        ),
    )


def read_csv_table(raw: RawFile, encoding: str | None, layout: CsvLayout | None = None) -> tuple[Any, str]:
    """Read delimited text with pyarrow, every column as text; returns ``(pyarrow.Table, delimiter)``.

    The generic reader works on Arrow arrays directly: converting a million-row text
    table to pandas costs more than parsing it. ``layout`` is :func:`csv_layout` when
    the caller already has it.
    """
    import pyarrow as pa

    layout = layout or csv_layout(raw, encoding)
    names, delimiter = layout.names, layout.delimiter
    try:
        table = parse_csv(layout, {name: pa.string() for name in names})
    except pa.ArrowInvalid as exc:
        # bytes that are not UTF-8 come first: a row may look miscounted only because of them
        text = decode(raw, encoding) if layout.utf8 else layout.body[:].decode("utf-8-sig", errors="replace")
        row, fields = _find_bad_row(text, delimiter, len(names))
        where = f"row {row} has {fields} fields" if row else f"a row does not fit ({exc})"
        raise InputError(
            f"{where} but the header has {len(names)}; check the delimiter "
            f"({delimiter_name(delimiter)} was detected) and the quoting of values that contain it",
            source=raw.name,
        ) from None
    return table, delimiter


def _default_codec(raw: RawFile) -> str:
    """The codec of a file read without ``--encoding``: UTF-16 when its byte-order mark says so, else UTF-8."""
    return "utf-16" if raw.buffer[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8"


def encoding_name(raw: RawFile, encoding: str | None) -> str:
    """The encoding the file is read in, as the method records it (given, or found from a byte-order mark)."""
    if encoding:
        return encoding
    if _default_codec(raw) == "utf-16":
        return "utf-16 (from its byte-order mark)"
    return "utf-8 (with a byte-order mark)" if raw.buffer[:3] == codecs.BOM_UTF8 else "utf-8"


def _is_utf8(raw: RawFile, encoding: str | None) -> bool:
    if encoding is None:
        return _default_codec(raw) == "utf-8"
    return text_codec(encoding, raw.name) in ("utf-8", "utf-8-sig")


def _leading_rows(text: str, delimiter: str) -> int:
    """How many physical rows precede the data (blank lines and the header)."""
    skipped = 0
    for row in csv.reader(io.StringIO(text, newline=None), delimiter=delimiter):
        skipped += 1
        if any(cell.strip() for cell in row):
            return skipped
    return skipped


def _find_bad_row(text: str, delimiter: str, expected: int) -> tuple[int | None, int]:
    """Slow path, only after a parse error: the 1-based data row with the wrong field count."""
    data_row = 0
    header_seen = False
    with _wide_fields():
        for row in csv.reader(io.StringIO(text, newline=None), delimiter=delimiter):
            if not header_seen:
                header_seen = any(cell.strip() for cell in row)
                continue
            if not row:
                continue
            data_row += 1
            if len(row) != expected:
                return data_row, len(row)
    return None, 0


@contextlib.contextmanager
def _wide_fields() -> Iterator[None]:
    """Let Python's csv module read a value of any length (its default limit is 128 KiB; pyarrow has none)."""
    previous = csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _unclosed_quote(layout: CsvLayout, source: str) -> None:
    """Refuse a file whose last quoted value is never closed (it would swallow every row after it).

    A well-formed file has an even number of quote characters (a quote inside a quoted value is
    doubled), so only an odd count is looked at, with Python's csv reader, to name the row.
    """
    if not layout.quoted or _count_quotes(layout.body) % 2 == 0:
        return
    text = layout.body[:].decode("utf-8-sig", errors="replace")
    data_row, line, opened = 0, 1, None
    with _wide_fields():
        reader = csv.reader(io.StringIO(text, newline=None), delimiter=layout.delimiter, strict=True)
        header_seen = False
        try:
            for row in reader:
                opened = line
                line = reader.line_num + 1
                if not header_seen:
                    header_seen = any(cell.strip() for cell in row)
                elif row:
                    data_row += 1
        except csv.Error as exc:
            if "end of data" not in str(exc):
                return  # other bad quoting (a quote inside a value): the parser reports it
            opened = line
            data_row += 1 if header_seen else 0
        else:
            return  # the odd quote is inside an unquoted value (a 5" screen) and opens nothing
    lines = text.count("\n") + (not text.endswith("\n"))
    raise InputError(
        f"a quote opened on line {opened} is never closed, so lines {opened}..{lines} would be read as "
        "one value; close the quote, or double a quote that is part of the text (\"\")",
        source=source, row=data_row or None,
    )


def _count_quotes(body: bytes | mmap.mmap) -> int:
    if isinstance(body, bytes):
        return body.count(b'"')
    return sum(body[i : i + BLOCK_BYTES].count(b'"') for i in range(0, len(body), BLOCK_BYTES))


def read_jsonl(raw: RawFile, encoding: str | None) -> pd.DataFrame:
    """Read JSON Lines (one object per line) with pyarrow; values are kept as written.

    Arrow would turn ISO strings into timestamps, dropping the difference between
    ``...Z`` and a naive local time, so a first pass learns the columns and a second
    reads every timestamp-looking field as text. Anything Arrow rejects goes through
    the line-by-line reader, which names the offending line.
    """
    import pyarrow as pa
    import pyarrow.json as pajson

    if _is_utf8(raw, encoding):
        data = raw.data
        body = data[3:] if data[:3] == codecs.BOM_UTF8 else data
    else:
        body = decode(raw, encoding).encode("utf-8")
    try:  # Arrow's JSON reader does not check UTF-8 (keys or values): bad bytes surface anywhere later
        body.decode("utf-8")
    except UnicodeDecodeError:
        decode(raw, encoding)  # raises the located error, with the --encoding hint
    # pyarrow's reader crashes on a very deep value: only lines too short to hold one skip the count
    if longest_line(body) >= 2 * SAFE_DEPTH and check_depth(body, raw.name, lines=True) > SAFE_DEPTH:
        return _read_jsonl_lines(raw, encoding)  # a raised limit: Python's reader names the problem
    try:
        inferred = pajson.read_json(io.BytesIO(body)).schema
        # the schema nests as deep as the deepest record (one struct or list per level, plus the line's object)
        if 1 + max((type_depth(f.type) for f in inferred), default=0) > limits.get("max_json_depth"):
            check_depth(body, raw.name, lines=True)  # names the line
        schema = pa.schema([
            pa.field(f.name, pa.string()) if pa.types.is_temporal(f.type) else f for f in inferred
        ])
        table = pajson.read_json(io.BytesIO(body), parse_options=pajson.ParseOptions(explicit_schema=schema))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return _read_jsonl_lines(raw, encoding)
    try:  # Arrow's JSON reader does not check the text is UTF-8; a later step would fail on it
        table.validate(full=True)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        decode(raw, encoding)  # raises the located error, with the --encoding hint
        return _read_jsonl_lines(raw, encoding)  # valid UTF-8 after all: the exact reader decides
    import pyarrow.compute as pc

    for column in table.columns:  # NaN and Infinity are not JSON: the line reader names the line
        if pa.types.is_floating(column.type) and pc.any(pc.invert(pc.is_finite(column))).as_py():
            return _read_jsonl_lines(raw, encoding)
    return table.to_pandas(integer_object_nulls=True)


def _read_jsonl_lines(raw: RawFile, encoding: str | None) -> pd.DataFrame:
    """The slow, exact path: ``json.loads`` per line, errors naming the line."""
    import pandas as pd

    text = decode(raw, encoding)
    check_depth(text.encode("utf-8"), raw.name, lines=True)
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = loads(line, source=raw.name, line=number)
        except InputError:
            raise
        except ValueError as exc:
            raise InputError(f"line {number} is not valid JSON ({exc})", source=raw.name) from None
        if not isinstance(value, dict):
            raise InputError(f"line {number} is not a JSON object; JSON Lines needs one object per line",
                             source=raw.name)
        records.append(value)
    return pd.DataFrame(records, dtype=object)


def read_parquet(raw: RawFile) -> pd.DataFrame:
    """Read a Parquet file with pyarrow (column types kept)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_table(io.BytesIO(raw.data)).to_pandas(integer_object_nulls=True)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"not a readable Parquet file ({exc})", source=raw.name) from None


def read_json(raw: RawFile, encoding: str | None) -> Any:
    """Parse a JSON document."""
    text = decode(raw, encoding)
    check_depth(text.encode("utf-8"), raw.name)
    try:
        return loads(text, source=raw.name)
    except InputError:
        raise
    except ValueError as exc:
        raise InputError(f"not valid JSON ({exc})", source=raw.name) from None
