"""Branded error pages with a way back, in English and in Welsh."""

import pytest
from django.test import Client

from core import errors

pytestmark = pytest.mark.django_db


def test_404_is_branded_with_a_way_back(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found – Reach – GOV.UK</title>" in html
    assert 'href="/find-support/"' in html and "govuk-exit-this-page" in html


def test_welsh_404_is_in_welsh(client):
    html = client.get("/cy/dim-tudalen/").content.decode()
    assert "Heb ddod o hyd i’r dudalen" in html and '<html lang="cy"' in html


def test_403_is_branded(client, provider_a_user):
    client.force_login(provider_a_user)
    response = client.get("/figures/national/")
    assert response.status_code == 403 and "You cannot see this page" in response.content.decode()


def test_csrf_failure_is_branded(provider_a_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider_a_user)
    response = client.post("/account/sign-out/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sorry, this form has expired" in html and "Go to the home page" in html


def test_400_and_500_render_without_a_database(rf):
    response = errors.server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "Sorry, there is a problem with the service" in html
    assert "– Reach – GOV.UK" in html
    assert errors.bad_request(rf.get("/"), None).status_code == 400


def test_the_api_keeps_its_own_405(client, provider_a_user):
    client.force_login(provider_a_user)
    response = client.delete("/api/v1/areas/E23000014/representation/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json" and "GET" in response["Allow"]


def test_the_api_answers_an_unknown_address_with_a_problem(client):
    response = client.get("/api/v1/submissions/not-a-submission/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "There is nothing at this address of the API.",
    }


def test_an_empty_405_gets_a_branded_page_that_keeps_allow(client):
    response = client.get("/account/sign-out/")  # a form's address, opened as a page
    html = response.content.decode()
    assert response.status_code == 405 and "POST" in response["Allow"]
    assert "You cannot open this page directly" in html and 'href="/"' in html
    assert "<title>You cannot open this page directly – Reach – GOV.UK</title>" in html


def test_a_bad_host_gets_the_branded_400(client):
    response = client.get("/find-support/", HTTP_HOST="reach.evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, there is a problem with your request" in html and 'href="/"' in html
