"""The facts Amelio holds about a site, and the applicability rules written on them.

A rule is a condition `fact [parameter] operator value`: "rubrique 2560 is one of DC",
"headcount of the company is at least 11", "equipment pressure_equipment is present". The
facts come from the registers that own them (the ICPE file, the org units' headcount, the
waste streams, the meters, the equipment to inspect, the DUERP, the declared facts), read once
per site into a `SiteFacts`; the rules are then evaluated without a query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amelio.compliance import computations as calc

NUMBER, BOOLEAN, KEYED_SET, KEYED_VALUE, VALUE = "number", "boolean", "set", "keyed", "value"
OPERATORS = {
    NUMBER: ("gte", "lt", "eq"),
    BOOLEAN: ("present", "absent"),
    KEYED_SET: ("present", "absent"),
    KEYED_VALUE: ("in", "present", "absent"),
    VALUE: ("in", "eq"),
}


@dataclass(frozen=True)
class Fact:
    key: str
    label: object
    kind: str
    parameter_label: object = ""


FACTS = {
    f.key: f
    for f in (
        Fact("employees", gettext_lazy("the site employs people"), BOOLEAN),
        Fact("headcount_company", gettext_lazy("headcount of the company"), NUMBER),
        Fact("headcount_site", gettext_lazy("headcount of the site"), NUMBER),
        Fact("site_icpe_regime", gettext_lazy("ICPE regime of the site"), VALUE),
        Fact(
            "icpe_regime",
            gettext_lazy("ICPE regime of the rubrique"),
            KEYED_VALUE,
            gettext_lazy("rubrique"),
        ),
        Fact("combustion_power_mw", gettext_lazy("combustion power (MW, rubrique 2910)"), NUMBER),
        Fact("hazardous_waste", gettext_lazy("hazardous waste produced"), BOOLEAN),
        Fact("waste", gettext_lazy("waste produced"), BOOLEAN),
        Fact(
            "equipment",
            gettext_lazy("equipment to inspect"),
            KEYED_SET,
            gettext_lazy("equipment category"),
        ),
        Fact("energy", gettext_lazy("energy used"), KEYED_SET, gettext_lazy("energy")),
        Fact(
            "energy_consumption_mwh",
            gettext_lazy("energy consumed by the company over 12 months (MWh)"),
            NUMBER,
        ),
        Fact(
            "duerp_risk",
            gettext_lazy("risk family in the DUERP"),
            KEYED_SET,
            gettext_lazy("risk family"),
        ),
        Fact("declared", gettext_lazy("declared fact"), KEYED_SET, gettext_lazy("declared fact")),
    )
}


@dataclass
class SiteFacts:
    """What Amelio knows of one site on one day."""

    site_id: int
    headcount_company: int | None = None
    headcount_site: int | None = None
    site_icpe_regime: str = "NC"
    icpe_regime: dict[str, str] = field(default_factory=dict)
    combustion_power_mw: Decimal = Decimal(0)
    hazardous_waste: bool = False
    waste: bool = False
    equipment: set[str] = field(default_factory=set)
    energy: set[str] = field(default_factory=set)
    energy_consumption_mwh: Decimal | None = None
    duerp_risk: set[str] = field(default_factory=set)
    declared: set[str] = field(default_factory=set)

    @property
    def employees(self) -> bool:
        return bool(self.headcount_site or self.headcount_company)

    def value(self, fact: str, parameter: str = ""):
        """The value of a fact for a condition: a number, a flag, or the parameter's value."""
        raw = getattr(self, fact)
        if FACTS[fact].kind == KEYED_SET:
            return parameter in raw
        if FACTS[fact].kind == KEYED_VALUE:
            return raw.get(parameter, "")
        return raw


def condition_errors(fact: str, parameter: str, operator: str, value: str) -> dict:
    """Field errors of a condition, in the user's language (empty when it is valid)."""
    known = FACTS.get(fact)
    if known is None:
        return {"fact": _("Unknown fact: %(fact)s.") % {"fact": fact}}
    errors: dict = {}
    if known.parameter_label and not parameter.strip():
        errors["parameter"] = _("This fact needs a parameter: %(what)s.") % {
            "what": known.parameter_label
        }
    if not known.parameter_label and parameter.strip():
        errors["parameter"] = _("This fact takes no parameter.")
    elif parameter.strip() and not _known_parameter(fact, parameter.strip()):
        errors["parameter"] = _("Unknown %(what)s: %(value)s.") % {
            "what": known.parameter_label,
            "value": parameter.strip(),
        }
    if operator not in OPERATORS[known.kind]:
        allowed = ", ".join(OPERATOR_LABELS()[o] for o in OPERATORS[known.kind])
        errors["operator"] = _("For this fact use: %(allowed)s.") % {"allowed": allowed}
    elif known.kind == NUMBER:
        if _finite(value) is None:
            errors["value"] = _("Give a number.")
    elif operator in ("in", "eq") and not value.strip():
        errors["value"] = _("Give the value(s) to compare with.")
    return errors


def _finite(value: str) -> Decimal | None:
    """The number written in `value` (a comma or a point for decimals), or None when it is not
    a finite number (NaN and Infinity are no thresholds)."""
    try:
        number = Decimal(value.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _known_parameter(fact: str, parameter: str) -> bool:
    """Whether the parameter names something the fact knows (a category, an energy…); a
    rubrique is four digits."""
    if fact == "icpe_regime":
        return len(parameter) == 4 and parameter.isdigit()
    choices = PARAMETER_CHOICES.get(fact)
    return choices is None or parameter in dict(choices())


def OPERATOR_LABELS() -> dict[str, str]:  # a table, read at call time (language)
    from amelio.compliance.models import Operator

    return {str(choice.value): str(choice.label) for choice in Operator}


def holds(facts: SiteFacts, fact: str, parameter: str, operator: str, value: str) -> bool:
    """Whether one condition holds for a site. An unknown number (no headcount) never holds."""
    if fact not in FACTS:
        return False
    actual = facts.value(fact, parameter)
    if operator == "present":
        return bool(actual)
    if operator == "absent":
        return not actual
    if operator == "in":
        return str(actual) in {v.strip() for v in value.split(",") if v.strip()}
    if FACTS[fact].kind == NUMBER:
        # An unknown number (no headcount) never holds; nor does a value that is no number.
        expected = _finite(value)
        if actual is None or expected is None:
            return False
        return calc.compare(Decimal(actual), operator, expected)
    return operator == "eq" and str(actual) == value.strip()


@dataclass(frozen=True)
class Match:
    """Whether a text's rules propose it to a site, and the facts that made it so."""

    matches: bool
    facts: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256("\n".join(self.facts).encode()).hexdigest() if self.facts else ""


def match(rules: Iterable, facts: SiteFacts) -> Match:
    """Evaluate a text's conditions (any object with group, fact, parameter, operator, value):
    a group holds when all its conditions hold; the first group that holds gives the facts."""
    groups: dict[int, list] = {}
    for rule in rules:
        groups.setdefault(rule.group, []).append(rule)
    for _group, conditions in sorted(groups.items()):
        if all(holds(facts, c.fact, c.parameter, c.operator, c.value) for c in conditions):
            return Match(True, tuple(describe_condition(c, facts) for c in conditions))
    return Match(False, ())


def describe_condition(rule, facts: SiteFacts | None = None) -> str:
    """The condition in words (in the active language), with the site's value when known."""
    known = FACTS.get(rule.fact)
    if known is None:
        return rule.fact
    subject = str(known.label)
    if rule.parameter:
        subject = f"{subject} {parameter_name(rule.fact, rule.parameter)}"
    operator = OPERATOR_LABELS().get(rule.operator, rule.operator)
    text = f"{subject} {operator} {rule.value}".strip()
    if facts is not None and known.kind in (NUMBER, VALUE, KEYED_VALUE):
        actual = facts.value(rule.fact, rule.parameter)
        if actual not in (None, ""):
            text += f" ({_('on this site: %(value)s') % {'value': actual}})"
    return text


def parameter_name(fact: str, parameter: str) -> str:
    if fact not in PARAMETER_CHOICES:
        return parameter
    return dict(_labels(fact)).get(parameter, parameter)


def _labels(fact: str) -> list[tuple[str, str]]:
    """The names of a fact's parameters in the active language, kept a few minutes in the
    cache: a list of rules names them row after row (the categories change rarely)."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    key = f"compliance-parameters-{fact}-{get_language()}"
    found = cache.get(key)
    if found is None:
        found = [(str(value), str(label)) for value, label in PARAMETER_CHOICES[fact]()]
        cache.set(key, found, 300)
    return found


def _equipment_choices() -> list[tuple[str, str]]:
    from amelio.compliance.models import EquipmentCategory

    return [(c.key, c.name) for c in EquipmentCategory.objects.all()]


def _energy_choices() -> list[tuple[str, str]]:
    from amelio.energy.models.reference import Energy

    return [(str(v), str(label)) for v, label in Energy.choices]


def _family_choices() -> list[tuple[str, str]]:
    from amelio.safety.models import RiskFamily

    return [(f.code, f.name) for f in RiskFamily.objects.all()]


def _declared_choices() -> list[tuple[str, str]]:
    from amelio.compliance.models import DeclaredKey

    return [(str(v), str(label)) for v, label in DeclaredKey.choices]


PARAMETER_CHOICES: dict[str, Callable[[], list[tuple[str, str]]]] = {
    "equipment": _equipment_choices,
    "energy": _energy_choices,
    "duerp_risk": _family_choices,
    "declared": _declared_choices,
}


def site_facts(site, today: dt.date) -> SiteFacts:
    """Read, from the registers that own them, the facts of `site` (an org unit of kind site;
    a unit below it answers for its site) on `today`."""
    from amelio.compliance import site_facts as readers

    site = site.site or site
    facts = SiteFacts(site_id=site.pk)
    readers.read_headcount(site, facts)
    readers.read_icpe(site, facts)
    readers.read_waste(site, facts)
    readers.read_equipment(site, facts)
    readers.read_energy(site, facts, today)
    readers.read_duerp(site, facts)
    readers.read_declared(site, facts)
    return facts
