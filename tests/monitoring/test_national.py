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


def test_funnel_limits_are_binomial_and_judge_each_area_on_its_own():
    from monitoring.national import AreaPoint, funnel_limits, position

    low, high = funnel_limits(1000, 0.2, 0.95)
    assert low < 1 < high and high - 1 == pytest.approx(1 - low, abs=0.02)
    # Wider for a small area, narrower for a large one.
    small, large = funnel_limits(100, 0.2, 0.95), funnel_limits(10_000, 0.2, 0.95)
    assert small[1] - small[0] > large[1] - large[0]
    in_line = AreaPoint(area=None, observed=200, stated=1000, share=0.2, expected=200.0)
    assert position(in_line, 1.0) == "within"
    far_below = AreaPoint(area=None, observed=120, stated=1000, share=0.2, expected=200.0)
    assert position(far_below, 1.0) == "below_998"
    assert funnel_limits(0, 0.2, 0.95) is None
