"""The public API of published reports: anyone may read it, it holds published figures only."""

import pytest
from django.urls import reverse

from tests.published import publish

pytestmark = pytest.mark.django_db


def test_anyone_lists_the_live_reports_only(client, figures, area_a, area_b, period):
    from tests.factories import make_provider, make_return
    from tests.published import CELLS

    live = publish(area_a, period)
    other = make_provider(name="Draft area service", areas=[area_b])
    make_return(provider=other, area=area_b, period=period, cells=CELLS)
    publish(area_b, period, status="draft")
    response = client.get(reverse("api:published"))
    assert response.status_code == 200
    assert [r["slug"] for r in response.json()] == [live.slug]
    entry = response.json()[0]
    assert entry["area"] == {"code": area_a.code, "name": area_a.name}
    assert entry["links"]["csvw"].endswith(reverse("publication:report-csvw", args=[live.slug]))
    assert client.get(reverse("api:published"), {"area": area_b.code}).json() == []


def test_a_report_with_its_tables_as_published(client, live_report):
    response = client.get(reverse("api:published-report", args=[live_report.slug]))
    assert response.status_code == 200
    data = response.json()
    assert [t["slug"] for t in data["tables"]] == [t["slug"] for t in live_report.tables]
    for got, kept in zip(data["tables"], live_report.tables, strict=True):
        assert got["rows"] == kept["rows"]
        for row in got["rows"]:
            for value in row[1:]:
                assert not (isinstance(value, int) and 0 < value < 10)


def test_drafts_and_unknown_reports_are_not_found_and_withdrawn_ones_are_gone(
    client, figures, area_a, period
):
    draft = publish(area_a, period, status="draft")
    assert client.get(reverse("api:published-report", args=[draft.slug])).status_code == 404
    assert client.get(reverse("api:published-report", args=["nothing-here"])).status_code == 404
    draft.delete()
    gone = publish(area_a, period, status="withdrawn")
    response = client.get(reverse("api:published-report", args=[gone.slug]))
    assert response.status_code == 410
    assert "withdrawn" in response.json()["detail"]


def test_it_is_read_only(client, live_report):
    url = reverse("api:published-report", args=[live_report.slug])
    assert client.post(url, {}).status_code == 405
    assert client.delete(url).status_code == 405


def test_too_many_requests_are_refused(client, live_report, monkeypatch, one_rate_window):
    from django.core.cache import cache

    from publication import limits

    cache.clear()
    monkeypatch.setattr(limits, "PUBLIC_RATE", "2/min")
    url = reverse("api:published")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def _as_another_process(monkeypatch):
    """What the next request sees as if another web process served it: every cache client
    made anew and nothing held in this process's memory."""
    from asgiref.local import Local
    from django.core.cache import caches
    from django.core.cache.backends import locmem

    monkeypatch.setattr(caches, "_connections", Local())
    for name in ("_caches", "_expire_info", "_locks"):
        monkeypatch.setattr(locmem, name, {})


def test_the_limit_holds_across_processes(client, live_report, monkeypatch, one_rate_window):
    from publication import limits

    monkeypatch.setattr(limits, "PUBLIC_RATE", "2/min")
    url = reverse("api:published")
    codes = []
    for _ in range(3):
        _as_another_process(monkeypatch)
        codes.append(client.get(url).status_code)
    assert codes == [200, 200, 429]


def test_the_schema_documents_the_public_api():
    import yaml
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    detail = schema["paths"]["/api/v1/published/{slug}/"]["get"]
    assert set(detail["responses"]) == {"200", "404", "406", "410", "429"}
    listing = schema["paths"]["/api/v1/published/"]["get"]
    assert set(listing["responses"]) == {"200", "400", "406", "429"}
    assert yaml.safe_dump(schema)


@pytest.mark.parametrize("actor", ["provider_a_user", "commissioner_a", "assessor"])
def test_staff_read_the_same_published_figures_as_the_public(client, live_report, actor, request):
    url = reverse("api:published-report", args=[live_report.slug])
    public = client.get(url).json()
    client.force_login(request.getfixturevalue(actor))
    assert client.get(url).json() == public


@pytest.mark.parametrize("query", [{"area": "E23000014\x00"}, {"period": "last year"}])
def test_a_list_narrowed_by_something_that_is_not_a_code_is_refused_in_words(client, query):
    response = client.get(reverse("api:published"), query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(query)
