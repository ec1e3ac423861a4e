"""The generic register tests: every register in the registry gets the same checks.

A new register is covered here without writing a test: list, filters, search, sort, detail,
add, edit (with a stale-version conflict), archive/restore, history, comments, attachments,
export, import, API — and an outsider from another site gets 404 everywhere.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from amelio.core import services
from amelio.core.exports import column_labels
from amelio.core.models import Attachment, Comment
from amelio.core.registry import registry
from tests.api.payloads import api_payload
from tests.samples import TODAY, make_record, sample_data

REGISTERS = list(registry)
pytestmark = pytest.mark.parametrize("reg", REGISTERS, ids=[r.key for r in REGISTERS])

LIST_QUERY_CEILING = 15


def url(reg, action, *args):
    return reg.url(action, *args)


def test_anonymous_is_sent_to_login(reg, client, org, coordinator):
    record = make_record(reg, org["a"], coordinator)
    for target in (
        url(reg, "list"),
        url(reg, "detail", record.pk),
        url(reg, "add"),
        url(reg, "export", "xlsx"),
    ):
        response = client.get(target)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_list_shows_records_in_scope_only(reg, client_for, org, coordinator, manager):
    mine = make_record(reg, org["a_unit"], coordinator, "Alpha")
    other = make_record(reg, org["b"], coordinator, "Bravo")
    response = client_for(manager).get(url(reg, "list"))
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].object_list] == [mine.pk]
    assert other.reference not in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(reg, client_for, org, coordinator):
    client = client_for(coordinator)
    make_record(reg, org["a"], coordinator)
    client.get(url(reg, "list"))
    with CaptureQueriesContext(connection) as one_row:
        client.get(url(reg, "list"))
    for index in range(10):
        make_record(reg, org["a"], coordinator, f"Row {index}")
    with CaptureQueriesContext(connection) as many_rows:
        assert client.get(url(reg, "list")).status_code == 200
    assert len(many_rows) == len(one_row)
    assert len(many_rows) <= LIST_QUERY_CEILING


def test_every_filter_and_sort_answers(reg, client_for, org, coordinator):
    record = make_record(reg, org["a"], coordinator)
    client = client_for(coordinator)
    for name in reg.filters:
        value = getattr(record, f"{name}_id", None) or getattr(record, name)
        if name == "org_unit":
            value = org["root"].pk
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        response = client.get(url(reg, "list"), {name: value})
        assert response.status_code == 200, name
        assert record in response.context["page"].object_list, name
    for name in reg.sort_fields:
        for sort in (name, f"-{name}"):
            assert client.get(url(reg, "list"), {"sort": sort}).status_code == 200


def test_search_finds_by_reference(reg, client_for, org, coordinator):
    record = make_record(reg, org["a"], coordinator)
    make_record(reg, org["a"], coordinator, "Other")
    response = client_for(coordinator).get(url(reg, "list"), {"q": record.reference})
    assert list(response.context["page"].object_list) == [record]


def test_add_through_the_form(reg, client_for, org, manager):
    data = sample_data(reg, org["a_dept"], manager, "Created")
    response = client_for(manager).post(url(reg, "add"), data)
    assert response.status_code == 302
    record = reg.model.objects.get()
    assert response.url == url(reg, "detail", record.pk)
    assert re.fullmatch(rf"{reg.model.REFERENCE_PREFIX}-\d{{4}}-0001", record.reference)
    assert record.created_by == manager
    assert record.org_unit == org["a_dept"]
    entry = LogEntry.objects.get_for_object(record).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == manager
    # The page it lands on shows the record, with every field of the detail.
    page = client_for(manager).get(response.url)
    assert page.status_code == 200
    assert record.reference in page.content.decode()


def test_add_is_refused_to_a_reader(reg, client_for, org, reader):
    client = client_for(reader)
    assert client.get(url(reg, "add")).status_code == 403
    response = client.post(url(reg, "add"), sample_data(reg, org["a"], reader))
    assert response.status_code == 403
    assert reg.model.objects.count() == 0


def test_add_in_a_unit_out_of_scope_is_refused_on_the_field(reg, client_for, org, manager):
    data = sample_data(reg, org["b"], manager)
    response = client_for(manager).post(url(reg, "add"), data)
    assert response.status_code == 200
    assert "org_unit" in response.context["form"].errors
    assert reg.model.objects.count() == 0


def test_edit_writes_history_and_detects_stale_versions(reg, client_for, org, manager):
    record = make_record(reg, org["a"], manager, "Before")
    client = client_for(manager)
    data = sample_data(reg, org["a"], manager, "After")
    response = client.post(url(reg, "edit", record.pk), {**data, "version": 1})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.version == 2
    assert (
        LogEntry.objects.get_for_object(record).filter(action=LogEntry.Action.UPDATE).count() == 1
    )
    stale = client.post(url(reg, "edit", record.pk), {**data, "version": 1})
    assert stale.status_code == 200
    assert stale.context["conflict"]["current"].version == 2
    record.refresh_from_db()
    assert record.version == 2


def test_archive_and_restore(reg, client_for, org, manager, employee):
    record = make_record(reg, org["a"], manager)
    assert client_for(employee).post(url(reg, "archive", record.pk)).status_code == 403
    client = client_for(manager)
    client.post(url(reg, "archive", record.pk))
    record.refresh_from_db()
    assert record.archived_by == manager
    assert list(client.get(url(reg, "list")).context["page"].object_list) == []
    archived = client.get(url(reg, "list"), {"archived": "archived"})
    assert list(archived.context["page"].object_list) == [record]
    client.post(url(reg, "restore", record.pk))
    record.refresh_from_db()
    assert record.archived_at is None


def test_history_page_lists_changes(reg, client_for, org, coordinator):
    record = make_record(reg, org["a"], coordinator)
    response = client_for(coordinator).get(url(reg, "history", record.pk))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_comments_and_attachments(reg, client_for, org, manager, employee, reader, settings):
    record = make_record(reg, org["a"], manager)
    client_for(reader).post(url(reg, "comment", record.pk), {"body": "Not allowed"})
    assert Comment.objects.count() == 0
    client = client_for(employee)
    client.post(url(reg, "comment", record.pk), {"body": "Seen on the shop floor"})
    assert Comment.objects.get().body == "Seen on the shop floor"
    pdf = SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    client.post(url(reg, "attach", record.pk), {"file": pdf, "description": "Photo"})
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.size) == ("proof.pdf", 14)
    download = client.get(url(reg, "attachment", record.pk, attachment.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 proof"
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    client.post(url(reg, "attach", record.pk), {"file": exe})
    settings.AMELIO_ATTACHMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("big.pdf", b"x" * 11, content_type="application/pdf")
    client.post(url(reg, "attach", record.pk), {"file": big})
    assert Attachment.objects.count() == 1


def test_outsider_gets_404_everywhere(reg, client_for, org, coordinator, outsider):
    record = make_record(reg, org["a"], coordinator)
    attachment = Attachment.objects.create(
        target=record, file=SimpleUploadedFile("a.pdf", b"%PDF"), original_name="a.pdf", size=4
    )
    client = client_for(outsider)
    for action in ("detail", "edit", "history"):
        assert client.get(url(reg, action, record.pk)).status_code == 404, action
    for action in ("archive", "comment", "attach", "edit"):
        assert client.post(url(reg, action, record.pk), {}).status_code == 404, action
    assert client.get(url(reg, "attachment", record.pk, attachment.pk)).status_code == 404
    api = f"/api/v1/{reg.app_label}/{reg.url_slug}/{record.pk}/"
    assert client.get(api).status_code == 404
    assert client.patch(api, {}, content_type="application/json").status_code == 404
    assert client.delete(api).status_code == 404
    export = client.get(url(reg, "export", "csv"))
    assert record.reference not in b"".join(export.streaming_content).decode()
    assert client.get("/search/", {"q": record.reference}).context["results"] == []
    assert client.get(f"/api/v1/{reg.app_label}/{reg.url_slug}/").json()["count"] == 0
    record.refresh_from_db()
    assert (record.version, record.archived_at) == (1, None)


def test_exports_carry_the_filtered_list(reg, client_for, org, coordinator):
    record = make_record(reg, org["a"], coordinator, "Kept")
    make_record(reg, org["b"], coordinator, "Filtered out")
    client = client_for(coordinator)
    csv_response = client.get(url(reg, "export", "csv"), {"org_unit": org["a"].pk})
    lines = b"".join(csv_response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].split(";") == column_labels(reg, reg.export_fields)
    assert len(lines) == 2
    assert lines[1].startswith(record.reference)
    xlsx = client.get(url(reg, "export", "xlsx"), {"org_unit": org["a"].pk})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == column_labels(reg, reg.export_fields)
    assert [row[0] for row in rows[1:]] == [record.reference]


def _workbook(header, rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("import.xlsx", buffer.getvalue())


def _import_rows(reg, unit, user, count):
    header = reg.import_fields
    rows = []
    for index in range(count):
        # Each row from its own sample: rows that must differ in a related record (one
        # applicability per text and site) get their own.
        data = sample_data(reg, unit, user, "Imported")
        row = []
        for name in header:
            value = data[name]
            if name == "org_unit":
                value = unit.code
            elif reg.field(name).many_to_one and reg.field(name).related_model is type(user):
                value = user.username
            elif reg.field(name).many_to_one:
                related = _related(reg.field(name).related_model, value)
                # A reference typed as text (a waste code) is imported as written.
                value = str(related) if related else (value or "")
            elif reg.field(name).many_to_many:
                value = ""
            elif isinstance(value, str) and value.startswith("Imported"):
                limit = getattr(reg.field(name), "max_length", None) or 200
                value = f"{index} {value}"[:limit]
            elif isinstance(value, str) and value.startswith(TODAY.isoformat()):
                # Dates and times one day apart: rows of one file must not overlap (meter
                # readings).
                day = (TODAY - dt.timedelta(days=index)).isoformat()
                value = day + value[len(day) :]
            row.append(value)
        rows.append(row)
    return header, rows


def _related(model, value):
    if not str(value or "").isdigit():
        return None
    return model.objects.filter(pk=value).first()


def test_import_dry_run_then_confirm(reg, client_for, org, manager):
    client = client_for(manager)
    header, rows = _import_rows(reg, org["a"], manager, 3)
    preview = client.post(url(reg, "import"), {"file": _workbook(header, rows)})
    report = preview.context["report"]
    assert (report.created, report.errors) == (3, [])
    assert "3 fiches à créer, 0 fiche à mettre à jour" in preview.content.decode()
    assert reg.model.objects.count() == 0
    done = client.post(url(reg, "import"), {"token": preview.context["token"]})
    assert done.status_code == 302
    assert reg.model.objects.count() == 3
    assert set(reg.model.objects.values_list("created_by", flat=True)) == {manager.pk}


def test_import_with_one_bad_row_saves_nothing(reg, client_for, org, manager):
    client = client_for(manager)
    header, rows = _import_rows(reg, org["a"], manager, 3)
    rows[1][header.index("org_unit")] = org["b"].code
    preview = client.post(url(reg, "import"), {"file": _workbook(header, rows)})
    errors = preview.context["report"].errors
    assert [row.number for row in errors] == [3]
    assert "org_unit" not in errors[0].errors[0]
    forced = client.post(url(reg, "import"), {"token": preview.context["token"]})
    assert forced.context["report"].saved is False
    assert reg.model.objects.count() == 0


def test_import_refuses_a_file_that_is_not_excel(reg, client_for, org, manager):
    bogus = SimpleUploadedFile("data.xlsx", b"not a workbook")
    response = client_for(manager).post(url(reg, "import"), {"file": bogus})
    assert response.context["error"]
    assert reg.model.objects.count() == 0


def test_import_is_refused_to_a_contributor(reg, client_for, org, employee):
    assert client_for(employee).get(url(reg, "import")).status_code == 403


def test_api_create_update_conflict_archive(reg, client_for, org, manager):
    client = client_for(manager)
    base = f"/api/v1/{reg.app_label}/{reg.url_slug}/"
    created = client.post(
        base, api_payload(reg, org["a"], manager, "Api"), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    record = reg.model.objects.get(pk=pk)
    assert record.created_by == manager
    changed = client.patch(f"{base}{pk}/", {"version": 1}, content_type="application/json")
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    stale = client.patch(f"{base}{pk}/", {"version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert client.delete(f"{base}{pk}/").status_code == 204
    record.refresh_from_db()
    assert record.archived_by == manager
    assert client.get(base).json()["count"] == 0


def test_api_refuses_a_unit_out_of_scope(reg, client_for, org, manager):
    base = f"/api/v1/{reg.app_label}/{reg.url_slug}/"
    response = client_for(manager).post(
        base, api_payload(reg, org["b"], manager, "Api"), content_type="application/json"
    )
    assert response.status_code == 400
    assert "org_unit" in response.json()
    assert reg.model.objects.count() == 0


def test_api_needs_authentication(reg, client, org):
    base = f"/api/v1/{reg.app_label}/{reg.url_slug}/"
    assert client.get(base).status_code in (401, 403)


def test_api_reads_an_archived_record_by_id(reg, client_for, org, manager):
    record = make_record(reg, org["a"], manager)
    services.record_archive(record=record, user=manager)
    client = client_for(manager)
    response = client.get(f"/api/v1/{reg.app_label}/{reg.url_slug}/{record.pk}/")
    assert response.status_code == 200
    assert response.json()["archived_at"] is not None
    restored = client.post(f"/api/v1/{reg.app_label}/{reg.url_slug}/{record.pk}/restore/")
    assert restored.status_code == 200
    record.refresh_from_db()
    assert record.archived_at is None


def _leading_index_fields(model) -> dict[str, bool]:
    """{first column: whether an index on the active records starts with it}."""
    from amelio.core.models import ACTIVE

    found: dict[str, bool] = {}
    for index in model._meta.indexes:
        first = index.fields[0].lstrip("-")
        found[first] = found.get(first, False) or index.condition == ACTIVE
    for field in model._meta.concrete_fields:
        if field.db_index or field.unique:
            found.setdefault(field.name, False)
    return found


def test_every_sort_and_filter_has_an_index(reg):
    """Lists stay fast on a large table: an index on the active records serves every sort
    (with the id that breaks ties) and every filter on a column of the register."""
    leading = _leading_index_fields(reg.model)
    for name in reg.sort_fields:
        assert leading.get(name), f"{reg.key}: no index on active records for sort {name!r}"
    for name in reg.filters:
        if name == "org_unit":
            continue  # the (org_unit, archived_at) index of every record
        field = reg.model._meta.get_field(name)
        if field.is_relation:
            assert name in leading, f"{reg.key}: no index for filter {name!r}"
        else:
            assert leading.get(name), f"{reg.key}: no index on active records for {name!r}"
