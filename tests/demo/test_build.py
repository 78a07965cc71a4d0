"""The small demo data set: structure, totals, sign-ins and --if-empty."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from accounts.models import Membership, User
from demo.users import DEMO_PASSWORD
from organisations.models import Provider
from reference.models import Area
from returns.models import CubeCell, Return, ReturnVersion


def test_four_areas_with_three_to_fifteen_providers_each(small_demo):
    areas = Area.objects.filter(providers__isnull=False).distinct()
    assert areas.count() == 4
    assert areas.filter(country="Wales").exists()
    for area in areas.annotate(n=Count("providers")):
        assert 3 <= area.n <= 15, area.name
    assert Provider.objects.annotate(n=Count("areas")).filter(n__gt=1).exists()  # national charity
    assert Provider.objects.filter(kind="by_and_for").count() >= 4


def test_provider_offer_is_filled_with_fictional_contacts(small_demo):
    for provider in Provider.objects.prefetch_related("languages", "crime_types", "areas"):
        assert provider.phone.startswith("01632 960"), provider.phone  # Ofcom drama range
        assert provider.email.endswith(".example.org") and provider.website.startswith("https://")
        codes = {language.code for language in provider.languages.all()}
        assert "en" in codes
        if any(area.country == "Wales" for area in provider.areas.all()):
            assert "cy" in codes, provider.name
        assert provider.crime_types.exists() and provider.age_bands.exists()
    by_and_for = Provider.objects.filter(kind="by_and_for").prefetch_related("languages")
    assert all(p.languages.count() > 1 for p in by_and_for)


def test_totals_agree_everywhere(small_demo):
    manifest, _ = small_demo
    current = ReturnVersion.objects.filter(status="current")
    assert current.aggregate(n=Sum("total_referrals"))["n"] == manifest["referrals"]
    cells = CubeCell.objects.filter(version__status="current").aggregate(n=Sum("count"))["n"]
    assert cells == manifest["referrals"]
    assert 3_500 < manifest["referrals"] < 6_500
    assert set(current.values_list("channel", flat=True)) == {"demo"}
    assert current.filter(submitted_at__date__lte="2024-04-13").count() == 0  # after period end


def test_latest_period_has_late_returns(small_demo):
    manifest, _ = small_demo
    late = Return.objects.filter(current_version__isnull=True)
    assert late.count() == len(manifest["late_returns"]) >= 1
    assert set(late.values_list("period__code", flat=True)) == {manifest["periods"][-1]}
    assert (
        sorted(manifest["periods"])[0] == manifest["periods"][0] and len(manifest["periods"]) == 6
    )


def test_demo_users_for_every_role(small_demo):
    assessor = User.objects.get(username="assessor@reach.example")
    assert assessor.check_password(DEMO_PASSWORD)
    assert Membership.objects.filter(role="commissioner").count() == 4
    assert User.objects.filter(username="commissioner.south-wales@reach.example").exists()
    assert Membership.objects.filter(role="provider").count() == Provider.objects.count()
    assert not User.objects.filter(full_name="").exists()


def test_if_empty_is_a_quick_no_op_when_data_exists(small_demo):
    providers, versions = Provider.objects.count(), ReturnVersion.objects.count()
    started = time.perf_counter()
    call_command("load_demo", "--if-empty", verbosity=0)
    assert time.perf_counter() - started < 1.0
    assert (Provider.objects.count(), ReturnVersion.objects.count()) == (providers, versions)
    with pytest.raises(CommandError, match="already has providers"):
        call_command("load_demo", "--size", "small", verbosity=0)


def test_demo_signins_names_each_role(small_demo, capsys):
    call_command("demo_signins")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/account/sign-in/" in out
    assert DEMO_PASSWORD in out
    assert "assessor@reach.example" in out
    assert "commissioner.south-wales@reach.example" in out  # a Welsh area
    assert out.count("Commissioner") >= 2 and out.count("Provider") >= 2
    for line in out.splitlines():
        if "@reach.example" in line:
            assert User.objects.filter(username=line.split()[1]).exists(), line
