"""The web form's optional page of where the victims live: local authorities chosen,
counts by ethnic group checked against the return, kept in the draft, shown at "check
your answers" and stored as the version's local-authority cells."""

import pytest

from returns.models import LocalAuthorityCell, Return, WebFormDraft
from returns.web_form import placed_rows
from tests.pages import fetch

pytestmark = pytest.mark.django_db

BIRMINGHAM, COVENTRY, CARDIFF = "E08000025", "E08000026", "W06000015"


def _url(provider, area, period, rest=""):
    return f"/returns/{provider.slug}/{area.slug}/{period.code}/form/{rest}"


def _return(client, provider, area, period):
    """A draft with 5 referrals of group 7 and 4 of group 13 (domestic abuse)."""
    client.post(_url(provider, area, period, "crime-types/"), {"crime_types": ["DOMESTIC_ABUSE"]})
    assert (
        client.post(
            _url(provider, area, period, "DOMESTIC_ABUSE/"),
            {"g7__referrals": "5", "g7__SUPPORTED_COMPLETED": "2", "g13__referrals": "4"},
        ).status_code
        == 302
    )


def test_placed_rows_split_a_group_over_its_authorities_and_keep_the_cells():
    rows = [
        {"crime_type": "DA", "ethnicity": "7", "outcome": "OPEN", "count": 2},
        {"crime_type": "DA", "ethnicity": "7", "outcome": "NK", "count": 3},
        {"crime_type": "DA", "ethnicity": "13", "outcome": "NK", "count": 4},
    ]
    out = placed_rows(rows, {"B": {"7": 3}, "C": {"7": 1, "13": 4}})
    by = {}
    for row in out:
        key = (row.get("local_authority"), row["ethnicity"])
        by[key] = by.get(key, 0) + row["count"]
    assert by == {("B", "7"): 3, ("C", "7"): 1, (None, "7"): 1, ("C", "13"): 4}
    cells = {}
    for row in out:
        key = (row["ethnicity"], row["outcome"])
        cells[key] = cells.get(key, 0) + row["count"]
    assert cells == {("7", "OPEN"): 2, ("7", "NK"): 3, ("13", "NK"): 4}
    with pytest.raises(ValueError):
        placed_rows(rows, {"B": {"13": 5}})


def test_the_counts_form_names_the_group_and_by_how_much():
    from returns.web_form import PlaceCountsForm, ethnic_groups

    groups = ethnic_groups()
    form = PlaceCountsForm(
        {"g7__referrals": "4", "g13__referrals": "1", "g1__referrals": "2"},
        place="Birmingham",
        groups=groups,
        referrals={"7": 5, "13": 1},
        placed_elsewhere={"7": 3, "1": 9},
    )
    assert not form.is_valid()
    label = next(g.display_name or g.short_label for g in groups if g.code == "7")
    assert form.errors["g7__referrals"] == [
        f"{label}: the local authorities add up to 7 referrals, 2 more than the 5 {label} "
        "referrals in your return. Lower the local authority counts, or add the referrals "
        "on the crime type pages."
    ]
    assert "g13__referrals" not in form.errors  # 1 of 1 is not too many
    assert "but your return has no" in form.errors["g1__referrals"][0]  # none in the return
    fine = PlaceCountsForm(
        {"g7__referrals": "2"},
        place="Birmingham",
        groups=groups,
        referrals={"7": 5},
        placed_elsewhere={"7": 3},
    )
    assert fine.is_valid() and fine.counts() == {"7": 2}


def test_places_are_chosen_counted_kept_and_stored_as_typed(
    client, provider_a_user, provider_a, area_a, period
):
    client.force_login(provider_a_user)
    _return(client, provider_a, area_a, period)
    tasks = fetch(client, _url(provider_a, area_a, period), title_contains="Enter a return")
    assert (
        "Where the victims live" in tasks.content.decode() and "Optional" in tasks.content.decode()
    )
    choose = _url(provider_a, area_a, period, "places/")
    html = fetch(client, choose, title_contains="Where the victims live").content.decode()
    assert "Birmingham" in html and "Coventry" in html and "Cardiff" not in html
    # Nothing chosen, both, or one outside the area: each refused with what to do.
    assert "Choose at least one local authority" in client.post(choose, {}).content.decode()
    both = client.post(choose, {"local_authorities": [BIRMINGHAM], "not_recorded": "on"})
    assert both.status_code == 400 and "not both" in both.content.decode()
    assert client.post(choose, {"local_authorities": [CARDIFF]}).status_code == 400
    response = client.post(choose, {"local_authorities": [BIRMINGHAM, COVENTRY]})
    assert response.status_code == 302 and response.url.endswith(f"places/{BIRMINGHAM}/")
    birmingham = response.url
    page = fetch(client, birmingham, title_contains="Birmingham").content.decode()
    assert "local authority 1 of 2" in page
    # Whole numbers, not negative, and no more than the group has in the return.
    assert "cannot be negative" in client.post(birmingham, {"g7__referrals": "-1"}).content.decode()
    assert "whole number" in client.post(birmingham, {"g7__referrals": "two"}).content.decode()
    over = client.post(birmingham, {"g7__referrals": "6"})
    assert over.status_code == 400
    assert "the local authorities add up to 6 referrals, 1 more than the 5" in over.content.decode()
    response = client.post(birmingham, {"g7__referrals": "3", "g13__referrals": "4"})
    assert response.status_code == 302 and response.url.endswith(f"places/{COVENTRY}/")
    # Coventry's counts are checked with Birmingham's: 3 + 3 is more than 5.
    over = client.post(response.url, {"g7__referrals": "3"})
    assert "add up to 6 referrals, 1 more than the 5" in over.content.decode()
    response = client.post(response.url, {"g7__referrals": "1"})
    assert response.status_code == 302 and response.url.endswith("/form/")
    # The draft keeps them: the next visit finds the page as it was saved.
    draft = WebFormDraft.objects.get()
    assert draft.places["counts"] == {BIRMINGHAM: {"7": 3, "13": 4}, COVENTRY: {"7": 1}}
    again = fetch(client, birmingham).content.decode()
    assert (
        'name="g7__referrals" type="text" inputmode="numeric" pattern="[0-9]*" value="3"' in again
    )
    assert (
        "8 referrals in 2 local authorities"
        in fetch(client, _url(provider_a, area_a, period)).content.decode()
    )
    check = client.post(_url(provider_a, area_a, period, "check/"))
    html = fetch(client, check.url, title_contains="Check your answers").content.decode()
    assert "8 of the 9 referrals say which local authority the victim lives in" in html
    assert f'href="{birmingham}"' in html and "7 referrals" in html
    assert client.post(check.url, {"send": "1"}).status_code == 302
    version = Return.objects.get().current_version
    cells = {
        (c.local_authority.code, c.ethnicity.code): c.count
        for c in LocalAuthorityCell.objects.filter(version=version).select_related(
            "local_authority", "ethnicity"
        )
    }
    assert cells == {(BIRMINGHAM, "7"): 3, (BIRMINGHAM, "13"): 4, (COVENTRY, "7"): 1}
    assert version.total_referrals == 9


def test_not_recorded_is_an_answer_and_stores_no_places(
    client, provider_a_user, provider_a, area_a, period
):
    client.force_login(provider_a_user)
    _return(client, provider_a, area_a, period)
    response = client.post(_url(provider_a, area_a, period, "places/"), {"not_recorded": "on"})
    assert response.status_code == 302 and response.url.endswith("/form/")
    assert "Not recorded" in fetch(client, response.url).content.decode()
    check = client.post(_url(provider_a, area_a, period, "check/"))
    assert "0 of the 9 referrals say" in fetch(client, check.url).content.decode()
    client.post(check.url, {"send": "1"})
    assert not LocalAuthorityCell.objects.exists()


def test_a_crime_page_lowered_after_the_places_refuses_the_check(
    client, provider_a_user, provider_a, area_a, period
):
    client.force_login(provider_a_user)
    _return(client, provider_a, area_a, period)
    client.post(_url(provider_a, area_a, period, "places/"), {"local_authorities": [BIRMINGHAM]})
    client.post(_url(provider_a, area_a, period, f"places/{BIRMINGHAM}/"), {"g7__referrals": "5"})
    client.post(_url(provider_a, area_a, period, "DOMESTIC_ABUSE/"), {"g7__referrals": "2"})
    response = client.post(_url(provider_a, area_a, period, "check/"), follow=True)
    html = response.content.decode()
    assert "add up to 5 referrals, 3 more than the 2" in html
    assert not Return.objects.exists()


def test_the_draft_starts_from_the_places_of_the_version_that_counts(
    client, provider_a_user, provider_a, area_a, period
):
    from tests.factories import make_return

    make_return(
        provider=provider_a,
        area=area_a,
        period=period,
        cells=[{"ethnicity": "7", "crime_type": "DOMESTIC_ABUSE", "outcome": "OPEN", "count": 6}],
        places=[{"local_authority": COVENTRY, "ethnicity": "7", "count": 2}],
    )
    client.force_login(provider_a_user)
    tasks = fetch(client, _url(provider_a, area_a, period)).content.decode()
    assert "2 referrals in 1 local authority" in tasks
    page = fetch(client, _url(provider_a, area_a, period, f"places/{COVENTRY}/")).content.decode()
    assert 'value="2"' in page and "figures of the version that counts now" in page


@pytest.mark.parametrize(
    "actor, status",
    [
        ("anonymous", 302),
        ("provider_a_user", 200),
        ("provider_b_user", 404),
        ("commissioner_a", 403),
        ("commissioner_b", 403),
        ("assessor", 403),
    ],
)
def test_only_the_areas_provider_sees_and_sends_the_page(
    request, client, actor, status, provider_a, area_a, period
):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    choose = _url(provider_a, area_a, period, "places/")
    assert client.get(choose).status_code == status
    posted = client.post(choose, {"local_authorities": [BIRMINGHAM]})
    assert posted.status_code == (302 if status in (200, 302) else status)
    assert WebFormDraft.objects.filter(places__chosen=[BIRMINGHAM]).exists() == (
        actor == "provider_a_user"
    )
    counts = client.get(_url(provider_a, area_a, period, f"places/{BIRMINGHAM}/"))
    assert counts.status_code == status
