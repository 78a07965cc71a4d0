"""The area dashboard's table by local authority: each authority's referrals against its
own Census population, checked against an independent computation from the published
file, scoped to what each person may see, the same on the page as in the download."""

import csv
from pathlib import Path

import pytest
from scipy.stats import beta

from monitoring import groups
from monitoring.dashboard import build
from monitoring.data import Selection
from monitoring.tables import section_tables
from tests.factories import make_provider, make_return
from tests.tables import assert_same_table

pytestmark = pytest.mark.django_db

PUBLISHED = Path(__file__).resolve().parents[2] / "reference/data/published"
PLACES = [
    {"local_authority": "E08000025", "ethnicity": "13", "count": 400},  # Birmingham
    {"local_authority": "E08000025", "ethnicity": "3", "count": 90},  # Pakistani
    {"local_authority": "E08000025", "ethnicity": "7", "count": 2},  # Caribbean
    {"local_authority": "E08000025", "ethnicity": "NK", "count": 8},
    {"local_authority": "E08000031", "ethnicity": "13", "count": 150},  # Wolverhampton
    {"local_authority": "E08000031", "ethnicity": "5", "count": 1},  # Other Asian
]


@pytest.fixture
def placed_return(provider_a, area_a, period):
    cells = [
        {"ethnicity": "13", "count": 600},
        {"ethnicity": "3", "count": 90},
        {"ethnicity": "7", "count": 2},
        {"ethnicity": "5", "count": 1},
        {"ethnicity": "NK", "count": 8},
    ]
    return make_return(provider=provider_a, area=area_a, period=period, cells=cells, places=PLACES)


def _census(lad_code: str) -> dict[str, int]:
    """Group code → residents, read straight from the published Census file."""
    with open(PUBLISHED / "census2021_ethnicity_lad.csv", newline="") as f:
        return {
            r["ethnic_group_code"]: int(r["count"])
            for r in csv.DictReader(f)
            if r["lad_code"] == lad_code
        }


def test_each_authority_is_compared_with_its_own_population(
    commissioner_a, area_a, period, placed_return
):
    d = build(commissioner_a, Selection(area=area_a, period=period))
    places = d.places[groups.DETAILED]
    assert [p.authority.name for p in places.places] == ["Birmingham", "Wolverhampton"]
    assert places.recorded == 651
    for place in places.places:
        census = _census(place.authority.code)
        residents = sum(census.values())
        mine = [c for c in PLACES if c["local_authority"] == place.authority.code]
        stated = sum(c["count"] for c in mine if c["ethnicity"] not in ("NK", "PNS"))
        assert place.view.stated == stated
        for row in place.view.rows:
            code = row.group.key  # at 19 groups, the key is the group's code
            observed = sum(c["count"] for c in mine if c["ethnicity"] == code)
            share = census.get(code, 0) / residents
            comparison = row.comparisons["population"]
            assert row.count == observed
            assert comparison.benchmark_share == pytest.approx(share, rel=1e-12)
            if share == 0:
                assert not comparison.ratio.has_benchmark
                continue
            assert comparison.ratio.expected == pytest.approx(stated * share, rel=1e-12)
            assert comparison.ratio.ratio == pytest.approx(observed / stated / share, rel=1e-12)
            low = beta.ppf(0.025, observed, stated - observed + 1) if observed else 0.0
            high = beta.ppf(0.975, observed + 1, stated - observed) if observed < stated else 1.0
            assert comparison.ratio.low == pytest.approx(low / share, rel=1e-9, abs=1e-12)
            assert comparison.ratio.high == pytest.approx(high / share, rel=1e-9)
    # One family covers both authorities' groups, not one authority's 19.
    assert places.family.size > 19


def test_pooled_groups_add_up(commissioner_a, area_a, period, placed_return):
    d = build(commissioner_a, Selection(area=area_a, period=period))
    six = d.places[groups.SIX]
    birmingham = six.places[0].view
    asian = next(r for r in birmingham.rows if "Asian" in r.group.label)
    assert asian.count == 90
    assert birmingham.not_stated == 8


def test_the_page_table_is_the_download(client, commissioner_a, area_a, period, placed_return):
    client.force_login(commissioner_a)
    url = f"/figures/areas/{area_a.slug}/"
    html = client.get(url).content.decode()
    assert "By local authority" in html and "651 of 701 referrals say where" in html
    for level in (groups.SIX, groups.DETAILED):
        slug = f"local-authorities-{level}"
        download = client.get(url, {"download": slug, "format": "csv"})
        assert download.status_code == 200
        rows = assert_same_table(html, slug + "-table", download.content)
        assert rows == 2 * (19 if level == groups.DETAILED else 6)
    for fmt in ("xlsx", "ods"):
        assert (
            client.get(url, {"download": "local-authorities-6", "format": fmt}).status_code == 200
        )


def test_without_local_authorities_the_page_says_so(client, commissioner_a, area_a, area_a_return):
    client.force_login(commissioner_a)
    html = client.get(f"/figures/areas/{area_a.slug}/").content.decode()
    assert "None of the returns shown here records where victims live" in html
    d = build(commissioner_a, Selection(area=area_a, period=area_a_return.period))
    assert d.places == {} and "local-authorities-6" not in section_tables(d)


def test_a_crime_type_hides_the_table_and_says_why(client, commissioner_a, area_a, placed_return):
    from reference.models import CrimeType

    client.force_login(commissioner_a)
    crime = CrimeType.objects.get(code="NR")
    html = client.get(f"/figures/areas/{area_a.slug}/", {"crime_type": crime.code}).content.decode()
    assert "not shown for one crime type" in html


def test_each_role_sees_only_its_own(
    client, actors, provider_a_user, commissioner_b, area_a, period, placed_return
):
    other = make_provider(name="Other in A", areas=[area_a])
    make_return(
        provider=other,
        area=area_a,
        period=period,
        cells=[{"ethnicity": "13", "count": 300}],
        places=[{"local_authority": "E08000026", "ethnicity": "13", "count": 300}],  # Coventry
    )
    seen = {}
    for actor in ("commissioner_a", "assessor", "provider_a"):
        d = build(actors[actor], Selection(area=area_a, period=period))
        seen[actor] = [p.authority.name for p in d.places[groups.SIX].places]
    assert seen["commissioner_a"] == seen["assessor"] == ["Birmingham", "Coventry", "Wolverhampton"]
    assert seen["provider_a"] == ["Birmingham", "Wolverhampton"]  # not the other provider's
    client.force_login(commissioner_b)
    url = f"/figures/areas/{area_a.slug}/"
    assert client.get(url, {"download": "local-authorities-6"}).status_code == 404
    client.force_login(provider_a_user)
    download = client.get(url, {"download": "local-authorities-6", "format": "csv"})
    assert b"Coventry" not in download.content and b"Birmingham" in download.content
