"""The measures framework: periods and scopes, the registry, indicators bound to a measure
(computed, never typed), the measures API, and the rules every published measure follows."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from amelio.core.measures import LOWER, Measure, MeasureRegistry, Scope, measures
from amelio.core.measures import period_end as end_of
from amelio.core.measures import period_start as start_of
from amelio.indicators.models import Indicator
from amelio.indicators.services import computed_refresh, values_save
from amelio.nonconformities.models import Nonconformity

TESTS = Path(__file__).resolve().parents[1]


def test_periods_start_and_end_on_the_first_day():
    day = dt.date(2026, 8, 17)
    assert start_of(day, "monthly") == dt.date(2026, 8, 1)
    assert start_of(day, "quarterly") == dt.date(2026, 7, 1)
    assert start_of(day, "yearly") == dt.date(2026, 1, 1)
    assert end_of(dt.date(2026, 12, 1), "monthly") == dt.date(2027, 1, 1)
    assert end_of(dt.date(2026, 10, 1), "quarterly") == dt.date(2027, 1, 1)
    assert end_of(dt.date(2026, 1, 1), "yearly") == dt.date(2027, 1, 1)


@time_machine.travel(dt.datetime(2026, 8, 17, 10, tzinfo=dt.UTC), tick=False)
def test_a_state_is_read_on_the_last_day_or_today_while_the_period_runs():
    july = Scope.of(None, dt.date(2026, 7, 9))
    assert (july.start, july.end, july.last_day, july.as_of) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 8, 1),
        dt.date(2026, 7, 31),
        dt.date(2026, 7, 31),
    )
    assert Scope.of(None, dt.date(2026, 8, 1), "quarterly").as_of == dt.date(2026, 8, 17)


def test_the_registry_refuses_a_key_twice_and_a_key_without_its_app():
    registry = MeasureRegistry()
    registry.measure("tests.one", label="One")(lambda scope: 1)
    with pytest.raises(ValueError):
        registry.measure("tests.one", label="One again")(lambda scope: 2)
    with pytest.raises(ValueError):
        registry.measure("one", label="No app")
    assert [m.key for m in registry] == ["tests.one"]


def test_a_family_publishes_one_measure_per_record_read_when_asked():
    registry = MeasureRegistry()
    rows = {"7": "Furnace", "9": "Compressed air"}

    @registry.family("tests.use")
    def per_use():
        return [
            Measure(key=f"tests.use.{pk}", label=name, compute=lambda scope, pk=pk: int(pk))
            for pk, name in rows.items()
        ]

    assert "tests.use.9" in registry
    assert registry.get("tests.use.9").value(Scope.of(None, dt.date(2026, 1, 1))) == 9.0
    assert "tests.use.8" not in registry
    rows["8"] = "Boiler"
    assert registry.get("tests.use.8").label == "Boiler"
    assert len(registry) == 3


# --- An indicator bound to a measure -------------------------------------------------------


def _count_ncs(scope: Scope) -> int:
    """NCs of the scope detected in the period: a small measure of the tests."""
    return (
        Nonconformity.objects.active()
        .filter(
            org_unit__path__startswith=scope.path,
            created_at__gte=scope.aware_start,
            created_at__lt=scope.aware_end,
        )
        .count()
    )


@pytest.fixture
def nc_measure(monkeypatch):
    measure = Measure(
        key="tests.ncs",
        label="NCs",
        compute=_count_ncs,
        unit="NC",
        direction=LOWER,
        decimals=0,
    )
    monkeypatch.setitem(measures._measures, measure.key, measure)
    return measure


def _nc(unit, user, when: dt.datetime) -> Nonconformity:
    with time_machine.travel(when, tick=False):
        return Nonconformity.objects.create(
            org_unit=unit, title="Cote hors tolérance", created_by=user
        )


@pytest.fixture
def bound(org, coordinator, nc_measure):
    return Indicator.objects.create(
        org_unit=org["a"],
        name="NC du site A",
        unit="NC",
        source=Indicator.Source.MEASURE,
        source_measure="tests.ncs",
        created_by=coordinator,
    )


@time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False)
def test_an_indicator_bound_to_a_measure_takes_the_modules_figure_for_its_unit(
    org, coordinator, bound
):
    _nc(org["a_unit"], coordinator, dt.datetime(2026, 2, 3, 8, tzinfo=dt.UTC))
    _nc(org["a"], coordinator, dt.datetime(2026, 2, 20, 8, tzinfo=dt.UTC))
    _nc(org["b"], coordinator, dt.datetime(2026, 2, 21, 8, tzinfo=dt.UTC))
    _nc(org["a"], coordinator, dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC))

    summary = computed_refresh()

    assert summary.failed == []
    values = dict(bound.values.values_list("period", "value"))
    assert values == {dt.date(2026, 2, 1): 2.0, dt.date(2026, 3, 1): 1.0}
    bound.refresh_from_db()
    assert (bound.latest_period, bound.latest_value) == (dt.date(2026, 3, 1), 1.0)


def test_the_values_of_a_bound_indicator_cannot_be_typed(org, coordinator, bound, client_for):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        values_save(
            indicator=bound, user=coordinator, rows=[{"period": dt.date(2026, 1, 1), "value": 4}]
        )
    client = client_for(coordinator)
    url = reverse("indicators:indicator_value_add", args=[bound.pk])
    response = client.post(url, {"period": "2026-01-01", "value": "4"}, follow=True)
    assert not bound.values.exists()
    with translation.override("fr"):
        refused = gettext("The values of this indicator are computed: they cannot be typed.")
    assert html.escape(refused) in response.content.decode()
    page = client.get(reverse("indicators:indicator_detail", args=[bound.pk])).content.decode()
    assert 'id="computed-note"' in page
    assert 'id="values-grid"' not in page


def test_an_unknown_measure_is_refused_with_a_message_on_its_field(org, coordinator, nc_measure):
    from django.core.exceptions import ValidationError

    indicator = Indicator(
        org_unit=org["a"], name="X", source="measure", source_measure="tests.nothing"
    )
    with pytest.raises(ValidationError) as error:
        indicator.clean()
    assert list(error.value.message_dict) == ["source_measure"]
    indicator.source_measure = "tests.ncs"
    indicator.clean()
    assert indicator.unit == "NC"  # taken from the measure when left empty


# --- API ------------------------------------------------------------------------------------


def test_the_api_lists_the_measures_and_gives_their_figures_by_period(
    org, coordinator, bound, client_for
):
    _nc(org["a"], coordinator, dt.datetime(2026, 2, 20, 8, tzinfo=dt.UTC))
    _nc(org["a"], coordinator, dt.datetime(2026, 4, 20, 8, tzinfo=dt.UTC))
    client = client_for(coordinator)
    listed = client.get("/api/v1/measures/").json()
    assert {"key": "tests.ncs", "unit": "NC", "direction": "lower"}.items() <= next(
        m for m in listed if m["key"] == "tests.ncs"
    ).items()
    answer = client.get(
        "/api/v1/measures/tests.ncs/",
        {
            "org_unit": org["a"].pk,
            "frequency": "quarterly",
            "from": "2026-01-01",
            "to": "2026-06-30",
        },
    ).json()
    assert answer["figures"] == [
        {"period": "2026-01-01", "end": "2026-03-31", "value": 1.0},
        {"period": "2026-04-01", "end": "2026-06-30", "value": 1.0},
    ]


def test_the_api_refuses_a_unit_out_of_reach_and_bad_parameters(
    org, outsider, nc_measure, client_for
):
    client = client_for(outsider)
    url = "/api/v1/measures/tests.ncs/"
    assert client.get(url, {"org_unit": org["a"].pk}).status_code == 404
    assert client.get(url, {"org_unit": org["b"].pk}).status_code == 200
    assert client.get("/api/v1/measures/tests.none/", {"org_unit": org["b"].pk}).status_code == 404
    bad = [
        {"org_unit": "x"},
        {"org_unit": org["b"].pk, "frequency": "weekly"},
        {"org_unit": org["b"].pk, "from": "2026-13-01"},
        {"org_unit": org["b"].pk, "from": "2026-05-01", "to": "2026-01-01"},
        {"org_unit": org["b"].pk, "from": "2000-01-01", "to": "2026-01-01"},
    ]
    for params in bad:
        assert client.get(url, params).status_code == 400, params


# --- Rules every published measure follows -------------------------------------------------


def _published() -> list[Measure]:
    return [m for m in measures if not m.key.startswith("tests.")]


def test_every_measure_is_described_and_links_to_a_page_that_exists(db):
    for measure in _published():
        assert str(measure.label), measure.key
        assert measure.direction in ("higher", "lower"), measure.key
        assert measure.key.split(".")[0] in {
            "safety",
            "environment",
            "energy",
            "nonconformities",
            "customers",
            "actions",
            "audits",
            "risks",
            "context",
            "indicators",
            "training",
            "suppliers",
            "compliance",
            "riskanalysis",
            "processes",
            "projects",
            "documents",
        }, measure.key
        if measure.page:
            reverse(measure.page)


def test_every_measure_computes_on_an_organisation_without_records(org):
    for measure in _published():
        for frequency in ("monthly", "yearly"):
            value = measure.value(Scope.of(org["root"], dt.date(2026, 5, 1), frequency))
            assert value is None or value >= 0, measure.key


def test_every_static_measure_has_its_coherence_test():
    written = "\n".join(p.read_text() for p in (TESTS / "measures").glob("test_*.py"))
    missing = [
        key
        for key in measures._measures
        if not key.startswith("tests.") and f'"{key}"' not in written
    ]
    assert missing == []


def test_a_measure_built_from_a_record_is_offered_only_to_who_sees_its_unit(
    org, outsider, coordinator, monkeypatch, client_for
):
    def per_site():
        return [
            Measure(key=f"tests.site.{u.code}", label=u.name, compute=lambda s: 1, unit_path=u.path)
            for u in (org["a"], org["b"])
        ]

    monkeypatch.setitem(measures._families, "tests.site", per_site)
    offered = {m.key for m in measures.offered_to(outsider)}
    assert {"tests.site.B"} <= offered and "tests.site.A" not in offered
    assert {"tests.site.A", "tests.site.B"} <= {m.key for m in measures.offered_to(coordinator)}
    client = client_for(outsider)
    params = {"org_unit": org["b"].pk}
    assert client.get("/api/v1/measures/tests.site.A/", params).status_code == 404
    assert client.get("/api/v1/measures/tests.site.B/", params).status_code == 200
    keys = {m["key"] for m in client.get("/api/v1/measures/").json()}
    assert "tests.site.A" not in keys


def test_the_guide_lists_every_measure_in_both_languages():
    for language in ("en", "fr"):
        guide = (TESTS.parent / "docs" / language / "measures.md").read_text()
        missing = [key for key in measures._measures if f"`{key}`" not in guide]
        assert missing == [], language


def test_the_guides_table_is_written_from_the_measures():
    """docs/*/measures.md hold the table scripts/measures_guide.py writes from the modules."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "measures_guide", TESTS.parent / "scripts" / "measures_guide.py"
    )
    assert spec is not None and spec.loader is not None
    guide = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guide)
    for language in ("en", "fr"):
        text = (TESTS.parent / "docs" / language / "measures.md").read_text()
        assert guide.rewrite(text, language) == text, language
