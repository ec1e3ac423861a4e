"""The training app's models, one module per area: communication and training sessions,
competences."""

from amelio.training.models.competences import *  # noqa: F403
from amelio.training.models.sessions import *  # noqa: F403
