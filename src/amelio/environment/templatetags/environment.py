"""Template helpers of the environment app."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


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
