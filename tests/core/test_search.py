"""Free-text search: what users find, and the indexes that keep it fast on each engine."""

from __future__ import annotations

import pytest
from django.db import connection

from amelio.context.models import ContextIssue
from amelio.core import services
from amelio.core.registry import registry
from amelio.core.search import fts_table

ISSUES = "/context/issues/"


def _issue(org, user, title, description=""):
    record = ContextIssue(
        title=title,
        description=description,
        org_unit=org["a"],
        origin="internal",
        swot="weakness",
        impact=2,
    )
    return services.record_create(record=record, user=user)


def _found(client, text) -> set[str]:
    return {r.title for r in client.get(ISSUES, {"q": text}).context["page"].object_list}


def test_search_matches_part_of_a_word_in_any_field(client_for, org, coordinator):
    _issue(org, coordinator, "Compresseur d'air vieillissant")
    _issue(org, coordinator, "Turnover", description="Départs de soudeurs qualifiés")
    _issue(org, coordinator, "Sans rapport")
    client = client_for(coordinator)
    assert _found(client, "PRESSEUR") == {"Compresseur d'air vieillissant"}
    assert _found(client, "soudeur") == {"Turnover"}
    assert _found(client, "départs soudeurs") == {"Turnover"}
    assert _found(client, "départs compresseur") == set()
    assert _found(client, "air") == {"Compresseur d'air vieillissant"}
    assert _found(client, "d'") == {"Compresseur d'air vieillissant"}  # short: no index


def test_search_follows_edits(client_for, org, coordinator):
    issue = _issue(org, coordinator, "Pénurie d'acier")
    client = client_for(coordinator)
    assert _found(client, "acier") == {"Pénurie d'acier"}
    issue.title = "Pénurie d'aluminium"
    services.record_update(record=issue, user=coordinator, expected_version=issue.version)
    assert _found(client, "acier") == set()
    assert _found(client, "aluminium") == {"Pénurie d'aluminium"}


def test_global_search_uses_the_same_rules(client_for, org, coordinator, outsider):
    _issue(org, coordinator, "Compresseur d'air vieillissant")
    html = client_for(coordinator).get("/search/", {"q": "presseur air"}).content.decode()
    assert "Compresseur d&#x27;air vieillissant" in html
    html = client_for(outsider).get("/search/", {"q": "presseur"}).content.decode()
    assert "Compresseur" not in html


def test_every_register_has_its_search_index(db):
    with connection.cursor() as cursor:
        for register in registry:
            table = register.model._meta.db_table
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT sql FROM sqlite_master WHERE name = %s", [fts_table(register)]
                )
                (sql,) = cursor.fetchone()
                assert "tokenize='trigram'" in sql
            elif connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT count(*) FROM pg_indexes WHERE tablename = %s "
                    "AND indexdef LIKE '%%gin_trgm_ops%%'",
                    [table],
                )
                assert cursor.fetchone()[0] == len(register.search)
            else:  # pragma: no cover
                pytest.skip("no search index on this engine")
