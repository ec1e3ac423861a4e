"""Demo customers of Forges et Mécanique du Rhône: segments, customers with their
complaints, and the journey map (after the nonconformities and indicators)."""

from amelio.customers import demo_customers

DEMO_ORDER = 6


def load(company) -> None:
    demo_customers.load(company)
