"""Use the language the signed-in user chose in their profile, over the browser's; refuse
text that holds a NUL character, which no field accepts."""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


class RefuseNulMiddleware:
    """A query string or a form or JSON body holding a NUL character is refused with 400:
    PostgreSQL stores no NUL in text, and a search or a lookup on one would fail with a server
    error. Uploaded files (multipart) are left alone: a file may hold any byte."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._holds_nul(request):
            return HttpResponseBadRequest(_("The request holds a NUL character."))
        return self.get_response(request)

    @staticmethod
    def _holds_nul(request) -> bool:
        if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("multipart/") or request.method in ("GET", "HEAD"):
            return False
        body = request.body
        if content_type.startswith("application/x-www-form-urlencoded"):
            body = unquote_to_bytes(body.replace(b"+", b" "))
        return b"\x00" in body or b"\\u0000" in body
