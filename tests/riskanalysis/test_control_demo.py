"""The demo control plan, loaded on a minimal company (the units and people it uses, not the
whole demo): approved, five characteristics, three months of controls entered by the
operators, the failed ones each with its nonconformity, and the bore's SPC indicator whose
values are the monthly averages of its records."""

from __future__ import annotations

import pytest
from django.db.models import Avg
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from amelio.core.demo import DemoCompany
from amelio.core.models import OrgUnit, RoleAssignment, User
from amelio.core.permissions import Role
from amelio.nonconformities.models import Nonconformity
from amelio.riskanalysis import demo_control
from amelio.riskanalysis.models import ControlPlan, ControlRecord

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("coordinator", Role.COORDINATOR, "FMR"),
    ("manager", Role.MANAGER, "LYO"),
    ("employee", Role.CONTRIBUTOR, "LYO"),
    ("tmercier", Role.CONTRIBUTOR, "LYO-USI"),
    ("erousseau", Role.CONTRIBUTOR, "LYO-USI"),
]


@pytest.fixture(scope="module")
def plan(django_db_setup, django_db_blocker):
    """Loaded once for the module, in French as the demo is, and rolled back at its end."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic(), translation.override("fr"):
        company = DemoCompany()
        root = OrgUnit.objects.create(kind="organisation", name="FMR", code="FMR")
        site = OrgUnit.objects.create(kind="site", name="Vénissieux", code="LYO", parent=root)
        company.units = {
            "FMR": root,
            "LYO": site,
            "LYO-USI": OrgUnit.objects.create(
                kind="work_unit", name="Usinage CN", code="LYO-USI", parent=site
            ),
        }
        for username, role, unit in PEOPLE:
            user = User.objects.create_user(username=username, email=f"{username}@fmr.example")
            RoleAssignment.objects.create(user=user, org_unit=company.units[unit], role=role)
            company.users[username] = user
        _fmea_line(company.units["LYO-USI"])
        demo_control.load(company)
        yield ControlPlan.objects.get()
        transaction.set_rollback(True)


def _fmea_line(unit) -> None:
    """The line of the demo FMEA the diameter is linked to."""
    from amelio.riskanalysis.models import Fmea, FmeaLine
    from amelio.scoring.models import ScoringMatrix

    fmea = Fmea.objects.create(
        title="AMDEC usinage",
        item="Arbre Ø 25",
        org_unit=unit,
        matrix=ScoringMatrix.objects.get(code="AMDEC-SOD", status="in_use"),
    )
    FmeaLine.objects.create(
        fmea=fmea,
        org_unit=unit,
        item="Op. 40 Tournage finition",
        failure_mode=demo_control.FMEA_FAILURE_MODE,
        effect="Montage du roulement impossible",
        cause="Usure de la plaquette",
        severity=8,
        occurrence=5,
        detection=5,
    )


def test_the_demo_plan_and_its_three_months_of_controls(plan):
    assert (plan.status, plan.org_unit.code, plan.phase) == ("approved", "LYO-USI", "production")
    characteristics = list(plan.characteristics.all())
    assert len(characteristics) == 5
    records = ControlRecord.objects.filter(characteristic__plan=plan)
    assert records.count() > 250
    assert set(records.values_list("created_by__username", flat=True)) == {
        "tmercier",
        "erousseau",
    }
    failed = records.filter(conform=False)
    assert failed.count() == 6
    raised = Nonconformity.objects.filter(pk__in=failed.values("nonconformity"))
    assert raised.count() == 6
    assert sorted(raised.values_list("severity", flat=True)) == ["major"] * 4 + ["minor"] * 2
    # The title is in the loader's language: the characteristic, the value, the limits.
    bore_titles = [t for t in raised.values_list("title", flat=True) if "25,004 mm" in t]
    assert len(bore_titles) == 1 and bore_titles[0].startswith("Diamètre Ø 25 h7 de portée")
    assert bore_titles[0].endswith("(24,979 – 25 mm)")
    assert all(c.next_due and c.last_controlled_at for c in characteristics)


def test_the_bore_feeds_its_spc_indicator(plan):
    bore = plan.characteristics.get(name__startswith="Diamètre")
    assert bore.fmea_line.failure_mode == "Diamètre Ø 25 h7 hors tolérance"
    assert plan.characteristics.exclude(pk=bore.pk).filter(fmea_line__isnull=False).count() == 0
    indicator = bore.indicator
    assert (indicator.lsl, indicator.usl, indicator.chart_type) == (24.979, 25.0, "individuals")
    months = (
        bore.records.annotate(month=TruncMonth("measured_at"))
        .values("month")
        .annotate(mean=Avg("value"))
        .order_by("month")
    )
    expected = [(timezone.localdate(m["month"]), float(m["mean"])) for m in months]
    assert len(expected) >= 3
    assert [(v.period, v.value) for v in indicator.values.order_by("period")] == [
        (period, pytest.approx(mean)) for period, mean in expected
    ]
