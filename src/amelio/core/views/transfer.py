"""Export of the filtered list (CSV, XLSX) and XLSX import with a dry-run preview."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amelio.core import exports
from amelio.core.imports import ImportFileError, import_rows
from amelio.core.views.base import RegisterView
from amelio.core.views.records import filtered_queryset

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(register, suffix: str) -> str:
    return f"{register.url_slug}-{timezone.localdate():%Y%m%d}.{suffix}"


class ExportView(RegisterView):
    """The filtered, sorted list as it stands on screen, as CSV or XLSX."""

    def get(self, request, fmt):
        self.require_anywhere("export")
        register = self.register
        _filterset, queryset, _sort = filtered_queryset(register, request, "export")
        fields = register.export_fields
        if fmt == "csv":
            response = StreamingHttpResponse(
                exports.csv_lines(register, queryset, fields),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{_filename(register, "csv")}"'
            return response
        if fmt == "xlsx":
            handle = exports.xlsx_file(register, queryset, fields, str(register.label))
            return FileResponse(
                handle,
                as_attachment=True,
                filename=_filename(register, "xlsx"),
                content_type=XLSX_TYPE,
            )
        return HttpResponseBadRequest(_("Unknown export format."))


def _suffix(register, name: str) -> str:
    """The stored upload's suffix: .csv for a CSV file where the register reads them (a
    provider's watch feed), else .xlsx."""
    return ".csv" if register.import_csv and (name or "").lower().endswith(".csv") else ".xlsx"


class ImportTemplateView(RegisterView):
    """An empty workbook with the columns the import reads."""

    def get(self, request):
        self.require_anywhere("import")
        register = self.register
        fields = ["reference", *register.import_fields]
        handle = exports.xlsx_file(
            register, register.model.objects.none(), fields, str(register.label)
        )
        return FileResponse(
            handle,
            as_attachment=True,
            content_type=XLSX_TYPE,
            filename=f"{register.url_slug}-import-template.xlsx",
        )


IMPORT_FILE_LIFETIME = 24 * 3600  # seconds a previewed import waits for confirmation


def _upload_dir(keep: str = "") -> Path:
    """The folder of previewed imports; other files older than a day are removed on the way.

    The file being confirmed (`keep`) is never removed here: its age is judged on the time
    written in the session (the application's clock), not on the file's date, which the
    file system gives from another clock (a server whose clock was set back, a test run with
    the clock moved ahead)."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    limit = time.time() - IMPORT_FILE_LIFETIME
    for stale in [*folder.glob("*.xlsx"), *folder.glob("*.csv")]:
        if stale.stem != keep and stale.stat().st_mtime < limit:
            stale.unlink(missing_ok=True)
    return folder


class ImportView(RegisterView):
    """Step 1: upload and dry run (preview, row errors). Step 2: confirm, all or nothing."""

    def get(self, request):
        self.require_anywhere("import")
        return self.render()

    def post(self, request):
        self.require_anywhere("import")
        if "token" in request.POST:
            return self.confirm(request, request.POST["token"])
        upload = request.FILES.get("file")
        if upload is None:
            return self.render(error=_("Choose an .xlsx file to import."))
        if upload.size > settings.AMELIO_IMPORT_MAX_BYTES:
            return self.render(error=_("The file is too large for an import."))
        token = uuid.uuid4().hex
        path = _upload_dir() / f"{token}{_suffix(self.register, upload.name)}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        request.session[f"import-{token}"] = {
            "register": register_key(self),
            "name": upload.name,
            "at": time.time(),
        }
        return self.run(path, token, commit=False, name=upload.name)

    def confirm(self, request, token):
        meta = request.session.get(f"import-{token}")
        suffix = _suffix(self.register, meta.get("name", "")) if meta else ".xlsx"
        path = _upload_dir(keep=token) / f"{token}{suffix}"
        expired = not meta or time.time() - meta.get("at", 0) > IMPORT_FILE_LIFETIME
        if expired or meta["register"] != register_key(self) or not path.exists():
            return self.render(error=_("This import has expired; upload the file again."))
        response = self.run(path, token, commit=True, name=meta["name"])
        report = response.context_data.get("report")
        if report and report.saved:
            path.unlink(missing_ok=True)
            del request.session[f"import-{token}"]
            messages.success(request, import_summary(report.created, report.updated))
            return redirect(self.register.url("list"))
        return response

    def run(self, path, token, *, commit, name):
        try:
            with path.open("rb") as handle:
                report = import_rows(
                    self.register,
                    self.request.user,
                    handle,
                    commit=commit,
                    max_rows=settings.AMELIO_IMPORT_MAX_ROWS,
                )
        except ImportFileError as error:
            path.unlink(missing_ok=True)
            return self.render(error=str(error))
        return self.render(report=report, token=token, name=name, committed=commit)

    def render(self, **extra):
        context = self.base_context(**extra)
        return TemplateResponse(self.request, self.templates("import.html"), context)


def import_summary(created: int, updated: int) -> str:
    """ "Import done: 3 records created, 1 record updated." in the active language."""
    return _("Import done: %(created)s, %(updated)s.") % {
        "created": ngettext("%(count)s record created", "%(count)s records created", created)
        % {"count": created},
        "updated": ngettext("%(count)s record updated", "%(count)s records updated", updated)
        % {"count": updated},
    }


def register_key(view) -> str:
    return view.register.key
