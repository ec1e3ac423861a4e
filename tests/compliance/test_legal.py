"""The legal register: the starter library, applicability proposed from the site's own facts
(each shipped rule switched on and off), the coordinator's decision, a change of facts proposing
again, the conformity of a site from its evaluations, and what changed since a date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone, translation

from amelio.compliance import services
from amelio.compliance.facts import FACTS, KEYED_VALUE, SiteFacts, match
from amelio.compliance.models import (
    Applicability,
    DeclaredFact,
    Equipment,
    EquipmentCategory,
    Evaluation,
    LegalRequirement,
    LegalText,
)
from amelio.compliance.reference_data import legal_library
from amelio.core.services import record_archive, record_create, record_update
from amelio.environment.models import IcpeSite, Installation

DAY = dt.date(2026, 6, 15)
LIBRARY = legal_library()["texts"]


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


class _Condition:
    def __init__(self, group, raw):
        self.group = group
        self.fact = raw["fact"]
        self.parameter = raw.get("param", "")
        self.operator = raw["op"]
        self.value = str(raw.get("value", ""))


def _conditions(text: dict) -> list[_Condition]:
    return [
        _Condition(group, raw)
        for group, conditions in enumerate(text["rules"], start=1)
        for raw in conditions
    ]


def _facts_for(conditions: list[_Condition], on: bool) -> SiteFacts:
    """Facts that make every condition hold (on) or fail (off)."""
    facts = SiteFacts(site_id=1)
    for c in conditions:
        kind = FACTS[c.fact].kind
        holds = on if c.operator != "absent" else not on
        if c.operator in ("gte", "lt", "eq"):
            bound = Decimal(c.value)
            wanted = on == (c.operator in ("gte", "eq"))
            value = bound if wanted else bound - 1
            if c.operator == "lt":
                value = bound - 1 if on else bound
            setattr(facts, c.fact, value)
        elif kind == KEYED_VALUE:
            regime = c.value.split(",")[0] if holds else "NC"
            facts.icpe_regime[c.parameter] = regime
        elif c.operator == "in":
            facts.site_icpe_regime = c.value.split(",")[0] if on else "NC"
        elif c.fact in ("equipment", "energy", "duerp_risk", "declared"):
            if holds:
                getattr(facts, c.fact).add(c.parameter)
        elif c.fact == "employees":
            facts.headcount_site = 5 if holds else None
        else:
            setattr(facts, c.fact, holds)
    return facts


RULED = [t for t in LIBRARY if t["rules"]]


@pytest.mark.parametrize("text", RULED, ids=[t["key"] for t in RULED])
def test_every_shipped_rule_switches_on_and_off(db, text):
    for group in range(1, len(text["rules"]) + 1):
        mine = [c for c in _conditions(text) if c.group == group]
        assert match(mine, _facts_for(mine, on=True)).matches, (text["key"], group)
        assert not match(mine, _facts_for(mine, on=False)).matches, (text["key"], group)


def test_the_shipped_library_is_well_formed():
    keys = [t["key"] for t in LIBRARY]
    assert len(keys) == len(set(keys)) >= 80
    for text in LIBRARY:
        assert text["domain"] in {"quality", "health_safety", "environment", "energy"}
        assert text["confidence"] in {"C", "S", "V"}
        assert text["summary_fr"] and text["summary_en"]
        assert text["url"].startswith("https://")
        for condition in _conditions(text):
            assert condition.fact in FACTS, text["key"]


@pytest.fixture
def library(org, coordinator):
    services.install_library(unit=org["root"], user=coordinator, language="fr")
    return {t.library_key: t for t in LegalText.objects.all()}


def test_the_library_installs_once_and_keeps_the_coordinator_s_edits(org, coordinator, library):
    assert len(library) == len(LIBRARY)
    duerp = library["ct-duerp-mise-a-jour-annuelle"]
    assert duerp.requirements.count() >= 1
    rule = duerp.rules.get()
    assert (rule.group, rule.fact, rule.operator, rule.value) == (
        1,
        "headcount_company",
        "gte",
        "11",
    )
    duerp.title = "DUERP : notre titre"
    record_update(record=duerp, user=coordinator, expected_version=duerp.version)
    again = services.install_library(unit=org["root"], user=coordinator, language="fr")
    assert (again.added, again.present) == (0, len(LIBRARY))
    assert LegalText.objects.get(pk=duerp.pk).title == "DUERP : notre titre"


def _proposed(site) -> set[str]:
    return {p.text.library_key for p in services.review_site(site, DAY).to_decide}


def _icpe(site_unit, user, quantity) -> Installation:
    icpe = record_create(record=IcpeSite(name="Site ICPE", org_unit=site_unit), user=user)
    record = Installation(
        site=icpe, org_unit=site_unit, name="Machines", rubrique="2560", quantity=quantity
    )
    record.full_clean()
    return record_create(record=record, user=user)


def test_rubrique_2560_at_dc_proposes_its_order_and_at_e_the_other(org, coordinator, library):
    assert not {"env-ampg-2560-dc", "env-ampg-2560-e"} & _proposed(org["a"])
    machines = _icpe(org["a"], coordinator, 400)
    proposed = _proposed(org["a"])
    assert "env-ampg-2560-dc" in proposed
    assert "env-ampg-2560-e" not in proposed
    machines.quantity = 1200
    record_update(record=machines, user=coordinator, expected_version=machines.version)
    proposed = _proposed(org["a"])
    assert "env-ampg-2560-e" in proposed
    assert "env-ampg-2560-dc" not in proposed
    # The other site has no installation: neither order.
    assert not {"env-ampg-2560-dc", "env-ampg-2560-e"} & _proposed(org["b"])


def test_eleven_employees_propose_the_yearly_duerp_update(org, coordinator, library):
    org["a"].headcount, org["b"].headcount = 6, 4
    for unit in (org["a"], org["b"]):
        unit.save()
    assert "ct-duerp-mise-a-jour-annuelle" not in _proposed(org["a"])
    org["b"].headcount = 5
    org["b"].save()
    assert "ct-duerp-mise-a-jour-annuelle" in _proposed(org["a"])
    facts = services.review_site(org["a"], DAY).facts
    assert (facts.headcount_site, facts.headcount_company) == (6, 11)


def test_a_new_pressure_equipment_proposes_the_pressure_texts(org, coordinator, library):
    assert "env-esp-suivi-en-service" not in _proposed(org["a"])
    record_create(
        record=Equipment(
            name="Compresseur",
            category=EquipmentCategory.objects.get(key="pressure_equipment"),
            org_unit=org["a_unit"],
            commissioned_on=dt.date(2024, 3, 15),
        ),
        user=coordinator,
    )
    assert "env-esp-suivi-en-service" in _proposed(org["a"])
    assert "env-esp-suivi-en-service" not in _proposed(org["b"])


def test_a_declared_fact_proposes_its_texts(org, coordinator, library):
    keyed = [
        t["key"]
        for t in LIBRARY
        if [{"fact": "declared", "param": "temporary_workers", "op": "present"}] in t["rules"]
    ]
    assert keyed
    assert not set(keyed) & _proposed(org["a"])
    record_create(
        record=DeclaredFact(fact="temporary_workers", org_unit=org["a"]), user=coordinator
    )
    assert set(keyed) <= _proposed(org["a"])


def _site_url(site) -> str:
    return f"/compliance/register/sites/{site.pk}/"


def test_accepting_and_rejecting_from_the_site_page(
    org, coordinator, library, client_for, outsider, reader
):
    _icpe(org["a"], coordinator, 400)
    text = library["env-ampg-2560-dc"]
    client = client_for(coordinator)
    page = client.get(_site_url(org["a"]))
    assert page.status_code == 200
    assert f'id="proposal-{text.pk}"' in page.content.decode()
    decide = f"{_site_url(org['a'])}decide/{text.pk}/"
    # Rejected without a reason: refused, nothing saved.
    client.post(decide, {"decision": "not_applicable", "justification": " "})
    assert not Applicability.objects.exists()
    client.post(decide, {"decision": "applicable", "justification": ""})
    row = Applicability.objects.get()
    assert (row.org_unit, row.decision, row.decided_by, row.decided_on) == (
        org["a"],
        "applicable",
        coordinator,
        DAY,
    )
    assert row.rule_matches
    # In the language of the one who decided (French here): the rubrique and its regime.
    assert "2560" in row.matched_facts and "DC" in row.matched_facts
    assert row.conformity == "not_evaluated"
    assert row.next_evaluation_due == DAY
    # Decided: no longer proposed.
    assert "env-ampg-2560-dc" not in _proposed(org["a"])
    # A reader sees the page but may not decide; an outsider of site B gets 404.
    assert client_for(reader).post(decide, {"decision": "applicable"}).status_code == 403
    outsider_client = client_for(outsider)
    assert outsider_client.get(_site_url(org["a"])).status_code == 404
    assert outsider_client.post(decide, {"decision": "applicable"}).status_code == 404


def test_a_change_of_facts_proposes_a_rejected_text_again(org, coordinator, library):
    machines = _icpe(org["a"], coordinator, 400)
    services.decide(
        site=org["a"],
        text=library["env-ampg-2560-dc"],
        user=coordinator,
        applicable=False,
        justification="Machines déclarées à tort, en cours de retrait.",
        today=DAY,
    )
    assert "env-ampg-2560-dc" not in _proposed(org["a"])
    # More machines, still DC: the facts that proposed the text are the same.
    machines.quantity = 600
    record_update(record=machines, user=coordinator, expected_version=machines.version)
    assert "env-ampg-2560-dc" not in _proposed(org["a"])
    # The headcount proposes the DUERP update; rejected at 11, proposed again at 12.
    org["a"].headcount = 11
    org["a"].save()
    duerp = library["ct-duerp-mise-a-jour-annuelle"]
    services.decide(
        site=org["a"],
        text=duerp,
        user=coordinator,
        applicable=False,
        justification="Non",
        today=DAY,
    )
    assert "ct-duerp-mise-a-jour-annuelle" not in _proposed(org["a"])
    org["a"].headcount = 12
    org["a"].save()
    proposals = {p.text.library_key: p for p in services.review_site(org["a"], DAY).to_decide}
    assert proposals["ct-duerp-mise-a-jour-annuelle"].again


def test_an_accepted_text_whose_rules_no_longer_match_is_flagged(org, coordinator, library):
    machines = _icpe(org["a"], coordinator, 400)
    services.decide(
        site=org["a"],
        text=library["env-ampg-2560-dc"],
        user=coordinator,
        applicable=True,
        justification="",
        today=DAY,
    )
    record_archive(record=machines, user=coordinator)
    review = services.review_site(org["a"], DAY)
    assert [row.text.library_key for row in review.no_longer] == ["env-ampg-2560-dc"]


def _text_with(org, coordinator, periodicities):
    text = record_create(
        record=LegalText(
            title="Vérifications électriques",
            citation="C. trav. R4226-16",
            domain="health_safety",
            org_unit=org["root"],
        ),
        user=coordinator,
    )
    requirements = [
        record_create(
            record=LegalRequirement(
                text=text, title=f"Exigence {i}", periodicity_months=p, org_unit=org["root"]
            ),
            user=coordinator,
        )
        for i, p in enumerate(periodicities)
    ]
    row = services.decide(
        site=org["a"], text=text, user=coordinator, applicable=True, justification="Oui", today=DAY
    )
    return text, requirements, row


def _evaluate(requirement, unit, user, on, result, evidence=""):
    return record_create(
        record=Evaluation(
            requirement=requirement,
            org_unit=unit,
            evaluated_on=on,
            result=result,
            evidence=evidence,
        ),
        user=user,
    )


def test_the_conformity_of_a_site_follows_its_evaluations(org, coordinator):
    _text, (yearly, free), row = _text_with(org, coordinator, [12, None])
    first = _evaluate(yearly, org["a"], coordinator, dt.date(2026, 1, 31), "conform")
    # The text's own periodicity: 12 months.
    assert first.next_due == dt.date(2027, 1, 31)
    row.refresh_from_db()
    # One requirement still not evaluated: due since the text was accepted.
    assert (row.conformity, row.next_evaluation_due) == ("not_evaluated", DAY)
    gap = _evaluate(
        free, org["a_unit"], coordinator, dt.date(2026, 5, 31), "partial", "Registre incomplet"
    )
    # No periodicity of its own, and a gap: reviewed within 3 months (month end kept).
    assert gap.next_due == dt.date(2026, 8, 31)
    row.refresh_from_db()
    assert (row.conformity, row.last_evaluated_on, row.next_evaluation_due) == (
        "partial",
        dt.date(2026, 5, 31),
        dt.date(2026, 8, 31),
    )
    fixed = _evaluate(free, org["a"], coordinator, dt.date(2026, 6, 10), "conform")
    # Conform without a periodicity: the yearly evaluation cycle.
    assert fixed.next_due == dt.date(2027, 6, 10)
    row.refresh_from_db()
    assert (row.conformity, row.next_evaluation_due) == ("conform", dt.date(2027, 1, 31))
    record_archive(record=fixed, user=coordinator)
    row.refresh_from_db()
    assert (row.conformity, row.next_evaluation_due) == ("partial", dt.date(2026, 8, 31))


def test_a_gap_needs_its_description(org, coordinator):
    _text, (yearly,), _row = _text_with(org, coordinator, [12])
    with pytest.raises(Exception) as refused:
        _evaluate(yearly, org["a"], coordinator, DAY, "not_conform")
    assert "Describe the gap found." in str(refused.value)


def test_what_changed_since_a_date(org, coordinator, client_for):
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        old = record_create(
            record=LegalText(
                title="Ancien texte", citation="A", domain="quality", org_unit=org["root"]
            ),
            user=coordinator,
        )
        changed = record_create(
            record=LegalText(
                title="Texte modifié", citation="B", domain="quality", org_unit=org["root"]
            ),
            user=coordinator,
        )
    assert timezone.localdate() == DAY
    changed.status = "repealed"
    record_update(record=changed, user=coordinator, expected_version=changed.version)
    page = client_for(coordinator).get("/compliance/texts/changes/?since=2026-06-01")
    rows = page.context["rows"]
    assert [row["text"] for row in rows] == [changed]
    assert rows[0]["new"] is False
    with translation.override("fr"):
        status = str(LegalText._meta.get_field("status").verbose_name)
    assert rows[0]["fields"] == [status]
    assert old not in [row["text"] for row in rows]
    everything = client_for(coordinator).get("/compliance/texts/changes/?since=2026-01-01")
    assert {row["text"] for row in everything.context["rows"]} == {old, changed}


def test_the_sites_page_lists_the_sites_in_scope(org, coordinator, manager, client_for):
    _text, (yearly, _other), _row = _text_with(org, coordinator, [12, None])
    _evaluate(yearly, org["a"], coordinator, dt.date(2026, 6, 1), "partial", "Registre absent")
    page = client_for(coordinator).get("/compliance/register/sites/")
    assert [row["site"] for row in page.context["rows"]] == [org["a"], org["b"]]
    first, second = page.context["rows"]
    # The text applies at A with a gap; its other requirement, never evaluated, is due.
    assert (first["applicable"], first["gaps"], first["due"]) == (1, 1, 1)
    assert (second["applicable"], second["gaps"], second["due"]) == (0, 0, 0)
    mine = client_for(manager).get("/compliance/register/sites/")
    assert [row["site"] for row in mine.context["rows"]] == [org["a"]]


def test_the_evaluations_due_are_reminded_to_the_coordinators(org, coordinator, mailoutbox):
    from amelio.compliance.reminders_legal import remind

    coordinator.email, coordinator.language = "qse@example.com", "en"
    coordinator.save()
    _text, (yearly,), row = _text_with(org, coordinator, [12])
    _evaluate(yearly, org["a"], coordinator, dt.date(2025, 7, 10), "conform")
    row.refresh_from_db()
    assert row.next_evaluation_due == dt.date(2026, 7, 10)
    # 25 days ahead: within the 30-day window.
    report = remind(now=timezone.now(), dry_run=False, options={})
    assert report.sent == (("qse@example.com", "Amelio: 1 legal text to evaluate"),)
    body = mailoutbox[0].body
    assert "Site A · Vérifications électriques — due by 07/10/2026" in body
    assert f"/compliance/register/{row.pk}/" in body
    # A month earlier nothing is due yet.
    early = timezone.now() - dt.timedelta(days=31)
    assert remind(now=early, dry_run=True, options={}).sent == ()


def test_a_watch_feed_in_csv_is_previewed_then_imported(org, coordinator, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.html import escape

    feed = (
        "title;citation;domain;status;published_on;org_unit;summary\n"
        "Arrêté bruit des machines;Arrêté du 1er janvier 2026;health_safety;in_force;"
        "2026-01-05;ACME;Résumé du fournisseur\n"
        "Décret déchets;Décret n° 2026-12;environment;in_force;2026-02-01;ACME;Autre résumé\n"
    ).encode("utf-8-sig")
    client = client_for(coordinator)
    preview = client.post(
        "/compliance/texts/import/",
        {"file": SimpleUploadedFile("veille.csv", feed, content_type="text/csv")},
    )
    report = preview.context["report"]
    assert (report.created, report.errors) == (2, [])
    assert not LegalText.objects.exists()
    done = client.post("/compliance/texts/import/", {"token": preview.context["token"]})
    assert done.status_code == 302
    assert sorted(LegalText.objects.values_list("title", "domain")) == [
        ("Arrêté bruit des machines", "health_safety"),
        ("Décret déchets", "environment"),
    ]
    # A register that does not read CSV refuses it.
    refused = client.post(
        "/compliance/evaluations/import/",
        {"file": SimpleUploadedFile("veille.csv", feed, content_type="text/csv")},
    )
    with translation.override("fr"):
        expected = translation.gettext("This file is not an Excel workbook (.xlsx).")
    assert escape(expected) in refused.content.decode()


def test_the_record_given_as_evidence_is_linked(org, coordinator, client_for, outsider):
    _text, (yearly,), _row = _text_with(org, coordinator, [12])
    proof = record_create(
        record=Equipment(
            name="Armoire TGBT",
            category=EquipmentCategory.objects.get(key="electrical"),
            org_unit=org["a"],
        ),
        user=coordinator,
    )
    evaluation = _evaluate(yearly, org["a"], coordinator, DAY, "conform")
    evaluation.evidence_record = proof.reference.lower()
    evaluation.save()
    page = client_for(coordinator).get(f"/compliance/evaluations/{evaluation.pk}/")
    assert page.context["evidence_link"] == proof
    assert f'href="/compliance/equipment/{proof.pk}/"' in page.content.decode()
    from amelio.compliance.views_legal import evidence_record

    assert evidence_record(proof.reference, outsider) is None
    assert evidence_record("NOPE-2026-0001", coordinator) is None


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "onze"])
def test_a_rule_threshold_is_a_finite_number(org, coordinator, value):
    from django.core.exceptions import ValidationError

    from amelio.compliance.facts import holds
    from amelio.compliance.models import TextRule

    text, _requirements, _row = _text_with(org, coordinator, [12])
    rule = TextRule(
        text=text,
        org_unit=org["root"],
        fact="headcount_company",
        operator="gte",
        value=value,
    )
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert refused.value.message_dict["value"] == ["Give a number."]
    # A value stored before the check never breaks a page: the condition does not hold.
    assert not holds(
        SiteFacts(site_id=1, headcount_company=50), "headcount_company", "", "gte", value
    )


def test_a_rule_names_a_known_parameter(org, coordinator):
    from django.core.exceptions import ValidationError

    from amelio.compliance.models import TextRule

    text, _requirements, _row = _text_with(org, coordinator, [12])
    for fact, parameter in (
        ("equipment", "spaceship"),
        ("declared", "unicorns"),
        ("icpe_regime", "25"),
    ):
        rule = TextRule(
            text=text, org_unit=org["root"], fact=fact, parameter=parameter, operator="present"
        )
        with pytest.raises(ValidationError) as refused:
            rule.full_clean()
        assert "parameter" in refused.value.message_dict, fact


def test_a_decision_taken_through_the_form_says_who_and_on_which_facts(
    org, coordinator, library, client_for
):
    _icpe(org["a"], coordinator, 400)
    text = library["env-ampg-2560-dc"]
    response = client_for(coordinator).post(
        "/compliance/register/add/",
        {"text": text.pk, "org_unit": org["a"].pk, "decision": "applicable", "justification": ""},
    )
    assert response.status_code == 302
    row = Applicability.objects.get(text=text)
    assert (row.decided_by, row.decided_on, row.rule_matches) == (coordinator, DAY, True)
    assert "2560" in row.matched_facts
    # Decided: not proposed again, and not marked "rejected before".
    assert "env-ampg-2560-dc" not in _proposed(org["a"])


def test_the_api_reads_the_company_library_from_a_site(org, coordinator, manager, client_for):
    text, _requirements, _row = _text_with(org, coordinator, [12])
    client = client_for(manager)
    assert client.get(f"/api/v1/compliance/texts/{text.pk}/").status_code == 200
    patched = client.patch(
        f"/api/v1/compliance/texts/{text.pk}/",
        {"title": "Changé", "version": text.version},
        content_type="application/json",
    )
    assert patched.status_code == 403
    assert LegalText.objects.get(pk=text.pk).title == "Vérifications électriques"


def test_a_windows_csv_feed_is_read_and_a_binary_one_refused(org, coordinator, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    feed = (
        "title;citation;domain;status;org_unit\n"
        "Arrêté relatif à la sécurité;Arrêté du 2 mars 2026;health_safety;in_force;ACME\n"
    ).encode("cp1252")
    client = client_for(coordinator)
    preview = client.post(
        "/compliance/texts/import/", {"file": SimpleUploadedFile("veille.csv", feed)}
    )
    assert (preview.context["report"].created, preview.context["report"].errors) == (1, [])
    client.post("/compliance/texts/import/", {"token": preview.context["token"]})
    assert LegalText.objects.get().title == "Arrêté relatif à la sécurité"
    binary = client.post(
        "/compliance/texts/import/",
        {"file": SimpleUploadedFile("veille.csv", bytes(range(256)) * 10)},
    )
    assert binary.status_code == 200
    assert binary.context["error"]
    assert LegalText.objects.count() == 1


def test_edit_of_record_zero_is_not_found(coordinator, client_for):
    client = client_for(coordinator)
    assert client.get("/compliance/facts/0/edit/").status_code == 404
    assert client.post("/compliance/facts/0/edit/", {"fact": "night_work"}).status_code == 404
    assert not DeclaredFact.objects.exists()


def test_the_rules_read_in_words(org, coordinator, client_for, library):
    rule = library["env-esp-suivi-en-service"].rules.get()
    with translation.override("en"):
        assert (
            rule.condition
            == "equipment to inspect Pressure equipment (vessels, compressors) is present"
        )
    page = client_for(coordinator).get("/compliance/rules/?fact=equipment")
    content = page.content.decode()
    assert "Équipements sous pression (récipients, compresseurs)" in content
    assert "pressure_equipment" not in content.split('id="results"')[1]
