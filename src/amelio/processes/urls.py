"""Process pages that are not generated from the registry."""

from django.urls import path

from amelio.processes import views


def _map_view(request):
    from amelio.core.registry import registry
    from amelio.processes.models import Process

    register = registry.for_model(Process)
    return views.ProcessMapView.as_view(register=register)(request)


urlpatterns = [
    path("map/", _map_view, name="map"),
    path("flows.xlsx", views.flows_export, name="flows_export"),
    path("processes/<int:pk>/sheet.pdf", views.sheet_pdf, name="process_sheet_pdf"),
    path("processes/<int:pk>/flows/", views.edit_flows, name="process_flows"),
]
