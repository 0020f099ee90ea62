"""Two halves at once (:mod:`uptime_calc.accounting.halves`): the threads, and the sort keys and sort made with them."""

from __future__ import annotations

import threading
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uptime_calc.accounting import halves, timeline

from .conftest import threads_from


def test_in_two_runs_the_second_in_another_thread_and_returns_both():
    here = threading.get_ident()
    a, b = halves.in_two(lambda: threading.get_ident(), lambda: threading.get_ident())
    assert a == here and b != here


def test_in_two_raises_after_both_ended():
    ended = threading.Event()

    def slow_then_done() -> int:
        ended.wait(0.05)
        ended.set()
        return 1

    def fails() -> int:
        raise ValueError("first")

    with pytest.raises(ValueError, match="first"):
        halves.in_two(fails, slow_then_done)
    assert ended.is_set()  # the worker was waited for
    with pytest.raises(ZeroDivisionError):
        halves.in_two(lambda: 1, lambda: 1 // 0)


def test_worth_it_reads_the_threshold_at_each_call():
    assert not halves.worth_it(10)
    with threads_from(2):
        assert halves.worth_it(10)
        with patch("os.cpu_count", return_value=1):  # one core: never two threads
            assert not halves.worth_it(10)
    assert halves.worth_it(10, min_rows=0) == halves.worth_it(halves.MIN_ROWS)


keyed = st.lists(st.tuples(st.integers(0, 5), st.integers(-3, 3), st.integers(0, 50)), min_size=1, max_size=80)


@settings(max_examples=150, deadline=None)
@given(keyed, st.sampled_from([1_000, 10**9, 7_000_000]))  # whole us, s and ms: the units keys use
def test_sort_by_group_time_in_two_threads_equals_numpys_lexsort(rows, step):
    # the reference is NumPy's stable lexsort by (group, start); ties keep their row order
    g = np.array([r[0] for r in rows], dtype=np.int64)
    s = np.array([1_700_000_000 * 10**9 + r[1] * step for r in rows], dtype=np.int64)
    e = s + np.array([r[2] * step for r in rows], dtype=np.int64)
    expected = np.lexsort((s, g))
    for least in (halves.MIN_ROWS, 2):  # one thread, then two from 2 rows on
        with threads_from(least):
            by = timeline.sort_by_group_time(g, s, e)
        assert by is not None
        assert np.array_equal(by.order, expected)
        assert np.array_equal(by.start_key, g[expected] * by.span + (s[expected] - by.origin) // by.unit)
        assert by.end_key is not None
        assert np.array_equal(by.end_key, g * by.span + (e - by.origin) // by.unit)


def test_keys_off_the_unit_grid_give_none_in_either_thread():
    # one time a nanosecond off the second grid in the second half: both halves must agree to decline
    g = np.zeros(6, dtype=np.int64)
    s = np.arange(6, dtype=np.int64) * 10**9
    s[5] += 1
    key = np.empty(6, dtype=np.int64)
    with threads_from(2):
        assert not timeline.fill_keys(key, (g,), (s,), 0, 10, 10**9)
        assert timeline.fill_keys(key, (g,), (s,), 0, 10**10, 1)
