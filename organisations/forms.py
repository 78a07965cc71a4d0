from django import forms

from organisations.models import Provider, default_confidentiality_statement
from reference.models import LocalAuthority


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
            "how_to_get_in_touch",
            "what_happens_next",
            "local_authorities",
            "confidentiality_statement",
            "in_directory",
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
            "how_to_get_in_touch": forms.Textarea(attrs={"rows": 3}),
            "what_happens_next": forms.Textarea(attrs={"rows": 4}),
            "local_authorities": forms.CheckboxSelectMultiple,
            "confidentiality_statement": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "description": "What the service does and who it is for, in plain words.",
            "anonymous_contact": "Victims can contact the service without giving their name.",
            "gender_specific_spaces": "Women-only or men-only spaces and staff are available.",
            "address": (
                "The service's public address, if it has one. Never a victim's, and never "
                "a refuge's."
            ),
            "opening_hours": "For example: Monday to Friday, 9am to 5pm.",
            "how_to_get_in_touch": (
                "The ways victims can reach you, for example: call or text, email, drop in, "
                "or ask someone to refer you."
            ),
            "what_happens_next": (
                "What happens after someone gets in touch: who replies, how soon, and what "
                "support looks like."
            ),
            "local_authorities": "Leave all unticked if the service covers the whole area.",
            "confidentiality_statement": (
                "What you share, with whom and when. Start from the suggested wording and "
                "change it to say what your service really does."
            ),
        }
        error_messages = {"name": {"required": "Enter the service's name."}}

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is None:
            areas = list(self.instance.areas.all()) if self.instance.pk else []
        self.fields["local_authorities"].queryset = LocalAuthority.objects.filter(
            area__in=areas
        ).order_by("name")
        self.fields["local_authorities"].label = "Local authorities served"
        statement = self.fields["confidentiality_statement"]
        statement.label = "Confidentiality statement"
        if not self.instance.confidentiality_statement and not self.is_bound:
            self.initial["confidentiality_statement"] = default_confidentiality_statement()
