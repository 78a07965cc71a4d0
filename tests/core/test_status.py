"""Each status has one tag (colour and words), declared beside its TextChoices."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.template import Context, Template

from assurance.models import Challenge, EscalationState, Rating, SelfAssessment, StandardRating
from core.status import _BY_CHOICES, COLOURS, status_tags, tag_for_value
from library.models import CaseStudy
from reports.models import ReportRequest
from returns.models import ReturnVersion, Submission


class Light(models.TextChoices):
    RED = "red", "Stop"
    GREEN = "green", "Go"


def test_every_status_of_a_page_has_a_tag_for_every_value():
    for choices in (
        SelfAssessment.Status,
        Rating,
        Challenge.Status,
        EscalationState,
        ReturnVersion.Status,
        Submission.Status,
        ReportRequest.Status,
        CaseStudy.Status,
    ):
        declared = _BY_CHOICES[choices]
        for value in choices.values:
            assert declared[value].colour in COLOURS
            assert declared[value].label


def test_a_status_without_a_colour_for_a_value_is_refused():
    with pytest.raises(ImproperlyConfigured, match="no colour for \\['green'\\]"):
        status_tags(Light, {Light.RED: "red"})


def test_a_colour_govuk_has_no_tag_for_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not a GOV.UK tag colour: \\['amber'\\]"):
        status_tags(Light, {Light.RED: "red", Light.GREEN: "amber"})


def test_short_words_replace_the_label_only_in_the_tag():
    tags = status_tags(Light, {Light.RED: "red", Light.GREEN: "green"}, short={Light.RED: "No"})
    assert (tags[Light.RED].label, tags[Light.GREEN].label) == ("No", "Go")


def _render(text, **context):
    return Template("{% load status_tags %}" + text).render(Context(context))


def test_the_tag_of_an_instance_uses_its_field_and_the_one_colour():
    assessment = SelfAssessment(status=SelfAssessment.Status.SIGNED_OFF)
    assert _render("{% status_tag a %}", a=assessment) == (
        '<strong class="govuk-tag govuk-tag--blue">Signed off</strong>'
    )
    rating = StandardRating(rating=Rating.PARTLY_MET)
    assert _render('{% status_tag r "rating" %}', r=rating) == (
        '<strong class="govuk-tag govuk-tag--yellow">Partly met – improvement needed</strong>'
    )


def test_a_bare_value_is_tagged_by_its_status_name():
    assert tag_for_value(EscalationState.SUSPENDED, "escalation").colour == "red"
    assert _render('{% status_tag s "escalation" %}', s="challenged") == (
        '<strong class="govuk-tag govuk-tag--yellow">Challenged</strong>'
    )


def test_a_version_tag_uses_its_short_words():
    version = ReturnVersion(status=ReturnVersion.Status.AWAITING)
    assert _render("{% status_tag v %}", v=version) == (
        '<strong class="govuk-tag govuk-tag--yellow">Waiting for acceptance</strong>'
    )
