"""Fixtures of the assurance tests: the standards loaded once, a period, and helpers that
build a cycle through the services (docs/architecture.md: multi-model set-ups go
through services)."""

import pytest

from tests.factories import make_return


@pytest.fixture
def area_a_return(provider_a, area_a, period):
    """Area A: few Black referrals against the West Midlands population, most by police."""
    cells = [
        {"ethnicity": "13", "outcome": "SUPPORTED_COMPLETED", "pathway": "POLICE", "count": 700},
        {"ethnicity": "13", "outcome": "SUPPORTED_DISENGAGED", "pathway": "SELF", "count": 100},
        {"ethnicity": "4", "outcome": "SUPPORTED_COMPLETED", "pathway": "SELF", "count": 90},
        {"ethnicity": "6", "outcome": "SUPPORTED_DISENGAGED", "pathway": "POLICE", "count": 12},
        {"ethnicity": "NK", "outcome": "NO_CONTACT", "pathway": "POLICE", "count": 30},
    ]
    return make_return(provider=provider_a, area=area_a, period=period, cells=cells)


def answer_everything(assessment, by, text="Our answer, with our evidence."):
    from assurance import services
    from assurance.models import Prompt

    prompts = Prompt.objects.filter(standard__edition=assessment.edition, answerable=True)
    return services.assessment_answers_save(
        assessment=assessment,
        answers={p.pk: (text, "https://example.org/evidence") for p in prompts},
        by=by,
    )


def submitted_assessment(area, period, commissioner):
    """A self-assessment answered, signed off and submitted by `commissioner`."""
    from assurance import services

    assessment = services.assessment_start(area=area, period=period, by=commissioner)
    answer_everything(assessment, commissioner)
    services.assessment_sign_off(assessment=assessment, by=commissioner)
    return services.assessment_submit(assessment=assessment, by=commissioner)


@pytest.fixture
def submitted(area_a, period, commissioner_a):
    return submitted_assessment(area_a, period, commissioner_a)


def snapshot(*models):
    """Every row of the given models, as plain values: compare before and after a refusal.

    Audit records of reads and refusals (written by the audit middleware for every page
    asked for) are left out: a refused step must change nothing else, and record no change.
    """
    from core.middleware import READ_VERBS

    rows = {}
    for m in models:
        qs = m.objects.all()
        if m.__name__ == "AuditEvent":
            qs = qs.exclude(verb__in=READ_VERBS)
        rows[m.__name__] = sorted(map(repr, qs.values()))
    return rows


def all_assurance_rows():
    from assurance import models as m

    return snapshot(
        m.SelfAssessment,
        m.Answer,
        m.StandardRating,
        m.Challenge,
        m.ActionPlan,
        m.Action,
        m.AreaEscalation,
        m.EscalationEvent,
        m.AuditEvent,
        m.WorkforceReturn,
        m.WorkforceCount,
        m.EngagementActivity,
        m.OutreachActivity,
        m.AwarenessIndicator,
    )
