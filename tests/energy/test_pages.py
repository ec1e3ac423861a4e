"""Energy pages: the energy review with its figures and export, the EnPI page against a
hand-computed baseline, the imports (readings through the register, emission factors,
variable values) all or nothing with row numbers, and the permissions."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.formats import number_format
from openpyxl import Workbook, load_workbook

from amelio.core import services
from amelio.energy import computations as calc
from amelio.energy.models import EmissionFactor, EnergyIndicator, Reading, VariableValue
from tests.energy.factories import meter, reading, variable

pytestmark = pytest.mark.django_db


def _xlsx(rows, name="import.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _last_months(count: int) -> list[dt.date]:
    last = calc.add_months(calc.first_of_month(timezone.localdate()), -1)
    return [calc.add_months(last, i - count + 1) for i in range(count)]


def _month_end(month: dt.date) -> dt.date:
    return calc.add_months(month, 1) - dt.timedelta(days=1)


def test_outsider_gets_404_on_a_meter(org, coordinator, outsider, client_for):
    power = meter(coordinator, org["a"])
    client = client_for(outsider)
    assert client.get(f"/energy/meters/{power.pk}/").status_code == 404
    assert client_for(coordinator).get(f"/energy/meters/{power.pk}/").status_code == 200


def test_review_figures_and_query_count(
    org, coordinator, client_for, django_assert_max_num_queries
):
    months = _last_months(24)
    power = meter(coordinator, org["a"], significant=True)
    oil = meter(coordinator, org["a"], "fuel_oil", "L")
    for index, month in enumerate(months):
        reading(coordinator, power, month, _month_end(month), 1000 if index < 12 else 900, cost=150)
    reading(coordinator, oil, months[-1], _month_end(months[-1]), 100)
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get("/energy/readings/review/", {"site": org["a"].pk})
    assert response.status_code == 200
    grand = response.context["grand"]
    assert grand["kwh"] == pytest.approx(12 * 900 + 997)
    assert grand["previous"] == pytest.approx(12 * 1000)
    assert grand["cost"] == pytest.approx(12 * 150)
    # 900 kWh × 0.052 a month, and 997 kWh of fuel oil × 0.324.
    assert grand["kg"] == pytest.approx(12 * 900 * 0.052 + 997 * 0.324)
    seu = {row["name"]: row["share"] for row in response.context["seu"]}
    assert seu[power.name] == pytest.approx(10800 / 11797)
    assert response.context["charts"]["stacked"]["data"][0]["type"] == "bar"
    # More readings, same number of queries.
    for month in months[:12]:
        reading(coordinator, oil, month, _month_end(month), 50)
    with django_assert_max_num_queries(12):
        client.get("/energy/readings/review/", {"site": org["a"].pk})


def test_review_export(org, coordinator, client_for):
    months = _last_months(2)
    power = meter(coordinator, org["a"])
    for month in months:
        reading(coordinator, power, month, _month_end(month), 1000, cost=160)
    response = client_for(coordinator).get("/energy/readings/review/", {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Par mois", "Par énergie", "Usages énergétiques significati"]
    by_energy = list(book["Par énergie"].iter_rows(values_only=True))
    assert by_energy[1][:3] == ("Électricité", 2000, 320)


def test_review_is_scoped(org, coordinator, outsider, client_for):
    month = _last_months(1)[0]
    reading(coordinator, meter(coordinator, org["a"]), month, _month_end(month), 1000)
    response = client_for(outsider).get("/energy/readings/review/")
    assert response.context["grand"]["kwh"] == 0


def _indicator(org, coordinator, months, energy, dju, tonnes, **extra) -> EnergyIndicator:
    power = meter(coordinator, org["a"])
    for month, kwh in zip(months, energy, strict=True):
        reading(coordinator, power, month, _month_end(month), kwh)
    heat = variable(coordinator, org["a"], values=dict(zip(months, dju, strict=True)))
    made = variable(
        coordinator,
        org["a"],
        "Production",
        "production",
        dict(zip(months, tonnes, strict=True)),
        "t",
    )
    record = EnergyIndicator(
        org_unit=org["a"],
        name="Site A energy",
        kind="regression",
        variable_1=heat,
        variable_2=made,
        baseline_start=months[0],
        baseline_end=months[11],
        reporting_start=months[12],
        **extra,
    )
    return services.record_create(
        record=record, user=coordinator, m2m_save=lambda: record.meters.set([power])
    )


DJU = [420, 350, 290, 190, 95, 20, 0, 0, 45, 175, 320, 405]
TONNES = [150, 148, 160, 155, 152, 149, 151, 60, 158, 162, 150, 120]


def test_enpi_page_with_an_exact_baseline(org, coordinator, client_for):
    months = _last_months(15)
    dju = [*DJU, 400, 300, 0]
    tonnes = [*TONNES, 150, 100, 150]
    energy = [1000 + 50 * d + 2 * p for d, p in zip(DJU, TONNES, strict=True)]
    energy += [21000, 16500, 1100]  # expected 21 300, 16 200, 1 300
    indicator = _indicator(org, coordinator, months, energy, dju, tonnes)
    response = client_for(coordinator).get(f"/energy/enpis/{indicator.pk}/")
    assert response.status_code == 200
    analysis = response.context["analysis"]
    assert analysis.model.coefficients == pytest.approx((1000, 50, 2), abs=1e-6)
    assert analysis.model.r2 == pytest.approx(1.0)
    assert [round(r["expected"]) for r in analysis.rows] == [21300, 16200, 1300]
    assert [round(r["cusum"]) for r in analysis.rows] == [-300, 0, -200]
    assert round(analysis.performance.savings) == 200
    assert response.context["below_threshold"] is False
    html = response.content.decode()
    with translation.override("fr"):
        assert number_format(16200, 0, force_grouping=True) in html  # the page's locale
    assert "Référence énergétique" in html
    export = client_for(coordinator).get(f"/energy/enpis/{indicator.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert [round(r[4]) for r in rows[1:]] == [21300, 16200, 1300]


def test_enpi_flags_a_weak_model_and_refuses_too_few_points(org, coordinator, client_for):
    months = _last_months(13)
    energy = [5000, 100, 9000, 40, 7000, 300, 8000, 50, 6000, 200, 9500, 10, 3000]
    indicator = _indicator(org, coordinator, months, energy, [*DJU, 100], [*TONNES, 100])
    response = client_for(coordinator).get(f"/energy/enpis/{indicator.pk}/")
    assert response.context["below_threshold"] is True
    assert response.context["analysis"].model.r2 < 0.75
    assert "0,75" in response.content.decode()  # the threshold, in the page's locale
    indicator.baseline_end = months[2]
    indicator.save()
    response = client_for(coordinator).get(f"/energy/enpis/{indicator.pk}/")
    assert response.context["analysis"].error == "too_few"
    assert response.context["analysis"].needed == 4


def test_reading_import_with_one_bad_row_saves_nothing(org, coordinator, manager, client_for):
    power = meter(coordinator, org["a"])
    header = ["meter", "org_unit", "period_start", "period_end", "quantity", "cost", "kind"]
    rows = [
        header,
        [str(power), "A", "2026-01-01", "2026-01-31", 1000, 150, "Invoice"],
        [str(power), "A", "2026-02-01", "2026-02-28", 1100, 160, "Invoice"],
        [str(power), "A", "2026-02-15", "2026-03-31", 900, 140, "Invoice"],
    ]
    client = client_for(manager)
    preview = client.post("/energy/readings/import/", {"file": _xlsx(rows)})
    # The preview saves each row and rolls back: the overlap of row 4 with row 3 of the same
    # file is found there, on its row.
    errors = preview.context["report"].errors
    assert [row.number for row in errors] == [4]
    assert "overlaps reading" in errors[0].errors[0] or "chevauche" in errors[0].errors[0]
    assert Reading.objects.count() == 0
    rows[3][2] = "2026-03-01"
    rows[2][4] = -5
    preview = client.post("/energy/readings/import/", {"file": _xlsx(rows)})
    errors = preview.context["report"].errors
    assert [row.number for row in errors] == [3]
    assert Reading.objects.count() == 0


def test_reading_import_by_meter_reference(org, coordinator, manager, client_for):
    power = meter(coordinator, org["a"])
    rows = [
        ["meter", "org_unit", "period_start", "period_end", "quantity"],
        [power.reference, "A", "01/01/2026", "31/01/2026", 2000],
    ]
    client = client_for(manager)
    preview = client.post("/energy/readings/import/", {"file": _xlsx(rows)})
    client.post("/energy/readings/import/", {"token": preview.context["token"]})
    saved = Reading.objects.get()
    assert (saved.meter, saved.kwh_pci, saved.kg_co2e) == (
        power,
        Decimal("2000.000"),
        Decimal("104.000"),
    )


FACTOR_HEADER = [
    "energy",
    "value",
    "basis_unit",
    "base_name",
    "vintage",
    "valid_from",
    "status",
    "source",
]


def test_factor_import_is_for_coordinators_of_the_organisation(org, manager, client_for):
    client = client_for(manager)
    response = client.get("/energy/factors/")
    assert response.status_code == 200
    assert response.context["may_import"] is False
    upload = _xlsx(
        [
            FACTOR_HEADER,
            ["Gaz naturel", "0.243", "kWh", "Base Empreinte", "2024", "2024-01-01", "", ""],
        ]
    )
    assert client.post("/energy/factors/", {"file": upload}).status_code == 403
    assert EmissionFactor.objects.count() == 7


def test_factor_import_all_or_nothing_with_row_numbers_in_french(org, coordinator, client_for):
    client = client_for(coordinator)
    rows = [
        FACTOR_HEADER,
        [
            "Gaz naturel",
            "0,243",
            "kgCO2e/kWh PCI",
            "Base Empreinte",
            "2024",
            "01/01/2024",
            "À vérifier",
            "",
        ],
        ["Uranium", "1", "kWh", "Base Empreinte", "2024", "01/01/2024", "", ""],
        ["Électricité", "0.052", "kWh", "Base Empreinte", "2022", "2022-01-01", "", ""],
    ]
    with translation.override("fr"):
        response = client.post("/energy/factors/", {"file": _xlsx(rows)}, HTTP_ACCEPT_LANGUAGE="fr")
    errors = response.context["errors"]
    assert [e.split("\u00a0")[0] for e in errors] == ["Ligne 3", "Ligne 4"]
    assert "Uranium" in errors[0]
    assert EmissionFactor.objects.count() == 7
    rows.pop(2)
    with translation.override("fr"):
        response = client.post("/energy/factors/", {"file": _xlsx(rows)}, HTTP_ACCEPT_LANGUAGE="fr")
    errors = response.context["errors"]
    assert len(errors) == 1 and errors[0].startswith("Ligne 3")
    assert "existe déjà" in errors[0]
    assert EmissionFactor.objects.count() == 7


def test_factor_import_applies_to_later_readings(org, coordinator, client_for):
    gas = meter(coordinator, org["a"], "natural_gas", "kWh_PCS")
    old = reading(coordinator, gas, dt.date(2023, 12, 1), dt.date(2023, 12, 31), 10000)
    new = reading(coordinator, gas, dt.date(2024, 1, 1), dt.date(2024, 1, 31), 10000)
    rows = [
        FACTOR_HEADER,
        ["natural_gas", "0.243", "kWh", "Base Empreinte", "2024", "2024-01-01", "to_verify", ""],
    ]
    response = client_for(coordinator).post(
        "/energy/factors/", {"file": _xlsx(rows, "factors.xlsx")}
    )
    assert response.status_code == 302
    imported = EmissionFactor.objects.get(energy="natural_gas", vintage="2024")
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.emission_factor, new.kg_co2e) == (imported, Decimal("2187.000"))
    assert old.kg_co2e == Decimal("2043.000")


def test_factor_import_from_csv(org, coordinator, client_for):
    content = "energy;value;basis_unit;base_name;valid_from\nwood_pellets;0,030;kWh;Base Empreinte;2024-01-01\n"
    upload = SimpleUploadedFile("factors.csv", content.encode("utf-8"))
    assert client_for(coordinator).post("/energy/factors/", {"file": upload}).status_code == 302
    assert EmissionFactor.objects.get(energy="wood_pellets").value == Decimal("0.030")


def test_variable_values_import(org, coordinator, manager, outsider, client_for):
    heat = variable(coordinator, org["a"])
    rows = [
        ["variable", "month", "value"],
        [str(heat), "2026-01-15", 410],
        [heat.reference, "01/02/2026", "355,5"],
    ]
    response = client_for(manager).post("/energy/variables/import-values/", {"file": _xlsx(rows)})
    assert response.status_code == 302
    assert list(VariableValue.objects.values_list("month", "value")) == [
        (dt.date(2026, 1, 1), Decimal("410.000")),
        (dt.date(2026, 2, 1), Decimal("355.500")),
    ]
    rows.append([heat.reference, "not a date", 3])
    response = client_for(outsider).post("/energy/variables/import-values/", {"file": _xlsx(rows)})
    found = [re.match(r"(Row|Ligne) (\d+)", m) for m in response.context["errors"]]
    assert [match.group(2) for match in found if match] == ["2", "3", "4"]
    assert VariableValue.objects.count() == 2


def test_a_months_value_typed_on_the_variables_page(org, manager, outsider, reader, client_for):
    heat = variable(manager, org["a"])
    page = client_for(manager).get(f"/energy/variables/{heat.pk}/")
    assert 'type="month"' in page.content.decode()
    url = f"/energy/variables/{heat.pk}/values/"
    client = client_for(manager)
    done = client.post(url, {"month": "2026-03", "value": "298.5"}, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 302
    client.post(url, {"month": "2026-03", "value": "301"}, HTTP_ACCEPT_LANGUAGE="en")
    assert list(VariableValue.objects.values_list("month", "value")) == [
        (dt.date(2026, 3, 1), Decimal("301.000"))
    ]
    shown = client.get(f"/energy/variables/{heat.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = shown.content.decode()
    assert "Value of March 2026 replaced." in html, re.findall(r'role="alert">\s*([^<]*)', html)
    bad = client.post(url, {"month": "March", "value": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 302
    assert VariableValue.objects.count() == 1
    # A reader sees the values but may not type one; another site's user gets 404.
    assert (
        'type="month"'
        not in client_for(reader).get(f"/energy/variables/{heat.pk}/").content.decode()
    )
    assert client_for(reader).post(url, {"month": "2026-04", "value": "1"}).status_code == 403
    assert client_for(outsider).post(url, {"month": "2026-04", "value": "1"}).status_code == 404
    assert VariableValue.objects.count() == 1
