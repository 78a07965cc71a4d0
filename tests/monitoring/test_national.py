import pytest

from monitoring.national import funnel, in_definition
from reference.models import EthnicGroup
from tests.factories import make_return
from tests.pages import fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_areas(provider_a, provider_b, area_a, area_b):
    from tests.factories import make_period

    period = make_period(2026, "H1")
    # Area A: almost no ethnic minority referrals; area B: in proportion-ish.
    make_return(
        provider=provider_a,
        area=area_a,
        period=period,
        cells=[{"ethnicity": "13", "count": 2000}, {"ethnicity": "4", "count": 20}],
    )
    make_return(
        provider=provider_b,
        area=area_b,
        period=period,
        cells=[
            {"ethnicity": "13", "count": 900},
            {"ethnicity": "4", "count": 60},
            {"ethnicity": "7", "count": 20},
        ],
    )
    return period


@pytest.mark.parametrize(
    ("code", "definition", "expected"),
    [
        ("13", "minority", False),
        ("14", "minority", False),
        ("14", "not_white_british", True),
        ("13", "not_white_british", False),
        ("WHITE", "not_white_british", None),
        ("4", "ASIAN", True),
        ("ASIAN", "minority", True),
    ],
)
def test_definitions_place_groups(code, definition, expected):
    assert (
        in_definition(EthnicGroup.objects.select_related("parent").get(code=code), definition)
        is expected
    )


def test_funnel_names_the_area_far_below_need(two_areas, area_a, assessor):
    result = funnel(assessor, two_areas, "minority")
    point = next(p for p in result.points if p.area == area_a)
    assert point.observed == 20 and point.stated == 2020
    assert point.position == "below_998"
    assert area_a in [p.area for p in result.outliers]
    assert result.phi == 1.0  # fewer than 20 areas with returns: no over-dispersion estimate
    empty = [p for p in result.points if p.stated == 0]
    assert all(p.position is None for p in empty)


def test_national_page_for_assessor(client, assessor, two_areas, area_a):
    client.force_login(assessor)
    html = fetch(client, "/figures/national/", title_contains="All areas").content.decode()
    assert "Outside the limits" in html and area_a.name in html and "<svg" in html
    # Every row has a cell under every heading: area, two periods, QS1–3, escalation.
    table = html.split('id="areas-table"')[1].split("</table>")[0]
    headings = table.split("</thead>")[0].count("<th ")
    first_row = table.split("<tbody")[1].split("</tr>")[0]
    assert headings >= 6 and first_row.count("<td") + first_row.count("<th") == headings
    assert "Not rated" in html
    html = fetch(client, "/figures/national/?group=not_white_british").content.decode()
    assert "White minorities (Irish" in html
    assert client.get("/figures/national/?group=nonsense").status_code == 404


@pytest.mark.parametrize("actor", ["provider_a", "commissioner_a"])
def test_national_page_refused_to_others(client, actors, actor, two_areas):
    client.force_login(actors[actor])
    assert client.get("/figures/national/").status_code == 403


def test_one_method_draws_the_lines_places_the_dots_and_gives_the_intervals():
    from monitoring.national import AreaPoint, funnel_limits, position, ratio_interval

    low, high = funnel_limits(200.0, 1.0, 0.95)
    assert low < 1 < high
    # Narrower for a larger expected count; centred on the national ratio.
    small, large = funnel_limits(20.0, 0.9, 0.95), funnel_limits(2000.0, 0.9, 0.95)
    assert small[1] - small[0] > large[1] - large[0]
    assert large[0] < 0.9 < large[1]
    assert funnel_limits(0.0, 1.0, 0.95) is None
    # For every observed count near the limits: outside the drawn 95% lines exactly when
    # the exact interval on O/E excludes the national ratio.
    for target in (0.8, 1.0, 1.25):
        for observed in range(120, 290):
            point = AreaPoint(area=None, observed=observed, stated=1000, share=0.2, expected=200.0)
            inside = position(point, target, 1.0) == "within"
            lo, hi = funnel_limits(200.0, target, 0.95)
            ci = ratio_interval(observed, 200.0, target, 1.0)
            assert inside == (lo <= observed / 200.0 <= hi), (target, observed)
            if abs(observed / 200 - lo) > 1e-9 and abs(observed / 200 - hi) > 1e-9:
                assert inside == (ci[0] <= target <= ci[1]), (target, observed)
    # Over-dispersed: the same widened limits for the line, the position and the interval.
    point = AreaPoint(area=None, observed=150, stated=1000, share=0.2, expected=200.0)
    lo, hi = funnel_limits(200.0, 1.0, 0.95, phi=2.0)
    ci = ratio_interval(150, 200.0, 1.0, 2.0)
    assert (position(point, 1.0, 2.0) == "within") == (lo <= 0.75 <= hi) == (ci[0] <= 1 <= ci[1])


def test_funnel_points_agree_with_their_labels(two_areas, assessor):
    result = funnel(assessor, two_areas, "minority")
    for p in result.points:
        if p.expected <= 0:
            continue
        lo95, hi95 = result.limits(p.expected, 0.95)
        assert (p.position == "within") == (lo95 <= p.ratio <= hi95) or p.position.endswith("998")
        if p.position == "within":
            assert p.interval[0] <= result.target <= p.interval[1]
        else:
            assert not p.interval[0] <= result.target <= p.interval[1]


def test_national_family_controls_every_area_together(two_areas, assessor, area_a):
    from monitoring.national_figures import national_family

    family = national_family(assessor, two_areas)
    assert family.family.size == 38  # 2 areas × 19 groups against need
    assert "38 comparisons" in family.words and "every area together" in family.words
    for row in family.flagged:
        assert row.comparison.adjusted.high < 1 or row.comparison.adjusted.low > 1
    assert any(r.area == area_a and r.comparison.flag == "under" for r in family.flagged)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_assessor_downloads_every_areas_figures(client, assessor, two_areas, fmt):
    client.force_login(assessor)
    response = client.get("/figures/national/export/", {"format": fmt, "period": two_areas.code})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("Area code,Area,Period,Period code")
        # 2 areas × (19 + 6 + 5 groups) × 2 benchmarks.
        assert len([line for line in lines if line.startswith(("E2", "W1"))]) == 2 * 30 * 2
        assert "April 2026 to September 2026" in lines[1]


@pytest.mark.parametrize(
    ("actor", "status"),
    [("anonymous", 302), ("provider_a", 403), ("commissioner_a", 403), ("assessor", 200)],
)
def test_national_export_is_the_assessors(client, actors, actor, status, two_areas):
    if actors[actor]:
        client.force_login(actors[actor])
    response = client.get("/figures/national/export/", {"period": two_areas.code})
    assert response.status_code == status


def test_national_export_refuses_unknown_formats(client, assessor, two_areas):
    client.force_login(assessor)
    assert client.get("/figures/national/export/", {"format": "pdf"}).status_code == 404
    assert client.get("/figures/national/export/", {"period": "1999-00-H1"}).status_code == 404


def test_the_national_tables_are_their_downloads(client, assessor, two_areas):
    from tests.tables import assert_same_table

    client.force_login(assessor)
    html = client.get("/figures/national/", {"period": two_areas.code}).content.decode()
    funnel = client.get(
        "/figures/national/", {"period": two_areas.code, "download": "funnel", "format": "csv"}
    )
    assert funnel.status_code == 200
    assert assert_same_table(html, "funnel-table", funnel.content) == 43  # every area
    flags = client.get(
        "/figures/national/",
        {"period": two_areas.code, "download": "national-flags", "format": "csv"},
    )
    assert flags.status_code == 200
    assert assert_same_table(html, "national-flags-table", flags.content) >= 1
    areas = client.get(
        "/figures/national/", {"period": two_areas.code, "download": "areas", "format": "csv"}
    )
    assert assert_same_table(html, "areas-table", areas.content) == 43
    assert 'href="/figures/areas/' in html.split('id="areas-table"')[1].split("</table>")[0]
    assert (
        client.get("/figures/national/", {"period": two_areas.code, "download": "x"}).status_code
        == 404
    )


def test_kept_national_figures_follow_every_new_version(two_areas, assessor, area_a, provider_a):
    from monitoring.national import funnel
    from monitoring.national_figures import national_family

    first = funnel(assessor, two_areas)
    assert funnel(assessor, two_areas) is first  # kept: the same current versions
    family = national_family(assessor, two_areas)
    assert national_family(assessor, two_areas) is family
    before = next(p for p in first.points if p.area == area_a).observed
    make_return(  # a new version of area A's return: new figures at once
        provider=provider_a,
        area=area_a,
        period=two_areas,
        cells=[{"ethnicity": "13", "count": 2000}, {"ethnicity": "4", "count": 400}],
    )
    again = funnel(assessor, two_areas)
    assert again is not first
    assert next(p for p in again.points if p.area == area_a).observed == before + 380
    assert national_family(assessor, two_areas) is not family
