"""Benchmark of the FMEA worksheet at 500 lines: the worksheet page opened, and a cell saved
(the RPN and priority recomputed, the history written), on a bench database of its own
(var/bench/fmea.sqlite3, never the demo one). Writes docs/performance-fmea.md.

`python -m tests.bench.fmea [--lines 500] [--repeat 40]` (or `make bench-fmea`). Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH_DB = REPO / "var" / "bench" / "fmea.sqlite3"
REPORT = REPO / "docs" / "performance-fmea.md"
OPEN_TARGET_MS = 1000
SAVE_TARGET_MS = 100


def _prepare_environment() -> None:
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO))
    BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{BENCH_DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "amelio.settings"


def _load(count: int):
    """A site, its manager and an FMEA of `count` lines, written as the worksheet writes them
    (through `core.services`, each line scored and its first rating kept)."""
    import random

    from amelio.core import services
    from amelio.core.models import OrgUnit, RoleAssignment, User
    from amelio.core.permissions import Role
    from amelio.riskanalysis.models import Fmea, FmeaLine
    from amelio.scoring.models import ScoringMatrix

    root = OrgUnit.objects.create(kind="organisation", name="Bench", code="BENCH")
    site = OrgUnit.objects.create(kind="site", name="Site", code="S1", parent=root)
    user = User.objects.create_user(username="bench", password="bench-pw")
    RoleAssignment.objects.create(user=user, org_unit=site, role=Role.MANAGER)
    fmea = services.record_create(
        record=Fmea(
            title="Bench FMEA",
            item="Shaft",
            org_unit=site,
            owner=user,
            matrix=ScoringMatrix.objects.get(code="AMDEC-SOD", status="in_use"),
        ),
        user=user,
    )
    rng = random.Random(20)
    for n in range(count):
        line = FmeaLine(
            fmea=fmea,
            org_unit=site,
            item=f"Op. {10 * (n // 10 + 1)} Step",
            function="Turn the diameter to tolerance " * 2,
            failure_mode=f"Failure mode {n}",
            effect="The customer cannot assemble the part; line stop.",
            severity=rng.randint(1, 10),
            cause="Tool wear beyond its life",
            prevention_controls="Tool changed every 400 parts",
            occurrence=rng.randint(1, 10),
            detection_controls="Micrometer 1 part in 20",
            detection=rng.randint(1, 10),
            recommended_action="Poka-yoke" if n % 3 == 0 else "",
        )
        services.record_create(record=line, user=user)
    return user, fmea


def _cell_times(client, fmea, repeat: int) -> dict[str, float]:
    from django.urls import reverse

    from amelio.riskanalysis.models import FmeaLine

    url = reverse("riskanalysis:fmea_worksheet_cell", args=[fmea.pk])
    lines = list(FmeaLine.objects.filter(fmea=fmea).order_by("position")[: repeat + 1])
    times = []
    for n, line in enumerate(lines):
        started = time.perf_counter()
        response = client.post(
            url,
            {"line": line.pk, "field": "occurrence", "value": str(n % 10 + 1), "version": 1},
        )
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content
        if n:  # the first save warms up
            times.append(elapsed)
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[max(0, round(len(times) * 0.95) - 1)],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)
    _prepare_environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from tests.bench.measure import page_times

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    user, fmea = _load(args.lines)
    print(f"loaded in {time.perf_counter() - started:.0f} s")
    client = Client()
    client.force_login(user)
    url = reverse("riskanalysis:fmea_worksheet", args=[fmea.pk])
    results = {
        f"worksheet of {args.lines} lines, opened": (
            page_times(client, url, args.repeat),
            OPEN_TARGET_MS,
        ),
        "one cell saved (occurrence)": (_cell_times(client, fmea, args.repeat), SAVE_TARGET_MS),
    }
    _write(results, args)
    for name, (r, _target) in results.items():
        print(f"{name:36} p50 {r['p50']:7.1f} ms   p95 {r['p95']:7.1f} ms")


def _write(results, args) -> None:
    rows = "\n".join(
        f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} | {target} | {'yes' if r['p95'] < target else 'NO'} |"
        for name, (r, target) in results.items()
    )
    REPORT.write_text(
        f"""# Performance of the FMEA worksheet

Measured by `python -m tests.bench.fmea` (`make bench-fmea`) on {dt.date.today().isoformat()}:
one FMEA of {args.lines} lines on SQLite (a bench database of its own, `var/bench/fmea.sqlite3`),
one client in process (Django test client, no network), {args.repeat} requests after one warm-up.
Python {platform.python_version()} on {platform.machine()}. The issue's targets: the worksheet
opens in under {OPEN_TARGET_MS} ms and a cell saves in under {SAVE_TARGET_MS} ms (p95).

| measure | p50 (ms) | p95 (ms) | target (ms) | met |
|---|---|---|---|---|
{rows}

What keeps them fast:
- the page carries the lines as JSON and the browser draws the table: the server renders no
  template per cell;
- a line's RPN and level are stored when it is saved (the `Scored` mixin), so opening the
  worksheet evaluates no matrix; the thresholds are read once from the study's matrix;
- a cell save validates the line with its register form and writes it through
  `core.services.record_update` (one conditional UPDATE for the version, the row, the history),
  like any other edit: no shortcut around permissions or history.
""",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
