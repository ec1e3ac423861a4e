"""/api/v1/: one router per app, OpenAPI schema and interactive docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from amelio.api.views import viewset_for
from amelio.core.registry import registry


def _app_routes() -> list:
    patterns = []
    for app_label in registry.app_labels():
        router = DefaultRouter()
        for register in registry:
            if register.app_label == app_label:
                router.register(
                    register.url_slug,
                    viewset_for(register),
                    basename=f"{app_label}-{register.model_name}",
                )
        patterns.append(path(f"{app_label}/", include(router.urls)))
    return patterns


def _scoring_routes() -> list:
    from amelio.scoring.api import ScoringMatrixViewSet

    router = DefaultRouter()
    router.register("matrices", ScoringMatrixViewSet, basename="scoring-matrix")
    return [path("scoring/", include(router.urls))]


def _measure_routes() -> list:
    from amelio.api.measures import MeasureFigures, MeasureList

    return [
        path("measures/", MeasureList.as_view(), name="api-measures"),
        path("measures/<str:key>/", MeasureFigures.as_view(), name="api-measure"),
    ]


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *_app_routes(),
    *_scoring_routes(),
    *_measure_routes(),
]
