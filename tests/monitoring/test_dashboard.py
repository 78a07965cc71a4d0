import re

import pytest

from monitoring import groups
from monitoring.dashboard import build
from monitoring.data import Selection
from monitoring.tables import section_tables
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


def test_too_few_to_tell_is_decided_by_what_was_expected(
    commissioner_a, area_a, period, area_a_return
):
    d = _build(commissioner_a, area_a, period)
    rows = {r.group.key: r for r in d.representation[groups.DETAILED].rows}
    # 3 Caribbean referrals where about 30 were expected: a real gap, flagged, not hidden.
    caribbean = rows["7"].comparisons["population"]
    assert caribbean.ratio.expected > 20 and caribbean.flag == "under"
    # Roma: well under 5 expected among 958 referrals, so the test cannot tell.
    roma = rows["16"].comparisons["population"]
    assert roma.ratio.expected < 5 and roma.verdict == "too_few"


def test_large_gaps_are_flagged_with_intervals_clear_of_one(
    commissioner_a, area_a, period, area_a_return
):
    d = _build(commissioner_a, area_a, period)
    rows = {r.group.key: r for r in d.representation[groups.FIVE].rows}
    # 800 of 958 White against about 70% of West Midlands residents.
    white = rows["WHITE"].comparisons["population"]
    assert white.ratio.low > 1 and white.flag == "over" and white.adjusted.low > 1
    # 3 Black referrals where about 77 were expected: flagged, with the adjusted interval
    # (wider than the 95% one) clear of 1 too.
    black = rows["BLACK"].comparisons["population"]
    assert black.flag == "under" and black.adjusted.high < 1
    assert black.adjusted.low <= black.ratio.low and black.adjusted.high >= black.ratio.high
    assert round(black.ratio.expected) == 77
    view = d.representation[groups.FIVE]
    assert view.family.size == 10 and "10 comparisons" in view.family_words


def test_no_finding_reads_no_evidence_beside_an_interval_clear_of_one(
    commissioner_a, area_a, period, area_a_return
):
    d = _build(commissioner_a, area_a, period)
    for view in d.representation.values():
        for row in view.rows:
            for c in row.comparisons.values():
                if c.verdict in ("no_evidence", "too_few"):
                    assert c.ratio.low <= 1 <= c.ratio.high
                if c.flag:
                    assert c.adjusted.high < 1 or c.adjusted.low > 1


def test_crime_type_filter_uses_the_population_benchmark_only(
    client, commissioner_a, area_a, period, area_a_return
):
    from reference.models import CrimeType

    crime = CrimeType.objects.get(code="NR")  # the fixture's cells record no crime type
    d = _build(commissioner_a, area_a, period, crime_type=crime)
    assert list(d.benchmarks) == ["population"]
    assert all(list(r.comparisons) == ["population"] for r in d.representation["19"].rows)
    client.force_login(commissioner_a)
    html = fetch(client, f"/figures/areas/{area_a.slug}/?crime_type={crime.code}").content.decode()
    assert "Only the population benchmark is shown for one crime type" in html
    assert "Against need" not in html


def test_twelve_months_add_two_periods_together(
    commissioner_a, provider_a, area_a, period, area_a_return
):
    from monitoring.data import previous_period
    from tests.factories import make_period, make_return

    earlier = previous_period(period) or make_period(2025, "H2")
    make_return(
        provider=provider_a, area=area_a, period=earlier, cells=[{"ethnicity": "7", "count": 40}]
    )
    d = _build(commissioner_a, area_a, period, months=12)
    assert d.selection.pooled and d.total == 1028 + 40
    assert d.selection.label == f"{earlier.start:%B %Y} to {period.end:%B %Y}"
    assert d.change is not None  # the latest period against the one before
    assert _build(commissioner_a, area_a, period).total == 1028


def test_key_findings_name_the_gap_in_referrals(commissioner_a, area_a, period, area_a_return):
    from monitoring.summary import key_findings

    d = _build(commissioner_a, area_a, period)
    sentences = key_findings(d)
    african = next(s for s in sentences if s.startswith("Black African victims"))
    assert "about 40 fewer referred than the population suggests" in african
    assert "about 45 fewer referred than need suggests (0 referred" in african
    assert any("Drop-out" in s or "police" in s or "since" in s for s in sentences)


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
    assert "Under-represented" in html and "Key findings" in html
    assert "<svg" in html and 'role="img"' in html
    # The page's representation table is the download's table, cell for cell.
    table = section_tables(_build(actors[actor], area_a, area_a_return.period))["representation-5"]
    for row in table.rows:
        assert f">{row[0]}</th>" in html
    # Periods in words, never codes (the form's option values are codes, not read).
    text = re.sub(r'value="[^"]*"', "", html.split("<main")[1])
    assert "2026-27" not in text and "H1" not in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_every_table_downloads(client, commissioner_a, area_a, area_a_return, fmt):
    client.force_login(commissioner_a)
    for section in [
        "representation-19",
        "representation-6",
        "representation-5",
        "outcomes",
        "pathways",
        "pathway-differences",
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
        row.comparisons["population"].verdict == "no_benchmark"
        and row.comparisons["population"].flag is None
    )
    table = section_tables(d)["representation-19"]
    cells = [r for r in table.rows if r[0] == row.group.label]
    assert cells and all(r[6] == "[z]" and r[11] == "No benchmark" for r in cells)
