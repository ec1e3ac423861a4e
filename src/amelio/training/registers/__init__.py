"""How the training app appears: one module per area (communication and training sessions,
competences)."""

from amelio.training.registers import competences, sessions

__all__ = ["competences", "sessions"]
