"""Which languages an area's services and materials cover: the commissioners' page."""

import csv
import datetime
import io

import pytest

from assurance.services import outreach_record
from organisations.languages import area_language_coverage
from reference.models import Language
from tests.factories import make_provider
from tests.pages import fetch

pytestmark = pytest.mark.django_db


def _languages(*codes):
    return list(Language.objects.filter(code__in=codes))


@pytest.fixture
def services(area_a, area_b):
    """Two services in area A and one in area B, with the languages their staff speak."""
    by_and_for = make_provider(
        name="Saffronvale Asian Women's Centre", areas=[area_a], kind="by_and_for",
        interpreters="in_house",
    )  # fmt: skip
    by_and_for.languages.set(_languages("en", "pa", "ur", "ne"))
    mainstream = make_provider(name="Hazelmere Victim Care", areas=[area_a], interpreters="none")
    mainstream.languages.set(_languages("en", "ur"))
    elsewhere = make_provider(name="Cardiff Somali Support", areas=[area_b])
    elsewhere.languages.set(_languages("en", "so"))
    hidden = make_provider(name="Withdrawn Service", areas=[area_a], in_directory=False)
    hidden.languages.set(_languages("en", "ti"))
    return by_and_for, mainstream


@pytest.fixture
def outreach(area_a, commissioner_a):
    recent = datetime.date.today() - datetime.timedelta(days=30)
    outreach_record(
        area=area_a, by=commissioner_a, held_on=recent, channel="faith_setting",
        description="Talks at three gurdwaras", communities="Sikh Punjabi",
        languages_reached=_languages("pa", "ro"), materials_languages=_languages("pa"),
    )  # fmt: skip
    outreach_record(
        area=area_a, by=commissioner_a, held_on=recent - datetime.timedelta(days=500),
        channel="community_venue", description="Old", communities="Arabic speakers",
        languages_reached=_languages("ar"), materials_languages=_languages("ar"),
    )  # fmt: skip


def test_the_coverage_counts_staff_translations_and_recent_outreach(
    services, outreach, area_a, commissioner_a
):
    coverage = area_language_coverage(area=area_a, user=commissioner_a)
    rows = {row.language.code: row for row in coverage.rows}
    assert "en" not in rows
    assert [p.name for p in rows["ur"].staff] == ["Hazelmere Victim Care", "Saffronvale Asian Women's Centre"]  # fmt: skip
    assert rows["pa"].by_and_for == 1 and rows["pa"].materials == 1 and rows["pa"].reached == 1
    assert "ti" not in rows  # a service withdrawn from the directory is not counted
    assert rows["so"].staff == []  # another area's service; the key messages are in Somali
    assert rows["ar"].reached == 0  # the outreach was more than a year ago
    # Gaps, in words: outreach reached Romanian speakers but no service speaks Romanian;
    # services speak Nepali but Reach has no key messages in it.
    assert [r.language.code for r in coverage.reached_without_staff] == ["ro"]
    assert [r.language.code for r in coverage.spoken_without_messages] == ["ne"]
    assert [p.name for p in coverage.no_interpreters] == ["Hazelmere Victim Care"]
    assert all(r.translation.is_draft for r in coverage.rows if r.translation)


def test_the_page_shows_gaps_and_every_translations_review_status(
    client, services, outreach, area_a, commissioner_a
):
    client.force_login(commissioner_a)
    html = fetch(client, f"/services/areas/{area_a.slug}/languages/").content.decode()
    assert "Languages your services and materials cover" in html
    assert "Outreach reached speakers of <strong>Romanian</strong>" in html
    assert "Reach has no key messages or police script in it" in html
    assert "Draft – needs review by a qualified translator" in html
    assert "Reviewed by a qualified translator" not in html  # never claimed
    assert "Hazelmere Victim Care" in html and "Cardiff Somali Support" not in html


def test_the_table_downloads(client, services, outreach, area_a, commissioner_a):
    client.force_login(commissioner_a)
    response = client.get(f"/services/areas/{area_a.slug}/languages/?format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Language"
    urdu = next(r for r in rows if r[0] == "Urdu")
    assert urdu[1] == "2" and "Draft" in urdu[4]
    for fmt in ("xlsx", "ods"):
        assert (
            client.get(f"/services/areas/{area_a.slug}/languages/?format={fmt}").status_code == 200
        )
    assert client.get(f"/services/areas/{area_a.slug}/languages/?format=pdf").status_code == 404


def test_the_services_page_links_to_it(client, services, area_a, commissioner_a):
    client.force_login(commissioner_a)
    html = fetch(client, "/services/").content.decode()
    assert f"/services/areas/{area_a.slug}/languages/" in html


def test_the_assessor_sees_every_area_and_others_do_not(
    client, services, area_a, area_b, commissioner_b, provider_a_user, assessor
):
    url = f"/services/areas/{area_a.slug}/languages/"
    client.force_login(commissioner_b)
    assert client.get(url).status_code == 404
    client.force_login(provider_a_user)
    assert client.get(url).status_code == 403
    client.force_login(assessor)
    assert fetch(client, url).status_code == 200
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
