"""Navigation built from the registry, grouped by domain, for the signed-in user."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.registry import Register, registry


@dataclass(frozen=True)
class Domain:
    """A group of the sidebar: the apps whose registers it lists, in registry order."""

    key: str
    label: Promise
    icon: str
    apps: tuple[str, ...]


# The sidebar's groups, as a QSE team splits its work; an app named nowhere goes to the last.
DOMAINS = (
    Domain(
        "steering",
        pgettext_lazy("navigation", "Steering"),
        "compass",
        ("context", "processes", "risks", "indicators", "actions", "audits"),
    ),
    Domain(
        "quality",
        _("Quality"),
        "patch-check",
        ("nonconformities", "customers", "suppliers", "riskanalysis"),
    ),
    Domain("safety", _("Health and safety"), "heart-pulse", ("safety",)),
    Domain(
        "environment",
        _("Environment and energy"),
        "tree",
        ("environment", "energy"),
    ),
    Domain("compliance", _("Compliance"), "bank", ("compliance",)),
    Domain("support", _("Support"), "people", ("documents", "training")),
)
OTHER = Domain("other", _("Other registers"), "grid", ())


@cache
def grouped() -> tuple[tuple[Domain, tuple[Register, ...]], ...]:
    """The registers by domain (the registry is filled once, at start-up)."""
    placed = {app: domain for domain in DOMAINS for app in domain.apps}
    groups: dict[str, list[Register]] = {}
    for register in registry:
        groups.setdefault(placed.get(register.app_label, OTHER).key, []).append(register)
    return tuple(
        (domain, tuple(groups[domain.key])) for domain in (*DOMAINS, OTHER) if domain.key in groups
    )


def current_domain(request) -> str:
    """The key of the domain of the page shown (its app), "" outside any."""
    match = getattr(request, "resolver_match", None)
    app = match.app_name if match else ""
    return next((domain.key for domain in DOMAINS if app in domain.apps), "")


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"nav_domains": grouped(), "nav_current": current_domain(request)}
