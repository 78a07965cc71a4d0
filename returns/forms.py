from django import forms
from django.conf import settings


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload your return",
        help_text=(
            "A CSV or Excel (.xlsx) file with one row per referral, in the Reach data standard. "
            f"Up to {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        error_messages={"required": "Choose the file holding your return."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the largest Reach accepts is "
                f"{settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Split it, or send it through the API."
            )
        return upload


class ExplanationForm(forms.Form):
    explanation = forms.CharField(
        label="Explain the queries",
        help_text="Say why the figures are right as they are. The explanation is kept with this version of the return and the commissioner can read it.",
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=10,
        error_messages={
            "required": "Explain the queries before submitting.",
            "min_length": "Explain each query in a sentence or two.",
        },
    )
