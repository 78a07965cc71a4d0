"""The good-practice library: who may submit, approve and read; every move audited."""

import pytest

from assurance.models import AuditEvent, QualityStandard
from library.models import CaseStudy
from tests.pages import fetch

pytestmark = pytest.mark.django_db


def post_case_study(client, area):
    standard = QualityStandard.objects.filter(number=3).first()
    return client.post(
        f"/library/new/{area.slug}/",
        {
            "title": "Car wash stickers in Polish and Albanian",
            "places": "Humberside",
            "organisation": "The commissioner's office",
            "summary": "Stickers with the helpline in three languages.",
            "body": "What we did.",
            "standards": [standard.pk],
        },
    )


def test_commissioner_submits_and_the_public_cannot_see_it_yet(client, commissioner_a, area_a):
    client.force_login(commissioner_a)
    response = post_case_study(client, area_a)
    assert response.status_code == 302
    case_study = CaseStudy.objects.get()
    assert case_study.status == "submitted" and case_study.area == area_a
    assert AuditEvent.objects.filter(verb="case_study_submit").exists()
    client.logout()
    assert client.get(f"/good-practice/{case_study.slug}/").status_code == 404
    assert "Car wash stickers" not in fetch(client, "/good-practice/").content.decode()


def test_another_area_cannot_submit_or_see_a_draft(client, commissioner_a, commissioner_b, area_a):
    client.force_login(commissioner_b)
    assert post_case_study(client, area_a).status_code == 404
    client.force_login(commissioner_a)
    post_case_study(client, area_a)
    slug = CaseStudy.objects.get().slug
    client.force_login(commissioner_b)
    assert client.get(f"/library/{slug}/").status_code == 404


def test_assessor_approves_and_it_becomes_public(client, commissioner_a, assessor, area_a):
    client.force_login(commissioner_a)
    post_case_study(client, area_a)
    case_study = CaseStudy.objects.get()
    client.force_login(assessor)
    response = client.post(f"/library/{case_study.slug}/decide/", {"decision": "approved"})
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == "approved" and case_study.decided_by == assessor
    client.logout()
    html = fetch(client, "/good-practice/?standard=3&q=stickers").content.decode()
    assert "Car wash stickers" in html
    fetch(client, f"/good-practice/{case_study.slug}/")
    assert "Car wash stickers" not in fetch(client, "/good-practice/?standard=1").content.decode()


def test_returning_needs_a_note_and_the_commissioner_resubmits(
    client, commissioner_a, assessor, area_a
):
    client.force_login(commissioner_a)
    post_case_study(client, area_a)
    case_study = CaseStudy.objects.get()
    client.force_login(assessor)
    response = client.post(f"/library/{case_study.slug}/decide/", {"decision": "returned"})
    assert response.status_code == 400
    assert "Say what needs to change" in response.content.decode()
    client.post(
        f"/library/{case_study.slug}/decide/", {"decision": "returned", "note": "Add dates."}
    )
    case_study.refresh_from_db()
    assert case_study.status == "returned"
    client.force_login(commissioner_a)
    html = fetch(client, f"/library/{case_study.slug}/edit/").content.decode()
    assert "Add dates." in html


def test_a_commissioner_cannot_approve(client, commissioner_a, area_a):
    client.force_login(commissioner_a)
    post_case_study(client, area_a)
    slug = CaseStudy.objects.get().slug
    assert client.post(f"/library/{slug}/decide/", {"decision": "approved"}).status_code == 403
    assert CaseStudy.objects.get().status == "submitted"


def test_an_approved_case_study_cannot_be_approved_again(client, commissioner_a, assessor, area_a):
    client.force_login(commissioner_a)
    post_case_study(client, area_a)
    slug = CaseStudy.objects.get().slug
    client.force_login(assessor)
    client.post(f"/library/{slug}/decide/", {"decision": "approved"})
    response = client.post(f"/library/{slug}/decide/", {"decision": "approved"})
    assert response.status_code == 409 and "cannot be" in response.content.decode()


def test_decide_by_get_is_a_branded_405(client, assessor, commissioner_a, area_a):
    client.force_login(commissioner_a)
    post_case_study(client, area_a)
    client.force_login(assessor)
    response = client.get(f"/library/{CaseStudy.objects.get().slug}/decide/")
    assert response.status_code == 405
    assert "You cannot open this page directly" in response.content.decode()
    assert response["Allow"] == "POST"
