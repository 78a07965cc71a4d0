"""The request form on the bi-annual return page. Renders through core/forms.py."""

from django import forms

from reports.models import ReportRequest


class ReportRequestForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=ReportRequest.Format.choices,
        initial=ReportRequest.Format.PDF,
        widget=forms.RadioSelect,
    )
    version = forms.TypedChoiceField(
        label="Self-assessment version",
        coerce=int,
        required=False,
        help_text="The submitted version is what the Ministry of Justice holds.",
    )

    def __init__(self, *args, versions, default=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {v.version: v for v in versions}
        if versions:
            self.fields["version"].choices = [
                (v.version, f"Version {v.version}: {v.get_status_display()}") for v in versions
            ]
            self.fields["version"].required = True
            if default is not None:
                self.fields["version"].initial = default.version
        else:
            del self.fields["version"]

    def assessment(self):
        """The chosen version, or None when the area has none this person may see."""
        return self.versions.get(self.cleaned_data.get("version"))
