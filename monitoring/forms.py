from django import forms

from monitoring import groups
from organisations.models import Provider
from reference.models import CrimeType
from returns.models import Period


class DashboardFilterForm(forms.Form):
    """What the dashboard shows. GET form: the page's URL is its own bookmark."""

    period = forms.ModelChoiceField(
        queryset=Period.objects.none(), to_field_name="code", empty_label=None, label="Period"
    )
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="All providers",
        label="Provider",
    )
    crime_type = forms.ModelChoiceField(
        queryset=CrimeType.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="All crime types",
        label="Crime type",
    )
    months = forms.TypedChoiceField(
        choices=[
            (6, "6 months: the period alone"),
            (12, "12 months: the period and the one before, added together"),
        ],
        coerce=int,
        initial=6,
        required=False,
        empty_value=6,
        label="Months covered",
        help_text="Adding two periods together lets small groups reach a size the test can tell.",
    )
    level = forms.ChoiceField(
        choices=[(k, v["title"]) for k, v in groups.LEVELS.items()],
        initial=groups.FIVE,
        required=False,
        label="Ethnic groups for outcomes and breakdowns",
    )

    def __init__(self, data, *, area, user, default_period):
        data = data.copy()
        data.setdefault("period", default_period.code if default_period else "")
        data.setdefault("level", groups.FIVE)
        data.setdefault("months", "6")
        super().__init__(data)
        self.fields["period"].queryset = Period.objects.order_by("-start")
        self.fields["provider"].queryset = (
            Provider.objects.visible_to(user).filter(areas=area).order_by("name")
        )
