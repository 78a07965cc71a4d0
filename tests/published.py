"""Published reports for tests: figures for area A, and reports made from them in any state."""

import pytest
from django.utils import timezone

import disclosure
from tests.factories import make_period, make_provider, make_return, make_user

CELLS = [
    {"ethnicity": "13", "outcome": "SUPPORTED_COMPLETED", "pathway": "POLICE", "sex": "F", "count": 700},
    {"ethnicity": "13", "outcome": "SUPPORTED_DISENGAGED", "pathway": "SELF", "sex": "M", "count": 100},
    {"ethnicity": "7", "outcome": "SUPPORTED_DISENGAGED", "pathway": "POLICE", "sex": "F", "count": 3},
    {"ethnicity": "3", "outcome": "SUPPORTED_COMPLETED", "pathway": "POLICE", "sex": "M", "count": 60},
    {"ethnicity": "4", "outcome": "SUPPORTED_COMPLETED", "pathway": "SELF", "sex": "F", "count": 12},
    {"ethnicity": "NK", "outcome": "SUPPORTED_COMPLETED", "pathway": "POLICE", "sex": "F", "count": 41},
]  # fmt: skip


def publish(area, period, status="published"):
    from publication.models import PublishedReport

    by = make_user(f"publisher.{area.pk}.{period.pk}.{status}@example.org")
    now = timezone.now()
    fields = {}
    if status != "draft":
        fields = {"published_at": now, "published_by": by, "first_published_at": now}
    if status == "withdrawn":
        fields |= {"withdrawn_at": now, "withdrawn_by": by, "withdrawn_reason": "A mistake."}
    return PublishedReport.objects.create(
        area=area,
        period=period,
        slug=f"{area.slug}-{period.code.lower()}",
        status=status,
        tables=disclosure.snapshot(disclosure.public_tables(area, period))
        if status != "draft"
        else [],
        **fields,
    )


@pytest.fixture
def figures(area_a, period):
    provider = make_provider(name="Open Data Victim Care", areas=[area_a])
    earlier = make_period(2025, "H2")
    make_return(provider=provider, area=area_a, period=earlier, cells=CELLS[:4])
    make_return(provider=provider, area=area_a, period=period, cells=CELLS)
    return provider


@pytest.fixture
def live_report(figures, area_a, period):
    return publish(area_a, period)
