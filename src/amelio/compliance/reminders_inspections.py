"""Reminders of compliance: inspections (see reminders.py)."""
