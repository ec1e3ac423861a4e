"""Root URLs: pages, registers (generated), API, accounts, admin."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from amelio.core.registry import registry
from amelio.core.urls import app_urlpatterns
from amelio.core.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("mine/", pages.mine, name="mine"),
    path("search/", pages.search, name="search"),
    path("language/", login_not_required(pages.set_language), name="set_language"),
    path("organisation/", pages.organisation, name="organisation"),
    path("organisation/permissions/", pages.permissions_table, name="permissions"),
    path("people/lookup/", pages.people_lookup, name="people_lookup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("amelio.api.urls")),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("scoring/", include("amelio.scoring.urls")),
    *app_urlpatterns(registry),
]

# Error pages in the application's layout and the reader's language (core/views/errors.py).
handler403 = "amelio.core.views.errors.permission_denied"
handler404 = "amelio.core.views.errors.page_not_found"
handler500 = "amelio.core.views.errors.server_error"

admin.site.site_header = "Amelio"
admin.site.site_title = "Amelio"
