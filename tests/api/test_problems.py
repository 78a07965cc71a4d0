"""Every refusal is an RFC 9457 problem naming what is wrong, and the schema lists it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.problems import field_errors
from api.services import token_create
from tests.api.test_returns import ROW

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
ROWS = [{**ROW, "referral_id": f"R{i}"} for i in range(3)]


@pytest.fixture
def auth(provider_a, provider_a_user):
    raw = token_create(provider=provider_a, created_by=provider_a_user, name="Case system")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client, auth, body, url="/api/v1/returns/"):
    return client.post(url, json.dumps(body), content_type="application/json", **auth)


def test_unknown_fields_are_refused_by_name(client, auth, area_a, period):
    response = _post(
        client, auth, {"area": area_a.code, "period": period.code, "rows": ROWS, "colour": 1}
    )
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == "about:blank" and problem["title"] == "Bad Request"
    assert problem["status"] == 400 and problem["detail"].startswith("colour: ")
    assert list(problem["errors"]) == ["colour"]
    assert "Send only: area, period, provider, rows." in problem["errors"]["colour"][0]


def test_ill_typed_fields_are_refused_not_coerced(client, auth, area_a, period):
    response = _post(client, auth, {"area": 23000014, "period": period.code, "rows": ROWS})
    assert response.status_code == 400
    assert response.json()["errors"] == {"area": ["Send text (a JSON string) here."]}
    response = _post(client, auth, {"area": "e23", "period": "2026", "rows": ROWS})
    assert set(response.json()["errors"]) == {"area", "period"}
    assert "such as E23000014" in response.json()["errors"]["area"][0]
    response = _post(client, auth, {"area": area_a.code, "period": f"{period.code}\n", "rows": []})
    assert response.status_code == 400 and "period" in response.json()["errors"]


def test_a_cell_holding_a_list_or_object_is_refused_with_its_place(client, auth, area_a, period):
    rows = [ROW, {**ROW, "ethnicity": {"code": "W1"}}]
    response = _post(client, auth, {"area": area_a.code, "period": period.code, "rows": rows})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "rows.1.ethnicity": ["A cell holds text, a number, true or false, or null."]
    }


def test_a_file_upload_refuses_unknown_fields_and_rows(client, auth, area_a, period):
    upload = SimpleUploadedFile("r.csv", b"referral_id\nR1\n", content_type="text/csv")
    response = client.post(
        "/api/v1/returns/",
        {"area": area_a.code, "period": period.code, "file": upload, "rows": "[]"},
        **auth,
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["rows"]


def test_a_schema_valid_request_reach_cannot_take_is_422(client, auth, area_a, period):
    response = _post(client, auth, {"area": area_a.code, "period": "2031-32-H2", "rows": ROWS})
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Unprocessable Content"
    assert "2031-32-H2" in response.json()["errors"]["period"][0]
    empty = SimpleUploadedFile("r.csv", b"", content_type="text/csv")
    response = client.post(
        "/api/v1/returns/", {"area": area_a.code, "period": period.code, "file": empty}, **auth
    )
    assert response.status_code == 422 and "empty" in response.json()["errors"]["file"][0]


def test_a_file_over_the_upload_limit_is_413(client, auth, area_a, period, settings):
    settings.MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("r.csv", b"x" * 101, content_type="text/csv")
    response = client.post(
        "/api/v1/returns/", {"area": area_a.code, "period": period.code, "file": upload}, **auth
    )
    assert response.status_code == 413 and response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Content Too Large"


def test_confirm_refuses_unknown_fields_and_null_characters(client, auth, area_a, period):
    checked = _post(client, auth, {"area": area_a.code, "period": period.code, "rows": ROWS})
    url = checked.json()["confirm_url"]
    response = _post(client, auth, {"explain": "typo"}, url)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["explain"]
    response = _post(client, auth, {"explanation": "a\x00b"}, url)
    assert response.status_code == 400 and "null" in response.json()["errors"]["explanation"][0]
    response = _post(client, auth, [1, 2], url)
    assert response.status_code == 400 and "JSON object" in response.json()["errors"]["request"][0]


def test_an_unknown_severity_is_refused(client, auth, area_a, period):
    checked = _post(client, auth, {"area": area_a.code, "period": period.code, "rows": ROWS})
    url = f"/api/v1/submissions/{checked.json()['id']}/problems/"
    assert client.get(url, {"severity": "query"}, **auth).status_code == 200
    response = client.get(url, {"severity": "fatal"}, **auth)
    assert (
        response.status_code == 400
        and "error, query, note" in response.json()["errors"]["severity"][0]
    )


def test_a_conflict_is_a_problem(client, auth, area_a, period):
    checked = _post(client, auth, {"area": area_a.code, "period": period.code, "rows": ROWS})
    url = checked.json()["confirm_url"]
    assert _post(client, auth, {}, url).status_code == 200
    again = _post(client, auth, {}, url)
    assert again.status_code == 409 and again["Content-Type"] == PROBLEM
    assert again.json()["title"] == "Conflict" and "already been sent" in again.json()["detail"]


def test_an_authorization_header_that_is_not_a_bearer_token_is_refused(client, provider_a_user):
    """Even beside a valid session: credentials that cannot be read are never passed over."""
    client.force_login(provider_a_user)
    assert client.get("/api/v1/returns/").status_code == 200
    response = client.get("/api/v1/returns/", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.status_code == 401 and response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Bearer reach_" in response.json()["detail"]


def test_every_refusal_in_the_schema_has_the_problem_body(client):
    spec = client.get("/api/schema/", {"format": "json"}).json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert len(operations) >= 8
    for op in operations:
        codes = set(op["responses"])
        assert "406" in codes, op["operationId"]
        # Operations that read credentials refuse bad ones; the public ones read none.
        if any(requirement for requirement in op.get("security", [])):
            assert "401" in codes, op["operationId"]
        else:
            assert "401" not in codes, op["operationId"]
        for code, answer in op["responses"].items():
            if code.startswith("4"):
                assert list(answer["content"]) == [PROBLEM], (op["operationId"], code)
                assert answer["description"], (op["operationId"], code)
        if "requestBody" in op:
            assert {"400", "413", "415"} <= codes, op["operationId"]
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            assert "404" in codes, op["operationId"]
    # Only the public API is limited per address; elsewhere a 429 cannot happen, so it is not said.
    for path, operations in spec["paths"].items():
        limited = path.startswith("/api/v1/published/")
        for op in operations.values():
            assert ("429" in op["responses"]) == limited, (path, op["operationId"])
    schemes = spec["components"]["securitySchemes"]
    assert schemes["providerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["providerToken"]["description"],
    }


def test_the_submission_links_lead_to_reading_and_confirming_it(client):
    spec = client.get("/api/schema/", {"format": "json"}).json()
    submit = spec["paths"]["/api/v1/returns/"]["post"]
    for code in ("200", "202"):
        links = submit["responses"][code]["links"]
        assert links["ConfirmSubmission"] == {
            "operationId": "v1_submissions_confirm_create",
            "parameters": {"id": "$response.body#/id"},
        }
        assert set(links) == {
            "ReadSubmission", "ListProblems", "ConfirmSubmission", "DiscardSubmission"
        }  # fmt: skip


def test_field_errors_flatten_drf_details():
    assert field_errors({"rows": {3: {"sex": ["Bad."]}}, "non_field_errors": ["Whole."]}) == {
        "rows.3.sex": ["Bad."],
        "request": ["Whole."],
    }
    assert field_errors({"items": [{}, {"a": ["No."]}]}) == {"items.1.a": ["No."]}
    assert field_errors(["Just this."]) == {"request": ["Just this."]}


def test_a_browser_asking_for_html_gets_the_browsable_page_not_a_mislabelled_problem(client):
    response = client.get("/api/v1/returns/", HTTP_ACCEPT="text/html")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("text/html")
    assert client.get("/api/v1/returns/")["Content-Type"] == PROBLEM
