from django import forms

from organisations.models import Provider


class ProviderForm(forms.ModelForm):
    """A provider's public offer: what victims need to know to choose a service."""

    website = forms.URLField(required=False, assume_scheme="https", label="Website")

    class Meta:
        model = Provider
        fields = [
            "name",
            "description",
            "kind",
            "police_relationship",
            "accepts_self_referral",
            "anonymous_contact",
            "free_of_charge",
            "gender_specific_spaces",
            "interpreters",
            "languages",
            "crime_types",
            "age_bands",
            "phone",
            "email",
            "website",
            "address",
            "opening_hours",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "police_relationship": forms.RadioSelect,
            "interpreters": forms.RadioSelect,
            "languages": forms.CheckboxSelectMultiple,
            "crime_types": forms.CheckboxSelectMultiple,
            "age_bands": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": "What the service does and who it is for, in plain words.",
            "anonymous_contact": "Victims can contact the service without giving their name.",
            "gender_specific_spaces": "Women-only or men-only spaces and staff are available.",
            "address": "The service's public address, if it has one. Never a victim's.",
        }
        error_messages = {"name": {"required": "Enter the service's name."}}
