"""ICPE: the regime of a rubrique from the shipped thresholds (exact bounds, "supérieur à"
against "supérieur ou égal à"), quantities summed per site except 2910, the worst regime of
the site, the periodic control of DC installations, and the site page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from amelio.core.services import record_create
from amelio.environment import computations as calc
from amelio.environment import icpe
from amelio.environment.models import IcpeEntry, IcpeSite, IcpeThreshold, Installation

PARAMETERS = {"control_years": 5, "control_years_iso14001": 10}


def _regime(rubrique: str, quantity: str, scale: str = "") -> tuple[str, str]:
    thresholds = [
        calc.Threshold(t.alinea, t.regime, t.bound, t.inclusive)
        for t in IcpeThreshold.objects.filter(rubrique=rubrique, scale=scale)
    ]
    result = calc.icpe_regime(thresholds, Decimal(quantity))
    return result.regime, result.alinea


def test_the_nomenclature_and_thresholds_are_loaded_with_their_version(db):
    assert IcpeEntry.objects.filter(heading=False).count() == 629
    assert IcpeEntry.objects.get(rubrique="2560", alinea="2").regime == "DC"
    # 2541 has a heading and a classifying row without alinéa: the classifying one is kept.
    assert IcpeEntry.objects.get(rubrique="2541", alinea="").regime == "A"
    assert IcpeThreshold.objects.count() == 45
    control = IcpeThreshold.objects.get(rubrique="4331", alinea="3")
    assert (control.regime, control.bound, control.inclusive, control.unit) == (
        "DC",
        Decimal("50.000"),
        True,
        "t",
    )
    assert control.source_url == "https://aida.ineris.fr/node/32534"


@pytest.mark.parametrize(
    ("rubrique", "scale", "quantity", "expected"),
    [
        # 2560: DC "supérieure à 150 kW", E "supérieure à 1 000 kW" (strict bounds).
        ("2560", "", "150", ("NC", "")),
        ("2560", "", "150.001", ("DC", "2")),
        ("2560", "", "1000", ("DC", "2")),
        ("2560", "", "1000.5", ("E", "1")),
        # 4331: DC from 50 t, E from 100 t, A from 1 000 t ("supérieure ou égale à").
        ("4331", "", "49.999", ("NC", "")),
        ("4331", "", "50", ("DC", "3")),
        ("4331", "", "100", ("E", "2")),
        ("4331", "", "1000", ("A", "1")),
        # 2910-A: DC from 1 MW, E from 20 MW.
        ("2910", "A", "0.9", ("NC", "")),
        ("2910", "A", "1", ("DC", "A-2")),
        ("2910", "A", "20", ("E", "A-1")),
        # 1510: DC from 5 000 m³, E from 50 000 m³, A from 900 000 m³.
        ("1510", "", "4999", ("NC", "")),
        ("1510", "", "5000", ("DC", "2-c")),
        ("1510", "", "900000", ("A", "2-a")),
        # 4725 oxygen: D from 2 t, A from 200 t.
        ("4725", "", "2", ("D", "2")),
        ("4725", "", "200", ("A", "1")),
        # 2921-1: any evaporative cooling below 3 000 kW is DC.
        ("2921", "1", "0.5", ("DC", "1-b")),
        ("2921", "1", "3000", ("E", "1-a")),
        # 2940-2 spraying: DC above 10 kg/day, E above 100 kg/day.
        ("2940", "2", "10", ("NC", "")),
        ("2940", "2", "11", ("DC", "2-b")),
        ("2940", "2", "101", ("E", "2-a")),
    ],
)
def test_regime_from_the_shipped_thresholds(db, rubrique, scale, quantity, expected):
    assert _regime(rubrique, quantity, scale) == expected


def test_the_worst_regime_defines_the_site():
    assert calc.worst_regime(["DC", "D", "E", "NC"]) == "E"
    assert calc.worst_regime(["D", "DC"]) == "DC"
    assert calc.worst_regime(["A", "E"]) == "A"
    assert calc.worst_regime([]) == "NC"


def test_quantities_of_a_rubrique_are_summed_but_not_for_2910():
    thresholds = {
        ("2560", ""): [
            calc.Threshold("1", "E", Decimal(1000), False),
            calc.Threshold("2", "DC", Decimal(150), False),
        ],
        ("2910", "A"): [
            calc.Threshold("A-1", "E", Decimal(20), True),
            calc.Threshold("A-2", "DC", Decimal(1), True),
        ],
    }
    items = [
        calc.InstallationQuantity(1, "2560", "", "", "NC", Decimal(100)),
        calc.InstallationQuantity(2, "2560", "", "", "NC", Decimal(90)),
        calc.InstallationQuantity(3, "2910", "A", "", "NC", Decimal("0.8")),
        calc.InstallationQuantity(4, "2910", "A", "", "NC", Decimal("0.7")),
        calc.InstallationQuantity(5, "2925", "", "1", "D", None),
    ]
    found = calc.classify_installations(items, thresholds, ["2910"])
    summary = [(c.code, c.regime, c.quantity, c.installation_ids) for c in found]
    assert summary == [
        # 100 + 90 kW of machines: above 150 kW together, DC for the site.
        ("2560-2", "DC", Decimal(190), (1, 2)),
        # No threshold known for 2925 here: the regime of the chosen alinéa.
        ("2925-1", "D", None, (5,)),
        # Two boilers of 0.8 and 0.7 MW, each its own combustion installation: not classified.
        ("2910", "NC", Decimal("0.8"), (3,)),
        ("2910", "NC", Decimal("0.7"), (4,)),
    ]


@pytest.mark.parametrize(
    ("regimes", "iso14001", "emas", "expected"),
    [
        (["DC", "D"], False, False, dt.date(2029, 3, 31)),
        (["DC"], True, False, dt.date(2034, 3, 31)),
        (["DC"], False, True, None),
        (["DC", "E"], False, False, None),
        (["DC", "A"], False, False, None),
        (["D"], False, False, None),
    ],
)
def test_periodic_control_of_dc_installations(regimes, iso14001, emas, expected):
    due = calc.next_periodic_control(
        regimes=regimes,
        last_control=dt.date(2024, 3, 31),
        first_commissioning=dt.date(2010, 1, 1),
        parameters=PARAMETERS,
        iso14001=iso14001,
        emas=emas,
    )
    assert due == expected


def test_without_a_control_the_first_commissioning_starts_the_period():
    due = calc.next_periodic_control(
        regimes=["DC"],
        last_control=None,
        first_commissioning=dt.date(2024, 2, 29),
        parameters=PARAMETERS,
    )
    assert due == dt.date(2029, 2, 28)
    assert (
        calc.next_periodic_control(
            regimes=["DC"], last_control=None, first_commissioning=None, parameters=PARAMETERS
        )
        is None
    )


def test_the_shipped_parameters_have_their_sources():
    assert icpe.parameters()["control_years"] == 5
    assert icpe.parameters()["control_years_iso14001"] == 10
    assert icpe.parameters()["not_summed"] == ["2910"]
    assert "R512-57" in icpe.parameter_sources()["control_years"]


@pytest.fixture
def site(org, coordinator):
    return record_create(
        record=IcpeSite(
            name="Site A plant", org_unit=org["a"], last_control_on=dt.date(2023, 6, 1)
        ),
        user=coordinator,
    )


def _installation(site, user, **fields) -> Installation:
    record = Installation(site=site, org_unit=site.org_unit, **fields)
    record.full_clean()
    return record_create(record=record, user=user)


def test_the_site_regime_and_control_follow_its_installations(site, coordinator):
    lathes = _installation(site, coordinator, name="Lathes", rubrique="2560", quantity=100)
    site.refresh_from_db()
    assert (site.regime, site.next_control_due) == ("NC", None)
    _installation(site, coordinator, name="Milling", rubrique="2560", quantity=80)
    site.refresh_from_db()
    lathes.refresh_from_db()
    # 180 kW of machines together: DC, control 5 years after the last one.
    assert (site.regime, site.next_control_due) == ("DC", dt.date(2028, 6, 1))
    assert (lathes.regime, lathes.alinea, lathes.unit) == ("DC", "2", "kW")
    _installation(site, coordinator, name="Solvents store", rubrique="4331", quantity=120)
    site.refresh_from_db()
    # An E installation on the site: the periodic control is no longer required.
    assert (site.regime, site.next_control_due) == ("E", None)


def test_an_unknown_rubrique_or_missing_alinea_gets_a_message(site, coordinator):
    with pytest.raises(ValidationError) as error:
        Installation(site=site, org_unit=site.org_unit, name="X", rubrique="9999").full_clean()
    assert error.value.message_dict["rubrique"] == [
        "9999 is not a rubrique of the ICPE nomenclature."
    ]
    with pytest.raises(ValidationError) as error:
        Installation(site=site, org_unit=site.org_unit, name="X", rubrique="2910").full_clean()
    assert error.value.message_dict["scale"] == [
        "Choose the part of rubrique 2910 whose thresholds are known (A), or give the alinéa."
    ]
    with pytest.raises(ValidationError) as error:
        Installation(site=site, org_unit=site.org_unit, name="X", rubrique="2560").full_clean()
    assert error.value.message_dict["quantity"] == ["Give the quantity: the regime depends on it."]
    with pytest.raises(ValidationError) as error:
        Installation(
            site=site, org_unit=site.org_unit, name="X", rubrique="2661", alinea="9"
        ).full_clean()
    assert error.value.message_dict["alinea"][0].startswith("Alinéas of rubrique 2661: ")
    # Without thresholds, the chosen alinéa gives the regime from the nomenclature.
    moulding = _installation(site, coordinator, name="Moulding", rubrique="2661", alinea="1-C")
    assert (moulding.regime, moulding.code) == ("D", "2661-1-c")
    # A part of a rubrique without shipped thresholds (2910-B) takes its alinéa's regime.
    biomass = _installation(
        site, coordinator, name="Waste wood boiler", rubrique="2910", scale="B", alinea="B-2"
    )
    assert (biomass.regime, biomass.code) == ("A", "2910-B-2")


def test_the_site_page_shows_classification_and_obligations(site, coordinator, client_for):
    _installation(site, coordinator, name="Lathes", rubrique="2560", quantity=100)
    _installation(site, coordinator, name="Milling", rubrique="2560", quantity=80)
    site.refresh_from_db()
    page = client_for(coordinator).get(f"/environment/icpe/{site.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "2560-2" in html
    assert "Declaration with periodic control (DC)" in html
    assert "Periodic control by an approved body" in html
    assert "Quantities of the same rubrique on the site are added up." in html
    assert "Plan the control as an action" in html
    assert "due_date=2028-06-01" in html


def test_archiving_an_installation_classifies_the_site_again(site, coordinator):
    from amelio.core.services import record_archive, record_restore

    _installation(site, coordinator, name="Lathes", rubrique="2560", quantity=100)
    store = _installation(site, coordinator, name="Solvents", rubrique="4331", quantity=120)
    site.refresh_from_db()
    assert site.regime == "E"
    record_archive(record=store, user=coordinator)
    site.refresh_from_db()
    assert site.regime == "NC"
    record_restore(record=store, user=coordinator)
    site.refresh_from_db()
    assert site.regime == "E"


def test_the_control_period_starts_at_the_first_dc_commissioning(site, coordinator):
    site.last_control_on = None
    site.save()
    _installation(
        site,
        coordinator,
        name="Old store",
        rubrique="4331",
        quantity=10,
        commissioned_on=dt.date(1990, 1, 1),
    )
    _installation(
        site,
        coordinator,
        name="Lathes",
        rubrique="2560",
        quantity=200,
        commissioned_on=dt.date(2020, 9, 1),
    )
    site.refresh_from_db()
    # The NC store commissioned in 1990 does not start the DC control period.
    assert (site.regime, site.next_control_due) == ("DC", dt.date(2025, 9, 1))


def test_another_sites_icpe_file_is_not_found(site, outsider, client_for):
    assert client_for(outsider).get(f"/environment/icpe/{site.pk}/").status_code == 404


def test_the_api_refuses_another_sites_icpe_file(site, outsider, client_for):
    response = client_for(outsider).post(
        "/api/v1/environment/installations/",
        {"site": site.pk, "org_unit": "B", "name": "X", "rubrique": "2560", "quantity": "200"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["site"] == ["This record cannot be found."]
    assert Installation.objects.count() == 0
