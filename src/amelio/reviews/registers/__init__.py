"""How meetings and management reviews appear, one module per area: meetings (`meetings`),
management reviews (`management`)."""

from amelio.reviews.registers import management, meetings

__all__ = ["management", "meetings"]
