"""Forms of the assurance pages. They render through core/forms.py (`{{ form }}`)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from assurance.models import (
    Action,
    AwarenessIndicator,
    EngagementActivity,
    OutreachActivity,
    Rating,
    Seniority,
)
from reference.models import EthnicGroup, Language
from returns.models import Period

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
DATE_HELP = "For example, 31/3/2027"


def _date_field(label: str, **kw) -> forms.DateField:
    what = label.lower()
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=DATE_HELP,
        widget=forms.DateInput,
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a date, for example 31/3/2027",
        },
        **kw,
    )


def _required(message: str) -> dict:
    """GOV.UK error messages say what to do, not "This field is required"."""
    return {"required": message}


def _choose(field, prompt: str) -> None:
    """A select's empty first option says what to choose, not Django's "---------"."""
    field.choices = [("", prompt)] + [c for c in field.choices if c[0] != ""]


class AnswersForm(forms.Form):
    """One answer and its evidence links for each answerable prompt of a standard."""

    def __init__(self, *args, prompts, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.prompts = prompts
        for prompt in prompts:
            if not prompt.answerable:
                continue
            answer = answers.get(prompt.pk)
            self.fields[f"answer_{prompt.pk}"] = forms.CharField(
                label=prompt.text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=answer.text if answer else "",
                help_text=prompt.note,
            )
            self.fields[f"links_{prompt.pk}"] = forms.CharField(
                label="Evidence links (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.evidence_links if answer else "",
                help_text="Web addresses of published evidence, one a line.",
            )

    def clean(self):
        data = super().clean()
        validate = URLValidator(schemes=["http", "https"])
        for name, value in list(data.items()):
            if name.startswith("links_") and value:
                for line in value.splitlines():
                    if line.strip():
                        try:
                            validate(line.strip())
                        except ValidationError:
                            self.add_error(
                                name,
                                f"“{line.strip()[:60]}” is not a web address: start it with https://",
                            )
        return data

    def answer_pairs(self) -> dict[int, tuple[str, str]]:
        return {
            p.pk: (self.cleaned_data[f"answer_{p.pk}"], self.cleaned_data[f"links_{p.pk}"])
            for p in self.prompts
            if p.answerable
        }

    def fields_for(self, prompt):
        return self[f"answer_{prompt.pk}"], self[f"links_{prompt.pk}"]


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="Rating",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose a rating"),
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed unless the standard is met: what needs to improve, or what evidence is missing.",
    )

    def __init__(self, *args, number: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number
        if number is not None:
            # Each standard's form asks its own question (three on the review page).
            self.fields["rating"].label = f"Is Quality Standard {number} met?"
            self.fields["rating"].error_messages["required"] = (
                f"Choose a rating for Quality Standard {number}"
            )

    def clean(self):
        data = super().clean()
        if (
            data.get("rating")
            and data["rating"] != Rating.MET
            and not data.get("comment", "").strip()
        ):
            which = f" in Quality Standard {self.number}" if self.number else ""
            self.add_error(
                "comment", f"Say what needs to improve{which}, or what evidence is missing."
            )
        return data


class ChallengeForm(forms.Form):
    standard = forms.TypedChoiceField(
        label="Which standard is it about?", coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(
        label="Challenge",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Enter the challenge"),
    )

    def __init__(self, *args, standards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].choices = [("", "All standards or none in particular")] + [
            (s.number, str(s)) for s in standards
        ]


class ChallengeResponseForm(forms.Form):
    response = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Enter your answer to the challenge"),
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Enter the action"),
    )
    owner = forms.CharField(
        label="Owner",
        max_length=200,
        help_text="The person or team responsible.",
        error_messages=_required("Enter who owns the action"),
    )
    due_date = _date_field("Due date")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Action.Status.choices)


class PlanAgreeForm(forms.Form):
    note = forms.CharField(
        label="Note for the timeline (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EscalationForm(forms.Form):
    to = forms.ChoiceField(
        label="Next step",
        widget=forms.RadioSelect,
        error_messages=_required("Choose the next step"),
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to the commissioner on the timeline.",
        error_messages=_required("Give the reason for this step"),
    )

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = list(steps)


class WorkforceForm(forms.Form):
    """Staff counts by ethnic group (rows) and seniority (columns)."""

    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, the date the figures were taken, or who is counted.",
    )

    def __init__(self, *args, initial_counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_counts = initial_counts or {}
        self.groups = list(EthnicGroup.objects.select_related("parent").order_by("order"))
        self.rows = []
        for group in self.groups:
            cells = []
            for seniority, label in Seniority.choices:
                name = f"n_{group.pk}_{seniority}"
                self.fields[name] = forms.IntegerField(
                    label=f"{label}: {self.group_label(group)}",
                    min_value=0,
                    required=False,
                    initial=initial_counts.get((group.pk, seniority)),
                    widget=forms.NumberInput,
                )
                cells.append(name)
            self.rows.append((group, cells))

    @staticmethod
    def group_label(group) -> str:
        if group.level == EthnicGroup.Level.HIGH_LEVEL:
            return f"{group.short_label} (group known, not the detail)"
        if group.level == EthnicGroup.Level.DETAILED:
            return f"{group.parent.short_label}: {group.short_label}"
        return group.short_label

    def grid(self):
        return [(self.group_label(g), [self[n] for n in cells]) for g, cells in self.rows]

    def counts(self) -> dict[tuple[int, str], int]:
        out = {}
        for group, cells in self.rows:
            for name, (seniority, _) in zip(cells, Seniority.choices, strict=True):
                out[(group.pk, seniority)] = self.cleaned_data.get(name) or 0
        return out


class EngagementForm(forms.ModelForm):
    held_on = _date_field("Date held")

    class Meta:
        model = EngagementActivity
        fields = list(EngagementActivity.RECORDED_FIELDS)
        labels = {
            "kind": "Kind of engagement",
            "face_to_face": "Held face to face",
            "communities": "Which communities were heard",
            "organisations": "Victims' groups and organisations heard",
            "by_and_for_involved": "By-and-for organisations took part",
            "participants": "Number of participants (optional)",
            "what_was_said": "What they said",
            "what_changed": "What changed in commissioning as a result",
        }
        help_texts = {
            "communities": "Name the groups, for example Somali women or Roma families, not only “ethnic minority”.",
            "organisations": "Including by-and-for and grassroots organisations.",
            "what_changed": "Leave empty if nothing has changed yet.",
        }
        widgets = {
            "communities": forms.Textarea(attrs={"rows": 2}),
            "organisations": forms.Textarea(attrs={"rows": 2}),
            "what_was_said": forms.Textarea(attrs={"rows": 4}),
            "what_changed": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "kind": _required("Choose the kind of engagement"),
            "title": _required("Enter a title"),
            "communities": _required("Say which communities were heard"),
            "what_was_said": _required("Say what they said"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choose(self.fields["kind"], "Choose the kind of engagement")


class OutreachForm(forms.ModelForm):
    held_on = _date_field("Date")
    provider = forms.ModelChoiceField(
        queryset=None, required=False, label="Who ran it", empty_label="The commissioner's office"
    )
    languages_reached = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Languages spoken with people reached",
    )
    materials_languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Languages of the materials used",
    )

    class Meta:
        model = OutreachActivity
        fields = [
            "held_on",
            "channel",
            "provider",
            "description",
            "communities",
            "languages_reached",
            "materials_languages",
            "people_reached",
            "message_independent",
            "message_free",
            "message_no_report_needed",
        ]
        labels = {
            "channel": "Channel",
            "description": "What was done",
            "communities": "Communities reached",
            "people_reached": "People reached (optional)",
            "message_independent": "Said that services are independent of the police and immigration services",
            "message_free": "Said that services are free",
            "message_no_report_needed": "Said that no crime needs to be reported to get support",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "communities": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "channel": _required("Choose the channel"),
            "description": _required("Say what was done"),
            "communities": _required("Say which communities were reached"),
        }

    def __init__(self, *args, providers, office_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        _choose(self.fields["channel"], "Choose the channel")
        self.fields["provider"].queryset = providers
        if not office_allowed:
            self.fields["provider"].required = True
            self.fields["provider"].empty_label = None


class AwarenessForm(forms.ModelForm):
    period = forms.ModelChoiceField(
        queryset=Period.objects.order_by("-start"), to_field_name="code", empty_label=None
    )
    group = forms.ModelChoiceField(
        queryset=EthnicGroup.objects.exclude(level=EthnicGroup.Level.NOT_STATED).order_by("order"),
        required=False,
        empty_label="Everyone asked",
        label="Ethnic group",
    )

    class Meta:
        model = AwarenessIndicator
        fields = ["period", "measure", "group", "value_percent", "base", "source"]
        labels = {
            "measure": "What was measured",
            "value_percent": "Result (%)",
            "base": "Number of people asked (optional)",
            "source": "Source",
        }
        help_texts = {
            "measure": "For example, “aware of victims' services in the area”.",
            "source": "For example, the survey's name and date, or a web address.",
        }


class SuspensionForm(forms.Form):
    """What a suspension of grant payments needs before a second assessor looks at it."""

    amount = forms.DecimalField(
        label="Amount to suspend, in pounds",
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the amount to suspend, in pounds",
            "invalid": "Enter the amount as a number of pounds, like 125000 or 125000.50",
            "min_value": "Enter an amount of more than £0",
            "max_decimal_places": "Enter the amount in pounds and pence, at most 2 decimal places",
            "max_digits": "Enter an amount under £10,000,000,000",
        },
    )
    grant_reference = forms.CharField(
        label="Grant reference",
        max_length=100,
        help_text="As it appears in the grant agreement, for example PCC-2026-041.",
        error_messages=_required("Enter the grant reference"),
    )
    effective_date = forms.DateField(
        label="Payments are suspended from",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date the suspension takes effect",
            "invalid": "Enter the date the suspension takes effect as a real date",
        },
    )
    reason = forms.CharField(
        label="Why payments should be suspended",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown to the commissioner and the approving assessor. Cite the concerns not addressed.",
        error_messages=_required("Say why payments should be suspended"),
    )


class SuspensionDecisionForm(forms.Form):
    note = forms.CharField(
        label="Note for the timeline",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you do not approve.",
    )


class DeclarationForm(forms.Form):
    """The declaration a serious step needs (signing off, submitting)."""

    confirm = forms.BooleanField(
        required=True,
        error_messages={"required": "Confirm the declaration to continue"},
    )

    def __init__(self, *args, declaration: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = declaration
