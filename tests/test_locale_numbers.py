"""French pages and PDFs write numbers the French way — a decimal comma, thousands grouped with
Django's French separator ("4,8 %", "64,3 MWh", "3 000,00 €") — and units as written (kWh,
kgCO2e, tCO2e, m³; never "KWh"). Charts get the reader's locale from one script.

The demo shared by the run is read; the main pages with numbers and the
PDFs are read in French as a person reads them: the text outside tags, scripts and attributes
(a number in a `data-` attribute or a chart's JSON is for machines).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format

from amelio.core.numbers import localised
from amelio.ui.templatetags.amelio import heading, percent, plain_number

SOURCE = Path(__file__).resolve().parents[1] / "src/amelio"
UNITS = r"(?:%|€|[kMGT]?Wh\b|kg|t\b|tCO2e|kgCO2e|m³|L\b|h\b)"
# A number written with a decimal point: alone in its text (a table cell, a key figure), or
# followed by a unit anywhere ("cible 2.08 kWh/pièce"). "Certificat 3.1" or the clause "7.5
# Information documentée" are text, not quantities.
ALONE = re.compile(r"^\s*[−+-]?\d[\d\u00a0\u202f ]*\.\d+\s*" + UNITS + r"?\s*$")
WITH_UNIT = re.compile(r"\d\.\d+\s*" + UNITS)
CAPITALISED_UNIT = re.compile(r"\b(?:KWh|KgCO2e|TCO2e|M³|MWH)")


class _Text(HTMLParser):
    """The text nodes a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.nodes.append(data.strip())


def text_nodes(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def pdf_lines(content: bytes) -> list[str]:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return [line for line in text.splitlines() if line.strip()]


def english_numbers(texts: list[str]) -> list[str]:
    """The texts that write a number the English way, or a unit with a capital."""
    return [
        text
        for text in texts
        if ALONE.match(text) or WITH_UNIT.search(text) or CAPITALISED_UNIT.search(text)
    ]


@pytest.fixture
def french(client, demo_company, db):
    """The coordinator reading in French, on the demo shared by the run (tests/conftest.py):
    its figures are counted from the day it was loaded, which is the day the pages are read."""
    from amelio.core.models import User

    client.force_login(User.objects.get(username="coordinator"))
    client.cookies["django_language"] = "fr"
    return client


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


def _pages() -> dict[str, str]:
    """The pages with numbers: every register's extra pages (energy review, waste indicators,
    safety rates, nonconformity analysis, risk heatmap, dashboards...), a few lists and
    details full of quantities, and the PDFs."""
    from amelio.actions.models import ActionPlan
    from amelio.audits.models import Audit
    from amelio.core.registry import registry
    from amelio.energy.models import EnergyIndicator, Meter, Reading
    from amelio.environment.models import WasteStream
    from amelio.indicators.models import Indicator
    from amelio.nonconformities.models import Nonconformity
    from amelio.safety.models import Duerp

    pages = {
        f"{register.url_slug} {extra.slug}": register.url(extra.slug)
        for register in registry
        for extra in register.extra_views
    }
    for model in (Reading, Meter, WasteStream, Indicator):
        pages[f"{model.__name__} list"] = registry.for_model(model).url("list")
    for model in (EnergyIndicator, Indicator, Nonconformity, ActionPlan):
        pages[f"{model.__name__} detail"] = registry.for_model(model).url("detail", _first(model))
    audit = _first(Audit, status__in=["reported", "closed"])
    nonconformity = _first(Nonconformity)
    pages["audit report PDF"] = reverse("audits:audit_report_pdf", args=[audit])
    pages["DUERP PDF"] = reverse("safety:duerp_pdf", args=[_first(Duerp)])
    pages["8D PDF"] = reverse("nonconformities:nc_eight_d_pdf", args=[nonconformity])
    pages["A3 PDF"] = reverse("nonconformities:nc_a3_pdf", args=[nonconformity])
    pages["action plan PDF"] = reverse("actions:actionplan_export_pdf", args=[_first(ActionPlan)])
    return pages


def test_french_pages_and_pdfs_write_numbers_the_french_way(french):
    wrong = []
    for name, url in _pages().items():
        response = french.get(url)
        assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
        if response["Content-Type"].startswith("application/pdf"):
            texts = pdf_lines(response.content)
        else:
            texts = text_nodes(response.content.decode())
        wrong += [f"{name} ({url}): {text[:120]!r}" for text in english_numbers(texts)]
    assert not wrong, "Numbers or units written the English way:\n" + "\n".join(wrong)


def test_the_check_finds_english_numbers():
    assert english_numbers(["4.8 %", "64.3 MWh", "3000.00 €", " 2.08 ", "KWh PCI"]) == [
        "4.8 %",
        "64.3 MWh",
        "3000.00 €",
        " 2.08 ",
        "KWh PCI",
    ]
    assert not english_numbers(["4,8\u00a0%", "Certificats matière 3.1 incomplets", "§7.5"])


@pytest.mark.parametrize(
    ("value", "places", "french", "english"),
    [
        (Decimal("3000.00"), 2, "3\u00a0000,00", "3,000.00"),
        (64.25, 1, "64,3", "64.3"),
        (2161, None, "2\u00a0161", "2,161"),
        (Decimal("1800.000"), None, "1\u00a0800", "1,800"),
        (0.052, None, "0,052", "0.052"),
        (None, 1, "", ""),
    ],
)
def test_one_helper_writes_numbers_in_the_reader_s_language(value, places, french, english):
    with translation.override("fr"):
        assert localised(value, places) == french
    with translation.override("en"):
        assert localised(value, places) == english


def test_template_filters_use_the_helper():
    with translation.override("fr"):
        assert plain_number(Decimal("12000.500")) == "12\u00a0000,5"
        assert percent(Decimal("0.048")) == "4,8\u00a0%"
        assert percent(0.8125) == "81,3\u00a0%"


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("kWh PCI", "kWh PCI"),
        ("kgCO2e", "kgCO2e"),
        ("tCO2e", "tCO2e"),
        ("m³", "m³"),
        ("kWh PCI per unit", "kWh PCI per unit"),
        ("unité", "Unité"),
        ("l'entité", "L'entité"),
        ("coût HT (€)", "Coût HT (€)"),
    ],
)
def test_labels_keep_the_case_of_units(label, shown):
    assert heading(label) == shown


def test_every_chart_is_drawn_in_the_reader_s_locale():
    """Pages draw through AmelioCharts (amelio/charts.js), which registers the French locale
    with Django's French separators and passes the page's language to Plotly."""
    script = (SOURCE / "ui/static/amelio/charts.js").read_text(encoding="utf-8")
    assert "Plotly.register(FRENCH)" in script
    assert "locale: language()" in script
    assert 'decimal: ","' in script
    separator = get_format("THOUSAND_SEPARATOR", "fr", use_l10n=True)
    assert f'thousands: "\\u{ord(separator):04x}"' in script
    for month in ("janvier", "février", "décembre"):
        assert f'"{month}"' in script
    direct = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.glob("*/templates/**/*.html")
        if "Plotly.newPlot" in path.read_text(encoding="utf-8")
    ]
    assert not direct, f"Charts drawn without the reader's locale: {direct}"
