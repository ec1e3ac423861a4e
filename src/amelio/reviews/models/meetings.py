"""Meetings: agenda, attendees, minutes, decisions that become actions."""

__all__: list[str] = []
