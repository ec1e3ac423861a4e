"""Sections that the processes app adds to process sheets.

The risks of a process are shown by the risks app through its own detail panel; until that
app is installed the sheet keeps a placeholder so that the sheet's layout is complete.
"""

from __future__ import annotations

from django.apps import apps

from amelio.core.registry import DetailPanel, add_detail_panel


def _applies(model) -> bool:
    from amelio.processes.models import Process

    return model is Process


def _risks_placeholder(record, request):
    if apps.is_installed("amelio.risks"):
        return None
    return {"record": record}


def _risks_placeholder_pdf(process, user):
    return None if apps.is_installed("amelio.risks") else {"record": process}


def install() -> None:
    from amelio.processes.sheet import SheetSection, add_sheet_section

    add_sheet_section(
        SheetSection(
            template="processes/risks_placeholder_pdf.html",
            context=_risks_placeholder_pdf,
            order=20,
        )
    )
    add_detail_panel(
        DetailPanel(
            template="processes/risks_placeholder.html",
            applies=_applies,
            context=_risks_placeholder,
            order=20,
        )
    )
