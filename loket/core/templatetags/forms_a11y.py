"""Filters for error summaries: a link to the field that lands on something focusable, and the
field's label joined to its message without doubled punctuation."""

from django import template
from django.forms import CheckboxSelectMultiple, RadioSelect

register = template.Library()

ENDS_A_SENTENCE = ("?", "!", ".", ":")


@register.filter
def error_anchor(bound_field) -> str:
    """The id an error-summary link should point to: the field itself, or for a group of radio
    buttons or checkboxes (which has no single id) its first option."""
    if isinstance(bound_field.field.widget, RadioSelect | CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


@register.filter
def with_message(label, message) -> str:
    """'Label: message', or 'Label? message' when the label already ends in punctuation."""
    label = str(label).strip()
    separator = " " if label.endswith(ENDS_A_SENTENCE) else ": "
    return f"{label}{separator}{message}"
