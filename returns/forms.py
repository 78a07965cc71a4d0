from django import forms

from returns.ingest.rules.explanations import EXPLANATION_NEEDED, MIN_EXPLANATION
from returns.ingest.rules.file import limit_text, upload_size_problem


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload your return",
        error_messages={"required": "Choose the file holding your return."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A CSV or Excel (.xlsx) file from your case system or spreadsheet, one row per "
            f"referral. Up to {limit_text()}."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:  # optional where the form offers a file beside other answers
            return upload
        if problem := upload_size_problem(upload.size):
            raise forms.ValidationError(problem)
        return upload


class ExplanationField(forms.CharField):
    """The explanation of a return's queries: its length and words are the rule's."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Explain the queries")
        kwargs.setdefault(
            "help_text",
            "Say why the figures are right as they are. The explanation is kept with this "
            "version of the return and the commissioner reads it before accepting it.",
        )
        super().__init__(
            widget=forms.Textarea(attrs={"rows": 5}),
            min_length=MIN_EXPLANATION,
            error_messages={
                "required": EXPLANATION_NEEDED.message,
                "min_length": EXPLANATION_NEEDED.message,
            },
            **kwargs,
        )


class ConfirmForm(forms.Form):
    """The "check your answers" step: send the return (explaining any queries), or discard it."""

    def __init__(self, *args, queries=(), **kwargs):
        super().__init__(*args, **kwargs)
        if queries:
            self.fields["explanation"] = ExplanationField()


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, reason_label: str, reason_hint: str, required: bool, **kwargs):
        from returns.ingest.rules.explanations import REASON_NEEDED

        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = reason_label
        field.help_text = reason_hint
        field.required = required
        field.error_messages["required"] = REASON_NEEDED


class DueDateForm(forms.Form):
    due_on = forms.DateField(
        label="Due date",
        help_text="For example, 31/10/2026.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"],
        error_messages={
            "required": "Enter the date returns for this period are due.",
            "invalid": "Enter the due date as day/month/year, for example 31/10/2026.",
        },
    )
    reason = forms.CharField(
        label="Why is it changing?",
        help_text="Providers see the new date; the reason is kept in the audit record.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the due date is changing."},
    )
