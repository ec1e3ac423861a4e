"""FMEA pages beyond the generated ones: the worksheet, its cell saves, the PDF and the Excel
worksheet."""

from __future__ import annotations


def fmea_context(fmea, request) -> dict:
    return {}


def line_context(line, request) -> dict:
    return {}


urlpatterns: list = []
