"""The risks of a process, shown on its sheet."""

from __future__ import annotations

from amelio.core.registry import DetailPanel, add_detail_panel, registry


def _applies(model) -> bool:
    from amelio.processes.models import Process

    return model is Process


def _context(record, request):
    from amelio.risks.models import Risk

    register = registry.for_model(Risk)
    risks = (
        Risk.objects.for_user(request.user)
        .active()
        .filter(process=record)
        .select_related("org_unit")
        .order_by("-inherent_score", "-id")
    )
    return {"record": record, "risks": list(risks[:50]), "register": register}


def install() -> None:
    add_detail_panel(
        DetailPanel(
            template="risks/process_panel.html", applies=_applies, context=_context, order=20
        )
    )
