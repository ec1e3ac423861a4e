"""URLs generated from the registry: `<app>:<model>_<action>` for every register."""

from __future__ import annotations

from django.urls import include, path

from amelio.core.views import evidence, records, transfer


def register_urlpatterns(register) -> list:
    """The URL patterns of one register, under `<app>/<slug>/`."""
    name = register.model_name
    slug = register.url_slug

    def view(cls, **kwargs):
        return cls.as_view(register=register, **kwargs)

    patterns = [
        path(f"{slug}/", view(records.ListView), name=f"{name}_list"),
        path(f"{slug}/add/", view(records.FormView), name=f"{name}_add"),
        path(f"{slug}/export.<str:fmt>", view(transfer.ExportView), name=f"{name}_export"),
        path(f"{slug}/import/", view(transfer.ImportView), name=f"{name}_import"),
        path(
            f"{slug}/import/template.xlsx",
            view(transfer.ImportTemplateView),
            name=f"{name}_import_template",
        ),
        path(f"{slug}/<int:pk>/", view(records.DetailView), name=f"{name}_detail"),
        path(f"{slug}/<int:pk>/edit/", view(records.FormView), name=f"{name}_edit"),
        path(f"{slug}/<int:pk>/history/", view(records.HistoryView), name=f"{name}_history"),
        path(f"{slug}/<int:pk>/archive/", view(records.ArchiveView), name=f"{name}_archive"),
        path(
            f"{slug}/<int:pk>/restore/",
            view(records.ArchiveView, restore=True),
            name=f"{name}_restore",
        ),
        path(
            f"{slug}/<int:pk>/transition/<str:name>/",
            view(records.TransitionView),
            name=f"{name}_transition",
        ),
        path(f"{slug}/<int:pk>/comment/", view(evidence.CommentView), name=f"{name}_comment"),
        path(f"{slug}/<int:pk>/attach/", view(evidence.AttachView), name=f"{name}_attach"),
        path(
            f"{slug}/<int:pk>/files/<int:attachment_pk>/",
            view(evidence.AttachmentDownloadView),
            name=f"{name}_attachment",
        ),
        path(
            f"{slug}/<int:pk>/files/<int:attachment_pk>/withdraw/",
            view(evidence.AttachmentArchiveView),
            name=f"{name}_attachment_archive",
        ),
    ]
    for extra in register.extra_views:
        patterns.append(
            path(f"{slug}/{extra.slug}/", view(extra.view), name=f"{name}_{extra.slug}")
        )
    return patterns


def app_urlpatterns(registry) -> list:
    """One namespaced include per app that has registers."""
    from importlib import import_module

    patterns = []
    for app_label in registry.app_labels():
        app_patterns = []
        for register in registry:
            if register.app_label == app_label:
                app_patterns += register_urlpatterns(register)
        try:
            module = import_module(f"amelio.{app_label}.urls")
            app_patterns += getattr(module, "urlpatterns", [])
        except ModuleNotFoundError:
            pass
        patterns.append(path(f"{app_label}/", include((app_patterns, app_label))))
    return patterns
