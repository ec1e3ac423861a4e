"""The DUERP: lines per work unit, publishing frozen versions (refused by the application and
by the database), the yearly review, the prevention programme and the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from openpyxl import load_workbook

from amelio.actions.models import Action
from amelio.actions.services import action_link
from amelio.core.services import record_create, record_transition, record_update
from amelio.safety import services
from amelio.safety.models import Assessment, DuerpVersion, ImmutableError


def publish(duerp, user, note="Yearly update"):
    return record_transition(record=duerp, user=user, name="publish", comment=note)


def test_a_line_is_scored_on_the_matrix(make_line):
    line = make_line(likelihood=4, severity=3)
    assert line.gross_score == 12
    assert line.gross_level
    assert line.principle_numbers() == [3, 8]


def test_a_line_outside_the_duerp_unit_is_refused(make_line, org):
    with pytest.raises(ValidationError) as error:
        make_line(unit=org["b"])
    assert error.value.message_dict["org_unit"] == ["This unit is not covered by the DUERP."]


def test_principles_are_numbers_from_1_to_9(make_line):
    with pytest.raises(ValidationError) as error:
        make_line(principles="3,12")
    assert "principles" in error.value.message_dict


def test_publishing_freezes_a_numbered_version(duerp, make_line, coordinator):
    make_line(likelihood=4, severity=4, hazard="Press noise")
    duerp = publish(duerp, coordinator, "First assessment with the CSE")
    assert duerp.status == "published"
    version = DuerpVersion.objects.get(duerp=duerp)
    assert (version.number, version.reason, version.author_name) == (
        1,
        "first",
        "Coordinator",
    )
    assert version.note == "First assessment with the CSE"
    assert [row["hazard"] for row in version.data["lines"]] == ["Press noise"]
    assert version.data["lines"][0]["score"] == 16
    assert bytes(version.pdf).startswith(b"%PDF")
    assert version.intact
    assert duerp.last_published_on == timezone.localdate()


def test_publishing_needs_a_line_a_note_and_the_approve_right(duerp, make_line, manager):
    with pytest.raises(ValidationError) as error:
        publish(duerp, duerp.owner)
    assert error.value.messages == ["Assess at least one risk in a work unit before publishing."]
    make_line()
    with pytest.raises(ValidationError) as error:
        publish(duerp, duerp.owner, note="  ")
    assert error.value.messages == ["Please give a reason for this step."]
    with pytest.raises(ValidationError) as error:
        publish(duerp, manager)
    assert error.value.messages == ["You are not allowed to do this step."]
    assert not DuerpVersion.objects.exists()


def test_lines_are_frozen_while_published_and_versions_keep_what_was_published(
    duerp, make_line, coordinator
):
    line = make_line(likelihood=2, severity=2)
    duerp = publish(duerp, coordinator)
    line.gross_likelihood = 4
    with pytest.raises(ValidationError) as error:
        record_update(record=line, user=coordinator, expected_version=line.version)
    assert error.value.messages == [
        f"{duerp.reference} is “Published”: its DUERP lines can no longer be added, changed "
        "or archived."
    ]
    duerp = record_transition(record=duerp, user=coordinator, name="update")
    line = Assessment.objects.get(pk=line.pk)
    line.gross_likelihood = 4
    record_update(record=line, user=coordinator, expected_version=line.version)
    duerp.update_reason = "change"
    duerp.save()
    publish(duerp, coordinator, "New press line")
    first, second = DuerpVersion.objects.order_by("number")
    assert first.data["lines"][0]["score"] == 4
    assert second.data["lines"][0]["score"] == 8
    assert (second.number, second.reason) == (2, "change")
    assert first.intact and second.intact


def test_a_version_cannot_be_altered_or_removed_by_the_application(duerp, make_line, coordinator):
    make_line()
    publish(duerp, coordinator)
    version = DuerpVersion.objects.get()
    version.note = "rewritten"
    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        DuerpVersion.objects.filter(pk=version.pk).update(note="rewritten")
    with pytest.raises(ImmutableError):
        version.delete()
    with pytest.raises(ImmutableError):
        DuerpVersion.objects.all().delete()
    assert DuerpVersion.objects.get().note == "Yearly update"


def test_the_database_refuses_to_alter_a_version(duerp, make_line, coordinator):
    make_line()
    publish(duerp, coordinator)
    version = DuerpVersion.objects.get()
    forge = "UPDATE safety_duerpversion SET note = %s WHERE id = %s"
    with (
        pytest.raises((DatabaseError, IntegrityError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(forge, ["forged", version.pk])
    assert DuerpVersion.objects.get().note == "Yearly update"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's (decision 0018)"
)
def test_the_database_refuses_to_delete_a_version_within_40_years(duerp, make_line, coordinator):
    make_line()
    publish(duerp, coordinator)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM safety_duerpversion")
    assert DuerpVersion.objects.count() == 1


def test_review_is_due_a_year_after_the_last_version(duerp, make_line, coordinator):
    assert services.review_due(duerp) is None
    make_line()
    duerp = publish(duerp, coordinator)
    today = timezone.localdate()
    assert duerp.next_review == services.calc.review_due(today, 12)
    assert services.review_due(duerp) == duerp.next_review


def test_small_companies_update_on_change_only(duerp, make_line, coordinator, org):
    org["a"].headcount = 8
    org["a"].save()
    make_line()
    duerp = publish(duerp, coordinator)
    assert duerp.next_review is None


def _measure(line, user, **fields):
    action = Action(
        title=fields.pop("title", "Enclose the press"),
        action_type="preventive",
        org_unit=line.org_unit,
        owner=user,
        due_date=fields.pop("due_date", dt.date(2026, 9, 30)),
        effectiveness_criterion=fields.pop("criterion", "Noise below 80 dB(A)"),
        **fields,
    )
    record_create(record=action, user=user)
    action_link(action=action, record=line, user=user, role="preventive")
    return action


def test_papripact_gathers_the_year_measures_and_flags_missing_costs(duerp, make_line, coordinator):
    line = make_line()
    costed = _measure(line, coordinator, planned_cost=4500)
    uncosted = _measure(line, coordinator, title="Noise survey")
    later = _measure(line, coordinator, title="Next year", due_date=dt.date(2027, 3, 1))
    plan, incomplete = services.programme_write(duerp=duerp, year=2026, user=coordinator)
    assert plan.name == "PAPRIPACT 2026 – Site A"  # 100 employees: a PAPRIPACT
    assert set(plan.actions.values_list("pk", flat=True)) == {costed.pk, uncosted.pk}
    assert incomplete == [uncosted]
    assert Action.objects.get(pk=later.pk).plan is None
    again, _incomplete = services.programme_write(duerp=duerp, year=2026, user=coordinator)
    assert again.pk == plan.pk


def test_small_companies_get_a_list_of_actions(duerp, make_line, coordinator, org):
    org["a"].headcount = 30
    org["a"].save()
    duerp.org_unit.refresh_from_db()
    make_line()
    plan, _incomplete = services.programme_write(duerp=duerp, year=2026, user=coordinator)
    assert plan.name == "Actions de prévention 2026 – Site A"  # named in French, once


def test_programme_needs_the_change_right(duerp, employee):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.programme_write(duerp=duerp, year=2026, user=employee)


# --- Pages --------------------------------------------------------------------------------


def test_detail_page_lists_lines_by_work_unit_and_versions(
    duerp, make_line, coordinator, client_for
):
    make_line(likelihood=4, severity=4, hazard="Press noise")
    publish(duerp, coordinator, "Reviewed with the CSE")
    page = (
        client_for(coordinator)
        .get(f"/safety/duerp/{duerp.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Machining A" in page
    assert "Press noise" in page
    assert "v1" in page
    assert "Reviewed with the CSE" in page
    assert "PAPRIPACT (annual prevention programme)" in page
    assert "{&#x27;fr&#x27;" not in page  # level labels are shown in the reader's language


def test_versions_download_as_pdf_workbook_and_data(duerp, make_line, coordinator, client_for):
    make_line(hazard="Press noise")
    publish(duerp, coordinator)
    client = client_for(coordinator)
    pdf = client.get(f"/safety/duerp/{duerp.pk}/versions/1.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    data = client.get(f"/safety/duerp/{duerp.pk}/versions/1.json").json()
    assert data["version"] == 1
    assert data["content"]["lines"][0]["hazard"] == "Press noise"
    xlsx = client.get(f"/safety/duerp/{duerp.pk}/versions/1.xlsx")
    import io

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(2, 4).value == "Press noise"
    assert sheet.cell(2, 1).value == "Machining A"
    assert client.get(f"/safety/duerp/{duerp.pk}/versions/2.pdf").status_code == 404


def test_the_pdf_text_follows_the_usual_layout(duerp, make_line, coordinator, client_for):
    import io

    from pypdf import PdfReader

    make_line(hazard="Press noise")
    response = client_for(coordinator).get(f"/safety/duerp/{duerp.pk}/document.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "DUERP Site A" in text
    assert "MACHINING A" in text  # the work unit heads its table
    assert "Press noise" in text
    assert "Bruit" in text  # the risk family, in French: the DUERP is a French document
    assert "Moyen" in text  # the level's label


def test_an_outsider_gets_404_on_the_duerp_pages(
    duerp, make_line, coordinator, outsider, client_for
):
    make_line()
    publish(duerp, coordinator)
    client = client_for(outsider)
    for target in (
        f"/safety/duerp/{duerp.pk}/document.pdf",
        f"/safety/duerp/{duerp.pk}/document.xlsx",
        f"/safety/duerp/{duerp.pk}/versions/1.pdf",
        f"/safety/duerp/{duerp.pk}/versions/1.json",
    ):
        assert client.get(target).status_code == 404, target
    assert client.post(f"/safety/duerp/{duerp.pk}/programme/", {"year": 2026}).status_code == 404
