"""Demo risk analyses of Forges et Mécanique du Rhône, after the processes, actions and
nonconformities they refer to: the machining process FMEA, the HACCP study of the company
restaurant, the HAZOP of the surface-treatment line, and the control plan of the FMEA's
shaft with three months of controls."""

from amelio.riskanalysis import demo_control, demo_fmea, demo_haccp, demo_hazop

DEMO_ORDER = 7


def load(company) -> None:
    demo_fmea.load(company)
    demo_haccp.load(company)
    demo_hazop.load(company)
    demo_control.load(company)
