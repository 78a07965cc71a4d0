"""The directory's filters: each narrows the list, and bad input says what is wrong."""

import re

import pytest

from reference.models import AgeBand, CrimeType, Language, LocalAuthority
from tests.factories import make_provider
from tests.pages import fetch

pytestmark = pytest.mark.django_db


def names(client, query: str) -> set[str]:
    html = fetch(client, "/find-support/?" + query).content.decode()
    return set(
        re.findall(
            r'<h3 class="govuk-heading-s"><a class="govuk-link" href="/find-support/[^"]+/"[^>]*>([^<]+)</a>',
            html,
        )
    )


@pytest.fixture
def services(area_a, area_b):
    polish = Language.objects.get(code="pl")
    urdu = Language.objects.get(code="ur")
    dv = CrimeType.objects.get(code="DOMESTIC_ABUSE")
    hate = CrimeType.objects.get(code="HATE_RACE")
    young = AgeBand.objects.get(code="16-17")
    a = make_provider(name="Alpha", areas=[area_a], kind="by_and_for", anonymous_contact=True,
                      gender_specific_spaces=True)  # fmt: skip
    a.languages.set([urdu])
    a.crime_types.set([dv])
    b = make_provider(name="Bravo", areas=[area_a], police_relationship="in_sourced",
                      accepts_self_referral=False, free_of_charge=False)  # fmt: skip
    b.languages.set([polish])
    b.crime_types.set([hate])
    b.age_bands.set([young])
    c = make_provider(name="Charlie", areas=[area_b])
    c.local_authorities.set([LocalAuthority.objects.get(name="Cardiff")])
    return {"a": a, "b": b, "c": c}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Alpha", "Bravo", "Charlie"}),
        ("area=west-midlands", {"Alpha", "Bravo"}),
        ("area=south-wales", {"Charlie"}),
        ("language=pl", {"Bravo"}),
        ("language=ur", {"Alpha"}),
        ("crime_type=DOMESTIC_ABUSE", {"Alpha"}),
        ("age_band=16-17", {"Bravo"}),
        ("by_and_for=on", {"Alpha"}),
        ("independent=on", {"Alpha", "Charlie"}),
        ("self_referral=on", {"Alpha", "Charlie"}),
        ("anonymous=on", {"Alpha"}),
        ("gender_specific=on", {"Alpha"}),
        ("free=on", {"Alpha", "Charlie"}),
        ("by_and_for=on&language=pl", set()),
        ("local_authority=Birmingham", {"Alpha", "Bravo"}),
        ("local_authority=cardiff", {"Charlie"}),
        ("local_authority=Caerdydd", {"Charlie"}),
        ("local_authority=Swansea", set()),  # Charlie names Cardiff only
    ],
)
def test_each_filter_narrows_the_list(client, services, query, expected):
    assert names(client, query) == expected


def test_an_unknown_local_authority_says_what_to_do(client, services):
    response = fetch(client, "/find-support/?local_authority=Atlantis")
    html = response.content.decode()
    assert "There is no local authority called “Atlantis”" in html
    assert "<title>Error:" in html and "govuk-error-summary" in html


def test_an_ambiguous_local_authority_offers_choices(client, services):
    html = fetch(client, "/find-support/?local_authority=Tower").content.decode()
    assert "More than one local authority matches" not in html  # Tower Hamlets is one
    html = fetch(client, "/find-support/?local_authority=North").content.decode()
    assert "Did you mean:" in html and "North Tyneside" in html


def test_a_welsh_error_message(client, services):
    html = fetch(client, "/cy/find-support/?local_authority=Atlantis").content.decode()
    assert "Nid oes awdurdod lleol o’r enw “Atlantis”" in html and "<title>Gwall:" in html


def test_results_are_paged(client, area_a):
    for n in range(25):
        make_provider(name=f"Service {n:02d}", areas=[area_a])
    first = fetch(client, "/find-support/?area=west-midlands").content.decode()
    assert "25 services" in first and 'rel="next"' in first
    second = fetch(client, "/find-support/?area=west-midlands&page=2").content.decode()
    assert "Service 24" in second and 'rel="prev"' in second
    assert "area=west-midlands&amp;page=1" in second
