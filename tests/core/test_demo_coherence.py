"""The demo is believable: its indicators say what its registers hold, its records were
entered over years and not on the day it was loaded, and it is written in French."""

import re
from collections import Counter

from django.utils import timezone

from amelio.actions.models import Action
from amelio.audits.models import Audit, AuditProgramme
from amelio.core.measures import Scope, measures
from amelio.core.models import TransitionLog, User
from amelio.core.registry import registry
from amelio.energy.models import Meter
from amelio.environment.models import IcpeSite
from amelio.indicators.models import Indicator
from amelio.processes.models import Process

# The demo indicators that a module computes, by name, with the measure they show.
BOUND = {
    "Accidents avec arrêt": "safety.lost_time_accidents",
    "Taux de fréquence TF1": "safety.tf1",
    "Presqu'accidents déclarés": "safety.near_misses",
    "Non-conformités internes": "nonconformities.ncs.internal",
    "Réclamations clients": "customers.complaints",
    "Audits internes réalisés": "audits.programme_completion",
    "Actions soldées dans les délais": "actions.on_time_rate",
    "Consommation de gaz": "energy.kwh.natural_gas",
    "Déchets dangereux produits": "environment.hazardous_waste_tonnes",
    "Taux de tri des déchets": "environment.waste_recovery_rate",
}

# Rows rewritten every day from other records (the competence gaps of each person): their
# creation date is the day of the last computation, not an entry.
SNAPSHOTS = {"training.qualification"}

# Words that mark a sentence as English or French (articles, prepositions, auxiliaries).
ENGLISH = frozenset(
    {"the", "and", "of", "with", "for", "to", "is", "are", "was", "were", "not", "on", "at"}
    | {"by", "from", "this", "that", "be", "has", "have", "been", "no", "missing", "should"}
    | {"must", "when", "which", "after", "before", "during", "an", "it", "its", "into", "than"}
)
FRENCH = frozenset(
    {"le", "la", "les", "des", "du", "de", "et", "un", "une", "est", "sont", "pour", "par"}
    | {"sur", "dans", "au", "aux", "avec", "pas", "en"}
)


def _load_day_counts() -> tuple[Counter, Counter]:
    today = timezone.localdate()
    on_load_day: Counter = Counter()
    totals: Counter = Counter()
    for register in registry:
        if register.key in SNAPSHOTS:
            continue
        for created in register.model.objects.values_list("created_at", flat=True):
            totals[register.key] += 1
            on_load_day[register.key] += timezone.localtime(created).date() == today
    return on_load_day, totals


def test_records_are_not_entered_on_the_load_day(demo_company, db):
    on_load_day, totals = _load_day_counts()
    assert sum(totals.values()) > 3000
    # A few records are of today (an accident of this morning, a prospect met today).
    assert sum(on_load_day.values()) <= sum(totals.values()) // 100, on_load_day.most_common(5)
    assert max(on_load_day.values()) <= 10, on_load_day.most_common(5)


def test_actions_are_entered_before_they_start_and_closed_after(demo_company, db):
    today = timezone.localdate()
    actions = Action.objects.all()
    assert actions.count() > 100
    for action in actions:
        entered = timezone.localtime(action.created_at).date()
        assert entered <= min(filter(None, [action.start_date, action.due_date, today]))
        if action.done_on:
            assert entered <= action.done_on <= today, action
        if action.verified_on:
            assert action.done_on <= action.verified_on <= today, action


def test_transitions_are_spread_over_the_history(demo_company, db):
    today = timezone.localdate()
    dates = [
        timezone.localtime(t) for t in TransitionLog.objects.values_list("created_at", flat=True)
    ]
    assert len(dates) > 1000
    assert sum(moment.date() == today for moment in dates) <= len(dates) // 50
    assert len({(moment.year, moment.month) for moment in dates}) >= 24


def test_indicators_the_modules_compute_are_bound_to_their_measure(demo_company, db):
    indicators = {i.name: i for i in Indicator.objects.filter(name__in=BOUND)}
    assert {name: i.source_measure for name, i in indicators.items()} == BOUND
    assert {i.source for i in indicators.values()} == {"measure"}
    assert indicators["Consommation de gaz"].unit == "kWh PCI"
    tf1 = indicators["Taux de fréquence TF1"]
    assert tf1.frequency == "yearly"
    assert "TF1 < 10" in tf1.objective.description


def test_every_bound_indicator_shows_a_published_measure(demo_company, db):
    bound = Indicator.objects.filter(source=Indicator.Source.MEASURE).order_by("pk")
    assert bound.count() == len(BOUND)
    for indicator in bound:
        assert indicator.source_measure in measures, indicator.name
        values = list(indicator.values.order_by("period"))
        assert values, indicator.name
        assert all(value.entered_by_id is None for value in values), indicator.name
        last = values[-1]
        scope = Scope.of(indicator.org_unit, last.period, indicator.frequency)
        assert last.value == measures.get(indicator.source_measure).value(scope), indicator.name


def test_hand_typed_indicators_are_those_no_register_holds(demo_company, db):
    typed = set(Indicator.objects.filter(source="manual").values_list("name", flat=True))
    assert not typed & set(BOUND)
    assert "Taux de service client" in typed


def _english(text: str) -> bool:
    words = re.findall(r"[a-zà-ÿœ']+", text.lower())
    english = sum(word in ENGLISH for word in words)
    return english >= 2 and english > sum(word in FRENCH for word in words)


def test_english_is_told_from_french():
    assert _english("Coating thickness not recorded for every batch")
    assert _english("Add thickness readings to the control sheet and the batch record")
    assert not _english("Épaisseur de peinture non enregistrée pour chaque lot")
    assert not _english("Audit du processus Usinage CN")


def test_records_are_written_in_french(demo_company, db):
    english = []
    for register in registry:
        names = [
            field
            for field in ("title", "name", "description", "root_cause", "objectives")
            if field in {f.name for f in register.model._meta.concrete_fields}
        ]
        for row in register.model.objects.values_list("reference", *names):
            english += [f"{row[0]} {text}" for text in row[1:] if text and _english(text)]
    assert english == []


def test_the_plant_is_the_same_in_every_module(demo_company, db):
    sites = {s.org_unit.code: s for s in IcpeSite.objects.active().select_related("org_unit")}
    lyon = {c.code.split("-")[0] for c in sites["LYO"].classification()}
    roanne = {c.code.split("-")[0] for c in sites["ROA"].classification()}
    # Heat treatment is subcontracted (purchases, FMEA): no furnace, no cooling tower.
    assert "2940" in lyon and "2921" not in lyon
    assert not sites["LYO"].installations.filter(name__icontains="traitement thermique")
    # Roanne burns propane (its meters): the tank is in the ICPE file, no fuel oil.
    assert "propane" in set(
        Meter.objects.filter(org_unit__code="ROA").values_list("energy", flat=True)
    )
    assert "4718" in roanne and "4734" not in roanne
    # Roanne's electroplating line is a process of the map, in the audit programme.
    surface = Process.objects.get(code="R-TS")
    assert surface.org_unit.code == "ROA"
    assert AuditProgramme.objects.get().process_lines.filter(process=surface).exists()
    assert Audit.objects.filter(processes=surface, status="planned").exists()
    # Overdue actions of the QSE and production managers escalate to the site director.
    managers = dict(
        User.objects.filter(manager__isnull=False).values_list("username", "manager__username")
    )
    assert managers["manager"] == managers["coordinator"] == "fmasson"
