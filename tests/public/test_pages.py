"""The public face: every page in English and Welsh, no sign-in, no cookie, Exit this page."""

import re

import pytest

from organisations.models import Provider
from tests.factories import make_provider
from tests.pages import fetch

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/find-support/",
    "/key-messages/",
    "/key-messages/ar/",
    "/police-script/",
    "/police-script/west-midlands/",
    "/police-script/west-midlands/ur/",
    "/police-script/west-midlands/card/",
    "/police-script/west-midlands/card/zh/",
    "/good-practice/",
    "/about/",
    "/accessibility/",
    "/privacy/",
    "/feedback/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_public_page_in_english_and_welsh(client, provider_a, prefix, url):
    response = fetch(client, prefix + url)
    html = response.content.decode()
    assert not response.cookies, f"{prefix}{url} set cookies: {list(response.cookies)}"
    lang = "cy" if prefix else "en"
    assert f'<html lang="{lang}"' in html
    assert "govuk-exit-this-page" in html and 'rel="nofollow noreferrer"' in html
    assert "reach-language-switcher" in html
    # Nothing is loaded from another site: every script, stylesheet and image is ours.
    for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html):
        assert src.startswith("/"), f"{url} loads {src}"


def test_welsh_pages_are_in_welsh(client, provider_a):
    html = fetch(client, "/cy/find-support/").content.decode()
    assert "Dod o hyd i gymorth ar ôl trosedd" in html
    assert "Gadael y dudalen hon" in html and "Neidio i’r prif gynnwys" in html
    assert "Find support after a crime" not in html
    # The switcher offers the same page in English.
    assert 'href="/find-support/" hreflang="en"' in html


def test_service_page_says_how_when_what_next_and_the_key_messages(client, area_a):
    provider = make_provider(
        name="Saffronbrook Women's Centre",
        areas=[area_a],
        phone="01632 960123",
        opening_hours="Monday to Friday, 9am to 5pm",
        what_happens_next="An adviser calls you back within one working day.",
        how_to_get_in_touch="Call, text or drop in.",
    )
    html = fetch(client, f"/find-support/{provider.slug}/").content.decode()
    for text in (
        "01632 960123",
        "Monday to Friday, 9am to 5pm",
        "An adviser calls you back within one working day.",
        "Call, text or drop in.",
        "Support is free",
        "You do not need to report a crime",
        "Services are independent of the police",
        "Services are independent of immigration services",
        "What is shared, with whom and when",
        "We keep what you tell us private.",  # the default confidentiality statement
    ):
        assert text in html, text


def test_service_page_in_welsh_marks_the_providers_own_words_english(client, provider_a):
    provider_a.description = "Support in Urdu and Panjabi."
    provider_a.save()
    html = fetch(client, f"/cy/find-support/{provider_a.slug}/").content.decode()
    assert '<p class="govuk-body-l" lang="en">Support in Urdu and Panjabi.</p>' in html
    assert "Mae cymorth am ddim" in html  # the Welsh key messages


def test_key_messages_in_arabic_and_urdu_are_right_to_left(client, provider_a):
    for code in ("ar", "ur"):
        html = fetch(client, f"/find-support/{provider_a.slug}/{code}/").content.decode()
        assert f'lang="{code}" dir="rtl"' in html
    html = fetch(client, "/key-messages/pl/").content.decode()
    assert 'lang="pl" dir="ltr"' in html and "Pomoc jest bezpłatna" in html


def test_unknown_language_is_404(client):
    assert client.get("/key-messages/xx/").status_code == 404


def test_services_outside_the_directory_are_not_public(client, area_a):
    hidden = make_provider(name="Hidden Refuge", areas=[area_a], in_directory=False)
    closed = make_provider(name="Closed Service", areas=[area_a], is_active=False)
    for provider in (hidden, closed):
        assert client.get(f"/find-support/{provider.slug}/").status_code == 404
    html = fetch(client, "/find-support/").content.decode()
    assert "Hidden Refuge" not in html and "Closed Service" not in html


def test_review_status_shows_to_staff_only(client, commissioner_a):
    html = fetch(client, "/key-messages/so/").content.decode()
    assert "needs review by a qualified translator" not in html
    client.force_login(commissioner_a)
    html = fetch(client, "/key-messages/so/").content.decode()
    assert "Draft – needs review by a qualified translator" in html
    assert "Reviewed by a qualified translator" not in html


def test_police_script_names_the_area_and_its_services(client, area_a):
    provider = make_provider(name="Kestrelmere Victim Care", areas=[area_a], phone="01632 960001")
    html = fetch(client, "/police-script/west-midlands/").content.decode()
    assert "There are services in <bdi>West Midlands</bdi>" in html
    assert provider.name in html and "01632 960001" in html
    card = fetch(client, "/police-script/west-midlands/card/pl/").content.decode()
    assert "W regionie <bdi>West Midlands</bdi> działają służby" in card
    assert 'lang="pl"' in card and "find-support/?area=west-midlands" in card


def test_police_script_for_a_welsh_area_uses_its_welsh_name(client):
    html = fetch(client, "/cy/police-script/south-wales/").content.decode()
    assert "Mae gwasanaethau yn ardal <bdi>De Cymru</bdi>" in html


def test_welsh_pages_offer_no_staff_page_in_welsh(client):
    assert client.get("/cy/returns/").status_code == 404
    assert client.get("/cy/figures/").status_code == 404


def test_the_home_page_sends_visitors_to_find_support(client):
    html = fetch(client, "/").content.decode()
    assert 'href="/find-support/"' in html and "Support after a crime" in html


def test_signed_in_home_on_a_welsh_page_marks_staff_text_english(client, commissioner_a):
    client.force_login(commissioner_a)
    html = fetch(client, "/cy/").content.decode()
    assert '<div lang="en">' in html


def test_the_staff_page_of_a_service_links_to_its_public_page(client, provider_a_user, provider_a):
    client.force_login(provider_a_user)
    html = fetch(client, f"/services/{provider_a.slug}/").content.decode()
    assert f'href="/find-support/{provider_a.slug}/"' in html


def test_provider_edits_its_confidentiality_statement(client, provider_a_user, provider_a):
    client.force_login(provider_a_user)
    form = fetch(client, f"/services/{provider_a.slug}/edit/").content.decode()
    assert "We keep what you tell us private." in form  # the starting point
    response = client.post(
        f"/services/{provider_a.slug}/edit/",
        {
            "name": provider_a.name,
            "kind": "mainstream",
            "police_relationship": "independent",
            "interpreters": "on_request",
            "free_of_charge": "on",
            "in_directory": "on",
            "confidentiality_statement": "We share nothing without your agreement.",
        },
    )
    assert response.status_code == 302
    provider_a.refresh_from_db()
    assert provider_a.confidentiality_text == "We share nothing without your agreement."
    html = fetch(client, f"/find-support/{provider_a.slug}/").content.decode()
    assert "We share nothing without your agreement." in html


def test_unlisting_a_service_needs_the_box_unticked(client, provider_a_user, provider_a):
    client.force_login(provider_a_user)
    client.post(
        f"/services/{provider_a.slug}/edit/",
        {"name": provider_a.name, "kind": "mainstream", "police_relationship": "independent",
         "interpreters": "on_request"},
    )  # fmt: skip
    assert not Provider.objects.get(pk=provider_a.pk).in_directory


def test_a_police_run_service_says_so_and_points_to_independent_ones(client, area_a):
    provider = make_provider(
        name="Force Victim Care Unit", areas=[area_a], police_relationship="in_sourced"
    )
    html = fetch(client, f"/find-support/{provider.slug}/").content.decode()
    assert "This service is run by the police." in html
    assert f"?area={area_a.slug}&amp;independent=on" in html
    assert "The messages below are about victims' services that are independent" in html
    welsh = fetch(client, f"/cy/find-support/{provider.slug}/").content.decode()
    assert "Mae’r gwasanaeth hwn yn cael ei redeg gan yr heddlu." in welsh
    independent = make_provider(name="Independent Service", areas=[area_a])
    html = fetch(client, f"/find-support/{independent.slug}/").content.decode()
    assert "This service is run by the police." not in html


def test_a_service_for_every_crime_and_age_says_so_in_words(client, area_a):
    from reference.models import AgeBand, CrimeType

    everyone = make_provider(name="Victim Care For All", areas=[area_a])
    everyone.crime_types.set(CrimeType.objects.exclude(code__in=("NK", "NR")))
    everyone.age_bands.set(AgeBand.objects.exclude(code__in=("NK", "NR")))
    html = fetch(client, f"/find-support/{everyone.slug}/").content.decode()
    assert "Any crime" in html and "Any age" in html and "Road death" not in html
    some = make_provider(name="Young Victims", areas=[area_a])
    some.age_bands.set(AgeBand.objects.filter(code__in=("12-15", "16-17")))
    html = fetch(client, f"/find-support/{some.slug}/").content.decode()
    assert "12 to 15, 16 to 17" in html and "Any age" not in html


def test_the_switcher_offers_the_home_page_where_a_page_has_no_welsh(client, provider_a_user):
    html = client.get("/no-such-page/").content.decode()
    assert 'href="/cy/" hreflang="cy"' in html
    client.force_login(provider_a_user)
    html = client.get("/figures/national/").content.decode()  # a staff page: English only
    assert 'href="/cy/" hreflang="cy"' in html
    html = client.get("/cy/dim-tudalen/").content.decode()
    assert 'href="/" hreflang="en"' in html
