import pytest

from tests.pages import fetch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "Reach"),
        ("/about/", "About Reach"),
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy"),
        ("/account/sign-in/", "Sign in"),
    ],
)
def test_public_pages_render_for_anonymous_visitors(client, url, title):
    response = fetch(client, url, title_contains=title)
    html = response.content.decode()
    assert "govuk-skip-link" in html and "govuk-phase-banner" in html and "govuk-footer" in html
    assert "Reach" in html


@pytest.mark.parametrize("actor", ["provider_a", "commissioner_a", "assessor"])
def test_home_lists_what_each_role_can_do(client, actors, actor):
    client.force_login(actors[actor])
    html = fetch(client, "/", title_contains="Home").content.decode()
    expected_role = {
        "provider_a": "provider",
        "commissioner_a": "commissioner",
        "assessor": "assessor",
    }[actor]
    assert f"<strong>{expected_role}</strong>" in html
    assert "What you can do" in html
    if actor == "assessor":
        assert "People" in html and "Audit trail" in html
    else:
        assert "Manage organisations and users" not in html


def test_sign_in_and_out(client, commissioner_a):
    response = client.post(
        "/account/sign-in/",
        {"username": "commissioner.a@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert "commissioner" in fetch(client, "/").content.decode()
    response = client.post("/account/sign-out/")
    assert response.status_code == 302
    assert "Sign in" in fetch(client, "/").content.decode()


def test_sign_in_with_wrong_password_says_what_to_do(client, commissioner_a):
    response = client.post(
        "/account/sign-in/", {"username": "commissioner.a@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html


def test_sign_out_refuses_get(client, commissioner_a):
    client.force_login(commissioner_a)
    assert client.get("/account/sign-out/").status_code == 405


def test_pages_carry_a_content_security_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_every_task_link_resolves():
    """A task whose URL name is wrong would silently vanish from every home page."""
    from django.urls import reverse

    from core.navigation import TASKS

    for task in TASKS:
        reverse(task.url_name)
