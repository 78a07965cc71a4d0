"""Submitting returns through the API with a provider token: same checks, all-or-nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.services import token_create
from returns.models import Return

pytestmark = pytest.mark.django_db

ROW = {
    "referral_date": "2026-05-01",
    "ethnicity": "W1",
    "sex": "F",
    "age_band": "25-34",
    "disability": "NOT_DISABLED",
    "sexual_orientation": "STRAIGHT",
    "crime_type": "DOMESTIC_ABUSE",
    "referral_pathway": "SELF",
    "outcome": "SUPPORTED_COMPLETED",
}


@pytest.fixture
def token(provider_a, provider_a_user):
    return token_create(provider=provider_a, created_by=provider_a_user, name="Case system")[1]


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_json_rows_accepted_and_listed(client, token, area_a, period):
    rows = [{**ROW, "referral_id": f"R{i}"} for i in range(30)]
    response = client.post(
        "/api/v1/returns/",
        {"area": area_a.code, "period": period.code, "rows": rows},
        content_type="application/json",
        **_auth(token),
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted" and response.json()["version"] == 1
    listed = client.get("/api/v1/returns/", **_auth(token)).json()
    assert listed[0]["total_referrals"] == 30 and listed[0]["area"] == area_a.code


def test_json_rows_with_errors_store_nothing(client, token, area_a, period):
    rows = [{**ROW, "referral_id": "R1"}, {**ROW, "referral_id": "R1", "ethnicity": "Martian"}]
    data = client.post(
        "/api/v1/returns/",
        {"area": area_a.code, "period": period.code, "rows": rows},
        content_type="application/json",
        **_auth(token),
    ).json()
    assert data["status"] == "rejected" and data["error_count"] >= 2
    problems = client.get(f"/api/v1/submissions/{data['id']}/problems/", **_auth(token)).json()
    assert any(p["value"] == "Martian" for p in problems)
    assert not Return.objects.filter(current_version__isnull=False).exists()


def test_file_upload_is_checked_in_the_background(
    client, token, area_a, period, django_capture_on_commit_callbacks
):
    csv = "referral_id,referral_date,ethnicity,sex,age_band,disability,sexual_orientation,crime_type,referral_pathway,outcome\n"
    csv += "".join(
        f"R{i},2026-05-01,W1,F,25-34,NOT_DISABLED,STRAIGHT,DOMESTIC_ABUSE,SELF,SUPPORTED_COMPLETED\n"
        for i in range(25)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/returns/",
            {
                "area": area_a.code,
                "period": period.code,
                "file": SimpleUploadedFile("r.csv", csv.encode()),
            },
            **_auth(token),
        )
    assert response.status_code == 202
    status = client.get(response.json()["status_url"], **_auth(token)).json()
    assert status["status"] == "accepted" and status["row_count"] == 25


def test_queries_then_explanation(client, token, area_a, period):
    rows = [
        {**ROW, "referral_id": f"R{i}", "ethnicity": "Not known" if i % 2 else "W1"}
        for i in range(20)
    ]
    data = client.post(
        "/api/v1/returns/",
        {"area": area_a.code, "period": period.code, "rows": rows},
        content_type="application/json",
        **_auth(token),
    ).json()
    assert data["status"] == "needs_explanation"
    bad = client.post(
        f"/api/v1/submissions/{data['id']}/explanation/",
        {"explanation": "x"},
        content_type="application/json",
        **_auth(token),
    )
    assert bad.status_code == 400
    ok = client.post(
        f"/api/v1/submissions/{data['id']}/explanation/",
        {"explanation": "Half our referrals came from a partner that does not record ethnicity."},
        content_type="application/json",
        **_auth(token),
    )
    assert ok.json()["status"] == "accepted"


def test_token_cannot_reach_another_area_or_provider(client, token, area_b, period, provider_b):
    response = client.post(
        "/api/v1/returns/",
        {"area": area_b.code, "period": period.code, "rows": [ROW]},
        content_type="application/json",
        **_auth(token),
    )
    assert response.status_code == 400 and "not registered" in response.json()["area"][0]
    response = client.post(
        "/api/v1/returns/",
        {"area": area_b.code, "period": period.code, "provider": provider_b.slug, "rows": [ROW]},
        content_type="application/json",
        **_auth(token),
    )
    assert response.status_code == 403


def test_revoked_or_bad_token_is_refused(client, token, provider_a_user):
    assert client.get("/api/v1/returns/", HTTP_AUTHORIZATION="Bearer reach_nope").status_code == 401
    from api.models import ProviderToken
    from api.services import token_revoke

    token_revoke(token=ProviderToken.objects.get())
    assert client.get("/api/v1/returns/", **_auth(token)).status_code == 401


def test_commissioner_cannot_submit(client, commissioner_a, area_a, period):
    client.force_login(commissioner_a)
    response = client.post(
        "/api/v1/returns/",
        {"area": area_a.code, "period": period.code, "rows": [ROW]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Return.objects.exists()


def test_tokens_page_shows_a_new_token_once(client, provider_a_user):
    from tests.pages import fetch

    client.force_login(provider_a_user)
    fetch(client, "/api/tokens/", title_contains="API tokens")
    response = client.post("/api/tokens/", {"name": "Export"})
    html = response.content.decode()
    assert "reach_" in html and "Copy it now" in html
    from assurance.models import AuditEvent

    assert AuditEvent.objects.filter(verb="token_create", actor=provider_a_user).count() == 1
    again = fetch(client, "/api/tokens/").content.decode()
    assert "Copy it now" not in again and "Export" in again


def test_schema_documents_submission(client):
    schema = client.get("/api/schema/").content
    assert b"/api/v1/returns/" in schema and b"/api/v1/submissions/{id}/explanation/" in schema


def test_token_acts_for_its_provider_only_whatever_its_maker_may_do(
    client, provider_a, provider_a_user, area_a, area_b, period
):
    """The token's maker is also commissioner of area B: the token still sees nothing of B."""
    from tests.factories import make_membership, make_provider, make_return

    make_membership(provider_a_user, "commissioner", area=area_b)
    other = make_provider(name="B service", areas=[area_b])
    make_return(
        provider=other, area=area_b, period=period, cells=[{"ethnicity": "13", "count": 50}]
    )
    raw = token_create(provider=provider_a, created_by=provider_a_user, name="Export")[1]
    assert (
        client.get(f"/api/v1/areas/{area_b.code}/representation/", **_auth(raw)).status_code == 404
    )
    assert client.get("/api/v1/returns/", **_auth(raw)).json() == []


def test_token_stops_working_when_its_maker_leaves_the_provider(client, token, provider_a_user):
    provider_a_user.memberships.all().delete()
    response = client.get("/api/v1/returns/", **_auth(token))
    assert response.status_code == 401 and "no longer acts" in response.json()["detail"]
