"""Form widgets that stay fast on a large organisation."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A `<select>` rendered in one pass, without a template per option.

    Django's Select renders each option through a template include: 250 org units or
    1,000 people cost tens of milliseconds on every list page. The markup is the same.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        return format_html(
            "<select{}>{}</select>", flatatt(final_attrs), self._options(self.choices, selected)
        )

    def _options(self, choices, selected: set[str]) -> str:
        parts = []
        for option_value, label in choices:
            if isinstance(label, list | tuple):
                inner = self._options(label, selected)
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', option_value, inner))
                continue
            key = "" if option_value is None else str(option_value)
            mark = mark_safe(" selected") if key in selected else ""
            parts.append(format_html('<option value="{}"{}>{}</option>', key, mark, label))
        return mark_safe("".join(parts))  # noqa: S308  # parts built by format_html


class PersonInput(forms.TextInput):
    """A type-ahead for one person: a search box whose suggestions load as the user types.

    The value is a username (the API and links may also pass a user id); the list of
    suggestions comes from the `people_lookup` page, at most 20 at a time.
    """

    template_name = "components/person_input.html"
    input_type = "search"

    def format_value(self, value):
        if value in (None, ""):
            return None
        text = str(value)
        if text.isdigit():
            from django.contrib.auth import get_user_model

            username = (
                get_user_model()
                ._default_manager.filter(pk=int(text))
                .values_list("username", flat=True)
                .first()
            )
            return username or text
        return text
