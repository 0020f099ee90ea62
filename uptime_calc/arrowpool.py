"""NumPy arrays in Arrow's memory pool, which keeps the pages the CSV parser freed.

Fresh memory is dear on small virtual machines: the kernel zeroes and maps every new page
(about 1 ms per MB on the 2-core CI machine), often more than the arithmetic done on it.
pyarrow's parser allocates and frees about as much memory as the file holds, in its own pool
(mimalloc), which keeps freed pages for reuse; NumPy allocates from the C heap and never sees
them. The big arrays built right after a parse (the frame's columns, the accounting's sort
keys) are taken from the Arrow pool with :func:`empty`, so they reuse those pages; without a
parse before, they cost what NumPy's own would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np


def empty(n: int, dtype: Any) -> np.ndarray:
    """An uninitialised writable array of ``n`` items of ``dtype`` in Arrow's default memory pool.

    >>> a = empty(3, "int64"); a[:] = 7; a.tolist()
    [7, 7, 7]
    """
    import numpy as np
    import pyarrow as pa

    kind = np.dtype(dtype)
    buffer = pa.allocate_buffer(n * kind.itemsize)  # mutable: the array is writable
    return np.frombuffer(buffer, dtype=kind, count=n)


def arange(start: int, stop: int) -> np.ndarray:
    """``np.arange(start, stop)`` as int64 in Arrow's pool (filled block by block: no whole-length temporary)."""
    import numpy as np

    out = empty(max(stop - start, 0), np.int64)
    block = 1 << 16
    step = np.arange(min(block, len(out)), dtype=np.int64)
    for lo in range(0, len(out), block):
        hi = min(lo + block, len(out))
        np.add(step[: hi - lo], start + lo, out=out[lo:hi])
    return out


def take(values: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """``values[indices]`` into an array of Arrow's pool (``indices`` must be valid: none is checked)."""
    import numpy as np

    return np.take(values, indices, out=empty(len(indices), values.dtype), mode="clip")  # "raise" buffers ``out``


def compress(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values[mask]`` into an array of Arrow's pool."""
    import numpy as np

    return np.compress(mask, values, out=empty(int(np.count_nonzero(mask)), values.dtype))
