"""An area's public tables come from its own current returns, and nothing else."""

import pytest

import disclosure
from accounts.scope import AreaReader, scope_for
from returns.models import Return
from tests.factories import make_period, make_provider, make_return

pytestmark = pytest.mark.django_db


def total(tables, slug):
    table = next(t for t in tables if t.slug == slug)
    return table.rows[-1][-1]


def test_an_area_reader_sees_its_own_area_only(area_a, area_b, period):
    a = make_provider(name="Reader A", areas=[area_a])
    b = make_provider(name="Reader B", areas=[area_b])
    mine = make_return(
        provider=a, area=area_a, period=period, cells=[{"ethnicity": "13", "count": 40}]
    )
    make_return(provider=b, area=area_b, period=period, cells=[{"ethnicity": "13", "count": 90}])
    seen = scope_for(AreaReader(area_a.pk)).returns(Return.objects.all())
    assert list(seen) == [mine]
    assert not scope_for(AreaReader(area_a.pk)).everything


def test_public_tables_hold_the_areas_own_figures_controlled(area_a, area_b, period):
    a = make_provider(name="Figures A", areas=[area_a])
    b = make_provider(name="Figures B", areas=[area_b])
    cells = [
        {"ethnicity": "13", "outcome": "SUPPORTED_COMPLETED", "sex": "F", "count": 42},
        {"ethnicity": "3", "outcome": "SUPPORTED_COMPLETED", "sex": "M", "count": 4},
    ]
    make_return(provider=a, area=area_a, period=period, cells=cells)
    make_return(provider=b, area=area_b, period=period, cells=[{"ethnicity": "13", "count": 500}])
    tables = disclosure.public_tables(area_a, period)
    assert total(tables, "outcome") == 45  # 46 rounded to 5, area B's 500 left out
    asian = next(t for t in tables if t.slug == "sex").rows[0]
    assert asian[0] == "Asian" and asian[-1] == "[c]"
    # Six months: the sensitive breakdown needs twelve, and there is no earlier period.
    assert "crime-type" not in {t.slug for t in tables}


def test_the_sensitive_breakdown_covers_twelve_months(area_a, period):
    provider = make_provider(name="Twelve months", areas=[area_a])
    earlier = make_period(2025, "H2")
    make_return(
        provider=provider,
        area=area_a,
        period=earlier,
        cells=[{"ethnicity": "13", "crime_type": "HATE_RACE", "count": 30}],
    )
    make_return(
        provider=provider,
        area=area_a,
        period=period,
        cells=[{"ethnicity": "13", "crime_type": "HATE_RACE", "count": 25}],
    )
    tables = disclosure.public_tables(area_a, period)
    crime = next(t for t in tables if t.slug == "crime-type")
    assert "October 2025 to September 2026" in crime.title
    assert crime.rows[-1][-1] == 55
    assert total(tables, "outcome") == 25
