"""Timing of register pages through Django's test client, beside the bare SQL of the page.

For each case: a few warm-up requests, one request with the SQL captured (query count, the
exact statements and parameters), `repeat` timed requests, then the statements on the
register's table replayed on a raw cursor (the bare SQL of the same page) and explained.
"""

from __future__ import annotations

import math
import os
import statistics
import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.bench import plans

WARMUP = 3
API_HEADERS = {"HTTP_ACCEPT": "application/json"}
HTMX_HEADERS = {"HTTP_HX_REQUEST": "true"}


@dataclass
class Case:
    """One URL to time, as one user."""

    key: str
    label: str
    url: str
    repeat: int
    headers: dict = field(default_factory=dict)
    warmup: int = WARMUP
    memory: bool = False
    rows: int | None = None


def percentile(samples: list[float], pct: float) -> float:
    """Linear-interpolated percentile of the samples (pct from 0 to 100)."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(samples: list[float]) -> dict:
    """p50, p95, mean, min and max of timings in milliseconds, rounded."""
    return {
        "p50": round(percentile(samples, 50), 2),
        "p95": round(percentile(samples, 95), 2),
        "mean": round(statistics.fmean(samples), 2),
        "min": round(min(samples), 2),
        "max": round(max(samples), 2),
        "n": len(samples),
    }


def logged_in(user) -> Client:
    """A test client with a session for `user` (the session is read on every request)."""
    client = Client()
    client.force_login(user)
    return client


def fetch(client: Client, case: Case) -> tuple[int, int]:
    """Do the request and read the whole body, as a browser would; (status, bytes)."""
    response = client.get(case.url, **case.headers)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    if response.status_code != 200:
        raise RuntimeError(f"{case.url} answered {response.status_code}")
    return response.status_code, size


def timed(client: Client, case: Case) -> float:
    """Milliseconds of one full request."""
    started = time.perf_counter()
    fetch(client, case)
    return (time.perf_counter() - started) * 1000


@contextmanager
def recording(statements: list):
    """Record (sql, params) of every statement the ORM runs, before placeholders are bound."""

    def wrapper(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def capture(client: Client, case: Case) -> dict:
    """One request with its SQL captured: query count and the statements to replay."""
    statements: list = []
    with CaptureQueriesContext(connection) as queries, recording(statements):
        _status, size = fetch(client, case)
    return {"queries": len(queries), "bytes": size, "statements": statements}


def replay(statements: list, repeat: int) -> tuple[list[float], list[list[float]]]:
    """Milliseconds to run the statements on a raw cursor and fetch every row: the samples
    of the whole set, and those of each statement."""
    total, each = [], [[] for _ in statements]
    with connection.cursor() as cursor:
        for index in range(repeat + 2):
            times = []
            for sql, params in statements:
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
            if index >= 2:
                total.append(sum(times))
                for samples, value in zip(each, times, strict=True):
                    samples.append(value)
    return total, each


def on_table(statements: list, table: str) -> list:
    """The read statements on the register's table: the page's own queries."""
    return [(s, p) for s, p in statements if f'"{table}"' in s and _is_read(s)]


def _is_read(sql: str) -> bool:
    return sql.lstrip().upper().startswith("SELECT")


def peak_memory(client: Client, case: Case) -> float:
    """Peak Python memory (MiB, tracemalloc) of one request; slow, so done apart."""
    tracemalloc.start()
    try:
        fetch(client, case)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 1024 / 1024, 1)


def run_case(client: Client, case: Case, table: str, user_label: str) -> dict:
    """Everything measured for one case; see the module docstring."""
    load = os.getloadavg()[0]
    for _ in range(case.warmup):
        fetch(client, case)
    captured = capture(client, case)
    samples = [timed(client, case) for _ in range(case.repeat)]
    own = on_table(captured["statements"], table)
    reads = [(s, p) for s, p in captured["statements"] if _is_read(s)]
    stats = summary(samples)
    bare_total, bare_each = replay(own, case.repeat) if own else ([], [])
    bare = summary(bare_total) if own else None
    all_sql = summary(replay(reads, case.repeat)[0]) if reads else None
    result = {
        "key": case.key,
        "label": case.label,
        "user": user_label,
        "url": case.url,
        **stats,
        "queries": captured["queries"],
        "bytes": captured["bytes"],
        "bare_p50": bare["p50"] if bare else None,
        "bare_p95": bare["p95"] if bare else None,
        "all_sql_p50": all_sql["p50"] if all_sql else None,
        "overhead": round(stats["p50"] / bare["p50"], 1) if bare else None,
        "bare_each_p50": [round(percentile(x, 50), 2) for x in bare_each],
        "statements": [s for s, _p in own],
        "plans": [plans.explain(s, p, table) for s, p in own],
        "rows": case.rows,
        "load": round(load, 2),
    }
    if case.memory:
        result["peak_mib"] = peak_memory(client, case)
    return result


def page_times(client: Client, url: str, repeat: int) -> dict:
    """One warm-up, then `repeat` timed GETs of `url`, each answering 200: their summary
    (the benchmarks of one register's pages: indicators, compliance, documents)."""
    client.get(url)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return summary(samples)
