"""Health and safety pages that are not generated from the registry."""

from django.urls import path

from amelio.safety import views

urlpatterns = [
    path("duerp/<int:pk>/document.pdf", views.duerp_pdf, name="duerp_pdf"),
    path("duerp/<int:pk>/document.xlsx", views.duerp_xlsx, name="duerp_xlsx"),
    path(
        "duerp/<int:pk>/versions/<int:number>.<str:fmt>",
        views.version_download,
        name="duerp_version",
    ),
    path("duerp/<int:pk>/programme/", views.programme_generate, name="duerp_programme"),
    path("events/<int:pk>/victim/", views.victim_edit, name="event_victim"),
    path("events/<int:pk>/stops/", views.lost_time_add, name="event_stop_add"),
    path("events/<int:pk>/stops/<int:stop_pk>/", views.lost_time_change, name="event_stop"),
    path("events/<int:pk>/cause-tree/", views.cause_tree, name="cause_tree"),
    path("events/<int:pk>/cause-tree/facts/", views.fact_add, name="fact_add"),
    path("events/<int:pk>/cause-tree/links/", views.fact_link, name="fact_link"),
    path("events/<int:pk>/cause-tree/facts/<int:fact_pk>/", views.fact_change, name="fact"),
    path("reports/<int:pk>/triage/", views.report_triage, name="report_triage"),
    path("posters/<int:site_pk>/", views.poster, name="poster"),
    path("posters/<int:site_pk>/link/", views.link_manage, name="reporting_link"),
    path("report/<str:token>/", views.public_report, name="public_report"),
]
