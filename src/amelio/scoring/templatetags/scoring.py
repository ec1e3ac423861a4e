"""Template helpers for scoring matrices: texts in the user's language, level badges."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from amelio.scoring.models import localised as _localised

register = template.Library()


@register.filter
def localised(texts) -> str:
    """{"fr": ..., "en": ...} in the active language."""
    return _localised(texts)


@register.filter
def text_in(texts, language: str) -> str:
    return str((texts or {}).get(language) or "") if isinstance(texts, dict) else ""


@register.simple_tag
def level_badge(level, score=None):
    """A badge in the level's colour with its label (and the score, when given)."""
    if not level:
        return "—"
    label = _localised(level.get("label"))
    text = f"{score} · {label}" if score is not None else label
    return format_html(
        '<span class="badge amelio-level" style="background-color: {}">{}</span>',
        level.get("colour", "#6c757d"),
        text,
    )
