"""The demo control plan: approved, five characteristics, three months of controls entered by
the operators, the failed ones with their nonconformity, and the bore's SPC indicator whose
values are the monthly averages of its records."""

from __future__ import annotations

import pytest
from django.db.models import Avg
from django.db.models.functions import TruncMonth
from django.utils import timezone

from amelio.nonconformities.models import Nonconformity
from amelio.riskanalysis import demo_control
from amelio.riskanalysis.models import ControlPlan, ControlRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(demo_company):
    if not ControlPlan.objects.exists():  # until the app's demo loads it with the others
        demo_control.load(demo_company)
    return ControlPlan.objects.get()


def test_the_demo_plan_and_its_three_months_of_controls(plan):
    assert (plan.status, plan.org_unit.code, plan.process.code) == ("approved", "LYO-USI", "R-USI")
    characteristics = {c.name: c for c in plan.characteristics.all()}
    assert len(characteristics) == 5
    records = ControlRecord.objects.filter(characteristic__plan=plan)
    assert records.count() > 250
    failed = records.filter(conform=False).select_related("nonconformity")
    assert failed.count() == 6
    assert all(r.nonconformity is not None for r in failed)
    titles = set(
        Nonconformity.objects.filter(pk__in=failed.values("nonconformity")).values_list(
            "title", flat=True
        )
    )
    assert "Diamètre d'alésage Ø 25 H7: 25.023 mm out of limits (25 – 25.021 mm)" in titles or (
        "Diamètre d'alésage Ø 25 H7 : 25.023 mm hors limites (25 – 25.021 mm)" in titles
    )
    assert all(c.next_due and c.last_controlled_at for c in characteristics.values())


def test_the_bore_feeds_its_spc_indicator(plan):
    bore = plan.characteristics.get(name__startswith="Diamètre")
    indicator = bore.indicator
    assert (indicator.lsl, indicator.usl, indicator.chart_type) == (25.0, 25.021, "individuals")
    months = (
        bore.records.annotate(month=TruncMonth("measured_at"))
        .values("month")
        .annotate(mean=Avg("value"))
        .order_by("month")
    )
    expected = [(timezone.localdate(m["month"]), float(m["mean"])) for m in months]
    assert [(v.period, v.value) for v in indicator.values.order_by("period")] == [
        (period, pytest.approx(mean)) for period, mean in expected
    ]
