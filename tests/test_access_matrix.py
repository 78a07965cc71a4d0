"""Role × page: who gets 200, who is sent to sign in (302), who is refused (403 / 404).

Each feature adds its pages here. A role that may never do what the page does gets 403
before anything is looked up; a role that may, asking about something outside its scope,
gets 404; in scope without the permission for that object, 403
(docs/adr/0003-access-control.md).
"""

import pytest

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "provider_a", "commissioner_a", "commissioner_b", "assessor"]

# url (may use {area_a}, {area_b}, {provider_a}) → expected status per actor, in ACTORS order.
MATRIX = {
    "/": [200, 200, 200, 200, 200],
    "/about/": [200, 200, 200, 200, 200],
    # The Django admin is for superusers only (tests/accounts/test_accounts.py), not the assessor.
    "/manage/": [302, 302, 302, 302, 302],
    "/manage/accounts/user/": [302, 302, 302, 302, 302],
    "/manage/organisations/provider/": [302, 302, 302, 302, 302],
    # People, lock-outs and the audit trail
    "/account/": [302, 200, 200, 200, 200],
    "/account/people/": [302, 403, 200, 200, 200],
    "/account/people/invite/": [302, 403, 200, 200, 200],
    "/account/lock-outs/": [302, 403, 403, 403, 200],
    "/audit/": [302, 403, 403, 403, 200],
    # Returns
    "/returns/": [302, 200, 403, 403, 403],
    "/returns/data-standard/": [200, 200, 200, 200, 200],
    "/returns/status/": [302, 403, 302, 302, 200],
    "/returns/status/{area_a}/": [302, 403, 200, 404, 200],
    "/returns/{provider_a}/{area_a}/2026-27-H1/": [302, 200, 200, 404, 200],
    # A role that may never submit gets 403 before any lookup; a provider asking about an
    # area it does not serve gets 404.
    "/returns/{provider_a}/{area_a}/2026-27-H1/upload/": [302, 200, 403, 403, 403],
    "/returns/{provider_a}/{area_a}/2026-27-H1/form/crime-types/": [302, 200, 403, 403, 403],
    "/returns/{provider_a}/{area_a}/2026-27-H1/form/places/": [302, 200, 403, 403, 403],
    "/returns/{provider_a}/{area_b}/2026-27-H1/upload/": [302, 404, 403, 403, 403],
    # Only a commissioner decides on a version, and only in its own area (none exists here).
    "/returns/{provider_a}/{area_a}/2026-27-H1/versions/1/accept/": [302, 403, 404, 404, 403],
    "/returns/mapping/{provider_a}/": [302, 200, 403, 403, 403],
    "/returns/deadlines/": [302, 403, 403, 403, 200],
    # Services (providers)
    "/services/": [302, 200, 200, 200, 200],
    "/services/{provider_a}/": [302, 200, 200, 404, 200],
    "/services/{provider_a}/edit/": [302, 200, 403, 403, 403],
    "/services/register/{area_a}/": [302, 403, 200, 404, 403],
    "/services/areas/{area_a}/languages/": [302, 403, 200, 404, 200],
    "/api/tokens/": [302, 200, 403, 403, 403],
    "/figures/national/": [302, 403, 403, 403, 200],
    # Monitoring
    "/figures/": [302, 302, 302, 302, 200],
    "/figures/areas/{area_a}/": [302, 200, 200, 404, 200],
    "/figures/areas/{area_b}/": [302, 404, 404, 200, 200],
    "/api/v1/areas/E23000014/representation/": [401, 200, 200, 404, 200],
    # The public face: no sign-in anywhere
    "/find-support/": [200, 200, 200, 200, 200],
    "/find-support/{provider_a}/": [200, 200, 200, 200, 200],
    "/cy/find-support/": [200, 200, 200, 200, 200],
    "/key-messages/": [200, 200, 200, 200, 200],
    "/police-script/{area_a}/card/": [200, 200, 200, 200, 200],
    "/good-practice/": [200, 200, 200, 200, 200],
    # The library's staff side
    "/library/": [302, 200, 200, 200, 200],
    "/library/new/{area_a}/": [302, 403, 200, 404, 403],
}


def _format(url, area_a, area_b, provider_a):
    return url.format(area_a=area_a.slug, area_b=area_b.slug, provider_a=provider_a.slug)


@pytest.mark.parametrize("url", list(MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(client, actors, area_a, area_b, provider_a, url, actor):
    from tests.factories import make_period

    make_period(2026, "H1")
    user = actors[actor]
    if user is not None:
        client.force_login(user)
    response = client.get(_format(url, area_a, area_b, provider_a))
    expected = MATRIX[url][ACTORS.index(actor)]
    assert response.status_code == expected, f"{actor} {url}: {response.status_code} != {expected}"
