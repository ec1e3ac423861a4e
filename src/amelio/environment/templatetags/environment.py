"""Template helpers of the environment app."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def percent(value) -> str:
    """A share (0.8125) as a percentage in the reader's locale ("81,3 %")."""
    if value is None or value == "":
        return ""
    return f"{formats.number_format(Decimal(value) * 100, 1)}\u00a0%"


@register.simple_tag
def waste_code_datalist():
    """The codes of the European List of Waste as suggestions for the waste code field."""
    from amelio.environment.models import WasteCode

    options = format_html_join(
        "",
        '<option value="{}">{}</option>',
        ((c.official, c.description[:90]) for c in WasteCode.objects.all()),
    )
    return format_html('<datalist id="waste-codes">{}</datalist>', options)


@register.simple_tag
def icpe_rubrique_datalist():
    """The rubriques of the ICPE nomenclature as suggestions for the rubrique field."""
    from amelio.environment.models import IcpeEntry

    entries = IcpeEntry.objects.filter(alinea="").order_by("rubrique")
    options = format_html_join(
        "", '<option value="{}">{}</option>', ((e.rubrique, e.label[:90]) for e in entries)
    )
    return format_html('<datalist id="icpe-rubriques">{}</datalist>', options)


@register.filter
def detail_url(record) -> str:
    """The detail page of any registered record."""
    from amelio.core.registry import registry

    found = registry.for_model(type(record))
    return found.url("detail", record.pk) if found else ""


@register.filter
def plain_number(value) -> str:
    """A quantity without trailing zeros, grouped in the reader's locale: 2.400 -> "2,4",
    1800.000 -> "1 800" in French."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    places = max(0, -int(number.as_tuple().exponent))
    return formats.number_format(number, places, force_grouping=True)
