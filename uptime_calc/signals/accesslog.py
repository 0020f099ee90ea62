"""Access-log line formats: nginx/Apache ``combined``, HAProxy's HTTP log, Envoy's default format.

Each format is one RE2 pattern with named groups, applied to a whole batch of lines at once by
pyarrow's ``extract_regex`` (C++; no Python loop per line). A line the pattern does not match,
or whose time does not parse, is malformed: counted and shown, never fatal unless asked.

Times are read to the second (the fraction HAProxy and Envoy log is dropped): the accounting
steps are seconds or longer.

>>> import pyarrow as pa
>>> line = ('127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a.gif?x=1 HTTP/1.0" 200 2326 '
...         '"http://example.com/" "Mozilla/4.08"')
>>> parsed = parse_lines(pa.array([line, "garbage"]), FORMATS["combined"], tz="UTC", route=True)
>>> parsed.status.tolist(), parsed.route.tolist(), parsed.bad_positions.tolist()
([200], ['/a.gif'], [1])
>>> import pandas as pd
>>> str(pd.Timestamp(int(parsed.time_ns[0]), tz="UTC"))
'2000-10-10 20:55:36+00:00'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

#: a double-quoted field in which a backslash escapes the next character (Apache ``\\xhh``, ``\\"``)
_QUOTED = r'"(?:[^"\\]|\\.)*"'


@dataclass(frozen=True)
class LogFormat:
    """One access-log line format.

    Attributes
    ----------
    name:
        The ``--log-format`` name.
    title:
        What it is, for the method.
    pattern:
        RE2 pattern with named groups ``time``, ``status`` and, where the format has them,
        ``request`` (method, path, protocol), ``latency`` and ``host``.
    time_format:
        strptime format of the ``time`` group.
    utc:
        Whether times are UTC (or carry their offset); otherwise they are local times in ``--tz``.
    latency_seconds:
        Seconds per unit of the ``latency`` group.
    latency_field, host_field:
        What the latency and host are in this format's terms (for the method), or ``""``.
    """

    name: str
    title: str
    pattern: str
    time_format: str
    utc: bool
    latency_seconds: float = 1.0
    latency_field: str = ""
    host_field: str = ""


FORMATS: dict[str, LogFormat] = {
    "combined": LogFormat(
        name="combined",
        title="nginx/Apache combined",
        # host ident user [time] "request" status bytes "referer" "user-agent" [request_time]
        pattern=(r'^\S+ \S+ \S+ \[(?P<time>\d{2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] '
                 rf'"(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{{3}}) (?:\d+|-) {_QUOTED} {_QUOTED}'
                 r' ?(?P<latency>(?:\d+(?:\.\d*)?)?)$'),
        time_format="%d/%b/%Y:%H:%M:%S %z",
        utc=True,
        latency_field="a trailing $request_time (seconds), when the log has one",
    ),
    "haproxy": LogFormat(
        name="haproxy",
        title="HAProxy HTTP log (option httplog)",
        # [syslog prefix: ]client:port [accept_date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes
        # req_cookie res_cookie termination_state conns queues [{req headers}] [{res headers}] "request"
        pattern=(r'^(?:.*?\]: )?\S+:\d+ \[(?P<time>\d{2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}:\d{2})(?:\.\d+)?\] '
                 r'\S+ (?P<host>[^/\s]+)/\S+ [+-]?\d+/[+-]?\d+/[+-]?\d+/[+-]?\d+/\+?(?P<latency>-?\d+) '
                 r'(?P<status>-?\d+) \+?\d+ \S+ \S+ \S+ \S+ \S+ (?:\{[^}]*\} ){0,2}'
                 r'"(?P<request>[^"]*)"?$'),
        time_format="%d/%b/%Y:%H:%M:%S",
        utc=False,
        latency_seconds=1e-3,
        latency_field="Ta, the total active time (ms)",
        host_field="the backend name",
    ),
    "envoy": LogFormat(
        name="envoy",
        title="Envoy default access log",
        # [start] "method path protocol" code flags rx tx duration upstream_time "xff" "ua" "id" "authority"
        # "upstream_host"
        pattern=(r'^\[(?P<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z?\] '
                 r'"(?P<request>[^"]*)" (?P<status>\d+) \S+ (?:\d+|-) (?:\d+|-) (?:(?P<latency>\d+)|-) '
                 r'(?:\d+|-) "[^"]*" "[^"]*" "[^"]*" "(?P<host>[^"]*)" "[^"]*" ?$'),
        time_format="%Y-%m-%dT%H:%M:%S",
        utc=True,
        latency_seconds=1e-3,
        latency_field="DURATION (ms)",
        host_field=":authority (the Host header)",
    ),
}

#: other names of a format
ALIASES = {"nginx": "combined", "apache": "combined"}


def log_format(name: str) -> LogFormat:
    """The :class:`LogFormat` called ``name`` (or an alias such as ``nginx``)."""
    from ..errors import InputError

    key = ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in FORMATS:
        raise InputError(f"unknown log format {name!r}; choose one of {', '.join(LINE_FORMAT_NAMES)}")
    return FORMATS[key]


#: the names ``--log-format`` takes for line formats
LINE_FORMAT_NAMES: tuple[str, ...] = ("combined", "nginx", "apache", "haproxy", "envoy")


def sniff(lines: list[str]) -> tuple[LogFormat | None, int]:
    """The format most of ``lines`` match (``None`` if none matches any), and how many it matched."""
    best: LogFormat | None = None
    hits = 0
    for fmt in FORMATS.values():
        rx = re.compile(fmt.pattern)
        n = sum(1 for line in lines if rx.search(line))
        if n > hits:
            best, hits = fmt, n
    return best, hits


@dataclass(frozen=True)
class ParsedLines:
    """One batch of lines, parsed.

    Attributes
    ----------
    time_ns:
        int64 ns UTC of each good line.
    status:
        int16 HTTP status (HAProxy logs -1, Envoy 0 when no response was sent).
    latency_s:
        float64 seconds (NaN where not logged), or ``None`` when the format has none.
    route, host:
        Object arrays of text (route: the path without its query), or ``None`` when not asked.
    bad_positions:
        Positions in the batch of the malformed lines (blank lines are neither good nor malformed).
    """

    time_ns: np.ndarray
    status: np.ndarray
    latency_s: np.ndarray | None
    route: Any
    host: Any
    bad_positions: np.ndarray


def parse_lines(lines: Any, fmt: LogFormat, *, tz: str, route: bool = False, host: bool = False) -> ParsedLines:
    """Parse a pyarrow string array of log lines in format ``fmt`` (vectorised)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    fields = pc.extract_regex(lines, fmt.pattern)
    matched = pc.is_valid(fields)
    times = _times(pc.struct_field(fields, "time"), fmt, tz)
    ok = pc.and_(matched, pc.is_valid(times)).fill_null(False)
    unread = np.flatnonzero(~ok.to_numpy(zero_copy_only=False))
    if len(unread):  # blank lines are neither requests nor malformed (checked on the few unread lines only)
        text = pc.utf8_trim_whitespace(lines.take(pa.array(unread)))
        unread = unread[pc.greater(pc.binary_length(text), 0).fill_null(False).to_numpy(zero_copy_only=False)]
    bad = unread
    good = fields.filter(ok)
    status = pc.cast(pc.struct_field(good, "status"), pa.int16()).to_numpy(zero_copy_only=False)
    time_ns = times.filter(ok).cast(pa.int64()).to_numpy(zero_copy_only=False)
    latency = None
    if "latency" in fmt.pattern:
        text = pc.struct_field(good, "latency")
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
        values = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False) * fmt.latency_seconds
        latency = np.where(values < 0, np.nan, values)  # HAProxy logs -1 for an aborted request
    routes = _route(pc.struct_field(good, "request")) if route else None
    hosts = pc.struct_field(good, "host").to_numpy(zero_copy_only=False) if host else None
    return ParsedLines(time_ns=time_ns, status=status, latency_s=latency, route=routes, host=hosts,
                       bad_positions=bad)


def _times(text: Any, fmt: LogFormat, tz: str) -> Any:
    """The ``time`` group as ``timestamp[ns]`` UTC (null where it does not parse); each distinct
    second is parsed once (a busy log repeats it hundreds of times)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    coded = pc.dictionary_encode(text)
    parsed = pc.strptime(coded.dictionary, format=fmt.time_format, unit="s", error_is_null=True)
    ns = parsed.cast(pa.timestamp("ns")).cast(pa.int64())
    if not fmt.utc and tz != "UTC":
        import pandas as pd

        # local wall-clock times: the DST rule of the incident reader (a repeated time is its first
        # occurrence, a skipped one shifts forward)
        values = ns.to_numpy(zero_copy_only=False)
        mask = np.isnan(values) if values.dtype.kind == "f" else np.zeros(len(values), dtype=bool)
        local = pd.DatetimeIndex(np.where(mask, 0, values).astype(np.int64).view("M8[ns]"))
        utc = local.tz_localize(tz, ambiguous=np.ones(len(local), dtype=bool), nonexistent="shift_forward")
        ns = pa.array(utc.tz_convert("UTC").asi8, mask=mask, type=pa.int64())
    return pc.take(ns.cast(pa.timestamp("ns")), coded.indices)


def _route(request: Any) -> Any:
    """The path of each request line (``GET /a/b?x=1 HTTP/1.1`` -> ``/a/b``), ``-`` when it has none."""
    import pyarrow as pa
    import pyarrow.compute as pc

    path = pc.struct_field(pc.extract_regex(request, r"^\S+ (?P<path>[^\s?#]+)"), "path")
    return pc.fill_null(path, pa.scalar("-")).to_numpy(zero_copy_only=False)
