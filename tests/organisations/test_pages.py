import pytest

from organisations.models import Provider
from tests.pages import fetch

pytestmark = pytest.mark.django_db


def test_list_is_scoped(client, commissioner_a, provider_a, provider_b):
    client.force_login(commissioner_a)
    html = fetch(client, "/services/", title_contains="Services").content.decode()
    assert provider_a.name in html and provider_b.name not in html


def test_provider_edits_its_own_details(client, provider_a_user, provider_a, provider_b):
    client.force_login(provider_a_user)
    fetch(client, f"/services/{provider_a.slug}/edit/", title_contains="Edit")
    response = client.post(
        f"/services/{provider_a.slug}/edit/",
        {
            "name": provider_a.name,
            "kind": "by_and_for",
            "police_relationship": "independent",
            "interpreters": "in_house",
            "languages": ["1"],
            "free_of_charge": "on",
            "description": "Support in Urdu and Panjabi.",
        },
    )
    assert response.status_code == 302
    provider_a.refresh_from_db()
    assert provider_a.kind == "by_and_for"
    from assurance.models import AuditEvent

    event = AuditEvent.objects.get(verb="provider_update")
    assert event.actor == provider_a_user and "kind" in event.summary
    assert client.get(f"/services/{provider_b.slug}/edit/").status_code == 404


def test_edit_with_errors_says_what_is_wrong(client, provider_a_user, provider_a):
    client.force_login(provider_a_user)
    response = client.post(f"/services/{provider_a.slug}/edit/", {"name": "", "kind": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Enter the service&#x27;s name." in html
    provider_a.refresh_from_db()
    assert provider_a.name == "Area A Victim Care"


def test_commissioner_registers_a_service_in_own_area_only(client, commissioner_a, area_a, area_b):
    client.force_login(commissioner_a)
    fetch(client, f"/services/register/{area_a.slug}/", title_contains="Register a service")
    response = client.post(
        f"/services/register/{area_a.slug}/",
        {
            "name": "New Roots Women's Project",
            "kind": "by_and_for",
            "police_relationship": "independent",
            "interpreters": "in_house",
            "accepts_self_referral": "on",
            "free_of_charge": "on",
        },
    )
    assert response.status_code == 302
    provider = Provider.objects.get(name="New Roots Women's Project")
    assert list(provider.areas.all()) == [area_a] and provider.slug == "new-roots-womens-project"
    assert client.get(f"/services/register/{area_b.slug}/").status_code == 404
