"""Reminders of documents, one module per area: reviews and acknowledgements due
(`reminders_library`) and records due for the retention purge (`reminders_retention`)."""

from amelio.documents import reminders_library, reminders_retention

__all__ = ["reminders_library", "reminders_retention"]
