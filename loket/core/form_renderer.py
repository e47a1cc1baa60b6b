"""Django's form renderer, with the commonest widgets written out in Python.

Django renders every widget, every ``<option>`` of a select, every label, error list and field
group through a template of its own: a desk filter with a hundred options costs about ten
milliseconds that way, a candidate file's forms forty. This renderer writes the same HTML for
Django's own templates of those (same attributes, same escaping) and leaves every other
template (whole forms, radio buttons, checkboxes in a list, file inputs) to Django. A widget
or field with a template of its own is never touched.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "search",
        "tel",
        "date",
        "datetime",
        "time",
        "color",
        "checkbox",
    )
}
SELECT_TEMPLATES = {"django/forms/widgets/select.html"}
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
FIELD_TEMPLATE = "django/forms/field.html"
LABEL_TEMPLATE = "django/forms/label.html"
ERRORS_TEMPLATES = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}


def _attrs(attrs: dict) -> str:
    """As ``django/forms/widgets/attrs.html``: ``False`` leaves a name out, ``True`` writes it
    bare."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        name = conditional_escape(name)
        parts.append(f" {name}" if value is True else f' {name}="{conditional_escape(value)}"')
    return "".join(parts)


def render_input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}"'
        f' name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def render_select(widget: dict) -> str | None:
    """The select, or None when an option has a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'<option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return "\n".join(parts)


def render_label(context: dict) -> str:
    """As ``django/forms/label.html`` (a label, or a legend in a fieldset)."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


def render_errors(context: dict) -> str:
    """As ``django/forms/errors/list/ul.html``."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    where = f' id="{conditional_escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
    return f'<ul class="{conditional_escape(context["error_class"])}"{where}>{items}</ul>'


def render_field(field) -> str:
    """As ``django/forms/field.html``: label (or fieldset and legend), help, errors, widget."""
    parts = []
    if field.use_fieldset:
        described = field.aria_describedby
        parts.append(
            f'<fieldset aria-describedby="{conditional_escape(described)}">'
            if described
            else "<fieldset>"
        )
        if field.label:
            parts.append(field.legend_tag())
    elif field.label:
        parts.append(field.label_tag())
    if field.help_text:
        where = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<div class="helptext"{where}>{field.help_text}</div>')
    parts.append(str(field.errors))
    parts.append(str(field))
    if field.use_fieldset:
        parts.append("</fieldset>")
    return "\n".join(parts)


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == FIELD_TEMPLATE and context.keys() == {"field"}:
            return render_field(context["field"])
        if template_name == LABEL_TEMPLATE:
            return render_label(context)
        if template_name in ERRORS_TEMPLATES:
            return render_errors(context)
        if template_name in INPUT_TEMPLATES:
            return render_input(context["widget"])
        if template_name in SELECT_TEMPLATES:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
