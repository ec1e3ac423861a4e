"""The environment demo: the waste streams of both sites and two years of shipments in the
register, whose indicators look like a metalworking SME's; the environmental aspects, the
ICPE files and the emergency situations with their drills."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from amelio.core.models import OrgUnit, User
from amelio.environment.models import (
    Aspect,
    AspectType,
    Condition,
    Drill,
    EmergencySituation,
    IcpeSite,
    Stage,
    WasteMovement,
    WasteStream,
)


@pytest.fixture(scope="module")
def demo(demo_company):
    """The demo company, loaded once for the whole run (tests/conftest.py)."""
    return demo_company


@pytest.fixture
def coordinator(demo, db):
    return User.objects.get(username="coordinator")


def test_streams_of_each_site(demo, db):
    streams = WasteStream.objects.active()
    assert Counter(streams.values_list("org_unit__code", flat=True)) == {"LYO": 12, "ROA": 6}
    assert Counter(streams.values_list("category", flat=True)) == {
        "DND": 10,
        "DD": 6,
        "DEEE": 2,
    }
    assert streams.filter(waste_code__hazardous=True).count() == 7
    assert set(streams.values_list("sorting_stream", flat=True)) == {
        "metal",
        "paper",
        "plastic",
        "wood",
        "none",
    }
    emulsions = streams.get(name="Émulsions d'usinage usées")
    assert (emulsions.waste_code.official, emulsions.treatment.code) == ("12 01 09*", "D9F")
    for stream in streams:
        assert stream.org_unit.kind == "site"
        assert stream.container and stream.collector and stream.destination_address
        assert len(stream.collector_siret) == len(stream.destination_siret) == 14
        assert stream.collector_receipt and stream.treatment.in_use
        assert (stream.category == "DD") == (
            stream.waste_code.hazardous and stream.category != "DEEE"
        )


def test_shipments(demo, db):
    movements = WasteMovement.objects.active()
    assert movements.count() == 384
    assert Counter(movements.values_list("org_unit__code", flat=True)) == {"LYO": 290, "ROA": 94}
    assert movements.filter(stream__name="Copeaux et chutes d'acier").count() == 50
    assert Counter(movements.values_list("unit", flat=True)) == {"kg": 202, "t": 151, "m3": 31}
    assert movements.filter(estimated=True).count() == 38
    today = timezone.localdate()
    days = movements.values_list("shipped_on", flat=True)
    assert today - dt.timedelta(days=730) < min(days) and max(days) <= today - dt.timedelta(7)
    assert not movements.filter(shipped_on__gt=today).exists()
    for movement in movements.select_related("stream", "org_unit"):
        assert movement.org_unit == movement.stream.org_unit
        assert movement.tonnes is not None and movement.tonnes > 0
        if movement.unit == "m3":
            assert movement.stream.density


def test_every_hazardous_shipment_has_its_slip(demo, db):
    movements = WasteMovement.objects.active()
    hazardous = movements.filter(stream__waste_code__hazardous=True)
    assert hazardous.count() == 90
    assert not hazardous.filter(slip_number="").exists()
    assert movements.exclude(slip_number="").count() == 90
    slips = list(hazardous.values_list("slip_number", "shipped_on"))
    assert len({slip for slip, _day in slips}) == 90
    for slip, day in slips:
        assert slip.startswith(f"BSD-{day:%Y%m%d}-") and len(slip) == 21


def test_a_few_shipments_with_their_own_transporter_destination_or_treatment(demo, db):
    movements = WasteMovement.objects.active()
    assert movements.exclude(transporter="").count() == 2
    assert movements.exclude(destination="").count() == 3
    own = movements.filter(treatment__isnull=False)
    assert sorted(own.values_list("treatment__code", flat=True)) == ["D10", "R1"]
    assert not movements.exclude(transporter="").filter(transporter_siret="").exists()


def test_indicators_of_venissieux(demo, coordinator, client):
    client.force_login(coordinator)
    lyo = OrgUnit.objects.get(code="LYO")
    today = timezone.localdate()
    response = client.get(
        "/environment/register/indicators/",
        {"site": lyo.pk, "start": today - dt.timedelta(days=730), "end": today},
    )
    assert response.status_code == 200
    summary = response.context["summary"]
    assert 0.6 < summary.recovery_rate < 0.9
    assert 0.7 < summary.recovery_rate < 0.85
    assert 0.1 < summary.hazardous_share < 0.2
    # Soiled packaging and electrical waste go to grouping (R13): final treatment not known.
    assert 0 < summary.unknown_treatment < 10
    assert summary.without_weight == 0
    assert 300 < summary.total < 500
    assert response.context["sankey"] is not None


def test_legal_register_of_roanne(demo, coordinator, client):
    client.force_login(coordinator)
    unit = OrgUnit.objects.get(code="ROA")
    today = timezone.localdate()
    response = client.get(
        "/environment/register/legal/",
        {"site": unit.pk, "start": today - dt.timedelta(days=730), "end": today},
    )
    assert response.status_code == 200
    assert response.context["count"] == 94


def _by_site(records) -> Counter:
    """How many of `records` each site holds, whatever the unit below the site."""
    sites = list(OrgUnit.objects.sites())
    return Counter(
        next(site.code for site in sites if record.org_unit.path.startswith(site.path))
        for record in records.select_related("org_unit")
    )


def test_aspects_of_each_site(demo, db):
    aspects = Aspect.objects.active()
    assert _by_site(aspects) == {"LYO": 14, "ROA": 8}
    assert _by_site(aspects.filter(significant=True)) == {"LYO": 9, "ROA": 6}
    assert set(aspects.values_list("aspect_type", flat=True)) == set(AspectType.values)
    assert Counter(aspects.values_list("condition", flat=True)) == {
        Condition.NORMAL: 18,
        Condition.ABNORMAL: 2,
        Condition.EMERGENCY: 2,
    }
    assert set(aspects.values_list("stage", flat=True)) == set(Stage.values)
    assert aspects.filter(control="indirect").count() == 3
    assert Counter(aspects.values_list("rating_level", flat=True)) == {
        "low": 9,
        "medium": 7,
        "high": 5,
        "critical": 1,
    }
    assert set(aspects.values_list("matrix__code", flat=True)) == {"PG-4x4"}
    regulated = aspects.filter(legal_requirement=True)
    assert regulated.count() == 11
    assert not regulated.filter(legal_reference="").exists()
    # A legal requirement makes an aspect significant whatever its rating.
    assert regulated.filter(rating_level="low", significant=True).count() == 2
    assert aspects.filter(process__isnull=False).count() == 10
    assert not aspects.filter(owner__isnull=True).exists()


def test_icpe_files_of_both_sites(demo, db):
    sites = {s.org_unit.code: s for s in IcpeSite.objects.active().select_related("org_unit")}
    assert {code: s.regime for code, s in sites.items()} == {"LYO": "DC", "ROA": "E"}
    # ISO 14001 certified, DC without A or E: ten years after the last control.
    assert sites["LYO"].next_control_due == dt.date(2032, 5, 12)
    # A registered (E) installation on the site: no periodic control.
    assert sites["ROA"].next_control_due is None
    assert sites["LYO"].installations.count() == 8
    assert sites["ROA"].installations.count() == 4
    found = {(c.code, c.quantity, c.regime) for c in sites["LYO"].classification()}
    # 420 + 140 + 60 kW of machines summed; the boiler; the powder coating line (heat
    # treatment is subcontracted: no furnace on the site).
    assert ("2560-2", 620, "DC") in found
    assert ("2910-A-2", Decimal("2.4"), "DC") in found
    assert ("2940-3-b", 80, "DC") in found
    # 120 kW of charging that releases hydrogen: declared (D) above 50 kW.
    assert ("2925-1", 120, "D") in found
    roanne = {c.code: c.regime for c in sites["ROA"].classification()}
    assert roanne == {"2565-2-a": "E", "2563-2": "DC", "2940-1-b": "DC", "4718": "NC"}


def test_emergency_situations_and_their_drills(demo, db):
    situations = EmergencySituation.objects.active()
    assert _by_site(situations) == {"LYO": 6, "ROA": 4}
    drills = Drill.objects.active()
    assert drills.count() == 17
    assert Counter(drills.values_list("outcome", flat=True)) == {
        "satisfactory": 11,
        "improve": 5,
        "failed": 1,
    }
    assert not drills.exclude(outcome="satisfactory").filter(findings="").exists()
    today = timezone.localdate()
    assert today - dt.timedelta(days=730) < min(drills.values_list("held_on", flat=True))
    assert not drills.filter(held_on__gt=today).exists()
    for situation in situations:
        held = situation.drills.values_list("held_on", flat=True)
        assert situation.last_drill_on == max(held)
    overdue = situations.filter(next_drill_due__lt=today)
    assert sorted(overdue.values_list("title", flat=True)) == [
        "Fuite de gaz naturel en chaufferie",
        "Fuite de propane à la citerne de la chaufferie",
        "Incendie à la cabine de peinture poudre",
        "Inondation du site par une crue de la Loire",
    ]
