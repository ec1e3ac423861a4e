"""Reminders of compliance: legal (see reminders.py)."""
