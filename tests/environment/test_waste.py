"""Waste: codes of the European List of Waste typed as people write them, streams and the
chronological register (legal columns read back from the export), and the indicators."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from amelio.core.services import record_create
from amelio.environment import computations as calc
from amelio.environment.models import TreatmentCode, WasteCode, WasteMovement, WasteStream
from amelio.environment.views import REGISTER_COLUMNS


@pytest.mark.parametrize(
    ("text", "code6", "asterisk"),
    [
        ("12 01 09*", "120109", True),
        ("120109*", "120109", True),
        ("12.01.09 *", "120109", True),
        ("12 01 01", "120101", False),
        ("120101", "120101", False),
        ("12-01-01", "120101", False),
        ("12 01 01 limaille et chutes de métaux ferreux", "120101", False),
    ],
)
def test_codes_are_read_as_people_write_them(text, code6, asterisk):
    parsed = calc.parse_waste_code(text)
    assert (parsed.code6, parsed.asterisk, parsed.spaced) == (
        code6,
        asterisk,
        f"{code6[:2]} {code6[2:4]} {code6[4:]}",
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty"), ("12 01", "format"), ("1201090", "format"), ("AB 01 09", "format")],
)
def test_malformed_codes_are_refused(text, reason):
    with pytest.raises(calc.BadWasteCode) as error:
        calc.parse_waste_code(text)
    assert error.value.reason == reason


def test_the_list_is_loaded_with_its_hazardous_flags(db):
    assert WasteCode.objects.count() == 842
    assert WasteCode.objects.filter(hazardous=True).count() == 408
    emulsions = WasteCode.objects.get(code6="120109")
    assert (emulsions.official, emulsions.hazardous) == ("12 01 09*", True)
    assert emulsions.version == "Decision 2014/955/EU"
    assert TreatmentCode.objects.count() == 30
    assert set(TreatmentCode.objects.filter(final=False).values_list("code", flat=True)) == {
        "R12",
        "R13",
        "D9",
        "D13",
        "D14",
        "D15",
    }
    assert set(TreatmentCode.objects.filter(in_use=False).values_list("code", flat=True)) == {
        "D6",
        "D7",
        "D11",
    }


def _stream_post(unit, **fields):
    return {
        "name": "Émulsions d'usinage usées",
        "org_unit": unit.pk,
        "waste_code": "12 01 09*",
        "category": "DD",
        "sorting_stream": "none",
        "treatment": TreatmentCode.objects.get(code="R9").pk,
        **fields,
    }


def test_a_stream_with_a_hazardous_code_with_or_without_asterisk(client_for, org, manager):
    client = client_for(manager)
    for written in ("12 01 09*", "120109"):
        response = client.post(
            "/environment/streams/add/", _stream_post(org["a"], waste_code=written)
        )
        assert response.status_code == 302, written
    streams = WasteStream.objects.all()
    assert [s.waste_code.code6 for s in streams] == ["120109", "120109"]
    assert all(s.hazardous for s in streams)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("12 99 98", "12 99 98 is not in the European List of Waste."),
        (
            "12 01 01*",
            "12 01 01* is not a hazardous waste: write it without the asterisk (12 01 01).",
        ),
        ("1201", "“1201” is not a waste code: write six digits, e.g. 12 01 09 or 120109*."),
    ],
)
def test_unknown_or_malformed_codes_get_a_message_on_the_field(
    written, message, client_for, org, manager
):
    response = client_for(manager).post(
        "/environment/streams/add/",
        _stream_post(org["a"], waste_code=written, category="DND"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["waste_code"] == [message]
    assert not WasteStream.objects.exists()


def test_a_hazardous_code_cannot_be_filed_as_non_hazardous(org, coordinator):
    stream = WasteStream(
        name="Emulsions",
        org_unit=org["a"],
        waste_code=WasteCode.objects.get(code6="120109"),
        category="DND",
    )
    with pytest.raises(ValidationError) as error:
        record_create(record=stream, user=coordinator)
    assert error.value.message_dict["category"] == [
        "12 01 09* is a hazardous waste: choose the category DD, DASRI or DEEE."
    ]


@pytest.fixture
def streams(org, coordinator):
    org["a"].siret = "81234567600017"
    org["a"].address = "12 rue des Forgerons\n69200 Vénissieux"
    org["a"].save()
    metal = record_create(
        record=WasteStream(
            name="Copeaux d'acier",
            org_unit=org["a"],
            waste_code=WasteCode.objects.get(code6="120101"),
            category="DND",
            sorting_stream="metal",
            collector="Recyclage Rhône Métaux",
            collector_siret="41234567800012",
            collector_receipt="69-2024-0012",
            destination="Ferraille du Rhône",
            destination_siret="41234567800020",
            destination_address="5 quai Gillet\n69009 Lyon",
            treatment=TreatmentCode.objects.get(code="R4"),
        ),
        user=coordinator,
    )
    emulsions = record_create(
        record=WasteStream(
            name="Émulsions d'usinage",
            org_unit=org["a"],
            waste_code=WasteCode.objects.get(code6="120109"),
            category="DD",
            collector="Chimirec",
            destination="Centre de traitement",
            treatment=TreatmentCode.objects.get(code="D9F"),
            density=Decimal("1.000"),
            intermediary_role="broker",
            intermediary="Courtage Déchets Rhône",
            intermediary_siret="42345678900011",
            intermediary_receipt="C-69-2023-0007",
        ),
        user=coordinator,
    )
    return metal, emulsions


def ship(stream, user, day, quantity, unit="t", **fields):
    return record_create(
        record=WasteMovement(
            stream=stream,
            org_unit=stream.org_unit,
            shipped_on=day,
            quantity=Decimal(quantity),
            unit=unit,
            **fields,
        ),
        user=user,
    )


def test_hazardous_shipments_need_their_tracking_slip(streams, coordinator):
    _metal, emulsions = streams
    with pytest.raises(ValidationError) as error:
        ship(emulsions, coordinator, dt.date(2026, 3, 2), "1.2")
    assert "slip_number" in error.value.message_dict
    movement = ship(
        emulsions, coordinator, dt.date(2026, 3, 2), "1200", unit="kg", slip_number="BSD-1"
    )
    assert movement.tonnes == Decimal("1.2")


def test_cubic_metres_need_a_density(streams, coordinator):
    metal, emulsions = streams
    with pytest.raises(ValidationError) as error:
        ship(metal, coordinator, dt.date(2026, 3, 2), "3", unit="m3")
    assert "unit" in error.value.message_dict
    assert (
        ship(emulsions, coordinator, dt.date(2026, 3, 2), "2", unit="m3", slip_number="B").tonnes
        == 2
    )


def test_the_legal_export_has_every_column_and_the_streams_defaults(
    streams, coordinator, client_for, org
):
    metal, emulsions = streams
    ship(metal, coordinator, dt.date(2026, 2, 10), "4250", unit="kg")
    ship(
        emulsions,
        coordinator,
        dt.date(2026, 3, 2),
        "0.8",
        slip_number="BSD-2026-0042",
        estimated=True,
        transport_mode="rail",
        transboundary_number="FR2026012345",
    )
    client = client_for(coordinator)
    response = client.get(
        "/environment/register/legal/",
        {"format": "xlsx", "start": "2026-01-01", "end": "2026-12-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "Date of shipment",
        "Usual name of the waste",
        "Waste code",
        "Hazardous waste",
        "Contains POP",
        "Basel code",
        "Quantity",
        "Unit",
        "Estimated quantity",
        "Producer (company name)",
        "Producer's SIRET",
        "Producer's address",
        "Pick-up address",
        "Transporter (company name)",
        "Transporter's SIRET",
        "Transporter's receipt number",
        "Transport mode",
        "Destination facility (company name)",
        "Destination's SIRET",
        "Destination's address",
        "Broker or trader",
        "Broker or trader (company name)",
        "Broker's or trader's SIRET",
        "Broker's or trader's receipt number",
        "Eco-organisme",
        "Eco-organisme's SIREN",
        "Planned treatment code",
        "Planned treatment mode",
        "Tracking slip number",
        "Transboundary shipment number",
        "Amelio reference",
    ]
    assert len(rows[0]) == len(REGISTER_COLUMNS)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Date of shipment"] == dt.datetime(2026, 2, 10)
    assert first["Waste code"] == "12 01 01"
    assert (first["Quantity"], first["Unit"]) == (4.25, "t")  # kilograms go out in tonnes
    assert first["Producer (company name)"] == "Acme – Site A"
    assert first["Producer's SIRET"] == "81234567600017"
    assert first["Producer's address"] == "12 rue des Forgerons 69200 Vénissieux"
    assert first["Transporter (company name)"] == "Recyclage Rhône Métaux"
    assert first["Transporter's receipt number"] == "69-2024-0012"
    assert first["Destination's address"] == "5 quai Gillet 69009 Lyon"
    assert (first["Planned treatment code"], first["Planned treatment mode"]) == ("R4", "Recycling")
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["Waste code"], second["Hazardous waste"]) == ("12 01 09*", "yes")
    assert (second["Estimated quantity"], second["Tracking slip number"]) == (
        "yes",
        "BSD-2026-0042",
    )
    assert (second["Planned treatment code"], second["Planned treatment mode"]) == (
        "D9F",
        "Disposal",
    )
    assert (second["Transport mode"], second["Transboundary shipment number"]) == (
        "Rail",
        "FR2026012345",
    )
    assert [second[c] for c in rows[0] if c.startswith("Broker")] == [
        "Broker (courtier)",
        "Courtage Déchets Rhône",
        "42345678900011",
        "C-69-2023-0007",
    ]
    assert (first["Transport mode"], first["Broker or trader"]) == ("Road", None)
    as_csv = client.get(
        "/environment/register/legal/",
        {"format": "csv", "start": "2026-01-01", "end": "2026-12-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    lines = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == list(rows[0])
    assert lines[1][:3] == ["2026-02-10", "Copeaux d'acier", "12 01 01"]


def test_the_register_is_scoped_to_the_readers_sites(streams, coordinator, outsider, client_for):
    metal, _emulsions = streams
    ship(metal, coordinator, dt.date(2026, 2, 10), "4")
    page = client_for(outsider).get(
        "/environment/register/legal/", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert page.context["count"] == 0


def test_indicators_recovery_rate_hazardous_share_and_sankey(streams, coordinator, client_for):
    metal, emulsions = streams
    ship(metal, coordinator, dt.date(2026, 2, 10), "6")
    ship(metal, coordinator, dt.date(2026, 3, 10), "3")
    ship(emulsions, coordinator, dt.date(2026, 3, 2), "1", slip_number="BSD-1")
    page = client_for(coordinator).get(
        "/environment/register/indicators/",
        {"start": "2026-01-01", "end": "2026-12-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    summary = page.context["summary"]
    assert summary.total == Decimal(10)
    assert summary.recovery_rate == Decimal("0.9")
    assert summary.hazardous_share == Decimal("0.1")
    assert page.context["months"] == ["2026-02", "2026-03"]
    assert page.context["table"][0] == ("Copeaux d'acier", [Decimal(6), Decimal(3)], Decimal(9))
    links = page.context["sankey"]["data"][0]["link"]
    assert sorted(links["value"]) == [1.0, 1.0, 9.0, 9.0]
    assert "90.0\u00a0%" in page.content.decode()


def test_grouping_operations_leave_the_final_treatment_unknown(streams, coordinator, client_for):
    metal, _emulsions = streams
    ship(metal, coordinator, dt.date(2026, 2, 10), "3")
    ship(
        metal,
        coordinator,
        dt.date(2026, 2, 11),
        "1",
        treatment=TreatmentCode.objects.get(code="R13"),
    )
    page = client_for(coordinator).get(
        "/environment/register/indicators/", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    summary = page.context["summary"]
    assert (summary.total, summary.unknown_treatment, summary.recovery_rate) == (4, 1, 1)


@pytest.mark.parametrize(("written", "code6"), [("10101", "010101"), ("150101", "150101")])
def test_spreadsheet_numbers_without_their_leading_zero(written, code6, db):
    from amelio.environment.forms import waste_code_from

    assert waste_code_from(written).code6 == code6


def test_a_short_number_is_not_taken_for_a_code(db):
    from django import forms

    from amelio.environment.forms import waste_code_from

    with pytest.raises(forms.ValidationError):
        waste_code_from("150")


def test_summary_without_weight_or_treatment():
    shipments = [
        calc.Shipment("2026-01", "A", Decimal(2), False, True, "Recycling"),
        calc.Shipment("2026-01", "B", Decimal(2), True, None, "?"),
        calc.Shipment("2026-01", "C", None, False, False, "Disposal"),
    ]
    summary = calc.summarise(shipments)
    assert (summary.total, summary.unknown_treatment, summary.without_weight) == (4, 2, 1)
    assert summary.recovery_rate == 1
    assert summary.hazardous_share == Decimal("0.5")
    assert calc.summarise([]).recovery_rate is None


def test_a_treatment_mode_must_suit_the_treatment_code(streams, coordinator):
    metal, _emulsions = streams
    with pytest.raises(ValidationError) as error:
        ship(metal, coordinator, dt.date(2026, 2, 10), "4", treatment_mode="ELIMINATION")
    assert error.value.message_dict["treatment_mode"] == [
        "R4 does not fit this treatment mode: choose one of Recycling."
    ]
    recycled = ship(metal, coordinator, dt.date(2026, 2, 10), "4", treatment_mode="RECYCLAGE")
    assert recycled.effective_treatment_mode == "RECYCLAGE"


def test_an_intermediary_needs_its_role_and_name(org, coordinator):
    stream = WasteStream(
        name="Batteries",
        org_unit=org["a"],
        waste_code=WasteCode.objects.get(code6="160601"),
        category="DD",
        intermediary="Négoce Métaux",
    )
    with pytest.raises(ValidationError) as error:
        stream.full_clean()
    assert error.value.message_dict["intermediary_role"] == [
        "Give both the role and the name of the intermediary."
    ]
