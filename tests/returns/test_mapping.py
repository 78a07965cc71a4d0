"""A provider's mapping: asked once on a page, saved, applied to its next files, shown and
editable on its own page, and never re-reading a version already stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from returns.models import ProviderMapping, Return, Submission
from returns.services.mappings import mapping_save
from tests.pages import fetch

pytestmark = pytest.mark.django_db

EXPORT = (
    "Keyworker Ref,Date of referral,Ethnicity,Offence,Case status\r\n"
    + "".join(f"K{i},2026-05-0{1 + i % 9},White British,Hate crime,Ongoing\r\n" for i in range(6))
    + "".join(f"D{i},2026-06-0{1 + i % 9},Indian,Domestic abuse,Ongoing\r\n" for i in range(4))
).encode()


def _upload(client, provider, area, period, data, capture, name="export.csv"):
    url = f"/returns/{provider.slug}/{area.slug}/{period.code}/upload/"
    with capture(execute=True):
        return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_what_reach_cannot_read_is_mapped_once_and_the_file_goes_in(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    response = _upload(
        client, provider_a, area_a, period, EXPORT, django_capture_on_commit_callbacks
    )
    submission = Submission.objects.get()
    assert submission.status == "rejected"
    page = fetch(client, response.url).content.decode()
    assert "Say what your columns and labels mean" in page
    map_url = f"/returns/submissions/{submission.pk}/map/"
    html = fetch(client, map_url, title_contains="columns and labels").content.decode()
    assert "The column &#x27;Keyworker Ref&#x27;" in html and "no referral id column" in html
    assert "&#x27;Hate crime&#x27; in the column &#x27;Offence&#x27;" in html
    assert "It could mean any of: Hate crime: race" in html
    fields = {item["source"]: f"m{i}" for i, item in enumerate(
        __import__("returns.views.mappings", fromlist=["_items_to_map"])._items_to_map(submission)
    )}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(map_url, {
            fields["Keyworker Ref"]: "referral_id",
            fields["Hate crime"]: "HATE_RACE",
            "file": SimpleUploadedFile("export.csv", EXPORT),
        })  # fmt: skip
    assert again.status_code == 302
    checked = Submission.objects.exclude(pk=submission.pk).get()
    assert checked.status == "to_confirm", checked.summary
    assert "mapping_applied" in [n["code"] for n in checked.notes]
    client.post(again.url, {"send": "1"})
    version = Return.objects.get().current_version
    assert {r["source"] for r in version.mapping_used} == {"Keyworker Ref", "Hate crime"}
    crimes = dict(version.cells.values_list("crime_type__code", "count"))
    assert crimes.get("HATE_RACE") == 6
    # The next file is read the same way, with no asking.
    _upload(client, provider_a, area_a, period, EXPORT, django_capture_on_commit_callbacks)
    assert Submission.objects.order_by("-created_at").first().status == "to_confirm"


def test_the_mapping_page_shows_changes_and_removes_rules_and_stored_versions_stay(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    mapping_save(provider=provider_a, by=provider_a_user, rules=[
        {"kind": "heading", "field": "", "source": "Keyworker Ref", "target": "referral_id"},
        {"kind": "value", "field": "crime_type", "source": "Hate crime", "target": "HATE_RACE"},
    ])  # fmt: skip
    client.force_login(provider_a_user)
    response = _upload(
        client, provider_a, area_a, period, EXPORT, django_capture_on_commit_callbacks
    )
    client.post(response.url, {"send": "1"})
    version = Return.objects.get().current_version
    before = sorted(version.cells.values_list("crime_type__code", "count"))
    url = f"/returns/mapping/{provider_a.slug}/"
    html = fetch(client, url, title_contains="Your mapping").content.decode()
    assert "Keyworker Ref" in html and "Hate crime" in html
    rules = list(ProviderMapping.objects.order_by("kind", "source"))
    fields = {
        r.source: f"m{i}" for i, r in enumerate(ProviderMapping.objects.filter(provider=provider_a))
    }
    assert (
        client.post(
            url, {fields["Hate crime"]: "HATE_RELIGION", fields["Keyworker Ref"]: "referral_id"}
        ).status_code
        == 302
    )
    assert ProviderMapping.objects.get(source="Hate crime").target == "HATE_RELIGION"
    version.refresh_from_db()
    assert sorted(version.cells.values_list("crime_type__code", "count")) == before  # not re-read
    assert {r["target"] for r in version.mapping_used} == {"referral_id", "HATE_RACE"}
    keyworker = next(r for r in rules if r.source == "Keyworker Ref")
    assert client.post(url, {"remove": keyworker.pk}).status_code == 302
    assert not ProviderMapping.objects.filter(source="Keyworker Ref").exists()
    from assurance.models import AuditEvent

    assert set(AuditEvent.objects.values_list("verb", flat=True)) >= {
        "mapping_save",
        "mapping_delete",
    }


def test_a_mapping_is_its_providers_own(client, provider_b_user, provider_a, provider_a_user):
    mapping_save(provider=provider_a, by=provider_a_user, rules=[
        {"kind": "heading", "field": "", "source": "Keyworker Ref", "target": "referral_id"},
    ])  # fmt: skip
    client.force_login(provider_b_user)
    assert client.get(f"/returns/mapping/{provider_a.slug}/").status_code == 404


def test_a_rule_must_name_a_real_column_or_code(provider_a, provider_a_user):
    from returns.services import SubmissionRefused

    with pytest.raises(SubmissionRefused):
        mapping_save(provider=provider_a, by=provider_a_user, rules=[
            {"kind": "value", "field": "crime_type", "source": "Hate crime", "target": "NOPE"},
        ])  # fmt: skip
    with pytest.raises(SubmissionRefused):
        mapping_save(provider=provider_a, by=provider_a_user, rules=[
            {"kind": "heading", "field": "", "source": "X", "target": "postcode"},
        ])  # fmt: skip
    assert not ProviderMapping.objects.exists()


def test_a_mapping_can_be_saved_without_checking_the_file_again(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    _upload(client, provider_a, area_a, period, EXPORT, django_capture_on_commit_callbacks)
    submission = Submission.objects.get()
    response = client.post(f"/returns/submissions/{submission.pk}/map/", {"m0": "referral_id"})
    assert response.status_code == 302 and response.url == f"/returns/mapping/{provider_a.slug}/"
    assert ProviderMapping.objects.get().target == "referral_id"
