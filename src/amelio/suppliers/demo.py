"""Demo suppliers of Forges et Mécanique du Rhône, loaded after the nonconformities and
audits demos (`DEMO_ORDER`): the supplier file and the evaluations read their records."""

from amelio.suppliers import demo_specifications, demo_suppliers

DEMO_ORDER = 6


def load(company) -> None:
    demo_suppliers.load(company)
    # Last: the specifications reuse the suppliers of the supplier file by name.
    demo_specifications.load(company)
