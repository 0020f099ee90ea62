"""Accounting: from canonical incident records to numbers.

The pipeline, in the order the data flows: ``records`` (columns to int64-nanosecond arrays, bad
records flagged), ``weights`` (impact labels to weights), ``periods`` (windows and calendar period
boundaries in a time zone), the interval engine, ``measure`` (availability per group and period),
``budget`` (error budget, burn rate), ``uncertainty`` (intervals on long-run availability) and ``fit``
(failure and restore-time distributions for models).
"""
