"""Template filters for GOV.UK form markup (used by templates/forms/)."""

from django import template

register = template.Library()

_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
    "numberinput": "govuk-input govuk-input--width-5",
    "dateinput": "govuk-input govuk-input--width-10",
}


@register.filter
def widget_type(bound_field) -> str:
    name = bound_field.field.widget.__class__.__name__.lower()
    if name in ("checkboxselectmultiple",):
        return "checkbox_multiple"
    if name in ("radioselect",):
        return "radio"
    if name == "checkboxinput":
        return "checkbox"
    return name.removesuffix("input") if name.endswith("input") and name != "input" else name


@register.filter
def add_class(bound_field, css: str):
    return bound_field.as_widget(attrs={"class": css})


@register.filter
def govuk_widget(bound_field):
    name = bound_field.field.widget.__class__.__name__.lower()
    css = _CLASSES.get(name, "govuk-input")
    if bound_field.errors:
        css += " govuk-input--error" if "input" in css else f" {css.split()[0]}--error"
    attrs = {"class": css}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)
