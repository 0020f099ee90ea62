"""JSON text checked before it is parsed: nesting depth and duplicate keys.

Two things a JSON parser does not guard against on its own:

* **Depth.** Python's ``json`` recurses once per level (``RecursionError`` near 1,000 levels)
  and pyarrow's reader crashes the process on JSON Lines nested about 20,000 deep. The
  nesting is measured on the bytes first (vectorised, strings skipped) and a value deeper
  than the limit ``max_json_depth`` is refused with the line where it gets too deep.
* **Duplicate keys.** ``{"end": "...", "end": "..."}`` is accepted by every parser, each
  keeping one of the values (Python keeps the last): a file another tool reads one way and
  we read the other. A repeated key in one object is an error naming the key and its line.

>>> nesting_depth(b'{"a": [1, {"b": "]]"}]}')
(3, 1)
>>> nesting_depth(b'{"a": 1}\\n[[[]]]\\n', lines=True)
(3, 2)
>>> loads('{"a": 1, "b": {"a": 2}}', source="x.json")
{'a': 1, 'b': {'a': 2}}
>>> loads('{"a": 1,\\n "a": 2}', source="x.json")
Traceback (most recent call last):
...
uptime_calc.errors.InputError: x.json: line 2: the key 'a' appears twice in one object; ...
"""

from __future__ import annotations

import json
import re
from typing import Any

from uptime_calc.errors import InputError

#: the deepest value handed to a C parser (pyarrow's JSON reader crashes the process near 20,000
#: levels; Python's stops near 1,000 with a RecursionError)
SAFE_DEPTH = 1000
#: how many bytes are measured at once (bounds the temporary arrays)
_CHUNK = 1 << 23


def nesting_depth(data: bytes, *, lines: bool = False) -> tuple[int, int]:
    """The deepest nesting of ``[`` and ``{`` outside strings, and the 1-based line reaching it.

    ``lines``: JSON Lines, where each line is a value of its own (depth restarts at each newline).
    A JSON string never holds a raw newline, so whether a bracket is inside a string is the parity
    of the unescaped quotes before it on its line. Unbalanced text (invalid JSON, which the parser
    reports) is measured as written.
    """
    best, best_line, carry, line, offset = 0, 1, 0, 1, 0
    while offset < len(data):
        end = data.rfind(b"\n", offset, offset + _CHUNK) + 1 if offset + _CHUNK < len(data) else len(data)
        if end <= offset:  # one line longer than a chunk: take all of it
            end = data.find(b"\n", offset + _CHUNK) + 1 or len(data)
        depth, where, carry = _chunk_depth(data, offset, end, carry, lines)
        if depth > best:
            best, best_line = depth, line + data.count(b"\n", offset, offset + where)
        line += data.count(b"\n", offset, end)
        offset = end
    return best, best_line


def _chunk_depth(data: bytes, offset: int, end: int, carry: int, lines: bool) -> tuple[int, int, int]:
    """``(deepest, its position in the chunk, depth at the chunk's end)`` of ``data[offset:end]``."""
    import numpy as np

    chunk = np.frombuffer(data, dtype=np.uint8, count=end - offset, offset=offset)
    step = _STEPS[chunk]
    brackets = np.flatnonzero(step)
    if not len(brackets):
        return 0, 0, carry
    quotes = np.flatnonzero(chunk == 0x22)
    escaped = quotes[(quotes > 0) & (chunk[quotes - 1] == 0x5C)]
    if len(escaped):  # a quote after an odd run of backslashes is part of the string
        slashes = np.flatnonzero(chunk == 0x5C)
        run_starts = slashes[np.concatenate([[True], np.diff(slashes) > 1])]
        run = escaped - run_starts[np.searchsorted(run_starts, escaped - 1, side="right") - 1]
        quotes = np.setdiff1d(quotes, escaped[run % 2 == 1], assume_unique=True)
    newlines = np.flatnonzero(chunk == 0x0A)
    line_of = np.searchsorted(newlines, brackets)  # 0-based line within the chunk
    line_start = np.concatenate([[0], newlines + 1])[line_of]
    inside = (np.searchsorted(quotes, brackets) - np.searchsorted(quotes, line_start)) % 2 == 1
    brackets, line_start = brackets[~inside], line_start[~inside]
    if not len(brackets):
        return 0, 0, carry
    level = np.cumsum(step[brackets].astype(np.int64))
    if lines:  # each line starts from 0: subtract the running level before its first bracket
        before = np.searchsorted(brackets, line_start)
        level = level - np.concatenate([[0], level])[before]
        carry_out = 0
    else:
        level = level + carry
        carry_out = int(level[-1])
    top = int(np.argmax(level))
    return int(level[top]), int(brackets[top]), carry_out


def _steps() -> Any:
    import numpy as np

    table = np.zeros(256, dtype=np.int8)
    table[[0x5B, 0x7B]] = 1  # [ {
    table[[0x5D, 0x7D]] = -1  # ] }
    return table


class _Steps:
    """The byte -> level step table, built on first use (numpy is imported lazily)."""

    table: Any = None

    def __getitem__(self, values: Any) -> Any:
        if _Steps.table is None:
            _Steps.table = _steps()
        return _Steps.table[values]


_STEPS = _Steps()


def check_depth(data: bytes, source: str, *, lines: bool = False) -> int:
    """Raise :class:`~uptime_calc.errors.LimitError` when a value nests deeper than ``max_json_depth``.

    Returns the depth measured (0 when the text holds too few brackets to reach the limit or
    :data:`SAFE_DEPTH`).
    """
    from uptime_calc import limits

    limit = limits.get("max_json_depth")
    if data.count(b"[") + data.count(b"{") <= min(limit, SAFE_DEPTH):
        return 0  # cannot be deeper
    depth, line = nesting_depth(data, lines=lines)
    limits.check("max_json_depth", depth, what=f"line {line}: JSON nesting depth", source=source)
    return depth


def longest_line(data: bytes) -> int:
    """The length in bytes of the longest line (a value nested N deep needs at least 2N bytes)."""
    import numpy as np

    longest, previous = 0, -1
    for offset in range(0, len(data), _CHUNK):
        chunk = np.frombuffer(data, dtype=np.uint8, count=min(_CHUNK, len(data) - offset), offset=offset)
        breaks = np.flatnonzero(chunk == 0x0A) + offset
        if len(breaks):
            longest = max(longest, int(breaks[0]) - previous - 1, int(np.diff(breaks).max(initial=0)) - 1)
            previous = int(breaks[-1])
    return max(longest, len(data) - previous - 1)


def type_depth(kind: Any) -> int:
    """How deep a pyarrow type nests (a struct or list counts one level, as ``{`` and ``[`` do)."""
    import pyarrow as pa

    if pa.types.is_struct(kind):
        return 1 + max((type_depth(kind.field(i).type) for i in range(kind.num_fields)), default=0)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        return 1 + type_depth(kind.value_type)
    if pa.types.is_map(kind):
        return 1 + type_depth(kind.item_type)
    return 0


class _NotJson(Exception):
    def __init__(self, word: str) -> None:
        self.word = word


def _not_json(word: str) -> Any:
    raise _NotJson(word)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def loads(text: str, *, source: str, line: int | None = None) -> Any:
    """``json.loads`` that refuses a key repeated in one object (after checking the depth).

    ``line``: the text is this line of a JSON Lines file (messages name it).

    Raises
    ------
    InputError
        For invalid JSON, or a duplicate key (naming the key and its line).
    """
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs, parse_constant=_not_json)
    except _NotJson as exc:
        where = line if line is not None else text.count("\n", 0, text.find(exc.word)) + 1
        raise InputError(f"line {where}: {exc.word} is not a JSON value (JSON has no NaN or Infinity); "
                         "write a number, a string, or null", source=source) from None
    except _DuplicateKey as exc:
        where = line if line is not None else duplicate_line(text, exc.key)
        raise InputError(
            f"line {where}: the key {exc.key!r} appears twice in one object; readers disagree on which "
            "value counts, so remove or rename one of them", source=source) from None
    except RecursionError:  # only when a caller skipped check_depth
        raise InputError("a JSON value is nested too deeply to read", source=source) from None


_TOKEN = re.compile(r'("[^"\\\n]*(?:\\.[^"\\\n]*)*")\s*(:)?|[{}\[\]]|\n')


def duplicate_line(text: str, key: str) -> int:
    """The 1-based line of the first key repeated within one object (``key`` if no other is found)."""
    line = 1
    stack: list[set[str] | None] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token == "\n":
            line += 1
        elif token in "{[":
            stack.append(set() if token == "{" else None)
        elif token in "}]":
            if stack:
                stack.pop()
        elif match.group(2) and stack and stack[-1] is not None:
            name = json.loads(match.group(1))
            if name in stack[-1]:
                return line
            stack[-1].add(name)
            line += token.count("\n")
        else:
            line += token.count("\n")
    return line
