"""The API keeps the promise its OpenAPI schema makes, checked by schemathesis against a
live server: every operation in the schema (new ones are found, not listed here), every
check (status codes, content types, response schemas and headers, requests that break
the schema refused, requests that match it taken or refused with a documented code,
authentication not ignored), then the links between operations (submit, read, confirm).

Twice: with a provider's token, and with an assessor's browser session (cookie and CSRF
token). The settings are schemathesis.toml's, with the same examples on every run;
REACH_API_EXAMPLES asks for that many new ones an operation instead (`make fuzz-api`).
"""

import os
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from schemathesis.config import SchemathesisConfig

from api.services import token_create
from tests.api.live import api_server
from tests.api.test_returns import ROW
from tests.factories import make_return

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("REACH_API_EXAMPLES", "0")) or None

CELLS = [
    {"ethnicity": "13", "sex": "F", "count": 12},
    {"ethnicity": "1", "sex": "M", "count": 300},
]

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _config() -> SchemathesisConfig:
    config = SchemathesisConfig.from_path(ROOT / "schemathesis.toml")
    if EXAMPLES:  # a long pass: new examples every run
        config.projects.get_default().generation.update(max_examples=EXAMPLES, deterministic=False)
    return config


@pytest.fixture
def world(settings, provider_a, provider_a_user, assessor, area_a, period):
    """A provider of area A with a return that counts, its token, and an assessor."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    make_return(provider=provider_a, area=area_a, period=period, cells=CELLS)
    token = token_create(provider=provider_a, created_by=provider_a_user, name="Case system")[1]
    return {"token": token, "assessor": assessor, "area": area_a, "period": period}


def _session_headers(user) -> dict[str, str]:
    """An assessor signed in through a browser: the session cookie and the CSRF token."""
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    return {"Cookie": cookies, "X-CSRFToken": csrf}


@pytest.fixture
def provider_token(world):
    return {"Authorization": f"Bearer {world['token']}"}


@pytest.fixture
def assessor_session(world):
    return _session_headers(world["assessor"])


ROLES = ["provider_token", "assessor_session"]


@pytest.fixture
def base_url(world):
    with api_server() as url:
        yield url


def _spec() -> dict:
    """The schema /api/schema/ serves, made the same way (test_the_served_schema_is_this_one)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


SPEC = _spec()
schema = schemathesis.openapi.from_dict(SPEC, config=_config())


def test_the_served_schema_is_this_one(client):
    assert client.get("/api/schema/", {"format": "json"}).json() == SPEC
    operations = [op for op in schema.get_all_operations()]
    assert len(operations) >= 8


# The fixtures hold the server and the credentials, the same for every example; each
# request is served in full before the next, so an example cannot leak into another
# except through the data the API keeps, which is what a case system meets too.
RELAXED = hypothesis.settings(
    deadline=None, suppress_health_check=list(hypothesis.HealthCheck), database=None
)


@schema.parametrize()
@RELAXED
def test_every_operation_keeps_the_schema_with_a_provider_token(case, provider_token, base_url):
    case.call_and_validate(base_url=base_url, headers=provider_token)


@schema.parametrize()
@RELAXED
def test_every_operation_keeps_the_schema_with_an_assessor_session(
    case, assessor_session, base_url
):
    case.call_and_validate(base_url=base_url, headers=assessor_session)


@pytest.mark.parametrize("role", ROLES)
def test_linked_operations_keep_the_schema(request, role, base_url, world):
    """Submit, then follow the links: read the submission, its problems, confirm or
    discard it. Records sent as JSON are steered to the provider's own area and period,
    well formed, so the chain goes on past a 422 (files are left as drawn): the test fails
    unless it submits, reads what it submitted through the links, and tries to confirm.
    Which confirmations succeed depends on the draws; the ordinary tests cover that."""
    credentials = request.getfixturevalue(role)
    answered = set()
    area, period = world["area"].code, world["period"].code

    class Workflow(schema.as_state_machine()):
        def _steered(self, case):
            """The body to send instead of the drawn one, for records sent as JSON."""
            body = case.body
            if (
                case.operation.path == "/api/v1/returns/"
                and case.method == "POST"
                and isinstance(body, dict)
                and "rows" in body
            ):
                rows = body["rows"] if isinstance(body["rows"], list) else []
                return {
                    **body,
                    "area": area,
                    "period": period,
                    "rows": [{**ROW, "referral_id": f"R{i}"} for i in range(len(rows) + 1)],
                }
            return None

        def get_call_kwargs(self, case):
            kwargs = {"base_url": base_url, "headers": credentials}
            # Sent as the caller's own body, so schemathesis knows a body drawn to break the
            # schema never reached the server.
            if (steered := self._steered(case)) is not None:
                kwargs["json"] = steered
            return kwargs

        def after_call(self, response, case):
            super().after_call(response, case)
            answered.add((case.method, case.operation.path, response.status_code))

    Workflow.run(
        settings=hypothesis.settings(
            max_examples=max(20, (EXAMPLES or 0) // 4),
            stateful_step_count=6,
            deadline=None,
            derandomize=not EXAMPLES,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
    confirm = ("POST", "/api/v1/submissions/{id}/confirm/")
    if role == "provider_token":  # the chain made submissions and followed their links
        reached = {code for method, path, code in answered if (method, path) == confirm}
        assert reached, sorted(answered)
        assert ("POST", "/api/v1/returns/", 200) in answered, sorted(answered)
        followed = {
            path for method, path, code in answered
            if path.startswith("/api/v1/submissions/{id}/") and code == 200
        }  # fmt: skip
        assert followed, sorted(answered)
    else:  # an assessor sends no returns, so there is nothing to follow
        assert ("POST", "/api/v1/returns/", 403) in answered, sorted(answered)
