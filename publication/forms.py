from django import forms
from django.conf import settings

from publication.services import (
    ADDRESS_TAKEN,
    REASON_MAX,
    SUMMARY_MAX,
    address_taken,
    default_address,
)

#: The longest public address of a report (the model's slug field).
ADDRESS_MAX = 140


class StartForm(forms.Form):
    """The public address of a report, chosen when its first revision is started."""

    address = forms.SlugField(
        label="The report's public address",
        max_length=ADDRESS_MAX,
        required=False,
        error_messages={
            "max_length": f"The address must be {ADDRESS_MAX} characters or fewer.",
        },
    )

    def __init__(self, *args, area, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.area, self.period = area, period
        example = default_address(area, period)
        field = self.fields["address"]
        field.help_text = (
            "The last part of the report's web address, as in "
            f"{settings.SITE_URL.rstrip('/')}/published/{example}/. It stays the same for "
            "every revision. Leave it as it is unless another report already has it."
        )
        field.error_messages["invalid"] = (
            f"The address can use only lower-case letters, numbers and hyphens, such as {example}."
        )
        field.widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})

    def clean_address(self):
        address = self.cleaned_data["address"].strip().lower()
        address = address or default_address(self.area, self.period)
        if address_taken(address, self.area, self.period):
            raise forms.ValidationError(ADDRESS_TAKEN)
        return address


class SummaryForm(forms.Form):
    """The public summary of how one Quality Standard is met."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=SUMMARY_MAX,
        strip=True,
    )

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.label = f"How {standard.title.lower()} is met: the summary for the public"
        field.help_text = (
            "Write for someone who lives in the area: plain words, no internal names or "
            "codes, and never anything that could identify a victim. "
            f"No more than {SUMMARY_MAX:,} characters."
        )
        field.error_messages = {
            "required": f"Enter the public summary of Quality Standard {standard.number}.",
            "max_length": (
                f"The summary of Quality Standard {standard.number} must be {SUMMARY_MAX:,} "
                "characters or fewer."
            ),
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing this report?",
        help_text=(
            "For example, a figure was wrong. The reason is kept in the audit trail; the "
            "public page says only that the report was withdrawn, and when."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX,
        error_messages={
            "required": "Enter why the report is being withdrawn.",
            "max_length": f"The reason must be {REASON_MAX:,} characters or fewer.",
        },
    )
