"""The self-assessment: draft, sign off, submit (frozen), correct; each refusal changes nothing."""

import pytest
from django.db import IntegrityError

from assurance import services
from assurance.models import Answer, Prompt, SelfAssessment
from tests.assurance.conftest import all_assurance_rows, answer_everything

pytestmark = pytest.mark.django_db
S = SelfAssessment.Status


@pytest.fixture
def draft(area_a, period, commissioner_a):
    return services.assessment_start(area=area_a, period=period, by=commissioner_a)


def _prompt(assessment, standard, number):
    return Prompt.objects.get(
        standard__edition=assessment.edition, standard__number=standard, number=number
    )


def test_draft_sign_off_submit(draft, commissioner_a):
    answer_everything(draft, commissioner_a)
    services.assessment_sign_off(assessment=draft, by=commissioner_a)
    draft.refresh_from_db()
    assert draft.status == S.SIGNED_OFF and draft.signed_off_by == commissioner_a
    services.assessment_submit(assessment=draft, by=commissioner_a, figures={"x": {"key": "x"}})
    draft.refresh_from_db()
    assert (
        draft.status == S.SUBMITTED and draft.submitted_at and draft.figures == {"x": {"key": "x"}}
    )


def test_sign_off_waits_for_every_prompt_but_the_optional_one(draft, commissioner_a):
    before = all_assurance_rows()
    with pytest.raises(services.Refused, match="Quality Standard 1 prompt 1a"):
        services.assessment_sign_off(assessment=draft, by=commissioner_a)
    assert all_assurance_rows() == before
    optional = _prompt(draft, 3, "5")
    answers = {
        p.pk: ("Answer", "")
        for p in Prompt.objects.filter(standard__edition=draft.edition, answerable=True).exclude(
            pk=optional.pk
        )
    }
    services.assessment_answers_save(assessment=draft, answers=answers, by=commissioner_a)
    services.assessment_sign_off(assessment=draft, by=commissioner_a)


def test_the_heading_prompt_takes_no_answer(draft, commissioner_a):
    heading = _prompt(draft, 1, "1")
    with pytest.raises(services.Refused):
        services.assessment_answers_save(
            assessment=draft, answers={heading.pk: ("x", "")}, by=commissioner_a
        )


def test_changing_a_signed_off_answer_withdraws_the_sign_off(draft, commissioner_a):
    answer_everything(draft, commissioner_a)
    services.assessment_sign_off(assessment=draft, by=commissioner_a)
    prompt = _prompt(draft, 2, "1")
    result = services.assessment_answers_save(
        assessment=draft, answers={prompt.pk: ("A better answer", "")}, by=commissioner_a
    )
    draft.refresh_from_db()
    assert result.sign_off_withdrawn
    assert draft.status == S.DRAFT and draft.signed_off_at is None and draft.signed_off_by is None
    # Saving the same text again is no change and keeps a sign-off.
    services.assessment_sign_off(assessment=draft, by=commissioner_a)
    again = services.assessment_answers_save(
        assessment=draft, answers={prompt.pk: ("A better answer", "")}, by=commissioner_a
    )
    assert again.changed == 0 and not again.sign_off_withdrawn


def test_submit_before_sign_off_is_refused_and_changes_nothing(draft, commissioner_a):
    answer_everything(draft, commissioner_a)
    before = all_assurance_rows()
    with pytest.raises(services.Refused, match="Sign off"):
        services.assessment_submit(assessment=draft, by=commissioner_a)
    assert all_assurance_rows() == before


def test_a_submitted_version_is_frozen(submitted, commissioner_a):
    prompt = _prompt(submitted, 1, "2")
    before = all_assurance_rows()
    for attempt in (
        lambda: services.assessment_answers_save(
            assessment=submitted, answers={prompt.pk: ("Changed", "")}, by=commissioner_a
        ),
        lambda: services.assessment_sign_off(assessment=submitted, by=commissioner_a),
        lambda: services.assessment_submit(assessment=submitted, by=commissioner_a),
    ):
        with pytest.raises(services.Refused):
            attempt()
    assert all_assurance_rows() == before


def test_a_correction_is_version_two_and_replaces_version_one_when_submitted(
    submitted, commissioner_a
):
    correction = services.assessment_correct(assessment=submitted, by=commissioner_a)
    assert correction.version == 2 and correction.status == S.DRAFT
    assert correction.answers.count() == submitted.answers.count()
    with pytest.raises(services.Refused, match="already being written"):
        services.assessment_correct(assessment=submitted, by=commissioner_a)
    prompt = _prompt(correction, 1, "2")
    services.assessment_answers_save(
        assessment=correction, answers={prompt.pk: ("Corrected", "")}, by=commissioner_a
    )
    # Version 1 keeps its answer.
    assert submitted.answers.get(prompt=prompt).text != "Corrected"
    services.assessment_sign_off(assessment=correction, by=commissioner_a)
    services.assessment_submit(assessment=correction, by=commissioner_a)
    submitted.refresh_from_db()
    assert submitted.status == S.SUPERSEDED
    with pytest.raises(services.Refused, match="already been replaced"):
        services.assessment_correct(assessment=submitted, by=commissioner_a)


def test_a_draft_cannot_be_corrected_or_rated(draft, commissioner_a, assessor):
    before = all_assurance_rows()
    with pytest.raises(services.Refused):
        services.assessment_correct(assessment=draft, by=commissioner_a)
    with pytest.raises(services.Refused, match="submitted"):
        services.assessment_rate(
            assessment=draft,
            standard=draft.edition.standards.get(number=1),
            rating="met",
            comment="",
            by=assessor,
        )
    assert all_assurance_rows() == before


def test_only_one_self_assessment_is_started_per_area_and_period(
    draft, area_a, period, commissioner_a
):
    with pytest.raises(services.Refused, match="already has"):
        services.assessment_start(area=area_a, period=period, by=commissioner_a)


@pytest.mark.parametrize("actor", ["commissioner_b", "assessor", "provider_a"])
def test_only_the_areas_commissioner_writes_it(actors, actor, draft, area_a, period):
    user = actors[actor]
    before = all_assurance_rows()
    with pytest.raises(services.NotPermitted):
        services.assessment_start(area=area_a, period=period, by=user)
    with pytest.raises(services.NotPermitted):
        answer_everything(draft, user)
    with pytest.raises(services.NotPermitted):
        services.assessment_sign_off(assessment=draft, by=user)
    assert all_assurance_rows() == before


def test_rating_the_submitted_version(submitted, assessor, commissioner_a):
    qs2 = submitted.edition.standards.get(number=2)
    with pytest.raises(services.Refused, match="Say why"):
        services.assessment_rate(
            assessment=submitted, standard=qs2, rating="not_met", comment=" ", by=assessor
        )
    with pytest.raises(services.NotPermitted):
        services.assessment_rate(
            assessment=submitted, standard=qs2, rating="met", comment="", by=commissioner_a
        )
    services.assessment_rate(
        assessment=submitted, standard=qs2, rating="partly_met", comment="Staffing", by=assessor
    )
    services.assessment_rate(
        assessment=submitted, standard=qs2, rating="met", comment="", by=assessor
    )
    assert list(submitted.ratings.order_by("rated_at").values_list("rating", flat=True)) == [
        "partly_met",
        "met",
    ]


def test_paired_fields_are_checked_by_the_database(draft, commissioner_a):
    with pytest.raises(IntegrityError):
        SelfAssessment.objects.filter(pk=draft.pk).update(signed_off_by=commissioner_a)


def test_evidence_links_are_kept_one_a_line(draft, commissioner_a):
    prompt = _prompt(draft, 1, "3")
    services.assessment_answers_save(
        assessment=draft,
        answers={prompt.pk: ("Yes", " https://a.example/x \n\n https://b.example/y")},
        by=commissioner_a,
    )
    assert Answer.objects.get(prompt=prompt).links == ["https://a.example/x", "https://b.example/y"]
