"""A group of problems shows its count in its severity's colour and words."""

import pytest
from django.template.loader import render_to_string

from returns.ingest.problems import SEVERITY_TAGS, Severity


@pytest.mark.parametrize(
    "severity, count, css, words",
    [
        ("error", 1, "govuk-tag--red", "1 problem"),
        ("error", 3, "govuk-tag--red", "3 problems"),
        ("query", 1, "govuk-tag--yellow", "1 query"),
        ("query", 2, "govuk-tag--yellow", "2 queries"),
        ("note", 4, "govuk-tag--grey", "4 notes"),
    ],
)
def test_the_problem_group_shows_its_severity(severity, count, css, words):
    group = {"severity": severity, "count": count, "message": "A value is wrong", "examples": []}
    html = render_to_string("returns/_problem_group.html", {"group": group, "submission": None})
    assert f'<span class="govuk-tag {css}">{words}</span>' in html


def test_every_severity_has_a_tag_in_a_gov_uk_colour():
    from core.status import COLOURS

    assert set(SEVERITY_TAGS) == set(Severity)
    assert {tag.colour for tag in SEVERITY_TAGS.values()} <= COLOURS
