"""Benchmark of the cockpit (the home page) for a coordinator, a site manager and an employee, on
a bench database of its own (var/bench/cockpit.sqlite3, never the demo one): the bench
organisation of `tests.bench.generate` (50 sites, 1,000 users, N context issues), and N actions,
N nonconformities and N accidents and incidents over three years (half of the last six
months' still open, 2 % of the older ones), 12 indicators of 24 monthly
values and 40 unread alerts. Writes its section of docs/performance.md.

`python -m tests.bench.cockpit [--records 100000] [--repeat 30]` (or `make bench-cockpit`).
Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH_DB = REPO / "var" / "bench" / "cockpit.sqlite3"
REPORT = REPO / "docs" / "performance.md"
BEGIN = "<!-- cockpit bench: begin (written by tests/bench/cockpit.py) -->"
END = "<!-- cockpit bench: end -->"
BATCH = 5000
SEED = 25
EMPLOYEE = "bench-employee"


def _prepare_environment() -> None:
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO))
    BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{BENCH_DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "amelio.settings"


def _bulk(model, rows) -> None:
    from django.db import transaction

    with transaction.atomic():
        model.objects.bulk_create(rows, batch_size=1000)


def _spread(records: int, rng: random.Random, make) -> Counter:
    """`records` rows made by `make(rng, moment, sequences)`, three years back from now."""
    from django.utils import timezone

    now = timezone.now().replace(microsecond=0)
    start = now - dt.timedelta(days=3 * 365)
    step = (now - start) / max(records, 1)
    sequences: Counter = Counter()
    made = 0
    while made < records:
        size = min(BATCH, records - made)
        rows = [make(rng, start + step * (made + i), sequences) for i in range(size)]
        _bulk(type(rows[0]), rows)
        made += size
    return sequences


def _common(org, rng, moment, sequences, prefix):
    sequences[moment.year] += 1
    author = rng.choice(org["users"])
    return {
        "reference": f"{prefix}-{moment.year}-{sequences[moment.year]:06d}",
        "org_unit": rng.choice(org["units"]),
        "created_at": moment,
        "created_by": author,
        "updated_at": moment,
        "updated_by": author,
    }


def _records(org, records: int, log) -> None:
    """N actions, nonconformities and safety events, with their reference sequences."""
    from django.utils import timezone

    from amelio.actions.models import Action
    from amelio.core.models import ReferenceSequence
    from amelio.nonconformities.models import Nonconformity
    from amelio.safety.models import SafetyEvent

    now = timezone.now()

    def still_open(rng, moment) -> bool:
        """Recent records are often still open; older ones are closed but for a few (2 %)."""
        recent = now - moment < dt.timedelta(days=180)
        return rng.random() < (0.5 if recent else 0.02)

    def action(rng, moment, sequences):
        return Action(
            **_common(org, rng, moment, sequences, "ACT"),
            title=f"Action {sequences[moment.year]}",
            action_type="improvement",
            owner=rng.choice(org["users"]),
            due_date=(moment + dt.timedelta(days=rng.randint(10, 120))).date(),
            status=rng.choice(["planned", "in_progress"])
            if still_open(rng, moment)
            else "verified",
        )

    def nonconformity(rng, moment, sequences):
        customer = rng.random() < 0.2
        return Nonconformity(
            **_common(org, rng, moment, sequences, "NC"),
            title=f"Défaut {sequences[moment.year]}",
            nc_type="customer" if customer else "internal",
            severity="minor",
            detected_on=moment.date(),
            customer_response_due=(moment + dt.timedelta(days=10)).date() if customer else None,
            owner=rng.choice(org["users"]),
            status="qualified" if still_open(rng, moment) else "closed",
        )

    def event(rng, moment, sequences):
        open_ = still_open(rng, moment)
        return SafetyEvent(
            **_common(org, rng, moment, sequences, "EVT"),
            title=f"Évènement {sequences[moment.year]}",
            event_type=rng.choice(["near_miss", "dangerous", "first_aid", "lost_time"]),
            occurred_at=moment,
            description="Bench",
            status="reported" if open_ else "closed",
            # Accidents are declared within two days; near misses have nothing to declare.
            declared_on=None if now - moment < dt.timedelta(days=2) else moment.date(),
        )

    rng = random.Random(SEED)
    for prefix, make in (("ACT", action), ("NC", nonconformity), ("EVT", event)):
        sequences = _spread(records, rng, make)
        ReferenceSequence.objects.bulk_create(
            [ReferenceSequence(prefix=prefix, year=y, last=n) for y, n in sequences.items()]
        )
        log(f"  {records} {prefix} records")


def _indicators(org, coordinator) -> None:
    """12 indicators of 24 monthly values with a target, and 40 unread alerts."""
    from amelio.core import services
    from amelio.indicators import services as indicator_services
    from amelio.indicators.models import (
        Indicator,
        IndicatorTarget,
        IndicatorValue,
        Notification,
    )

    rng = random.Random(SEED)
    today = dt.date.today()
    periods = [
        dt.date(today.year - 2 + (today.month - 1 + i) // 12, (today.month - 1 + i) % 12 + 1, 1)
        for i in range(24)
    ]
    for n in range(12):
        record = Indicator(
            org_unit=org["root"], name=f"Indicateur {n:02d}", unit="%", owner=coordinator
        )
        services.record_create(record=record, user=coordinator)
        IndicatorTarget.objects.create(indicator=record, valid_from=periods[0], target=95, alert=90)
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=record, period=p, value=94 + rng.gauss(0, 3)) for p in periods
        )
        indicator_services.refresh(record, notify_periods=set())
        Notification.objects.bulk_create(
            Notification(
                recipient=coordinator, indicator=record, period=p, message=f"{record.name}: alerte"
            )
            for p in periods[-4:]
        )


def _load(records: int, log=print) -> dict:
    from amelio.core.models import OrgUnit, RoleAssignment, User
    from amelio.core.permissions import Role
    from tests.bench import generate

    generate.generate(records, log=log)
    users = list(User.objects.filter(username__startswith="bench-"))
    coordinator = User.objects.get(username=generate.COORDINATOR)
    manager = User.objects.get(username=generate.MANAGER)
    site = OrgUnit.objects.get(code="S01")
    employee = User.objects.create_user(username=EMPLOYEE, password="bench-pw")
    RoleAssignment.objects.create(user=employee, org_unit=site, role=Role.CONTRIBUTOR)
    units = list(OrgUnit.objects.exclude(kind="organisation"))
    org = {"root": site.parent, "units": units, "users": [*users, employee]}
    _records(org, records, log)
    _indicators(org, coordinator)
    return {"coordinator": coordinator, "manager": manager, "employee": employee}


def _query_count(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    return len(queries)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000, help="records per register")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-doc", action="store_true", help="do not write the doc")
    args = parser.parse_args(argv)
    _prepare_environment()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from tests.bench.measure import page_times

    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    people = _load(args.records)
    print(f"  loaded in {time.perf_counter() - started:.0f} s")
    rows = []
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        times = page_times(client, "/", args.repeat)
        rows.append({"role": role, "queries": _query_count(client), **times})
        print(role, rows[-1])
    if not args.no_doc:
        _write_doc(rows, args)


def _write_doc(rows: list[dict], args) -> None:
    lines = [
        BEGIN,
        "## Cockpit (home page)",
        "",
        f"`make bench-cockpit`, {dt.date.today().isoformat()}, SQLite, "
        f"{platform.machine()} {platform.python_version()}, load average "
        f"{os.getloadavg()[0]:.1f}: {args.records:,} context issues, actions, nonconformities "
        "and accidents/incidents each (three years), 50 sites, 1,000 users, 12 indicators of "
        f"24 values, 40 unread alerts; {args.repeat} timed requests after one warm-up.",
        "",
        "| user | queries | p50 (ms) | p95 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['role']} | {row['queries']} | {row['p50']:.0f} | {row['p95']:.0f} "
            f"| {row['max']:.0f} |"
        )
    lines += [
        "",
        "The number of queries depends on the registers, not on the records (one for a register "
        "with nothing due, three for one with items due: two counts stopped at 100, read as "
        '"100+", and its 7 most urgent; one per register of events): '
        "`tests/core/test_cockpit.py` checks it on small and bigger data. Every list is "
        "bounded (7 items due, 6 indicators, 3 alerts, 5 events).",
        END,
    ]
    section = "\n".join(lines)
    text = REPORT.read_text()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    REPORT.write_text(text)


if __name__ == "__main__":
    main()
