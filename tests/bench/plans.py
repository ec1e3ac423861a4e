"""Query plans of the page queries, summarised: which index, full scan or not, sort or not.

SQLite: EXPLAIN QUERY PLAN. PostgreSQL: EXPLAIN (ANALYZE, FORMAT JSON), which also tells how
many rows of the register's table the query read (the real measure of "no full scan").
"""

from __future__ import annotations

import json

from django.db import connection

SCAN_NODES = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}
SORT_NODES = {"Sort", "Incremental Sort"}


def explain(sql: str, params, table: str) -> dict:
    """The plan of one statement: a short text, and flags `full_scan` and `sort`."""
    if connection.vendor == "postgresql":
        return _explain_postgres(sql, params, table)
    return _explain_sqlite(sql, params, table)


def _explain_sqlite(sql: str, params, table: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        details = [row[3] for row in cursor.fetchall()]
    own = [d for d in details if d.split(" ")[1:2] == [table]]
    full_scan = any(d.startswith("SCAN ") and " INDEX " not in d for d in own)
    sort = any("TEMP B-TREE" in d for d in details)
    used = [_sqlite_access(d) for d in own]
    return {
        "text": " / ".join(details),
        "short": _short(used, sort),
        "full_scan": full_scan,
        "sort": sort,
        "rows_read": None,
    }


def _sqlite_access(detail: str) -> str:
    words = detail.split(" ")
    if "INDEX" in words:
        name = words[words.index("INDEX") + 1]
        constraint = detail.split("(", 1)[1].rstrip(")") if "(" in detail else "whole index"
        return f"{name} ({constraint})"
    if "PRIMARY" in words:
        return "primary key"
    return "table scan"


def _short(used: list[str], sort: bool) -> str:
    text = ", ".join(dict.fromkeys(used)) or "-"
    return f"{text} + sort" if sort else text


def _explain_postgres(sql: str, params, table: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    root = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    nodes = list(_walk(root))
    own = [n for n in nodes if n["Node Type"] in SCAN_NODES and n.get("Relation Name") == table]
    used = [_postgres_access(n) for n in own]
    sort = any(n["Node Type"] in SORT_NODES for n in nodes)
    return {
        "text": " / ".join(_describe(n) for n in nodes if _worth_showing(n)),
        "short": _short(used, sort),
        "full_scan": any(n["Node Type"] == "Seq Scan" for n in own),
        "sort": sort,
        "rows_read": sum(_rows_read(n) for n in own),
    }


def _postgres_access(node: dict) -> str:
    kind = node["Node Type"]
    if kind == "Seq Scan":
        return "table scan"
    if kind == "Bitmap Heap Scan":
        names = [n["Index Name"] for n in _walk(node) if n["Node Type"] == "Bitmap Index Scan"]
        return " & ".join(names) + " (bitmap)"
    suffix = " (index only)" if kind == "Index Only Scan" else ""
    return f"{node.get('Index Name')}{suffix}"


def _walk(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _walk(child)


def _worth_showing(node: dict) -> bool:
    kind = node["Node Type"]
    return kind in SCAN_NODES or kind in SORT_NODES or kind == "Bitmap Index Scan"


def _describe(node: dict) -> str:
    kind = node["Node Type"]
    if node.get("Scan Direction") == "Backward":
        kind += " Backward"
    target = node.get("Index Name") or node.get("Relation Name") or ""
    if node["Node Type"] in SORT_NODES:
        target = ", ".join(node.get("Sort Key", []))
    return f"{kind} {target}".strip()


def _rows_read(node: dict) -> int:
    loops = node.get("Actual Loops", 1)
    rows = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
    rows += node.get("Rows Removed by Index Recheck", 0)
    return int(rows * loops)
