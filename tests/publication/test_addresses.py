"""Every report has an address of its own: the form says so, and the database holds to it."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assurance.workflow import Refused
from publication.models import PublishedReport
from publication.services import ADDRESS_TAKEN, report_draft
from tests.factories import make_period, make_user

pytestmark = pytest.mark.django_db


def start_url(area, period):
    return f"/publishing/{area.slug}/{period.code}/start/"


def test_the_first_revision_takes_the_address_offered(client, commissioner_a, area_a, period):
    client.force_login(commissioner_a)
    page = client.get(f"/publishing/{area_a.slug}/{period.code}/").content.decode()
    assert f'value="{area_a.slug}-{period.code.lower()}"' in page
    assert client.post(start_url(area_a, period), {}).status_code == 302
    assert PublishedReport.objects.get(area=area_a).slug == f"{area_a.slug}-{period.code.lower()}"


def test_the_commissioner_may_choose_the_address(client, commissioner_a, area_a, period):
    client.force_login(commissioner_a)
    response = client.post(start_url(area_a, period), {"address": "west-midlands-first-half"})
    assert response.status_code == 302
    report = PublishedReport.objects.get(area=area_a)
    assert report.slug == "west-midlands-first-half"
    # A later revision keeps it, whatever is posted.
    again = report_draft(area=area_a, period=period, by=commissioner_a)
    assert again.pk == report.pk


def test_an_address_another_report_has_is_refused_with_a_clear_message(
    client, commissioner_a, commissioner_b, area_a, area_b, period
):
    taken = report_draft(area=area_b, period=period, by=commissioner_b)
    client.force_login(commissioner_a)
    response = client.post(start_url(area_a, period), {"address": taken.slug})
    assert response.status_code == 400
    page = response.content.decode()
    assert ADDRESS_TAKEN in page
    assert "govuk-error-summary" in page
    assert not PublishedReport.objects.filter(area=area_a).exists()


def test_an_address_that_is_not_a_slug_says_what_is_allowed(client, commissioner_a, area_a, period):
    client.force_login(commissioner_a)
    response = client.post(start_url(area_a, period), {"address": "West Midlands!"})
    assert response.status_code == 400
    assert "lower-case letters, numbers and hyphens" in response.content.decode()
    assert not PublishedReport.objects.exists()


def test_the_service_refuses_an_address_already_taken(
    commissioner_a, commissioner_b, area_a, area_b, period
):
    taken = report_draft(area=area_b, period=period, by=commissioner_b)
    with pytest.raises(Refused, match="already exists"):
        report_draft(area=area_a, period=period, by=commissioner_a, address=taken.slug)
    assert not PublishedReport.objects.filter(area=area_a).exists()


def test_the_database_refuses_two_reports_at_one_address(area_a, area_b, period):
    PublishedReport.objects.create(area=area_a, period=period, slug="one-address")
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedReport.objects.create(area=area_b, period=period, slug="one-address")


def test_the_migration_gives_each_report_of_a_shared_address_its_own(area_a, area_b, period):
    """Reports made before the constraint may share an address; the migration keeps the
    address for the one published first and moves every revision of the others."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("publication.migrations.0002_report_address_and_files")
    # Revision numbers that the constraint allows, at one shared address: area A's draft
    # was started first, but area B's report was published, so B keeps the address.
    by, now = make_user("publisher@example.org"), timezone.now()
    moved = PublishedReport.objects.create(area=area_a, period=period, slug="shared", revision=1)
    kept = [
        PublishedReport.objects.create(
            area=area_b,
            period=period,
            slug="shared",
            revision=2,
            status=PublishedReport.Status.SUPERSEDED,
            published_at=now,
            published_by=by,
            first_published_at=now,
        ),
        PublishedReport.objects.create(area=area_b, period=period, slug="shared", revision=3),
    ]
    other_period = make_period(2025, "H2")
    PublishedReport.objects.create(area=area_a, period=other_period, slug="shared-2", revision=9)
    migration.separate_shared_addresses(apps, None)
    for report in [moved, *kept]:
        report.refresh_from_db()
    assert [r.slug for r in kept] == ["shared", "shared"]
    assert moved.slug == "shared-3"  # "shared-2" was already another report's
    assert PublishedReport.objects.count() == 4
    assert PublishedReport.objects.get(revision=9).slug == "shared-2"
