"""Comments and evidence files on any record; files are served only to permitted users."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.core import services
from amelio.core.models import Attachment
from amelio.core.views.base import RegisterView


def _back(register, record):
    return redirect(register.url("detail", record.pk) + "#evidence")


@method_decorator(require_POST, name="dispatch")
class CommentView(RegisterView):
    def post(self, request, pk):
        record = self.get_record(pk, "comment")
        try:
            services.comment_add(
                record=record, user=request.user, body=request.POST.get("body", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return _back(self.register, record)


@method_decorator(require_POST, name="dispatch")
class AttachView(RegisterView):
    def post(self, request, pk):
        record = self.get_record(pk, "comment")
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to attach."))
            return _back(self.register, record)
        try:
            services.attachment_add(
                record=record,
                user=request.user,
                upload=upload,
                description=request.POST.get("description", ""),
            )
            messages.success(request, _("The file %(name)s was attached.") % {"name": upload.name})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return _back(self.register, record)


class AttachmentDownloadView(RegisterView):
    """Serve a file after checking that the user may see the record it belongs to."""

    def get(self, request, pk, attachment_pk):
        record = self.get_record(pk)
        attachment = self._attachment(record, attachment_pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        return FileResponse(handle, as_attachment=True, filename=attachment.original_name)

    def _attachment(self, record, attachment_pk):
        from django.contrib.contenttypes.models import ContentType

        return get_object_or_404(
            Attachment,
            pk=attachment_pk,
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
        )


@method_decorator(require_POST, name="dispatch")
class AttachmentArchiveView(AttachmentDownloadView):
    def post(self, request, pk, attachment_pk):
        record = self.get_record(pk, "change")
        attachment = self._attachment(record, attachment_pk)
        services.attachment_archive(attachment=attachment, record=record, user=request.user)
        messages.success(request, _("The file %(name)s was withdrawn.") % {"name": attachment})
        return _back(self.register, record)
