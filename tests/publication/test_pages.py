"""The commissioner's pages and the public's, role by role; the PDF is tagged."""

import subprocess

import pytest

from publication.models import PublishedReport
from tests.pages import fetch
from tests.publication.conftest import submit_assessment

pytestmark = pytest.mark.django_db
S = PublishedReport.Status


def staff_url(report, step=""):
    return f"/publishing/{report.area.slug}/{report.period.code}/" + step


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pdf_info(pdf: bytes) -> str:
    return subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_the_commissioner_writes_checks_and_publishes(
    client, commissioner_a, area_a, period, submitted
):
    client.force_login(commissioner_a)
    manage = f"/publishing/{area_a.slug}/{period.code}/"
    assert "Start writing the report" in fetch(client, manage).content.decode()
    response = client.post(manage + "start/")
    assert response.status_code == 302 and response["Location"].endswith("/standard/1/")
    page = fetch(client, manage + "standard/1/").content.decode()
    assert "What the guidance asks commissioners to consider" in page
    response = client.post(manage + "standard/1/", {"text": ""})
    assert response.status_code == 400
    assert "Enter the public summary of Quality Standard 1." in response.content.decode()
    for n in (1, 2, 3):
        response = client.post(manage + f"standard/{n}/", {"text": f"Public words {n}."})
        assert response.status_code == 302
    page = fetch(client, manage).content.decode()
    assert "Check your answers before publishing" in page and "Public words 3." in page
    response = client.post(manage + "publish/", follow=True)
    assert "The transparency report for" in response.content.decode()
    report = PublishedReport.objects.get()
    assert report.status == S.PUBLISHED
    client.logout()
    public = fetch(client, f"/published/{report.slug}/").content.decode()
    assert "Public words 2." in public and "Internal answer" not in public
    assert "[c]" in public  # the symbols are explained on the page
    assert report.slug in fetch(client, "/published/").content.decode()
    welsh = fetch(client, f"/cy/published/{report.slug}/").content.decode()
    assert '<html lang="cy"' in welsh and "Adroddiad tryloywder" in welsh


def test_publishing_before_submission_says_what_to_do(client, commissioner_a, area_a, period):
    client.force_login(commissioner_a)
    manage = f"/publishing/{area_a.slug}/{period.code}/"
    page = fetch(client, manage).content.decode()
    assert "can be published only once the self-assessment" in page
    client.post(manage + "start/")
    for n in (1, 2, 3):
        client.post(manage + f"standard/{n}/", {"text": f"Words {n}."})
    response = client.post(manage + "publish/", follow=True)
    assert "Submit the self-assessment for April 2026 to September 2026" in (
        response.content.decode()
    )
    assert PublishedReport.objects.get().status == S.DRAFT


def test_until_published_every_public_address_is_not_found(client, ready):
    for url in (f"/published/{ready.slug}/", f"/published/{ready.slug}/pdf/"):
        assert client.get(url).status_code == 404
        assert client.get("/cy" + url).status_code == 404
    assert ready.slug not in fetch(client, "/published/").content.decode()


def test_a_withdrawn_report_is_gone_and_says_when(client, commissioner_a, published):
    client.force_login(commissioner_a)
    response = client.post(staff_url(published, "withdraw/"), {"reason": ""})
    assert response.status_code == 400 and "Enter why" in response.content.decode()
    response = client.post(staff_url(published, "withdraw/"), {"reason": "Wrong figure."})
    assert response.status_code == 302
    client.logout()
    for url in (f"/published/{published.slug}/", f"/published/{published.slug}/pdf/"):
        response = client.get(url)
        assert response.status_code == 410
        page = response.content.decode()
        assert "withdrew this transparency report on" in page and "Wrong figure" not in page
        assert "In plain words" not in page
    assert published.slug not in fetch(client, "/published/").content.decode()


def test_the_pdf_is_tagged_and_holds_the_words_and_figures(client, published):
    response = client.get(f"/published/{published.slug}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    info = pdf_info(response.content)
    assert "Tagged:          yes" in info
    assert "Transparency report: West Midlands" in info
    text = pdf_text(response.content)
    for words in ("In plain words: standard 3.", "Quality Standard 1", "[c]", "Page 1 of"):
        assert words in text, words
    welsh = client.get(f"/cy/published/{published.slug}/pdf/")
    assert "Adroddiad tryloywder" in pdf_text(welsh.content)


@pytest.mark.parametrize(
    ("actor", "manage", "act"),
    [
        ("anonymous", 302, 302),
        ("provider_a_user", 403, 403),
        ("commissioner_b", 404, 404),
        ("assessor", 200, 403),
        ("commissioner_a", 200, 302),
    ],
)
def test_who_reaches_the_staff_pages(client, request, published, actor, manage, act):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    assert client.get(staff_url(published)).status_code == manage
    assert client.get("/publishing/").status_code in (
        (200,) if manage == 200 or actor == "commissioner_b" else (302, 403)
    )
    response = client.post(staff_url(published, "withdraw/"), {"reason": "Try."})
    assert response.status_code == act
    published.refresh_from_db()
    assert published.status == (S.WITHDRAWN if actor == "commissioner_a" else S.PUBLISHED)


def test_the_assessor_sees_every_area_and_commissioner_b_only_theirs(
    client, published, assessor, commissioner_b, area_b, period
):
    client.force_login(assessor)
    assert published.area.name in fetch(client, "/publishing/").content.decode()
    client.force_login(commissioner_b)
    submit_assessment(area_b, period, commissioner_b)
    page = fetch(client, "/publishing/").content.decode()
    assert area_b.name in page and published.area.name not in page


def test_home_tells_the_commissioner_to_publish(client, commissioner_a, submitted):
    client.force_login(commissioner_a)
    page = fetch(client, "/").content.decode()
    assert "Publish the transparency report for April 2026 to September 2026" in page


@pytest.mark.parametrize("query", [{"q": "West\x00"}, {"area": "\x00"}, {"period": "2026\x00"}])
def test_the_public_list_takes_any_query_without_failing(client, published, query):
    assert client.get("/published/", query).status_code == 200
