"""`{% status_tag %}`: a status as a GOV.UK tag, in its one colour and its one set of words.

    {% status_tag assessment %}            the instance's `status` field
    {% status_tag rating "rating" %}       another field of the instance
    {% status_tag state "escalation" %}    a bare value of the status declared by that name

The tags are declared beside each status's TextChoices (core/status.py).
"""

from django import template
from django.db import models
from django.utils.html import format_html

from core.status import tag_for_field, tag_for_value

register = template.Library()


@register.simple_tag
def status_tag(obj, field_or_name: str = "status"):
    if isinstance(obj, models.Model):
        tag = tag_for_field(obj, field_or_name)
    else:
        tag = tag_for_value(obj, field_or_name)
    return format_html('<strong class="{}">{}</strong>', tag.css, tag.label)
