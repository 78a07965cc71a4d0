"""The audit trail: a record for each kind of action, append-only in the database, and
the assessor's page to search, filter and download it."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.audit import audit
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_records_cannot_be_changed_or_deleted(assessor):
    event = audit(by=assessor, verb="sign_in", target=assessor)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(verb="nothing")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET summary = 'rewritten'")
    event.refresh_from_db()
    assert event.verb == "sign_in"


def test_records_past_the_retention_period_can_be_deleted(assessor):
    from core.models import AUDIT_RETENTION_YEARS

    old = audit(by=assessor, verb="sign_in", target=assessor)
    with connection.cursor() as cursor:
        # Made old by inserting a copy dated long ago (an UPDATE is refused).
        cursor.execute(
            "INSERT INTO core_auditevent (at, actor_label, verb, target, target_type, target_id,"
            " summary, result, channel, user_agent, request) VALUES"
            " (%s, '', 'ancient', 'x', '', '', '', 'success', 'system', '', '')",
            [timezone.now() - datetime.timedelta(days=365 * AUDIT_RETENTION_YEARS + 30)],
        )
    AuditEvent.objects.filter(verb="ancient").delete()
    assert not AuditEvent.objects.filter(verb="ancient").exists()
    assert AuditEvent.objects.filter(pk=old.pk).exists()


def test_each_record_says_who_when_what_from_where_and_the_result(
    client, commissioner_a, area_a, period
):
    client.force_login(commissioner_a)
    client.get(
        f"/returns/status/{area_a.slug}/",
        HTTP_USER_AGENT="Test browser",
        REMOTE_ADDR="203.0.113.9",
    )
    event = AuditEvent.objects.filter(verb="figures_view").latest("pk")
    assert event.actor == commissioner_a and event.ip_address == "203.0.113.9"
    assert event.user_agent == "Test browser" and event.request.startswith("GET /returns/status/")
    assert event.result in ("success", "refused") and event.channel == "web"


@pytest.mark.parametrize("password", ["wrong", "correct horse battery staple"])
def test_sign_ins_and_failures_are_recorded(client, commissioner_a, password):
    client.post("/account/sign-in/", {"username": commissioner_a.username, "password": password})
    verb = "sign_in" if password != "wrong" else "sign_in_failed"
    event = AuditEvent.objects.get(verb=verb)
    assert event.actor == commissioner_a
    assert event.result == ("success" if verb == "sign_in" else "failure")


def test_views_exports_api_calls_and_refusals_are_recorded(
    client, provider_a_user, commissioner_b, area_a, period
):
    from tests.factories import make_return

    make_return(
        provider=provider_a_user.memberships.get().provider,
        area=area_a,
        period=period,
        cells=[{"ethnicity": "13", "count": 12}],
    )
    client.force_login(provider_a_user)
    client.get(f"/figures/areas/{area_a.slug}/")
    client.get(f"/figures/areas/{area_a.slug}/?download=representation&format=csv")
    client.get("/api/v1/returns/")
    client.force_login(commissioner_b)
    client.get(f"/figures/areas/{area_a.slug}/")  # out of scope: 404, not recorded as a view
    client.get("/returns/")  # a role that may not: 403
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"figures_view", "api_call", "access_refused"} <= verbs
    exports = AuditEvent.objects.filter(verb="export", actor=provider_a_user)
    assert exports.exists() or not client.get(
        f"/figures/areas/{area_a.slug}/?download=representation&format=csv"
    ).has_header("Content-Disposition")


def test_api_token_calls_are_recorded_with_the_token(client, provider_a_user):
    from api.services import token_create

    _, raw = token_create(
        provider=provider_a_user.memberships.get().provider,
        created_by=provider_a_user,
        name="Case system",
    )
    client.get("/api/v1/returns/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.get("/api/v1/returns/", HTTP_AUTHORIZATION="Bearer nonsense")
    calls = list(AuditEvent.objects.filter(verb="api_call").order_by("pk"))
    assert (
        calls[0].actor == provider_a_user
        and calls[0].result == "success"
        and "token" in calls[0].summary
    )
    assert calls[1].actor is None and calls[1].result == "refused" and calls[1].channel == "api"


def test_the_assessor_searches_filters_and_downloads(client, assessor, commissioner_a):
    audit(
        by=commissioner_a,
        verb="challenge_respond",
        target="Challenge to West Midlands",
        summary="A survey",
    )
    audit(by=assessor, verb="assessment_rate", target="Rating", summary="Met")
    client.force_login(assessor)
    page = client.get("/audit/", {"who": "commissioner.a", "q": "survey"}).content.decode()
    assert "<strong>Challenge answered</strong>" in page
    assert "<strong>Standard rated</strong>" not in page
    bad = client.get("/audit/", {"start": "2026-09-30", "end": "2026-04-01"})
    assert bad.status_code == 400 and "on or after the start date" in bad.content.decode()
    download = client.get("/audit/", {"verb": "assessment_rate", "download": "csv"})
    assert download["Content-Disposition"].startswith('attachment; filename="reach-audit-')
    body = download.content.decode("utf-8-sig")
    assert "Standard rated" in body and "Challenge answered" not in body
    assert "no-store" in download["Cache-Control"]
    assert AuditEvent.objects.filter(verb="export", actor=assessor).exists()


def test_only_the_assessor_reads_the_audit_trail(client, commissioner_a):
    client.force_login(commissioner_a)
    assert client.get("/audit/").status_code == 403
    assert AuditEvent.objects.visible_to(commissioner_a).count() == 0
