"""Workflow of a supplier specification (cahier des charges).

draft -> consultation (the specification goes out to the suppliers: it needs requirements and
criteria whose weights sum to 100 %) -> decided (an offer chosen with its reason, recorded by
`services_specifications.specification_decide`); a draft or a consultation may be cancelled
with a reason. A decided or cancelled specification is locked: its offers and their scores
no longer change.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.workflow import State, Transition, Workflow


def _ready_to_send(specification, user):
    """The suppliers receive requirements and complete criteria."""
    if not specification.requirements.exists():
        return _("Write the requirements before starting the consultation.")
    return specification.weight_refusal()


def _decision_given(specification, user):
    """The decision is taken on the comparison grid, with the chosen offer and its reason."""
    if specification.chosen_offer_id is None or not specification.decision_reason.strip():
        return _("Choose the offer and give the reason on the comparison grid.")
    return specification.weight_refusal()


specification_workflow = Workflow(
    states=[
        State("draft", pgettext_lazy("specification", "Draft"), "secondary"),
        State("consultation", pgettext_lazy("specification", "In consultation"), "info"),
        State(
            "decided",
            pgettext_lazy("specification", "Decided"),
            "success",
            final=True,
            editable=False,
        ),
        State(
            "cancelled",
            pgettext_lazy("specification", "Cancelled"),
            "secondary",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "consult",
            _("Start the consultation"),
            ("draft",),
            "consultation",
            guards=(_ready_to_send,),
            tone="primary",
        ),
        Transition(
            "decide",
            _("Record the decision"),
            ("consultation",),
            "decided",
            guards=(_decision_given,),
            tone="success",
        ),
        Transition(
            "cancel",
            pgettext_lazy("specification", "Cancel"),
            ("draft", "consultation"),
            "cancelled",
            needs_comment=True,
            tone="outline-danger",
        ),
    ],
)
