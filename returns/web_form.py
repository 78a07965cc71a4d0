"""Web-form entry for providers without a case system: counts typed into grids.

For each crime type the provider supports, one grid: ethnic group (rows) × outcome
(columns). Together the grids give counts by ethnicity × crime type and by ethnicity ×
outcome, and their exact combination, straight into the same cube as uploads; the
dimensions the form does not ask (sex, age, pathway, ...) are "not recorded".
The provider also states the total number of referrals, and the grids must add up to it
(checked as they type where JavaScript runs, and always on submit).
"""

from django import forms

from reference.models import CrimeType, EthnicGroup, Outcome
from returns.ingest.rules.queries import CHANGE_THRESHOLD, COVERAGE_THRESHOLD

# The outcome columns of the form: the stages a small service can tell apart.
OUTCOME_COLUMNS = (
    "SUPPORTED_COMPLETED",
    "SUPPORTED_DISENGAGED",
    "DECLINED",
    "NO_CONTACT",
    "OPEN",
    "NK",
)
MAX_COUNT = 100_000


def field_name(crime: str, ethnicity: str, outcome: str) -> str:
    return f"n__{crime}__{ethnicity}__{outcome}"


def counts_queries(*, total: int, stated: int, previous_total: int | None) -> list[dict]:
    """The queries an upload would raise (returns/ingest/rules/queries.py), for counts typed
    in: ethnicity recorded for under 90%, or a total more than half away from last time."""
    queries = []
    if total and stated < COVERAGE_THRESHOLD * total:
        queries.append(
            {
                "code": "ethnicity_coverage_low",
                "value": f"{stated / total:.0%}",
                "message": f"Ethnicity is recorded for {stated:,} of {total:,} referrals ({stated / total:.0%}); "
                f"Reach expects at least {COVERAGE_THRESHOLD:.0%}. Explain why, and what is being done to record it.",
            }
        )
    if previous_total and abs(total - previous_total) > CHANGE_THRESHOLD * previous_total:
        queries.append(
            {
                "code": "total_changed",
                "value": f"{total:,}",
                "message": f"This return has {total:,} referrals; the previous period's had {previous_total:,}. "
                "Explain the change.",
            }
        )
    return queries


class WebReturnForm(forms.Form):
    total = forms.IntegerField(
        label="How many referrals did you receive in the period?",
        help_text="Every referral, whatever happened next. The grids below must add up to this number.",
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={
            "required": "Enter the number of referrals in the period, even if it is 0.",
            "invalid": "Enter the number of referrals as a whole number, like 24.",
            "min_value": "The number of referrals cannot be negative.",
        },
    )

    explanation = forms.CharField(
        label="Explain the queries",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only needed when Reach raises a query about the figures (shown above the form).",
    )

    def __init__(self, *args, crime_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.ethnic_groups = list(
            EthnicGroup.objects.exclude(level=EthnicGroup.Level.HIGH_LEVEL).order_by("order")
        )
        outcomes = {o.code: o for o in Outcome.objects.filter(code__in=OUTCOME_COLUMNS)}
        self.outcomes = [outcomes[c] for c in OUTCOME_COLUMNS]
        self.crime_types = list(crime_types) or list(CrimeType.objects.filter(code="NR"))
        for crime in self.crime_types:
            for group in self.ethnic_groups:
                for outcome in self.outcomes:
                    self.fields[field_name(crime.code, group.code, outcome.code)] = (
                        forms.IntegerField(
                            required=False,
                            min_value=0,
                            max_value=MAX_COUNT,
                            label=f"{crime.label}, {group.short_label}, {outcome.label}",
                            error_messages={
                                "invalid": f"{crime.label}, {group.short_label}, {outcome.label}: enter a whole number, or leave it blank for 0.",
                                "min_value": f"{crime.label}, {group.short_label}, {outcome.label}: a count cannot be negative.",
                                "max_value": f"{crime.label}, {group.short_label}, {outcome.label}: a count this large belongs in an upload.",
                            },
                        )
                    )

    def grids(self):
        """For the template: per crime type, rows of (group, [bound fields], row total)."""
        out = []
        for crime in self.crime_types:
            rows = []
            for group in self.ethnic_groups:
                fields = [self[field_name(crime.code, group.code, o.code)] for o in self.outcomes]
                rows.append({"group": group, "fields": fields, "total": self._sum(fields)})
            out.append({"crime": crime, "rows": rows, "total": sum(r["total"] for r in rows)})
        return out

    def _sum(self, fields) -> int:
        total = 0
        for field in fields:
            try:
                total += int(field.value() or 0)
            except (TypeError, ValueError):
                pass
        return total

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        grid_total = sum(v or 0 for k, v in cleaned.items() if k.startswith("n__"))
        stated = cleaned.get("total")
        if stated is not None and grid_total != stated:
            raise forms.ValidationError(
                f"The grids add up to {grid_total} but you said there were {stated} referrals. "
                "Check the numbers, or correct the total."
            )
        if grid_total == 0:
            # A nil return is legitimate: it says the service had no referrals.
            self.nil_return = True
        return cleaned

    def rows(self) -> list[dict]:
        """The counts as canonical rows for returns.cube.cube_from_counts."""
        out = []
        for key, value in self.cleaned_data.items():
            if not key.startswith("n__") or not value:
                continue
            _, crime, ethnicity, outcome = key.split("__")
            out.append(
                {"crime_type": crime, "ethnicity": ethnicity, "outcome": outcome, "count": value}
            )
        return out
