"""Workforce, engagement, outreach and awareness: recorded through the pages, compared
with the population by the dashboard's statistics, and shown beside the standards."""

import datetime
from collections import Counter

import pytest

import stats
from assurance import services
from assurance.figures import figures_for
from assurance.models import (
    AwarenessIndicator,
    EngagementActivity,
    OutreachActivity,
    WorkforceReturn,
)
from assurance.workforce import BENCHMARK_NOTE, area_workforce, group_lookup
from monitoring import groups
from monitoring.benchmarks import POPULATION, population_benchmark
from monitoring.representation import representation_view
from reference.models import EthnicGroup, Language
from tests.assurance.conftest import all_assurance_rows
from tests.pages import fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(db):
    return dict(EthnicGroup.objects.values_list("code", "pk"))


def test_workforce_statistics_are_the_dashboards(area_a, period, commissioner_a, codes):
    counts = {
        (codes["13"], "senior"): 30,
        (codes["13"], "other"): 120,
        (codes["4"], "other"): 25,
        (codes["6"], "senior"): 2,
        (codes["PNS"], "other"): 4,
    }
    services.workforce_record(area=area_a, period=period, counts=counts, by=commissioner_a)
    office = area_workforce(commissioner_a, area_a, period).organisations[0]
    assert (office.name, office.total, office.senior, office.not_stated) == (
        "Commissioner's office",
        181,
        32,
        4,
    )
    # The same computation as the area dashboard's representation view.
    everyone = Counter({codes["13"]: 150, codes["4"]: 25, codes["6"]: 2, codes["PNS"]: 4})
    expected = representation_view(
        everyone, group_lookup(), groups.SIX, {POPULATION: population_benchmark(area_a)}
    )
    got = office.view("all", groups.SIX).view
    assert [(r.group.key, r.count, r.comparisons[POPULATION].ratio) for r in got.rows] == [
        (r.group.key, r.count, r.comparisons[POPULATION].ratio) for r in expected.rows
    ]
    # 5 and 6 groups, all staff and senior staff separately.
    assert {(v.staff_key, v.level) for v in office.views} == {
        ("all", "5"),
        ("all", "6"),
        ("senior", "5"),
        ("senior", "6"),
    }
    senior = {r.group.key: r for r in office.view("senior", groups.FIVE).view.rows}
    assert senior["ASIAN"].count == 0
    assert (
        senior["ASIAN"].comparisons[POPULATION].verdict == stats.UNDER
    )  # 0 of 32 where ~7 expected
    white_other = {r.group.key: r for r in got.rows}["White other"]
    assert white_other.comparisons[POPULATION].verdict == stats.UNDER


def test_the_population_benchmark_is_all_ages_and_the_page_says_so(
    client, area_a, period, commissioner_a, codes
):
    services.workforce_record(
        area=area_a, period=period, counts={(codes["13"], "other"): 3}, by=commissioner_a
    )
    client.force_login(commissioner_a)
    page = fetch(
        client, f"/standards/areas/{area_a.slug}/workforce/?period={period.code}"
    ).content.decode()
    assert "working-age population (16 to 64)" in page and "all ages" in page
    assert "Too few to tell" in page
    assert "working-age" in BENCHMARK_NOTE


def test_providers_together_and_missing_returns(
    area_a, period, provider_a, commissioner_a, provider_a_user, codes
):
    from tests.factories import make_provider

    other = make_provider(name="Second service", areas=[area_a])
    services.workforce_record(
        area=area_a,
        period=period,
        provider=provider_a,
        counts={(codes["13"], "other"): 8},
        by=provider_a_user,
    )
    services.workforce_record(
        area=area_a,
        period=period,
        provider=other,
        counts={(codes["7"], "other"): 4},
        by=commissioner_a,
    )
    workforce = area_workforce(commissioner_a, area_a, period)
    assert [o.name for o in workforce.organisations] == [
        "Area A Victim Care",
        "Second service",
        "All commissioned providers together",
    ]
    assert workforce.organisations[-1].total == 12
    assert workforce.missing == ["Commissioner's office"]
    # The provider sees its own figures only, and is not told about others.
    own = area_workforce(provider_a_user, area_a, period)
    assert [o.name for o in own.organisations] == ["Area A Victim Care"] and own.missing == []


def test_workforce_through_the_page_replaces_the_figures(
    client, area_a, period, provider_a, provider_a_user, codes
):
    client.force_login(provider_a_user)
    url = f"/standards/areas/{area_a.slug}/workforce/{period.code}/{provider_a.slug}/"
    fetch(client, url)
    response = client.post(url, {f"n_{codes['13']}_senior": "-1"})
    assert response.status_code == 400 and not WorkforceReturn.objects.exists()
    client.post(
        url, {f"n_{codes['13']}_senior": "3", f"n_{codes['4']}_other": "5", "notes": "March"}
    )
    client.post(url, {f"n_{codes['4']}_other": "6"})
    record = WorkforceReturn.objects.get()
    assert record.provider == provider_a
    assert list(record.counts.values_list("group__code", "seniority", "count")) == [
        ("4", "other", 6)
    ]


def test_engagement_outreach_and_awareness_through_the_pages(
    client, area_a, period, commissioner_a, provider_a
):
    base = f"/standards/areas/{area_a.slug}/"
    client.force_login(commissioner_a)
    fetch(client, base + "engagement/new/")
    response = client.post(base + "engagement/new/", {"title": "Diversity panel"})
    assert response.status_code == 400 and not EngagementActivity.objects.exists()
    client.post(
        base + "engagement/new/",
        {
            "kind": "panel",
            "title": "Diversity panel",
            "held_on": "14/5/2026",
            "face_to_face": "on",
            "communities": "Somali, Roma and Bangladeshi women",
            "organisations": "Two by-and-for refuges",
            "by_and_for_involved": "on",
            "what_was_said": "Police-branded leaflets put people off.",
            "what_changed": "New leaflets without police branding.",
        },
    )
    activity = EngagementActivity.objects.get()
    assert activity.period == period and activity.by_and_for_involved
    fetch(client, base + f"engagement/{activity.pk}/")
    page = fetch(client, base + f"engagement/?period={period.code}").content.decode()
    assert "Police-branded leaflets" in page

    polish, urdu = Language.objects.get(code="pl"), Language.objects.get(code="ur")
    fetch(client, base + "outreach/new/")
    client.post(
        base + "outreach/new/",
        {
            "held_on": "2026-06-01",
            "channel": "faith_setting",
            "provider": provider_a.pk,
            "description": "Talk after Friday prayers",
            "communities": "Pakistani and Kashmiri families",
            "languages_reached": [urdu.pk],
            "materials_languages": [urdu.pk, polish.pk],
            "people_reached": "80",
            "message_independent": "on",
            "message_free": "on",
        },
    )
    outreach = OutreachActivity.objects.get()
    assert outreach.provider == provider_a and outreach.people_reached == 80
    assert set(outreach.materials_languages.values_list("code", flat=True)) == {"pl", "ur"}
    assert (
        "Talk after Friday prayers"
        in fetch(client, base + f"outreach/?period={period.code}").content.decode()
    )

    fetch(client, base + "awareness/new/")
    response = client.post(
        base + "awareness/new/",
        {"period": period.code, "measure": "Aware", "value_percent": "140", "source": "Survey"},
    )
    assert response.status_code == 400
    client.post(
        base + "awareness/new/",
        {
            "period": period.code,
            "measure": "Aware of victims' services",
            "group": EthnicGroup.objects.get(code="BLACK").pk,
            "value_percent": "31.5",
            "base": "8",
            "source": "Police and crime survey 2026",
        },
    )
    indicator = AwarenessIndicator.objects.get()
    assert "[low]" in fetch(client, base + f"awareness/?period={period.code}").content.decode()

    cards = figures_for(commissioner_a, area_a, period, ["engagement", "outreach", "awareness"])
    assert ["With by-and-for organisations", "1"] in cards["engagement"]["rows"]
    assert ["Languages reached", "Urdu"] in cards["outreach"]["rows"]
    assert cards["awareness"]["lists"][0]["items"] == [
        "Aware of victims' services, Black, Black British, Black Welsh, Caribbean or African: 31.5% of 8 [low] (source: Police and crime survey 2026)"
    ]
    client.post(base + f"awareness/{indicator.pk}/remove/")
    assert not AwarenessIndicator.objects.exists()


def test_a_provider_logs_its_own_outreach_only(
    client, area_a, provider_a, provider_a_user, commissioner_a
):
    from tests.factories import make_provider

    other = make_provider(name="Other service", areas=[area_a])
    before = all_assurance_rows()
    with pytest.raises(services.NotPermitted):
        services.outreach_record(
            area=area_a,
            by=provider_a_user,
            provider=other,
            held_on=datetime.date(2026, 5, 1),
            channel="social_media",
            description="x",
            communities="y",
        )
    with pytest.raises(services.NotPermitted):
        services.outreach_record(
            area=area_a,
            by=provider_a_user,
            provider=None,
            held_on=datetime.date(2026, 5, 1),
            channel="social_media",
            description="x",
            communities="y",
        )
    assert all_assurance_rows() == before
    client.force_login(provider_a_user)
    page = fetch(client, f"/standards/areas/{area_a.slug}/outreach/new/").content.decode()
    assert "Other service" not in page and "commissioner&#x27;s office" not in page.lower()


def test_cards_for_qs1_to_qs3(area_a, period, area_a_return, commissioner_a):
    cards = figures_for(commissioner_a, area_a, period)
    rep = cards["representation"]
    assert ["Ethnicity recorded", "96.8% (902 of 932)"] in rep["rows"]
    under_pop_5 = rep["lists"][0]
    assert under_pop_5["title"] == "Under-represented against the population, 5 groups"
    assert any(item.startswith("Black: ratio") for item in under_pop_5["items"])
    assert any("dropped out" in item for item in cards["outcomes"]["lists"][0]["items"])
    routes = cards["pathways"]["lists"][0]["items"]
    assert "Asian: 100.0% other than through the police, 100.0% self-referred (of 90)" in routes
