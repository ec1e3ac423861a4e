import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are asserted in English (the default language is French)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public form's rate limit lives in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def matrix(db):
    from amelio.scoring.models import ScoringMatrix

    return ScoringMatrix.objects.get(code="PG-4x4", status="in_use")


@pytest.fixture
def family(db):
    from amelio.safety.models import RiskFamily

    return RiskFamily.objects.get(code="noise")


@pytest.fixture
def duerp(org, coordinator):
    from amelio.core.services import record_create
    from amelio.safety.models import Duerp

    return record_create(
        record=Duerp(title="DUERP Site A", org_unit=org["a"], owner=coordinator), user=coordinator
    )


@pytest.fixture
def make_line(org, coordinator, duerp, matrix, family):
    from amelio.core.services import record_create
    from amelio.safety.models import Assessment

    def make(likelihood=3, severity=2, unit=None, hazard="Press noise", **extra):
        line = Assessment(
            duerp=duerp,
            org_unit=unit or org["a_unit"],
            activity="Stamping",
            family=family,
            hazard=hazard,
            situation="Operators near the presses all day",
            existing_measures="Ear plugs, enclosed press",
            exposed=6,
            matrix=matrix,
            gross_likelihood=likelihood,
            gross_severity=severity,
            **{"principles": "3,8", **extra},
        )
        return record_create(record=line, user=coordinator)

    return make
