"""The demo services' directory entries: varied, realistic, and apart from the returns."""

import copy

import pytest

from demo.directory import GROUP_LANGUAGES, area_languages, plan_directory
from demo.need import load_areas
from demo.plan import demo_plan
from organisations.models import Provider
from public.forms import DirectoryFilterForm
from reference.models import Language, LocalAuthorityPopulation

pytestmark = pytest.mark.django_db

WEST_MIDLANDS, SOUTH_WALES, LEICESTERSHIRE = "E23000014", "W15000003", "E23000021"


def _la_population():
    found = {}
    for name, group, count in LocalAuthorityPopulation.objects.values_list(
        "local_authority__name", "group__code", "count"
    ):
        found.setdefault(name, {})[group] = count
    return found


def test_every_assumed_language_is_in_the_reference_list():
    codes = set(Language.objects.values_list("code", flat=True))
    assert {c for languages in GROUP_LANGUAGES.values() for c in languages} <= codes


def test_an_areas_languages_follow_its_largest_communities():
    areas = {a.code: a for a in load_areas()}
    west_midlands = area_languages(areas[WEST_MIDLANDS].population)
    assert set(west_midlands[:3]) == {"pa", "ur", "bn"}  # Pakistani, Indian, Bangladeshi
    assert set(area_languages(areas[LEICESTERSHIRE].population)[:2]) == {"pa", "gu"}
    assert "en" not in west_midlands and "cy" not in west_midlands
    # An area with few ethnic minority residents has few or none.
    smallest = min(areas.values(), key=lambda a: len(area_languages(a.population)))
    assert len(area_languages(smallest.population)) <= 3


def test_the_directory_is_the_same_for_a_seed_and_leaves_the_plan_alone():
    plan = demo_plan(size="small", seed=11)
    before = copy.deepcopy(plan.providers)
    first = plan_directory(plan.providers, plan.areas, _la_population(), plan.seed)
    again = plan_directory(plan.providers, plan.areas, _la_population(), plan.seed)
    assert first == again
    assert plan.providers == before  # what the generator reads is untouched
    assert len(first) == len(plan.providers)


def test_entries_are_varied_and_say_what_a_victim_needs(small_demo):
    listed = list(Provider.objects.listed().prefetch_related("areas", "local_authorities"))
    assert all(p.how_to_get_in_touch and p.what_happens_next and p.opening_hours for p in listed)
    assert len({p.what_happens_next for p in listed}) >= 0.6 * len(listed)
    assert len({p.opening_hours for p in listed}) >= 5
    assert {p.interpreters for p in listed} >= {"in_house", "on_request"}
    for provider in listed:
        areas = set(provider.areas.all())
        assert all(la.area in areas for la in provider.local_authorities.all()), provider.name
        assert provider.phone in provider.how_to_get_in_touch
        if not provider.accepts_self_referral:
            assert "You need to be referred" in provider.how_to_get_in_touch
    # By-and-for services name the places their communities live, and write their own
    # confidentiality statement; a police-run service says plainly that it is one.
    by_and_for = [p for p in listed if p.is_by_and_for]
    assert any(p.local_authorities.exists() for p in by_and_for)
    assert all("run by and for our communities" in p.confidentiality_text for p in by_and_for)
    for provider in listed:
        if provider.police_relationship == "in_sourced":
            assert provider.confidentiality_text.startswith("We are part of the police")
    assert any(not p.confidentiality_statement for p in listed)  # others keep the default


def test_the_main_services_speak_the_areas_languages(small_demo):
    core = Provider.objects.get(areas__code=WEST_MIDLANDS, name__contains="Victim Care")
    assert {"pa", "ur"} <= set(core.languages.values_list("code", flat=True))
    form = DirectoryFilterForm({"area": "west-midlands", "language": "ur"})
    assert form.is_valid(), form.errors
    found = form.filter(Provider.objects.listed())
    kinds = set(found.values_list("kind", flat=True))
    assert kinds == {"by_and_for", "mainstream"}


def test_a_local_authority_finds_whole_area_services_and_those_that_name_it(small_demo):
    named = Provider.objects.filter(local_authorities__name="Leicester").first()
    assert named is not None
    form = DirectoryFilterForm({"local_authority": "Leicester"})
    assert form.is_valid(), form.errors
    found = set(form.filter(Provider.objects.listed()))
    assert named in found
    assert any(not p.local_authorities.exists() for p in found)  # the whole-area services
    elsewhere = Provider.objects.filter(
        areas__code=LEICESTERSHIRE, local_authorities__isnull=False
    ).exclude(local_authorities__name="Leicester")
    assert not found & set(elsewhere)
