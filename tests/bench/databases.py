"""Where the bench databases live, and how they are (re)created. No Django needed here."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH_DIR = REPO / "var" / "bench"
PG_HOST = os.environ.get("AMELIO_BENCH_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("AMELIO_BENCH_PG_PORT", "5432"))
PG_USER = os.environ.get("AMELIO_BENCH_PG_USER", "postgres")
PG_NAME = "amelio_bench"


def database_name(records: int, main: bool) -> str:
    """`amelio_bench` for the main size, `amelio_bench_<n>` for the table-size check."""
    return PG_NAME if main else f"{PG_NAME}_{records}"


def sqlite_path(records: int, main: bool) -> Path:
    """The SQLite file of a bench database, under var/bench/."""
    return BENCH_DIR / f"{database_name(records, main)}.sqlite3"


def database_url(engine: str, records: int, main: bool) -> str:
    """The DATABASE_URL the worker process gets (read by the settings at start-up)."""
    if engine == "sqlite":
        return f"sqlite:///{sqlite_path(records, main)}"
    name = database_name(records, main)
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def postgres_reachable() -> bool:
    """Whether a PostgreSQL server answers at the bench address with trust auth."""
    try:
        import psycopg

        with psycopg.connect(_admin_dsn(), connect_timeout=2):
            return True
    except Exception:
        return False


def _admin_dsn() -> str:
    return f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname=postgres"


def recreate(engine: str, records: int, main: bool) -> None:
    """Drop the bench database if it exists and make an empty one."""
    if engine == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        path = sqlite_path(records, main)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = sql.Identifier(database_name(records, main))
    with psycopg.connect(_admin_dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def exists(engine: str, records: int, main: bool) -> bool:
    """Whether the bench database is there (its content is checked by the worker)."""
    if engine == "sqlite":
        return sqlite_path(records, main).exists()
    import psycopg

    with psycopg.connect(_admin_dsn()) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(records, main)]
        ).fetchone()
    return row is not None
