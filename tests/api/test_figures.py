import pytest

pytestmark = pytest.mark.django_db

FIELDS = {
    "code",
    "label",
    "count",
    "share",
    "benchmark_share",
    "ratio",
    "ci_low",
    "ci_high",
    "expected",
    "p_value",
    "adjusted_low",
    "adjusted_high",
    "flag",
    "verdict",
    "verdict_label",
    "depends_on_missing",
}


@pytest.fixture
def area_a_return(provider_a, area_a):
    from tests.factories import make_period, make_return

    return make_return(
        provider=provider_a,
        area=area_a,
        period=make_period(2026, "H1"),
        cells=[
            {"ethnicity": "13", "count": 800},
            {"ethnicity": "7", "count": 3},
            {"ethnicity": "4", "count": 90},
            {"ethnicity": "NK", "count": 30},
        ],
    )


def test_representation_endpoint_fields(client, commissioner_a, area_a, area_a_return):
    client.force_login(commissioner_a)
    response = client.get(f"/api/v1/areas/{area_a.code}/representation/", {"period": "2026-27-H1"})
    assert response.status_code == 200
    data = response.json()
    assert (
        data["total_stated"] == 893 and data["not_stated"] == 30 and data["total_referrals"] == 923
    )
    assert len(data["groups"]) == 19
    assert set(data["groups"][0]) == FIELDS
    caribbean = next(g for g in data["groups"] if g["code"] == "7")
    # 3 where about 30 were expected: the exact test flags it, with an adjusted interval
    # clear of 1 and the same words the page uses.
    assert caribbean["count"] == 3 and caribbean["flag"] == "under"
    assert caribbean["adjusted_high"] < 1 and caribbean["verdict_label"] == "Under-represented"
    assert data["family_size"] == 38 and "38 comparisons" in data["family"]
    assert data["period_label"] == "April 2026 to September 2026"


def test_representation_need_benchmark_and_levels(client, assessor, area_a, area_a_return):
    client.force_login(assessor)
    data = client.get(
        f"/api/v1/areas/{area_a.code}/representation/", {"level": "5", "benchmark": "need"}
    ).json()
    assert [g["code"] for g in data["groups"]] == ["ASIAN", "BLACK", "MIXED", "WHITE", "OTHER"]
    assert abs(sum(g["benchmark_share"] for g in data["groups"]) - 1) < 1e-9


@pytest.mark.parametrize(
    ("actor", "status"),
    [("anonymous", 401), ("commissioner_b", 404), ("provider_a", 200), ("assessor", 200)],
)
def test_representation_endpoint_is_scoped(client, actors, actor, status, area_a, area_a_return):
    if actors[actor]:
        client.force_login(actors[actor])
    assert client.get(f"/api/v1/areas/{area_a.code}/representation/").status_code == status


def test_bad_parameters_say_what_to_use(client, assessor, area_a, area_a_return):
    client.force_login(assessor)
    response = client.get(f"/api/v1/areas/{area_a.code}/representation/", {"level": "7"})
    assert response.status_code == 400 and "19, 6, 5" in response.json()["errors"]["level"][0]
    assert response["Content-Type"] == "application/problem+json"
    response = client.get(f"/api/v1/areas/{area_a.code}/representation/", {"period": "2099"})
    assert response.status_code == 400 and "2026-27-H1" in response.json()["errors"]["period"][0]
    # Well formed, but no such period: the schema allows it, so it is not a 400.
    response = client.get(f"/api/v1/areas/{area_a.code}/representation/", {"period": "2099-00-H1"})
    assert response.status_code == 422 and "2099-00-H1" in response.json()["errors"]["period"][0]


def test_schema_documents_the_representation_endpoint(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/areas/{code}/representation/" in response.content


def test_docs_page_loads_without_outside_scripts(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"cdn" not in response.content.lower()


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 401),
        ("provider_a", 403),
        ("commissioner_a", 403),
        ("commissioner_b", 403),
        ("assessor", 200),
    ],
)
def test_national_figures_are_the_assessors(client, actors, actor, status, area_a_return):
    if actors[actor]:
        client.force_login(actors[actor])
    response = client.get("/api/v1/figures/national/", {"period": "2026-27-H1"})
    assert response.status_code == status


def test_national_figures_agree_with_the_area_endpoint(client, assessor, area_a, area_a_return):
    client.force_login(assessor)
    national = client.get("/api/v1/figures/national/", {"period": "2026-27-H1"}).json()
    assert national["periods"] == ["2026-27-H1"]
    area = client.get(
        f"/api/v1/areas/{area_a.code}/representation/",
        {"period": "2026-27-H1", "level": "19", "benchmark": "need"},
    ).json()
    rows = {
        r["group_code"]: r
        for r in national["rows"]
        if r["area_code"] == area_a.code and r["level"] == "19" and r["benchmark"] == "need"
    }
    for group in area["groups"]:
        row = rows[group["code"]]
        assert row["count"] == group["count"] and row["verdict"] == group["verdict"]
        assert row["adjusted_high"] == pytest.approx(group["adjusted_high"])
    assert client.get("/api/v1/figures/national/", {"period": "2099"}).status_code == 400
    assert client.get("/api/v1/figures/national/", {"period": "2099-00-H2"}).status_code == 422


def test_crime_type_has_no_need_benchmark(client, assessor, area_a, area_a_return):
    client.force_login(assessor)
    url = f"/api/v1/areas/{area_a.code}/representation/"
    response = client.get(url, {"crime_type": "NR", "benchmark": "need"})
    assert response.status_code == 422
    assert "population" in response.json()["errors"]["benchmark"][0]
    assert client.get(url, {"crime_type": "NR"}).status_code == 200
    pooled = client.get(url, {"months": "12"}).json()
    assert pooled["period_label"].endswith("September 2026")
    assert client.get(url, {"months": "7"}).status_code == 400
