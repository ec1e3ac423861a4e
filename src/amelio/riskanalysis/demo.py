"""Demo risk analyses of Forges et Mécanique du Rhône, after the processes, actions and
nonconformities they refer to: the machining process FMEA."""

from amelio.riskanalysis import demo_fmea

DEMO_ORDER = 7


def load(company) -> None:
    demo_fmea.load(company)
