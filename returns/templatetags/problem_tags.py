"""`{% severity_tag group %}`: how many problems of a kind, as a tag in its severity's
colour and words ("3 problems", "1 query", "2 notes"), declared once in
returns/ingest/problems.py (`SEVERITY_TAGS`)."""

from django import template
from django.utils.html import format_html

from core.status import Tag
from returns.ingest.problems import SEVERITY_TAGS, Severity

register = template.Library()


@register.simple_tag
def severity_tag(group):
    declared = SEVERITY_TAGS[Severity(group["severity"])]
    tag = Tag(declared.words(group["count"]), declared.colour)
    return format_html('<span class="{}">{}</span>', tag.css, tag.label)
