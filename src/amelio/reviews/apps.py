from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """Meetings and management reviews: any meeting with its agenda, attendees, minutes and
    decisions turned into actions; the management review (ISO 9001, 14001, 45001 and 50001
    clause 9.3) whose inputs are compiled from the modules' measures and registers and frozen
    when the review is held."""

    name = "amelio.reviews"
    label = "reviews"
    verbose_name = _("Meetings and management reviews")
