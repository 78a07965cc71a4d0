from django import forms

from assurance.models import QualityStandard, StandardsEdition
from library.models import CaseStudy
from library.workflow import DECISIONS
from reference.models import CrimeType, EthnicGroup


class CaseStudyForm(forms.ModelForm):
    """A case study as the guidance's Annex A writes them: what was done, where, by whom."""

    class Meta:
        model = CaseStudy
        fields = [
            "title", "places", "organisation", "summary", "body", "standards",
            "crime_types", "communities", "source",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "standards": forms.CheckboxSelectMultiple,
            "crime_types": forms.CheckboxSelectMultiple,
            "communities": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "body": (
                "What the need was, what was done, and what changed. Do not name or "
                "describe any victim."
            ),
            "crime_types": "Leave all unticked if the work was not about particular crimes.",
            "communities": "The communities the work was for, if it was for particular ones.",
        }
        error_messages = {
            "title": {"required": "Enter a title for the case study."},
            "places": {"required": "Enter where the work took place."},
            "organisation": {"required": "Enter who did the work."},
            "summary": {"required": "Enter a short summary."},
            "body": {"required": "Enter the case study."},
            "standards": {"required": "Choose at least one Quality Standard."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        edition = StandardsEdition.current()
        self.fields["standards"].queryset = QualityStandard.objects.filter(edition=edition)
        self.fields["crime_types"].queryset = CrimeType.objects.exclude(
            code__in=("NK", "NR")
        ).order_by("order")
        self.fields["communities"].queryset = EthnicGroup.objects.exclude(
            level=EthnicGroup.Level.NOT_STATED
        ).order_by("order")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=list(DECISIONS.items()),
        widget=forms.RadioSelect,
        label="Your decision",
        error_messages={"required": "Choose a decision."},
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Note to the commissioner",
        help_text="Needed when you return it: say what should change.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == CaseStudy.Status.RETURNED and not data.get("note", "").strip():
            self.add_error("note", "Say what needs to change before returning the case study.")
        return data
