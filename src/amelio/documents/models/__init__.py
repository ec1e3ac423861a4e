"""The documents app's models, one module per area: the controlled library, the retention of
records."""

from amelio.documents.models.library import *  # noqa: F403
from amelio.documents.models.retention import *  # noqa: F403
