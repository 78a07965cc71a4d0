"""Fixtures of the transparency report tests: area A with an accepted return and a
submitted self-assessment, built through the services, and a report ready to publish."""

import pytest

from tests.factories import make_return
from tests.published import figures, live_report  # noqa: F401  (fixtures)

CELLS = [
    {"ethnicity": "13", "sex": "F", "pathway": "POLICE", "count": 700},
    {"ethnicity": "13", "sex": "M", "pathway": "SELF", "count": 300},
    {"ethnicity": "4", "sex": "F", "pathway": "SELF", "count": 90},
    {"ethnicity": "6", "sex": "F", "pathway": "POLICE", "count": 12},
    {"ethnicity": "7", "sex": "M", "pathway": "HEALTH", "count": 4},
    {"ethnicity": "NK", "sex": "F", "pathway": "POLICE", "count": 30},
]


@pytest.fixture
def area_a_return(provider_a, area_a, period):
    return make_return(provider=provider_a, area=area_a, period=period, cells=CELLS)


def submit_assessment(area, period, by):
    from assurance import services
    from assurance.models import Prompt

    assessment = services.assessment_start(area=area, period=period, by=by)
    answers = {
        p.pk: (f"Internal answer to prompt {p.number}.", "")
        for p in Prompt.objects.filter(standard__edition=assessment.edition, answerable=True)
    }
    services.assessment_answers_save(assessment=assessment, answers=answers, by=by)
    services.assessment_sign_off(assessment=assessment, by=by)
    return services.assessment_submit(assessment=assessment, by=by)


@pytest.fixture
def submitted(area_a, period, commissioner_a, area_a_return):
    return submit_assessment(area_a, period, commissioner_a)


def write_summaries(report, by, words="In plain words: standard {n}."):
    from publication.services import report_summaries_save

    numbers = [s.standard.number for s in report.summaries.select_related("standard")]
    return report_summaries_save(
        report=report, texts={n: words.format(n=n) for n in numbers}, by=by
    )


@pytest.fixture
def ready(area_a, period, commissioner_a, submitted):
    """A draft report for area A with every summary written."""
    from publication.services import report_draft

    report = report_draft(area=area_a, period=period, by=commissioner_a)
    write_summaries(report, commissioner_a)
    return report


@pytest.fixture
def published(ready, commissioner_a):
    from publication.services import report_publish

    return report_publish(report=ready, by=commissioner_a)
