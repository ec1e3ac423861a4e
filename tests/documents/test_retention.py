"""Record retention: due dates per rule and start event, the rule that keeps a record longest,
legal holds (a record, a record type, a DUERP version), the purge that acts only on an
approved list (never by its proposer, never on a held record), the dry run equal to the
run, anonymisation of exactly the personal fields, destruction of the record and its files,
and the log kept forever. Time is frozen on 15 June 2026, 10:00 in Paris."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from amelio.context.models import ContextIssue
from amelio.core import services
from amelio.core.models import Attachment, Comment, RoleAssignment, User
from amelio.core.permissions import Role
from amelio.core.registry import registry
from amelio.documents import retention as service
from amelio.documents import retention_computations as calc
from amelio.documents.models import LegalHold, PurgeItem, PurgeRun, RetentionRule
from amelio.indicators.models import Objective
from amelio.safety.models import Duerp, DuerpVersion, PublicReport, SafetyEvent, Victim
from tests.samples import sample_data

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=PARIS)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def second_coordinator(org):
    user = User.objects.create_user(username="coordinator2", password="pw", first_name="Second")
    RoleAssignment.objects.create(user=user, org_unit=org["root"], role=Role.COORDINATOR)
    return user


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0, tz=PARIS):
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def make_rule(user, unit, record_type, start, years=0, months=0, action="archive", **extra):
    rule = RetentionRule(
        org_unit=unit,
        record_type=record_type,
        start_field=start,
        years=years,
        months=months,
        action=action,
        basis=extra.pop("basis", "practice"),
        citation=extra.pop("citation", "RGPD art. 5.1.e"),
        **extra,
    )
    return services.record_create(record=rule, user=user)


def report(unit, created, name="Jean Dupont", contact="06 12 34 56 78") -> PublicReport:
    return PublicReport.objects.create(
        kind="hazard",
        description="Sol glissant devant la cisaille",
        org_unit=unit,
        reporter_name=name,
        reporter_contact=contact,
        created_at=created,
    )


def hold(user, unit, **fields) -> LegalHold:
    record = LegalHold(
        org_unit=unit,
        title=fields.pop("title", "Contentieux"),
        reason_kind=fields.pop("reason_kind", "litigation"),
        held_from=fields.pop("held_from", TODAY),
        **fields,
    )
    return services.record_create(record=record, user=user)


def due_pairs(due) -> list[tuple[str, str, dt.date]]:
    return [(item.record.reference, item.action, item.due) for item in due.items]


def propose(user, unit, on=TODAY) -> PurgeRun:
    run = PurgeRun(org_unit=unit, title="Purge", as_of=on)
    return services.record_create(record=run, user=user)


# Computations ---------------------------------------------------------------------------


def test_due_dates_keep_the_day_or_take_the_last_of_the_month():
    assert calc.due_date(dt.date(2025, 1, 31), 0, 1) == dt.date(2025, 2, 28)
    assert calc.due_date(dt.date(2024, 1, 31), 0, 1) == dt.date(2024, 2, 29)
    assert calc.due_date(dt.date(2024, 2, 29), 1, 0) == dt.date(2025, 2, 28)
    assert calc.due_date(dt.date(2026, 3, 31), 40, 0) == dt.date(2066, 3, 31)
    assert calc.due_date(dt.date(2025, 11, 30), 1, 3) == dt.date(2027, 2, 28)
    assert calc.start_cutoff(dt.date(2025, 2, 28), 1) == dt.date(2025, 1, 31)
    assert calc.start_cutoff(dt.date(2026, 6, 15), 12) == dt.date(2025, 6, 15)


@given(
    start=st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)),
    on=st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
    months=st.integers(1, 600),
)
def test_a_record_is_due_exactly_when_its_start_is_on_or_before_the_cutoff(start, on, months):
    assert (calc.add_months(start, months) <= on) == (start <= calc.start_cutoff(on, months))


# The shipped rules ----------------------------------------------------------------------


def test_every_register_has_a_shipped_rule_that_is_valid():
    rows = service.shipped_rules()["rules"]
    assert {r.key for r in registry} <= {row["record_type"] for row in rows}
    assert len({row["key"] for row in rows}) == len(rows)
    for row in rows:
        rule = RetentionRule(
            record_type=row["record_type"],
            start_field=row["start_field"],
            years=row["years"],
            months=row["months"],
            action=row["action"],
        )
        assert service.rule_problems(rule) == {}, row["key"]
        assert row["basis"] in ("law", "practice"), row["key"]
        assert row["confidence"] in (("C", "S", "V") if row["basis"] == "law" else ("",))
        assert row["citation"] and row["source_url"].startswith("https://"), row["key"]
        assert row["notes_fr"] and row["notes_en"] and row["title_fr"], row["key"]


def test_the_duerp_is_kept_40_years_and_the_waste_register_5(org):
    rows = {row["key"]: row for row in service.shipped_rules()["rules"]}
    duerp = rows["duerp-40-ans"]
    assert (duerp["record_type"], duerp["years"], duerp["action"]) == (
        "safety.duerp",
        40,
        "archive",
    )
    assert duerp["confidence"] == "C"
    waste = rows["registre-dechets-5-ans"]
    assert (waste["start_field"], waste["years"], waste["confidence"]) == ("shipped_on", 5, "C")


def test_install_adds_the_missing_rules_once(org, coordinator):
    rows = service.shipped_rules()["rules"]
    first = service.install_rules(unit=org["root"], user=coordinator, language="fr")
    assert (first.added, first.present) == (len(rows), 0)
    duerp = RetentionRule.objects.get(library_key="duerp-40-ans")
    assert duerp.title == "DUERP : archiver 40 ans après la dernière publication"
    assert duerp.created_by == coordinator
    again = service.install_rules(unit=org["root"], user=coordinator)
    assert (again.added, again.present) == (0, len(rows))
    assert RetentionRule.objects.count() == len(rows)


def test_a_rule_is_checked_against_its_record_type(org, coordinator):
    def problems(**fields):
        base = {"record_type": "safety.publicreport", "start_field": "created_at", "years": 1}
        return service.rule_problems(RetentionRule(**{**base, **fields}))

    assert problems() == {}
    assert set(problems(start_field="occurred_at")) == {"start_field"}
    assert set(problems(years=0, months=0)) == {"years"}
    assert set(problems(start_field="archived_at", action="archive")) == {"action"}
    assert set(problems(record_type="context.contextissue", action="anonymise")) == {"action"}
    assert set(problems(record_type="documents.purgerun", action="destroy")) == {"action"}
    assert problems(record_type="nothing.here") == {
        "record_type": "Choose a record type from the list."
    }
    with pytest.raises(ValidationError):
        make_rule(coordinator, org["root"], "safety.publicreport", "shipped_on", years=1)


def test_a_rule_without_a_title_gets_one(org, coordinator):
    rule = make_rule(
        coordinator, org["root"], "safety.publicreport", "created_at", 1, 6, "anonymise"
    )
    assert rule.title == "Public reports: anonymise 1 year and 6 months after “created on”"
    assert (rule.duration, rule.start_event) == ("1 year and 6 months", "Created on")


# Records due ----------------------------------------------------------------------------


def test_records_due_per_rule_and_start_event(org, coordinator, frozen):
    make_rule(
        coordinator, org["root"], "safety.publicreport", "created_at", years=1, action="anonymise"
    )
    make_rule(coordinator, org["root"], "indicators.objective", "due_date", months=1)
    on_the_day = report(org["a"], at(2025, 6, 15))
    report(org["a"], at(2025, 6, 16))
    leap = report(org["a_unit"], at(2024, 2, 29))
    late_evening = report(org["a"], at(2025, 6, 15, 23, 30))
    report(org["a"], at(2025, 6, 15, 23, 30, tz=dt.UTC))  # 16 June, 01:30 in Paris
    month_end = Objective.objects.create(
        title="Réduire les chutes",
        policy_axis="safety",
        org_unit=org["a"],
        due_date=dt.date(2026, 5, 15),
    )
    Objective.objects.create(
        title="Pas encore", policy_axis="safety", org_unit=org["a"], due_date=dt.date(2026, 5, 16)
    )
    Objective.objects.create(title="Sans échéance", policy_axis="safety", org_unit=org["a"])
    due = service.due_list(unit=org["root"], on=TODAY)
    assert due_pairs(due) == [
        (month_end.reference, "archive", dt.date(2026, 6, 15)),
        (leap.reference, "anonymise", dt.date(2025, 2, 28)),
        (on_the_day.reference, "anonymise", TODAY),
        (late_evening.reference, "anonymise", TODAY),
    ]
    assert [item.start for item in due.items] == [
        dt.date(2026, 5, 15),
        dt.date(2024, 2, 29),
        dt.date(2025, 6, 15),
        dt.date(2025, 6, 15),
    ]
    assert due_pairs(service.due_list(unit=org["root"], on=dt.date(2026, 6, 14))) == [
        (leap.reference, "anonymise", dt.date(2025, 2, 28))
    ]


def test_the_rule_that_keeps_a_record_longest_governs(org, coordinator, frozen):
    company = make_rule(
        coordinator, org["root"], "safety.publicreport", "created_at", 1, 0, "anonymise"
    )
    make_rule(coordinator, org["a"], "safety.publicreport", "created_at", 2, 0, "anonymise")
    at_a = report(org["a_dept"], at(2025, 1, 10))
    at_b = report(org["b"], at(2025, 1, 10))
    old_a = report(org["a"], at(2024, 1, 10))
    due = service.due_list(unit=org["root"], on=TODAY)
    assert due_pairs(due) == [
        (at_b.reference, "anonymise", dt.date(2026, 1, 10)),
        (old_a.reference, "anonymise", dt.date(2026, 1, 10)),
    ]
    assert due.items[0].rule == company
    assert due.items[1].rule.org_unit == org["a"]
    assert at_a.reference not in {item.record.reference for item in due.items}


def test_only_the_records_of_the_unit_and_below(org, coordinator, frozen):
    make_rule(coordinator, org["root"], "safety.publicreport", "created_at", 1, 0, "anonymise")
    below = report(org["a_unit"], at(2024, 5, 1))
    report(org["b"], at(2024, 5, 1))
    assert due_pairs(service.due_list(unit=org["a"], on=TODAY)) == [
        (below.reference, "anonymise", dt.date(2025, 5, 1))
    ]


def test_destroy_alone_and_anonymise_before_archive(org, coordinator, frozen):
    make_rule(coordinator, org["root"], "safety.publicreport", "created_at", 1, 0, "anonymise")
    make_rule(coordinator, org["root"], "safety.publicreport", "created_at", 2, 0, "archive")
    both = report(org["a"], at(2024, 1, 2))
    make_rule(coordinator, org["root"], "context.contextissue", "archived_at", 1, 0, "destroy")
    make_rule(coordinator, org["root"], "context.contextissue", "created_at", 1, 0, "archive")
    issue = ContextIssue.objects.create(
        title="Sous-traitant unique",
        origin="external",
        swot="threat",
        org_unit=org["a"],
        created_at=at(2020, 1, 1),
        archived_at=at(2024, 1, 1),
    )
    due = service.due_list(unit=org["root"], on=TODAY)
    assert due_pairs(due) == [
        (issue.reference, "destroy", dt.date(2025, 1, 1)),
        (both.reference, "anonymise", dt.date(2025, 1, 2)),
        (both.reference, "archive", dt.date(2026, 1, 2)),
    ]


# Holds ----------------------------------------------------------------------------------


def test_a_record_hold_and_a_record_type_hold_are_respected(org, coordinator, frozen):
    make_rule(coordinator, org["root"], "safety.publicreport", "created_at", 1, 0, "anonymise")
    held = report(org["a"], at(2024, 3, 1))
    in_a = report(org["a_unit"], at(2024, 3, 2))
    in_b = report(org["b"], at(2024, 3, 3))
    free = report(org["a"], at(2024, 3, 4))
    on_one = hold(
        coordinator, org["a"], record_type="safety.publicreport", record_reference=held.reference
    )
    assert (on_one.content_type.model_class(), on_one.object_id) == (PublicReport, held.pk)
    refs = lambda: [i.record.reference for i in service.due_list(unit=org["root"], on=TODAY).items]  # noqa: E731
    assert refs() == [in_a.reference, in_b.reference, free.reference]
    hold(coordinator, org["a_dept"], scope="type", record_type="safety.publicreport")
    assert refs() == [in_b.reference, free.reference]
    assert Holds_of(in_a) is not None
    services.record_transition(
        record=on_one, user=coordinator, name="release", comment="Jugement rendu"
    )
    assert refs() == [held.reference, in_b.reference, free.reference]


def Holds_of(record):
    return service.Holds.on(TODAY).held_by(record, "safety.publicreport")


def test_a_hold_holds_between_its_dates_and_is_released_with_a_reason(
    org, coordinator, manager, frozen
):
    target = report(org["a"], at(2024, 3, 1))
    past = hold(
        coordinator,
        org["a"],
        record_type="safety.publicreport",
        record_reference=target.reference,
        held_from=dt.date(2025, 1, 1),
        held_until=dt.date(2026, 6, 14),
    )
    assert Holds_of(target) is None
    future = hold(
        coordinator,
        org["a"],
        record_type="safety.publicreport",
        record_reference=target.reference,
        held_from=dt.date(2026, 6, 16),
    )
    assert Holds_of(target) is None
    current = hold(
        coordinator,
        org["a"],
        record_type="safety.publicreport",
        record_reference=target.reference.lower(),
        held_until=TODAY,
    )
    assert Holds_of(target) == current.reference
    assert (
        services.transition_refusal(current, manager, "release")
        == "You are not allowed to do this step."
    )
    with pytest.raises(ValidationError):
        services.record_transition(record=current, user=coordinator, name="release", comment=" ")
    services.record_transition(
        record=current, user=coordinator, name="release", comment="Audit clos"
    )
    current.refresh_from_db()
    assert (current.status, current.released_on, current.released_by, current.release_reason) == (
        "released",
        TODAY,
        coordinator,
        "Audit clos",
    )
    assert Holds_of(target) is None
    assert {past.status, future.status} == {"active"}


def test_an_archived_active_hold_still_holds(org, coordinator, frozen):
    target = report(org["a"], at(2024, 3, 1))
    on_it = hold(
        coordinator, org["a"], record_type="safety.publicreport", record_reference=target.reference
    )
    services.record_archive(record=on_it, user=coordinator)
    assert Holds_of(target) == on_it.reference


def test_a_hold_names_a_record_of_its_unit(org, coordinator, frozen):
    elsewhere = report(org["b"], at(2024, 3, 1))
    with pytest.raises(ValidationError) as error:
        hold(
            coordinator,
            org["a"],
            record_type="safety.publicreport",
            record_reference=elsewhere.reference,
        )
    assert "record_reference" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        hold(
            coordinator,
            org["a"],
            record_type="safety.publicreport",
            record_reference="",
            held_until=dt.date(2026, 1, 1),
        )
    assert set(error.value.message_dict) == {"record_reference", "held_until"}


def test_a_hold_on_a_duerp_version_holds_the_duerp(org, coordinator, frozen):
    duerp = Duerp.objects.create(title="DUERP Site A", org_unit=org["a"])
    version = DuerpVersion.objects.create(
        duerp=duerp,
        org_unit=org["a"],
        number=2,
        published_at=NOW,
        author_name="Claire Martin",
        reason="annual",
        data={"lines": []},
    )
    on_version = hold(
        coordinator,
        org["a"],
        record_type="safety.duerpversion",
        record_reference=f"{duerp.reference} v2",
        reason_kind="inspection",
    )
    assert (on_version.content_type.model_class(), on_version.object_id) == (
        DuerpVersion,
        version.pk,
    )
    assert service.Holds.on(TODAY).held_by(duerp, "safety.duerp") == on_version.reference
    with pytest.raises(ValidationError):
        hold(
            coordinator,
            org["a"],
            record_type="safety.duerpversion",
            record_reference=f"{duerp.reference} v3",
        )


# Purge runs -----------------------------------------------------------------------------


@pytest.fixture
def purge_case(org, coordinator, frozen):
    """Three reports due for anonymisation at site A, one at site B, one issue due for
    destruction at site A (with a comment and a file)."""
    make_rule(coordinator, org["root"], "safety.publicreport", "created_at", 1, 0, "anonymise")
    make_rule(coordinator, org["root"], "context.contextissue", "archived_at", 5, 0, "destroy")
    reports = [report(org["a"], at(2024, 4, day), name=f"Témoin {day}") for day in (1, 2, 3)]
    report(org["b"], at(2024, 4, 4))
    issue = ContextIssue.objects.create(
        title="Ancien client",
        origin="external",
        swot="opportunity",
        org_unit=org["a_dept"],
        created_at=at(2015, 1, 5),
        archived_at=at(2020, 2, 1),
    )
    return {"reports": reports, "issue": issue}


def test_a_proposed_run_freezes_the_dry_run_list(org, coordinator, purge_case):
    dry = service.due_list(unit=org["a"], on=TODAY, user=coordinator)
    run = propose(coordinator, org["a"])
    frozen_list = [(i.reference, i.action, i.due_date) for i in run.items.order_by("id")]
    assert frozen_list == due_pairs(dry)
    assert frozen_list == [
        (purge_case["issue"].reference, "destroy", dt.date(2025, 2, 1)),
        *[
            (r.reference, "anonymise", dt.date(2025, 4, i))
            for i, r in enumerate(purge_case["reports"], 1)
        ],
    ]
    assert run.planned_count == 4
    # A record listed in an open run is not listed again.
    assert service.due_list(unit=org["root"], on=TODAY).items[0].record.org_unit == org["b"]


def test_a_run_is_approved_by_another_coordinator_only(
    org, coordinator, second_coordinator, manager, purge_case
):
    run = propose(coordinator, org["a"])
    assert services.transition_refusal(run, coordinator, "approve") == (
        "The person who proposed a purge cannot approve it: ask another coordinator."
    )
    assert (
        services.transition_refusal(run, manager, "approve")
        == "You are not allowed to do this step."
    )
    assert services.transition_refusal(run, second_coordinator, "execute") == (
        "This step is not possible from the current state."
    )
    with pytest.raises(ValidationError):
        services.record_transition(record=run, user=coordinator, name="approve")
    assert PurgeRun.objects.get(pk=run.pk).status == "proposed"
    assert ContextIssue.objects.filter(pk=purge_case["issue"].pk).exists()
    assert PublicReport.objects.filter(reporter_name="Témoin 1").count() == 1
    services.record_transition(record=run, user=second_coordinator, name="approve")
    run.refresh_from_db()
    assert (run.status, run.approved_by, run.approved_at) == ("approved", second_coordinator, NOW)
    assert ContextIssue.objects.filter(pk=purge_case["issue"].pk).exists()


def test_an_empty_run_cannot_be_approved(org, coordinator, second_coordinator, frozen):
    run = propose(coordinator, org["b"])
    assert run.planned_count == 0
    assert services.transition_refusal(run, second_coordinator, "approve") == (
        "This purge lists no record: there is nothing to approve."
    )


def test_the_approved_run_does_exactly_what_the_dry_run_listed(
    org, coordinator, second_coordinator, purge_case, django_capture_on_commit_callbacks
):
    dry = due_pairs(service.due_list(unit=org["a"], on=TODAY, user=coordinator))
    run = propose(coordinator, org["a"])
    services.record_transition(record=run, user=second_coordinator, name="approve")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_transition(record=run, user=second_coordinator, name="execute")
    run.refresh_from_db()
    done = [
        (i.reference, i.action, i.due_date) for i in run.items.filter(outcome="done").order_by("id")
    ]
    assert done == dry
    assert (run.status, run.done_count, run.skipped_count, run.failed_count) == ("done", 4, 0, 0)
    assert (run.done_by, run.done_at) == (second_coordinator, NOW)


def test_the_log_says_what_was_done_when_by_whom_under_which_rule(
    org, coordinator, second_coordinator, purge_case
):
    run = propose(coordinator, org["a"])
    services.record_transition(record=run, user=second_coordinator, name="approve")
    services.record_transition(record=run, user=second_coordinator, name="execute")
    rule = RetentionRule.objects.get(record_type="context.contextissue")
    item = run.items.get(action="destroy")
    assert (
        item.record_type,
        item.reference,
        item.org_unit,
        item.outcome,
        item.done_at,
        item.done_by,
        item.rule,
        item.rule_reference,
        item.rule_summary,
        item.start_date,
        item.detail,
    ) == (
        "context.contextissue",
        purge_case["issue"].reference,
        org["a_dept"],
        "done",
        NOW,
        second_coordinator,
        rule,
        rule.reference,
        f"{rule.title} — RGPD art. 5.1.e",
        dt.date(2020, 2, 1),
        "",
    )
    with pytest.raises(ValidationError):
        item.delete()
    with pytest.raises(ValidationError):
        PurgeItem.objects.all().delete()
    assert PurgeItem.objects.count() == 4


def test_a_hold_placed_after_approval_wins(org, coordinator, second_coordinator, purge_case):
    run = propose(coordinator, org["a"])
    services.record_transition(record=run, user=second_coordinator, name="approve")
    held = purge_case["reports"][1]
    late = hold(
        coordinator,
        org["a"],
        record_type="safety.publicreport",
        record_reference=held.reference,
        reason_kind="insurer",
    )
    services.record_transition(record=run, user=second_coordinator, name="execute")
    item = run.items.get(reference=held.reference)
    assert (item.outcome, item.detail) == ("skipped", f"Held by {late.reference}.")
    held.refresh_from_db()
    assert (held.reporter_name, held.reporter_contact, held.version) == (
        "Témoin 2",
        "06 12 34 56 78",
        1,
    )
    run.refresh_from_db()
    assert (run.done_count, run.skipped_count) == (3, 1)


def test_a_record_type_hold_placed_after_approval_wins(
    org, coordinator, second_coordinator, purge_case
):
    run = propose(coordinator, org["a"])
    services.record_transition(record=run, user=second_coordinator, name="approve")
    hold(
        coordinator, org["a"], scope="type", record_type="context.contextissue", reason_kind="audit"
    )
    services.record_transition(record=run, user=second_coordinator, name="execute")
    assert run.items.get(action="destroy").outcome == "skipped"
    assert ContextIssue.objects.filter(pk=purge_case["issue"].pk).exists()


def test_a_rejected_run_touches_nothing(org, coordinator, second_coordinator, purge_case):
    run = propose(coordinator, org["a"])
    services.record_transition(record=run, user=second_coordinator, name="approve")
    services.record_transition(
        record=run, user=second_coordinator, name="reject", comment="Attendre l'audit"
    )
    assert services.transition_refusal(run, second_coordinator, "execute") is not None
    assert ContextIssue.objects.filter(pk=purge_case["issue"].pk).exists()
    assert set(run.items.values_list("outcome", flat=True)) == {"planned"}
    # The records are free to be proposed again.
    assert len(service.due_list(unit=org["a"], on=TODAY).items) == 4


def test_a_run_is_frozen_to_its_unit_and_date(org, coordinator, purge_case):
    run = propose(coordinator, org["a"])
    run.as_of = dt.date(2026, 6, 1)
    with pytest.raises(ValidationError) as error:
        services.record_update(record=run, user=coordinator, expected_version=1)
    assert "as_of" in error.value.message_dict
    with pytest.raises(ValidationError):
        propose(coordinator, org["a"], on=dt.date(2026, 6, 16))


def test_anonymise_blanks_exactly_the_personal_fields(org, coordinator, second_coordinator, frozen):
    make_rule(coordinator, org["root"], "safety.safetyevent", "occurred_at", 5, 0, "anonymise")
    event = services.record_create(
        record=SafetyEvent(
            title="Coupure à la main",
            event_type="lost_time",
            org_unit=org["a_unit"],
            occurred_at=at(2021, 3, 2, 14),
            description="Coupure en changeant une lame",
            witnesses="Paul Girard",
            place="Cisaille",
            injury_nature="wound",
            body_location="hand",
        ),
        user=coordinator,
    )
    Victim.objects.create(
        event=event,
        name="Lucas Moreau",
        person=coordinator,
        job_title="Soudeur",
        birth_date=dt.date(1990, 5, 4),
        hired_on=dt.date(2015, 9, 1),
        contract="permanent",
        medical_notes="Cinq points de suture",
    )
    event.witnesses = "Paul Girard, Nadia Faure"
    services.record_update(record=event, user=coordinator, expected_version=1)
    before = SafetyEvent.objects.values().get(pk=event.pk)
    run = propose(coordinator, org["a"])
    services.record_transition(record=run, user=second_coordinator, name="approve")
    services.record_transition(record=run, user=second_coordinator, name="execute")
    after = SafetyEvent.objects.values().get(pk=event.pk)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"witnesses", "version", "updated_by_id"}
    assert after["updated_at"] == NOW
    assert (after["witnesses"], after["version"], after["updated_by_id"]) == (
        "",
        3,
        second_coordinator.pk,
    )
    victim = Victim.objects.values().get(event=event)
    assert {
        k: victim[k]
        for k in (
            "name",
            "person_id",
            "job_title",
            "birth_date",
            "hired_on",
            "contract",
            "medical_notes",
        )
    } == {
        "name": "",
        "person_id": None,
        "job_title": "",
        "birth_date": None,
        "hired_on": None,
        "contract": "",
        "medical_notes": "",
    }
    history = [
        e.changes_dict.get("witnesses")
        for e in LogEntry.objects.get_for_object(event).order_by("pk")
    ]
    assert history == [["***", "***"], ["***", "***"], ["***", ""]]
    assert "Paul Girard" not in str(list(LogEntry.objects.get_for_object(event).values()))
    # Anonymised once: never listed again.
    assert service.due_list(unit=org["root"], on=TODAY).items == []


def test_destroy_removes_the_record_its_files_comments_and_history(
    org, coordinator, second_coordinator, purge_case, django_capture_on_commit_callbacks
):
    issue = purge_case["issue"]
    attachment = Attachment.objects.create(
        target=issue,
        file=ContentFile(b"%PDF-1.4 compte rendu", name="cr.pdf"),
        original_name="cr.pdf",
        size=21,
    )
    name = attachment.file.name
    Comment.objects.create(target=issue, author=coordinator, body="Client perdu en 2019")
    keep = Comment.objects.create(target=purge_case["reports"][0], author=coordinator, body="Reste")
    assert default_storage.exists(name)
    run = propose(coordinator, org["a"])
    services.record_transition(record=run, user=second_coordinator, name="approve")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_transition(record=run, user=second_coordinator, name="execute")
    content_type = ContentType.objects.get_for_model(ContextIssue)
    assert not ContextIssue.objects.filter(pk=issue.pk).exists()
    assert not Attachment.objects.filter(content_type=content_type, object_id=issue.pk).exists()
    assert not Comment.objects.filter(content_type=content_type, object_id=issue.pk).exists()
    assert not LogEntry.objects.filter(content_type=content_type, object_id=issue.pk).exists()
    assert not default_storage.exists(name)
    assert Comment.objects.filter(pk=keep.pk).exists()


def test_a_record_others_depend_on_is_shown_blocked_and_not_frozen(org, coordinator, frozen):
    from amelio.compliance.models import Equipment, EquipmentCategory, Inspection
    from amelio.compliance.reference_data import ensure_reference_data

    ensure_reference_data()
    category = EquipmentCategory.objects.get(key="electrical")
    equipment = Equipment.objects.create(name="TGBT", category=category, org_unit=org["a"])
    Inspection.objects.create(
        equipment=equipment,
        rule=category.rules.first(),
        performed_on=dt.date(2014, 3, 1),
        org_unit=org["a"],
    )
    Equipment.objects.filter(pk=equipment.pk).update(archived_at=at(2015, 1, 1))
    make_rule(coordinator, org["root"], "compliance.equipment", "archived_at", 10, 0, "destroy")
    due = service.due_list(unit=org["root"], on=TODAY)
    assert due.items == []
    assert [(i.record.reference, i.blocked) for i in due.blocked] == [
        (equipment.reference, "Other records depend on it (Periodic inspections).")
    ]
    assert propose(coordinator, org["root"]).planned_count == 0


def test_archive_goes_through_the_core_service(org, coordinator, second_coordinator, frozen):
    make_rule(coordinator, org["root"], "safety.publicreport", "created_at", 2, 0, "archive")
    old = report(org["a"], at(2023, 1, 1))
    run = propose(coordinator, org["root"])
    services.record_transition(record=run, user=second_coordinator, name="approve")
    services.record_transition(record=run, user=second_coordinator, name="execute")
    old.refresh_from_db()
    assert (old.archived_at, old.archived_by, old.reporter_name) == (
        NOW,
        second_coordinator,
        "Jean Dupont",
    )
    assert service.due_list(unit=org["root"], on=TODAY).items == []


# The demo -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_has_a_rule_for_every_record_type_and_a_purge_to_approve(demo_company):
    from django.utils import timezone

    from amelio.actions.models import Action

    root = demo_company.units["FMR"]
    rules = RetentionRule.objects.active().filter(org_unit=root)
    assert {r.key for r in registry} <= set(rules.values_list("record_type", flat=True))
    assert rules.count() == len(service.shipped_rules()["rules"])
    for rule in rules.filter(basis="law"):
        assert rule.confidence in ("C", "S", "V") and rule.citation, rule.library_key
    actions_rule = rules.get(library_key="actions-6-ans")
    assert (actions_rule.years, actions_rule.action) == (1, "archive")

    today = timezone.localdate()
    holds = LegalHold.objects.all()
    assert sorted(holds.values_list("status", flat=True)) == ["active"] * 4 + ["released"]
    assert holds.filter(record_type=service.DUERP_VERSION, content_type__isnull=False).count() == 1
    held = holds.get(record_type="actions.action")
    assert held.in_force(today)

    run = PurgeRun.objects.get()
    assert (run.status, run.created_by, run.as_of) == (
        "proposed",
        demo_company.users["admin"],
        today,
    )
    cutoff = calc.add_months(today, -12)
    expected = set(
        Action.objects.filter(done_on__lte=cutoff)
        .exclude(pk=held.object_id)
        .values_list("reference", flat=True)
    )
    assert len(expected) >= 4
    assert set(run.items.values_list("reference", flat=True)) == expected
    assert run.planned_count == len(expected)
    assert set(run.items.values_list("action", flat=True)) == {"archive"}
    # What the run lists is not listed again, and the held action is not due.
    assert service.due_list(unit=root, on=today).items == []
    coordinator = demo_company.users["coordinator"]
    assert services.transition_refusal(run, coordinator, "approve") is None


@pytest.mark.parametrize(
    "key", ["documents.retentionrule", "documents.legalhold", "documents.purgerun"]
)
def test_only_those_who_approve_set_rules_holds_and_purges(key, client_for, org, manager, employee):
    """A manager or an employee reads the rules, holds and purges of their site but sets none,
    on the page as through the API; a coordinator of the site does."""
    reg = registry.get(key)
    for person in (manager, employee):
        client = client_for(person)
        assert client.get(reg.url("list")).status_code == 200
        assert client.get(reg.url("add")).status_code == 403
        assert client.post(reg.url("add"), sample_data(reg, org["a"], person)).status_code == 403
        api = client.post(
            f"/api/v1/{reg.app_label}/{reg.url_slug}/", {}, content_type="application/json"
        )
        assert api.status_code == 403
    assert reg.model.objects.count() == 0


def test_what_a_hold_covers_is_fixed_once_placed(org, coordinator, client_for, frozen):
    """Moving a hold's start, scope or target would lift it without the reasoned release: the
    API refuses it like the form; the end may be pushed back, not brought forward."""
    placed = hold(
        coordinator,
        org["a"],
        record_type="actions.action",
        scope="type",
        held_until=dt.date(2027, 1, 31),
    )
    client = client_for(coordinator)
    url = f"/api/v1/documents/legal-holds/{placed.pk}/"
    fixed = (
        "What a hold covers is fixed once it is placed: release it with a reason and place a "
        "new one."
    )
    for change in ({"held_from": "2099-01-01"}, {"record_type": "audits.audit"}):
        refused = client.patch(url, change, content_type="application/json")
        assert refused.status_code == 400, change
        assert refused.json()[next(iter(change))] == [fixed]
    extended = client.patch(url, {"held_until": "2027-06-30"}, content_type="application/json")
    assert extended.status_code == 200, extended.content
    shortened = "A hold may be extended, not shortened: release it instead."
    refused = client.patch(url, {"held_until": "2027-03-31"}, content_type="application/json")
    assert refused.json() == {"held_until": [shortened]}
    placed.refresh_from_db()
    assert (placed.held_from, placed.record_type, placed.held_until) == (
        TODAY,
        "actions.action",
        dt.date(2027, 6, 30),
    )
