import pytest

from monitoring import groups
from monitoring.dashboard import build
from monitoring.data import Selection
from tests.pages import fetch

pytestmark = pytest.mark.django_db


def _build(user, area, period, **kw):
    return build(user, Selection(area=area, period=period, **kw))


def test_coverage_counts_not_stated_and_high_level_only(
    commissioner_a, area_a, period, area_a_return
):
    d = _build(commissioner_a, area_a, period)
    assert d.total == 1028
    assert d.stated == 1028 - 70
    assert d.representation[groups.DETAILED].unplaced == 5  # "Asian" only


def test_small_group_is_never_flagged(commissioner_a, area_a, period, area_a_return):
    d = _build(commissioner_a, area_a, period)
    caribbean = next(r for r in d.representation[groups.DETAILED].rows if r.group.key == "7")
    assert caribbean.count == 3
    for comparison in caribbean.comparisons.values():
        assert comparison.verdict == "too_few"
        assert comparison.flag is None


def test_large_gaps_are_flagged_with_intervals_clear_of_one(
    commissioner_a, area_a, period, area_a_return
):
    d = _build(commissioner_a, area_a, period)
    rows = {r.group.key: r for r in d.representation[groups.FIVE].rows}
    # 800 of 958 White against about 70% of West Midlands residents.
    white = rows["WHITE"].comparisons["population"]
    assert white.ratio.low > 1 and white.flag == "over"
    # 3 Black referrals where about 77 were expected: a real gap, but 3 is too few to
    # publish or flag (ONS 10-5 rule); the page shows the expected count instead.
    black = rows["BLACK"].comparisons["population"]
    assert black.ratio.high < 1 and black.flag is None and black.verdict == "too_few"
    assert round(black.ratio.expected) == 77


def test_outcome_rates_are_over_the_previous_stage(commissioner_a, area_a, period, area_a_return):
    d = build(commissioner_a, Selection(area=area_a, period=period), level=groups.DETAILED)
    white_british = next(g for g in d.outcomes if g.group.key == "13")
    attrition = white_british.rates["attrition"]
    assert (attrition.numerator, attrition.denominator) == (100, 800)
    satisfied = white_british.rates["satisfied"]
    assert (satisfied.numerator, satisfied.denominator) == (500, 550)
    pakistani = next(g for g in d.outcomes if g.group.key == "4")
    assert pakistani.rates["satisfied"].flag == "lower"


def test_commissioner_b_sees_nothing_of_area_a(client, commissioner_b, area_a, area_a_return):
    client.force_login(commissioner_b)
    assert client.get(f"/figures/areas/{area_a.slug}/").status_code == 404


def test_provider_sees_its_own_figures_only(
    provider_a_user, provider_a, area_a, period, area_a_return
):
    from tests.factories import make_provider, make_return

    other = make_provider(name="Other in A", areas=[area_a])
    make_return(
        provider=other, area=area_a, period=period, cells=[{"ethnicity": "13", "count": 5000}]
    )
    d = _build(provider_a_user, area_a, period)
    assert d.total == 1028  # the other provider's 5,000 are not included


@pytest.mark.parametrize("actor", ["commissioner_a", "assessor", "provider_a"])
def test_dashboard_page_renders(client, actors, actor, area_a, area_a_return):
    client.force_login(actors[actor])
    html = fetch(
        client, f"/figures/areas/{area_a.slug}/", title_contains=area_a.name
    ).content.decode()
    assert "have a stated ethnic group" in html
    assert "Under-represented" in html
    assert "<svg" in html and 'role="img"' in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_every_table_downloads(client, commissioner_a, area_a, area_a_return, fmt):
    client.force_login(commissioner_a)
    for section in [
        "representation-19",
        "representation-6",
        "representation-5",
        "outcomes",
        "pathways",
        "sex",
        "age-band",
        "crime-type",
        "disability",
        "trends",
    ]:
        response = client.get(
            f"/figures/areas/{area_a.slug}/", {"download": section, "format": fmt}
        )
        assert response.status_code == 200, section
        assert response["Content-Disposition"].endswith(f'.{fmt}"')


def test_unknown_download_is_404(client, commissioner_a, area_a, area_a_return):
    client.force_login(commissioner_a)
    assert client.get(f"/figures/areas/{area_a.slug}/", {"download": "nope"}).status_code == 404


def test_bad_filter_says_what_is_wrong(client, commissioner_a, area_a, area_a_return):
    client.force_login(commissioner_a)
    response = client.get(f"/figures/areas/{area_a.slug}/", {"period": "1999-00-H1"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_group_absent_from_the_census_area_has_no_ratio(db, assessor):
    """City of London has no Roma residents at the Census: no benchmark, no test, no crash."""
    from reference.models import Area, AreaPopulation
    from tests.factories import make_period, make_provider, make_return

    city = Area.objects.get(code="E23000034")
    assert AreaPopulation.objects.filter(area=city, count=0).exists()
    provider = make_provider(name="City service", areas=[city])
    period = make_period(2026, "H1")
    zero = AreaPopulation.objects.filter(area=city, count=0).first().group.code
    make_return(
        provider=provider,
        area=city,
        period=period,
        cells=[{"ethnicity": "13", "count": 30}, {"ethnicity": zero, "count": 2}],
    )
    d = build(assessor, Selection(area=city, period=period), level=groups.DETAILED)
    row = next(r for r in d.representation[groups.DETAILED].rows if r.group.key == zero)
    assert row.comparisons["population"].ratio.ratio is None
    assert (
        row.comparisons["population"].verdict == "too_few"
        and row.comparisons["population"].flag is None
    )
