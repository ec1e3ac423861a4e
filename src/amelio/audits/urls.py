"""Audit pages that are not generated from the registry."""

from django.urls import path

from amelio.audits import conduct, framework_clauses, views

urlpatterns = [
    path("programmes/<int:pk>/plan/", views.programme_plan_edit, name="programme_plan"),
    path("audits/<int:pk>/checklist/", conduct.checklist, name="audit_checklist"),
    path("audits/<int:pk>/checklist/build/", conduct.checklist_build, name="audit_checklist_build"),
    path("audits/<int:pk>/checklist/question/", conduct.question_add, name="audit_question_add"),
    path(
        "audits/<int:pk>/checklist/<int:item_pk>/answer/",
        conduct.item_answer,
        name="audit_item_answer",
    ),
    path("audits/<int:pk>/finding/", conduct.finding_add, name="audit_finding_add"),
    path("audits/<int:pk>/conduct/", conduct.conduct_edit, name="audit_conduct"),
    path("audits/<int:pk>/plan.pdf", views.plan_pdf, name="audit_plan_pdf"),
    path("audits/<int:pk>/report.pdf", views.report_pdf, name="audit_report_pdf"),
    path(
        "checklists/<int:pk>/questions/", views.template_questions_edit, name="template_questions"
    ),
    *framework_clauses.urlpatterns,
]
