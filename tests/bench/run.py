"""`make bench`: generate a large organisation in separate databases, time the register pages
beside their bare SQL, write docs/performance.md and var/bench/results.json.

    python -m tests.bench.run [--db sqlite|postgres|both] [--records 100000] [--repeat 30]
                              [--scale 10000] [--keep]

Each database is measured in its own worker process (`tests.bench.worker`), because the
settings read DATABASE_URL once at start-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amelio.settings")

from tests.bench import databases, report  # noqa: E402

RESULTS = databases.BENCH_DIR / "results.json"
DOC = REPO / "docs" / "performance.md"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--db",
        choices=["sqlite", "postgres", "both"],
        default=None,
        help="default: both when PostgreSQL answers at 127.0.0.1:5432, else sqlite",
    )
    parser.add_argument("--records", type=int, default=100_000, help="records in the register")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--export-repeat", type=int, default=3, help="timed exports")
    parser.add_argument(
        "--scale",
        type=int,
        default=10_000,
        help="smaller size run too, to compare cost with table size (0: skip)",
    )
    parser.add_argument("--keep", action="store_true", help="reuse already generated databases")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite the doc")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: rewrite the doc from var/bench/results.json",
    )
    return parser.parse_args(argv)


def engines(choice: str | None) -> list[str]:
    """The databases to measure."""
    if choice in ("sqlite", "postgres"):
        return [choice]
    if choice == "both":
        return ["sqlite", "postgres"]
    return ["sqlite", "postgres"] if databases.postgres_reachable() else ["sqlite"]


def run_worker(engine: str, records: int, main: bool, args) -> dict:
    """Measure one database in a child process; its JSON result."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    command = [
        sys.executable,
        "-m",
        "tests.bench.worker",
        f"--engine={engine}",
        f"--records={records}",
        f"--repeat={args.repeat}",
        f"--export-repeat={args.export_repeat}",
        f"--out={out}",
    ]
    command += ["--main"] if main else []
    command += ["--keep"] if args.keep else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    env.pop("DATABASE_URL", None)
    try:
        subprocess.run(command, cwd=REPO, env=env, check=True)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def machine() -> dict:
    """What the numbers were measured on."""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    return {
        "cpus": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory": memory,
        "python": platform.python_version(),
        "system": platform.platform(terse=True),
    }


def source() -> dict:
    """The commit measured, and whether src/ had changes not committed yet."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "subject": git("log", "-1", "--format=%s"),
        "dirty": bool(git("status", "--porcelain", "--", "src")),
    }


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def main(argv: list[str] | None = None) -> None:
    """Run every worker, then write the JSON, the doc and the summary."""
    args = parse_args(argv)
    if args.report_only:
        results = json.loads(RESULTS.read_text())
        report.write_doc(results, DOC)
        print(report.summary(results))
        return
    started = time.perf_counter()
    runs = []
    for engine in engines(args.db):
        runs.append(run_worker(engine, args.records, True, args))
        if args.scale and args.scale != args.records:
            runs.append(run_worker(engine, args.scale, False, args))
    results = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "source": source(),
        "options": {"records": args.records, "repeat": args.repeat, "scale": args.scale},
        "seconds": round(time.perf_counter() - started),
        "runs": runs,
    }
    databases.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1))
    if not args.no_doc:
        report.write_doc(results, DOC)
    print(report.summary(results))
    print(f"\nRaw results: {RESULTS.relative_to(REPO)}" + ("" if args.no_doc else f"; {DOC.name}"))


if __name__ == "__main__":
    main()
