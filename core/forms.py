"""GOV.UK rendering for every Django form, in one place.

`{{ form }}` renders each field with the GOV.UK form-group, label, hint and error
message markup (templates/forms/); templates/forms/error_summary.html renders the error
summary. No template writes `govuk-form-group--error` by hand.
"""

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
