"""Fixtures of the report tests: the standards loaded once, and an area with returns and a
whole assurance cycle built through the services (docs/architecture.md: multi-model
set-ups go through services)."""

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from tests.factories import make_return

# Area A's cube (tests check the document against these): West Midlands, 2026-27 H1.
CELLS = [
    {"ethnicity": "13", "outcome": "SUPPORTED_COMPLETED", "pathway": "POLICE", "count": 700},
    {"ethnicity": "13", "outcome": "SUPPORTED_DISENGAGED", "pathway": "SELF", "count": 100},
    {"ethnicity": "4", "outcome": "SUPPORTED_COMPLETED", "pathway": "SELF", "count": 90},
    {"ethnicity": "6", "outcome": "SUPPORTED_DISENGAGED", "pathway": "POLICE", "count": 12},
    {"ethnicity": "7", "outcome": "SUPPORTED_COMPLETED", "pathway": "HEALTH", "count": 5},
    {"ethnicity": "NK", "outcome": "NO_CONTACT", "pathway": "POLICE", "count": 30},
]
BLACK = 12 + 5  # African and Caribbean
# An answer someone typed to run a formula on the computer of whoever opens the file.
FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def area_a_return(provider_a, area_a, period):
    return make_return(provider=provider_a, area=area_a, period=period, cells=CELLS)


def answer_everything(assessment, by):
    from assurance import services
    from assurance.models import Prompt

    answers = {}
    for p in Prompt.objects.filter(standard__edition=assessment.edition, answerable=True):
        text = f"Our answer to prompt {p.number} of standard {p.standard.number}."
        if (p.standard.number, p.number) == (3, "1"):
            text = FORMULA
        answers[p.pk] = (text, "https://example.org/evidence")
    services.assessment_answers_save(assessment=assessment, answers=answers, by=by)


@pytest.fixture
def draft(area_a, period, commissioner_a):
    from assurance import services

    assessment = services.assessment_start(area=area_a, period=period, by=commissioner_a)
    answer_everything(assessment, commissioner_a)
    return assessment


@pytest.fixture
def submitted(draft, commissioner_a, assessor, provider_a, provider_a_user, area_a, period):
    """Area A's cycle: submitted, rated, challenged, an overdue action, evidence recorded."""
    from assurance import services
    from assurance.models import QualityStandard
    from reference.models import EthnicGroup

    services.assessment_sign_off(assessment=draft, by=commissioner_a)
    assessment = services.assessment_submit(assessment=draft, by=commissioner_a)
    qs1 = QualityStandard.objects.get(edition=assessment.edition, number=1)
    services.assessment_rate(
        assessment=assessment,
        standard=qs1,
        rating="partly_met",
        comment="More on engagement.",
        by=assessor,
    )
    services.challenge_raise(area=area_a, text="Explain the Black African gap.", by=assessor)
    services.action_add(
        area=area_a,
        description="Translate the leaflet into Somali",
        owner="OPCC",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
        by=commissioner_a,
    )
    groups = dict(EthnicGroup.objects.values_list("code", "pk"))
    services.workforce_record(
        area=area_a,
        period=period,
        counts={
            (groups["13"], "senior"): 4,
            (groups["13"], "other"): 11,
            (groups["4"], "other"): 2,
        },
        by=commissioner_a,
    )
    services.engagement_record(
        area=area_a,
        by=commissioner_a,
        kind="forum",
        title="Black-led victims' forum",
        held_on=datetime.date(2026, 6, 12),
        face_to_face=True,
        communities="Black African",
        what_was_said="Services seemed part of the police.",
    )
    services.outreach_record(
        area=area_a,
        by=provider_a_user,
        provider=provider_a,
        held_on=datetime.date(2026, 7, 3),
        channel="faith_setting",
        description="Talk after Friday prayers",
        communities="Pakistani",
        people_reached=120,
        message_independent=True,
    )
    services.awareness_record(
        area=area_a,
        period=period,
        by=commissioner_a,
        group=None,
        measure="Aware of victims' services",
        value_percent=41.5,
        base=800,
        source="Police and Crime Survey",
    )
    return assessment


def make_request(*, area, period, user, assessment=None, fmt="pdf", **fields):
    from reports.models import ReportRequest

    return ReportRequest.objects.create(
        id=uuid.uuid4(),
        area=area,
        period=period,
        assessment=assessment,
        format=fmt,
        requested_by=user,
        **fields,
    )


def gathered(request):
    from reports.content import gather

    return gather(request)


def pdf_text(pdf: bytes) -> str:
    """The text of an uncompressed reportlab PDF, line by line: each line's strings joined.

    Enough to find words without a PDF reader (pypdf is not a dependency): reportlab
    writes each run of one font as "(…) Tj", Windows-1252 with octal escapes.
    """
    lines = []
    for line in pdf.split(b"\n"):
        if b" Tj" not in line:
            continue
        strings = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", line)
        lines.append(b"".join(_unescape(s) for s in strings).decode("cp1252", "replace"))
    return "\n".join(lines)


def _unescape(raw: bytes) -> bytes:
    return re.sub(
        rb"\\([0-7]{1,3}|.)",
        lambda m: bytes([int(m[1], 8)]) if m[1][:1].isdigit() else m[1],
        raw,
    )
