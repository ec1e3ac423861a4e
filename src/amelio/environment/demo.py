"""Demo waste of Forges et Mécanique du Rhône: the waste streams of each site (twelve at
Vénissieux, six at Roanne) with their code in the European List of Waste, category, sorting
flow, container, collector, destination and planned treatment, and two years of shipments in
the chronological register up to last week: steel skips every fortnight, machining emulsions
every month with their tracking slip, cardboard almost every week, the surface treatment
baths of Roanne pumped by tanker in m³, some quantities estimated, a few shipments with their
own transporter, destination or treatment. Then the environmental aspects (`demo_aspects`),
the ICPE files of both sites (`demo_icpe`) and the emergency situations and their drills
(`demo_emergency`). Dates are relative to the day the demo is loaded; a fixed seed makes
every demo look the same."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from amelio.core import services as core
from amelio.environment.models import TreatmentCode, WasteCode, WasteMovement, WasteStream

# Shipments are spread over this many days before the last one (about a week ago).
DAYS = 710
LAST_AGO = 7

# key: company name, SIRET, transport receipt (récépissé de déclaration, C. env. R541-50)
COLLECTORS = {
    "rmr": ("Rhône Métaux Recyclage", "41235678900024", "R-69-2019-0142"),
    "esi": ("Environnement Services Industriels", "52345678900018", "R-69-2020-0087"),
    "hrse": ("Huiles Régénération Sud-Est", "43345678900015", "R-38-2018-0231"),
    "lpi": ("Lyon Propreté Industrie", "44456789000013", "R-69-2017-0519"),
    "prl": ("Papiers Recyclés Lyonnais", "45567890100027", "R-69-2021-0064"),
    "ber": ("Bois Énergie Rhône", "46678901200011", "R-69-2022-0310"),
    "adra": ("Ateliers DEEE Rhône-Alpes", "47789012300019", "R-69-2016-0275"),
    "loire": ("Loire Environnement", "53456789000020", "R-42-2018-0118"),
    "tcd": ("Transports Chimiques du Dauphiné", "54567890100016", "R-38-2019-0402"),
    "fmc": ("Ferrailles et Métaux du Centre", "48890123400014", "R-42-2020-0056"),
}

# key: facility name, SIRET, address
DESTINATIONS = {
    "rmr": ("Rhône Métaux Recyclage – chantier de Saint-Fons", "41235678900032", "8 rue du Port\n69190 Saint-Fons"),
    "esi": ("Centre de traitement physico-chimique ESI", "52345678900026", "3 rue Lavoisier, zone industrielle de la Chimie\n69310 Pierre-Bénite"),
    "uve": ("Valorhône – centre d'incinération de déchets industriels", "55678901200018", "Route des Chimistes\n69320 Feyzin"),
    "hrse": ("Huiles Régénération Sud-Est – unité de régénération", "43345678900023", "Chemin de l'Étang\n13500 Martigues"),
    "isdnd": ("Installation de stockage de déchets non dangereux des Combes", "44456789000021", "Lieu-dit Les Combes\n38150 Roussillon"),
    "prl": ("Papiers Recyclés Lyonnais – centre de tri", "45567890100035", "21 avenue de l'Industrie\n69800 Saint-Priest"),
    "ber": ("Bois Énergie Rhône – plateforme de broyage", "46678901200029", "Zone d'activités du Gier\n69700 Givors"),
    "pla": ("Plastiques Régénérés du Rhône", "49901234500012", "5 rue des Polymères\n01120 Montluel"),
    "adra": ("Ateliers DEEE Rhône-Alpes – centre de regroupement", "47789012300027", "14 rue Paul Bert\n69150 Décines-Charpieu"),
    "loire": ("Loire Environnement – plateforme de regroupement", "53456789000038", "Zone industrielle du Coteau\n42120 Le Coteau"),
    "stet": ("Centre de traitement physico-chimique de la Loire", "56789012300014", "17 rue de la Presse\n42000 Saint-Étienne"),
    "mnf": ("Valométaux – récupération des métaux non ferreux", "57890123400011", "Route de la Fonderie\n71300 Montceau-les-Mines"),
    "isdnd42": ("Installation de stockage de déchets non dangereux de Mably", "58901234500017", "Chemin des Grandes Terres\n42300 Mably"),
    "fmc": ("Ferrailles et Métaux du Centre – chantier de Riorges", "48890123400022", "9 rue de la Villette\n42153 Riorges"),
}  # fmt: skip

# key, site, usual name, waste code, category, sorting flow, container, density (t/m³),
# collector, destination, planned treatment; then the shipments: how many over two years,
# tonnes (low, high), the unit written, the share entered in m³ (estimated from the
# container, the stream needs a density) and the share of the others estimated.
STREAMS: list[tuple[Any, ...]] = [
    ("acier", "LYO", "Copeaux et chutes d'acier", "120101", "DND", "metal", "Benne étanche 15 m³", None, "rmr", "rmr", "R4", 50, (3.0, 6.4), "t", 0, 0),
    ("alu", "LYO", "Copeaux et chutes d'aluminium", "120103", "DND", "metal", "Caisse-palette métallique 1 m³", None, "rmr", "rmr", "R4", 24, (0.35, 0.9), "kg", 0, 0),
    ("emulsions", "LYO", "Émulsions d'usinage usées", "120109", "DD", "none", "GRV 1 000 L", Decimal("1.000"), "esi", "esi", "D9F", 24, (0.8, 2.0), "t", 0.15, 0),
    ("huiles", "LYO", "Huiles de coupe entières usagées", "120107", "DD", "none", "Fût 200 L", None, "hrse", "hrse", "R9", 12, (0.4, 1.0), "kg", 0, 0),
    ("absorbants", "LYO", "Absorbants, chiffons et filtres souillés", "150202", "DD", "none", "Fût 200 L à ouverture totale", None, "esi", "uve", "D10", 24, (0.15, 0.45), "kg", 0, 0.3),
    ("emballages", "LYO", "Emballages vides souillés (fûts, bidons, aérosols)", "150110", "DD", "none", "Big bag 1 m³", None, "esi", "esi", "R13", 8, (0.12, 0.35), "kg", 0, 0.5),
    ("poudre", "LYO", "Déchets de poudre de peinture", "080201", "DND", "none", "Fût carton 120 L", None, "lpi", "uve", "R1", 8, (0.1, 0.3), "kg", 0, 0.25),
    ("cartons", "LYO", "Cartons et papiers", "150101", "DND", "paper", "Compacteur à balles", None, "prl", "prl", "R3", 80, (0.12, 0.42), "kg", 0, 0),
    ("bois", "LYO", "Palettes et emballages en bois", "150103", "DND", "wood", "Benne 30 m³", Decimal("0.120"), "ber", "ber", "R3", 16, (0.5, 1.1), "t", 0.4, 0),
    ("films", "LYO", "Films et housses en plastique", "150102", "DND", "plastic", "Rack à films", None, "lpi", "pla", "R3", 16, (0.1, 0.3), "kg", 0, 0),
    ("dib", "LYO", "DIB en mélange (déchets non dangereux non triés)", "200301", "DND", "none", "Benne 30 m³", Decimal("0.150"), "lpi", "isdnd", "D1", 24, (1.2, 2.4), "t", 0.25, 0),
    ("deee", "LYO", "Équipements électriques et électroniques hors d'usage", "160214", "DEEE", "none", "Caisse grillagée 1,2 m³", None, "adra", "adra", "R13", 4, (0.2, 0.6), "kg", 0, 0),
    ("bains", "ROA", "Bains usés et eaux de rinçage du traitement de surface", "110111", "DD", "none", "Citerne (pompage)", Decimal("1.050"), "loire", "stet", "D9F", 12, (3.0, 6.0), "m3", 1, 0),
    ("hydroxydes", "ROA", "Boues d'hydroxydes métalliques de la station de détoxication", "110109", "DD", "none", "Big bag 1 m³", None, "loire", "mnf", "R4", 8, (0.8, 1.6), "t", 0, 0),
    ("ferraille", "ROA", "Chutes et copeaux métalliques", "120101", "DND", "metal", "Benne 10 m³", None, "fmc", "fmc", "R4", 24, (1.8, 4.0), "t", 0, 0),
    ("cartons-roa", "ROA", "Cartons d'emballage", "150101", "DND", "paper", "Benne 15 m³", None, "loire", "loire", "R12", 24, (0.3, 0.6), "kg", 0, 0),
    ("dib-roa", "ROA", "DIB en mélange", "200301", "DND", "none", "Benne 20 m³", Decimal("0.150"), "loire", "isdnd42", "D1", 24, (0.9, 2.0), "t", 0.25, 0),
    ("tubes", "ROA", "Tubes fluorescents et lampes usagés", "200121", "DEEE", "none", "Caisse à tubes", None, "adra", "adra", "R13", 2, (0.03, 0.06), "kg", 0, 0),
]  # fmt: skip

# Shipments with their own transporter, destination or treatment (stream key, index of the
# shipment from the first one): the summer the usual collector could not come, a batch of
# emulsions polluted with neat oil sent to incineration, a month the landfill was full.
OVERRIDES: list[tuple[str, int, dict[str, Any]]] = [
    ("emulsions", 9, {"transporter": "tcd", "destination": "uve", "treatment": "D10"}),
    ("acier", 30, {"transporter": "fmc", "destination": "fmc"}),
    ("dib", 15, {"destination": "uve", "treatment": "R1"}),
]

SLIP_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _at(day: dt.date, hour: int) -> dt.datetime:
    """That day at that time, never in the future."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return min(moment, timezone.now())


def _dates(rng: random.Random, count: int, last: dt.date) -> list[dt.date]:
    """`count` working days spread evenly over the DAYS before `last`, a little irregular."""
    step = DAYS / count
    days = []
    for index in range(count):
        ago = round((count - 1 - index) * step + rng.uniform(-step / 4, step / 4))
        day = last - dt.timedelta(days=min(max(ago, 0), DAYS))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        days.append(day)
    return sorted(days)


def _quantity(tonnes: float, unit: str, density: Decimal | None) -> Decimal:
    """The quantity as written in the register: weighed tonnes, kilograms or cubic metres."""
    if unit == "kg":
        return Decimal(round(tonnes * 1000))
    if unit == "m3":
        assert density is not None  # noqa: S101  # narrows the type for mypy
        return Decimal(round(tonnes / float(density) * 2)) / 2
    return Decimal(str(round(tonnes, 2)))


def _slip(rng: random.Random, day: dt.date) -> str:
    """A tracking slip number as Trackdéchets writes it: BSD-20260312-ABCD1234."""
    return f"BSD-{day:%Y%m%d}-{''.join(rng.choice(SLIP_CHARS) for _ in range(8))}"


def _streams(company, codes, treatments) -> dict[str, WasteStream]:
    coordinator = company.users["coordinator"]
    created = _at(timezone.localdate() - dt.timedelta(days=DAYS + LAST_AGO + 20), 10)
    streams = {}
    for spec in STREAMS:
        (key, site, name, code6, category, sorting, container, density, collector,
         destination, treatment) = spec[:11]  # fmt: skip
        collector_name, collector_siret, receipt = COLLECTORS[collector]
        place, place_siret, address = DESTINATIONS[destination]
        stream = WasteStream(
            org_unit=company.units[site],
            name=name,
            waste_code=codes[code6],
            category=category,
            sorting_stream=sorting,
            container=container,
            density=density,
            collector=collector_name,
            collector_siret=collector_siret,
            collector_receipt=receipt,
            destination=place,
            destination_siret=place_siret,
            destination_address=address,
            treatment=treatments[treatment],
            created_at=created,
            updated_at=created,
        )
        core.record_create(record=stream, user=coordinator)
        streams[key] = stream
    return streams


def _movements(company, streams, treatments, rng: random.Random, today: dt.date) -> None:
    coordinator = company.users["coordinator"]
    last = today - dt.timedelta(days=LAST_AGO)
    overrides = {(key, index): fields for key, index, fields in OVERRIDES}
    for spec in STREAMS:
        key = spec[0]
        count, (low, high), unit, in_m3, estimated = spec[11:]
        stream = streams[key]
        for index, day in enumerate(_dates(rng, count, last)):
            tonnes = rng.uniform(low, high) * (0.7 if day.month == 8 else 1)
            written = "m3" if rng.random() < in_m3 else unit
            movement = WasteMovement(
                org_unit=stream.org_unit,
                stream=stream,
                shipped_on=day,
                quantity=_quantity(tonnes, written, stream.density),
                unit=written,
                # In m³ from the container's filling, unless a tanker's meter measured it.
                estimated=(written == "m3" and unit != "m3") or rng.random() < estimated,
                slip_number=_slip(rng, day) if stream.hazardous else "",
                created_at=_at(day, 16),
                updated_at=_at(day, 16),
            )
            fields = overrides.get((key, index), {})
            if "transporter" in fields:
                name, siret, receipt = COLLECTORS[fields["transporter"]]
                movement.transporter = name
                movement.transporter_siret = siret
                movement.transporter_receipt = receipt
            if "destination" in fields:
                name, siret, _address = DESTINATIONS[fields["destination"]]
                movement.destination = name
                movement.destination_siret = siret
            if "treatment" in fields:
                movement.treatment = treatments[fields["treatment"]]
            core.record_create(record=movement, user=coordinator)


def load(company) -> None:
    """Create the demo waste streams and their shipments, the aspects, the ICPE files and the
    emergency situations."""
    from amelio.environment import demo_aspects, demo_emergency, demo_icpe
    from amelio.environment.reference_data import ensure_codes

    ensure_codes()  # a test database flushed between journeys has lost them
    rng = random.Random(14001)
    today = timezone.localdate()
    codes = {c.code6: c for c in WasteCode.objects.filter(code6__in={s[3] for s in STREAMS})}
    treatments = {t.code: t for t in TreatmentCode.objects.all()}
    streams = _streams(company, codes, treatments)
    _movements(company, streams, treatments, rng, today)
    demo_aspects.load(company)
    demo_icpe.load(company)
    demo_emergency.load(company)
