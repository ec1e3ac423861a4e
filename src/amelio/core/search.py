"""Indexes for the free-text search of every register, one kind per database engine.

A register's `search` fields are matched with "contains" (any part of a word), which no
B-tree index serves: at 100,000 records each search read the whole table. After every
`migrate`, this module creates, from the registry:

- on PostgreSQL, a trigram GIN index per searched column on `UPPER(column)`, the expression
  Django's `icontains` compares, restricted to the active records (extension `pg_trgm`);
- on SQLite, an FTS5 table with the trigram tokenizer over the searched columns, kept in
  step by triggers in the same transaction as each write.

Neither is in Django's migration state: both depend on the engine and are rebuilt from the
registry, so a new register gets them with no migration to write (decision 0012).
"""

from __future__ import annotations

import hashlib
import logging

from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

logger = logging.getLogger(__name__)

TRIGRAM = 3  # shorter words cannot be looked up in a trigram index


def _columns(register) -> list[str] | None:
    """The searched columns of a register, or None if one is not a local text column."""
    columns = []
    for name in register.search:
        if "__" in name:
            return None
        field = register.model._meta.get_field(name)
        columns.append(field.column)
    return columns


def fts_table(register) -> str:
    return f"{register.model._meta.db_table}_search"


def ensure_search_indexes(using: str = "default", **kwargs) -> None:
    """Create what the search needs on `using` (a `post_migrate` receiver)."""
    from amelio.core.registry import registry

    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    tables = set(connection.introspection.table_names())
    for register in registry:
        columns = _columns(register)
        table = register.model._meta.db_table
        if not columns or table not in tables:
            continue
        if connection.vendor == "postgresql":
            _postgres(connection, table, columns)
        else:
            _sqlite(connection, table, columns, tables)


def _postgres(connection, table: str, columns: list[str]) -> None:
    quote = connection.ops.quote_name
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:  # not allowed to create it: search works, unindexed
        logger.warning("Search indexes skipped: pg_trgm is not available (%s)", error)
        return
    with connection.cursor() as cursor:
        for column in columns:
            name = _index_name(table, column)
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
                f"USING gin (UPPER({quote(column)}::text) gin_trgm_ops) "
                "WHERE archived_at IS NULL"
            )


def _index_name(table: str, column: str) -> str:
    name = f"{table}_{column}_trgm"
    if len(name) <= 63:
        return name
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{name[:50]}_{digest}_trgm"


def _sqlite(connection, table: str, columns: list[str], tables: set[str]) -> None:
    search = f"{table}_search"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if search in tables:
            cursor.execute(f"PRAGMA table_info({quote(search)})")
            if [row[1] for row in cursor.fetchall()] == columns:
                return
            cursor.execute(f"DROP TABLE {quote(search)}")
        names = ", ".join(quote(c) for c in columns)
        new = ", ".join(f"new.{quote(c)}" for c in columns)
        old = ", ".join(f"old.{quote(c)}" for c in columns)
        cursor.execute(
            f"CREATE VIRTUAL TABLE {quote(search)} USING fts5({names}, "
            f"content={quote(table)}, content_rowid='id', tokenize='trigram')"
        )
        insert = f"INSERT INTO {quote(search)}(rowid, {names}) VALUES (new.id, {new});"
        delete = (
            f"INSERT INTO {quote(search)}({quote(search)}, rowid, {names}) "
            f"VALUES ('delete', old.id, {old});"
        )
        for suffix, event, body in (
            ("ai", "INSERT", insert),
            ("ad", "DELETE", delete),
            ("au", "UPDATE", delete + " " + insert),
        ):
            trigger = quote(f"{search}_{suffix}")
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(
                f"CREATE TRIGGER {trigger} AFTER {event} ON {quote(table)} BEGIN {body} END"
            )
        cursor.execute(f"INSERT INTO {quote(search)}({quote(search)}) VALUES ('rebuild')")


def word_condition(register, fields: list[str], word: str, connection) -> Q:
    """The condition for one searched word: any searched field contains it."""
    if (
        connection.vendor == "sqlite"
        and len(word) >= TRIGRAM
        and fields == list(register.search)
        and _columns(register)
    ):
        search = connection.ops.quote_name(fts_table(register))
        phrase = '"' + word.replace('"', '""') + '"'
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {search} WHERE {search} MATCH %s", [phrase]))
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": word})
    return condition
