"""Demo risk analyses of Forges et Mécanique du Rhône, after the processes, actions and
nonconformities they refer to: the machining process FMEA, the HACCP study of the company
restaurant and the HAZOP of the surface-treatment line."""

from amelio.riskanalysis import demo_fmea, demo_haccp, demo_hazop

DEMO_ORDER = 7


def load(company) -> None:
    demo_fmea.load(company)
    demo_haccp.load(company)
    demo_hazop.load(company)
