"""Dates stay between 1 January 1900 and 31 December 2100 on every path a record is written:
a register's form (hence its import) and its API. The message gives both bounds in the date
format of the user's language; an API date-time is always a valid RFC 3339 date-time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models
from django.utils import timezone, translation
from rest_framework import serializers

from amelio.api.serializers import ApiDateTimeField
from amelio.core.registry import registry
from tests.api.payloads import API_REGISTERS, api_payload, api_url
from tests.samples import sample_data

MESSAGE_EN = "Enter a date between 01/01/1900 and 12/31/2100."
TOO_EARLY, TOO_LATE = dt.date(1899, 12, 31), dt.date(2101, 1, 1)


def _form_dates() -> list[tuple]:
    return [
        (reg, name)
        for reg in registry
        for name in reg.form_fields
        if isinstance(reg.field(name), models.DateField)
    ]


def _api_dates() -> list[tuple]:
    pairs = []
    for reg in API_REGISTERS:
        for name, field in reg.get_serializer_class()(context={}).fields.items():
            if not field.read_only and isinstance(
                field, serializers.DateField | serializers.DateTimeField
            ):
                pairs.append((reg, name))
    return pairs


def _text(reg, name, day: dt.date) -> str:
    """The date as the form or the API takes it (with a time for a date-time)."""
    if reg.model._meta.get_field(name).get_internal_type() == "DateTimeField":
        return f"{day.isoformat()}T09:30"
    return day.isoformat()


FORM_DATES, API_DATES = _form_dates(), _api_dates()


@pytest.mark.parametrize(("reg", "name"), FORM_DATES, ids=[f"{r.key}.{n}" for r, n in FORM_DATES])
def test_the_form_refuses_a_date_out_of_range(reg, name, org, manager):
    for day in (dt.date(1, 1, 1), TOO_EARLY, TOO_LATE, dt.date(9999, 12, 31)):
        data = {**sample_data(reg, org["a"], manager), name: _text(reg, name, day)}
        with translation.override("en"):
            form = reg.get_form_class()(data, user=manager)
            assert not form.is_valid()
            assert form.errors[name] == [MESSAGE_EN], day
    with translation.override("fr"):
        form = reg.get_form_class()(data, user=manager)
        form.is_valid()
        assert "01/01/1900" in form.errors[name][0]
        assert "31/12/2100" in form.errors[name][0]
    for day in (dt.date(1900, 1, 1), dt.date(2100, 12, 31)):
        data = {**sample_data(reg, org["a"], manager), name: _text(reg, name, day)}
        form = reg.get_form_class()(data, user=manager)
        form.is_valid()
        assert MESSAGE_EN not in form.errors.get(name, []), day


@pytest.mark.parametrize(("reg", "name"), API_DATES, ids=[f"{r.key}.{n}" for r, n in API_DATES])
def test_the_api_refuses_a_date_out_of_range(reg, name, client_for, org, manager):
    client = client_for(manager)
    for day in (dt.date(1881, 5, 1), TOO_EARLY, TOO_LATE, dt.date(9999, 12, 31)):
        payload = {**api_payload(reg, org["a"], manager), name: _text(reg, name, day)}
        response = client.post(
            api_url(reg), payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400, day
        assert response.json()[name] == [MESSAGE_EN], day
    french = client.post(
        api_url(reg), payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert "31/12/2100" in french.json()[name][0]
    assert reg.model.objects.count() == 0


def test_an_api_date_time_before_a_zones_standard_time_is_given_in_utc(settings):
    """Paris kept local mean time (+00:09:21) until 1911: no RFC 3339 offset has seconds."""
    settings.TIME_ZONE = "Europe/Paris"
    field = ApiDateTimeField()
    with timezone.override("Europe/Paris"):
        early = dt.datetime(1905, 6, 1, 10, 0, tzinfo=dt.UTC)
        assert field.to_representation(early) == "1905-06-01T10:00:00Z"
        summer = dt.datetime(2026, 6, 15, 7, 30, tzinfo=dt.UTC)
        assert field.to_representation(summer) == "2026-06-15T09:30:00+02:00"
