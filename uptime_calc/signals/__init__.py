"""Readers for monitoring data: probes and health checks, access logs, request counts.

Each reader turns a file into compact typed arrays (times as int64 ns UTC, statuses, latencies,
group codes) that :mod:`uptime_calc.accounting` turns into numbers.
"""
