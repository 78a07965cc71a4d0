"""Role × page: who gets 200, who is sent to sign in (302), who is refused (403 / 404).

Each feature adds its pages here. A page outside the actor's scope is 404; in scope but
without the permission is 403 (docs/adr/0003-access-control.md).
"""

import pytest

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "provider_a", "commissioner_a", "commissioner_b", "assessor"]

# url (may use {area_a}, {area_b}, {provider_a}) → expected status per actor, in ACTORS order.
MATRIX = {
    "/": [200, 200, 200, 200, 200],
    "/about/": [200, 200, 200, 200, 200],
    "/manage/": [302, 302, 302, 302, 200],
    "/manage/accounts/user/": [302, 302, 302, 302, 200],
    "/manage/organisations/provider/": [302, 302, 302, 302, 200],
}


def _format(url, area_a, area_b, provider_a):
    return url.format(area_a=area_a.slug, area_b=area_b.slug, provider_a=provider_a.slug)


@pytest.mark.parametrize("url", list(MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(client, actors, area_a, area_b, provider_a, url, actor):
    user = actors[actor]
    if user is not None:
        client.force_login(user)
    response = client.get(_format(url, area_a, area_b, provider_a))
    expected = MATRIX[url][ACTORS.index(actor)]
    assert response.status_code == expected, f"{actor} {url}: {response.status_code} != {expected}"
