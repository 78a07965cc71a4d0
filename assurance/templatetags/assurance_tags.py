"""GOV.UK tags for the statuses of the assurance cycle: one colour per meaning."""

from django import template
from django.utils.html import format_html

register = template.Library()

COLOURS = {
    # self-assessment
    "draft": "grey",
    "signed_off": "blue",
    "submitted": "green",
    "superseded": "grey",
    # ratings
    "met": "green",
    "partly_met": "yellow",
    "not_met": "red",
    "evidence_missing": "orange",
    # challenges
    "open": "orange",
    "answered": "blue",
    "closed": "grey",
    # plans and actions
    "proposed": "blue",
    "agreed": "green",
    "replaced": "grey",
    "not_started": "grey",
    "in_progress": "blue",
    "done": "green",
    # escalation
    "none": "grey",
    "challenged": "yellow",
    "action_plan_agreed": "blue",
    "escalated": "orange",
    "suspended": "red",
    "lifted": "purple",
    "resolved": "green",
}


@register.simple_tag
def status_tag(value: str, label: str):
    colour = COLOURS.get(value, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)
