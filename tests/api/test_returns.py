"""Submitting returns through the API with a provider token: same checks, all-or-nothing,
stored only when confirmed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.services import token_create
from returns.models import Return, Submission
from tests.returns.exports import EXPORTS

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
    checked = response.json()
    assert checked["status"] == "to_confirm" and checked["version"] is None
    assert checked["if_confirmed"] == "current" and checked["expires_at"]
    groups = {r["label"]: (r["old"], r["new"]) for r in checked["comparison"][1]["rows"]}
    assert groups["White"] == (None, 30)
    assert client.get("/api/v1/returns/", **_auth(token)).json()[0]["version"] is None
    sent = client.post(checked["confirm_url"], {}, content_type="application/json", **_auth(token))
    assert sent.status_code == 200, sent.json()
    assert sent.json()["status"] == "submitted" and sent.json()["version"]["number"] == 1
    assert sent.json()["version"]["counts"] is True
    listed = client.get("/api/v1/returns/", **_auth(token)).json()
    assert listed[0]["total_referrals"] == 30 and listed[0]["area"] == area_a.code
    assert listed[0]["due_date"] == "2026-10-31"
    again = client.post(checked["confirm_url"], {}, content_type="application/json", **_auth(token))
    assert again.status_code == 409 and "already been sent" in again.json()["detail"]


def test_json_rows_with_errors_store_nothing(client, token, area_a, period):
    rows = [
        {**ROW, "referral_id": "R1"},
        {**ROW, "referral_id": "R1", "ethnicity": "Blak Caribean"},
    ]
    data = client.post(
        "/api/v1/returns/",
        {"area": area_a.code, "period": period.code, "rows": rows},
        content_type="application/json",
        **_auth(token),
    ).json()
    assert data["status"] == "rejected" and data["error_count"] >= 2
    problems = client.get(f"/api/v1/submissions/{data['id']}/problems/", **_auth(token)).json()
    assert any(p["value"] == "Blak Caribean" for p in problems)
    confirm = client.post(f"/api/v1/submissions/{data['id']}/confirm/", {},
                          content_type="application/json", **_auth(token))  # fmt: skip
    assert confirm.status_code == 409 and "problems to fix" in confirm.json()["detail"]
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
    assert status["status"] == "to_confirm" and status["row_count"] == 25


def test_queries_need_an_explanation_and_then_the_commissioner(client, token, area_a, period):
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
    assert data["status"] == "to_confirm" and data["if_confirmed"] == "awaiting"
    assert [q["code"] for q in data["queries"]] == ["ethnicity_coverage_low"]
    bad = client.post(data["confirm_url"], {"explanation": "x"}, content_type="application/json",
                      **_auth(token))  # fmt: skip
    assert bad.status_code == 422
    assert "Explain each query" in bad.json()["errors"]["explanation"][0]
    ok = client.post(
        data["confirm_url"],
        {"explanation": "Half our referrals came from a partner that does not record ethnicity."},
        content_type="application/json",
        **_auth(token),
    ).json()
    assert ok["status"] == "submitted" and ok["version"]["status"] == "awaiting"
    assert ok["version"]["counts"] is False
    assert client.get("/api/v1/returns/", **_auth(token)).json()[0]["awaiting_acceptance"] == 1


def test_an_unconfirmed_submission_expires(client, token, area_a, period):
    import datetime

    from django.utils import timezone

    from returns.models import Submission
    from returns.services import submissions_sweep

    rows = [{**ROW, "referral_id": "R1"}]
    data = client.post("/api/v1/returns/", {"area": area_a.code, "period": period.code, "rows": rows},
                       content_type="application/json", **_auth(token)).json()  # fmt: skip
    submissions_sweep(now=timezone.now() + datetime.timedelta(days=8))
    assert Submission.objects.get().status == "expired"
    late = client.post(data["confirm_url"], {}, content_type="application/json", **_auth(token))
    assert late.status_code == 409 and "not confirmed in time" in late.json()["detail"]


def test_discard(client, token, area_a, period):
    rows = [{**ROW, "referral_id": "R1"}]
    data = client.post("/api/v1/returns/", {"area": area_a.code, "period": period.code, "rows": rows},
                       content_type="application/json", **_auth(token)).json()  # fmt: skip
    gone = client.post(f"/api/v1/submissions/{data['id']}/discard/", **_auth(token))
    assert gone.status_code == 200 and gone.json()["status"] == "discarded"
    assert client.post(data["confirm_url"], {}, content_type="application/json",
                       **_auth(token)).status_code == 409  # fmt: skip
    assert not Return.objects.filter(current_version__isnull=False).exists()


@pytest.mark.parametrize("depth", [9, 5000, 100_000])
def test_deeply_nested_json_is_a_bad_request_saying_why(client, token, area_a, period, depth):
    body = '{"area": "' + area_a.code + '", "rows": ' + "[" * depth + "]" * depth + "}"
    response = client.post(
        "/api/v1/returns/", body, content_type="application/json", **_auth(token)
    )
    assert response.status_code == 400
    assert "nested more than 8 levels deep" in response.json()["detail"]
    assert not Submission.objects.exists()


def test_brackets_inside_values_are_not_nesting(client, token, area_a, period):
    rows = [{**ROW, "referral_id": '[[[[[[[[[[[{{{{{{{{{{\\"', "outcome": "]]]]"}]
    response = client.post("/api/v1/returns/", {"area": area_a.code, "period": period.code,
                           "rows": rows}, content_type="application/json", **_auth(token))  # fmt: skip
    assert response.status_code == 200  # read, then judged on its values
    assert "unknown_code" in {p["code"] for p in response.json()["problems"]}


def test_json_rows_have_a_files_width_limits(client, token, area_a, period):
    wide = [{**ROW, "referral_id": "R1", **{f"extra {i}": "x" for i in range(300)}}]
    response = client.post("/api/v1/returns/", {"area": area_a.code, "period": period.code,
                           "rows": wide}, content_type="application/json", **_auth(token))  # fmt: skip
    problems = response.json()["problems"]
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert "more than 300 columns" in problems[0]["examples"][0]["message"]


@pytest.mark.parametrize("value", [["7"], {"code": "7"}])
def test_a_json_value_is_one_cell_never_a_list_or_object(client, token, area_a, period, value):
    rows = [{**ROW, "referral_id": "R1"}, {**ROW, "referral_id": "R2", "ethnicity": value}]
    response = client.post("/api/v1/returns/", {"area": area_a.code, "period": period.code,
                           "rows": rows}, content_type="application/json", **_auth(token))  # fmt: skip
    data = response.json()
    assert response.status_code == 400, data  # refused against the schema, naming the cell
    assert list(data["errors"]) == ["rows.1.ethnicity"]


def test_the_providers_mapping_is_applied_to_api_files_and_rows(
    client, token, provider_a, provider_a_user, area_a, period
):
    from returns.services.mappings import mapping_save

    mapping_save(
        provider=provider_a,
        rules=[
            {"kind": "heading", "field": "", "source": "Keyworker Ref", "target": "referral_id"},
            {"kind": "value", "field": "crime_type", "source": "Hate crime", "target": "HATE_RACE"},
        ],
        by=provider_a_user,
    )
    rows = [
        {**{k: v for k, v in ROW.items()}, "Keyworker Ref": f"K{i}", "crime_type": "Hate crime"}
        for i in range(4)
    ]
    data = client.post("/api/v1/returns/", {"area": area_a.code, "period": period.code, "rows": rows},
                       content_type="application/json", **_auth(token)).json()  # fmt: skip
    assert data["status"] == "to_confirm", data["problems"]
    assert "mapping_applied" in [n["code"] for n in data["notes"]]
    crimes = {r["label"]: r["new"] for r in data["comparison"][2]["rows"]}
    assert crimes == {"Hate crime: race": 4}


def test_token_cannot_reach_another_area_or_provider(client, token, area_b, period, provider_b):
    response = client.post(
        "/api/v1/returns/",
        {"area": area_b.code, "period": period.code, "rows": [ROW]},
        content_type="application/json",
        **_auth(token),
    )
    assert response.status_code == 422
    assert "not registered" in response.json()["errors"]["area"][0]
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
    assert b"/api/v1/returns/" in schema and b"/api/v1/submissions/{id}/confirm/" in schema
    spec = client.get("/api/schema/", {"format": "json"}).json()
    confirm = spec["paths"]["/api/v1/submissions/{id}/confirm/"]["post"]
    assert set(confirm["responses"]) == {
        "200", "400", "401", "403", "404", "406", "409", "413", "415", "422"
    }  # fmt: skip
    assert "requestBody" in confirm
    refusal = confirm["responses"]["422"]["content"]["application/problem+json"]["schema"]
    assert refusal == {"$ref": "#/components/schemas/FieldProblemDetails"}
    body = spec["components"]["schemas"]["Confirm"]
    assert body["additionalProperties"] is False


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


@pytest.mark.parametrize("kind", EXPORTS)
def test_exports_from_other_systems_go_in_through_the_api_and_count_exactly(
    client, token, area_a, period, kind, django_capture_on_commit_callbacks
):
    from collections import Counter

    from django.db.models import Sum

    from returns.models import CubeCell

    data, name, expected = EXPORTS[kind]()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/returns/",
            {"area": area_a.code, "period": period.code, "file": SimpleUploadedFile(name, data)},
            **_auth(token),
        )
    assert response.status_code == 202
    checked = client.get(response.json()["status_url"], **_auth(token)).json()
    assert checked["status"] == "to_confirm", checked["problems"]
    explanation = "These are the figures our case system holds for the period."
    sent = client.post(checked["confirm_url"], {"explanation": explanation},
                       content_type="application/json", **_auth(token)).json()  # fmt: skip
    version = Return.objects.get().versions.get(number=sent["version"]["number"])
    counts = Counter(
        {
            row["ethnicity__code"]: row["n"]
            for row in CubeCell.objects.filter(version=version)
            .values("ethnicity__code")
            .annotate(n=Sum("count"))
        }
    )
    assert counts == expected


def test_records_too_large_to_read_at_once_are_refused_in_words(client, token, area_a, period):
    import json

    rows = [{"referral_id": f"R{i}", "pad": "x" * 200} for i in range(50_000)]
    body = json.dumps({"area": area_a.code, "period": period.code, "rows": rows})
    response = client.post(
        "/api/v1/returns/", body, content_type="application/json", **_auth(token)
    )
    assert response.status_code == 413
    message = response.json()["detail"]
    assert "Reach reads up to 10 MB of records at once" in message and "up to 50 MB" in message
